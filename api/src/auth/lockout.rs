//! Backoff on failed sign-ins. After `ZA_LOGIN_LOCKOUT_AFTER` failures in
//! a row under one username, no password is even checked for a minute;
//! each further failure doubles the wait, up to an hour. Usernames that do
//! not exist are treated the same, so the refusals say nothing about which
//! accounts exist. A success, or a quiet [`QUIET`] spell, starts the count
//! again. Separately, one client address may try only
//! `ZA_LOGIN_ATTEMPTS_PER_MINUTE` sign-ins a minute, whatever the
//! usernames, which slows a spray of guesses across many accounts.

use chrono::{DateTime, Duration, Utc};
use entities::login_failure;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, sea_query::OnConflict};

use crate::{
    domain::caller::Caller,
    error::{ApiError, ApiResult},
    public_api::limits,
    state::AppState,
    storage::signed,
};

/// Failures further apart than this start the count again.
pub const QUIET: Duration = Duration::minutes(15);
const FIRST_LOCK: Duration = Duration::minutes(1);
const LONGEST_LOCK: Duration = Duration::hours(1);

fn username_key(state: &AppState, username: &str) -> String {
    signed::keyed_hash(&state.address_key, format!("login:{username}").as_bytes())
}

/// How long the lock lasts after `failures` in a row, if at all.
fn lock_for(failures: i32, lock_after: u32) -> Option<Duration> {
    let over = u32::try_from(failures).ok()?.checked_sub(lock_after)?;
    let doubled = FIRST_LOCK.checked_mul(1_i32.checked_shl(over.min(16))?)?;
    Some(doubled.min(LONGEST_LOCK))
}

fn retry_after(until: DateTime<Utc>, now: DateTime<Utc>) -> ApiError {
    let secs = Ord::max((until - now).num_seconds(), 1);
    ApiError::RateLimited {
        retry_after_secs: u64::try_from(secs).unwrap_or(1),
    }
}

/// Refuses the attempt with `RATE_LIMITED` when the client is over its
/// per-minute limit or the username is locked; to be called before the
/// password is checked.
pub async fn check(state: &AppState, caller: &Caller, username: &str) -> ApiResult<()> {
    let now = state.clock.now();
    let address = caller.client_ip.as_deref().unwrap_or("unknown");
    let address = signed::keyed_hash(&state.address_key, address.as_bytes());
    let bucket = format!("login:{}", &address[..40]);
    limits::hit(
        &state.db,
        &bucket,
        state.config.login_attempts_per_minute,
        now,
    )
    .await
    .inspect_err(|_| {
        tracing::warn!("refused a sign-in: the client is over its per-minute limit")
    })?;
    let row = login_failure::Entity::find_by_id(username_key(state, username))
        .one(&state.db)
        .await?;
    if let Some(until) = row.and_then(|r| r.locked_until).filter(|u| *u > now) {
        tracing::warn!("refused a sign-in: the username is locked after failed attempts");
        return Err(retry_after(until, now));
    }
    Ok(())
}

/// Counts a failed attempt, locking the username once there are enough.
pub async fn failed(state: &AppState, username: &str) -> ApiResult<()> {
    let now = state.clock.now();
    let key = username_key(state, username);
    let previous = login_failure::Entity::find_by_id(key.clone())
        .one(&state.db)
        .await?;
    let failures = match previous {
        Some(row) if now - row.last_failure_at <= QUIET => row.failures.saturating_add(1),
        _ => 1,
    };
    let locked_until = lock_for(failures, state.config.login_lockout_after).map(|d| now + d);
    let row = login_failure::ActiveModel {
        username_key: Set(key),
        failures: Set(failures),
        last_failure_at: Set(now),
        locked_until: Set(locked_until),
    };
    login_failure::Entity::insert(row)
        .on_conflict(
            OnConflict::column(login_failure::Column::UsernameKey)
                .update_columns([
                    login_failure::Column::Failures,
                    login_failure::Column::LastFailureAt,
                    login_failure::Column::LockedUntil,
                ])
                .to_owned(),
        )
        .exec_without_returning(&state.db)
        .await?;
    if locked_until.is_some() {
        tracing::warn!(failures, "locked a username after failed sign-ins");
    }
    Ok(())
}

/// A success clears the count.
pub async fn succeeded(
    db: &impl ConnectionTrait,
    state: &AppState,
    username: &str,
) -> ApiResult<()> {
    login_failure::Entity::delete_by_id(username_key(state, username))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_starts_at_the_threshold_and_doubles_up_to_an_hour() {
        assert_eq!(lock_for(4, 5), None);
        assert_eq!(lock_for(5, 5), Some(Duration::minutes(1)));
        assert_eq!(lock_for(6, 5), Some(Duration::minutes(2)));
        assert_eq!(lock_for(8, 5), Some(Duration::minutes(8)));
        assert_eq!(lock_for(12, 5), Some(Duration::hours(1)));
        assert_eq!(lock_for(i32::MAX, 5), Some(Duration::hours(1)));
    }
}
