//! What every request handler shares: configuration, the database pool,
//! geography, the clock and the token keys. Nothing in it changes after
//! start-up, so replicas stay interchangeable.

use std::{ops::Deref, sync::Arc};

use sea_orm::DatabaseConnection;

use crate::{auth::tokens::TokenKeys, clock::Clock, config::Config, domain::geo::Geography};

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub db: DatabaseConnection,
    pub geo: Geography,
    pub clock: Arc<dyn Clock>,
    pub tokens: TokenKeys,
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
