//! Sightings: anyone may tell the police they saw a child on the register.
//! Each goes to the police of the case (a notification and an SMS), onto
//! its timeline and into the audit log; police judge it credible, not
//! credible or a hoax. One client may send only so many an hour.

use crate::domain::timeline::{self, Entry};
use async_graphql::{Enum, InputObject};
use chrono::{DateTime, Duration, Utc};
use entities::{CaseEventKind, UserRole, case, sighting};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::search;
use crate::{
    domain::{begin_write, caller::Caller, cases, phone::PhoneNumber, text},
    error::{ApiError, ApiResult},
    events,
    notify::routing,
    photos::{self, Processed},
    state::AppState,
    storage::signed,
};

#[derive(Debug, Clone, InputObject)]
pub struct SightingInput {
    pub seen_at: DateTime<Utc>,
    /// Where, in words: a street, a market, a bus stop.
    pub place: String,
    pub district_id: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// What was seen: with whom, wearing what, going where.
    pub description: String,
    /// Optional, so that police can call back.
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

/// How police judged a sighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Assessment {
    Credible,
    NotCredible,
    Hoax,
}

impl Assessment {
    pub fn name(self) -> &'static str {
        match self {
            Self::Credible => "credible",
            Self::NotCredible => "not_credible",
            Self::Hoax => "hoax",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Credible, Self::NotCredible, Self::Hoax]
            .into_iter()
            .find(|a| a.name() == name)
    }
}

/// Checks the rate limit before any work is done on the request.
pub async fn check_rate(state: &AppState, caller: &Caller) -> ApiResult<String> {
    let client = client_key(state, caller);
    let hour_ago = state.clock.now() - Duration::hours(1);
    let recent = sighting::Entity::find()
        .filter(sighting::Column::ClientKey.eq(client.as_str()))
        .filter(sighting::Column::CreatedAt.gt(hour_ago))
        .count(&state.db)
        .await?;
    if recent >= state.config.sightings_per_hour {
        tracing::warn!("refused a sighting: the client is over its hourly limit");
        return Err(ApiError::RateLimited {
            retry_after_secs: 3600,
        });
    }
    Ok(client)
}

/// Records a sighting of the child listed under `case_number`.
pub async fn report(
    state: &AppState,
    caller: &Caller,
    case_number: &str,
    input: SightingInput,
    photo: Option<Processed>,
) -> ApiResult<sighting::Model> {
    let client = check_rate(state, caller).await?;
    let now = state.clock.now();
    let entry = search::by_number(&state.db, case_number, now)
        .await?
        .ok_or(ApiError::NotFound("child on the register"))?;
    let valid = validate(state, input, now)?;

    let staged = match photo {
        Some(processed) => Some(photos::stage(state, processed).await?),
        None => None,
    };
    let filed = file(
        state,
        caller,
        entry.case_id,
        valid,
        client,
        staged.as_ref(),
        now,
    )
    .await;
    if filed.is_err()
        && let Some(staged) = &staged
    {
        photos::discard(state, std::slice::from_ref(staged)).await;
    }
    filed
}

async fn file(
    state: &AppState,
    caller: &Caller,
    case_id: Uuid,
    mut row: sighting::Model,
    client: String,
    staged: Option<&photos::Staged>,
    now: DateTime<Utc>,
) -> ApiResult<sighting::Model> {
    let txn = begin_write(&state.db).await?;
    let case = case::Entity::find_by_id(case_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("child on the register"))?;
    row.case_id = case.id;
    row.client_key = client;
    row.created_at = now;
    if let Some(staged) = staged {
        let photo = photos::insert_sighting_photo(&txn, &case, staged, row.id, now).await?;
        row.photo_id = Some(photo.id);
    }
    let row = sighting::Entity::insert(sighting::ActiveModel::from(row))
        .exec_with_returning(&txn)
        .await?;
    timeline(
        &txn,
        &case,
        CaseEventKind::Sighting,
        None,
        json!({ "sighting_id": row.id }),
        now,
    )
    .await?;
    routing::sighting_reported(&txn, state, now, &case, &row).await?;
    caller
        .audit(
            &txn,
            now,
            "sighting.create",
            Some(case.id),
            json!({ "sighting_id": row.id }),
        )
        .await?;
    let change = events::Change {
        kind: CaseEventKind::Sighting,
        case: &case,
        before: None,
        to_status: None,
        note: None,
        visible_to_reporter: false,
        actor_role: None,
        at: now,
    };
    events::commit(state, txn, change).await?;
    tracing::info!(case.id = %case.id, sighting.id = %row.id, "sighting reported");
    Ok(row)
}

