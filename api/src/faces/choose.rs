//! Picking the child's face on a photo of several: the photo's status lists
//! the faces found with their boxes, and whoever uploaded it (or the staff
//! responsible for its record) says which one is the child. Only that face
//! is kept and compared.

use entities::{FaceStatus, UserRole, face, found_photo, photo};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::jobs;
use crate::{
    domain::{begin_write, caller::Caller, cases},
    error::{ApiError, ApiResult},
    found,
    state::AppState,
};

/// Picks face `face_index` (as numbered on the photo's faces) and queues
/// the photo again to be compared with that face alone.
pub async fn choose(
    state: &AppState,
    caller: &Caller,
    photo_id: Uuid,
    face_index: i32,
) -> ApiResult<()> {
    let actor = caller.actor()?;
    let staff = matches!(
        actor.role,
        UserRole::DistrictPolice | UserRole::RegionalPolice | UserRole::ChildProtection
    );
    let (allowed, case_id) = match photo::Entity::find_by_id(photo_id).one(&state.db).await? {
        Some(photo) => {
            cases::find(&state.db, caller, photo.case_id)
                .await
                .map_err(|err| err.not_found_as("photo"))?;
            let police = matches!(
                actor.role,
                UserRole::DistrictPolice | UserRole::RegionalPolice
            );
            let allowed = police || photo.uploaded_by_user_id == Some(actor.user_id);
            (allowed, Some(photo.case_id))
        }
        None => {
            let photo = found_photo::Entity::find_by_id(photo_id)
                .one(&state.db)
                .await?
                .ok_or(ApiError::NotFound("photo"))?;
            found::find(&state.db, caller, photo.found_child_id)
                .await
                .map_err(|err| err.not_found_as("photo"))?;
            let held_here = found::holds(&state.db, actor, photo.found_child_id).await?;
            let allowed = (staff && held_here) || photo.uploaded_by_user_id == actor.user_id;
            (allowed, None)
        }
    };
    if !allowed {
        tracing::info!(photo.id = %photo_id, user.role = actor.role_name(), "refused face choice: not the uploader");
        return Err(ApiError::Forbidden(
            "the uploader of the photo picks the face",
        ));
    }

    let job = jobs::of_photo(&state.db, photo_id)
        .await?
        .ok_or(ApiError::NotFound("photo"))?;
    if job.status != FaceStatus::SeveralFaces {
        return Err(ApiError::conflict(
            "NOT_SEVERAL_FACES",
            "only a photo showing several faces needs one picked",
        ));
    }
    let faces = face::Entity::find()
        .filter(face::Column::PhotoId.eq(photo_id))
        .count(&state.db)
        .await?;
    if face_index < 0 || u64::try_from(face_index).unwrap_or(u64::MAX) >= faces {
        return Err(ApiError::bad_input(
            "faceIndex",
            format!("one of the {faces} faces on the photo, from 0"),
        ));
    }

    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    jobs::choose(&txn, photo_id, face_index, now).await?;
    caller
        .audit(
            &txn,
            now,
            "photo.choose_face",
            case_id,
            json!({ "photo_id": photo_id, "face_index": face_index }),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}
