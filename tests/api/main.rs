//! Integration tests: the real server on a free port, talked to over HTTP.

// Test helpers stop the test loudly when a step they rely on fails.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod alerts;
mod alerts_access;
mod audit;
mod audit_chain;
mod auth;
mod authorization;
mod docs;
mod duplicates;
mod exports;
mod faces;
mod hardening;
mod intake;
mod kannel_gateway;
mod key_rotation;
mod lifecycle;
mod operations;
mod photos;
mod portal;
mod register;
mod reports;
mod schema;
mod scoping;
mod shutdown;
mod sms;
mod sms_reports;
mod statistics;
mod subscriptions;
mod tracking;
mod web;
