//! Verification of the chain: every sealed entry in order of its place,
//! recomputing each hash, then the head row and, when given, the published
//! heads. Stops at the first broken entry and names it.

use std::fmt;

use entities::audit_log;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{
    chain::{self, Fields, GENESIS},
    heads::Head,
};
use crate::error::ApiResult;

const PAGE: u64 = 1000;

/// The first place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The audit entry's id, when the break is at an entry that exists.
    pub id: Option<i64>,
    pub seq: i64,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Verification {
    /// Sealed entries whose hashes were checked.
    pub entries: u64,
    /// Entries not yet sealed (written since the last sealing round).
    pub unsealed: u64,
    /// Published heads checked against the chain.
    pub heads: usize,
    pub broken: Option<Broken>,
}

impl fmt::Display for Verification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.broken {
            None => write!(
                f,
                "the audit chain holds: {} entries, {} published heads checked, {} entries not yet sealed",
                self.entries, self.heads, self.unsealed
            ),
            Some(broken) => {
                write!(f, "the audit chain is broken at place {}", broken.seq)?;
                if let Some(id) = broken.id {
                    write!(f, " (audit entry id {id})")?;
                }
                write!(
                    f,
                    ": {}; {} entries before it hold",
                    broken.reason, self.entries
                )
            }
        }
    }
}

/// Verifies the whole chain, and each of `heads` against `public_key`.
pub async fn run(
    db: &DatabaseConnection,
    heads: &[Head],
    public_key: &str,
) -> ApiResult<Verification> {
    let mut report = Verification {
        unsealed: audit_log::Entity::find()
            .filter(audit_log::Column::Seq.is_null())
            .count(db)
            .await?,
        ..Default::default()
    };
    let mut hashes = std::collections::HashMap::new();
    let wanted: std::collections::HashSet<i64> = heads.iter().map(|h| h.seq).collect();
    let (mut seq, mut prev) = (0_i64, GENESIS.to_owned());
    let mut previous_id = None;

    'pages: loop {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gt(seq))
            .order_by_asc(audit_log::Column::Seq)
            .limit(PAGE)
            .all(db)
            .await?;
        for row in &rows {
            let at = row.seq.unwrap_or_default();
            let broken = |id, seq, reason: String| Some(Broken { id, seq, reason });
            if at != seq + 1 {
                report.broken = broken(
                    Some(row.id),
                    seq + 1,
                    format!(
                        "the entry at this place is missing (deleted); the next present is at place {at}"
                    ),
                );
                break 'pages;
            }
            let stored = row.hash.as_deref().unwrap_or_default();
            if Fields::of(at, row).hash(row.prev_hash.as_deref().unwrap_or_default()) != stored {
                report.broken = broken(
                    Some(row.id),
                    at,
                    "its contents do not match its hash: changed after it was sealed".to_owned(),
                );
                break 'pages;
            }
            if row.prev_hash.as_deref() != Some(prev.as_str()) {
                report.broken = broken(
                    previous_id,
                    seq,
                    format!(
                        "the next entry (id {}) was chained to a different hash: this entry, or that link, was rewritten after sealing",
                        row.id
                    ),
                );
                break 'pages;
            }
            if wanted.contains(&at) {
                hashes.insert(at, stored.to_owned());
            }
            report.entries += 1;
            (seq, prev, previous_id) = (at, stored.to_owned(), Some(row.id));
        }
        if (rows.len() as u64) < PAGE {
            break;
        }
    }

    if report.broken.is_none() {
        let (head_seq, head_hash) = chain::head(db).await?;
        if head_seq != seq || head_hash != prev {
            report.broken = Some(Broken {
                id: None,
                seq: seq + 1,
                reason: format!(
                    "the chain's head is at place {head_seq} but the entries end at place {seq}: entries were removed from the end"
                ),
            });
        }
    }
    for head in heads {
        if report.broken.is_some() {
            break;
        }
        let fault = match head.check(public_key) {
            Err(reason) => Some(format!("the head published for {}: {reason}", head.day)),
            Ok(()) if head.seq == 0 => None,
            Ok(()) => match hashes.get(&head.seq) {
                Some(hash) if *hash == head.hash => None,
                _ => Some(format!(
                    "the head published for {} does not match the chain: the chain was rewritten at or before this place",
                    head.day
                )),
            },
        };
        if let Some(reason) = fault {
            report.broken = Some(Broken {
                id: None,
                seq: head.seq,
                reason,
            });
        } else {
            report.heads += 1;
        }
    }
    Ok(report)
}
