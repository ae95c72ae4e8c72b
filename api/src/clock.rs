//! Time, injectable so that tests can move it forward.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Asia::Karachi;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in Pakistan, which decides what "in the future" means
    /// for dates people give.
    fn today_in_pakistan(&self) -> NaiveDate {
        self.now().with_timezone(&Karachi).date_naive()
    }
}

/// The date in Pakistan at `at`.
pub fn pakistan_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Karachi).date_naive()
}

/// The machine's clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved; for tests and simulations.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(at)))
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
