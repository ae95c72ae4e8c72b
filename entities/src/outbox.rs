//! Outgoing SMS, written in the transaction of the event that caused them
//! and sent by the dispatcher.

use sea_orm::entity::prelude::*;

use crate::OutboxStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    /// A UUIDv7: ordering by id is ordering by time.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Names the event and recipient, so the same message is never queued twice.
    #[sea_orm(unique)]
    pub dedupe_key: String,
    /// `receipt`, `case_filed`, `escalation`.
    pub purpose: String,
    pub case_id: Option<Uuid>,
    pub to_phone: String,
    pub body: String,
    /// `gsm7` or `ucs2`.
    pub encoding: String,
    pub segments: i32,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// While set and in the future, one dispatcher holds the message.
    pub lease_until: Option<DateTimeUtc>,
    pub lease_owner: Option<String>,
    pub gateway: Option<String>,
    pub gateway_answer: Option<String>,
    pub last_error: Option<String>,
    /// The last delivery report's kind: `smsc_accepted`, `delivered`, `failed`, ...
    pub delivery_report: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
