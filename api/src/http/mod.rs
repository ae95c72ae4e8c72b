//! The HTTP surface: GraphQL at `/graphql` (POST for queries and mutations,
//! a WebSocket upgrade for subscriptions), exports and monthly reports for
//! oversight, health checks for load balancers, and request tracing.

mod codes;
mod exports;
mod reports;
mod ws;

use std::net::SocketAddr;

use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::{
    Json, Router,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header::AUTHORIZATION},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use tower_http::trace::TraceLayer;

use crate::{
    auth,
    domain::caller::Caller,
    error::ApiError,
    graphql::{self, ApiSchema},
    state::AppState,
};

#[derive(Clone)]
struct Http {
    state: AppState,
    schema: ApiSchema,
}

pub fn router(state: AppState) -> Router {
    let schema = graphql::build(
        Some(state.clone()),
        state.config.graphql_max_depth,
        state.config.graphql_max_complexity,
    );
    Router::new()
        .route("/graphql", post(graphql_handler).get(ws::upgrade))
        .route("/health/live", get(|| async { "ok" }))
        .route("/health/ready", get(ready))
        .route("/sms/kannel/delivery", get(kannel_delivery))
        .merge(exports::routes())
        .merge(reports::routes())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            // The path only: query strings may carry personal data.
            tracing::info_span!("http", http.method = %req.method(), http.path = %req.uri().path())
        }))
        .with_state(Http { state, schema })
}

async fn graphql_handler(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    let authorization = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok());
    let actor = match auth::authenticate(&http.state, authorization).await {
        Ok(actor) => actor,
        Err(err) => return refuse(StatusCode::UNAUTHORIZED, err),
    };
    let caller = Caller {
        actor,
        client_ip: Some(client_ip(&http.state, &headers, peer)),
    };
    let request = request.into_inner().data(caller);
    let mut response = http.schema.execute(request).await;
    codes::give_every_error_a_code(&mut response.errors);
    GraphQLResponse::from(response).into_response()
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
    let error = async_graphql::Error::from(err).into_server_error(Default::default());
    let body = serde_json::json!({ "data": null, "errors": [error] });
    (status, Json(body)).into_response()
}

async fn ready(State(http): State<Http>) -> impl IntoResponse {
    match http.state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = %err, "not ready: the database does not answer");
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
    if !callbacks::verify(&http.state.callback_key, query.id, &query.sig) {
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
