//! Found children: a child found or unidentified is registered by the
//! police or by the child-protection institution holding them (a shelter,
//! an Edhi centre, a hospital), with photos the face worker compares with
//! the missing ([`crate::faces::matching`]). A record is seen by the staff
//! of the district holding the child and those above them, and by the
//! police of a case it was proposed for as a match.

mod photos;

use async_graphql::InputObject;
use chrono::{DateTime, Duration, Utc};
use entities::{Sex, UserRole, case, found_child, match_lead};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use serde_json::json;
use uuid::Uuid;

pub use photos::{add_photo, for_record};

use crate::{
    domain::{
        actor::Actor, begin_write, caller::Caller, phone::PhoneNumber, scope::CaseScope, text,
    },
    error::{ApiError, ApiResult},
    state::AppState,
};

#[derive(Debug, Clone, InputObject)]
pub struct FoundChildInput {
    /// A guess is fine: 0 to 17.
    pub approx_age_years: i32,
    pub sex: Sex,
    pub found_at: DateTime<Utc>,
    /// Where the child was found, in words.
    pub found_place: String,
    pub found_district_id: String,
    /// The district where the child is held now; staff register only
    /// children held in their own district (regional police: their region).
    pub district_id: String,
    /// Where the child is now: the institution and its address.
    pub current_place: String,
    /// What the child looks like, wears, says; what is known.
    pub description: String,
    pub institution_name: String,
    /// A number the police can call; told when a match is confirmed.
    pub institution_phone: String,
}

/// Police and child protection register found children; oversight reads.
fn may_register(actor: &Actor) -> bool {
    matches!(
        actor.role,
        UserRole::DistrictPolice | UserRole::RegionalPolice | UserRole::ChildProtection
    )
}

/// The records an actor sees by jurisdiction, as a filter on the table.
pub fn scope(actor: &Actor) -> Condition {
    let only = |expr| Condition::all().add(expr);
    let nothing = || only(found_child::Column::Id.is_null());
    let by = |id: &Option<String>, column: found_child::Column| {
        id.as_deref().map_or_else(nothing, |id| only(column.eq(id)))
    };
    match actor.role {
        UserRole::Ministry => Condition::all(),
        UserRole::ProvincialOversight => by(&actor.province_id, found_child::Column::ProvinceId),
        UserRole::RegionalPolice => by(&actor.region_id, found_child::Column::RegionId),
        UserRole::DistrictPolice | UserRole::ChildProtection => {
            by(&actor.district_id, found_child::Column::DistrictId)
        }
        UserRole::Citizen
        | UserRole::FacilitationOfficer
        | UserRole::SystemAdmin
        | UserRole::Integration => nothing(),
    }
}

/// Police and oversight see the leads on the cases they see; a reporter
/// sees their case, not what is proposed for it.
pub fn sees_leads_on_cases(actor: &Actor) -> bool {
    matches!(
        actor.role,
        UserRole::DistrictPolice
            | UserRole::RegionalPolice
            | UserRole::ProvincialOversight
            | UserRole::Ministry
    )
}

/// The records an actor sees: by jurisdiction, or through a lead on one
/// of the cases they see.
pub fn visible(actor: &Actor) -> Condition {
    if !sees_leads_on_cases(actor) {
        return scope(actor);
    }
    let cases = case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .filter(CaseScope::of(Some(actor)).condition())
        .into_query();
    let leads = match_lead::Entity::find()
        .select_only()
        .column(match_lead::Column::OtherId)
        .filter(match_lead::Column::CaseId.in_subquery(cases))
        .into_query();
    Condition::any()
        .add(scope(actor))
        .add(found_child::Column::Id.in_subquery(leads))
}

/// One record the caller may see, or `NOT_FOUND`.
pub async fn find(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<found_child::Model> {
    let actor = caller.actor()?;
    found_child::Entity::find_by_id(id)
        .filter(visible(actor))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("found child"))
}

