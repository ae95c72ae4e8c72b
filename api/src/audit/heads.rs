//! The daily head: once a day the chain's head is signed and published
//! outside the database, as a log line meant to be shipped elsewhere and,
//! when `ZA_AUDIT_HEAD_DIR` is set, as a file `audit-head-YYYY-MM-DD.json`
//! in that folder. Rewriting the chain before a published head then shows
//! when the chain is verified against it.

use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::signing;
use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};

/// One published head.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Head {
    /// The day (UTC) whose end the head covers.
    pub day: NaiveDate,
    /// Place of the last entry sealed when it was published.
    pub seq: i64,
    pub hash: String,
    pub public_key: String,
    /// Ed25519 signature of [`Head::message`], hex.
    pub signature: String,
}

impl Head {
    /// The text the signature covers.
    pub fn message(day: NaiveDate, seq: i64, hash: &str) -> String {
        format!("zainab-alert audit head {day} {seq} {hash}")
    }

    /// Whether the signature is `public_key`'s.
    pub fn check(&self, public_key: &str) -> Result<(), &'static str> {
        let message = Self::message(self.day, self.seq, &self.hash);
        signing::verify(public_key, message.as_bytes(), &self.signature)
    }
}

pub(super) async fn publish(
    state: &AppState,
    day: NaiveDate,
    seq: i64,
    hash: &str,
) -> ApiResult<()> {
    let head = Head {
        day,
        seq,
        hash: hash.to_owned(),
        public_key: state.audit_key.public_hex(),
        signature: state
            .audit_key
            .sign(Head::message(day, seq, hash).as_bytes()),
    };
    if let Some(dir) = &state.config.audit_head_dir {
        write(dir, &head).await.map_err(ApiError::internal)?;
    }
    tracing::info!(
        audit.day = %head.day,
        audit.seq = head.seq,
        audit.hash = %head.hash,
        audit.public_key = %head.public_key,
        audit.signature = %head.signature,
        "audit chain head published"
    );
    Ok(())
}

async fn write(dir: &Path, head: &Head) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(dir)
        .await
        .with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("audit-head-{}.json", head.day));
    let text = serde_json::to_string_pretty(head)?;
    tokio::fs::write(&path, text)
        .await
        .with_context(|| format!("writing {}", path.display()))
}

/// Every head published in `dir`, oldest first.
pub fn read_all(dir: &Path) -> anyhow::Result<Vec<Head>> {
    let mut heads = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let is_head = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("audit-head-") && n.ends_with(".json"));
        if is_head {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let head: Head = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a published head", path.display()))?;
            heads.push(head);
        }
    }
    heads.sort_by_key(|h| (h.day, h.seq));
    Ok(heads)
}
