//! The dispatcher: claims due messages from the outbox, hands them to the
//! gateway a few at a time, and records each answer. It wakes when this
//! process queues a message and polls for those queued by other replicas.

use std::{sync::Arc, time::Duration};

use chrono::Duration as Span;
use tokio::{sync::watch, task::JoinSet};
use uuid::Uuid;

use super::{
    gateway::{Gateway, SendError},
    outbox::{self, Retry},
};
use crate::state::AppState;

/// How long a claim holds a message: far longer than one send may take.
const LEASE_SECONDS: i64 = 60;

/// Runs until `stop` turns true; claims are released or finished first.
pub async fn run(state: AppState, gateway: Arc<Gateway>, mut stop: watch::Receiver<bool>) {
    let owner = format!("dispatcher-{}", Uuid::now_v7().simple());
    tracing::info!(gateway = gateway.name(), "SMS dispatcher started");
    loop {
        let sent = match dispatch_once(&state, &gateway, &owner).await {
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
            _ = stop.changed() => break,
        }
        if *stop.borrow() {
            break;
        }
    }
    tracing::info!("SMS dispatcher stopped");
}

/// One round: claims a batch and sends it; returns how many were attempted.
pub async fn dispatch_once(
    state: &AppState,
    gateway: &Arc<Gateway>,
    owner: &str,
) -> anyhow::Result<usize> {
    let concurrency = state.config.dispatch_concurrency.max(1);
    let batch = outbox::claim(
        &state.db,
        owner,
        state.clock.now(),
        Span::seconds(LEASE_SECONDS),
        (concurrency * 4) as u64,
    )
    .await?;
    let count = batch.len();
    let mut sending = JoinSet::new();
    for message in batch {
        while sending.len() >= concurrency {
            sending.join_next().await;
        }
        let (state, gateway, owner) = (state.clone(), gateway.clone(), owner.to_owned());
        sending.spawn(async move {
            let result = gateway.send(message.id, &message.to_phone, &message.body).await;
            let now = state.clock.now();
            let recorded = match result {
                Ok(accepted) => outbox::mark_sent(
                    &state.db,
                    message.id,
                    &owner,
                    gateway.name(),
                    &accepted.answer,
                    now,
                )
                .await
                .map(|_| ()),
                Err(err) => {
                    let (error, retry) = match err {
                        SendError::Permanent(error) => (error, Retry::Never),
                        SendError::Transient(error) if message.attempts >= state.config.sms_max_attempts => {
                            (error, Retry::Never)
                        }
                        SendError::Transient(error) => {
                            (error, Retry::At(now + backoff(state.config.sms_retry_base, message.attempts)))
                        }
                    };
                    tracing::warn!(sms.id = %message.id, sms.attempts = message.attempts, error = %error, "SMS not accepted by the gateway");
                    outbox::mark_failed(&state.db, message.id, &owner, gateway.name(), &error, retry).await
                }
            };
            if let Err(err) = recorded {
                // The lease runs out and another round retries the message.
                tracing::error!(sms.id = %message.id, error = %err, "could not record an SMS attempt");
            }
        });
    }
    while sending.join_next().await.is_some() {}
    Ok(count)
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
