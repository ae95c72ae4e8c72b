//! The deadline policy, one row per version; the highest version is in force.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deadline_policies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    pub acknowledge_minutes: i32,
    pub contact_reporter_minutes: i32,
    pub register_fir_minutes: i32,
    pub investigation_days: i32,
    /// Time between two rungs of escalation while a deadline stays missed.
    pub escalation_interval_minutes: i32,
    pub note: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
