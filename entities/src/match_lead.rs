//! A match the face worker proposed between a missing child's photo and a
//! found child's or a sighting's, for the police of the case to decide.
//! One lead per case and other record: a rejected pair stays rejected.

use sea_orm::entity::prelude::*;

use crate::{FaceSide, LeadStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "match_leads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub case_photo_id: Uuid,
    /// `Found` or `Sighting`.
    pub other_side: FaceSide,
    /// The found child's record, or the sighting.
    pub other_id: Uuid,
    pub other_photo_id: Uuid,
    /// Between the two faces' embeddings, when first proposed.
    pub distance: f64,
    pub status: LeadStatus,
    pub decided_by_user_id: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
