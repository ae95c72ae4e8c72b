//! The register for other systems: an Atom feed of its changes, each
//! child's alert as CAP 1.2 (OASIS Common Alerting Protocol) for
//! broadcasters and alerting systems, and a PFIF 1.4 export of the records
//! for Person Finder compatible tools. All are built from register entries
//! alone, so they carry nothing the public may not see.

use std::io;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Asia::Karachi;
use entities::{Sex, register_change, register_entry};
use quick_xml::{
    Writer,
    events::{BytesDecl, BytesText, Event},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{page_url, share};
use crate::{error::ApiResult, state::AppState};

type Xml = Writer<Vec<u8>>;

fn text(w: &mut Xml, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))
        .map(drop)
}

fn start(declaration: bool) -> io::Result<Xml> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    if declaration {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    }
    Ok(w)
}

fn finish(w: Xml) -> String {
    String::from_utf8_lossy(&w.into_inner()).into_owned()
}

fn host(state: &AppState) -> String {
    url::Url::parse(&state.config.public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "zainab-alert.invalid".to_owned())
}

/// Atom: the latest changes to the register, newest first.
pub async fn atom(state: &AppState) -> ApiResult<String> {
    let changes = register_change::Entity::find()
        .order_by_desc(register_change::Column::Id)
        .limit(100)
        .all(&state.db)
        .await?;
    let numbers: Vec<&str> = changes.iter().map(|c| c.case_number.as_str()).collect();
    let entries = register_entry::Entity::find()
        .filter(register_entry::Column::CaseNumber.is_in(numbers))
        .all(&state.db)
        .await?;
    let base = state.config.public_url.trim_end_matches('/').to_owned();
    let updated = changes.first().map_or(state.clock.now(), |c| c.at);
    let build = || -> io::Result<String> {
        let mut w = start(true)?;
        w.create_element("feed")
            .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
            .write_inner_content(|w| {
                text(w, "id", &format!("{base}/register/feed.atom"))?;
                text(w, "title", "Zainab Alert: missing children")?;
                text(w, "updated", &rfc3339(updated))?;
                w.create_element("link")
                    .with_attributes([
                        ("rel", "self"),
                        ("href", &*format!("{base}/register/feed.atom")),
                    ])
                    .write_empty()?;
                w.create_element("author")
                    .write_inner_content(|w| text(w, "name", "Zainab Alert"))?;
                for change in &changes {
                    let entry = entries.iter().find(|e| e.case_number == change.case_number);
                    atom_entry(w, state, change, entry)?;
                }
                Ok(())
            })?;
        Ok(finish(w))
    };
    build().map_err(crate::error::ApiError::internal)
}

