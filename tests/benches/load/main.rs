//! Load and faults against the real server: the `zainab` binary in a child
//! process, on SQLite and then on a throwaway PostgreSQL 15 cluster, driven
//! over loopback by virtual clients mixing citizen intake with a photo,
//! police steps (acknowledge, contact, FIR) on the cases filed, anonymous
//! register searches and live `scopeFeed` subscriptions. The peer in the
//! same run is `GET /health/live` at the same concurrency.
//!
//! Phases on each database: steady load; load with the server killed by
//! SIGKILL and started again; on PostgreSQL, load with the database stopped
//! for a few seconds and started again under the same running server; and
//! a SIGTERM at the end, which must close the subscriptions with 1001.
//! After each fault every intake answered with success must be in the
//! database with its photos (read back from the store), timeline, outbox
//! messages and deadlines; anything lost, any `INTERNAL` error or hang in
//! the outage, or a server that does not come back fails the run (exit 1).
//!
//! Run with
//! `cargo build --release -p zainab-api --bin zainab && cargo bench -p zainab-tests --bench load`.
//! `ZA_BENCH_LOAD_SECONDS` (default 20) is the length of each load phase,
//! `ZA_BENCH_LOAD_CLIENTS` (default 16) the concurrent clients,
//! `ZA_BENCH_LOAD_SUBSCRIBERS` (default 8) the live connections.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod clients;
mod report;
mod server;
mod verify;

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use clients::{Op, Sample, World};
use serde_json::{Value, json};
use server::{Postgres, Server};

/// The whole run must finish within this.
const TIME_LIMIT: Duration = Duration::from_secs(900);
/// How long PostgreSQL stays down in the outage phase.
const OUTAGE: Duration = Duration::from_secs(4);
/// The mix each client cycles through.
const MIX: [Op; 10] = [
    Op::Intake,
    Op::Search,
    Op::Police,
    Op::Search,
    Op::Intake,
    Op::Police,
    Op::Search,
    Op::Police,
    Op::Intake,
    Op::Search,
];

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let failures = runtime.block_on(async {
        tokio::time::timeout(TIME_LIMIT, bench())
            .await
            .expect("the benchmark ran over its time limit")
    });
    if !failures.is_empty() {
        println!("\nFAILED:");
        for failure in &failures {
            println!("  - {failure}");
        }
        std::process::exit(1);
    }
    println!("\nall faults passed: nothing acknowledged was lost");
}

struct Settings {
    length: Duration,
    clients: usize,
    subscribers: usize,
}

async fn bench() -> Vec<String> {
    let settings = Settings {
        length: Duration::from_secs(setting("ZA_BENCH_LOAD_SECONDS", 20)),
        clients: setting("ZA_BENCH_LOAD_CLIENTS", 16) as usize,
        subscribers: setting("ZA_BENCH_LOAD_SUBSCRIBERS", 8) as usize,
    };
    println!(
        "{} clients, {} subscribers, {:?} a phase; loopback; binary {}",
        settings.clients,
        settings.subscribers,
        settings.length,
        server::binary().display()
    );
    let mut failures = Vec::new();

    let sqlite = tempfile::tempdir().expect("a folder");
    let url = format!("sqlite://{}/zainab.db?mode=rwc", sqlite.path().display());
    let server = Server::new(sqlite.path(), url);
    run("SQLite", server, None, &settings, &mut failures).await;

    let pg_dir = tempfile::tempdir().expect("a folder");
    let postgres = Postgres::start(&pg_dir.path().join("cluster"));
    let server = Server::new(pg_dir.path(), postgres.url.clone());
    run(
        "PostgreSQL",
        server,
        Some(&postgres),
        &settings,
        &mut failures,
    )
    .await;
    failures
}

