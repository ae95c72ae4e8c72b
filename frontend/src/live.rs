//! Live updates over the graphql-transport-ws protocol on a browser
//! WebSocket. A dropped connection is opened again after a pause and
//! resumes after the last event received (`after`), so nothing is missed.

use std::{cell::RefCell, rc::Rc};

use serde_json::{Value, json};
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{CloseEvent, MessageEvent, WebSocket};
use yew::Callback;

use crate::{api::ApiError, session};

const PROTOCOL: &str = "graphql-transport-ws";
const RETRY_MS: u32 = 2_000;

/// What a subscription reports to the page.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// The server acknowledged the connection: the stream is live.
    Connected,
    /// One event: the subscription field's value.
    Next(Value),
    /// The server refused or ended the stream with an error.
    Error(ApiError),
    /// The connection dropped; it is being opened again.
    Reconnecting,
}

struct Inner {
    query: String,
    variables: Value,
    field: String,
    on_event: Callback<LiveEvent>,
    last_id: Option<String>,
    socket: Option<WebSocket>,
    handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    stopped: bool,
    /// Refused (not dropped): do not try again.
    refused: bool,
}

/// A running subscription; dropping it closes the connection.
pub struct Subscription {
    inner: Rc<RefCell<Inner>>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut inner = self.inner.borrow_mut();
        inner.stopped = true;
        if let Some(socket) = inner.socket.take() {
            socket.set_onopen(None);
            socket.set_onmessage(None);
            socket.set_onclose(None);
            let _ = socket.close();
        }
        // The handlers are not running now (this is not called from one),
        // so they can go.
        inner.handlers.clear();
    }
}

/// `ws://host/graphql` or `wss://host/graphql` for this page's origin.
pub fn endpoint() -> String {
    let location = web_sys::window().map(|w| w.location());
    let protocol = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .unwrap_or_default();
    let host = location
        .as_ref()
        .and_then(|l| l.host().ok())
        .unwrap_or_default();
    let scheme = if protocol == "https:" { "wss" } else { "ws" };
    format!("{scheme}://{host}/graphql")
}

/// Subscribes to `query`, whose root field is `field`, reporting each
/// event to `on_event`.
pub fn subscribe(
    query: &str,
    field: &str,
    variables: Value,
    on_event: Callback<LiveEvent>,
) -> Subscription {
    let inner = Rc::new(RefCell::new(Inner {
        query: query.to_owned(),
        variables,
        field: field.to_owned(),
        on_event,
        last_id: None,
        socket: None,
        handlers: Vec::new(),
        stopped: false,
        refused: false,
    }));
    connect(&inner);
    Subscription { inner }
}

fn connect(inner: &Rc<RefCell<Inner>>) {
    let socket = match WebSocket::new_with_str(&endpoint(), PROTOCOL) {
        Ok(socket) => socket,
        Err(_) => {
            retry_later(inner);
            return;
        }
    };

    let on_open = {
        let socket = socket.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let payload = match session::load() {
                Some(s) => json!({ "authorization": format!("Bearer {}", s.access_token) }),
                None => json!({}),
            };
            let _ = socket.send_with_str(
                &json!({ "type": "connection_init", "payload": payload }).to_string(),
            );
        })
    };

    let on_message = {
        let weak = Rc::downgrade(inner);
        let socket = socket.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Some(inner) = weak.upgrade() else { return };
            let Some(text) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            let Ok(message) = serde_json::from_str::<Value>(&text) else {
                return;
            };
            handle(&inner, &socket, &message);
        })
    };

    let on_close = {
        let weak = Rc::downgrade(inner);
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Some(inner) = weak.upgrade() else { return };
            let code = event.dyn_ref::<CloseEvent>().map(|c| c.code()).unwrap_or(0);
            // 4401/4403: the server will not take this token; 4400: bad request.
            if matches!(code, 4400 | 4401 | 4403) {
                let on_event = inner.borrow().on_event.clone();
                inner.borrow_mut().refused = true;
                on_event.emit(LiveEvent::Error(ApiError {
                    code: "UNAUTHENTICATED".into(),
                    message: "the live connection was refused".into(),
                    field: None,
                }));
                return;
            }
            retry_later(&inner);
        })
    };

    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));

    let mut state = inner.borrow_mut();
    state.socket = Some(socket);
    // Earlier handlers belong to a socket that has closed; they are not
    // running, since connecting happens from a timer or the first call.
    state.handlers = vec![on_open, on_message, on_close];
}

fn handle(inner: &Rc<RefCell<Inner>>, socket: &WebSocket, message: &Value) {
    let on_event = inner.borrow().on_event.clone();
    match message["type"].as_str() {
        Some("connection_ack") => {
            let (query, mut variables, after) = {
                let state = inner.borrow();
                (
                    state.query.clone(),
                    state.variables.clone(),
                    state.last_id.clone(),
                )
            };
            if let (Some(after), Some(vars)) = (after, variables.as_object_mut()) {
                vars.insert("after".into(), Value::String(after));
            }
            let _ = socket.send_with_str(
                &json!({
                    "id": "1",
                    "type": "subscribe",
                    "payload": { "query": query, "variables": variables },
                })
                .to_string(),
            );
            on_event.emit(LiveEvent::Connected);
        }
        Some("ping") => {
            let _ = socket.send_with_str(&json!({ "type": "pong" }).to_string());
        }
        Some("next") => {
            let payload = &message["payload"];
            if let Some(err) = ApiError::from_errors(&payload["errors"]) {
                on_event.emit(LiveEvent::Error(err));
                return;
            }
            let field = inner.borrow().field.clone();
            let value = payload["data"][&field].clone();
            if let Some(id) = value["id"].as_str() {
                inner.borrow_mut().last_id = Some(id.to_owned());
            }
            on_event.emit(LiveEvent::Next(value));
        }
        Some("error") => {
            if let Some(err) = ApiError::from_errors(&message["payload"]) {
                let resumable = err.code == "CONFLICT";
                if !resumable {
                    inner.borrow_mut().refused = true;
                }
                on_event.emit(LiveEvent::Error(err));
            }
        }
        Some("complete") => {
            // The server ended the stream (expired session, lag, shutdown):
            // close, and the close handler opens it again after `after`.
            let _ = socket.close();
        }
        _ => {}
    }
}

fn retry_later(inner: &Rc<RefCell<Inner>>) {
    let (stopped, refused, on_event) = {
        let state = inner.borrow();
        (state.stopped, state.refused, state.on_event.clone())
    };
    if stopped || refused {
        return;
    }
    on_event.emit(LiveEvent::Reconnecting);
    let weak = Rc::downgrade(inner);
    gloo_timers::callback::Timeout::new(RETRY_MS, move || {
        if let Some(inner) = weak.upgrade()
            && !inner.borrow().stopped
        {
            connect(&inner);
        }
    })
    .forget();
}
