//! Two cases that may be the same child, as found at intake.

use sea_orm::entity::prelude::*;

use crate::{CaseStatus, TextList};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "duplicate_candidates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The lower of the two case ids.
    pub case_a: Uuid,
    pub case_b: Uuid,
    /// From 0 to 1; higher is more alike.
    pub score: f64,
    /// Why the two look alike, in words police read.
    pub reasons: TextList,
    /// `open`, `dismissed` or `merged`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by_user_id: Option<Uuid>,
    /// After a merge: the case kept.
    pub kept_case_id: Option<Uuid>,
    /// After a merge: the status the merged case had before it.
    pub prior_status: Option<CaseStatus>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
