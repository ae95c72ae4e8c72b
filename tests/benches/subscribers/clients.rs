//! The subscribers: one WebSocket each, every one recording when a message
//! reaches it, and the event that sets them off.

use std::{
    net::{Ipv4Addr, SocketAddr},
    sync::Arc,
    time::{Duration, Instant},
};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::{
    net::{TcpSocket, TcpStream},
    sync::{Mutex, Semaphore, mpsc},
    task::JoinHandle,
};
use tokio_tungstenite::{
    WebSocketStream,
    tungstenite::{
        Message, client::IntoClientRequest, http::HeaderValue, protocol::WebSocketConfig,
    },
};

/// Handshakes in flight at once, to stay within the listen backlog.
const HANDSHAKES_AT_ONCE: usize = 256;
/// Connections per source address, below its ~28,000 ephemeral ports.
const PER_SOURCE: usize = 20_000;
/// How long an event may take to reach every subscriber.
const EVENT_WAIT: Duration = Duration::from_secs(60);

const FEED: &str = "subscription { scopeFeed { id kind caseNumber note district { id } } }";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Zainab,
    Peer,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Zainab => "API",
            Self::Peer => "peer",
        }
    }
}

/// A running server and how to reach it.
pub struct Target {
    kind: Kind,
    address: SocketAddr,
    /// The ministry token subscribers authenticate with (the API only).
    subscriber: Option<String>,
    police: Option<String>,
    case: Option<String>,
    http: reqwest::Client,
}

impl Target {
    pub fn new(kind: Kind, ready: &Value) -> Self {
        let text = |key: &str| ready[key].as_str().map(str::to_owned);
        Self {
            kind,
            address: text("address")
                .expect("an address")
                .parse()
                .expect("an address"),
            subscriber: text("subscriber"),
            police: text("police"),
            case: text("case"),
            http: reqwest::Client::new(),
        }
    }

    /// Makes one event: a note on a case for the API, a published message
    /// of the same shape and size for the peer.
    async fn trigger(&self) {
        let response = match self.kind {
            Kind::Zainab => self
                .http
                .post(format!("http://{}/graphql", self.address))
                .bearer_auth(self.police.as_deref().expect("a police token"))
                .json(&json!({
                    "query": "mutation($id: ID!) { addCaseNote(caseId: $id, note: \"Checked the bus stand\") { id } }",
                    "variables": { "id": self.case },
                }))
                .send()
                .await,
            Kind::Peer => self
                .http
                .post(format!("http://{}/publish", self.address))
                .body(json!({ "id": "1", "type": "next", "payload": { "data": { "scopeFeed": {
                    "id": "123", "kind": "NOTE", "caseNumber": "ZA-2026-000001",
                    "note": "Checked the bus stand", "district": { "id": "PB-lahore" } } } } })
                    .to_string())
                .send()
                .await,
        };
        assert!(response.expect("the trigger request").status().is_success());
    }
}

/// Connected subscribers; dropping this closes them.
pub struct Subscribers {
    count: usize,
    arrivals: Mutex<mpsc::UnboundedReceiver<Instant>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Subscribers {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Opens `count` subscriptions to `target` and returns once all are open.
pub async fn connect(target: &Target, count: usize) -> Subscribers {
    let (arrived, arrivals) = mpsc::unbounded_channel();
    let (opened, mut open) = mpsc::unbounded_channel();
    let permits = Arc::new(Semaphore::new(HANDSHAKES_AT_ONCE));
    let token = Arc::new(target.subscriber.clone());
    let mut tasks = Vec::with_capacity(count);
    for i in 0..count {
        let source = Ipv4Addr::new(127, 0, 0, 1 + (i / PER_SOURCE) as u8);
        let permit = Arc::clone(&permits)
            .acquire_owned()
            .await
            .expect("a permit");
        let (kind, address, token) = (target.kind, target.address, Arc::clone(&token));
        let (arrived, opened) = (arrived.clone(), opened.clone());
        tasks.push(tokio::spawn(async move {
            let mut socket = open_one(kind, address, source, token.as_deref()).await;
            drop(permit);
            let _ = opened.send(());
            while let Some(Ok(message)) = socket.next().await {
                if message.is_text() {
                    let _ = arrived.send(Instant::now());
                }
            }
        }));
    }
    drop(opened);
    for _ in 0..count {
        open.recv().await.expect("every subscriber opened");
    }
    Subscribers {
        count,
        arrivals: Mutex::new(arrivals),
        tasks,
    }
}

async fn open_one(
    kind: Kind,
    address: SocketAddr,
    source: Ipv4Addr,
    token: Option<&str>,
) -> WebSocketStream<TcpStream> {
    let socket = TcpSocket::new_v4().expect("a socket");
    socket.bind((source, 0).into()).expect("a source address");
    let stream = socket.connect(address).await.expect("connecting");
    let path = if kind == Kind::Zainab {
        "graphql"
    } else {
        "ws"
    };
    let mut request = format!("ws://{address}/{path}")
        .into_client_request()
        .expect("a request");
    if kind == Kind::Zainab {
        request.headers_mut().insert(
            "sec-websocket-protocol",
            HeaderValue::from_static("graphql-transport-ws"),
        );
    }
    let config = WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0);
    let (mut socket, _) =
        tokio_tungstenite::client_async_with_config(request, stream, Some(config))
            .await
            .expect("the WebSocket handshake");
    if kind == Kind::Zainab {
        let init = json!({ "type": "connection_init", "payload": {
            "authorization": format!("Bearer {}", token.expect("a token")) } });
        socket
            .send(Message::text(init.to_string()))
            .await
            .expect("init");
        let ack = socket.next().await.expect("an answer").expect("an answer");
        assert!(
            ack.to_text().unwrap_or_default().contains("connection_ack"),
            "{ack:?}"
        );
        let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": FEED } });
        socket
            .send(Message::text(subscribe.to_string()))
            .await
            .expect("subscribe");
    }
    socket
}

impl Subscribers {
    /// Sends events until one reaches every subscriber: from then on all
    /// subscriptions are live.
    pub async fn wait_until_all_receive(&self, target: &Target) {
        let mut arrivals = self.arrivals.lock().await;
        for _ in 0..10 {
            while arrivals.try_recv().is_ok() {}
            target.trigger().await;
            let mut reached = 0;
            while reached < self.count {
                match tokio::time::timeout(Duration::from_secs(5), arrivals.recv()).await {
                    Ok(Some(_)) => reached += 1,
                    _ => break,
                }
            }
            if reached == self.count {
                return;
            }
        }
        panic!("the subscriptions never all became live");
    }

    /// How long one event took to reach each subscriber.
    pub async fn one_event(&self, target: &Target) -> Vec<Duration> {
        let mut arrivals = self.arrivals.lock().await;
        while arrivals.try_recv().is_ok() {}
        let sent = Instant::now();
        target.trigger().await;
        let mut latencies = Vec::with_capacity(self.count);
        while latencies.len() < self.count {
            let at = tokio::time::timeout(EVENT_WAIT, arrivals.recv())
                .await
                .expect("the event reached every subscriber in time")
                .expect("subscribers are running");
            latencies.push(at - sent);
        }
        latencies
    }
}
