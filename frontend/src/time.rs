//! Times as people in Pakistan read them: Pakistan Standard Time is a
//! fixed UTC+5 with no daylight saving, so no time-zone database is needed.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};

const PKT: FixedOffset = match FixedOffset::east_opt(5 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+5 is a valid offset"),
};

fn pkt() -> FixedOffset {
    PKT
}

/// Milliseconds since the epoch of an RFC 3339 time from the API.
pub fn epoch_ms(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp_millis())
}

/// `04 Dec 2026, 09:30` in Pakistan time.
pub fn format_pkt(text: &str) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => t
            .with_timezone(&pkt())
            .format("%d %b %Y, %H:%M PKT")
            .to_string(),
        Err(_) => text.to_owned(),
    }
}

/// What a `datetime-local` field holds (`2026-12-04T09:30`, read as
/// Pakistan time), as the UTC instant the API expects.
pub fn pkt_input_to_utc(local: &str) -> Option<String> {
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    let at = pkt().from_local_datetime(&naive).single()?;
    Some(
        at.with_timezone(&Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    )
}

/// An instant as a `datetime-local` value in Pakistan time.
pub fn epoch_ms_to_pkt_input(ms: i64) -> String {
    match DateTime::from_timestamp_millis(ms) {
        Some(t) => t.with_timezone(&pkt()).format("%Y-%m-%dT%H:%M").to_string(),
        None => String::new(),
    }
}

/// The calendar month (`YYYY-MM`) an instant falls in, in Pakistan time.
pub fn pkt_month(ms: i64) -> String {
    match DateTime::from_timestamp_millis(ms) {
        Some(t) => t.with_timezone(&pkt()).format("%Y-%m").to_string(),
        None => String::new(),
    }
}

/// The time left until a deadline, or how far past it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countdown {
    pub overdue: bool,
    /// `2d 03h`, `1h 05m` or `4m 09s`.
    pub text: String,
}

pub fn countdown(due_ms: i64, now_ms: i64) -> Countdown {
    let diff = (due_ms - now_ms) / 1000;
    let overdue = diff < 0;
    let secs = diff.unsigned_abs();
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let text = if d > 0 {
        format!("{d}d {h:02}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else {
        format!("{m}m {s:02}s")
    };
    Countdown { overdue, text }
}

/// Now, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_reads_days_hours_minutes_and_overdue() {
        let due = 10_000_000_000;
        assert_eq!(
            countdown(due, due - (2 * 86_400 + 3 * 3600 + 59) * 1000),
            Countdown {
                overdue: false,
                text: "2d 03h".into()
            }
        );
        assert_eq!(
            countdown(due, due - (3600 + 5 * 60 + 7) * 1000),
            Countdown {
                overdue: false,
                text: "1h 05m".into()
            }
        );
        assert_eq!(
            countdown(due, due + (12 * 60 + 9) * 1000),
            Countdown {
                overdue: true,
                text: "12m 09s".into()
            }
        );
        assert!(!countdown(due, due).overdue);
        assert!(countdown(due, due + 1000).overdue);
    }

    #[test]
    fn times_show_in_pakistan_time() {
        assert_eq!(format_pkt("2026-06-15T04:30:00Z"), "15 Jun 2026, 09:30 PKT");
        // Late evening in UTC is the next day in Pakistan.
        assert_eq!(
            format_pkt("2026-12-31T20:15:00+00:00"),
            "01 Jan 2027, 01:15 PKT"
        );
        assert_eq!(format_pkt("not a time"), "not a time");
    }

    #[test]
    fn form_times_are_read_as_pakistan_time() {
        assert_eq!(
            pkt_input_to_utc("2026-06-15T09:30").as_deref(),
            Some("2026-06-15T04:30:00Z")
        );
        assert_eq!(pkt_input_to_utc("2026-06-15"), None);
        let ms = epoch_ms("2026-06-15T04:30:00Z").unwrap_or_default();
        assert_eq!(epoch_ms_to_pkt_input(ms), "2026-06-15T09:30");
        assert_eq!(
            pkt_month(epoch_ms("2026-05-31T19:00:00Z").unwrap_or_default()),
            "2026-06"
        );
    }
}