async fn run(
    name: &str,
    mut server: Server,
    postgres: Option<&Postgres>,
    settings: &Settings,
    failures: &mut Vec<String>,
) {
    println!("\n== {name} ==");
    let password = server.start().await.expect("the administrator's password");
    let world = Arc::new(accounts(&server, &password, settings.clients).await);
    let stop = Arc::new(AtomicBool::new(false));
    let followers = clients::subscribers(&world, settings.subscribers, &stop);

    // Steady load, then the peer at the same concurrency.
    let started = Instant::now();
    let samples = clients::load(&world, settings.clients, settings.length, &MIX).await;
    let steady = started.elapsed();
    let peer_length = settings.length / 2;
    let peer = clients::load(&world, settings.clients, peer_length, &[Op::Health]).await;
    report::table("steady load", &samples, steady, Some((&peer, peer_length)));
    let internal = samples
        .iter()
        .filter(|s| s.error.as_deref() == Some("INTERNAL"))
        .count();
    if internal > 0 {
        failures.push(format!(
            "{name}: {internal} INTERNAL errors under steady load"
        ));
    }

    // SIGKILL mid-load, and a new process on the same database.
    let load = {
        let world = world.clone();
        let (clients, length) = (settings.clients, settings.length);
        tokio::spawn(async move { clients::load(&world, clients, length, &MIX).await })
    };
    tokio::time::sleep(settings.length / 3).await;
    let killed = Instant::now();
    server.kill();
    server.start().await;
    let down = killed.elapsed();
    let samples = load.await.expect("the load");
    report::table("SIGKILL mid-load", &samples, settings.length, None);
    println!("  killed with SIGKILL, serving again after {down:.2?} (a new process)");
    check(name, "after SIGKILL", &server, &world, failures).await;

    if let Some(postgres) = postgres {
        outage(name, &server, postgres, &world, settings, failures).await;
    }

    // SIGTERM: the live connections must be told before the process exits.
    let before = world.goodbyes.load(Ordering::Relaxed);
    let status = server.terminate();
    stop.store(true, Ordering::Relaxed);
    for follower in followers {
        let _ = follower.await;
    }
    let goodbyes = world.goodbyes.load(Ordering::Relaxed) - before;
    println!(
        "  SIGTERM: exit {status:?}; {goodbyes} of {} live connections closed with 1001 \"server shutting down\"; {} live events received in all",
        settings.subscribers,
        world.events.load(Ordering::Relaxed)
    );
    if !status.is_some_and(|s| s.success()) {
        failures.push(format!("{name}: SIGTERM exit status {status:?}"));
    }
    if goodbyes < settings.subscribers as u64 {
        failures.push(format!(
            "{name}: only {goodbyes} of {} subscribers were told the server is shutting down",
            settings.subscribers
        ));
    }
}

