//! A face found on a photo: where it is and its 128-number embedding.

use sea_orm::entity::prelude::*;

use crate::FaceSide;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "faces")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub photo_id: Uuid,
    pub side: FaceSide,
    /// The case of the photo (a sighting's: the case seen); for a found
    /// child's photo, the found child's record.
    pub case_id: Uuid,
    /// Faces on one photo, numbered left to right from 0.
    pub face_index: i32,
    /// The detector's box, in pixels of the display derivative.
    pub box_left: i32,
    pub box_top: i32,
    pub box_right: i32,
    pub box_bottom: i32,
    /// 128 little-endian `f32`.
    pub embedding: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
