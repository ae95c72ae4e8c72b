//! A member of the public saw a child on the register.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sightings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub seen_at: DateTimeUtc,
    pub place: String,
    pub district_id: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub description: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// A keyed hash of the client's address, for rate limits; never the address.
    pub client_key: String,
    pub photo_id: Option<Uuid>,
    /// `credible`, `not_credible` or `hoax`, once police have looked.
    pub assessment: Option<String>,
    pub assessed_by_user_id: Option<Uuid>,
    pub assessed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
