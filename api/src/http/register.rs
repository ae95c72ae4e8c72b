//! The public register over plain HTTP: each child's share page, and the
//! feeds for other systems (Atom, CAP 1.2, PFIF 1.4).

use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};

use super::Http;
use crate::register::{feeds, poster, search, share};

/// `GET /m/{case_number}`: the page a shared link opens.
pub(super) async fn page(State(http): State<Http>, Path(number): Path<String>) -> Response {
    let state = &http.state;
    let entry = match search::by_number(&state.db, &number, state.clock.now()).await {
        Ok(entry) => entry,
        Err(err) => {
            tracing::error!(error = %err.message(), "reading the register failed");
            return (StatusCode::SERVICE_UNAVAILABLE, "try again shortly").into_response();
        }
    };
    let Some(entry) = entry else {
        return (
            StatusCode::NOT_FOUND,
            Html("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not on the register</title></head><body><h1>This child is not on the register</h1><p>The case may have been resolved, or the link is wrong.</p></body></html>"),
        )
            .into_response();
    };
    match share::page(state, &entry) {
        Ok(html) => (
            [
                (header::CACHE_CONTROL, "public, max-age=60".to_owned()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    super::hardening::share_page_policy(&html, &state.config.public_url),
                ),
            ],
            Html(html),
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "rendering a share page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// `GET /m/{case_number}/poster.pdf`: the printable poster of a child
/// listed as missing.
pub(super) async fn poster(State(http): State<Http>, Path(number): Path<String>) -> Response {
    let state = &http.state;
    let entry = match search::by_number(&state.db, &number, state.clock.now()).await {
        Ok(entry) => entry,
        Err(err) => return unavailable(&err),
    };
    let poster = match entry {
        Some(entry) => poster::pdf(state, &entry).await,
        None => Ok(None),
    };
    match poster {
        Ok(Some(pdf)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (header::CACHE_CONTROL, "public, max-age=60".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"missing-{number}.pdf\""),
                ),
            ],
            pdf,
        )
            .into_response(),
        Ok(None) => super::exports::refuse(crate::error::ApiError::NotFound(
            "a child listed as missing under this number",
        )),
        Err(err @ crate::error::ApiError::Unavailable(_)) => unavailable(&err),
        Err(err) => super::exports::refuse(err),
    }
}

fn xml(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        body,
    )
        .into_response()
}

fn unavailable(err: &crate::error::ApiError) -> Response {
    tracing::error!(error = %err.message(), "reading the register failed");
    (StatusCode::SERVICE_UNAVAILABLE, "try again shortly").into_response()
}

/// `GET /register/feed.atom`: the register's changes.
pub(super) async fn atom(State(http): State<Http>) -> Response {
    match feeds::atom(&http.state).await {
        Ok(body) => xml("application/atom+xml; charset=utf-8", body),
        Err(err) => unavailable(&err),
    }
}

/// `GET /register/pfif.xml`: every record, as PFIF 1.4.
pub(super) async fn pfif(State(http): State<Http>) -> Response {
    match feeds::pfif(&http.state).await {
        Ok(body) => xml("application/xml; charset=utf-8", body),
        Err(err) => unavailable(&err),
    }
}

/// `GET /register/alerts/{case_number}.cap`: one child's CAP 1.2 alert.
pub(super) async fn cap(State(http): State<Http>, Path(file): Path<String>) -> Response {
    let state = &http.state;
    let Some(number) = file.strip_suffix(".cap") else {
        return (StatusCode::NOT_FOUND, "no such alert").into_response();
    };
    let entry = match search::by_number(&state.db, number, state.clock.now()).await {
        Ok(Some(entry)) => entry,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such alert").into_response(),
        Err(err) => return unavailable(&err),
    };
    match feeds::cap(state, &entry) {
        Ok(body) => xml("application/cap+xml; charset=utf-8", body),
        Err(err) => unavailable(&err),
    }
}
