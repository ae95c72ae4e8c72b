//! Writing and reading the event log.
//!
//! Ids must become visible in increasing order, or a reader that saw id 8
//! could later miss a 7 committed after it. SQLite guarantees it: write
//! transactions start with `BEGIN IMMEDIATE` and so run one at a time. On
//! PostgreSQL a `bigserial` hands out ids at insert, and transactions may
//! commit in another order; so every writer takes one transaction-scoped
//! advisory lock right before its insert and keeps it until it has
//! committed. The lock covers only the tail of each write transaction.

use chrono::{DateTime, Utc};
use entities::{CaseEventKind, CaseStatus, UserRole, case, event};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use uuid::Uuid;

use crate::error::ApiResult;

/// The channel on which PostgreSQL announces new events; the payload is the id.
pub const CHANNEL: &str = "zainab_events";

/// The advisory lock key serialising event writers ("zaevents" in ASCII).
const WRITER_LOCK: i64 = 0x7A61_6576_656E_7473;

/// One change to a case, as the event log records it.
pub struct Change<'a> {
    pub kind: CaseEventKind,
    /// The case after the change.
    pub case: &'a case::Model,
    /// The case before the change; `None` when it was just filed.
    pub before: Option<&'a case::Model>,
    pub to_status: Option<CaseStatus>,
    pub note: Option<&'a str>,
    pub visible_to_reporter: bool,
    /// `None` for what the platform does by itself (escalations).
    pub actor_role: Option<UserRole>,
    pub at: DateTime<Utc>,
}

impl<'a> Change<'a> {
    /// A case that was just filed.
    pub fn filed(case: &'a case::Model, actor_role: UserRole) -> Self {
        Self {
            kind: CaseEventKind::Filed,
            case,
            before: None,
            to_status: Some(case.status),
            note: None,
            visible_to_reporter: true,
            actor_role: Some(actor_role),
            at: case.reported_at,
        }
    }
}

/// Inserts the event of `change` inside `txn`, and returns its id. Call it
/// last in the transaction: on PostgreSQL it holds the writer lock until
/// commit, and it queues the notification that commit delivers.
pub async fn record(txn: &impl ConnectionTrait, change: &Change<'_>) -> ApiResult<i64> {
    let postgres = txn.get_database_backend() == DatabaseBackend::Postgres;
    if postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [WRITER_LOCK.into()],
        ))
        .await?;
    }

    let moved = change
        .before
        .filter(|before| before.district_id != change.case.district_id);
    let row = event::ActiveModel {
        id: NotSet,
        at: Set(change.at),
        kind: Set(change.kind),
        case_id: Set(change.case.id),
        case_number: Set(change.case.case_number.clone()),
        from_status: Set(change
            .before
            .filter(|_| change.to_status.is_some())
            .map(|before| before.status)),
        to_status: Set(change.to_status),
        note: Set(change.note.map(str::to_owned)),
        visible_to_reporter: Set(change.visible_to_reporter),
        actor_role: Set(change.actor_role),
        district_id: Set(change.case.district_id.clone()),
        region_id: Set(change.case.region_id.clone()),
        province_id: Set(change.case.province_id.clone()),
        from_district_id: Set(moved.map(|b| b.district_id.clone())),
        from_region_id: Set(moved.map(|b| b.region_id.clone())),
        from_province_id: Set(moved.map(|b| b.province_id.clone())),
    };
    let id = event::Entity::insert(row).exec(txn).await?.last_insert_id;

    if postgres {
        // Delivered to every listener when, and only if, the transaction commits.
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), id.to_string().into()],
        ))
        .await?;
    }
    Ok(id)
}

/// Up to `limit` events after id `after`, oldest first; of one case only
/// when `case_id` is given.
pub async fn after(
    db: &impl ConnectionTrait,
    after: i64,
    case_id: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<event::Model>> {
    let mut query = event::Entity::find().filter(event::Column::Id.gt(after));
    if let Some(case_id) = case_id {
        query = query.filter(event::Column::CaseId.eq(case_id));
    }
    Ok(query
        .order_by_asc(event::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The highest event id committed so far (0 when there is none).
pub async fn last_id(db: &impl ConnectionTrait) -> ApiResult<i64> {
    let last: Option<i64> = event::Entity::find()
        .select_only()
        .column_as(event::Column::Id.max(), "last")
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok(last.unwrap_or(0))
}
