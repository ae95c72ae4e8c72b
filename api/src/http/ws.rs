//! Subscriptions: a WebSocket upgrade of `GET /graphql` speaking
//! graphql-transport-ws. The client authenticates in `connection_init`
//! (`{"authorization": "Bearer ..."}`), checked as an HTTP request's header
//! would be; without it the connection is anonymous, and counts against the
//! public API's limits (`{"apiKey": "..."}` for an app's own). When the
//! server stops, each connection's subscriptions end with `SERVER_STOPPING`
//! and the connection closes with code 1001 and "server shutting down".
//!
//! The socket buffers are small, since most connections sit idle:
//! tungstenite's defaults would reserve 128 KiB to read into per connection.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use async_graphql::{Data, http::ALL_WEBSOCKET_PROTOCOLS};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::{
    extract::{
        ConnectInfo, State, WebSocketUpgrade,
        ws::{CloseFrame, Message, WebSocket, close_code},
    },
    http::HeaderMap,
    response::Response,
};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio_util::sync::PollSender;

use super::{Http, client_ip, codes::Coded};
use crate::{
    domain::caller::Caller, events::session::Credential, graphql::ApiSchema, public_api,
    state::AppState,
};

/// Bytes read from the socket at a time; messages from clients are small.
const READ_BUFFER: usize = 4 * 1024;
/// The largest message or frame a client may send (a subscription request).
const MAX_MESSAGE: usize = 64 * 1024;
/// How much may queue for a client that does not read before its
/// connection fails; the broadcast behind it ends it sooner.
const MAX_WRITE_BUFFER: usize = 1024 * 1024;
/// Messages queued between the protocol and the socket.
const OUTGOING: usize = 16;
/// How long a stopping server lets a connection's subscriptions send their
/// last message before it closes the connection.
const FAREWELL: Duration = Duration::from_millis(200);
/// The close reason a client sees when the server stops.
pub const SHUTTING_DOWN: &str = "server shutting down";

pub(super) async fn upgrade(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let client_ip = client_ip(&http.state, &headers, peer);
    let Http { state, schema, .. } = http;
    let sockets = state.events.sockets().clone();
    upgrade
        .read_buffer_size(READ_BUFFER)
        // Write each message through at once instead of gathering 128 KiB.
        .write_buffer_size(0)
        .max_write_buffer_size(MAX_WRITE_BUFFER)
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        // TODO: cap subscriptions per connection; one client may open any number today.
        .on_upgrade(move |socket| {
            sockets.track_future(converse(state, schema, protocol, client_ip, socket))
        })
}

/// How a connection ended, on the server's side.
enum Ending {
    /// The client closed it, or it failed.
    ClientLeft,
    /// It sent no `connection_init` in time.
    Silent,
    /// The server is stopping: the client is told to go elsewhere.
    ServerStopping,
}

/// Runs one connection: the protocol's messages go out through a queue, so
/// that when the server stops, its subscriptions' last words are sent and
/// then a close frame (`1001`, "server shutting down") ends the connection.
async fn converse(
    state: AppState,
    schema: ApiSchema,
    protocol: GraphQLProtocol,
    client_ip: String,
    socket: WebSocket,
) {
    let (mut sink, source) = socket.split();
    let (outgoing, queued) = mpsc::channel::<Message>(OUTGOING);
    let mut stopping = state.events.stopping();
    let init_timeout = state.config.live_init_timeout;
    let initialised = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&initialised);
    let conversation = async move {
        let serve = GraphQLWebSocket::new_with_pair(
            PollSender::new(outgoing),
            source,
            Coded(schema),
            protocol,
        )
        .on_connection_init(move |payload| {
            seen.store(true, Ordering::Relaxed);
            connection_init(state, client_ip, payload)
        })
        .serve();
        tokio::pin!(serve);
        let init_deadline = tokio::time::sleep(init_timeout);
        tokio::pin!(init_deadline);
        let mut waiting_for_init = true;
        loop {
            tokio::select! {
                () = &mut serve => return Ending::ClientLeft,
                () = &mut init_deadline, if waiting_for_init => {
                    waiting_for_init = false;
                    // A socket that never said who it is holds memory for
                    // nothing: dropping the connection closes it.
                    if !initialised.load(Ordering::Relaxed) {
                        return Ending::Silent;
                    }
                }
                true = async { stopping.wait_for(|stopping| *stopping).await.is_ok() } => {
                    // The subscriptions end with `SERVER_STOPPING` at once.
                    let _ = tokio::time::timeout(FAREWELL, &mut serve).await;
                    return Ending::ServerStopping;
                }
            }
        }
    };
    let writer = async {
        // Owned here, so that a socket that fails drops the queue, and the
        // protocol's next send fails too instead of waiting for room.
        let mut queued = queued;
        while let Some(message) = queued.recv().await {
            if sink.send(message).await.is_err() {
                return false;
            }
        }
        true
    };
    let (ending, open) = tokio::join!(conversation, writer);
    match ending {
        Ending::ClientLeft => {}
        Ending::Silent => {
            tracing::info!("closed a WebSocket that sent no connection_init in time");
        }
        Ending::ServerStopping if open => {
            let goodbye = CloseFrame {
                code: close_code::AWAY,
                reason: SHUTTING_DOWN.into(),
            };
            if sink.send(Message::Close(Some(goodbye))).await.is_ok() {
                let _ = sink.close().await;
            }
        }
        Ending::ServerStopping => {}
    }
}

/// Authenticates the connection; an invalid token closes it.
async fn connection_init(
    state: AppState,
    client_ip: String,
    payload: Value,
) -> async_graphql::Result<Data> {
    let authorization = ["authorization", "Authorization"]
        .iter()
        .find_map(|key| payload.get(*key))
        .and_then(Value::as_str);
    let (actor, credential) = Credential::open(&state, authorization).await?;
    if actor.is_none() {
        let key = ["apiKey", public_api::KEY_HEADER]
            .iter()
            .find_map(|key| payload.get(*key))
            .and_then(Value::as_str);
        public_api::admit(&state, key, &client_ip).await?;
    }
    let mut data = Data::default();
    data.insert(Caller {
        actor,
        client_ip: Some(client_ip),
    });
    data.insert(credential);
    Ok(data)
}
