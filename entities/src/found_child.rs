//! A child found or unidentified, registered by the police or by a
//! child-protection institution (a shelter, an Edhi centre, a hospital)
//! holding them, so that their family can be found.

use sea_orm::entity::prelude::*;

use crate::{Sex, UserRole};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "found_children")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Where the child is held now, which decides who sees the record.
    pub province_id: String,
    pub region_id: String,
    pub district_id: String,
    pub registered_by_user_id: Uuid,
    pub registered_by_role: UserRole,
    pub approx_age_years: i32,
    pub sex: Sex,
    pub found_at: DateTimeUtc,
    pub found_place: String,
    pub found_district_id: String,
    /// Where the child is now: the institution's name and address.
    pub current_place: String,
    pub description: String,
    pub institution_name: String,
    /// The institution's number, normalised to +92...; told of a match.
    pub institution_phone: String,
    /// The missing child's case, once police confirmed a match.
    pub linked_case_id: Option<Uuid>,
    pub linked_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
