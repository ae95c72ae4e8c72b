//! What people are told of a match, in English and Urdu: never more of the
//! child than the case number and first name, and nothing of the found
//! child to the reporter but that the police will call.

use entities::Language;

use crate::notify::messages::{CaseFacts, Message};

fn first_name<'a>(facts: &'a CaseFacts<'_>) -> &'a str {
    facts.child_name.split_whitespace().next().unwrap_or("")
}

/// To the police of the case: a face on a found child's or a sighting's
/// photo looks like the missing child's.
pub fn proposed(facts: &CaseFacts<'_>, language: Language) -> Message {
    let (number, name) = (facts.case_number, first_name(facts));
    match language {
        Language::English => Message {
            title: format!("Possible match for {name}, case {number}"),
            body: format!(
                "ZAINAB ALERT {number}: a photo looks like {name}. Compare the photos and confirm or reject: {}",
                facts.link
            ),
        },
        Language::Urdu => Message {
            title: format!("کیس {number}: {name} سے ممکنہ مماثلت"),
            body: format!(
                "زینب الرٹ {number}: ایک تصویر {name} سے ملتی ہے۔ تصویریں دیکھ کر تصدیق یا رد کریں: {}",
                facts.link
            ),
        },
    }
}

/// To the police of the case and the reporter: police confirmed a found
/// child is the missing one.
pub fn confirmed(facts: &CaseFacts<'_>, language: Language, place: &str) -> Message {
    let (number, name) = (facts.case_number, first_name(facts));
    match language {
        Language::English => Message {
            title: format!("{name} may have been found, case {number}"),
            body: format!(
                "Zainab Alert {number}: the police matched {name} with a child held at {place}. The police will call you: {}",
                facts.link
            ),
        },
        Language::Urdu => Message {
            title: format!("کیس {number}: {name} شاید مل گیا"),
            body: format!(
                "زینب الرٹ {number}: پولیس نے {name} کو {place} میں موجود ایک بچے سے ملایا ہے۔ پولیس آپ سے رابطہ کرے گی: {}",
                facts.link
            ),
        },
    }
}

/// To the institution holding the found child.
pub fn to_institution(case_number: &str, district: &str) -> Message {
    Message {
        title: format!("Child matched to case {case_number}"),
        body: format!(
            "Zainab Alert: police confirmed a child in your care matches missing child case {case_number}. The police of {district} will contact you."
        ),
    }
}
