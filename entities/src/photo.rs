//! A photo of a child on a case. The original and its derivatives live in
//! the object store under `photos/<id>/`; the row holds what describes them.

use sea_orm::entity::prelude::*;

use crate::UserRole;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "photos")]
pub struct Model {
    /// A UUIDv7, also the folder of its objects.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    /// Set for a photo sent with a sighting: it is not part of the case's album.
    pub sighting_id: Option<Uuid>,
    pub uploaded_by_user_id: Option<Uuid>,
    pub uploaded_by_role: UserRole,
    pub uploaded_at: DateTimeUtc,
    /// SHA-256 of the original file, hex.
    pub sha256: String,
    /// `jpeg`, `png` or `webp`: what the bytes are, not what the name said.
    pub format: String,
    pub original_bytes: i64,
    /// Of the image as it should be seen, after its EXIF orientation.
    pub width: i32,
    pub height: i32,
    /// Where the camera said it was; private, offered to police as a hint.
    pub gps_lat: Option<f64>,
    pub gps_lon: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
