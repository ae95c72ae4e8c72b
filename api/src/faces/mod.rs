//! Faces: every new photo of a child is queued ([`jobs`]) for a worker
//! ([`worker`]) that finds the faces on it with dlib's model ([`model`])
//! and keeps each face's embedding, so that photos of the same child can
//! be found again; the photo's status says what the worker made of it.

pub mod choose;
pub mod eval;
pub mod index;
pub mod jobs;
pub mod leads;
pub mod matching;
pub mod model;
mod notices;
pub mod search;
pub mod worker;

use entities::{LeadStatus, face, face_job, match_lead};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Drops what was found on a photo, its job and the leads on it still
/// waiting for a decision, in the caller's transaction (the photo is being
/// removed). Decided leads stay: a rejected pair stays rejected.
pub async fn forget(db: &impl ConnectionTrait, photo_id: Uuid) -> Result<(), DbErr> {
    face::Entity::delete_many()
        .filter(face::Column::PhotoId.eq(photo_id))
        .exec(db)
        .await?;
    face_job::Entity::delete_many()
        .filter(face_job::Column::PhotoId.eq(photo_id))
        .exec(db)
        .await?;
    match_lead::Entity::delete_many()
        .filter(
            Condition::any()
                .add(match_lead::Column::CasePhotoId.eq(photo_id))
                .add(match_lead::Column::OtherPhotoId.eq(photo_id)),
        )
        .filter(match_lead::Column::Status.is_in([LeadStatus::Open, LeadStatus::Unsure]))
        .exec(db)
        .await?;
    Ok(())
}