fn validate(
    state: &AppState,
    input: SightingInput,
    now: DateTime<Utc>,
) -> ApiResult<sighting::Model> {
    if input.seen_at > now + Duration::minutes(5) {
        return Err(ApiError::bad_input(
            "input.seenAt",
            "the time seen is in the future",
        ));
    }
    let district = state
        .geo
        .district(input.district_id.trim())
        .ok_or_else(|| ApiError::bad_input("input.districtId", "no such district"))?;
    let (lat, lon) = match (input.latitude, input.longitude) {
        (None, None) => (None, None),
        (Some(lat), Some(lon)) => {
            state
                .geo
                .point_in_pakistan(lat, lon)
                .map_err(|err| ApiError::bad_input("input.latitude", err.message()))?;
            (Some(lat), Some(lon))
        }
        _ => {
            return Err(ApiError::bad_input(
                "input.longitude",
                "give both latitude and longitude, or neither",
            ));
        }
    };
    let contact_phone =
        match text::optional("input.contactPhone", input.contact_phone.as_deref(), 32)? {
            Some(phone) => Some(
                PhoneNumber::parse(&phone)
                    .map_err(|msg| ApiError::bad_input("input.contactPhone", msg))?
                    .to_string(),
            ),
            None => None,
        };
    Ok(sighting::Model {
        id: Uuid::now_v7(),
        case_id: Uuid::nil(),
        seen_at: input.seen_at,
        place: text::required("input.place", &input.place, 500)?,
        district_id: district.id.clone(),
        lat,
        lon,
        description: text::required("input.description", &input.description, 2000)?,
        contact_name: text::optional("input.contactName", input.contact_name.as_deref(), 200)?,
        contact_phone,
        client_key: String::new(),
        photo_id: None,
        assessment: None,
        assessed_by_user_id: None,
        assessed_at: None,
        created_at: now,
    })
}

/// Police of the case judge a sighting.
pub async fn assess(
    state: &AppState,
    caller: &Caller,
    sighting_id: Uuid,
    assessment: Assessment,
) -> ApiResult<sighting::Model> {
    let actor = caller.actor()?;
    if !matches!(
        actor.role,
        UserRole::DistrictPolice | UserRole::RegionalPolice
    ) {
        return Err(ApiError::Forbidden(
            "only the police of the case judge sightings",
        ));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let row = sighting::Entity::find_by_id(sighting_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("sighting"))?;
    let case = cases::find(&txn, caller, row.case_id)
        .await
        .map_err(|err| err.not_found_as("sighting"))?;
    let row = sighting::Entity::update(sighting::ActiveModel {
        id: Set(row.id),
        assessment: Set(Some(assessment.name().to_owned())),
        assessed_by_user_id: Set(Some(actor.user_id)),
        assessed_at: Set(Some(now)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let data = json!({ "sighting_id": row.id, "assessment": assessment.name() });
    timeline(
        &txn,
        &case,
        CaseEventKind::SightingAssessed,
        Some(caller),
        data.clone(),
        now,
    )
    .await?;
    caller
        .audit(&txn, now, "sighting.assess", Some(case.id), data)
        .await?;
    let change = events::Change {
        kind: CaseEventKind::SightingAssessed,
        case: &case,
        before: None,
        to_status: None,
        note: None,
        visible_to_reporter: false,
        actor_role: Some(actor.role),
        at: now,
    };
    events::commit(state, txn, change).await?;
    Ok(row)
}

/// The sightings of a case, newest first.
pub async fn for_case(db: &impl ConnectionTrait, case_id: Uuid) -> ApiResult<Vec<sighting::Model>> {
    Ok(sighting::Entity::find()
        .filter(sighting::Column::CaseId.eq(case_id))
        .order_by_desc(sighting::Column::Id)
        .all(db)
        .await?)
}

async fn timeline(
    db: &impl ConnectionTrait,
    case: &case::Model,
    kind: CaseEventKind,
    caller: Option<&Caller>,
    data: serde_json::Value,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let actor = caller.and_then(|c| c.actor.as_ref());
    let entry = Entry {
        data,
        ..Entry::new(case.id, kind, actor)
    };
    timeline::record(db, entry, now).await?;
    Ok(())
}

/// A keyed hash of the client's address: stable per client, useless to
/// anyone without the server's secret.
fn client_key(state: &AppState, caller: &Caller) -> String {
    let address = caller.client_ip.as_deref().unwrap_or("unknown");
    signed::keyed_hash(&state.address_key, address.as_bytes())
}
