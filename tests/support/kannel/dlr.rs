//! Delivery reports: a `dlr-url` endpoint for tests that do not go through
//! the server, and the report types Kannel sends.
//!
//! Given `dlr-mask` and `dlr-url` in sendsms, this Kannel calls the URL with
//! HTTP GET twice per message, within milliseconds of sending it through the
//! fake SMS centre: type 8 (SMSC accepted, `%A` = `ACK/`), then type 1
//! (delivered, `%A` empty). The fake SMS centre never reports failures.
//!
//! Placeholders Kannel fills in: `%d` type, `%A` the SMSC's answer, `%i` the
//! smsc-id (`fake`), `%p` receiver, `%P` sender, `%T` Unix time, `%n` the
//! sendsms user. `%I` and `%F` differ between the two reports of one
//! message, so they cannot tie a report to its message: put your own
//! reference into the URL instead.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{Router, extract::Query, extract::State, http::StatusCode, routing::get};
use serde::Deserialize;
use tokio::{sync::watch, task::JoinHandle};

/// The message was delivered to the phone.
pub const DELIVERED: u8 = 1;
/// The message could not be delivered.
pub const FAILED: u8 = 2;
/// The message waits in the SMSC.
pub const BUFFERED: u8 = 4;
/// The SMSC accepted the message.
pub const SMSC_ACCEPTED: u8 = 8;
/// The SMSC refused the message.
pub const SMSC_REJECTED: u8 = 16;
/// Every report type: the `dlr-mask` asking for all of them.
pub const ALL: u8 = DELIVERED | FAILED | BUFFERED | SMSC_ACCEPTED | SMSC_REJECTED;

/// One call of the `dlr-url`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DeliveryReport {
    /// The reference the test put into the URL.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The report type (`%d`): [`SMSC_ACCEPTED`], [`DELIVERED`], ...
    #[serde(rename = "type")]
    pub code: u8,
    /// The SMSC's answer (`%A`).
    pub answer: String,
    /// The smsc-id that sent the message (`%i`).
    pub smsc: String,
    /// The receiver's number (`%p`).
    pub to: String,
    /// The sender (`%P`).
    pub from: String,
}

/// An HTTP endpoint on a free loopback port that records the delivery
/// reports Kannel sends it.
pub struct DeliveryReports {
    address: SocketAddr,
    reports: watch::Receiver<Vec<DeliveryReport>>,
    server: JoinHandle<()>,
}

impl DeliveryReports {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding a port for delivery reports");
        let address = listener.local_addr().expect("the bound address");
        let (record, reports) = watch::channel(Vec::new());
        let app = Router::new()
            .route("/dlr", get(receive))
            .with_state(Arc::new(record));
        let server = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                eprintln!("the delivery report endpoint failed: {err}");
            }
        });
        Self {
            address,
            reports,
            server,
        }
    }

    /// The `dlr-url` to pass to sendsms for the message called `reference`
    /// (letters, digits, `-` and `_` only).
    pub fn url(&self, reference: &str) -> String {
        assert!(
            reference
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "a reference must not need URL encoding: {reference:?}"
        );
        format!(
            "http://{}/dlr?ref={reference}&type=%d&answer=%A&smsc=%i&to=%p&from=%P",
            self.address
        )
    }

    /// Waits until `count` reports have arrived or `timeout` has passed, and
    /// returns all that arrived.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<DeliveryReport> {
        let mut reports = self.reports.clone();
        // On timeout the test compares what did arrive with what it expected.
        let _ = tokio::time::timeout(timeout, reports.wait_for(|all| all.len() >= count)).await;
        self.received()
    }

    /// The reports that have arrived so far.
    pub fn received(&self) -> Vec<DeliveryReport> {
        self.reports.borrow().clone()
    }
}

impl Drop for DeliveryReports {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn receive(
    State(record): State<Arc<watch::Sender<Vec<DeliveryReport>>>>,
    Query(report): Query<DeliveryReport>,
) -> StatusCode {
    record.send_modify(|reports| reports.push(report));
    StatusCode::OK
}
