//! Adding photos to a case and taking them off, with who may do which.

use crate::domain::timeline::{self, Entry};
use entities::{CaseEventKind, FaceSide, UserRole, case, photo, storage_intent};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, SqlErr,
};
use serde_json::json;
use uuid::Uuid;

use super::{Staged, discard, janitor, prefix, process, stage};
use crate::{
    domain::{actor::Actor, begin_write, caller::Caller, cases},
    error::{ApiError, ApiResult},
    events, faces,
    state::AppState,
};

/// The reporter, the officer who filed and the police of the case may add
/// photos; oversight watches and does not.
pub fn may_add(actor: &Actor) -> bool {
    matches!(
        actor.role,
        UserRole::Citizen
            | UserRole::FacilitationOfficer
            | UserRole::DistrictPolice
            | UserRole::RegionalPolice
    )
}

/// Police of the case may take any photo off; others only their own.
fn may_remove(actor: &Actor, photo: &photo::Model) -> bool {
    matches!(
        actor.role,
        UserRole::DistrictPolice | UserRole::RegionalPolice
    ) || photo.uploaded_by_user_id == Some(actor.user_id)
}

/// The photos of a case's album (not those sent with sightings), oldest first.
pub async fn for_case(db: &impl ConnectionTrait, case_id: Uuid) -> ApiResult<Vec<photo::Model>> {
    Ok(photo::Entity::find()
        .filter(photo::Column::CaseId.eq(case_id))
        .filter(photo::Column::SightingId.is_null())
        .order_by_asc(photo::Column::Id)
        .all(db)
        .await?)
}

/// Adds one uploaded file to a case the caller may add photos to.
pub async fn add(
    state: &AppState,
    caller: &Caller,
    case_id: Uuid,
    bytes: Vec<u8>,
) -> ApiResult<photo::Model> {
    let actor = caller.actor()?;
    let case = cases::find(&state.db, caller, case_id).await?;
    check_may_add(actor, &case)?;
    let limit = state.config.photos_per_case;
    if photo::Entity::find()
        .filter(photo::Column::CaseId.eq(case_id))
        .filter(photo::Column::SightingId.is_null())
        .count(&state.db)
        .await?
        >= limit
    {
        return Err(too_many(limit));
    }

    let processed = process(state, bytes).await?;
    let duplicate = photo::Entity::find()
        .filter(photo::Column::CaseId.eq(case_id))
        .filter(photo::Column::Sha256.eq(processed.sha256.as_str()))
        .one(&state.db)
        .await?;
    if duplicate.is_some() {
        return Err(duplicate_photo());
    }

    let staged = stage(state, processed).await?;
    let added = commit(state, caller, case_id, &staged).await;
    if added.is_err() {
        discard(state, std::slice::from_ref(&staged)).await;
    }
    added
}

async fn commit(
    state: &AppState,
    caller: &Caller,
    case_id: Uuid,
    staged: &Staged,
) -> ApiResult<photo::Model> {
    let actor = caller.actor()?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    // Checked again: the case may have moved or closed during the upload.
    let case = cases::find(&txn, caller, case_id).await?;
    check_may_add(actor, &case)?;
    // Locks the case row on PostgreSQL, so that two uploads to one case
    // count its photos one after the other.
    case::Entity::update_many()
        .col_expr(case::Column::UpdatedAt, now.into())
        .filter(case::Column::Id.eq(case_id))
        .exec(&txn)
        .await?;

    let row = insert_staged(
        &txn,
        &case,
        staged,
        actor,
        now,
        state.config.photos_per_case,
    )
    .await?;
    crate::register::sync(&txn, state, case_id, now).await?;
    caller
        .audit(
            &txn,
            now,
            "photo.add",
            Some(case_id),
            json!({ "photo_id": row.id, "sha256": row.sha256, "bytes": row.original_bytes }),
        )
        .await?;
    let change = events::Change {
        kind: CaseEventKind::PhotoAdded,
        case: &case,
        before: None,
        to_status: None,
        note: None,
        visible_to_reporter: true,
        actor_role: Some(actor.role),
        at: now,
    };
    events::commit(state, txn, change).await?;
    tracing::info!(case.id = %case_id, photo.id = %row.id, "photo added");
    Ok(row)
}

/// Inserts the row of a staged photo inside `txn` and clears its intent;
/// the case must be locked by the caller. Refuses a case already holding
/// `limit` photos, or this very file.
pub async fn insert_staged(
    txn: &impl ConnectionTrait,
    case: &case::Model,
    staged: &Staged,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    limit: u64,
) -> ApiResult<photo::Model> {
    let held = photo::Entity::find()
        .filter(photo::Column::CaseId.eq(case.id))
        .filter(photo::Column::SightingId.is_null())
        .count(txn)
        .await?;
    if held >= limit {
        return Err(too_many(limit));
    }
    let row = insert_row(txn, case, staged, None, Some(actor), now).await?;
    let entry = Entry {
        visible_to_reporter: true,
        data: json!({ "photo_id": row.id }),
        ..Entry::new(case.id, CaseEventKind::PhotoAdded, Some(actor))
    };
    timeline::record(txn, entry, now).await?;
    // The face worker looks for the child's face in it.
    faces::jobs::enqueue(txn, now, row.id, FaceSide::Missing, case.id).await?;
    Ok(row)
}

