//! Authentication: passwords, tokens, sessions, and turning a request's
//! bearer token into an [`Actor`](crate::domain::actor::Actor).

pub mod lockout;
pub mod passwords;
pub mod sessions;
pub mod tokens;

use crate::{
    domain::actor::Actor,
    error::{ApiError, ApiResult},
    state::AppState,
};

/// The actor behind an `Authorization` header value; `None` for anonymous
/// requests. A token that is present but invalid is refused outright rather
/// than treated as anonymous.
pub async fn authenticate(state: &AppState, header: Option<&str>) -> ApiResult<Option<Actor>> {
    let Some(header) = header else {
        return Ok(None);
    };
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .ok_or(ApiError::Unauthenticated(
            "use an Authorization: Bearer token",
        ))?
        .trim();
    match state.tokens.verify(token, state.clock.now()) {
        Ok(tokens::Verified::Ours(claims)) => {
            if sessions::is_live(&state.db, claims.sid, state.clock.now()).await? {
                Ok(Some(claims.actor()))
            } else {
                tracing::info!(user.id = %claims.sub, "bearer token refused: its session has ended");
                Err(ApiError::Unauthenticated(
                    "the session has ended; sign in again",
                ))
            }
        }
        Ok(tokens::Verified::Portal(claims)) => {
            sessions::portal_citizen(state, &claims).await.map(Some)
        }
        Err(reason) => {
            tracing::info!(reason = %reason, "bearer token refused");
            Err(ApiError::Unauthenticated(
                "the token is invalid or has expired",
            ))
        }
    }
}
