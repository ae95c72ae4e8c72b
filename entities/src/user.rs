//! Accounts of staff, citizens and integration clients.

use sea_orm::entity::prelude::*;

use crate::{Language, UserRole};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Login name of staff; citizens who arrive through the Portal have none.
    #[sea_orm(unique)]
    pub username: Option<String>,
    /// Argon2 PHC string; `None` for accounts that cannot log in with a password.
    pub password_hash: Option<String>,
    pub display_name: String,
    /// Normalised mobile number (`+923...`).
    pub phone: Option<String>,
    pub role: UserRole,
    pub province_id: Option<String>,
    pub region_id: Option<String>,
    pub district_id: Option<String>,
    /// The government office a facilitation officer works at.
    pub office: Option<String>,
    /// Issuer of the external identity (the Citizen's Portal), with `external_subject`.
    pub external_issuer: Option<String>,
    pub external_subject: Option<String>,
    pub active: bool,
    /// Staff on duty get the alerts of their jurisdiction.
    pub on_duty: bool,
    pub language: Language,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
