//! A report by SMS that waits to be completed into a case.

use sea_orm::entity::prelude::*;

use crate::{Language, Sex, SmsDraftStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sms_drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `SMS-XXXXXX`: what the sender got back and reads out on the phone.
    #[sea_orm(unique)]
    pub reference: String,
    pub status: SmsDraftStatus,
    /// The sender, as the gateway gave it.
    pub phone: String,
    /// The language replies go in.
    pub language: Language,
    /// The inferred district; `None` (with region and province) for the
    /// national queue.
    pub district_id: Option<String>,
    pub region_id: Option<String>,
    pub province_id: Option<String>,
    pub child_name: Option<String>,
    pub child_age_years: Option<i32>,
    pub child_sex: Option<Sex>,
    /// The place words of the message, as written.
    pub place: Option<String>,
    /// When, in the sender's words (`today`, `yesterday evening`).
    pub seen_when: Option<String>,
    /// The fields the parser could not tell from the messages.
    pub unknown: Json,
    pub case_id: Option<Uuid>,
    pub discard_reason: Option<String>,
    /// The officer who completed or discarded it.
    pub handled_by_user_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
