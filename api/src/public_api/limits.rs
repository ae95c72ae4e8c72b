//! Fixed one-minute windows of request counts per client, counted with one
//! upsert per request, so that every replica sees the same count.

use chrono::{DateTime, Duration, DurationRound, Utc};
use entities::rate_window;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait as _, OnConflict},
};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

/// How long windows are kept after they close: an app's usage over the
/// last hour is read from them.
pub const KEEP: Duration = Duration::hours(1);

pub fn key_bucket(key_id: Uuid) -> String {
    format!("key:{key_id}")
}

/// `address` is already a keyed hash; the bucket never holds the address.
pub fn address_bucket(address: &str) -> String {
    // A keyed hash is 64 hex digits; 40 of them tell clients apart well
    // enough and keep the bucket within its column.
    format!("ip:{}", &address[..address.len().min(40)])
}

fn window_of(now: DateTime<Utc>) -> DateTime<Utc> {
    now.duration_trunc(Duration::minutes(1)).unwrap_or(now)
}

/// Counts one request in `bucket`'s current window and refuses it with
/// `RATE_LIMITED` once the window holds more than `per_minute`.
pub async fn hit(
    db: &impl ConnectionTrait,
    bucket: &str,
    per_minute: u32,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let start = window_of(now);
    let row = rate_window::ActiveModel {
        bucket: Set(bucket.to_owned()),
        window_start: Set(start),
        hits: Set(1),
    };
    let counted = rate_window::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                rate_window::Column::Bucket,
                rate_window::Column::WindowStart,
            ])
            .value(
                rate_window::Column::Hits,
                Expr::col((rate_window::Entity, rate_window::Column::Hits)).add(1),
            )
            .to_owned(),
        )
        .exec_with_returning(db)
        .await?;
    if u32::try_from(counted.hits).unwrap_or(u32::MAX) > per_minute {
        let left = Ord::max((start + Duration::minutes(1) - now).num_seconds(), 1);
        return Err(ApiError::RateLimited {
            retry_after_secs: u64::try_from(left).unwrap_or(60),
        });
    }
    Ok(())
}

/// Requests counted for `bucket` in the windows still kept.
pub async fn recent(db: &impl ConnectionTrait, bucket: &str) -> ApiResult<i64> {
    let rows = rate_window::Entity::find()
        .filter(rate_window::Column::Bucket.eq(bucket))
        .all(db)
        .await?;
    Ok(rows.iter().map(|r| i64::from(r.hits)).sum())
}

/// Deletes the windows older than [`KEEP`]; one round of the ticker.
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<usize> {
    let done = rate_window::Entity::delete_many()
        .filter(rate_window::Column::WindowStart.lt(window_of(now) - KEEP))
        .exec(db)
        .await?;
    Ok(usize::try_from(done.rows_affected).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_start_on_the_minute() {
        let now = DateTime::parse_from_rfc3339("2026-12-04T10:15:42.5Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(window_of(now).to_rfc3339(), "2026-12-04T10:15:00+00:00");
    }

    #[test]
    fn buckets_fit_their_column_and_hold_no_address() {
        let hash = "ab".repeat(32);
        let bucket = address_bucket(&hash);
        assert!(bucket.len() <= 80);
        assert!(bucket.starts_with("ip:abab"));
    }
}
