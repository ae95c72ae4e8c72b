//! Reports by SMS through Kannel: a citizen with any phone texts what
//! happened; the API keeps the message once per gateway message id, opens
//! a draft for the district it can tell (or the national queue) and texts
//! back a reference; later messages from the same number go to the open
//! draft; `STATUS <case number> <tracking code>` gets a case's status back.
//! A facilitation officer calls back and completes the draft into a case
//! (`domain::sms_drafts`).

pub mod command;
pub mod inbound;
pub mod parse;
pub mod places;
pub mod replies;
pub mod words;

#[cfg(test)]
mod parse_tests;
