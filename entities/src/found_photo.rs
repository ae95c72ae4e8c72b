//! A photo of a found child. Its objects live in the store under
//! `photos/<id>/`, as a case photo's do.

use sea_orm::entity::prelude::*;

use crate::UserRole;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "found_photos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub found_child_id: Uuid,
    pub uploaded_by_user_id: Uuid,
    pub uploaded_by_role: UserRole,
    pub uploaded_at: DateTimeUtc,
    /// SHA-256 of the original file, hex.
    pub sha256: String,
    pub format: String,
    pub original_bytes: i64,
    pub width: i32,
    pub height: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
