//! The event log behind live updates: one row per change to a case,
//! written in the transaction of the change. Ids increase in commit order
//! (the writer makes sure of it), so a reader resuming after the last id it
//! saw misses nothing and gets nothing twice.

use sea_orm::entity::prelude::*;

use crate::{CaseEventKind, CaseStatus, UserRole};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub kind: CaseEventKind,
    pub case_id: Uuid,
    pub case_number: String,
    pub from_status: Option<CaseStatus>,
    pub to_status: Option<CaseStatus>,
    /// The note written with the change; reporters see it only when it is
    /// visible to them.
    pub note: Option<String>,
    pub visible_to_reporter: bool,
    pub actor_role: Option<UserRole>,
    /// Where the case belongs after the change.
    pub district_id: String,
    pub region_id: String,
    pub province_id: String,
    /// Where it belonged before, on transfers only.
    pub from_district_id: Option<String>,
    pub from_region_id: Option<String>,
    pub from_province_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