/// Whether the record is held in the actor's jurisdiction (not only seen
/// through a lead).
pub async fn holds(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> ApiResult<bool> {
    Ok(found_child::Entity::find_by_id(id)
        .filter(scope(actor))
        .one(db)
        .await?
        .is_some())
}

/// Reads one record, audited.
pub async fn read(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<found_child::Model> {
    let record = find(&state.db, caller, id).await?;
    caller
        .audit(
            &state.db,
            state.clock.now(),
            "found_child.read",
            None,
            json!({ "found_child_id": id }),
        )
        .await?;
    Ok(record)
}

/// The newest records in the caller's jurisdiction, at most `first`;
/// audited with the ids returned.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    first: u64,
) -> ApiResult<Vec<found_child::Model>> {
    let actor = caller.actor()?;
    if !(1..=100).contains(&first) {
        return Err(ApiError::bad_input("first", "between 1 and 100"));
    }
    let rows = found_child::Entity::find()
        .filter(scope(actor))
        .order_by_desc(found_child::Column::CreatedAt)
        .order_by_desc(found_child::Column::Id)
        .limit(first)
        .all(&state.db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    caller
        .audit(
            &state.db,
            state.clock.now(),
            "found_child.list",
            None,
            json!({ "found_child_ids": ids }),
        )
        .await?;
    Ok(rows)
}

/// Registers a found child held in the caller's jurisdiction.
pub async fn register(
    state: &AppState,
    caller: &Caller,
    input: FoundChildInput,
) -> ApiResult<found_child::Model> {
    let actor = caller.actor()?;
    if !may_register(actor) {
        tracing::info!(
            user.role = actor.role_name(),
            "refused found child: role does not register"
        );
        return Err(ApiError::Forbidden(
            "only police and child protection register found children",
        ));
    }
    let now = state.clock.now();
    if !(0..=17).contains(&input.approx_age_years) {
        return Err(ApiError::bad_input(
            "input.approxAgeYears",
            "a child: 0 to 17",
        ));
    }
    if input.found_at > now + Duration::minutes(5) {
        return Err(ApiError::bad_input(
            "input.foundAt",
            "the time found is in the future",
        ));
    }
    let held = state
        .geo
        .district(input.district_id.trim())
        .ok_or_else(|| ApiError::bad_input("input.districtId", "no such district"))?;
    let found_district = state
        .geo
        .district(input.found_district_id.trim())
        .ok_or_else(|| ApiError::bad_input("input.foundDistrictId", "no such district"))?;
    let own = match actor.role {
        UserRole::RegionalPolice => actor.region_id.as_deref() == Some(held.region_id.as_str()),
        _ => actor.district_id.as_deref() == Some(held.id.as_str()),
    };
    if !own {
        tracing::info!(
            user.role = actor.role_name(),
            "refused found child: held outside the caller's jurisdiction"
        );
        return Err(ApiError::Forbidden(
            "register children held in your own jurisdiction",
        ));
    }
    let phone = PhoneNumber::parse(&input.institution_phone)
        .map_err(|msg| ApiError::bad_input("input.institutionPhone", msg))?;
    let row = found_child::ActiveModel {
        id: Set(Uuid::now_v7()),
        province_id: Set(held.province_id.clone()),
        region_id: Set(held.region_id.clone()),
        district_id: Set(held.id.clone()),
        registered_by_user_id: Set(actor.user_id),
        registered_by_role: Set(actor.role),
        approx_age_years: Set(input.approx_age_years),
        sex: Set(input.sex),
        found_at: Set(input.found_at),
        found_place: Set(text::required("input.foundPlace", &input.found_place, 200)?),
        found_district_id: Set(found_district.id.clone()),
        current_place: Set(text::required(
            "input.currentPlace",
            &input.current_place,
            200,
        )?),
        description: Set(text::required(
            "input.description",
            &input.description,
            2000,
        )?),
        institution_name: Set(text::required(
            "input.institutionName",
            &input.institution_name,
            200,
        )?),
        institution_phone: Set(phone.as_str().to_owned()),
        linked_case_id: Set(None),
        linked_at: Set(None),
        created_at: Set(now),
    };

    let txn = begin_write(&state.db).await?;
    let row = found_child::Entity::insert(row)
        .exec_with_returning(&txn)
        .await?;
    caller
        .audit(
            &txn,
            now,
            "found_child.create",
            None,
            json!({ "found_child_id": row.id, "district_id": row.district_id }),
        )
        .await?;
    txn.commit().await?;
    tracing::info!(found_child.id = %row.id, "found child registered");
    Ok(row)
}