/// Inserts the row of a photo sent with a sighting (by anyone: it has no
/// uploader account), outside the case's album and its limit, and queues
/// it for the face worker.
pub async fn insert_sighting_photo(
    txn: &impl ConnectionTrait,
    case: &case::Model,
    staged: &Staged,
    sighting_id: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<photo::Model> {
    let row = insert_row(txn, case, staged, Some(sighting_id), None, now).await?;
    faces::jobs::enqueue(txn, now, row.id, FaceSide::Sighting, case.id).await?;
    Ok(row)
}

async fn insert_row(
    txn: &impl ConnectionTrait,
    case: &case::Model,
    staged: &Staged,
    sighting_id: Option<Uuid>,
    actor: Option<&Actor>,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<photo::Model> {
    let p = &staged.processed;
    let row = photo::ActiveModel {
        id: Set(staged.id),
        case_id: Set(case.id),
        sighting_id: Set(sighting_id),
        uploaded_by_user_id: Set(actor.map(|a| a.user_id)),
        // A sighting's photo comes from the public, without an account.
        uploaded_by_role: Set(actor.map_or(UserRole::Citizen, |a| a.role)),
        uploaded_at: Set(now),
        sha256: Set(p.sha256.clone()),
        format: Set(p.format.to_owned()),
        original_bytes: Set(i64::try_from(p.original_len).unwrap_or(i64::MAX)),
        width: Set(i32::try_from(p.width).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(p.height).unwrap_or(i32::MAX)),
        gps_lat: Set(p.gps.map(|(lat, _)| lat)),
        gps_lon: Set(p.gps.map(|(_, lon)| lon)),
    };
    let row = match photo::Entity::insert(row).exec_with_returning(txn).await {
        Ok(row) => row,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(duplicate_photo());
        }
        Err(err) => return Err(err.into()),
    };
    storage_intent::Entity::delete_by_id(staged.id)
        .exec(txn)
        .await?;
    Ok(row)
}

/// Takes a photo off its case: the row goes first, with an intent in its
/// place, then the objects.
pub async fn remove(state: &AppState, caller: &Caller, photo_id: Uuid) -> ApiResult<Uuid> {
    let actor = caller.actor()?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let photo = photo::Entity::find_by_id(photo_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("photo"))?;
    let case = cases::find(&txn, caller, photo.case_id)
        .await
        .map_err(|err| err.not_found_as("photo"))?;
    if !may_remove(actor, &photo) {
        tracing::info!(photo.id = %photo_id, user.role = actor.role_name(), "refused photo removal");
        return Err(ApiError::Forbidden("you may not remove this photo"));
    }

    photo::Entity::delete_by_id(photo_id).exec(&txn).await?;
    crate::register::sync(&txn, state, case.id, now).await?;
    faces::forget(&txn, photo_id).await?;
    let intent = Uuid::now_v7();
    storage_intent::Entity::insert(storage_intent::ActiveModel {
        id: Set(intent),
        prefix: Set(prefix(photo_id)),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    let entry = Entry {
        visible_to_reporter: true,
        data: json!({ "photo_id": photo_id }),
        ..Entry::new(case.id, CaseEventKind::PhotoRemoved, Some(actor))
    };
    timeline::record(&txn, entry, now).await?;
    caller
        .audit(
            &txn,
            now,
            "photo.remove",
            Some(case.id),
            json!({ "photo_id": photo_id }),
        )
        .await?;
    let change = events::Change {
        kind: CaseEventKind::PhotoRemoved,
        case: &case,
        before: None,
        to_status: None,
        note: None,
        visible_to_reporter: true,
        actor_role: Some(actor.role),
        at: now,
    };
    events::commit(state, txn, change).await?;

    janitor::clear(state, intent, &prefix(photo_id)).await;
    tracing::info!(case.id = %case.id, photo.id = %photo_id, "photo removed");
    Ok(photo_id)
}

fn check_may_add(actor: &Actor, case: &case::Model) -> ApiResult<()> {
    if !may_add(actor) {
        tracing::info!(case.id = %case.id, user.role = actor.role_name(), "refused photo upload: role does not add photos");
        return Err(ApiError::Forbidden("your role does not add photos"));
    }
    if case.status.is_final() {
        return Err(ApiError::conflict(
            "CASE_CLOSED",
            "the case has reached an outcome; reopen it to add photos",
        ));
    }
    Ok(())
}

fn too_many(limit: u64) -> ApiError {
    ApiError::rejected(
        "photo",
        "TOO_MANY_PHOTOS",
        format!("a case holds at most {limit} photos; remove one first"),
    )
}

fn duplicate_photo() -> ApiError {
    ApiError::conflict("DUPLICATE_PHOTO", "this photo is already on the case")
}
