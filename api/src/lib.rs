//! The Zainab Alert platform's server: a GraphQL API over the cases of
//! missing, abducted and abused children, for citizens, police, oversight
//! and integrators.
//!
//! Layout: `http` and `graphql` carry requests to `domain`, which holds the
//! rules and uses the `entities`; `auth` turns credentials into actors.

pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod deadlines;
pub mod domain;
pub mod error;
pub mod events;
pub mod faces;
pub mod found;
pub mod graphql;
pub mod http;
pub mod notify;
pub mod oversight;
pub mod photos;
pub mod public_api;
pub mod register;
pub mod seed;
pub mod shutdown;
pub mod sms_intake;
pub mod state;
pub mod storage;
pub mod ticker;

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context;
use axum::serve::ListenerExt;
use secrecy::SecretString;
use tokio::net::TcpListener;

use crate::{
    auth::{passwords, tokens::TokenKeys},
    clock::Clock,
    config::Config,
    domain::geo::Geography,
    events::Hub,
    state::{AppState, Inner},
};

/// Connects, migrates when configured to, and loads what the server needs.
pub async fn prepare(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
    let db = db::connect(&config).await?;
    if config.auto_migrate {
        db::migrate(&db).await?;
    }
    let geo = Geography::load(&db)
        .await
        .context("loading jurisdictions")?;
    anyhow::ensure!(
        !geo.districts().is_empty(),
        "no districts in the database: run `zainab migrate` first"
    );
    let child_population = config
        .child_population_file
        .as_deref()
        .map(|path| oversight::population::ChildPopulation::load(path, &geo))
        .transpose()?;
    if let Some(inbound) = &config.sms_inbound_secret {
        use secrecy::ExposeSecret;
        anyhow::ensure!(
            inbound.expose_secret().chars().count() >= 16,
            "ZA_SMS_INBOUND_SECRET must be at least 16 characters"
        );
    }
    let secret = jwt_secret(&config)?;
    let tokens = TokenKeys::from_config(&config, &secret)?;
    let callback_key = notify::callbacks::derive_key(&secret);
    let previous_callback_keys = config
        .previous_jwt_secrets()
        .map(notify::callbacks::derive_key)
        .collect();
    let events = Hub::new(config.live_buffer);
    let store = storage::Store::from_config(&config)?;
    let photo_link_key = storage::signed::derive_key(&secret);
    let photo_gate = photos::Gate::new(config.photo_workers);
    let address_key = storage::signed::derive(&secret, b"zainab-alert client addresses");
    let audit_key = audit::signing::AuditKey::from_config(&config, &secret)?;
    Ok(AppState::new(Inner {
        config,
        db,
        geo,
        clock,
        tokens,
        outbox_wake: Arc::new(tokio::sync::Notify::new()),
        callback_key,
        previous_callback_keys,
        events,
        store,
        photo_link_key,
        address_key,
        photo_gate,
        child_population,
        faces: faces::search::Searcher::default(),
        audit_key,
    }))
}

/// Serves the API on `listener` until `shutdown` resolves, with the live
/// fan-out, and the SMS dispatcher, the deadline clock and the face worker
/// when configured.
/// In-flight requests finish first, live subscriptions end with a note to
/// resume elsewhere and their connections close (1001), then the background
/// work stops, releasing what it could not finish; each step is bounded by
/// `ZA_SHUTDOWN_TIMEOUT`.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let _fan_out = events::hub::start(&state).await?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut background = tokio::task::JoinSet::new();
    if state.config.background {
        let gateway = Arc::new(notify::gateway::from_config(&state)?);
        background.spawn(notify::dispatcher::run(
            state.clone(),
            gateway,
            stopped.clone(),
        ));
        background.spawn(deadlines::escalation::run(state.clone(), stopped.clone()));
        background.spawn(photos::janitor::run(state.clone(), stopped.clone()));
        background.spawn(register::run(state.clone(), stopped.clone()));
        background.spawn(public_api::run(state.clone(), stopped.clone()));
        background.spawn(audit::run(state.clone(), stopped.clone()));
        if state.config.face_worker {
            let engine = faces::worker::load_engine(&state).await?;
            state.faces.adopt(&engine);
            background.spawn(faces::worker::run(state.clone(), engine, stopped.clone()));
        }
    }
    let (begun, mut stopping_asked) = tokio::sync::watch::channel(false);
    let stopping = {
        let state = state.clone();
        async move {
            shutdown.await;
            begun.send_replace(true);
            state.events.stop();
        }
    };
    let grace = state.config.shutdown_timeout;
    let app = http::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    // Answers go out whole at once: with Nagle's algorithm a response
    // written in two parts waits for the client's delayed ACK (~40 ms).
    let listener = listener.tap_io(|tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(error = %err, "could not set TCP_NODELAY");
        }
    });
    let serving = axum::serve(listener, app).with_graceful_shutdown(stopping);
    let served = tokio::select! {
        biased;
        served = serving => served.context("serving HTTP"),
        () = shutdown::grace_after(&mut stopping_asked, grace) => {
            tracing::warn!("requests still in flight after ZA_SHUTDOWN_TIMEOUT; stopping without them");
            Ok(())
        }
    };

    // Live connections are upgraded out of the HTTP server's hands: wait
    // for them to send their close frames.
    let sockets = state.events.sockets();
    sockets.close();
    if tokio::time::timeout(grace, sockets.wait()).await.is_err() {
        tracing::warn!(
            live.open = sockets.len(),
            "live connections still open after ZA_SHUTDOWN_TIMEOUT"
        );
    }

    let _ = stop.send(true);
    let drained = tokio::time::timeout(grace + DRAIN_SLACK, async {
        while background.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!("background work still running after ZA_SHUTDOWN_TIMEOUT; abandoned");
    }
    tracing::info!("stopped");
    served
}

/// Beyond the shutdown timeout, the time the workers get to release their
/// claims before they are abandoned.
const DRAIN_SLACK: std::time::Duration = std::time::Duration::from_secs(5);

/// The token secret from the configuration, or one generated into the data
/// folder on first start (embedded use only).
fn jwt_secret(config: &Config) -> anyhow::Result<SecretString> {
    if let Some(secret) = &config.jwt_secret {
        return Ok(secret.clone());
    }
    let path = config.data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return Ok(SecretString::from(existing.trim().to_owned()));
    }
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating {}", config.data_dir.display()))?;
    let secret = passwords::random_token(48);
    write_private(&path, &secret)?;
    tracing::warn!(path = %path.display(), "ZA_JWT_SECRET is unset; generated one for this data folder");
    Ok(SecretString::from(secret))
}

fn write_private(path: &std::path::Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;

    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}