/// PostgreSQL stopped under load for [`OUTAGE`], then started again; the
/// server keeps running throughout.
async fn outage(
    name: &str,
    server: &Server,
    postgres: &Postgres,
    world: &Arc<World>,
    settings: &Settings,
    failures: &mut Vec<String>,
) {
    // Long enough that the load runs on for two thirds of a phase after it.
    let length = settings.length + OUTAGE;
    let load = {
        let world = world.clone();
        let clients = settings.clients;
        tokio::spawn(async move { clients::load(&world, clients, length, &MIX).await })
    };
    tokio::time::sleep(settings.length / 3).await;
    let http = reqwest::Client::new();
    let ready = format!("http://{}/health/ready", server.address);
    let began = Instant::now();
    postgres.stop();
    let mut not_ready = 0;
    let mut ready_while_down = 0;
    while began.elapsed() < OUTAGE {
        match http
            .get(&ready)
            .timeout(Duration::from_secs(5))
            .send()
            .await
        {
            Ok(r) if r.status() == reqwest::StatusCode::SERVICE_UNAVAILABLE => not_ready += 1,
            Ok(r) if r.status().is_success() => ready_while_down += 1,
            _ => {}
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    postgres.restart();
    let back = Instant::now();
    let recovered = loop {
        let ok = http
            .get(&ready)
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if ok {
            break Some(back.elapsed());
        }
        if back.elapsed() > Duration::from_secs(30) {
            break None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let ended = Instant::now();
    let samples = load.await.expect("the load");
    report::table("PostgreSQL stopped mid-load", &samples, length, None);

    let window: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.at + s.took >= began && s.at <= ended)
        .collect();
    let mut codes = std::collections::BTreeMap::<String, usize>::new();
    for sample in &window {
        *codes
            .entry(sample.error.clone().unwrap_or_else(|| "ok".to_owned()))
            .or_default() += 1;
    }
    let after_ok = samples
        .iter()
        .filter(|s| s.at > ended && s.error.is_none())
        .count();
    println!(
        "  PostgreSQL down {OUTAGE:?}: /health/ready answered 503 {not_ready} times, 200 {ready_while_down} times; \
         ready again {recovered:.2?} after the restart, the server untouched"
    );
    println!(
        "  requests overlapping the outage, by outcome: {codes:?}; {after_ok} succeeded after it"
    );
    if not_ready == 0 || ready_while_down > 0 {
        failures.push(format!("{name}: readiness did not report the outage"));
    }
    for bad in ["INTERNAL", "TIMEOUT"] {
        if let Some(count) = codes.get(bad) {
            failures.push(format!(
                "{name}: {count} requests answered {bad} during the outage"
            ));
        }
    }
    if recovered.is_none() || after_ok == 0 {
        failures.push(format!(
            "{name}: the server did not serve again after the outage"
        ));
    }
    check(name, "after the PostgreSQL outage", server, world, failures).await;
}

async fn check(name: &str, when: &str, server: &Server, world: &World, failures: &mut Vec<String>) {
    let intakes = world.acknowledged.lock().expect("the list").clone();
    let found = verify::check(&server.database_url, &server.storage_dir, &intakes).await;
    println!(
        "  {when}: {} intakes acknowledged, {} found whole ({} photo files read back), {} lost",
        found.acknowledged,
        found.found,
        found.photos_read,
        found.lost.len()
    );
    for lost in found.lost.iter().take(10) {
        println!("    {lost}");
    }
    if !found.lost.is_empty() {
        failures.push(format!(
            "{name}: {} acknowledged intakes lost {when}",
            found.lost.len()
        ));
    }
}

/// The administrator signs in and creates a district officer of Lahore;
/// citizens sign up; everyone's tokens are kept.
async fn accounts(server: &Server, admin_password: &str, clients: usize) -> World {
    let base = format!("http://{}", server.address);
    let http = reqwest::Client::new();
    let gql = |token: Option<String>, query: &'static str, variables: Value| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let mut request = http
                .post(format!("{base}/graphql"))
                .json(&json!({ "query": query, "variables": variables }));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let answer: Value = request
                .send()
                .await
                .expect("an answer")
                .json()
                .await
                .expect("JSON");
            assert!(answer["errors"].is_null(), "{query}: {answer}");
            answer["data"].clone()
        }
    };
    const LOGIN: &str =
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }";
    let admin = gql(None, LOGIN, json!({ "u": "admin", "p": admin_password })).await;
    let admin = admin["login"]["accessToken"].as_str().unwrap().to_owned();
    let created = gql(
        Some(admin),
        "mutation($input: CreateUserInput!) { createUser(input: $input) { initialPassword } }",
        json!({ "input": {
            "username": "lahore-police", "displayName": "SHO Gulberg", "role": "DISTRICT_POLICE",
            "phone": "03451234567", "districtId": "PB-lahore"
        } }),
    )
    .await;
    let password = created["createUser"]["initialPassword"].as_str().unwrap();
    let police = gql(None, LOGIN, json!({ "u": "lahore-police", "p": password })).await;
    let police = police["login"]["accessToken"].as_str().unwrap().to_owned();
    let mut citizens = Vec::new();
    for n in 0..clients.div_ceil(2).max(1) {
        let signed = gql(
            None,
            "mutation($name: String!, $phone: String!, $password: String!) { registerCitizen(name: $name, phone: $phone, password: $password) { accessToken } }",
            json!({ "name": "Nasreen Akhtar", "phone": format!("0300{:07}", 1_000_000 + n), "password": "correct horse battery staple" }),
        )
        .await;
        citizens.push(
            signed["registerCitizen"]["accessToken"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    World::new(base, police, citizens)
}
