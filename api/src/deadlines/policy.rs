//! The deadline policy: versioned, changed only by administrators, every
//! change audited. New cases take the version in force when filed.

use async_graphql::InputObject;
use entities::{UserRole, deadline_policy};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder};
use serde_json::json;

use crate::{
    domain::{begin_write, caller::Caller, text},
    error::{ApiError, ApiResult},
    state::AppState,
};

/// The version in force.
pub async fn current(db: &impl ConnectionTrait) -> Result<deadline_policy::Model, DbErr> {
    deadline_policy::Entity::find()
        .order_by_desc(deadline_policy::Column::Version)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("no deadline policy: run the migrations".into()))
}

pub async fn history(db: &impl ConnectionTrait) -> Result<Vec<deadline_policy::Model>, DbErr> {
    deadline_policy::Entity::find()
        .order_by_desc(deadline_policy::Column::Version)
        .all(db)
        .await
}

#[derive(Debug, Clone, InputObject)]
pub struct DeadlinePolicyInput {
    pub acknowledge_minutes: i32,
    pub contact_reporter_minutes: i32,
    pub register_fir_minutes: i32,
    pub investigation_days: i32,
    pub escalation_interval_minutes: i32,
    /// Why the policy changes: a notification, a court order, a review.
    pub note: String,
}

/// Puts a new version in force; cases already filed keep theirs.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    input: DeadlinePolicyInput,
) -> ApiResult<deadline_policy::Model> {
    let actor = caller.require(
        UserRole::SystemAdmin,
        "only administrators change the deadline policy",
    )?;
    let checks = [
        ("acknowledgeMinutes", input.acknowledge_minutes, 5, 24 * 60),
        (
            "contactReporterMinutes",
            input.contact_reporter_minutes,
            15,
            7 * 24 * 60,
        ),
        (
            "registerFirMinutes",
            input.register_fir_minutes,
            15,
            7 * 24 * 60,
        ),
        ("investigationDays", input.investigation_days, 1, 365),
        (
            "escalationIntervalMinutes",
            input.escalation_interval_minutes,
            5,
            7 * 24 * 60,
        ),
    ];
    for (field, value, min, max) in checks {
        if !(min..=max).contains(&value) {
            return Err(ApiError::bad_input(
                field,
                format!("must be from {min} to {max}"),
            ));
        }
    }
    let note = text::required("note", &input.note, 500)?;
    let now = state.clock.now();

    let txn = begin_write(&state.db).await?;
    let version = current(&txn).await?.version + 1;
    let row = deadline_policy::Entity::insert(deadline_policy::ActiveModel {
        version: Set(version),
        acknowledge_minutes: Set(input.acknowledge_minutes),
        contact_reporter_minutes: Set(input.contact_reporter_minutes),
        register_fir_minutes: Set(input.register_fir_minutes),
        investigation_days: Set(input.investigation_days),
        escalation_interval_minutes: Set(input.escalation_interval_minutes),
        note: Set(Some(note)),
        created_by: Set(Some(actor.user_id)),
        created_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    caller
        .audit(
            &txn,
            now,
            "deadline_policy.update",
            None,
            json!({
                "version": version,
                "acknowledge_minutes": row.acknowledge_minutes,
                "contact_reporter_minutes": row.contact_reporter_minutes,
                "register_fir_minutes": row.register_fir_minutes,
                "investigation_days": row.investigation_days,
                "escalation_interval_minutes": row.escalation_interval_minutes,
            }),
        )
        .await?;
    txn.commit().await?;
    Ok(row)
}
