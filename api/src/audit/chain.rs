//! Sealing: a background round hashes the committed audit entries that
//! have no place in the chain yet, in the order of their ids, each with the
//! hash of the entry sealed before it. Entries are written as before, so
//! filing and reading cases pay nothing; the round locks the chain's head
//! row first, so replicas sealing at once take turns, and an entry that
//! commits late (a lower id after a higher one was sealed) is sealed in the
//! next round at the next place.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use entities::{audit_chain, audit_log};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait, sea_query::Expr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::heads;
use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Entries sealed per round at most.
const BATCH: u64 = 2000;

/// What an entry's hash covers: every column but the hashes themselves.
pub struct Fields<'a> {
    pub seq: i64,
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_role: &'a str,
    pub action: &'a str,
    pub case_id: Option<Uuid>,
    pub detail: &'a serde_json::Value,
    pub client_ip: Option<&'a str>,
}

impl<'a> Fields<'a> {
    pub fn of(seq: i64, row: &'a audit_log::Model) -> Self {
        Self {
            seq,
            id: row.id,
            at: row.at,
            actor_user_id: row.actor_user_id,
            actor_role: &row.actor_role,
            action: &row.action,
            case_id: row.case_id,
            detail: &row.detail,
            client_ip: row.client_ip.as_deref(),
        }
    }

    /// SHA-256 (hex) of `prev` and these fields as one JSON array.
    pub fn hash(&self, prev: &str) -> String {
        let fields = serde_json::json!([
            self.seq,
            self.id,
            timestamp(self.at),
            self.actor_user_id,
            self.actor_role,
            self.action,
            self.case_id,
            self.detail,
            self.client_ip,
        ]);
        let mut hasher = Sha256::new();
        hasher.update(prev.as_bytes());
        hasher.update(b"\n");
        hasher.update(fields.to_string().as_bytes());
        hex::encode(hasher.finalize())
    }
}

/// How times are written wherever a hash or a signature covers them.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// One sealing round; publishes the previous day's head when it is due.
/// Returns how many entries were sealed.
pub async fn seal(state: &AppState) -> ApiResult<usize> {
    // Most rounds find nothing to do: look before taking the lock.
    let yesterday = state.clock.now().date_naive() - chrono::Days::new(1);
    let (_, _, published_through) = read_head(&state.db).await?;
    let waiting = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .one(&state.db)
        .await?
        .is_some();
    if !waiting && published_through.is_some_and(|day| day >= yesterday) {
        return Ok(0);
    }

    let txn = state.db.begin().await?;
    // A write first: it takes the head row's lock on PostgreSQL and the
    // write lock on SQLite before anything is read.
    audit_chain::Entity::update_many()
        .col_expr(audit_chain::Column::Id, Expr::col(audit_chain::Column::Id))
        .filter(audit_chain::Column::Id.eq(1))
        .exec(&txn)
        .await?;
    let head = audit_chain::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("the audit chain has no head row")))?;

    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .order_by_asc(audit_log::Column::Id)
        .limit(BATCH)
        .all(&txn)
        .await?;
    let sealed = rows.len();
    let (mut seq, mut hash) = (head.seq, head.hash.clone());
    for row in &rows {
        seq += 1;
        let next = Fields::of(seq, row).hash(&hash);
        audit_log::Entity::update_many()
            .col_expr(audit_log::Column::Seq, Expr::value(seq))
            .col_expr(audit_log::Column::PrevHash, Expr::value(hash.clone()))
            .col_expr(audit_log::Column::Hash, Expr::value(next.clone()))
            .filter(audit_log::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        hash = next;
    }

    // The first round only marks the day before as done: the first head
    // published is that of the first whole day.
    let due = head.published_through.is_none_or(|day| day < yesterday);
    if sealed > 0 || due {
        let mut update = audit_chain::ActiveModel {
            id: Set(1),
            seq: Set(seq),
            hash: Set(hash.clone()),
            ..Default::default()
        };
        if due {
            if head.published_through.is_some() {
                heads::publish(state, yesterday, seq, &hash).await?;
            }
            update.published_through = Set(Some(yesterday));
        }
        audit_chain::Entity::update(update).exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(sealed)
}

/// Seals until nothing is left unsealed (at most `rounds` rounds).
pub async fn seal_all(state: &AppState, rounds: usize) -> ApiResult<()> {
    for _ in 0..rounds {
        if (seal(state).await? as u64) < BATCH {
            break;
        }
    }
    Ok(())
}

/// The chain's current head: the last place and its hash.
pub async fn head(db: &DatabaseConnection) -> ApiResult<(i64, String)> {
    let (seq, hash, _) = read_head(db).await?;
    Ok((seq, hash))
}

async fn read_head(db: &DatabaseConnection) -> ApiResult<(i64, String, Option<NaiveDate>)> {
    let head = audit_chain::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("the audit chain has no head row")))?;
    Ok((head.seq, head.hash, head.published_through))
}
