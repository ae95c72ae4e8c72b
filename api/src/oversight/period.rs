//! Calendar months in Pakistan time, and a range of them: the periods every
//! statistic and export is asked for.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Karachi;

use crate::error::{ApiError, ApiResult};

/// The longest range asked for at once, in months.
pub const MAX_MONTHS: u32 = 36;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// `2026-06`.
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u32 = month.parse().ok()?;
        ((2000..=2100).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// The month that holds `at`, in Pakistan.
    pub fn of(at: DateTime<Utc>) -> Self {
        let local = at.with_timezone(&Karachi);
        Self {
            year: local.year(),
            month: local.month(),
        }
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                month: self.month + 1,
                ..self
            }
        }
    }

    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                month: self.month - 1,
                ..self
            }
        }
    }

    /// Midnight of the first day, in Pakistan.
    pub fn start(self) -> DateTime<Utc> {
        let date = NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default();
        // Pakistan keeps no daylight saving time, so midnight is never ambiguous.
        Karachi
            .from_local_datetime(&date.and_time(chrono::NaiveTime::MIN))
            .earliest()
            .map_or_else(
                || date.and_time(chrono::NaiveTime::MIN).and_utc(),
                |t| t.to_utc(),
            )
    }

    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The months from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Month,
    pub to: Month,
}

impl Period {
    /// Checks a range given as `YYYY-MM` texts; the fields are named in errors.
    pub fn parse(from: &str, to: &str) -> ApiResult<Self> {
        let month = |field: &str, text: &str| {
            Month::parse(text).ok_or_else(|| {
                ApiError::bad_input(field, "give a month as YYYY-MM, between 2000 and 2100")
            })
        };
        let (from, to) = (month("from", from)?, month("to", to)?);
        if from > to {
            return Err(ApiError::bad_input(
                "from",
                "the period starts after it ends",
            ));
        }
        if to.index() - from.index() >= i64::from(MAX_MONTHS) {
            return Err(ApiError::bad_input(
                "to",
                format!("ask for at most {MAX_MONTHS} months at once"),
            ));
        }
        Ok(Self { from, to })
    }

    pub fn month(month: Month) -> Self {
        Self {
            from: month,
            to: month,
        }
    }

    pub fn months(self) -> Vec<Month> {
        std::iter::successors(Some(self.from), |m| Some(m.next()))
            .take_while(|m| *m <= self.to)
            .collect()
    }

    /// The first instant of the period.
    pub fn start(self) -> DateTime<Utc> {
        self.from.start()
    }

    /// The first instant after the period.
    pub fn end(self) -> DateTime<Utc> {
        self.to.next().start()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly() {
        assert_eq!(
            Month::parse("2026-06").map(|m| m.to_string()),
            Some("2026-06".into())
        );
        for bad in ["2026-13", "2026-6", "26-06", "2026/06", "", "1999-12"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_month_starts_at_midnight_in_pakistan() {
        let june = Month::parse("2026-06").unwrap_or(Month { year: 0, month: 0 });
        assert_eq!(june.start().to_rfc3339(), "2026-05-31T19:00:00+00:00");
        assert_eq!(
            Month::parse("2026-12")
                .map(Month::next)
                .map(|m| m.to_string()),
            Some("2027-01".into())
        );
    }

    #[test]
    fn periods_are_ordered_and_bounded() {
        assert_eq!(
            Period::parse("2026-01", "2026-03")
                .map(|p| p.months().len())
                .ok(),
            Some(3)
        );
        assert!(Period::parse("2026-04", "2026-03").is_err());
        assert!(Period::parse("2020-01", "2026-03").is_err());
        assert!(Period::parse("2026-1", "2026-03").is_err());
    }
}
