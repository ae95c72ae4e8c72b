//! A missed deadline, kept for the ministry: which, who was responsible,
//! how far it climbed and when it was finally met.

use sea_orm::entity::prelude::*;

use crate::DeadlineKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deadline_breaches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub deadline_id: Uuid,
    pub case_id: Uuid,
    pub kind: DeadlineKind,
    pub due_at: DateTimeUtc,
    pub detected_at: DateTimeUtc,
    pub met_at: Option<DateTimeUtc>,
    pub escalation_level: i32,
    /// The office responsible when the deadline passed.
    pub district_id: String,
    pub region_id: String,
    pub province_id: String,
    /// The officer handling the case then, if one had taken it.
    pub responsible_user_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
