//! What the public sees of a published case, and nothing more: the public
//! register is read from this table alone, never from `cases`.

use sea_orm::entity::prelude::*;

use crate::Sex;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "register_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: Uuid,
    #[sea_orm(unique)]
    pub case_number: String,
    /// The first name, or the full name where the reporter consented to it.
    pub public_name: String,
    /// Spelling-tolerant keys of the public name, space-separated and
    /// padded with spaces, for search (see the API's `register::names`).
    pub name_keys: String,
    pub sex: Sex,
    pub age_years: i32,
    pub district_id: String,
    pub province_id: String,
    pub last_seen_on: Date,
    /// `missing`, or `found` for a short while after the child is recovered.
    pub status: String,
    pub found_until: Option<DateTimeUtc>,
    pub description: Option<String>,
    /// The photo whose public version the register shows; none once found.
    pub photo_id: Option<Uuid>,
    pub listed_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
