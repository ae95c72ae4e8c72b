//! Value types of alerts and deadlines.

use async_graphql::Enum;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The language a person reads their messages in.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Enum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(2))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Language {
    #[default]
    #[sea_orm(string_value = "en")]
    English,
    #[sea_orm(string_value = "ur")]
    Urdu,
}

/// A rung of the chain of command, from the district up to the ministry.
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
pub enum Level {
    #[sea_orm(string_value = "district")]
    District,
    #[sea_orm(string_value = "region")]
    Region,
    #[sea_orm(string_value = "province")]
    Province,
    #[sea_orm(string_value = "national")]
    National,
}

/// What the law or the policy expects the police to have done by when.
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeadlineKind {
    /// The district police acknowledge the case.
    #[sea_orm(string_value = "acknowledge")]
    Acknowledge,
    /// The police speak to the reporter.
    #[sea_orm(string_value = "contact_reporter")]
    ContactReporter,
    /// The FIR is registered.
    #[sea_orm(string_value = "register_fir")]
    RegisterFir,
    /// The investigation ends in recovery or closure.
    #[sea_orm(string_value = "conclude")]
    Conclude,
}

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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(12))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeadlineStatus {
    /// Still to be met; overdue once its time has passed.
    #[sea_orm(string_value = "open")]
    Open,
    /// The step was taken (late or on time).
    #[sea_orm(string_value = "met")]
    Met,
    /// The step no longer applies: the case ended another way.
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// Where an outgoing message stands.
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
pub enum OutboxStatus {
    /// Waiting for its next attempt.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// The gateway accepted it.
    #[sea_orm(string_value = "sent")]
    Sent,
    /// The network reported it delivered to the phone.
    #[sea_orm(string_value = "delivered")]
    Delivered,
    /// The gateway or network refused it for good, or attempts ran out.
    #[sea_orm(string_value = "failed")]
    Failed,
}
