//! The head of the audit hash chain: one row, locked by whoever seals.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_chain")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// Place of the last sealed entry; 0 before the first.
    pub seq: i64,
    /// Hash of the last sealed entry (hex SHA-256).
    pub hash: String,
    /// The last day (UTC) whose head has been published.
    pub published_through: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
