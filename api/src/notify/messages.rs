//! The texts of alerts, in English and Urdu. Each names the case number,
//! the child's first name and age, the last-seen district and a link, and
//! holds nothing more personal than that.

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Karachi;
use entities::{CaseKind, DeadlineKind, Language, Level};

/// What every alert about a case says of it.
pub struct CaseFacts<'a> {
    pub case_number: &'a str,
    pub child_name: &'a str,
    pub age_years: i32,
    pub kind: CaseKind,
    pub district: &'a str,
    pub district_ur: &'a str,
    pub last_seen_at: DateTime<Utc>,
    pub link: String,
}

impl CaseFacts<'_> {
    /// The first word of the name: enough to recognise, little to expose.
    fn first_name(&self) -> &str {
        self.child_name.split_whitespace().next().unwrap_or("")
    }

    fn seen(&self) -> String {
        self.last_seen_at
            .with_timezone(&Karachi)
            .format("%d %b %H:%M")
            .to_string()
    }
}

/// An in-app notification and the SMS that goes with it.
pub struct Message {
    pub title: String,
    pub body: String,
}

/// To the police of the district and region, when a case is filed.
pub fn case_filed(facts: &CaseFacts<'_>, language: Language, ack_minutes: i32) -> Message {
    let (number, name, age) = (facts.case_number, facts.first_name(), facts.age_years);
    let whole_hours = ack_minutes.rem_euclid(60) == 0;
    match language {
        Language::English => {
            let what = match facts.kind {
                CaseKind::MissingChild => "missing",
                CaseKind::Abduction => "abducted",
                CaseKind::ChildAbuse => "abuse reported",
            };
            Message {
                title: format!("New case {number}: {name}, {age}, {}", facts.district),
                body: format!(
                    "ZAINAB ALERT {number}: {name}, {age}, {what}, last seen in {} at {} PKT. Acknowledge within {}: {}",
                    facts.district,
                    facts.seen(),
                    if whole_hours {
                        format!("{}h", ack_minutes / 60)
                    } else {
                        format!("{ack_minutes} min")
                    },
                    facts.link
                ),
            }
        }
        Language::Urdu => {
            let what = match facts.kind {
                CaseKind::MissingChild => "لاپتہ",
                CaseKind::Abduction => "اغوا",
                CaseKind::ChildAbuse => "زیادتی کی اطلاع",
            };
            Message {
                title: format!("نیا کیس {number}: {name}، {age} سال، {}", facts.district_ur),
                body: format!(
                    "زینب الرٹ {number}: {name}، عمر {age} سال، {what}، آخری بار {} میں {} بجے دیکھا گیا۔ {} میں تصدیق کریں: {}",
                    facts.district_ur,
                    facts.seen(),
                    if whole_hours {
                        format!("{} گھنٹے", ack_minutes / 60)
                    } else {
                        format!("{ack_minutes} منٹ")
                    },
                    facts.link
                ),
            }
        }
    }
}

/// To the police of the district and region a case was transferred to.
pub fn case_transferred(facts: &CaseFacts<'_>, language: Language, from_district: &str) -> Message {
    let (number, name, age) = (facts.case_number, facts.first_name(), facts.age_years);
    match language {
        Language::English => Message {
            title: format!("Case {number} transferred to you"),
            body: format!(
                "ZAINAB ALERT {number}: {name}, {age}, last seen in {}, transferred to your district from {from_district}: {}",
                facts.district, facts.link
            ),
        },
        Language::Urdu => Message {
            title: format!("کیس {number} آپ کو منتقل"),
            body: format!(
                "زینب الرٹ {number}: {name}، {age} سال، آخری بار {} میں دیکھا گیا، {from_district} سے آپ کے ضلع کو منتقل: {}",
                facts.district_ur, facts.link
            ),
        },
    }
}

