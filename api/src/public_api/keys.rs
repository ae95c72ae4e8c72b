//! API keys: system administrators issue one per third-party app, with its
//! own rate limit, and revoke it when the app misbehaves or closes. The
//! secret is shown once; only its SHA-256 is stored, which is enough for a
//! random 32-byte secret.

use entities::{UserRole, api_key};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{
    auth::passwords::random_token,
    domain::{caller::Caller, text},
    error::{ApiError, ApiResult},
    state::AppState,
};

/// Secrets start with this, so that a leaked one is easy to recognise.
const SECRET_PREFIX: &str = "za_";
/// The most an app may be allowed: well above any feed reader's need,
/// below what would let one app crowd out the rest.
pub const MAX_PER_MINUTE: i32 = 60_000;

pub struct NewKey {
    pub name: String,
    pub contact: String,
    pub requests_per_minute: i32,
}

fn require_admin(caller: &Caller) -> ApiResult<()> {
    caller
        .require(
            UserRole::SystemAdmin,
            "only system administrators manage API keys",
        )
        .map(|_| ())
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Issues a key; returns it with its secret, which is never shown again.
pub async fn issue(
    state: &AppState,
    caller: &Caller,
    input: NewKey,
) -> ApiResult<(api_key::Model, String)> {
    require_admin(caller)?;
    let actor = caller.actor()?;
    let name = text::required("name", &input.name, 200)?;
    let contact = text::required("contact", &input.contact, 200)?;
    if !(1..=MAX_PER_MINUTE).contains(&input.requests_per_minute) {
        return Err(ApiError::bad_input(
            "requestsPerMinute",
            format!("must be between 1 and {MAX_PER_MINUTE}"),
        ));
    }
    let secret = format!("{SECRET_PREFIX}{}", random_token(32));
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let key = api_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name),
        contact: Set(contact),
        prefix: Set(secret.chars().take(10).collect()),
        secret_hash: Set(hash(&secret)),
        requests_per_minute: Set(input.requests_per_minute),
        created_by_user_id: Set(actor.user_id),
        created_at: Set(now),
        revoked_at: Set(None),
        revoked_by_user_id: Set(None),
    }
    .insert(&txn)
    .await?;
    caller
        .audit(
            &txn,
            now,
            "api_key.issue",
            None,
            json!({ "api_key_id": key.id, "requests_per_minute": key.requests_per_minute }),
        )
        .await?;
    txn.commit().await?;
    tracing::info!(api_key.id = %key.id, "issued an API key");
    Ok((key, secret))
}

/// Revokes a key at once; revoking it again changes nothing.
pub async fn revoke(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<api_key::Model> {
    require_admin(caller)?;
    let actor = caller.actor()?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let key = api_key::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("API key"))?;
    if key.revoked_at.is_some() {
        return Ok(key);
    }
    let mut row = api_key::ActiveModel::from(key);
    row.revoked_at = Set(Some(now));
    row.revoked_by_user_id = Set(Some(actor.user_id));
    let key = row.update(&txn).await?;
    caller
        .audit(
            &txn,
            now,
            "api_key.revoke",
            None,
            json!({ "api_key_id": key.id }),
        )
        .await?;
    txn.commit().await?;
    tracing::info!(api_key.id = %key.id, "revoked an API key");
    Ok(key)
}

/// Every key, newest first, revoked ones included.
pub async fn list(state: &AppState, caller: &Caller) -> ApiResult<Vec<api_key::Model>> {
    require_admin(caller)?;
    Ok(api_key::Entity::find()
        .order_by_desc(api_key::Column::CreatedAt)
        .order_by_desc(api_key::Column::Id)
        .all(&state.db)
        .await?)
}

/// The live key with this secret, or `UNAUTHENTICATED`.
pub async fn authenticate(db: &impl ConnectionTrait, secret: &str) -> ApiResult<api_key::Model> {
    const REFUSAL: ApiError = ApiError::Unauthenticated("the API key is unknown or revoked");
    if !secret.starts_with(SECRET_PREFIX) || secret.len() > 100 {
        return Err(REFUSAL);
    }
    let key = api_key::Entity::find()
        .filter(api_key::Column::SecretHash.eq(hash(secret)))
        .one(db)
        .await?;
    match key {
        Some(key) if key.revoked_at.is_none() => Ok(key),
        Some(key) => {
            tracing::info!(api_key.id = %key.id, "refused a revoked API key");
            Err(REFUSAL)
        }
        None => Err(REFUSAL),
    }
}
