//! The event log and its live fan-out.
//!
//! Every change to a case writes one row to `events` in the transaction of
//! the change ([`log`]). After commit, the [`hub`] of each process reads the
//! new rows in id order and broadcasts them to its subscribers; on
//! PostgreSQL a [`listener`] wakes the hubs of every replica through
//! `LISTEN`/`NOTIFY`. Subscribers resume after the last id they saw by
//! replaying from the table and then following the hub ([`follow`]);
//! [`view`] decides which events each kind of subscriber gets to see.

pub mod follow;
pub mod hub;
pub mod listener;
pub mod log;
pub mod reporter;
pub mod session;
pub mod view;

use sea_orm::DatabaseTransaction;

pub use hub::Hub;
pub use log::Change;

use crate::{error::ApiResult, state::AppState};

/// Records `change` as the last write of `txn`, commits, and wakes this
/// process's subscribers and its SMS dispatcher, so that messages queued
/// with the change go out at once. Use it in place of `txn.commit()`.
pub async fn commit(
    state: &AppState,
    txn: DatabaseTransaction,
    change: Change<'_>,
) -> ApiResult<()> {
    let id = log::record(&txn, &change).await?;
    txn.commit().await?;
    tracing::debug!(event.id = id, "event committed");
    state.events.wake();
    state.outbox_wake.notify_one();
    Ok(())
}
