//! The two servers under test, each run in a child process of its own so
//! that its memory can be read from `/proc` apart from the clients'.

use std::io::Read;

use axum::{
    Router,
    extract::{State, WebSocketUpgrade, ws::Message},
    routing::{get, post},
};
use entities::UserRole;
use serde_json::json;
use tokio::sync::broadcast;
use zainab_tests::TestApp;

/// What a child tells the benchmark once it is ready, as one JSON line.
pub fn announce(value: serde_json::Value) {
    println!("{value}");
}

/// Runs until the benchmark closes the child's stdin.
async fn until_stdin_closes() {
    tokio::task::spawn_blocking(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
    })
    .await
    .expect("stdin watcher");
}

/// The real API on SQLite, with a ministry account to subscribe with and a
/// district officer and a case to make events with.
pub async fn zainab() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let filed = app.report(&officer, "PB-lahore").await;
    announce(json!({
        "address": app.address.to_string(),
        "subscriber": ministry.token,
        "police": police.token,
        "case": filed.id,
    }));
    until_stdin_closes().await;
}

/// A bare axum WebSocket server fanning a broadcast out to every socket,
/// with the same socket buffer sizes as the API, and `POST /publish` to
/// send one message.
pub async fn peer() {
    let (sender, _) = broadcast::channel::<String>(1024);
    let router = Router::new()
        .route("/ws", get(socket))
        .route(
            "/publish",
            post(
                |State(sender): State<broadcast::Sender<String>>, body: String| async move {
                    let _ = sender.send(body);
                },
            ),
        )
        .with_state(sender);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    announce(json!({ "address": listener.local_addr().expect("an address").to_string() }));
    tokio::spawn(async move { axum::serve(listener, router).await });
    until_stdin_closes().await;
}

async fn socket(
    State(sender): State<broadcast::Sender<String>>,
    upgrade: WebSocketUpgrade,
) -> axum::response::Response {
    upgrade
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
        .on_upgrade(move |mut socket| async move {
            let mut receiver = sender.subscribe();
            loop {
                tokio::select! {
                    message = receiver.recv() => match message {
                        Ok(text) => {
                            if socket.send(Message::text(text)).await.is_err() {
                                return;
                            }
                        }
                        Err(broadcast::error::RecvError::Lagged(_)) => {}
                        Err(broadcast::error::RecvError::Closed) => return,
                    },
                    incoming = socket.recv() => match incoming {
                        Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                        Some(Ok(_)) => {}
                    },
                }
            }
        })
}
