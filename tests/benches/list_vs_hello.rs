//! How close a realistic case-list query comes to the fastest an
//! async-graphql server can answer at all.
//!
//! Both servers run in this process on loopback: the real API (a district
//! officer listing 20 of the 500 cases of their district, with the token
//! and session check, the scoped query and the audit entry it writes) and a
//! minimal async-graphql server answering `{ hello }`. The same client load
//! (fixed concurrency, fixed duration) is thrown at each in turn, and the
//! throughput ratio is printed. Run with `cargo bench -p zainab-tests`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};
use async_graphql_axum::GraphQL;
use axum::{Router, routing::post_service};
use entities::UserRole;
use serde_json::json;
use zainab_tests::{TestApp, users::case_input};

const CONCURRENCY: usize = 16;
const WARM_UP: Duration = Duration::from_secs(2);
const MEASURE: Duration = Duration::from_secs(8);
const CASES: usize = 500;

const LIST: &str = "query { cases(first: 20) {
    nodes { id caseNumber status kind child { name ageYears sex } district { name } reportedAt }
    pageInfo { hasNextPage endCursor }
} }";

struct Hello;

#[Object]
impl Hello {
    async fn hello(&self) -> &'static str {
        "hello"
    }
}

struct Run {
    requests: usize,
    errors: usize,
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&mut self, p: f64) -> Duration {
        self.latencies.sort_unstable();
        let index = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies.get(index).copied().unwrap_or_default()
    }
}

/// `CONCURRENCY` clients sending `body` back to back for `duration`.
async fn load(url: &str, token: Option<&str>, body: serde_json::Value, duration: Duration) -> Run {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .expect("a client");
    let start = Instant::now();
    let deadline = start + duration;
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, url, body) = (client.clone(), url.to_owned(), body.clone());
        let token = token.map(str::to_owned);
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let mut request = client.post(&url).json(&body);
                if let Some(token) = &token {
                    request = request.bearer_auth(token);
                }
                let ok = match request.send().await {
                    Ok(response) if response.status().is_success() => response
                        .json::<serde_json::Value>()
                        .await
                        .is_ok_and(|v| v.get("errors").is_none()),
                    _ => false,
                };
                latencies.push(sent.elapsed());
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut run = Run {
        requests: 0,
        errors: 0,
        latencies: Vec::new(),
        elapsed: Duration::ZERO,
    };
    for worker in workers {
        let (latencies, errors) = worker.await.expect("a worker");
        run.requests += latencies.len();
        run.errors += errors;
        run.latencies.extend(latencies);
    }
    run.elapsed = start.elapsed();
    run
}

async fn measure(name: &str, url: &str, token: Option<&str>, body: serde_json::Value) -> Run {
    load(url, token, body.clone(), WARM_UP).await;
    let mut run = load(url, token, body, MEASURE).await;
    println!(
        "{name:<28} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   errors {}",
        run.per_second(),
        run.percentile(0.50).as_secs_f64() * 1000.0,
        run.percentile(0.99).as_secs_f64() * 1000.0,
        run.errors,
    );
    run
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let app = TestApp::spawn().await;
        let officer = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
        let citizen = app.citizen("0300 1112233").await;
        for _ in 0..CASES {
            app.report_with(&citizen, case_input("PB-lahore")).await;
        }

        let hello = Schema::new(Hello, EmptyMutation, EmptySubscription);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let hello_url = format!(
            "http://{}/graphql",
            listener.local_addr().expect("an address")
        );
        let router = Router::new().route("/graphql", post_service(GraphQL::new(hello)));
        tokio::spawn(async move { axum::serve(listener, router).await });

        let backend = if std::env::var("ZA_TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        println!(
            "{CONCURRENCY} concurrent clients, {}s per server after {}s warm-up, {backend}",
            MEASURE.as_secs(),
            WARM_UP.as_secs()
        );
        let baseline = measure(
            "minimal { hello }",
            &hello_url,
            None,
            json!({ "query": "{ hello }" }),
        )
        .await;
        let list = measure(
            "district case list (20/500)",
            &app.url("/graphql"),
            Some(&officer.token),
            json!({ "query": LIST }),
        )
        .await;
        println!(
            "ratio (case list / hello): {:.3}x",
            list.per_second() / baseline.per_second()
        );
    });
}
