//! How fast an alert leaves, and how many the dispatcher moves, through a
//! real Kannel with its fake SMS centre on loopback.
//!
//! 1. Latency: a citizen files a case; the clock runs from the moment the
//!    intake's answer (sent after its commit) arrives until the first SMS
//!    of that case reaches the fake SMS centre. The peer is a bare sendsms
//!    call timed the same way: the gateway's own floor.
//! 2. Throughput: messages queued in the outbox, drained by the
//!    dispatcher until the SMS centre has them all; the peer is a client
//!    firing the same messages at sendsms with the same concurrency.
//!
//! Run with `cargo bench -p zainab-tests --bench sms`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use entities::UserRole;
use zainab_api::notify::{
    dispatcher, gateway,
    outbox::{self, NewSms},
};
use zainab_tests::{TestApp, kannel::Kannel};

const CASES: usize = 50;
const MESSAGES: usize = 5_000;
const CONCURRENCY: usize = 16;
const PATIENCE: Duration = Duration::from_secs(120);

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort_unstable();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn sendsms(client: &reqwest::Client, kannel: &Kannel, to: &str, text: &str) {
    let response = client
        .get(kannel.sendsms_url())
        .query(&[
            ("username", kannel.username()),
            ("password", kannel.password()),
            ("from", "ZainabAlert"),
            ("to", to),
            ("text", text),
            ("charset", "UTF-8"),
        ])
        .send()
        .await
        .expect("sendsms answers");
    assert!(response.status().is_success());
}

/// With delivery reports, every message sent brings one or two callbacks
/// that write to the database while the next case is filed.
async fn latency(delivery_reports: bool) {
    let kannel = Kannel::start().await;
    let app = TestApp::builder()
        .with_kannel(&kannel)
        .configure(move |config| {
            if !delivery_reports {
                config.sms_callback_url = None;
            }
        })
        .spawn()
        .await;
    app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let citizen = app.citizen("0300 1112233").await;
    let client = reqwest::Client::new();

    let mut ours = Vec::with_capacity(CASES);
    for _ in 0..CASES {
        let before = kannel.received().len();
        app.report(&citizen, "PB-lahore").await;
        let committed = Instant::now();
        let arrived = kannel.wait_for(before + 1, PATIENCE).await;
        assert!(arrived.len() > before, "an SMS arrived");
        ours.push(committed.elapsed());
        // Let the case's other messages land before the next one.
        kannel.wait_for(before + 2, PATIENCE).await;
    }

    let mut peer = Vec::with_capacity(CASES);
    for n in 0..CASES {
        let before = kannel.received().len();
        let start = Instant::now();
        sendsms(
            &client,
            &kannel,
            "+923001234567",
            &format!("peer message {n}"),
        )
        .await;
        kannel.wait_for(before + 1, PATIENCE).await;
        peer.push(start.elapsed());
    }

    let (p50, p99) = (percentile(&mut ours, 0.5), percentile(&mut ours, 0.99));
    let (q50, q99) = (percentile(&mut peer, 0.5), percentile(&mut peer, 0.99));
    let reports = if delivery_reports { "with" } else { "without" };
    println!(
        "intake commit -> first SMS at the SMS centre, {CASES} cases, {reports} delivery reports"
    );
    println!(
        "  platform          p50 {:>7.2} ms   p99 {:>7.2} ms",
        ms(p50),
        ms(p99)
    );
    println!(
        "  bare sendsms      p50 {:>7.2} ms   p99 {:>7.2} ms",
        ms(q50),
        ms(q99)
    );
    println!(
        "  ratio p50 {:.2}x, p99 {:.2}x; target: p99 under 1000 ms",
        ms(p50) / ms(q50),
        ms(p99) / ms(q99)
    );
}

async fn throughput() {
    let kannel = Kannel::start().await;
    let app = TestApp::builder()
        .with_kannel(&kannel)
        .configure(|config| {
            config.background = false;
            config.dispatch_concurrency = CONCURRENCY;
            // Delivery reports double the gateway's work; this measures sending.
            config.sms_callback_url = None;
        })
        .spawn()
        .await;
    let now = app.now();
    for n in 0..MESSAGES {
        outbox::enqueue(
            &app.state.db,
            now,
            NewSms {
                dedupe_key: format!("bench:{n}"),
                purpose: "bench",
                case_id: None,
                to_phone: &format!("+92300{:07}", n),
                body: format!("ZAINAB ALERT ZA-2026-{n:06}: Ayesha, 7, missing, last seen in Lahore. Acknowledge within 2h"),
            },
        )
        .await
        .expect("queued");
    }
    let gateway = Arc::new(gateway::from_config(&app.state).expect("the Kannel gateway"));

    let start = Instant::now();
    while dispatcher::dispatch_once(&app.state, &gateway, "bench")
        .await
        .expect("a round")
        > 0
    {}
    let arrived = kannel.wait_for(MESSAGES, PATIENCE).await.len();
    let ours = start.elapsed();
    assert_eq!(arrived, MESSAGES);

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();
    let start = Instant::now();
    let per_worker = MESSAGES / CONCURRENCY;
    let workers = (0..CONCURRENCY).map(|w| {
        let client = client.clone();
        let kannel = &kannel;
        async move {
            for n in 0..per_worker {
                let text = format!("ZAINAB ALERT ZA-2026-{n:06}: Ayesha, 7, missing, last seen in Lahore. Acknowledge within 2h");
                sendsms(&client, kannel, &format!("+92301{w:02}{n:05}"), &text).await;
            }
        }
    });
    futures_util::future::join_all(workers).await;
    let peer_count = per_worker * CONCURRENCY;
    let peer_arrived = kannel.wait_for(MESSAGES + peer_count, PATIENCE).await.len() - MESSAGES;
    let peer = start.elapsed();
    assert_eq!(peer_arrived, peer_count);

    let ours_rate = MESSAGES as f64 / ours.as_secs_f64();
    let peer_rate = peer_count as f64 / peer.as_secs_f64();
    println!("{MESSAGES} queued SMS to the SMS centre, {CONCURRENCY} at a time");
    println!("  dispatcher        {ours_rate:>8.0} msg/s");
    println!("  bare sendsms      {peer_rate:>8.0} msg/s");
    println!("  ratio {:.2}x", ours_rate / peer_rate);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let backend = if std::env::var("ZA_TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "SMS benchmark on {backend}, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    runtime.block_on(async {
        latency(true).await;
        latency(false).await;
        throughput().await;
    });
}
