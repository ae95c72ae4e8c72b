//! Background work that runs once per `ZA_CLOCK_TICK` until the server
//! stops; a failed round is logged and the next one tries again.

use tokio::sync::watch;

use crate::{error::ApiResult, state::AppState};

pub async fn every_tick<F, Fut>(
    state: AppState,
    mut stop: watch::Receiver<bool>,
    what: &'static str,
    round: F,
) where
    F: Fn(AppState) -> Fut,
    Fut: Future<Output = ApiResult<usize>>,
{
    loop {
        if let Err(err) = round(state.clone()).await {
            tracing::warn!(task = what, error = ?err, "background round failed; retrying");
        }
        tokio::select! {
            () = tokio::time::sleep(state.config.clock_tick) => {}
            _ = stop.changed() => break,
        }
        if *stop.borrow() {
            break;
        }
    }
}
