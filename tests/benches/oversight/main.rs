//! Oversight at scale: statistics over many cases, and an export of
//! 100,000 of them, on the database `ZA_TEST_DATABASE_URL` names (SQLite
//! otherwise). Each figure comes with a peer run in the same process: a
//! plain `SELECT count(*)` over the same rows for time, and loading the
//! same rows whole into memory for peak memory (VmHWM, reset through
//! `/proc/self/clear_refs` before each run).
//!
//! `ZA_BENCH_CASES` sets the number of cases (default 1,000,000), of which
//! `ZA_BENCH_EXPORT_ROWS` (default 100,000) fall in the exported month.
//! Run with `cargo bench -p zainab-tests --bench oversight`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod seed;

use std::time::{Duration, Instant};

use entities::{UserRole, case};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Statement};
use serde_json::json;
use zainab_tests::{TestApp, TestUser};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak and current resident memory of this process, in KiB.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Runs `work` and gives its time and how far it raised the peak memory
/// above the memory in use when it started, in MiB.
async fn measured<T>(work: impl Future<Output = T>) -> (T, Duration, f64) {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let (_, before) = memory();
    let start = Instant::now();
    let value = work.await;
    let elapsed = start.elapsed();
    let (peak, _) = memory();
    (value, elapsed, peak.saturating_sub(before) as f64 / 1024.0)
}

/// The best of three runs of `work`.
async fn best<F: Future<Output = ()>>(mut work: impl FnMut() -> F) -> Duration {
    let mut times = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        work().await;
        times.push(start.elapsed());
    }
    times.into_iter().min().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A client that waits as long as a statistic over a million cases takes.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap()
}

async fn statistics(app: &TestApp, user: &TestUser, selection: &str) -> serde_json::Value {
    let query = format!(
        "query {{ statistics(filter: {{ from: \"2025-07\", to: \"2026-06\" }}) {{ {selection} }} }}"
    );
    let response = client()
        .post(app.url("/graphql"))
        .bearer_auth(&user.token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["statistics"].clone()
}

/// Downloads `path` a chunk at a time, keeping only the bytes and lines.
async fn download(app: &TestApp, user: &TestUser, path: &str) -> (usize, usize) {
    let response = client()
        .get(app.url(path))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let mut response = response;
    let (mut bytes, mut lines) = (0, 0);
    while let Some(chunk) = response.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|&&b| b == b'\n').count();
    }
    (bytes, lines)
}

#[tokio::main]
async fn main() {
    let total = env_number("ZA_BENCH_CASES", 1_000_000);
    let export_rows = env_number("ZA_BENCH_EXPORT_ROWS", 100_000).min(total);
    let app = TestApp::builder()
        .configure(|config| {
            config.background = false;
            config.access_token_ttl = Duration::from_secs(86_400);
            config.graphql_max_complexity = usize::MAX;
        })
        .spawn()
        .await;
    let backend = if app.on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let ministry = app.staff(UserRole::Ministry, "").await;
    let punjab = app.staff(UserRole::ProvincialOversight, "PB").await;

    let start = Instant::now();
    seed::seed(&app, total, export_rows).await;
    // Fresh planner statistics on both databases, as after a nightly ANALYZE.
    app.state.db.execute_unprepared("ANALYZE").await.unwrap();
    println!(
        "{backend}: seeded {total} cases in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let db = &app.state.db;
    let count_all = best(|| async {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT count(*) FROM cases",
            ))
            .await
            .unwrap();
        assert!(row.is_some());
    })
    .await;
    println!(
        "{:<44} {:>9.1} ms",
        "peer: SELECT count(*) FROM cases",
        ms(count_all)
    );

    let counted = statistics(&app, &ministry, "total").await;
    assert_eq!(counted["total"], total, "every seeded case counted");

    for (name, user, selection) in [
        (
            "statistics: counts (ministry)",
            &ministry,
            "total recovered recoveryRate byStatus { cases } byDistrict { id cases }",
        ),
        (
            "statistics: by month + hot spots (ministry)",
            &ministry,
            "byMonth { cases } hotSpots { districtId }",
        ),
        (
            "statistics: milestone times (ministry)",
            &ministry,
            "timings { milestone medianHours p90Hours }",
        ),
        (
            "statistics: breaches (ministry)",
            &ministry,
            "breaches { total byDistrict { breaches } byOffice { breaches } }",
        ),
        (
            "statistics: everything (ministry)",
            &ministry,
            "total byStatus { cases } byDistrict { id cases } byMonth { cases } hotSpots { districtId } timings { medianHours } breaches { total }",
        ),
        (
            "statistics: everything (Punjab)",
            &punjab,
            "total byStatus { cases } byDistrict { id cases } byMonth { cases } hotSpots { districtId } timings { medianHours } breaches { total }",
        ),
    ] {
        let time = best(|| async {
            statistics(&app, user, selection).await;
        })
        .await;
        println!(
            "{name:<44} {:>9.1} ms   {:>6.1}x count(*)",
            ms(time),
            ms(time) / ms(count_all)
        );
    }

    // The export: the cases of June 2026.
    let june = seed::month_start(2026, 6);
    let july = seed::month_start(2026, 7);
    let in_june = || {
        case::Entity::find()
            .filter(case::Column::ReportedAt.gte(june))
            .filter(case::Column::ReportedAt.lt(july))
    };
    let (rows, count_june, _) = measured(in_june().count(db)).await;
    let rows = rows.unwrap() as usize;
    println!(
        "{:<44} {:>9.1} ms   ({} rows)",
        "peer: count(*) of the exported month",
        ms(count_june),
        rows
    );
    let (loaded, load_time, load_mib) = measured(in_june().all(db)).await;
    println!(
        "{:<44} {:>9.1} ms   peak +{load_mib:.1} MiB",
        "peer: load the month's cases whole",
        ms(load_time)
    );
    drop(loaded);

    for (name, path) in [
        (
            "export CSV, streamed",
            "/exports/cases.csv?from=2026-06&to=2026-06",
        ),
        (
            "export XLSX, constant memory",
            "/exports/cases.xlsx?from=2026-06&to=2026-06",
        ),
    ] {
        let ((bytes, lines), time, mib) = measured(download(&app, &ministry, path)).await;
        if path.contains(".csv") {
            assert_eq!(lines, rows + 1, "one line per case and the header");
        }
        println!(
            "{name:<44} {:>9.1} ms   peak +{mib:.1} MiB   {:.1} MiB sent   {:.1}x count(*) time, {:.2}x load-whole memory",
            ms(time),
            bytes as f64 / 1_048_576.0,
            ms(time) / ms(count_june),
            mib / load_mib.max(0.1),
        );
    }
}
