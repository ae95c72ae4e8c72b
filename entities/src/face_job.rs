//! A photo waiting for the face worker, or what the worker found on it.
//! Claimed under a lease, so a worker that dies loses nothing.

use sea_orm::entity::prelude::*;

use crate::{FaceSide, FaceStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "face_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub photo_id: Uuid,
    pub side: FaceSide,
    /// The case the photo belongs to; for a found child's photo, the
    /// found child's record.
    pub case_id: Uuid,
    pub status: FaceStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// While set and in the future, one worker holds the job.
    pub lease_until: Option<DateTimeUtc>,
    pub lease_owner: Option<String>,
    /// Why the last attempt failed; never personal data.
    pub last_error: Option<String>,
    /// How many faces the detector found, once it ran.
    pub faces: Option<i32>,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// On a photo of several faces, the one the uploader said is the child:
    /// the only one kept and compared.
    pub chosen_face: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