fn atom_entry(
    w: &mut Xml,
    state: &AppState,
    change: &register_change::Model,
    entry: Option<&register_entry::Model>,
) -> io::Result<()> {
    let number = &change.case_number;
    w.create_element("entry").write_inner_content(|w| {
        text(
            w,
            "id",
            &format!("tag:{},2026:register-change:{}", host(state), change.id),
        )?;
        text(w, "updated", &rfc3339(change.at))?;
        // A removed entry says only that it went: the record itself is gone.
        let (title, summary) = match (change.kind.as_str(), entry) {
            ("removed", _) => (
                format!("{number} removed"),
                format!("Case {number} is no longer on the register."),
            ),
            (kind, None) => (
                format!("{number} {kind}"),
                "This record has since left the register.".to_owned(),
            ),
            (kind, Some(e)) => (
                format!("{number} {kind}: {}, {}", e.public_name, e.age_years),
                share::text(state, e, entities::Language::English),
            ),
        };
        text(w, "title", &title)?;
        text(w, "summary", &summary)?;
        text(w, "category", &change.kind).ok();
        if let Some(e) = entry.filter(|_| change.kind != "removed") {
            let page = page_url(state, &e.case_number);
            w.create_element("link")
                .with_attributes([
                    ("rel", "alternate"),
                    ("type", "text/html"),
                    ("href", page.as_str()),
                ])
                .write_empty()?;
            let cap = cap_url(state, &e.case_number);
            w.create_element("link")
                .with_attributes([
                    ("rel", "related"),
                    ("type", "application/cap+xml"),
                    ("href", cap.as_str()),
                ])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

pub fn cap_url(state: &AppState, case_number: &str) -> String {
    format!(
        "{}/register/alerts/{case_number}.cap",
        state.config.public_url.trim_end_matches('/')
    )
}

/// CAP 1.2: one child's alert, in English and Urdu, with the district as
/// the area (a circle around its headquarters) and the public photo.
pub fn cap(state: &AppState, entry: &register_entry::Model) -> ApiResult<String> {
    let build = || -> io::Result<String> {
        let mut w = start(true)?;
        let found = entry.status == "found";
        let district = state.geo.district(&entry.district_id);
        let province = state.geo.province(&entry.province_id);
        w.create_element("alert")
            .with_attribute(("xmlns", "urn:oasis:names:tc:emergency:cap:1.2"))
            .write_inner_content(|w| {
                text(
                    w,
                    "identifier",
                    &format!("{}-{}", entry.case_number, entry.updated_at.timestamp()),
                )?;
                text(w, "sender", &format!("register@{}", host(state)))?;
                text(w, "sent", &cap_time(entry.updated_at))?;
                text(w, "status", "Actual")?;
                text(w, "msgType", if found { "Update" } else { "Alert" })?;
                text(w, "scope", "Public")?;
                for (language, lang) in [
                    (entities::Language::English, "en"),
                    (entities::Language::Urdu, "ur"),
                ] {
                    w.create_element("info").write_inner_content(|w| {
                        text(w, "language", lang)?;
                        text(w, "category", "Rescue")?;
                        text(
                            w,
                            "event",
                            if found {
                                "Missing child found"
                            } else {
                                "Missing child"
                            },
                        )?;
                        text(w, "urgency", if found { "Past" } else { "Immediate" })?;
                        text(w, "severity", if found { "Minor" } else { "Severe" })?;
                        text(w, "certainty", "Observed")?;
                        text(w, "senderName", "Zainab Alert")?;
                        let headline: String = if found {
                            format!("Found: {}", entry.public_name)
                        } else {
                            format!("Missing child: {}, {}", entry.public_name, entry.age_years)
                        };
                        text(
                            w,
                            "headline",
                            &headline.chars().take(160).collect::<String>(),
                        )?;
                        text(w, "description", &share::text(state, entry, language))?;
                        if !found {
                            text(
                                w,
                                "instruction",
                                &format!(
                                    "If you have seen this child, call {}.",
                                    state.config.public_helpline
                                ),
                            )?;
                        }
                        text(w, "web", &page_url(state, &entry.case_number))?;
                        text(w, "contact", &state.config.public_helpline)?;
                        if let Some(photo) = entry.photo_id {
                            w.create_element("resource").write_inner_content(|w| {
                                text(w, "resourceDesc", "Photo of the child")?;
                                text(w, "mimeType", "image/jpeg")?;
                                text(w, "uri", &crate::photos::public_url(state, photo))
                            })?;
                        }
                        w.create_element("area").write_inner_content(|w| {
                            let names = match (district, province) {
                                (Some(d), Some(p)) => format!("{}, {}", d.name, p.name),
                                _ => entry.district_id.clone(),
                            };
                            text(w, "areaDesc", &names)?;
                            if let Some(d) = district {
                                text(w, "circle", &format!("{:.4},{:.4} 30", d.hq.lat, d.hq.lon))?;
                            }
                            Ok(())
                        })?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(finish(w))
    };
    build().map_err(crate::error::ApiError::internal)
}

/// PFIF 1.4: every child on the register as a person record; a found child
/// carries a note saying so.
pub async fn pfif(state: &AppState) -> ApiResult<String> {
    let now = state.clock.now();
    let entries = register_entry::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(register_entry::Column::FoundUntil.is_null())
                .add(register_entry::Column::FoundUntil.gt(now)),
        )
        .order_by_desc(register_entry::Column::CaseId)
        .all(&state.db)
        .await?;
    let domain = host(state);
    let build = || -> io::Result<String> {
        let mut w = start(true)?;
        w.create_element("pfif:pfif")
            .with_attribute(("xmlns:pfif", "http://zesty.ca/pfif/1.4"))
            .write_inner_content(|w| {
                for e in &entries {
                    let record = format!("{domain}/{}", e.case_number);
                    w.create_element("pfif:person").write_inner_content(|w| {
                        text(w, "pfif:person_record_id", &record)?;
                        text(w, "pfif:entry_date", &pfif_time(e.updated_at))?;
                        if let Some(until) = e.found_until {
                            text(w, "pfif:expiry_date", &pfif_time(until))?;
                        }
                        text(w, "pfif:author_name", "Zainab Alert")?;
                        text(w, "pfif:source_name", "Zainab Alert")?;
                        text(w, "pfif:source_date", &pfif_time(e.listed_at))?;
                        text(w, "pfif:source_url", &page_url(state, &e.case_number))?;
                        text(w, "pfif:full_name", &e.public_name)?;
                        text(
                            w,
                            "pfif:given_name",
                            e.public_name.split_whitespace().next().unwrap_or_default(),
                        )?;
                        text(
                            w,
                            "pfif:sex",
                            match e.sex {
                                Sex::Female => "female",
                                Sex::Male => "male",
                                _ => "other",
                            },
                        )?;
                        text(w, "pfif:age", &e.age_years.to_string())?;
                        if let Some(d) = state.geo.district(&e.district_id) {
                            text(w, "pfif:home_city", &d.name)?;
                        }
                        if let Some(p) = state.geo.province(&e.province_id) {
                            text(w, "pfif:home_state", &p.name)?;
                        }
                        text(w, "pfif:home_country", "PK")?;
                        if let Some(photo) = e.photo_id {
                            text(
                                w,
                                "pfif:photo_url",
                                &crate::photos::public_url(state, photo),
                            )?;
                        }
                        text(
                            w,
                            "pfif:description",
                            &share::text(state, e, entities::Language::English),
                        )?;
                        if e.status == "found" {
                            w.create_element("pfif:note").write_inner_content(|w| {
                                text(w, "pfif:note_record_id", &format!("{record}/found"))?;
                                text(w, "pfif:person_record_id", &record)?;
                                text(w, "pfif:entry_date", &pfif_time(e.updated_at))?;
                                text(w, "pfif:author_name", "Zainab Alert")?;
                                text(w, "pfif:source_date", &pfif_time(e.updated_at))?;
                                text(w, "pfif:status", "believed_alive")?;
                                text(w, "pfif:text", "The child has been found.")
                            })?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(finish(w))
    };
    build().map_err(crate::error::ApiError::internal)
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// PFIF dates are UTC with a Z.
fn pfif_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// CAP wants an explicit offset and no Z: Pakistan time.
fn cap_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Karachi)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}