/// To a reporter whose report police merged with another report of the
/// same child, or whose merge they undid: `kept` is the case that goes on.
pub fn merge(facts: &CaseFacts<'_>, language: Language, kept: &str, undone: bool) -> Message {
    let number = facts.case_number;
    match (language, undone) {
        (Language::English, false) => Message {
            title: format!("Case {number} joined with case {kept}"),
            body: format!(
                "ZAINAB ALERT {number}: police found that another report is about the same child; both now go on as case {kept}. Follow it: {}",
                facts.link
            ),
        },
        (Language::English, true) => Message {
            title: format!("Case {number} separate again"),
            body: format!(
                "ZAINAB ALERT {number}: police found this report is not about the same child as case {kept}; it goes on by itself: {}",
                facts.link
            ),
        },
        (Language::Urdu, false) => Message {
            title: format!("کیس {number} کیس {kept} میں شامل"),
            body: format!(
                "زینب الرٹ {number}: پولیس کے مطابق ایک اور رپورٹ اسی بچے کے بارے میں ہے؛ دونوں اب کیس {kept} کے طور پر چلیں گی: {}",
                facts.link
            ),
        },
        (Language::Urdu, true) => Message {
            title: format!("کیس {number} دوبارہ الگ"),
            body: format!(
                "زینب الرٹ {number}: پولیس کے مطابق یہ رپورٹ کیس {kept} والے بچے کے بارے میں نہیں؛ یہ الگ سے چلے گی: {}",
                facts.link
            ),
        },
    }
}

/// To the police of the district, when someone reports seeing the child.
pub fn sighting(facts: &CaseFacts<'_>, language: Language, place: &str) -> Message {
    let (number, name) = (facts.case_number, facts.first_name());
    match language {
        Language::English => Message {
            title: format!("Sighting of {name}, case {number}"),
            body: format!(
                "ZAINAB ALERT {number}: someone reports seeing {name} at {place}. Judge the sighting: {}",
                facts.link
            ),
        },
        Language::Urdu => Message {
            title: format!("کیس {number}: {name} کو دیکھا گیا"),
            body: format!(
                "زینب الرٹ {number}: کسی نے {name} کو {place} پر دیکھنے کی اطلاع دی ہے۔ اطلاع کو جانچیں: {}",
                facts.link
            ),
        },
    }
}

/// To the reporter: the receipt with the number and tracking code.
pub fn receipt(facts: &CaseFacts<'_>, language: Language, tracking_code: &str) -> Message {
    let (number, name) = (facts.case_number, facts.first_name());
    match language {
        Language::English => Message {
            title: format!("Your report {number}"),
            body: format!(
                "Zainab Alert: your report on {name} is case {number}, tracking code {tracking_code}. The police of {} have been alerted. Follow it: {}",
                facts.district, facts.link
            ),
        },
        Language::Urdu => Message {
            title: format!("آپ کی رپورٹ {number}"),
            body: format!(
                "زینب الرٹ: {name} کے بارے میں آپ کی رپورٹ کا کیس نمبر {number} اور ٹریکنگ کوڈ {tracking_code} ہے۔ {} پولیس کو اطلاع دے دی گئی ہے: {}",
                facts.district_ur, facts.link
            ),
        },
    }
}

