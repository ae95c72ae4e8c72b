//! The dispatcher: claims due messages from the outbox, hands them to the
//! gateway a few at a time, and records each answer. It wakes when this
//! process queues a message and polls for those queued by other replicas.

use std::{sync::Arc, time::Duration};

use chrono::Duration as Span;
use tokio::{
    sync::{Semaphore, watch},
    task::JoinSet,
};
use uuid::Uuid;

use super::{
    gateway::{Accepted, Gateway, SendError},
    outbox::{self, Retry},
};
use crate::{domain::begin_write, shutdown, state::AppState};

/// How long a claim holds a message: far longer than one send may take.
const LEASE_SECONDS: i64 = 60;

/// Runs until `stop` turns true; the sends in flight finish first, within
/// `ZA_SHUTDOWN_TIMEOUT`, and past it the messages still claimed are
/// released for another dispatcher to send at once.
pub async fn run(state: AppState, gateway: Arc<Gateway>, mut stop: watch::Receiver<bool>) {
    let owner = format!("dispatcher-{}", Uuid::now_v7().simple());
    tracing::info!(gateway = gateway.name(), "SMS dispatcher started");
    while !*stop.borrow() {
        let mut deadline = stop.clone();
        let drained = tokio::select! {
            biased;
            drained = drain(&state, &gateway, &owner, Some(&stop)) => drained,
            () = shutdown::grace_after(&mut deadline, state.config.shutdown_timeout) => {
                release(&state, &owner).await;
                return;
            }
        };
        let sent = match drained {
            Ok(count) => count,
            Err(err) => {
                tracing::warn!(error = %err, "SMS dispatch round failed; retrying");
                0
            }
        };
        if sent > 0 {
            continue;
        }
        tokio::select! {
            () = state.outbox_wake.notified() => {}
            () = tokio::time::sleep(state.config.dispatch_poll) => {}
            _ = stop.changed() => {}
        }
    }
    tracing::info!("SMS dispatcher stopped");
}

/// Gives back the messages `owner` claimed and could not record in time.
async fn release(state: &AppState, owner: &str) {
    match outbox::release(&state.db, owner).await {
        Ok(released) => tracing::info!(
            sms.released = released,
            "SMS dispatcher stopped with sends unanswered; released them"
        ),
        Err(err) => tracing::warn!(
            error = %err,
            "SMS dispatcher could not release its claims; their leases run out instead"
        ),
    }
}

/// Sends what is due until nothing more is; returns how many messages were
/// attempted. Up to `dispatch_concurrency` are with the gateway at once, and
/// twice as many are claimed, so one slow answer holds back no other send.
/// Answers are recorded as they come, those that arrive together in one
/// transaction (a group commit): a busy dispatcher commits seldom, a quiet
/// one records each message at once.
pub async fn dispatch_once(
    state: &AppState,
    gateway: &Arc<Gateway>,
    owner: &str,
) -> anyhow::Result<usize> {
    drain(state, gateway, owner, None).await
}

/// As [`dispatch_once`]; once `stop` turns true nothing more is claimed,
/// and the sends in flight finish.
async fn drain(
    state: &AppState,
    gateway: &Arc<Gateway>,
    owner: &str,
    stop: Option<&watch::Receiver<bool>>,
) -> anyhow::Result<usize> {
    let concurrency = state.config.dispatch_concurrency.max(1);
    let permits = Arc::new(Semaphore::new(concurrency));
    let mut sending = JoinSet::new();
    let mut attempted = 0;
    let mut exhausted = false;
    loop {
        if stop.is_some_and(|stop| *stop.borrow()) {
            exhausted = true;
        }
        if !exhausted && sending.len() < concurrency {
            let wanted = 2 * concurrency - sending.len();
            let lease = Span::seconds(LEASE_SECONDS);
            match outbox::claim(&state.db, owner, state.clock.now(), lease, wanted as u64).await {
                Ok(batch) => {
                    exhausted = batch.len() < wanted;
                    attempted += batch.len();
                    for message in batch {
                        let (gateway, permits) = (gateway.clone(), permits.clone());
                        sending.spawn(async move {
                            let _permit = permits.acquire_owned().await;
                            let result = gateway
                                .send(message.id, &message.to_phone, &message.body)
                                .await;
                            (message.id, message.attempts, result)
                        });
                    }
                }
                Err(err) => {
                    // Finish what is in flight; the next round claims again.
                    tracing::warn!(error = %err, "could not claim SMS from the outbox");
                    exhausted = true;
                }
            }
        }
        let Some(first) = sending.join_next().await else {
            return Ok(attempted);
        };
        let mut answers = vec![first];
        while let Some(more) = sending.try_join_next() {
            answers.push(more);
        }
        let answers = answers.into_iter().filter_map(Result::ok).collect();
        if let Err(err) = record(state, gateway.name(), owner, answers).await {
            // The leases run out and a later round retries these messages.
            tracing::error!(error = %err, "could not record SMS attempts");
        }
    }
}

type Answer = (Uuid, i32, Result<Accepted, SendError>);

async fn record(
    state: &AppState,
    gateway: &str,
    owner: &str,
    answers: Vec<Answer>,
) -> Result<(), sea_orm::DbErr> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    for (id, attempts, result) in answers {
        match result {
            Ok(accepted) => {
                outbox::mark_sent(&txn, id, owner, gateway, &accepted.answer, now).await?;
            }
            Err(err) => {
                let (error, retry) = match err {
                    SendError::Permanent(error) => (error, Retry::Never),
                    SendError::Transient(error) if attempts >= state.config.sms_max_attempts => {
                        (error, Retry::Never)
                    }
                    SendError::Transient(error) => {
                        let wait = backoff(state.config.sms_retry_base, attempts);
                        (error, Retry::At(now + wait))
                    }
                };
                tracing::warn!(sms.id = %id, sms.attempts = attempts, error = %error, "SMS not accepted by the gateway");
                outbox::mark_failed(&txn, id, owner, gateway, &error, retry).await?;
            }
        }
    }
    txn.commit().await
}

/// Doubling waits from `base`, at most an hour apart.
fn backoff(base: Duration, attempts: i32) -> Span {
    let factor = 2u32.saturating_pow(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0));
    let wait = base.saturating_mul(factor).min(Duration::from_secs(3600));
    Span::from_std(wait).unwrap_or(Span::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_doubling_up_to_an_hour() {
        let base = Duration::from_secs(5);
        assert_eq!(backoff(base, 1), Span::seconds(5));
        assert_eq!(backoff(base, 2), Span::seconds(10));
        assert_eq!(backoff(base, 4), Span::seconds(40));
        assert_eq!(backoff(base, 40), Span::hours(1));
    }
}
