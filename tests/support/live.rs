//! A small graphql-transport-ws client over tokio-tungstenite, for tests of
//! subscriptions against the real server.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream,
    tungstenite::{Message, client::IntoClientRequest, http::HeaderValue},
};

use crate::TestApp;

/// How long a test waits for a message it expects.
pub const WAIT: Duration = Duration::from_secs(10);

/// One open, acknowledged connection.
pub struct Live {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// What the server sent for a subscription.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    Next { id: String, payload: Value },
    Complete { id: String },
    Closed { code: u16, reason: String },
}

impl TestApp {
    /// Opens a connection, authenticated with `token` when given.
    pub async fn live(&self, token: Option<&str>) -> Live {
        match self.try_live(token).await {
            Ok(live) => live,
            Err((code, reason)) => panic!("connection refused: {code} {reason}"),
        }
    }

    /// Opens a connection, or returns the close code and reason it got.
    pub async fn try_live(&self, token: Option<&str>) -> Result<Live, (u16, String)> {
        let payload = match token {
            Some(token) => json!({ "authorization": format!("Bearer {token}") }),
            None => json!({}),
        };
        self.try_live_with(payload).await
    }

    /// Opens a connection whose `connection_init` carries `payload`.
    pub async fn try_live_with(&self, payload: Value) -> Result<Live, (u16, String)> {
        let mut request = format!("ws://{}/graphql", self.address)
            .into_client_request()
            .expect("a WebSocket request");
        request.headers_mut().insert(
            "sec-websocket-protocol",
            HeaderValue::from_static("graphql-transport-ws"),
        );
        let (socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("the WebSocket handshake");
        let mut live = Live { socket };
        live.send(json!({ "type": "connection_init", "payload": payload }))
            .await;
        match live.message().await {
            Ok(ack) if ack["type"] == "connection_ack" => Ok(live),
            Ok(other) => panic!("expected connection_ack, got {other}"),
            Err(closed) => Err(closed),
        }
    }
}

impl Live {
    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        self.send(json!({
            "id": id,
            "type": "subscribe",
            "payload": { "query": query, "variables": variables },
        }))
        .await;
    }

    /// Ends one subscription.
    pub async fn stop(&mut self, id: &str) {
        self.send(json!({ "id": id, "type": "complete" })).await;
    }

    /// The next frame, failing the test after [`WAIT`].
    pub async fn next(&mut self) -> Frame {
        match self.message().await {
            Ok(message) => match message["type"].as_str() {
                Some("next") => Frame::Next {
                    id: message["id"].as_str().unwrap_or_default().to_owned(),
                    payload: message["payload"].clone(),
                },
                Some("complete") => Frame::Complete {
                    id: message["id"].as_str().unwrap_or_default().to_owned(),
                },
                _ => panic!("unexpected message {message}"),
            },
            Err((code, reason)) => Frame::Closed { code, reason },
        }
    }

    /// The data of the next result of subscription `id`, which must not be an error.
    pub async fn data(&mut self, id: &str) -> Value {
        match self.next().await {
            Frame::Next { id: got, payload } if got == id => {
                assert!(
                    payload.get("errors").is_none_or(Value::is_null),
                    "expected data, got {payload}"
                );
                payload["data"].clone()
            }
            other => panic!("expected data for {id}, got {other:?}"),
        }
    }

    /// The `extensions.code` of the error that ends subscription `id`,
    /// checking that `complete` follows it.
    pub async fn error_code(&mut self, id: &str) -> String {
        let code = match self.next().await {
            Frame::Next { id: got, payload } if got == id => {
                payload["errors"][0]["extensions"]["code"]
                    .as_str()
                    .unwrap_or_else(|| panic!("expected an error, got {payload}"))
                    .to_owned()
            }
            other => panic!("expected an error for {id}, got {other:?}"),
        };
        assert_eq!(self.next().await, Frame::Complete { id: id.to_owned() });
        code
    }

    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }

    async fn send(&mut self, message: Value) {
        self.socket
            .send(Message::text(message.to_string()))
            .await
            .expect("sending a message");
    }

    /// The next protocol message, answering pings; `Err` with the close
    /// code and reason when the server closed the connection.
    async fn message(&mut self) -> Result<Value, (u16, String)> {
        loop {
            let received = tokio::time::timeout(WAIT, self.socket.next())
                .await
                .expect("a message within the wait");
            match received {
                Some(Ok(Message::Text(text))) => {
                    let message: Value = serde_json::from_str(&text).expect("JSON");
                    if message["type"] == "ping" {
                        self.send(json!({ "type": "pong" })).await;
                        continue;
                    }
                    return Ok(message);
                }
                Some(Ok(Message::Close(frame))) => {
                    return Err(frame.map_or((1005, String::new()), |f| {
                        (f.code.into(), f.reason.to_string())
                    }));
                }
                Some(Ok(_)) => continue,
                Some(Err(err)) => return Err((1006, err.to_string())),
                None => return Err((1006, "connection ended".to_owned())),
            }
        }
    }
}

impl TestApp {
    /// The id of the last event committed, to subscribe `after` it: the
    /// stream then starts exactly there, however late the subscription
    /// reaches the server.
    pub async fn last_event_id(&self) -> String {
        zainab_api::events::log::last_id(&self.state.db)
            .await
            .unwrap_or_else(|err| panic!("reading the last event id: {:?}", err.code()))
            .to_string()
    }
}

/// GraphQL operations of the live tests.
pub mod live_ops {
    pub const CASE_UPDATES: &str = "subscription($number: String!, $code: String, $after: ID) {
        caseUpdates(caseNumber: $number, trackingCode: $code, after: $after) {
            id kind fromStatus toStatus note
        }
    }";

    pub const SCOPE_FEED: &str = "subscription($district: ID, $after: ID) {
        scopeFeed(districtId: $district, after: $after) {
            id kind caseId caseNumber toStatus note district { id } fromDistrict { id }
        }
    }";

    pub const ACKNOWLEDGE: &str = "mutation($id: ID!, $note: String, $visible: Boolean! = false) {
        acknowledgeCase(caseId: $id, note: $note, noteVisibleToReporter: $visible) { id }
    }";

    pub const CONTACTED: &str = "mutation($id: ID!) { recordReporterContact(caseId: $id) { id } }";

    pub const NOTE: &str = "mutation($id: ID!, $note: String!, $visible: Boolean! = false) {
        addCaseNote(caseId: $id, note: $note, visibleToReporter: $visible) { id }
    }";

    pub const TRANSFER: &str = "mutation($id: ID!, $district: String!) {
        transferCase(caseId: $id, districtId: $district, note: \"Seen last near the Kasur bus stand\") { id }
    }";
}
