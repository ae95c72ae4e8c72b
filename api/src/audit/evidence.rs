//! A case's audit trail as signed evidence: who read it, changed it,
//! escalated it and which deadlines the platform recorded as missed, when
//! and from where, each entry with its place and hashes in the chain.
//!
//! The export is JSON: `payload` (a JSON text), `algorithm` (`Ed25519`),
//! `publicKey` and `signature` (hex) over the exact bytes of `payload`.
//! `zainab audit verify-evidence FILE --public-key KEY` checks the
//! signature and recomputes every entry's hash.

use chrono::{DateTime, Utc};
use entities::{audit_log, case};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    chain::{self, Fields},
    signing,
};
use crate::{
    domain::{caller::Caller, scope::CaseScope},
    error::{ApiError, ApiResult},
    state::AppState,
};
use entities::UserRole;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Signed {
    pub payload: String,
    pub algorithm: String,
    pub public_key: String,
    pub signature: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub case_id: Uuid,
    pub case_number: String,
    pub exported_at: String,
    pub exported_by: Option<Uuid>,
    pub exported_by_role: String,
    /// The chain's head when the export was made.
    pub chain_seq: i64,
    pub chain_hash: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: i64,
    pub seq: Option<i64>,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_role: String,
    pub action: String,
    pub detail: serde_json::Value,
    pub client_ip: Option<String>,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

/// Roles that may take a case's audit trail as evidence (within their scope).
fn may_export(role: UserRole) -> bool {
    matches!(
        role,
        UserRole::DistrictPolice
            | UserRole::RegionalPolice
            | UserRole::ProvincialOversight
            | UserRole::Ministry
    )
}

/// The signed audit trail of `case_id`; the export is audited first, so it
/// appears in what it exports.
pub async fn export(state: &AppState, caller: &Caller, case_id: Uuid) -> ApiResult<Signed> {
    let actor = caller.actor()?;
    if !may_export(actor.role) {
        tracing::info!(
            user.role = actor.role_name(),
            "refused evidence export: the role does not allow it"
        );
        return Err(ApiError::Forbidden(
            "only police, oversight and the ministry export audit evidence",
        ));
    }
    let found = case::Entity::find_by_id(case_id)
        .filter(CaseScope::of(Some(actor)).condition())
        .one(&state.db)
        .await?
        .ok_or(ApiError::NotFound("case"))?;

    let now = state.clock.now();
    caller
        .audit(
            &state.db,
            now,
            "case.evidence_export",
            Some(case_id),
            serde_json::json!({}),
        )
        .await?;
    chain::seal_all(state, 10).await?;
    let (chain_seq, chain_hash) = chain::head(&state.db).await?;

    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::CaseId.eq(case_id))
        .order_by_asc(audit_log::Column::Id)
        .all(&state.db)
        .await?;
    let evidence = Evidence {
        case_id,
        case_number: found.case_number,
        exported_at: chain::timestamp(now),
        exported_by: Some(actor.user_id),
        exported_by_role: actor.role_name().to_owned(),
        chain_seq,
        chain_hash,
        entries: rows
            .into_iter()
            .map(|row| Entry {
                id: row.id,
                seq: row.seq,
                at: row.at,
                actor_user_id: row.actor_user_id,
                actor_role: row.actor_role,
                action: row.action,
                detail: row.detail,
                client_ip: row.client_ip,
                prev_hash: row.prev_hash,
                hash: row.hash,
            })
            .collect(),
    };
    let payload = serde_json::to_string(&evidence).map_err(ApiError::internal)?;
    Ok(Signed {
        signature: state.audit_key.sign(payload.as_bytes()),
        payload,
        algorithm: "Ed25519".to_owned(),
        public_key: state.audit_key.public_hex(),
    })
}

/// Checks an export: the signature under `public_key`, then that every
/// entry's hash is what its contents and the hash before it give.
pub fn check(signed: &Signed, public_key: &str) -> Result<Evidence, String> {
    signing::verify(public_key, signed.payload.as_bytes(), &signed.signature)
        .map_err(str::to_owned)?;
    let evidence: Evidence = serde_json::from_str(&signed.payload)
        .map_err(|_| "the payload is not an audit evidence export".to_owned())?;
    for entry in &evidence.entries {
        let (Some(seq), Some(prev), Some(hash)) = (entry.seq, &entry.prev_hash, &entry.hash) else {
            continue;
        };
        let fields = Fields {
            seq,
            id: entry.id,
            at: entry.at,
            actor_user_id: entry.actor_user_id,
            actor_role: &entry.actor_role,
            action: &entry.action,
            case_id: Some(evidence.case_id),
            detail: &entry.detail,
            client_ip: entry.client_ip.as_deref(),
        };
        if fields.hash(prev) != *hash {
            return Err(format!(
                "entry id {} does not match its hash in the chain",
                entry.id
            ));
        }
    }
    Ok(evidence)
}
