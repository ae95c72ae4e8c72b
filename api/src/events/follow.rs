//! One subscriber's stream: what it missed, replayed from the log, then
//! what the hub broadcasts, in id order, without duplicates or gaps.
//!
//! The broadcast is joined before the replay starts. Everything the hub
//! broadcast before that has an id no higher than what the replay reads
//! (the hub broadcasts only committed rows, and ids become visible in
//! order), so after the replay the live part only needs to skip ids it has
//! already delivered.

use std::{sync::Arc, time::Duration};

use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use super::{hub::Shared, log, session::Credential};
use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};

/// Rows replayed from the log at a time.
const REPLAY_PAGE: u64 = 200;

/// What one subscription follows.
pub struct Follow {
    /// Only this case's events (the reporter's stream), or all of them.
    pub case_id: Option<Uuid>,
    /// The last event id the subscriber saw; `None` to start from now.
    pub after: Option<i64>,
    pub credential: Credential,
}

/// The events `select` keeps, turned into what the subscriber receives.
/// The stream ends with an error when the credential stops being good, when
/// the subscriber falls too far behind, or when the server shuts down.
pub fn follow<T, F>(
    state: AppState,
    follow: Follow,
    select: F,
) -> impl Stream<Item = ApiResult<T>> + Send + 'static
where
    T: Send + 'static,
    F: Fn(&Shared) -> Option<T> + Send + 'static,
{
    async_stream::stream! {
        let Follow { case_id, after, credential } = follow;
        let mut live = state.events.subscribe();
        let mut stopping = state.events.stopping();
        // Without `after` the stream starts now: events committed before it
        // began are not sent, even when their broadcast (which on PostgreSQL
        // comes through LISTEN) arrives after the subscriber joined.
        let mut last = match after {
            Some(after) => after,
            None => match log::last_id(&state.db).await {
                Ok(id) => id,
                Err(err) => {
                    yield Err(err);
                    return;
                }
            },
        };

        if let Some(after) = after {
            let mut from = after;
            loop {
                let page = match log::after(&state.db, from, case_id, REPLAY_PAGE).await {
                    Ok(page) => page,
                    Err(err) => {
                        yield Err(err);
                        return;
                    }
                };
                let full = page.len() as u64 == REPLAY_PAGE;
                for row in page.into_iter().map(Arc::new) {
                    from = row.id;
                    last = row.id;
                    if let Some(item) = select(&row) {
                        if let Err(err) = credential.check_expiry(&state) {
                            yield Err(err);
                            return;
                        }
                        yield Ok(item);
                    }
                }
                if !full {
                    break;
                }
            }
        }

        let mut recheck = tokio::time::interval_at(
            tokio::time::Instant::now() + credential.recheck,
            credential.recheck.max(Duration::from_millis(100)),
        );
        recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            if *stopping.borrow_and_update() {
                yield Err(resume_later(last));
                return;
            }
            tokio::select! {
                _ = stopping.changed() => {}
                _ = recheck.tick() => {
                    let checked = match credential.check_expiry(&state) {
                        Ok(()) => credential.check_session(&state).await,
                        Err(err) => Err(err),
                    };
                    if let Err(err) = checked {
                        yield Err(err);
                        return;
                    }
                }
                received = live.recv() => match received {
                    Ok(row) => {
                        if row.id <= last || case_id.is_some_and(|id| id != row.case_id) {
                            continue;
                        }
                        last = row.id;
                        if let Some(item) = select(&row) {
                            if let Err(err) = credential.check_expiry(&state) {
                                yield Err(err);
                                return;
                            }
                            yield Ok(item);
                        }
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::info!(events.missed = missed, "a subscriber fell too far behind and was ended");
                        yield Err(lagged(last));
                        return;
                    }
                    Err(RecvError::Closed) => return,
                },
            }
        }
    }
}

/// The id to resume after, as the client should send it back.
fn resume_id(last: i64) -> String {
    if last == i64::MIN {
        "the last id you received".to_owned()
    } else {
        format!("\"{last}\"")
    }
}

fn lagged(last: i64) -> ApiError {
    ApiError::conflict(
        "LAGGED",
        format!(
            "you fell too far behind the live events; subscribe again with after: {}",
            resume_id(last)
        ),
    )
}

fn resume_later(last: i64) -> ApiError {
    ApiError::conflict(
        "SERVER_STOPPING",
        format!(
            "this server is shutting down; subscribe again with after: {}",
            resume_id(last)
        ),
    )
}
