//! Subscriptions: a WebSocket upgrade of `GET /graphql` speaking
//! graphql-transport-ws. The client authenticates in `connection_init`
//! (`{"authorization": "Bearer ..."}`), checked as an HTTP request's header
//! would be; without it the connection is anonymous, and counts against the
//! public API's limits (`{"apiKey": "..."}` for an app's own).
//!
//! The socket buffers are small, since most connections sit idle:
//! tungstenite's defaults would reserve 128 KiB to read into per connection.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};

use async_graphql::{Data, http::ALL_WEBSOCKET_PROTOCOLS};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::{
    extract::{ConnectInfo, State, WebSocketUpgrade},
    http::HeaderMap,
    response::Response,
};
use serde_json::Value;

use super::{Http, client_ip, codes::Coded};
use crate::{domain::caller::Caller, events::session::Credential, public_api, state::AppState};

/// Bytes read from the socket at a time; messages from clients are small.
const READ_BUFFER: usize = 4 * 1024;
/// The largest message or frame a client may send (a subscription request).
const MAX_MESSAGE: usize = 64 * 1024;
/// How much may queue for a client that does not read before its
/// connection fails; the broadcast behind it ends it sooner.
const MAX_WRITE_BUFFER: usize = 1024 * 1024;

pub(super) async fn upgrade(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let client_ip = client_ip(&http.state, &headers, peer);
    let Http { state, schema, .. } = http;
    upgrade
        .read_buffer_size(READ_BUFFER)
        // Write each message through at once instead of gathering 128 KiB.
        .write_buffer_size(0)
        .max_write_buffer_size(MAX_WRITE_BUFFER)
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        // TODO: cap subscriptions per connection; one client may open any number today.
        .on_upgrade(move |socket| async move {
            let init_timeout = state.config.live_init_timeout;
            let initialised = Arc::new(AtomicBool::new(false));
            let seen = Arc::clone(&initialised);
            let serve = GraphQLWebSocket::new(socket, Coded(schema), protocol)
                .on_connection_init(move |payload| {
                    seen.store(true, Ordering::Relaxed);
                    connection_init(state, client_ip, payload)
                })
                .serve();
            tokio::pin!(serve);
            tokio::select! {
                () = &mut serve => return,
                () = tokio::time::sleep(init_timeout) => {}
            }
            // A socket that never said who it is holds memory for nothing:
            // dropping the connection closes it.
            if initialised.load(Ordering::Relaxed) {
                serve.await;
            } else {
                tracing::info!("closed a WebSocket that sent no connection_init in time");
            }
        })
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
