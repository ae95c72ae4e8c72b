//! The clock that climbs the chain of command: a deadline missed goes to
//! the region, then after the policy's interval to the province, then to
//! the ministry, as long as it stays unmet.
//!
//! Each step is taken in one transaction guarded by the level it climbs
//! from, so with several replicas each step happens exactly once, and a
//! process that was down catches up on every step that fell due meanwhile.

use chrono::{DateTime, Duration, Utc};
use entities::{
    CaseEventKind, DeadlineStatus, case, case_event, deadline, deadline_breach, deadline_policy,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use serde_json::json;
use tokio::sync::watch;
use uuid::Uuid;

use crate::{
    deadlines::rung,
    domain::{begin_write, caller},
    error::{ApiError, ApiResult},
    events,
    notify::routing,
    state::AppState,
};

/// Runs the clock until `stop` turns true.
pub async fn run(state: AppState, stop: watch::Receiver<bool>) {
    tracing::info!("deadline clock started");
    crate::ticker::every_tick(state, stop, "deadline clock", |state| async move {
        tick(&state).await
    })
    .await;
    tracing::info!("deadline clock stopped");
}

/// Takes every escalation step that is due; returns how many were taken.
pub async fn tick(state: &AppState) -> ApiResult<usize> {
    let mut taken = 0;
    loop {
        let now = state.clock.now();
        let due = deadline::Entity::find()
            .filter(deadline::Column::Status.eq(DeadlineStatus::Open))
            .filter(deadline::Column::NextEscalationAt.lte(now))
            .order_by_asc(deadline::Column::NextEscalationAt)
            .limit(100)
            .all(&state.db)
            .await?;
        if due.is_empty() {
            return Ok(taken);
        }
        let mut progressed = false;
        for deadline in due {
            if climb(state, &deadline, now).await? {
                taken += 1;
                progressed = true;
            }
        }
        if !progressed {
            // Another replica is taking these steps.
            return Ok(taken);
        }
    }
}

/// Takes one deadline one rung up; `false` if another process already did
/// or the deadline was met meanwhile.
async fn climb(state: &AppState, due: &deadline::Model, now: DateTime<Utc>) -> ApiResult<bool> {
    let level = due.escalation_level + 1;
    let Some(reached) = rung(level) else {
        return Ok(false);
    };
    let policy = deadline_policy::Entity::find_by_id(due.policy_version)
        .one(&state.db)
        .await?
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!("policy {} vanished", due.policy_version))
        })?;
    let interval = Duration::minutes(i64::from(policy.escalation_interval_minutes));
    let next = due.next_escalation_at.unwrap_or(due.due_at) + interval;
    let next = rung(level + 1).map(|_| next);

    let txn = begin_write(&state.db).await?;
    let claimed = deadline::Entity::update_many()
        .col_expr(deadline::Column::EscalationLevel, Expr::value(level))
        .col_expr(deadline::Column::NextEscalationAt, Expr::value(next))
        .filter(deadline::Column::Id.eq(due.id))
        .filter(deadline::Column::Status.eq(DeadlineStatus::Open))
        .filter(deadline::Column::EscalationLevel.eq(due.escalation_level))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(false);
    }
    let case = case::Entity::find_by_id(due.case_id)
        .one(&txn)
        .await?
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!("case of deadline {} vanished", due.id))
        })?;

    if level == 1 {
        deadline_breach::Entity::insert(deadline_breach::ActiveModel {
            id: Set(Uuid::now_v7()),
            deadline_id: Set(due.id),
            case_id: Set(case.id),
            kind: Set(due.kind),
            due_at: Set(due.due_at),
            detected_at: Set(now),
            met_at: Set(None),
            escalation_level: Set(level),
            district_id: Set(case.district_id.clone()),
            region_id: Set(case.region_id.clone()),
            province_id: Set(case.province_id.clone()),
            responsible_user_id: Set(case.handling_officer_id),
        })
        .exec_without_returning(&txn)
        .await?;
    } else {
        deadline_breach::Entity::update_many()
            .col_expr(deadline_breach::Column::EscalationLevel, Expr::value(level))
            .filter(deadline_breach::Column::DeadlineId.eq(due.id))
            .exec(&txn)
            .await?;
    }

    let told = routing::escalated(&txn, state, now, &case, due, reached, now - due.due_at).await?;
    let detail =
        json!({ "deadline": due.kind, "level": reached, "due_at": due.due_at, "told": told });
    case_event::Entity::insert(case_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        case_id: Set(case.id),
        kind: Set(CaseEventKind::Escalated),
        from_status: Set(None),
        to_status: Set(None),
        note: Set(None),
        visible_to_reporter: Set(false),
        actor_user_id: Set(None),
        actor_role: Set(None),
        data: Set(detail.clone()),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    caller::system_audit(&txn, now, "deadline.escalate", Some(case.id), detail).await?;
    let change = events::Change {
        kind: CaseEventKind::Escalated,
        case: &case,
        before: Some(&case),
        to_status: None,
        note: None,
        visible_to_reporter: false,
        actor_role: None,
        at: now,
    };
    events::commit(state, txn, change).await?;

    tracing::info!(case.id = %case.id, deadline.kind = ?due.kind, escalation.level = level, "missed deadline escalated");
    Ok(true)
}
