//! The alerts a case raises: on filing, its district's and region's police
//! and the reporter's receipt; on a missed deadline, the rung it climbed to.

use chrono::{DateTime, Utc};
use entities::{Language, Level, case, deadline};
use sea_orm::{ConnectionTrait, DbErr};

use super::{
    Rung,
    messages::{self, CaseFacts},
    outbox::{self, NewSms},
    tell_rung,
};
use crate::state::AppState;

pub fn facts<'a>(state: &'a AppState, case: &'a case::Model, link_path: &str) -> CaseFacts<'a> {
    let district = state.geo.district(&case.last_seen_district_id);
    CaseFacts {
        case_number: &case.case_number,
        child_name: &case.child_name,
        age_years: case.child_age_years,
        kind: case.kind,
        district: district.map_or(case.last_seen_district_id.as_str(), |d| d.name.as_str()),
        district_ur: district.map_or(case.last_seen_district_id.as_str(), |d| d.name_ur.as_str()),
        last_seen_at: case.last_seen_at,
        link: format!(
            "{}/{link_path}/{}",
            state.config.public_url.trim_end_matches('/'),
            case.case_number
        ),
    }
}

/// Alerts the district and region of a new case and sends the reporter's
/// receipt. Returns how many officers and duty numbers were told.
pub async fn case_filed(
    db: &impl ConnectionTrait,
    state: &AppState,
    now: DateTime<Utc>,
    case: &case::Model,
    tracking_code: &str,
    ack_minutes: i32,
) -> Result<usize, DbErr> {
    let police = facts(state, case, "cases");
    let text = |language: Language| messages::case_filed(&police, language, ack_minutes);
    let cause = format!("case:{}:filed", case.id);
    let mut told = 0;
    for level in [Level::District, Level::Region] {
        told += tell_rung(
            db,
            now,
            case,
            &Rung::of(case, level),
            "case_filed",
            &cause,
            text,
        )
        .await?;
    }

    let public = facts(state, case, "track");
    let receipt = messages::receipt(&public, case.reporter_language, tracking_code);
    outbox::enqueue(
        db,
        now,
        NewSms {
            dedupe_key: format!("case:{}:receipt", case.id),
            purpose: "receipt",
            case_id: Some(case.id),
            to_phone: &case.reporter_phone,
            body: receipt.body,
        },
    )
    .await?;
    Ok(told)
}

/// Alerts the district and region a case was transferred to.
pub async fn case_transferred(
    db: &impl ConnectionTrait,
    state: &AppState,
    now: DateTime<Utc>,
    case: &case::Model,
    from_district: &str,
    event_id: uuid::Uuid,
) -> Result<usize, DbErr> {
    let police = facts(state, case, "cases");
    let text = |language: Language| messages::case_transferred(&police, language, from_district);
    let cause = format!("case:{}:transfer:{event_id}", case.id);
    let mut told = 0;
    for level in [Level::District, Level::Region] {
        told += tell_rung(
            db,
            now,
            case,
            &Rung::of(case, level),
            "case_transferred",
            &cause,
            text,
        )
        .await?;
    }
    Ok(told)
}

/// Tells the district of a case that someone reports seeing the child.
pub async fn sighting_reported(
    db: &impl ConnectionTrait,
    state: &AppState,
    now: DateTime<Utc>,
    case: &case::Model,
    sighting: &entities::sighting::Model,
) -> Result<usize, DbErr> {
    let police = facts(state, case, "cases");
    let place: String = sighting.place.chars().take(60).collect();
    let text = |language: Language| messages::sighting(&police, language, &place);
    let cause = format!("case:{}:sighting:{}", case.id, sighting.id);
    tell_rung(
        db,
        now,
        case,
        &Rung::of(case, Level::District),
        "sighting",
        &cause,
        text,
    )
    .await
}

/// Tells the rung a missed deadline has reached, and reminds the district.
pub async fn escalated(
    db: &impl ConnectionTrait,
    state: &AppState,
    now: DateTime<Utc>,
    case: &case::Model,
    deadline: &deadline::Model,
    level: Level,
    late: chrono::Duration,
) -> Result<usize, DbErr> {
    let police = facts(state, case, "cases");
    let text =
        |language: Language| messages::escalation(&police, language, deadline.kind, level, late);
    let cause = format!("deadline:{}:{level:?}", deadline.id);
    let mut told = tell_rung(
        db,
        now,
        case,
        &Rung::of(case, level),
        "escalated",
        &cause,
        text,
    )
    .await?;
    told += tell_rung(
        db,
        now,
        case,
        &Rung::of(case, Level::District),
        "deadline_missed",
        &format!("{cause}:district"),
        text,
    )
    .await?;
    Ok(told)
}
