//! The HTTP surface: GraphQL at `/graphql` (POST for queries, mutations and
//! multipart uploads, a WebSocket upgrade for subscriptions), photo links,
//! the public register's pages and feeds, exports and monthly reports for
//! oversight, health checks for load balancers, request tracing, and the
//! dashboard's files for every other path; security headers on every
//! answer and CORS for the configured origins (`hardening`).

mod codes;
mod evidence;
mod exports;
mod hardening;
mod metrics;
mod photos;
mod register;
mod reports;
mod sms_inbound;
mod web;
mod ws;

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};

use async_graphql::{ParseRequestError, http::MultipartOptions};
use async_graphql_axum::GraphQLResponse;
use axum::{
    Json, Router,
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{
        HeaderMap, HeaderValue, StatusCode,
        header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER},
    },
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use futures_util::TryStreamExt;
use tokio_util::compat::TokioAsyncReadCompatExt;
use tower_http::trace::TraceLayer;

use crate::{
    auth,
    domain::caller::Caller,
    error::ApiError,
    graphql::{self, ApiSchema},
    public_api,
    state::AppState,
};

#[derive(Clone)]
struct Http {
    state: AppState,
    schema: ApiSchema,
    metrics: std::sync::Arc<metrics::Metrics>,
}

pub fn router(state: AppState) -> Router {
    let schema = graphql::build(
        Some(state.clone()),
        graphql::Limits::from_config(&state.config),
    );
    let http = Http {
        state,
        schema,
        metrics: metrics::Metrics::new(),
    };
    let web = http.state.config.web_dir.as_deref().and_then(web::routes);
    let public = Router::new()
        .route("/public/photos/{id}", get(photos::public))
        .route("/m/{case_number}", get(register::page))
        .route("/m/{case_number}/poster.pdf", get(register::poster))
        .route("/register/feed.atom", get(register::atom))
        .route("/register/pfif.xml", get(register::pfif))
        .route("/register/alerts/{file}", get(register::cap))
        .route_layer(middleware::from_fn_with_state(http.clone(), public_gate));
    let graphql = Router::new().route("/graphql", post(graphql_handler).get(ws::upgrade));
    let graphql = match hardening::cors(&http.state.config) {
        Some(cors) => graphql.layer(cors),
        None => graphql,
    };
    let headers = hardening::Headers::from_config(&http.state.config);
    let router = Router::new()
        .merge(graphql)
        .route("/photos/{id}/{variant}", get(photos::signed))
        .merge(public)
        .route("/health/live", get(|| async { "ok" }))
        .route("/health/ready", get(ready))
        .route("/metrics", get(metrics::scrape))
        .route("/sms/kannel/delivery", get(kannel_delivery))
        .route(
            "/sms/inbound",
            get(sms_inbound::receive).post(sms_inbound::receive),
        )
        .merge(exports::routes())
        .merge(evidence::routes())
        .merge(reports::routes())
        .route_layer(middleware::from_fn_with_state(http.clone(), metrics::track));
    // The dashboard last: its fallback answers every path no route claims.
    let router = match web {
        Some(web) => router.merge(web),
        None => router,
    };
    router
        .layer(middleware::from_fn_with_state(
            headers,
            hardening::security_headers,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            // The path only: query strings may carry personal data.
            tracing::info_span!("http", http.method = %req.method(), http.path = %req.uri().path())
        }))
        .with_state(http)
}

async fn graphql_handler(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    let authorization = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok());
    let actor = match auth::authenticate(&http.state, authorization).await {
        Ok(actor) => actor,
        Err(err @ ApiError::Unavailable(_)) => return refuse(StatusCode::SERVICE_UNAVAILABLE, err),
        Err(err) => return refuse(StatusCode::UNAUTHORIZED, err),
    };
    let client_ip = client_ip(&http.state, &headers, peer);
    if actor.is_none()
        && let Err(err) = public_api::admit(&http.state, api_key(&headers), &client_ip).await
    {
        return refuse(status_of(&err), err);
    }
    let request = match receive(&http.state, request).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let caller = Caller {
        actor,
        client_ip: Some(client_ip),
    };
    let request = request.data(caller);
    let mut response = http.schema.execute(request).await;
    codes::give_every_error_a_code(&mut response.errors);
    GraphQLResponse::from(response).into_response()
}

/// The largest GraphQL request without files.
const MAX_OPERATION_BYTES: u64 = 1024 * 1024;

