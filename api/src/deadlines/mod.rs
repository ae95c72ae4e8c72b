//! The law's clocks on every case: deadlines set at filing from the policy
//! in force, met by the steps police take, and escalated up the chain of
//! command while they stay missed (see [`escalation`]).

pub mod escalation;
pub mod policy;

use chrono::{DateTime, Duration, Utc};
use entities::{
    CaseStatus, DeadlineKind, DeadlineStatus, Level, deadline, deadline_breach, deadline_policy,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

/// The rung a missed deadline has reached at escalation `level`: 1 the
/// region, 2 the province, 3 the ministry; `None` while on time.
pub fn rung(level: i32) -> Option<Level> {
    match level {
        1 => Some(Level::Region),
        2 => Some(Level::Province),
        3 => Some(Level::National),
        _ => None,
    }
}

/// Sets a new case's deadlines from `policy`.
pub async fn start(
    db: &impl ConnectionTrait,
    case_id: Uuid,
    filed_at: DateTime<Utc>,
    policy: &deadline_policy::Model,
) -> Result<(), DbErr> {
    let minutes = |m: i32| Duration::minutes(i64::from(m));
    let rows = [
        (
            DeadlineKind::Acknowledge,
            minutes(policy.acknowledge_minutes),
        ),
        (
            DeadlineKind::ContactReporter,
            minutes(policy.contact_reporter_minutes),
        ),
        (
            DeadlineKind::RegisterFir,
            minutes(policy.register_fir_minutes),
        ),
        (
            DeadlineKind::Conclude,
            Duration::days(i64::from(policy.investigation_days)),
        ),
    ]
    .map(|(kind, within)| new_deadline(case_id, kind, filed_at, within, policy.version));
    deadline::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

fn new_deadline(
    case_id: Uuid,
    kind: DeadlineKind,
    from: DateTime<Utc>,
    within: Duration,
    version: i32,
) -> deadline::ActiveModel {
    let due = from + within;
    deadline::ActiveModel {
        id: Set(Uuid::now_v7()),
        case_id: Set(case_id),
        kind: Set(kind),
        policy_version: Set(version),
        due_at: Set(due),
        status: Set(DeadlineStatus::Open),
        met_at: Set(None),
        escalation_level: Set(0),
        next_escalation_at: Set(Some(due)),
        created_at: Set(from),
    }
}

/// How far along the lifecycle a status is.
fn progress(status: CaseStatus) -> u8 {
    match status {
        CaseStatus::Reported => 0,
        CaseStatus::Acknowledged => 1,
        CaseStatus::ReporterContacted => 2,
        CaseStatus::FirRegistered => 3,
        CaseStatus::UnderInvestigation => 4,
        CaseStatus::Recovered | CaseStatus::FoundDeceased | CaseStatus::Closed => 5,
    }
}

/// The deadlines a case in `status` has met, and those that no longer apply.
fn settled_by(status: CaseStatus) -> (Vec<DeadlineKind>, Vec<DeadlineKind>) {
    let reached = progress(status);
    if reached == 5 {
        // The case ended: the investigation is concluded, and steps never
        // taken no longer can be.
        return (
            vec![DeadlineKind::Conclude],
            vec![
                DeadlineKind::Acknowledge,
                DeadlineKind::ContactReporter,
                DeadlineKind::RegisterFir,
            ],
        );
    }
    let met = [
        (1, DeadlineKind::Acknowledge),
        (2, DeadlineKind::ContactReporter),
        (3, DeadlineKind::RegisterFir),
    ]
    .into_iter()
    .filter(|(needed, _)| reached >= *needed)
    .map(|(_, kind)| kind)
    .collect();
    (met, Vec::new())
}

/// Settles the deadlines a case's new status meets or makes moot; meeting
/// one stops its climb and closes its breach record.
pub async fn on_status(
    db: &impl ConnectionTrait,
    case_id: Uuid,
    status: CaseStatus,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (met, moot) = settled_by(status);
    let met_ids: Vec<Uuid> = deadline::Entity::find()
        .select_only()
        .column(deadline::Column::Id)
        .filter(deadline::Column::CaseId.eq(case_id))
        .filter(deadline::Column::Status.eq(DeadlineStatus::Open))
        .filter(deadline::Column::Kind.is_in(met.clone()))
        .into_tuple()
        .all(db)
        .await?;
    for (kinds, outcome) in [
        (met, DeadlineStatus::Met),
        (moot, DeadlineStatus::Cancelled),
    ] {
        if kinds.is_empty() {
            continue;
        }
        deadline::Entity::update_many()
            .col_expr(deadline::Column::Status, Expr::value(outcome))
            .col_expr(deadline::Column::MetAt, Expr::value(now))
            .col_expr(
                deadline::Column::NextEscalationAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(deadline::Column::CaseId.eq(case_id))
            .filter(deadline::Column::Status.eq(DeadlineStatus::Open))
            .filter(deadline::Column::Kind.is_in(kinds))
            .exec(db)
            .await?;
    }
    if !met_ids.is_empty() {
        deadline_breach::Entity::update_many()
            .col_expr(deadline_breach::Column::MetAt, Expr::value(now))
            .filter(deadline_breach::Column::DeadlineId.is_in(met_ids))
            .filter(deadline_breach::Column::MetAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(())
}

/// A reopened case gets a new deadline to conclude, from the policy in force.
pub async fn on_reopen(
    db: &impl ConnectionTrait,
    case_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let policy = policy::current(db).await?;
    let within = Duration::days(i64::from(policy.investigation_days));
    let row = new_deadline(case_id, DeadlineKind::Conclude, now, within, policy.version);
    deadline::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_forward_step_meets_its_own_deadline_and_those_before() {
        let (met, moot) = settled_by(CaseStatus::Acknowledged);
        assert_eq!(met, vec![DeadlineKind::Acknowledge]);
        assert!(moot.is_empty());
        let (met, _) = settled_by(CaseStatus::FirRegistered);
        assert_eq!(
            met,
            vec![
                DeadlineKind::Acknowledge,
                DeadlineKind::ContactReporter,
                DeadlineKind::RegisterFir
            ]
        );
        assert!(settled_by(CaseStatus::Reported).0.is_empty());
    }

    #[test]
    fn an_ended_case_concludes_and_cancels_steps_never_taken() {
        let (met, moot) = settled_by(CaseStatus::Recovered);
        assert_eq!(met, vec![DeadlineKind::Conclude]);
        assert_eq!(moot.len(), 3);
    }
}
