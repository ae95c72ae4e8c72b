//! Photos of found children: the same checks, derivatives and store as a
//! case's photos, a row of their own, and a job for the face worker.

use entities::{FaceSide, UserRole, found_child, found_photo, storage_intent};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, SqlErr,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    domain::{begin_write, caller::Caller},
    error::{ApiError, ApiResult},
    faces, photos,
    state::AppState,
};

/// The photos of a record, oldest first.
pub async fn for_record(
    db: &impl ConnectionTrait,
    found_child_id: Uuid,
) -> ApiResult<Vec<found_photo::Model>> {
    Ok(found_photo::Entity::find()
        .filter(found_photo::Column::FoundChildId.eq(found_child_id))
        .order_by_asc(found_photo::Column::Id)
        .all(db)
        .await?)
}

/// Adds an uploaded photo to a found child's record in the caller's
/// jurisdiction, and queues it for the face worker.
pub async fn add_photo(
    state: &AppState,
    caller: &Caller,
    found_child_id: Uuid,
    bytes: Vec<u8>,
) -> ApiResult<found_photo::Model> {
    let actor = caller.actor()?;
    let record = held_here(&state.db, caller, found_child_id).await?;
    if !matches!(
        actor.role,
        UserRole::DistrictPolice | UserRole::RegionalPolice | UserRole::ChildProtection
    ) {
        tracing::info!(
            user.role = actor.role_name(),
            "refused found child photo: role does not add photos"
        );
        return Err(ApiError::Forbidden("your role does not add photos"));
    }
    let limit = state.config.photos_per_case;
    if count(&state.db, record.id).await? >= limit {
        return Err(too_many(limit));
    }

    let processed = photos::process(state, bytes).await?;
    let staged = photos::stage(state, processed).await?;
    let added = commit(state, caller, &record, &staged, limit).await;
    if added.is_err() {
        photos::discard(state, std::slice::from_ref(&staged)).await;
    }
    added
}

/// The record, if it is held in the caller's jurisdiction (a lead shows
/// police a record; it does not let them add to it).
async fn held_here(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<found_child::Model> {
    let actor = caller.actor()?;
    found_child::Entity::find_by_id(id)
        .filter(super::scope(actor))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("found child"))
}

async fn count(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<u64> {
    Ok(found_photo::Entity::find()
        .filter(found_photo::Column::FoundChildId.eq(id))
        .count(db)
        .await?)
}

async fn commit(
    state: &AppState,
    caller: &Caller,
    record: &found_child::Model,
    staged: &photos::Staged,
    limit: u64,
) -> ApiResult<found_photo::Model> {
    let actor = caller.actor()?;
    let now = state.clock.now();
    let p = &staged.processed;
    let txn = begin_write(&state.db).await?;
    if count(&txn, record.id).await? >= limit {
        return Err(too_many(limit));
    }
    let row = found_photo::ActiveModel {
        id: Set(staged.id),
        found_child_id: Set(record.id),
        uploaded_by_user_id: Set(actor.user_id),
        uploaded_by_role: Set(actor.role),
        uploaded_at: Set(now),
        sha256: Set(p.sha256.clone()),
        format: Set(p.format.to_owned()),
        original_bytes: Set(i64::try_from(p.original_len).unwrap_or(i64::MAX)),
        width: Set(i32::try_from(p.width).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(p.height).unwrap_or(i32::MAX)),
    };
    let row = match found_photo::Entity::insert(row)
        .exec_with_returning(&txn)
        .await
    {
        Ok(row) => row,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(ApiError::conflict(
                "DUPLICATE_PHOTO",
                "this photo is already on the record",
            ));
        }
        Err(err) => return Err(err.into()),
    };
    storage_intent::Entity::delete_by_id(staged.id)
        .exec(&txn)
        .await?;
    faces::jobs::enqueue(&txn, now, row.id, FaceSide::Found, record.id).await?;
    caller
        .audit(
            &txn,
            now,
            "found_child.photo_add",
            None,
            json!({ "found_child_id": record.id, "photo_id": row.id, "sha256": row.sha256 }),
        )
        .await?;
    txn.commit().await?;
    tracing::info!(found_child.id = %record.id, photo.id = %row.id, "found child photo added");
    Ok(row)
}

fn too_many(limit: u64) -> ApiError {
    ApiError::rejected(
        "photo",
        "TOO_MANY_PHOTOS",
        format!("a record holds at most {limit} photos"),
    )
}
