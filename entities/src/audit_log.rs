//! Who read or changed what, when and from where.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    /// The actor's role as text, or `anonymous`.
    pub actor_role: String,
    /// Dotted action name such as `case.read` or `case.transition`.
    pub action: String,
    pub case_id: Option<Uuid>,
    /// What was done, without personal data: ids, statuses, filters.
    pub detail: Json,
    pub client_ip: Option<String>,
    /// Place in the hash chain, once sealed.
    pub seq: Option<i64>,
    /// Hash of the entry sealed before this one (hex SHA-256).
    pub prev_hash: Option<String>,
    /// Hash of this entry with `prev_hash` (hex SHA-256).
    pub hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
