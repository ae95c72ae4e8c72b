//! What every request handler shares: configuration, the database pool,
//! geography, the clock, the token keys, the object store and the live
//! fan-out. Nothing in it
//! but the fan-out's buffer changes after start-up, so replicas stay
//! interchangeable.

use std::{ops::Deref, sync::Arc};

use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use crate::{
    auth::tokens::TokenKeys, clock::Clock, config::Config, domain::geo::Geography, events::Hub,
    faces, oversight::population::ChildPopulation, photos, storage::Store,
};

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub db: DatabaseConnection,
    pub geo: Geography,
    pub clock: Arc<dyn Clock>,
    pub tokens: TokenKeys,
    /// Rung when this process queues an SMS, so the dispatcher sends it at once.
    pub outbox_wake: Arc<Notify>,
    /// Signs the delivery-report URLs given to the SMS gateway.
    pub callback_key: secrecy::SecretSlice<u8>,
    /// The callback keys of the previous token secrets: delivery reports
    /// for messages sent before a key rollover still check.
    pub previous_callback_keys: Vec<secrecy::SecretSlice<u8>>,
    /// The live fan-out of this process.
    pub events: Hub,
    /// Where photos are kept.
    pub store: Store,
    /// Signs the links to private photos that the API serves itself.
    pub photo_link_key: secrecy::SecretSlice<u8>,
    /// Hashes client addresses for rate limits, so that none is stored.
    pub address_key: secrecy::SecretSlice<u8>,
    /// Bounds how many photos this process decodes at once.
    pub photo_gate: photos::Gate,
    /// Children per district, when a population file is configured.
    pub child_population: Option<ChildPopulation>,
    /// The face model and index for searches by photo, loaded on first use.
    pub faces: faces::search::Searcher,
    /// Signs the published audit heads and evidence exports.
    pub audit_key: crate::audit::signing::AuditKey,
}

impl AppState {
    pub fn new(inner: Inner) -> Self {
        Self(Arc::new(inner))
    }
}

impl Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}
