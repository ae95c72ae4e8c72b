//! Numbers on duty for a jurisdiction (a control room, a duty officer's
//! phone) that get the SMS alerts of that rung without an account.

use sea_orm::entity::prelude::*;

use crate::{Language, Level};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "duty_contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub level: Level,
    /// The district, region or province id; `None` for the national level.
    pub jurisdiction_id: Option<String>,
    pub label: String,
    /// Normalised mobile number (`+923...`).
    pub phone: String,
    pub language: Language,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
