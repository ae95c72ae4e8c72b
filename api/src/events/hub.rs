//! The fan-out of one process: a single task reads new events from the log
//! in id order and broadcasts them to every subscriber of this process.
//!
//! The broadcast buffer is shared and bounded. A subscriber that falls more
//! than its capacity behind loses its place and is told to resume from its
//! last id; nobody else waits for it.

use std::{
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
    time::Duration,
};

use entities::event;
use sea_orm::DatabaseBackend;
use tokio::{
    sync::{Notify, broadcast, watch},
    task::JoinHandle,
};
use tokio_util::task::TaskTracker;

use super::{listener, log};
use crate::state::AppState;

/// Rows read from the log at a time.
const PAGE: u64 = 500;
/// How often the log is read even without a wake-up, in case one was lost
/// (another process writing to the same SQLite file, say).
const SAFETY_POLL: Duration = Duration::from_secs(10);
/// The pause after a failed read before the next attempt.
const RETRY: Duration = Duration::from_secs(1);

pub type Shared = Arc<event::Model>;

pub struct Hub {
    sender: broadcast::Sender<Shared>,
    wake: Notify,
    /// The id of the last event broadcast.
    last: AtomicI64,
    stopping: watch::Sender<bool>,
    /// The live connections of this process; a stopping server waits for
    /// them to say goodbye.
    sockets: TaskTracker,
}

impl Hub {
    /// A hub whose subscribers may fall at most `capacity` events behind.
    pub fn new(capacity: usize) -> Self {
        Self {
            sender: broadcast::channel(capacity.max(1)).0,
            wake: Notify::new(),
            last: AtomicI64::new(0),
            stopping: watch::channel(false).0,
            sockets: TaskTracker::new(),
        }
    }

    /// Asks the hub to read the log now: something was committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Everything broadcast from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Shared> {
        self.sender.subscribe()
    }

    /// Resolves when the server starts shutting down.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stopping.subscribe()
    }

    pub fn last_broadcast(&self) -> i64 {
        self.last.load(Ordering::Acquire)
    }

    /// Ends every subscription (their clients resume elsewhere).
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// The live connections' tasks, for the WebSocket handler to run its
    /// connections in and for the server to wait on as it stops.
    pub fn sockets(&self) -> &TaskTracker {
        &self.sockets
    }
}

/// The hub's background tasks; dropping this ends them.
pub struct Running {
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Starts the fan-out of `state`'s hub: from the last event committed now,
/// so that any replay a subscriber makes afterwards reaches at least as far
/// as the broadcast begins, and nothing falls between the two.
pub async fn start(state: &AppState) -> anyhow::Result<Running> {
    let last = log::last_id(&state.db)
        .await
        .map_err(|err| err.into_anyhow().context("reading the last event id"))?;
    state.events.last.store(last, Ordering::Release);

    let mut tasks = vec![tokio::spawn(pump(state.clone()))];
    if state.db.get_database_backend() == DatabaseBackend::Postgres {
        tasks.push(tokio::spawn(listener::run(state.clone())));
    }
    Ok(Running { tasks })
}

async fn pump(state: AppState) {
    let hub = &state.events;
    loop {
        tokio::select! {
            () = hub.wake.notified() => {}
            () = tokio::time::sleep(SAFETY_POLL) => {}
        }
        while let Some(full_page) = read_and_broadcast(&state).await {
            if !full_page {
                break;
            }
        }
    }
}

/// Broadcasts one page of new events; `Some(true)` when more may follow,
/// `None` after a failed read.
async fn read_and_broadcast(state: &AppState) -> Option<bool> {
    let hub = &state.events;
    let last = hub.last.load(Ordering::Acquire);
    match log::after(&state.db, last, None, PAGE).await {
        Ok(rows) => {
            let full = rows.len() as u64 == PAGE;
            for row in rows {
                hub.last.store(row.id, Ordering::Release);
                // No receiver is not an error: nobody is listening right now.
                let _ = hub.sender.send(Arc::new(row));
            }
            Some(full)
        }
        Err(err) => {
            tracing::warn!(error = ?err, "reading new events failed; retrying");
            tokio::time::sleep(RETRY).await;
            None
        }
    }
}
