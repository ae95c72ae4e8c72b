//! The timeline of a case: filing, status changes, notes, transfers.

use sea_orm::entity::prelude::*;

use crate::{CaseEventKind, CaseStatus, UserRole};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "case_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub kind: CaseEventKind,
    pub from_status: Option<CaseStatus>,
    pub to_status: Option<CaseStatus>,
    pub note: Option<String>,
    pub visible_to_reporter: bool,
    pub actor_user_id: Option<Uuid>,
    pub actor_role: Option<UserRole>,
    /// Details of the step that are not personal data (FIR, transfer ends).
    pub data: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
