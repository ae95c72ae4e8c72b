//! Value types of reports by SMS.

use async_graphql::Enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an SMS draft stands.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SmsDraftStatus {
    /// Waiting for a facilitation officer to call the sender back.
    #[sea_orm(string_value = "open")]
    Open,
    /// Completed into a case.
    #[sea_orm(string_value = "completed")]
    Completed,
    /// Set aside with a reason: a prank, a test, a duplicate.
    #[sea_orm(string_value = "discarded")]
    Discarded,
}

/// What an incoming SMS was taken for.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SmsMessageKind {
    /// Opened a draft.
    #[sea_orm(string_value = "report")]
    Report,
    /// Came while the sender's draft was open and was added to it.
    #[sea_orm(string_value = "follow_up")]
    FollowUp,
    /// Asked for a case's status.
    #[sea_orm(string_value = "status")]
    Status,
    /// Refused: the sender was over the rate limit.
    #[sea_orm(string_value = "rate_limited")]
    RateLimited,
}
