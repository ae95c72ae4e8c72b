//! On PostgreSQL, one `LISTEN` connection per process hears of events
//! committed by any replica and wakes this process's hub, which then reads
//! them from the log. A lost connection is re-established by itself; since
//! notifications sent meanwhile are lost, the hub reads the log after each
//! reconnection.

use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;

use super::log::CHANNEL;
use crate::state::AppState;

const BACKOFF_START: Duration = Duration::from_millis(200);
const BACKOFF_MAX: Duration = Duration::from_secs(10);

pub async fn run(state: AppState) {
    let mut backoff = BACKOFF_START;
    loop {
        match listen(&state).await {
            Ok(mut listener) => {
                backoff = BACKOFF_START;
                tracing::info!("listening for events of other replicas");
                state.events.wake();
                follow(&state, &mut listener).await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for events; retrying");
            }
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

async fn listen(state: &AppState) -> Result<PgListener, sea_orm::sqlx::Error> {
    let mut listener = PgListener::connect(&state.config.database_url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Wakes the hub for every notification of an event it has not broadcast,
/// until the listener fails for good.
async fn follow(state: &AppState, listener: &mut PgListener) {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => {
                let id = notification.payload().parse::<i64>().unwrap_or(i64::MAX);
                if id > state.events.last_broadcast() {
                    state.events.wake();
                }
            }
            Ok(None) => {
                tracing::warn!("the event listener lost its connection and reconnected");
                state.events.wake();
            }
            Err(err) => {
                tracing::warn!(error = %err, "the event listener failed");
                return;
            }
        }
    }
}
