//! Who may use the public API, and how much: third-party apps present a
//! key ([`keys`]) with its own rate limit; everyone else shares the
//! default limit per client address. The counters ([`limits`]) live in the
//! database, so that a limit holds across all replicas.

pub mod keys;
pub mod limits;

use uuid::Uuid;

use crate::{error::ApiResult, state::AppState, storage::signed};

/// The header (and the `connection_init` field, for subscriptions) that
/// carries a key.
pub const KEY_HEADER: &str = "x-api-key";

/// A public caller that was let through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicClient {
    /// A third-party app, by its key.
    App { key_id: Uuid },
    /// Anyone else, by a keyed hash of their address.
    Address,
}

/// Counts one request from an anonymous caller against its limit: the
/// key's own limit when it presents one, the default per-address limit
/// otherwise. An unknown or revoked key is refused rather than treated as
/// no key, so that an app finds out at once.
pub async fn admit(
    state: &AppState,
    key: Option<&str>,
    client_ip: &str,
) -> ApiResult<PublicClient> {
    let now = state.clock.now();
    match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(secret) => {
            let key = keys::authenticate(&state.db, secret).await?;
            let per_minute = u32::try_from(key.requests_per_minute).unwrap_or(0);
            limits::hit(&state.db, &limits::key_bucket(key.id), per_minute, now).await?;
            Ok(PublicClient::App { key_id: key.id })
        }
        None => {
            let address = signed::keyed_hash(&state.address_key, client_ip.as_bytes());
            let bucket = limits::address_bucket(&address);
            let per_minute = state.config.public_requests_per_minute;
            limits::hit(&state.db, &bucket, per_minute, now).await?;
            Ok(PublicClient::Address)
        }
    }
}

/// Deletes spent rate windows while the server runs.
pub async fn run(state: AppState, stop: tokio::sync::watch::Receiver<bool>) {
    crate::ticker::every_tick(state, stop, "rate window sweep", |state| async move {
        limits::sweep(&state.db, state.clock.now()).await
    })
    .await;
}
