//! Database entities of the Zainab Alert platform.
//!
//! One module per table; the value types shared by several tables (roles,
//! case status, filing channel, ...) live in [`enums`]. The entities know
//! nothing of the API that serves them.

mod alert_enums;
pub mod api_key;
pub mod audit_chain;
pub mod audit_log;
pub mod case;
pub mod case_counter;
pub mod case_event;
pub mod deadline;
pub mod deadline_breach;
pub mod deadline_policy;
pub mod district;
pub mod duplicate_candidate;
pub mod duty_contact;
pub mod enums;
pub mod event;
pub mod face;
pub mod face_job;
pub mod found_child;
pub mod found_photo;
pub mod login_failure;
pub mod match_lead;
pub mod notification;
pub mod outbox;
pub mod photo;
pub mod province;
pub mod rate_window;
pub mod refresh_token;
pub mod region;
pub mod register_change;
pub mod register_entry;
pub mod sighting;
pub mod sms_draft;
mod sms_enums;
pub mod sms_message;
pub mod storage_intent;
pub mod user;

pub use alert_enums::*;
pub use enums::*;
pub use sms_enums::*;
