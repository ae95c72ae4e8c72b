//! What a live subscriber costs: memory per idle subscriber with 10,000
//! connections, and the latency of one event reaching all of them, for the
//! real API (a ministry `scopeFeed` over graphql-transport-ws, each
//! connection authenticated, on SQLite) beside a peer in the same run: a
//! bare axum WebSocket server fanning out a `tokio::sync::broadcast`.
//!
//! Each server runs in a child process (this binary again), so its resident
//! memory is read from `/proc` apart from the clients'. Loopback only.
//! `ZA_BENCH_SUBSCRIBERS` sets the counts (default `10000`); every
//! connection needs a file descriptor in both processes, and each source
//! address gives about 28,000 ephemeral ports, so clients bind to
//! 127.0.0.1, 127.0.0.2, ... in turn. Run with
//! `cargo bench -p zainab-tests --bench subscribers`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod clients;
mod servers;

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    time::Duration,
};

use clients::{Kind, Target};
use serde_json::Value;

/// The whole run must finish within this.
const TIME_LIMIT: Duration = Duration::from_secs(900);
/// Events sent, one at a time, for the latency figures.
const ROUNDS: usize = 5;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    match std::env::args().nth(1).as_deref() {
        Some("serve-zainab") => runtime.block_on(servers::zainab()),
        Some("serve-peer") => runtime.block_on(servers::peer()),
        _ => runtime.block_on(async {
            tokio::time::timeout(TIME_LIMIT, bench())
                .await
                .expect("the benchmark ran over its time limit");
        }),
    }
}

async fn bench() {
    let limit = rlimit::increase_nofile_limit(u64::MAX).expect("reading the open-file limit");
    let counts: Vec<usize> = std::env::var("ZA_BENCH_SUBSCRIBERS")
        .unwrap_or_else(|_| "10000".to_owned())
        .split(',')
        .map(|n| n.trim().parse().expect("a subscriber count"))
        .collect();
    println!("open-file limit {limit}; {ROUNDS} events per run; loopback");

    for count in counts {
        if count as u64 + 200 > limit {
            println!("{count} subscribers: skipped, the open-file limit is {limit}");
            continue;
        }
        let peer = run(Kind::Peer, count).await;
        let zainab = run(Kind::Zainab, count).await;
        println!(
            "{count} subscribers: memory per subscriber {:.1} KiB vs {:.1} KiB ({:.2}x); \
             latency p50 {:?} vs {:?} ({:.2}x), p99 {:?} vs {:?} ({:.2}x)",
            zainab.kib_per_subscriber,
            peer.kib_per_subscriber,
            zainab.kib_per_subscriber / peer.kib_per_subscriber,
            zainab.p50,
            peer.p50,
            zainab.p50.as_secs_f64() / peer.p50.as_secs_f64(),
            zainab.p99,
            peer.p99,
            zainab.p99.as_secs_f64() / peer.p99.as_secs_f64(),
        );
    }
}

pub struct Figures {
    kib_per_subscriber: f64,
    p50: Duration,
    p99: Duration,
}

/// Starts one server, connects `count` subscribers, measures, stops it.
async fn run(kind: Kind, count: usize) -> Figures {
    let (mut child, ready) = spawn_server(kind);
    let target = Target::new(kind, &ready);
    let before = resident_kib(&child);
    let subscribers = clients::connect(&target, count).await;
    // Until every subscription is live, an event would not reach them all.
    subscribers.wait_until_all_receive(&target).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = resident_kib(&child);

    let mut latencies = Vec::with_capacity(count * ROUNDS);
    for _ in 0..ROUNDS {
        latencies.extend(subscribers.one_event(&target).await);
    }
    latencies.sort_unstable();
    let at = |p: f64| latencies[((latencies.len() - 1) as f64 * p).round() as usize];
    let figures = Figures {
        kib_per_subscriber: (after - before) as f64 / count as f64,
        p50: at(0.50),
        p99: at(0.99),
    };
    println!(
        "  {:<6} {count} idle subscribers: {before} KiB before, {after} KiB after; p50 {:?}, p99 {:?}, max {:?}",
        kind.name(),
        figures.p50,
        figures.p99,
        latencies.last().copied().unwrap_or_default(),
    );

    drop(subscribers);
    drop(child.stdin.take());
    let _ = child.wait();
    figures
}

fn spawn_server(kind: Kind) -> (Child, Value) {
    let mut child = Command::new(std::env::current_exe().expect("this binary"))
        .arg(match kind {
            Kind::Zainab => "serve-zainab",
            Kind::Peer => "serve-peer",
        })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server process");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("its output"))
        .read_line(&mut line)
        .expect("its announcement");
    (
        child,
        serde_json::from_str(&line).expect("a JSON announcement"),
    )
}

/// The resident set of a process, in KiB.
fn resident_kib(child: &Child) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .expect("the process status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}
