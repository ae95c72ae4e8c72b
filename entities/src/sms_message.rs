//! One incoming SMS, stored once per gateway message id.

use sea_orm::entity::prelude::*;

use crate::SmsMessageKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sms_messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Kannel's message id (`%I`).
    #[sea_orm(unique)]
    pub gateway_id: String,
    pub phone: String,
    pub kind: SmsMessageKind,
    pub draft_id: Option<Uuid>,
    /// The text as sent, control characters removed; never interpreted.
    pub text: String,
    /// The SMS data coding: 0 GSM 7-bit, 1 8-bit, 2 UCS-2.
    pub coding: i32,
    pub received_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
