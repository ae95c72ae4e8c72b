//! Photos over plain HTTP: the signed links of the local store, and the
//! public versions of photos of cases on the register.

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use uuid::Uuid;

use super::Http;
use crate::{
    error::ApiError,
    photos::{self, LinkRefusal, Variant},
    storage::signed::Refusal,
};

#[derive(serde::Deserialize)]
pub(super) struct LinkQuery {
    expires: i64,
    signature: String,
}

/// `GET /photos/{id}/{variant}?expires&signature`
pub(super) async fn signed(
    State(http): State<Http>,
    Path((id, variant)): Path<(String, String)>,
    query: Result<Query<LinkQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let (Ok(id), Some(variant), Ok(Query(query))) =
        (Uuid::parse_str(&id), Variant::parse(&variant), query)
    else {
        return refuse(StatusCode::NOT_FOUND, "NOT_FOUND", "no such photo link");
    };
    match photos::serve_signed(&http.state, id, variant, query.expires, &query.signature).await {
        Ok(Ok((bytes, content_type))) => image(bytes, content_type, "private, max-age=60"),
        Ok(Err(LinkRefusal::Refused(Refusal::BadSignature))) => {
            tracing::warn!(photo.id = %id, "refused a photo link with a bad signature");
            refuse(
                StatusCode::FORBIDDEN,
                "BAD_SIGNATURE",
                "this link is not valid",
            )
        }
        Ok(Err(LinkRefusal::Refused(Refusal::Expired))) => refuse(
            StatusCode::FORBIDDEN,
            "LINK_EXPIRED",
            "this link has expired; ask for a new one",
        ),
        Ok(Err(LinkRefusal::Gone)) => refuse(StatusCode::NOT_FOUND, "NOT_FOUND", "no such photo"),
        Err(err) => failed(err),
    }
}

/// `GET /public/photos/{id}`: only while the case is on the register.
pub(super) async fn public(State(http): State<Http>, Path(id): Path<String>) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else {
        return refuse(StatusCode::NOT_FOUND, "NOT_FOUND", "no such photo");
    };
    match photos::public_photo(&http.state, id).await {
        // Short-lived in caches, so that taking a case off the register
        // takes its photos off soon after.
        Ok(Some(photo)) => image(photo.bytes, "image/jpeg", "public, max-age=60"),
        Ok(None) => refuse(StatusCode::NOT_FOUND, "NOT_FOUND", "no such photo"),
        Err(err) => failed(err),
    }
}

fn image(bytes: Vec<u8>, content_type: &'static str, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CONTENT_DISPOSITION, "inline"),
        ],
        bytes,
    )
        .into_response()
}

fn refuse(status: StatusCode, code: &'static str, message: &'static str) -> Response {
    (
        status,
        Json(serde_json::json!({ "code": code, "message": message })),
    )
        .into_response()
}

fn failed(err: ApiError) -> Response {
    let status = match err {
        ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    if let ApiError::Internal(cause) = &err {
        tracing::error!(error = ?cause, "serving a photo failed");
    }
    (
        status,
        Json(serde_json::json!({ "code": err.code(), "message": err.message() })),
    )
        .into_response()
}
