//! The credential a live connection runs on. It is checked when the
//! connection opens, its expiry before every event delivered, and the
//! session behind it (signed out, disabled) on a timer, so that a stream
//! ends soon after its token stops being good.

use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};

use crate::{
    auth::{self, tokens::Verified},
    domain::actor::Actor,
    error::{ApiError, ApiResult},
    state::AppState,
};

#[derive(Clone)]
pub struct Credential {
    /// The `Authorization` value from `connection_init`; `None` when anonymous.
    authorization: Option<SecretString>,
    expires_at: Option<DateTime<Utc>>,
    /// How often the session is checked again.
    pub recheck: Duration,
}

impl Credential {
    /// Authenticates `authorization` exactly as an HTTP request would.
    pub async fn open(
        state: &AppState,
        authorization: Option<&str>,
    ) -> ApiResult<(Option<Actor>, Self)> {
        let actor = auth::authenticate(state, authorization).await?;
        let expires_at = authorization.and_then(|header| expiry(state, header));
        let credential = Self {
            authorization: authorization.map(|h| SecretString::from(h.to_owned())),
            expires_at,
            recheck: state.config.live_session_check,
        };
        Ok((actor, credential))
    }

    /// `UNAUTHENTICATED` once the token has expired; cheap enough for
    /// every event.
    pub fn check_expiry(&self, state: &AppState) -> ApiResult<()> {
        match self.expires_at {
            Some(at) if at <= state.clock.now() => Err(ended()),
            _ => Ok(()),
        }
    }

    /// Authenticates again: the token, and that its session is still open.
    pub async fn check_session(&self, state: &AppState) -> ApiResult<()> {
        let Some(authorization) = &self.authorization else {
            return Ok(());
        };
        auth::authenticate(state, Some(authorization.expose_secret()))
            .await
            .map(|_| ())
            .map_err(|err| match err {
                ApiError::Unauthenticated(_) => ended(),
                other => other,
            })
    }
}

fn ended() -> ApiError {
    ApiError::Unauthenticated("the token has expired or the session has ended; sign in again")
}

/// When the (already verified) bearer token in `header` expires.
fn expiry(state: &AppState, header: &str) -> Option<DateTime<Utc>> {
    let token = header.split_once(' ').map(|(_, token)| token.trim())?;
    let exp = match state.tokens.verify(token, state.clock.now()).ok()? {
        Verified::Ours(claims) => claims.exp,
        Verified::Portal(claims) => claims.exp,
    };
    DateTime::from_timestamp(exp, 0)
}
