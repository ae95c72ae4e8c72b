//! The sweeper: removes the objects of storage intents that outlived their
//! request (an upload whose row never committed, a deleted photo whose
//! objects could not be removed at once), then the intents. Safe on every
//! replica: removing what is already gone succeeds.

use chrono::Duration;
use entities::storage_intent;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::watch;
use uuid::Uuid;

use crate::{error::ApiResult, state::AppState};

pub async fn run(state: AppState, stop: watch::Receiver<bool>) {
    crate::ticker::every_tick(state, stop, "storage sweep", |state| async move {
        sweep(&state).await
    })
    .await;
}

/// Clears every intent older than `ZA_STORAGE_SWEEP_AFTER`; returns how
/// many were cleared.
pub async fn sweep(state: &AppState) -> ApiResult<usize> {
    let after = Duration::from_std(state.config.storage_sweep_after).unwrap_or(Duration::MAX);
    let cutoff = state.clock.now() - after;
    let stale = storage_intent::Entity::find()
        .filter(storage_intent::Column::CreatedAt.lt(cutoff))
        .order_by_asc(storage_intent::Column::CreatedAt)
        .limit(100)
        .all(&state.db)
        .await?;
    let mut cleared = 0;
    for intent in stale {
        if clear(state, intent.id, &intent.prefix).await {
            cleared += 1;
        }
    }
    if cleared > 0 {
        tracing::info!(
            storage.cleared = cleared,
            "removed objects left without a row"
        );
    }
    Ok(cleared)
}

/// Removes the objects under `prefix`, then the intent; whether both went.
pub async fn clear(state: &AppState, intent_id: Uuid, prefix: &str) -> bool {
    if let Err(err) = state.store.delete_prefix(prefix).await {
        tracing::warn!(storage.intent = %intent_id, error = %err, "objects not removed yet; the sweeper retries");
        return false;
    }
    match storage_intent::Entity::delete_by_id(intent_id)
        .exec(&state.db)
        .await
    {
        Ok(_) => true,
        Err(err) => {
            tracing::warn!(storage.intent = %intent_id, error = %err, "intent not removed; the sweeper retries");
            false
        }
    }
}
