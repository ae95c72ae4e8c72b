//! Bulk-inserted cases for the oversight benchmark: spread over a year and
//! every district, with the timeline events of the milestones they reached
//! and a missed deadline for one case in ten, all in one transaction.

use chrono::{DateTime, Duration, TimeZone, Utc};
use entities::{
    CaseEventKind, CaseKind, CaseStatus, DeadlineKind, DeadlineStatus, FilingChannel, Language,
    Sex, TextList, case, case_event, deadline, deadline_breach,
};
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use uuid::Uuid;
use zainab_tests::TestApp;

/// A small deterministic generator: the same cases on every run.
pub struct Dice(u64);

impl Dice {
    pub fn new() -> Self {
        Self(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The first instant of `month` of 2025/2026 in Pakistan (UTC+5).
pub fn month_start(year: i32, month: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, 1, 0, 0, 0).unwrap() - Duration::hours(5)
}

/// Seeds `total` cases: `last_month` of them in June 2026, the rest spread
/// over July 2025 to May 2026.
pub async fn seed(app: &TestApp, total: usize, last_month: usize) {
    let districts: Vec<(String, String, String)> = app
        .state
        .geo
        .districts()
        .iter()
        .map(|d| (d.id.clone(), d.region_id.clone(), d.province_id.clone()))
        .collect();
    let months: Vec<DateTime<Utc>> = (7..=12)
        .map(|m| month_start(2025, m))
        .chain((1..=5).map(|m| month_start(2026, m)))
        .collect();
    let june = month_start(2026, 6);
    let mut dice = Dice::new();
    let txn = app.state.db.begin().await.unwrap();

    let mut cases = Vec::new();
    let mut events = Vec::new();
    let mut deadlines = Vec::new();
    let mut breaches = Vec::new();
    for n in 0..total {
        let start = if n < last_month {
            june
        } else {
            months[n % months.len()]
        };
        let reported_at = start + Duration::seconds(dice.below(28 * 86_400) as i64);
        let (district, region, province) = &districts[dice.below(districts.len() as u64) as usize];
        let id = Uuid::now_v7();
        let roll = dice.below(100);
        let path: &[CaseStatus] = match roll {
            0..20 => &[],
            20..35 => &[CaseStatus::Acknowledged],
            35..45 => &[CaseStatus::Acknowledged, CaseStatus::ReporterContacted],
            45..70 => &[
                CaseStatus::Acknowledged,
                CaseStatus::ReporterContacted,
                CaseStatus::FirRegistered,
            ],
            _ => &[
                CaseStatus::Acknowledged,
                CaseStatus::ReporterContacted,
                CaseStatus::FirRegistered,
                CaseStatus::Recovered,
            ],
        };
        let mut at = reported_at;
        let mut from = CaseStatus::Reported;
        for &to in path {
            at += Duration::minutes(10 + dice.below(2880) as i64);
            events.push(case_event::ActiveModel {
                id: Set(Uuid::now_v7()),
                case_id: Set(id),
                kind: Set(CaseEventKind::StatusChanged),
                from_status: Set(Some(from)),
                to_status: Set(Some(to)),
                note: Set(None),
                visible_to_reporter: Set(false),
                actor_user_id: Set(None),
                actor_role: Set(None),
                data: Set(serde_json::json!({})),
                created_at: Set(at),
            });
            from = to;
        }
        if n % 10 == 0 {
            let deadline_id = Uuid::now_v7();
            let due_at = reported_at + Duration::hours(2);
            deadlines.push(deadline::ActiveModel {
                id: Set(deadline_id),
                case_id: Set(id),
                kind: Set(DeadlineKind::Acknowledge),
                policy_version: Set(1),
                due_at: Set(due_at),
                status: Set(DeadlineStatus::Met),
                met_at: Set(Some(due_at + Duration::hours(1))),
                escalation_level: Set(1),
                next_escalation_at: Set(None),
                created_at: Set(reported_at),
            });
            breaches.push(deadline_breach::ActiveModel {
                id: Set(Uuid::now_v7()),
                deadline_id: Set(deadline_id),
                case_id: Set(id),
                kind: Set(DeadlineKind::Acknowledge),
                due_at: Set(due_at),
                detected_at: Set(due_at),
                met_at: Set(Some(due_at + Duration::hours(1))),
                escalation_level: Set(1),
                district_id: Set(district.clone()),
                region_id: Set(region.clone()),
                province_id: Set(province.clone()),
                responsible_user_id: Set(None),
            });
        }
        cases.push(case_row(
            id,
            n,
            reported_at,
            at,
            from,
            district,
            region,
            province,
            &mut dice,
        ));

        if cases.len() == 400 || n + 1 == total {
            case::Entity::insert_many(std::mem::take(&mut cases))
                .exec_without_returning(&txn)
                .await
                .unwrap();
            for chunk in std::mem::take(&mut events).chunks(2000) {
                case_event::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await
                    .unwrap();
            }
            if !deadlines.is_empty() {
                deadline::Entity::insert_many(std::mem::take(&mut deadlines))
                    .exec_without_returning(&txn)
                    .await
                    .unwrap();
                deadline_breach::Entity::insert_many(std::mem::take(&mut breaches))
                    .exec_without_returning(&txn)
                    .await
                    .unwrap();
            }
        }
    }
    txn.commit().await.unwrap();
}

#[allow(clippy::too_many_arguments)]
fn case_row(
    id: Uuid,
    n: usize,
    reported_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    status: CaseStatus,
    district: &str,
    region: &str,
    province: &str,
    dice: &mut Dice,
) -> case::ActiveModel {
    let kind = [
        CaseKind::MissingChild,
        CaseKind::MissingChild,
        CaseKind::Abduction,
        CaseKind::ChildAbuse,
    ][dice.below(4) as usize];
    case::ActiveModel {
        id: Set(id),
        case_number: Set(format!("ZA-BENCH-{n:07}")),
        tracking_code_hash: Set("bench".to_owned()),
        kind: Set(kind),
        status: Set(status),
        closure_reason: Set(None),
        child_name: Set("Bench Child".to_owned()),
        child_other_names: Set(TextList::default()),
        child_sex: Set(if dice.below(2) == 0 {
            Sex::Female
        } else {
            Sex::Male
        }),
        child_date_of_birth: Set(None),
        child_age_years: Set(2 + dice.below(15) as i32),
        child_height_cm: Set(None),
        child_languages: Set(TextList::default()),
        child_distinguishing_marks: Set(None),
        child_clothing: Set(None),
        child_b_form_number: Set(None),
        last_seen_place: Set("Bench market".to_owned()),
        last_seen_district_id: Set(district.to_owned()),
        last_seen_lat: Set(None),
        last_seen_lon: Set(None),
        last_seen_at: Set(reported_at - Duration::hours(2)),
        suggested_district_id: Set(None),
        district_mismatch: Set(false),
        circumstances: Set(None),
        reporter_name: Set("Bench Reporter".to_owned()),
        reporter_relation: Set("mother".to_owned()),
        reporter_phone: Set("+923001234567".to_owned()),
        reporter_cnic: Set(None),
        publish_consent: Set(false),
        reporter_user_id: Set(None),
        channel: Set(FilingChannel::App),
        filed_by_user_id: Set(None),
        filed_at_office: Set(None),
        district_id: Set(district.to_owned()),
        region_id: Set(region.to_owned()),
        province_id: Set(province.to_owned()),
        handling_officer_id: Set(None),
        reporter_language: Set(Language::Urdu),
        fir_number: Set(None),
        fir_police_station: Set(None),
        fir_date: Set(None),
        published_at: Set(None),
        publish_full_name: Set(false),
        public_description: Set(None),
        recovered_at: Set(None),
        reported_at: Set(reported_at),
        updated_at: Set(updated_at),
    }
}
