//! One deadline of one case, with how far a miss has climbed.

use sea_orm::entity::prelude::*;

use crate::{DeadlineKind, DeadlineStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deadlines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub kind: DeadlineKind,
    pub policy_version: i32,
    pub due_at: DateTimeUtc,
    pub status: DeadlineStatus,
    pub met_at: Option<DateTimeUtc>,
    /// 0 while on time; 1 region, 2 province, 3 ministry once missed.
    pub escalation_level: i32,
    /// When the clock next looks at it; `None` once it is no longer open.
    pub next_escalation_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