/// Reads a GraphQL request: JSON, or a multipart request carrying files.
/// The body is bounded by what the largest legitimate request needs: an
/// operation, plus for a multipart request a case's worth of photos at the
/// largest size accepted.
async fn receive(state: &AppState, request: Request) -> Result<async_graphql::Request, Response> {
    let config = &state.config;
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let multipart = content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("multipart/"));
    let limit = if multipart {
        config
            .photo_max_bytes
            .saturating_mul(config.photos_per_case)
            .saturating_add(MAX_OPERATION_BYTES)
    } else {
        MAX_OPERATION_BYTES
    };
    let too_large = || {
        let err = if multipart {
            crate::photos::too_large_request(config.photo_max_bytes)
        } else {
            ApiError::rejected("body", "BODY_TOO_LARGE", "the request is larger than 1 MB")
        };
        refuse(StatusCode::PAYLOAD_TOO_LARGE, err)
    };
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let limited = http_body_util::Limited::new(
        request.into_body(),
        usize::try_from(limit).unwrap_or(usize::MAX),
    );
    // A body without a declared length is cut off at the limit; the
    // parser then sees only an I/O error, so the cause is noted here.
    let overflowed = Arc::new(AtomicBool::new(false));
    let stream = Body::new(limited).into_data_stream().map_err({
        let overflowed = Arc::clone(&overflowed);
        move |err| {
            let err = err.into_inner();
            if err.is::<http_body_util::LengthLimitError>() {
                overflowed.store(true, Ordering::Relaxed);
            }
            std::io::Error::other(err)
        }
    });
    let reader = tokio_util::io::StreamReader::new(stream).compat();
    let options = MultipartOptions::default()
        // One byte more than accepted, so that the resolver refuses the
        // file with its own code.
        .max_file_size(usize::try_from(config.photo_max_bytes + 1).unwrap_or(usize::MAX))
        .max_num_files(usize::try_from(config.photos_per_case).unwrap_or(usize::MAX));
    match async_graphql::http::receive_body(content_type, reader, options).await {
        Ok(request) => Ok(request),
        Err(ParseRequestError::PayloadTooLarge) => Err(too_large()),
        Err(_) if overflowed.load(Ordering::Relaxed) => Err(too_large()),
        Err(err) => {
            tracing::info!(error = %err, "refused a malformed GraphQL request");
            Err(refuse(
                StatusCode::BAD_REQUEST,
                ApiError::bad_input("body", "the request is not a GraphQL request"),
            ))
        }
    }
}

/// The address the request came from: the first `X-Forwarded-For` hop when
/// the server sits behind a trusted proxy, the peer address otherwise.
fn client_ip(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> String {
    if state.config.trust_forwarded_for
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| v.parse::<std::net::IpAddr>().is_ok())
    {
        return first.to_owned();
    }
    peer.ip().to_string()
}

/// A GraphQL-shaped error body for failures before execution.
fn refuse(status: StatusCode, err: ApiError) -> Response {
    let retry_after = retry_after(&err);
    let error = async_graphql::Error::from(err).into_server_error(Default::default());
    let body = serde_json::json!({ "data": null, "errors": [error] });
    let mut response = (status, Json(body)).into_response();
    if let Some(value) = retry_after {
        response.headers_mut().insert(RETRY_AFTER, value);
    }
    response
}

/// The `Retry-After` header a refusal carries, if it is a rate limit.
fn retry_after(err: &ApiError) -> Option<HeaderValue> {
    match err {
        ApiError::RateLimited { retry_after_secs } => Some(HeaderValue::from(*retry_after_secs)),
        _ => None,
    }
}

/// The HTTP status that fits an error's code.
fn status_of(err: &ApiError) -> StatusCode {
    match err {
        ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
        ApiError::NotFound(_) => StatusCode::NOT_FOUND,
        ApiError::BadInput { .. } | ApiError::Rejected { .. } => StatusCode::BAD_REQUEST,
        ApiError::Conflict { .. } => StatusCode::CONFLICT,
        ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The API key a request presents, if any.
fn api_key(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(public_api::KEY_HEADER)
        .and_then(|v| v.to_str().ok())
}

/// Holds the public pages, feeds and photos to the public API's limits,
/// as the GraphQL endpoint holds anonymous requests.
async fn public_gate(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let client_ip = client_ip(&http.state, request.headers(), peer);
    match public_api::admit(&http.state, api_key(request.headers()), &client_ip).await {
        Ok(_) => next.run(request).await,
        Err(err) => exports::refuse(err),
    }
}

/// How long readiness waits for the database: a load balancer's check
/// should get an answer well within its own timeout.
const READY_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Whether this replica can take traffic: the database answers, and the
/// server is not stopping.
async fn ready(State(http): State<Http>) -> impl IntoResponse {
    if *http.state.events.stopping().borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, "stopping");
    }
    match tokio::time::timeout(READY_WAIT, http.state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "not ready: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("not ready: the database did not answer in time");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

#[derive(serde::Deserialize)]
struct DeliveryQuery {
    id: uuid::Uuid,
    sig: String,
    #[serde(rename = "type")]
    kind: u32,
}

/// Kannel's delivery reports for the messages we sent, each URL signed.
async fn kannel_delivery(
    State(http): State<Http>,
    query: Result<axum::extract::Query<DeliveryQuery>, axum::extract::rejection::QueryRejection>,
) -> impl IntoResponse {
    use crate::notify::{callbacks, outbox};

    let Ok(axum::extract::Query(query)) = query else {
        return (StatusCode::BAD_REQUEST, "expected id, sig and type");
    };
    let signed = std::iter::once(&http.state.callback_key)
        .chain(&http.state.previous_callback_keys)
        .any(|key| callbacks::verify(key, query.id, &query.sig));
    if !signed {
        tracing::warn!(sms.id = %query.id, "refused a delivery report with a bad signature");
        return (StatusCode::FORBIDDEN, "bad signature");
    }
    let Some(report) = outbox::DeliveryReport::from_kannel(query.kind) else {
        return (StatusCode::BAD_REQUEST, "unknown report type");
    };
    let now = http.state.clock.now();
    match outbox::record_delivery(&http.state.db, query.id, report, now).await {
        Ok(_) => {
            tracing::info!(sms.id = %query.id, sms.report = report.name(), "delivery report");
            (StatusCode::OK, "recorded")
        }
        Err(err) => {
            tracing::error!(sms.id = %query.id, error = %err, "could not record a delivery report");
            (StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }
}
