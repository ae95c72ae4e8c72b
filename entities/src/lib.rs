//! Database entities of the Zainab Alert platform.
//!
//! One module per table; the value types shared by several tables (roles,
//! case status, filing channel, ...) live in [`enums`]. The entities know
//! nothing of the API that serves them.

pub mod audit_log;
pub mod case;
pub mod case_counter;
pub mod case_event;
pub mod district;
pub mod enums;
pub mod event;
pub mod province;
pub mod refresh_token;
pub mod region;
pub mod user;

pub use enums::*;
