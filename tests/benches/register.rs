//! The public register's search at 100,000 children. Entries are written
//! straight into the register's table (as publication would write them),
//! then the anonymous GraphQL search runs over HTTP: by name (the
//! spelling-tolerant `LIKE` over name keys), by district, by age and sex,
//! and unfiltered.
//!
//! The peer is the cheapest read of the same table through the same
//! stack: `registerChild` by case number, a unique-index lookup. The ratio
//! says what searching costs over fetching.
//!
//! Run with `cargo bench -p zainab-tests --bench register`; set
//! `ZA_TEST_DATABASE_URL` to a PostgreSQL admin URL to run it there.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use entities::{Sex, register_entry};
use sea_orm::{EntityTrait, TransactionTrait};
use serde_json::{Value, json};
use zainab_api::register::names;
use zainab_tests::TestApp;

const CHILDREN: usize = 100_000;
const QUERIES: usize = 200;

const FIRST: [&str; 24] = [
    "Ayesha", "Aisha", "Fatima", "Zainab", "Zaynab", "Maryam", "Hina", "Sana", "Amna", "Khadija",
    "Iqra", "Noor", "Muhammad", "Mohammed", "Ali", "Hassan", "Hussain", "Usman", "Bilal", "Hamza",
    "Imran", "Qasim", "Waseem", "Ibrahim",
];
const DISTRICTS: [(&str, &str); 6] = [
    ("PB-lahore", "PB"),
    ("PB-kasur", "PB"),
    ("PB-rawalpindi", "PB"),
    ("SD-karachi-south", "SD"),
    ("SD-hyderabad", "SD"),
    ("KP-peshawar", "KP"),
];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort_unstable();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

async fn seed(app: &TestApp) {
    let listed = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().unwrap();
    let txn = app.state.db.begin().await.unwrap();
    let mut batch = Vec::with_capacity(1000);
    for i in 0..CHILDREN {
        let name = FIRST[i % FIRST.len()];
        let (district, province) = DISTRICTS[(i / 7) % DISTRICTS.len()];
        batch.push(register_entry::ActiveModel::from(register_entry::Model {
            case_id: uuid::Uuid::now_v7(),
            case_number: format!("ZA-2026-{:06}", i + 1),
            public_name: name.to_owned(),
            name_keys: names::column(name),
            sex: if i % 2 == 0 { Sex::Female } else { Sex::Male },
            age_years: (i % 16) as i32 + 1,
            district_id: district.to_owned(),
            province_id: province.to_owned(),
            last_seen_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                + chrono::Days::new((i % 150) as u64),
            status: "missing".to_owned(),
            found_until: None,
            description: None,
            photo_id: None,
            listed_at: listed,
            updated_at: listed,
        }));
        if batch.len() == 1000 {
            register_entry::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(&txn)
                .await
                .unwrap();
        }
    }
    txn.commit().await.unwrap();
}

async fn time(app: &TestApp, query: &str, variables: impl Fn(usize) -> Value) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(QUERIES);
    for i in 0..QUERIES {
        let started = Instant::now();
        let response = app.anonymous(query, variables(i)).await;
        samples.push(started.elapsed());
        assert!(response.is_ok(), "{response:?}");
    }
    samples
}

#[tokio::main]
async fn main() {
    // Every search is admitted through the public rate limit, as in
    // production, but never refused.
    let app = TestApp::builder()
        .configure(|config| config.public_requests_per_minute = u32::MAX)
        .spawn()
        .await;
    let started = Instant::now();
    seed(&app).await;
    let backend = if app.on_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "{CHILDREN} children on the register ({backend}), seeded in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let search = "query($filter: RegisterFilter) { register(first: 20, filter: $filter) { nodes { caseNumber name ageYears district { id } } pageInfo { hasNextPage } } }";
    let one = "query($number: String!) { registerChild(caseNumber: $number) { caseNumber name ageYears district { id } } }";
    let mut peer = time(
        &app,
        one,
        |i| json!({ "number": format!("ZA-2026-{:06}", (i * 487) % CHILDREN + 1) }),
    )
    .await;
    let runs: Vec<(&str, Vec<Duration>)> = vec![
        ("by name (spelling-tolerant)", time(&app, search, |i| json!({ "filter": { "name": FIRST[i % FIRST.len()] } })).await),
        ("by rare name, all pages scanned", time(&app, search, |_| json!({ "filter": { "name": "Zubair" } })).await),
        ("by district", time(&app, search, |i| json!({ "filter": { "districtId": DISTRICTS[i % DISTRICTS.len()].0 } })).await),
        ("by age range and sex", time(&app, search, |i| json!({ "filter": { "ageMin": (i % 10) as i32, "ageMax": (i % 10) as i32 + 3, "sex": "FEMALE" } })).await),
        ("unfiltered, newest first", time(&app, search, |_| json!({})).await),
    ];
    let peer_p50 = percentile(&mut peer, 0.5);
    println!(
        "{:<34} {:>9} {:>9} {:>10}",
        "query", "p50 ms", "p99 ms", "p50 vs peer"
    );
    println!(
        "{:<34} {:>9.2} {:>9.2} {:>10}",
        "peer: one child by case number",
        ms(peer_p50),
        ms(percentile(&mut peer, 0.99)),
        "1.00x"
    );
    for (label, mut samples) in runs {
        let p50 = percentile(&mut samples, 0.5);
        println!(
            "{label:<34} {:>9.2} {:>9.2} {:>9.2}x",
            ms(p50),
            ms(percentile(&mut samples, 0.99)),
            p50.as_secs_f64() / peer_p50.as_secs_f64()
        );
    }
    app.stop().await;
}
