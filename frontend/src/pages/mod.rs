//! One module a page.

pub mod admin;
pub mod case;
pub mod child;
pub mod home;
pub mod intake;
pub mod login;
pub mod my_cases;
pub mod notifications;
pub mod oversight;
pub mod queue;
pub mod register;
pub mod report;
pub mod track;
