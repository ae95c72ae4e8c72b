//! The outbox: messages are queued in the transaction of the event that
//! caused them, then claimed by a dispatcher under a lease, so that several
//! replicas share the work and none sends what another holds.

use chrono::{DateTime, Duration, Utc};
use entities::{OutboxStatus, outbox};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, ExprTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Expr, LockBehavior, LockType, OnConflict},
};
use uuid::Uuid;

use super::sms;

/// A message to queue.
pub struct NewSms<'a> {
    /// Names the cause and the recipient; queuing the same key twice is a no-op.
    pub dedupe_key: String,
    pub purpose: &'a str,
    pub case_id: Option<Uuid>,
    pub to_phone: &'a str,
    pub body: String,
}

pub async fn enqueue(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    sms: NewSms<'_>,
) -> Result<(), DbErr> {
    let sizing = sms::size(&sms.body);
    let row = outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        dedupe_key: Set(sms.dedupe_key),
        purpose: Set(sms.purpose.to_owned()),
        case_id: Set(sms.case_id),
        to_phone: Set(sms.to_phone.to_owned()),
        body: Set(sms.body),
        encoding: Set(sizing.encoding.name().to_owned()),
        segments: Set(i32::try_from(sizing.segments).unwrap_or(i32::MAX)),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_until: Set(None),
        lease_owner: Set(None),
        gateway: Set(None),
        gateway_answer: Set(None),
        last_error: Set(None),
        delivery_report: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        delivered_at: Set(None),
    };
    outbox::Entity::insert(row)
        .on_conflict(
            OnConflict::column(outbox::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Claims up to `limit` messages that are due and held by nobody, for
/// `lease`. On PostgreSQL rows another dispatcher is claiming are skipped
/// (`FOR UPDATE SKIP LOCKED`); SQLite has one writer at a time anyway.
pub async fn claim(
    db: &impl ConnectionTrait,
    owner: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    let free = Condition::any()
        .add(outbox::Column::LeaseUntil.is_null())
        .add(outbox::Column::LeaseUntil.lt(now));
    let mut due = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(free.clone())
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(limit);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let mut claimed = outbox::Entity::update_many()
        .col_expr(outbox::Column::LeaseUntil, Expr::value(now + lease))
        .col_expr(outbox::Column::LeaseOwner, Expr::value(owner))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.in_subquery(due.into_query()))
        // Checked again on the row itself, in case it changed meanwhile.
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .filter(free)
        .exec_with_returning(db)
        .await?;
    claimed.sort_by_key(|m| m.id);
    Ok(claimed)
}

/// Gives back the messages `owner` claimed and has not recorded, as a
/// dispatcher that stops before their answers came does: their lease ends
/// now, so another dispatcher sends them at once. Says how many there were.
pub async fn release(db: &impl ConnectionTrait, owner: &str) -> Result<u64, DbErr> {
    let released = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LeaseOwner,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::LeaseOwner.eq(owner))
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .filter(outbox::Column::LeaseUntil.is_not_null())
        .exec(db)
        .await?;
    Ok(released.rows_affected)
}

/// Records the gateway's acceptance, if this dispatcher still holds the
/// lease. A delivery report may have come first and settled the status;
/// then only the gateway's answer is added.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: Uuid,
    owner: &str,
    gateway: &str,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let status = Expr::case(
        outbox::Column::Status.eq(OutboxStatus::Pending),
        Expr::value(OutboxStatus::Sent),
    )
    .finally(Expr::col(outbox::Column::Status));
    let done = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, status.into())
        .col_expr(outbox::Column::Gateway, Expr::value(gateway))
        .col_expr(outbox::Column::GatewayAnswer, Expr::value(answer))
        .col_expr(outbox::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// What to do after a failed attempt.
pub enum Retry {
    /// Try again at this time.
    At(DateTime<Utc>),
    /// Give up: the gateway refused the message for good, or attempts ran out.
    Never,
}

pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: Uuid,
    owner: &str,
    gateway: &str,
    error: &str,
    retry: Retry,
) -> Result<(), DbErr> {
    let mut update = outbox::Entity::update_many()
        .col_expr(outbox::Column::Gateway, Expr::value(gateway))
        .col_expr(outbox::Column::LastError, Expr::value(error))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match retry {
        Retry::At(at) => update.col_expr(outbox::Column::NextAttemptAt, Expr::value(at)),
        Retry::Never => update.col_expr(outbox::Column::Status, Expr::value(OutboxStatus::Failed)),
    };
    // A delivery report that came meanwhile proves an earlier acceptance.
    update
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::LeaseOwner.eq(owner))
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .exec(db)
        .await?;
    Ok(())
}

/// A delivery report from the gateway. Reports may arrive out of order, and
/// before the dispatcher has recorded the gateway's acceptance (the message
/// is still `Pending` then); a final one (delivered, failed) is never
/// overwritten by an interim one.
pub async fn record_delivery(
    db: &impl ConnectionTrait,
    id: Uuid,
    report: DeliveryReport,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut update = outbox::Entity::update_many()
        .col_expr(outbox::Column::DeliveryReport, Expr::value(report.name()))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.is_in([
            OutboxStatus::Pending,
            OutboxStatus::Sent,
            OutboxStatus::Delivered,
            OutboxStatus::Failed,
        ]));
    match report {
        DeliveryReport::Delivered => {
            update = update
                .col_expr(outbox::Column::Status, Expr::value(OutboxStatus::Delivered))
                .col_expr(outbox::Column::DeliveredAt, Expr::value(now));
        }
        DeliveryReport::Failed | DeliveryReport::Rejected => {
            update = update
                .col_expr(outbox::Column::Status, Expr::value(OutboxStatus::Failed))
                .filter(outbox::Column::Status.ne(OutboxStatus::Delivered));
        }
        DeliveryReport::Accepted | DeliveryReport::Buffered => {
            update = update
                .filter(outbox::Column::Status.is_in([OutboxStatus::Pending, OutboxStatus::Sent]));
        }
    }
    Ok(update.exec(db).await?.rows_affected == 1)
}

/// Kannel's delivery report types (`%d` in its `dlr-url`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryReport {
    Delivered,
    Failed,
    Buffered,
    Accepted,
    Rejected,
}

impl DeliveryReport {
    pub fn from_kannel(kind: u32) -> Option<Self> {
        match kind {
            1 => Some(Self::Delivered),
            2 => Some(Self::Failed),
            4 => Some(Self::Buffered),
            8 => Some(Self::Accepted),
            16 => Some(Self::Rejected),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Buffered => "buffered",
            Self::Accepted => "smsc_accepted",
            Self::Rejected => "smsc_rejected",
        }
    }
}
