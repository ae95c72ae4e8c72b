//! Sharing a child on the register: the share texts in English and Urdu,
//! and the page behind a short link (`/m/<case number>`) that carries Open
//! Graph and Twitter card tags, so that a link pasted into WhatsApp,
//! Facebook or X shows the child's photo, name and where they were lost.

use askama::Template;
use entities::{Language, Sex, register_entry};

use crate::state::AppState;

fn sex_words(sex: Sex, language: Language) -> &'static str {
    match (sex, language) {
        (Sex::Female, Language::English) => "girl",
        (Sex::Male, Language::English) => "boy",
        (_, Language::English) => "child",
        (Sex::Female, Language::Urdu) => "بچی",
        (Sex::Male, Language::Urdu) => "بچہ",
        (_, Language::Urdu) => "بچہ",
    }
}

fn places<'a>(
    state: &'a AppState,
    entry: &'a register_entry::Model,
    language: Language,
) -> (&'a str, &'a str) {
    let district = state.geo.district(&entry.district_id);
    let province = state.geo.province(&entry.province_id);
    match language {
        Language::English => (
            district.map_or(entry.district_id.as_str(), |d| d.name.as_str()),
            province.map_or(entry.province_id.as_str(), |p| p.name.as_str()),
        ),
        Language::Urdu => (
            district.map_or(entry.district_id.as_str(), |d| d.name_ur.as_str()),
            province.map_or(entry.province_id.as_str(), |p| p.name_ur.as_str()),
        ),
    }
}

/// The text to share a child with, ending in the page's link.
pub fn text(state: &AppState, entry: &register_entry::Model, language: Language) -> String {
    let link = super::page_url(state, &entry.case_number);
    let (name, age, date) = (&entry.public_name, entry.age_years, entry.last_seen_on);
    let helpline = &state.config.public_helpline;
    let (district, _) = places(state, entry, language);
    let child = sex_words(entry.sex, language);
    match (language, entry.status.as_str()) {
        (Language::English, "found") => {
            format!(
                "FOUND: {name}, {age}, missing from {district}, has been found. Thank you for sharing. {link}"
            )
        }
        (Language::English, _) => format!(
            "MISSING CHILD: {name}, a {child} of {age}, last seen in {district} on {date}. If you have seen {name}, call {helpline}. Please share. {link}"
        ),
        (Language::Urdu, "found") => {
            format!(
                "مل گیا: {district} سے لاپتہ {name} ({age} سال) مل گیا ہے۔ شیئر کرنے کا شکریہ۔ {link}"
            )
        }
        (Language::Urdu, _) => format!(
            "لاپتہ {child}: {name}، عمر {age} سال، آخری بار {date} کو {district} میں دیکھا گیا۔ اگر آپ نے {name} کو دیکھا ہے تو {helpline} پر کال کریں۔ براہ کرم شیئر کریں۔ {link}"
        ),
    }
}

#[derive(Template)]
#[template(path = "share.html")]
struct SharePage<'a> {
    title: String,
    description: String,
    page_url: String,
    image_url: Option<String>,
    found: bool,
    name: &'a str,
    age: i32,
    sex: &'static str,
    district: &'a str,
    province: &'a str,
    last_seen: String,
    case_number: &'a str,
    police_description: Option<&'a str>,
    helpline: &'a str,
    share_ur: String,
    whatsapp: String,
    facebook: String,
    x: String,
}

/// The HTML page of a child on the register. Every value is escaped by
/// the template.
pub fn page(state: &AppState, entry: &register_entry::Model) -> Result<String, askama::Error> {
    let page_url = super::page_url(state, &entry.case_number);
    let found = entry.status == "found";
    let (district, province) = places(state, entry, Language::English);
    let title = if found {
        format!("Found: {}", entry.public_name)
    } else {
        format!("Missing: {}, {}", entry.public_name, entry.age_years)
    };
    let share_en = text(state, entry, Language::English);
    let encode =
        |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    SharePage {
        description: format!(
            "Last seen in {district}, {province} on {}. Call {} with information.",
            entry.last_seen_on.format("%-d %B %Y"),
            state.config.public_helpline
        ),
        image_url: entry
            .photo_id
            .map(|id| crate::photos::public_url(state, id)),
        found,
        name: &entry.public_name,
        age: entry.age_years,
        sex: sex_words(entry.sex, Language::English),
        district,
        province,
        last_seen: entry.last_seen_on.format("%-d %B %Y").to_string(),
        case_number: &entry.case_number,
        police_description: entry.description.as_deref(),
        helpline: &state.config.public_helpline,
        share_ur: text(state, entry, Language::Urdu),
        whatsapp: format!("https://wa.me/?text={}", encode(&share_en)),
        facebook: format!(
            "https://www.facebook.com/sharer/sharer.php?u={}",
            encode(&page_url)
        ),
        x: format!(
            "https://twitter.com/intent/tweet?text={}&url={}",
            encode(&share_en.replace(&page_url, "")),
            encode(&page_url)
        ),
        title,
        page_url,
    }
    .render()
}
