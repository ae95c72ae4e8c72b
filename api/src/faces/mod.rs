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

use entities::{face, face_job};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Drops what was found on a photo, and its job, in the caller's
/// transaction (the photo is being removed).
pub async fn forget(db: &impl ConnectionTrait, photo_id: Uuid) -> Result<(), DbErr> {
    face::Entity::delete_many()
        .filter(face::Column::PhotoId.eq(photo_id))
        .exec(db)
        .await?;
    face_job::Entity::delete_many()
        .filter(face_job::Column::PhotoId.eq(photo_id))
        .exec(db)
        .await?;
    Ok(())
}
