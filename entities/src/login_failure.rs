//! Failed sign-ins under one username, and the lock they put on it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "login_failures")]
pub struct Model {
    /// A keyed hash of the username tried, whether or not it exists.
    #[sea_orm(primary_key, auto_increment = false)]
    pub username_key: String,
    /// Failures in a row, counted until a success or a quiet spell.
    pub failures: i32,
    pub last_failure_at: DateTimeUtc,
    /// No sign-in under this username is tried before this time.
    pub locked_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
