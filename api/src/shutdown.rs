//! Stopping a process without losing work: each part given a bounded time
//! (`ZA_SHUTDOWN_TIMEOUT`) to finish what it holds once the stop is asked.

use std::time::Duration;

use tokio::sync::watch;

/// Resolves `grace` after `stop` turns true; never, if its sender drops
/// without asking (nobody can stop the caller any more).
pub async fn grace_after(stop: &mut watch::Receiver<bool>, grace: Duration) {
    if stop.wait_for(|stopping| *stopping).await.is_err() {
        std::future::pending::<()>().await;
    }
    tokio::time::sleep(grace).await;
}