/// To the rung a missed deadline has climbed to.
pub fn escalation(
    facts: &CaseFacts<'_>,
    language: Language,
    deadline: DeadlineKind,
    level: Level,
    late: chrono::Duration,
) -> Message {
    let minutes = late.num_minutes().max(0);
    let late = if minutes < 60 {
        format!("{minutes} min")
    } else {
        format!("{}h {:02}m", minutes / 60, minutes % 60)
    };
    let (number, name, age) = (facts.case_number, facts.first_name(), facts.age_years);
    match language {
        Language::English => {
            let missed = match deadline {
                DeadlineKind::Acknowledge => "not acknowledged",
                DeadlineKind::ContactReporter => "reporter not contacted",
                DeadlineKind::RegisterFir => "no FIR registered",
                DeadlineKind::Conclude => "investigation not concluded",
            };
            let to = match level {
                Level::District => "district police",
                Level::Region => "regional police",
                Level::Province => "the province",
                Level::National => "the ministry",
            };
            Message {
                title: format!("Overdue {number}: {missed}"),
                body: format!(
                    "ZAINAB ALERT OVERDUE {number}: {name}, {age}, {}: {missed}, {late} past the deadline. Escalated to {to}: {}",
                    facts.district, facts.link
                ),
            }
        }
        Language::Urdu => {
            let missed = match deadline {
                DeadlineKind::Acknowledge => "تصدیق نہیں ہوئی",
                DeadlineKind::ContactReporter => "رپورٹ کنندہ سے رابطہ نہیں ہوا",
                DeadlineKind::RegisterFir => "ایف آئی آر درج نہیں ہوئی",
                DeadlineKind::Conclude => "تفتیش مکمل نہیں ہوئی",
            };
            let to = match level {
                Level::District => "ضلعی پولیس",
                Level::Region => "ریجنل پولیس",
                Level::Province => "صوبائی حکومت",
                Level::National => "وزارت",
            };
            Message {
                title: format!("تاخیر {number}: {missed}"),
                body: format!(
                    "زینب الرٹ تاخیر {number}: {name}، {age} سال، {}: {missed}، مقررہ وقت سے {late} اوپر۔ معاملہ {to} کو بھیج دیا گیا: {}",
                    facts.district_ur, facts.link
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::notify::sms::{self, Encoding};

    fn facts() -> CaseFacts<'static> {
        CaseFacts {
            case_number: "ZA-2026-000123",
            child_name: "Ayesha Bibi",
            age_years: 7,
            kind: CaseKind::MissingChild,
            district: "Lahore",
            district_ur: "لاہور",
            last_seen_at: Utc
                .with_ymd_and_hms(2026, 6, 15, 5, 30, 0)
                .single()
                .unwrap_or_default(),
            link: "https://zainab.example/cases/ZA-2026-000123".to_owned(),
        }
    }

    #[test]
    fn police_alerts_name_the_case_child_district_and_link_in_pakistan_time() {
        let text = case_filed(&facts(), Language::English, 120).body;
        assert!(text.contains("ZA-2026-000123"));
        assert!(text.contains("Ayesha, 7"));
        assert!(!text.contains("Bibi"), "only the first name: {text}");
        assert!(text.contains("Lahore at 15 Jun 10:30 PKT"));
        assert!(text.contains("https://zainab.example/cases/ZA-2026-000123"));
        assert!(text.contains("Acknowledge within 2h"));
        assert_eq!(sms::size(&text).encoding, Encoding::Gsm7);
        let sooner = case_filed(&facts(), Language::English, 45).body;
        assert!(sooner.contains("Acknowledge within 45 min"), "{sooner}");
    }

    #[test]
    fn urdu_alerts_use_the_urdu_district_name_and_go_as_ucs2() {
        let text = case_filed(&facts(), Language::Urdu, 120).body;
        assert!(text.contains("لاہور"));
        assert!(text.contains("ZA-2026-000123"));
        let sized = sms::size(&text);
        assert_eq!(sized.encoding, Encoding::Ucs2);
        assert!(sized.segments >= 2);
    }

    #[test]
    fn escalations_say_which_step_was_missed_and_how_late() {
        let late = chrono::Duration::minutes(125);
        let text = escalation(
            &facts(),
            Language::English,
            DeadlineKind::Acknowledge,
            Level::Province,
            late,
        )
        .body;
        assert!(
            text.contains("not acknowledged, 2h 05m past the deadline"),
            "{text}"
        );
        assert!(text.contains("Escalated to the province"), "{text}");
        let soon = escalation(
            &facts(),
            Language::English,
            DeadlineKind::RegisterFir,
            Level::Region,
            chrono::Duration::seconds(30),
        )
        .body;
        assert!(soon.contains("no FIR registered, 0 min past"), "{soon}");
    }

    #[test]
    fn the_receipt_carries_the_tracking_code() {
        let text = receipt(&facts(), Language::English, "K7PQ-2MXD").body;
        assert!(text.contains("ZA-2026-000123") && text.contains("K7PQ-2MXD"));
    }
}
