//! The public register, live: each change to it as it happens, for the
//! public and for third-party apps. The stream reads the change log after
//! the last id it delivered whenever the event hub says something was
//! committed (and every few seconds, for the changes the expiry sweeper
//! makes), so a subscriber resuming with `after` misses nothing.

use std::time::Duration;

use entities::{register_change, register_entry};
use futures_util::Stream;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::broadcast::error::RecvError;

use super::search;
use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};

/// Changes read from the log at a time.
const PAGE: u64 = 200;

/// One change, with the child's public record while it is still listed.
pub struct LiveChange {
    pub change: register_change::Model,
    pub entry: Option<register_entry::Model>,
}

pub fn follow(
    state: AppState,
    after: Option<i64>,
) -> impl Stream<Item = ApiResult<LiveChange>> + Send + 'static {
    async_stream::stream! {
        let mut live = state.events.subscribe();
        let mut stopping = state.events.stopping();
        let mut last = match after {
            Some(after) => after,
            None => match last_id(&state).await {
                Ok(id) => id,
                Err(err) => {
                    yield Err(err);
                    return;
                }
            },
        };
        let mut poll = tokio::time::interval(Duration::from_secs(5));
        loop {
            loop {
                let page = match register_change::Entity::find()
                    .filter(register_change::Column::Id.gt(last))
                    .order_by_asc(register_change::Column::Id)
                    .limit(PAGE)
                    .all(&state.db)
                    .await
                {
                    Ok(page) => page,
                    Err(err) => {
                        yield Err(err.into());
                        return;
                    }
                };
                let full = page.len() as u64 == PAGE;
                for change in page {
                    last = change.id;
                    let entry = match search::by_number(&state.db, &change.case_number, state.clock.now()).await {
                        Ok(entry) => entry.filter(|_| change.kind != "removed"),
                        Err(err) => {
                            yield Err(err);
                            return;
                        }
                    };
                    yield Ok(LiveChange { change, entry });
                }
                if !full {
                    break;
                }
            }
            if *stopping.borrow() {
                yield Err(stopping_error(last));
                return;
            }
            tokio::select! {
                received = live.recv() => {
                    // A lagging receiver only means: read the log again.
                    if let Err(RecvError::Closed) = received {
                        return;
                    }
                }
                _ = poll.tick() => {}
                _ = stopping.changed() => {
                    yield Err(stopping_error(last));
                    return;
                }
            }
        }
    }
}

async fn last_id(state: &AppState) -> ApiResult<i64> {
    let last: Option<i64> = register_change::Entity::find()
        .select_only()
        .column_as(register_change::Column::Id.max(), "last")
        .into_tuple()
        .one(&state.db)
        .await?
        .flatten();
    Ok(last.unwrap_or(0))
}

fn stopping_error(last: i64) -> ApiError {
    ApiError::conflict(
        "SERVER_STOPPING",
        format!("this server is shutting down; subscribe again with after: {last}"),
    )
}
