//! One module a page.

pub mod admin;
pub mod admin_parts;
pub mod case;
pub mod case_parts;
pub mod child;
pub mod found;
pub mod home;
pub mod intake;
pub mod leads;
pub mod login;
pub mod my_cases;
pub mod notifications;
pub mod oversight;
pub mod queue;
pub mod register;
pub mod report;
pub mod sms_drafts;
pub mod sms_parts;
pub mod track;
