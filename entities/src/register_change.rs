//! One change to the public register, in order: what feeds and the public
//! subscription follow.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "register_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub case_number: String,
    /// `listed`, `updated`, `found` or `removed`.
    pub kind: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
