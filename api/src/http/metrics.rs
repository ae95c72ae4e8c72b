//! Prometheus metrics at `GET /metrics`: requests by route, method and
//! status with their latencies, counted by this replica; and, read from the
//! database at each scrape, the backlogs every replica shares: SMS waiting
//! in the outbox and how long the oldest has waited, photos waiting for the
//! face worker, and legal deadlines that have passed unmet; and the requests
//! and live connections this replica holds open now. No label or
//! value carries anything about a person.

use std::{
    sync::{Arc, atomic::AtomicU64},
    time::Instant,
};

use axum::{
    extract::{MatchedPath, Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use entities::{DeadlineStatus, FaceStatus, OutboxStatus, deadline, face_job, outbox};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::Http;
use crate::{error::ApiResult, state::AppState};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

fn latency_buckets() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

pub(super) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    in_flight: Gauge,
    live_connections: Gauge,
    outbox_pending: Gauge,
    outbox_oldest: Gauge<f64, AtomicU64>,
    face_jobs_waiting: Gauge,
    deadlines_overdue: Gauge,
}

impl Metrics {
    pub(super) fn new() -> Arc<Self> {
        let mut registry = Registry::with_prefix("zainab");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_buckets,
        );
        let (in_flight, live_connections) = (Gauge::default(), Gauge::default());
        let (outbox_pending, outbox_oldest) = (Gauge::default(), Gauge::default());
        let (face_jobs_waiting, deadlines_overdue) = (Gauge::default(), Gauge::default());
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route",
            latency.clone(),
        );
        registry.register(
            "http_requests_in_flight",
            "HTTP requests being answered now by this replica",
            in_flight.clone(),
        );
        registry.register(
            "live_connections",
            "Open WebSocket connections for subscriptions on this replica",
            live_connections.clone(),
        );
        registry.register(
            "outbox_pending",
            "SMS waiting to be handed to the gateway",
            outbox_pending.clone(),
        );
        registry.register(
            "outbox_oldest_pending_seconds",
            "How long the oldest SMS still waiting has waited",
            outbox_oldest.clone(),
        );
        registry.register(
            "face_jobs_waiting",
            "Photos waiting for the face worker",
            face_jobs_waiting.clone(),
        );
        registry.register(
            "deadlines_overdue",
            "Legal deadlines passed and not yet met",
            deadlines_overdue.clone(),
        );
        Arc::new(Self {
            registry,
            requests,
            latency,
            in_flight,
            live_connections,
            outbox_pending,
            outbox_oldest,
            face_jobs_waiting,
            deadlines_overdue,
        })
    }

    async fn refresh(&self, state: &AppState) -> ApiResult<()> {
        let now = state.clock.now();
        self.live_connections
            .set(i64::try_from(state.events.sockets().len()).unwrap_or(i64::MAX));
        let pending =
            outbox::Entity::find().filter(outbox::Column::Status.eq(OutboxStatus::Pending));
        self.outbox_pending
            .set(i64::try_from(pending.clone().count(&state.db).await?).unwrap_or(i64::MAX));
        let oldest = pending
            .order_by_asc(outbox::Column::CreatedAt)
            .one(&state.db)
            .await?;
        self.outbox_oldest.set(oldest.map_or(0.0, |m| {
            (now - m.created_at).num_milliseconds().max(0) as f64 / 1000.0
        }));
        let waiting = face_job::Entity::find()
            .filter(face_job::Column::Status.eq(FaceStatus::Pending))
            .count(&state.db)
            .await?;
        self.face_jobs_waiting
            .set(i64::try_from(waiting).unwrap_or(i64::MAX));
        let overdue = deadline::Entity::find()
            .filter(deadline::Column::Status.eq(DeadlineStatus::Open))
            .filter(deadline::Column::DueAt.lt(now))
            .count(&state.db)
            .await?;
        self.deadlines_overdue
            .set(i64::try_from(overdue).unwrap_or(i64::MAX));
        Ok(())
    }
}

/// Counts and times every request that matched a route.
pub(super) async fn track(State(http): State<Http>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let _in_flight = InFlight::enter(&http.metrics.in_flight);
    let response = next.run(request).await;
    if let Some(route) = route {
        let elapsed = started.elapsed().as_secs_f64();
        http.metrics
            .latency
            .get_or_create(&RouteLabels {
                route: route.clone(),
            })
            .observe(elapsed);
        http.metrics
            .requests
            .get_or_create(&RequestLabels {
                route,
                method,
                status: response.status().as_u16(),
            })
            .inc();
    }
    response
}

/// One request counted in flight while it lives, however it ends.
struct InFlight(Gauge);

impl InFlight {
    fn enter(gauge: &Gauge) -> Self {
        gauge.inc();
        Self(gauge.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// `GET /metrics`, in the OpenMetrics text format.
pub(super) async fn scrape(State(http): State<Http>) -> Response {
    if let Err(err) = http.metrics.refresh(&http.state).await {
        tracing::warn!(error = %err.message(), "metrics: the database does not answer");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
    }
    let mut body = String::new();
    if encode(&mut body, &http.metrics.registry).is_err() {
        return (StatusCode::INTERNAL_SERVER_ERROR, "encoding failed").into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
