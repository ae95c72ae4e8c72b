//! Districts, the unit a case is routed to.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "districts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub region_id: String,
    pub province_id: String,
    pub name: String,
    pub name_ur: String,
    /// Latitude of the district headquarters.
    pub hq_lat: f64,
    /// Longitude of the district headquarters.
    pub hq_lon: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
