//! A third-party app's key to the public API, with its own rate limit.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The app, as its operators are known.
    pub name: String,
    /// Whom to call about the app's traffic.
    pub contact: String,
    /// The secret's first characters, to tell keys apart in lists.
    pub prefix: String,
    /// SHA-256 of the secret, hex; the secret is shown once, at issue.
    pub secret_hash: String,
    pub requests_per_minute: i32,
    pub created_by_user_id: Uuid,
    pub created_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by_user_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
