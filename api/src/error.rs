//! The one error type of the API.
//!
//! Every error reaching a client carries a stable `extensions.code`:
//! `UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, `BAD_USER_INPUT`, `CONFLICT`,
//! `RATE_LIMITED`, `SERVICE_UNAVAILABLE` (a store or the database does not
//! answer; retry) or `INTERNAL`; input errors also name the `field`,
//! conflicts a `reason`.
//! Internal errors are logged here, once, with their cause chain, and reach
//! the client only as a generic message.
//!
//! `ApiError` deliberately does not implement `Display`: async-graphql turns
//! any `Display` error into a client message, and a database error's text
//! must never get through that way. Resolvers return [`ApiResult`], so `?`
//! on a database error goes through [`ApiError::Internal`].

use std::sync::Arc;

use async_graphql::ErrorExtensions;
use sea_orm::{DbErr, TransactionError};

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, Clone)]
pub enum ApiError {
    /// No valid credentials were presented.
    Unauthenticated(&'static str),
    /// The caller is known but may not do this; the text is short on purpose.
    Forbidden(&'static str),
    /// Nothing of that kind exists within the caller's scope.
    NotFound(&'static str),
    /// A field of the input is invalid.
    BadInput { field: String, message: String },
    /// An input was refused for a reason clients tell apart (`reason`), e.g.
    /// a photo that is not an image or too large.
    Rejected {
        field: &'static str,
        reason: &'static str,
        message: String,
    },
    /// Too many requests of this kind from this client; try again after
    /// `retry_after_secs`.
    RateLimited { retry_after_secs: u64 },
    /// A service this request needs (the photo store) does not answer; the
    /// request may be retried.
    Unavailable(&'static str),
    /// The request contradicts the current state (illegal lifecycle move, a
    /// duplicate, a concurrent change).
    Conflict {
        reason: &'static str,
        message: String,
    },
    /// A fault of ours; logged with its cause, hidden from the client.
    Internal(Arc<anyhow::Error>),
}

impl ApiError {
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(reason: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            reason,
            message: message.into(),
        }
    }

    pub fn rejected(field: &'static str, reason: &'static str, message: impl Into<String>) -> Self {
        Self::Rejected {
            field,
            reason,
            message: message.into(),
        }
    }

    /// A `NOT_FOUND` named after what the caller asked for (a photo, a
    /// sighting) rather than the case it hangs on; other errors unchanged.
    pub fn not_found_as(self, what: &'static str) -> Self {
        match self {
            Self::NotFound(_) => Self::NotFound(what),
            other => other,
        }
    }

    /// A fault of ours, unless it is the database not answering: that is
    /// `SERVICE_UNAVAILABLE`, for the client to retry.
    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        let err = err.into();
        let unreachable = err
            .chain()
            .filter_map(|cause| cause.downcast_ref::<DbErr>())
            .any(database_unreachable);
        if unreachable {
            tracing::warn!(error = %err, "the database does not answer");
            return Self::Unavailable(DATABASE_UNAVAILABLE);
        }
        Self::Internal(Arc::new(err))
    }

    /// The stable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::BadInput { .. } | Self::Rejected { .. } => "BAD_USER_INPUT",
            Self::Conflict { .. } => "CONFLICT",
            Self::Unavailable(_) => "SERVICE_UNAVAILABLE",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Internal(_) => "INTERNAL",
        }
    }

    /// The text the client sees.
    pub fn message(&self) -> String {
        match self {
            Self::Unauthenticated(text) | Self::Forbidden(text) | Self::Unavailable(text) => {
                (*text).to_owned()
            }
            Self::NotFound(what) => format!("{what} not found"),
            Self::RateLimited { retry_after_secs } => {
                format!("too many requests; try again in {retry_after_secs} seconds")
            }
            Self::BadInput { message, .. }
            | Self::Rejected { message, .. }
            | Self::Conflict { message, .. } => message.clone(),
            Self::Internal(_) => "internal error; the fault has been logged".to_owned(),
        }
    }

    /// For command-line use, where the whole cause may be shown.
    pub fn into_anyhow(self) -> anyhow::Error {
        match self {
            Self::Internal(cause) => anyhow::anyhow!("{cause:#}"),
            other => anyhow::anyhow!("{}: {}", other.code(), other.message()),
        }
    }
}

/// What a client is told while the database cannot be reached.
const DATABASE_UNAVAILABLE: &str = "the database is unavailable; try again shortly";

/// Whether `err` says the database cannot be reached now (down, restarting,
/// or every connection busy for the pool's whole wait), rather than that the
/// statement was wrong: the same request may succeed once it is back.
pub fn database_unreachable(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx::Error as Sqlx};

    let runtime = match err {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime) => runtime,
        _ => return false,
    };
    let RuntimeErr::SqlxError(sqlx) = runtime else {
        return false;
    };
    match sqlx.as_ref() {
        Sqlx::Io(_)
        | Sqlx::Tls(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed => true,
        // PostgreSQL's connection exceptions (class 08) and shutdowns
        // (57P01 admin, 57P02 crash, 57P03 cannot connect now).
        Sqlx::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        Self::internal(err)
    }
}

impl From<TransactionError<ApiError>> for ApiError {
    fn from(err: TransactionError<ApiError>) -> Self {
        match err {
            TransactionError::Connection(db) => db.into(),
            TransactionError::Transaction(api) => api,
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(err: ApiError) -> Self {
        if let ApiError::Internal(cause) = &err {
            tracing::error!(error = ?cause, "request failed with an internal error");
        }
        let code = err.code();
        async_graphql::Error::new(err.message()).extend_with(|_, ext| {
            ext.set("code", code);
            match &err {
                ApiError::BadInput { field, .. } => ext.set("field", field.as_str()),
                ApiError::Conflict { reason, .. } => ext.set("reason", *reason),
                ApiError::RateLimited { retry_after_secs } => {
                    ext.set("retryAfter", *retry_after_secs);
                }
                ApiError::Rejected { field, reason, .. } => {
                    ext.set("field", *field);
                    ext.set("reason", *reason);
                }
                _ => {}
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_cause_from_clients() {
        let err = ApiError::from(DbErr::Custom("relation \"cases\" does not exist".into()));
        let gql: async_graphql::Error = err.into();
        assert!(!gql.message.contains("cases"));
        let code = gql
            .extensions
            .as_ref()
            .and_then(|ext| ext.get("code"))
            .cloned();
        assert_eq!(code, Some(async_graphql::Value::from("INTERNAL")));
    }

    #[test]
    fn a_database_that_does_not_answer_is_unavailable_not_internal() {
        use sea_orm::{ConnAcquireErr, RuntimeErr, sqlx};

        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let cases = [
            DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
            DbErr::Conn(RuntimeErr::SqlxError(Arc::new(sqlx::Error::Io(refused)))),
            DbErr::Query(RuntimeErr::SqlxError(Arc::new(sqlx::Error::PoolTimedOut))),
        ];
        for err in cases {
            assert_eq!(ApiError::from(err).code(), "SERVICE_UNAVAILABLE");
        }

        // A statement the database refused is still our fault.
        let wrong = DbErr::Query(RuntimeErr::SqlxError(Arc::new(sqlx::Error::RowNotFound)));
        assert_eq!(ApiError::from(wrong).code(), "INTERNAL");
        let wrapped =
            anyhow::Error::new(DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed))
                .context("reading the case");
        assert_eq!(ApiError::internal(wrapped).code(), "SERVICE_UNAVAILABLE");
    }
}
