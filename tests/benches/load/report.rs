//! The figures of one phase: throughput, p50 and p99 per operation and the
//! error rate, beside the peer's when there is one.

use std::{collections::BTreeMap, time::Duration};

use crate::clients::{Op, Sample};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Figures {
    ok: usize,
    errors: BTreeMap<String, usize>,
    p50: Duration,
    p99: Duration,
}

fn figures(samples: &[&Sample]) -> Figures {
    let mut took: Vec<Duration> = samples
        .iter()
        .filter(|s| s.error.is_none())
        .map(|s| s.took)
        .collect();
    took.sort_unstable();
    let mut errors = BTreeMap::new();
    for sample in samples {
        if let Some(code) = &sample.error {
            *errors.entry(code.clone()).or_default() += 1;
        }
    }
    Figures {
        ok: took.len(),
        errors,
        p50: percentile(&took, 0.50),
        p99: percentile(&took, 0.99),
    }
}

pub fn table(
    phase: &str,
    samples: &[Sample],
    length: Duration,
    peer: Option<(&[Sample], Duration)>,
) {
    let peer = peer.map(|(samples, length)| {
        let all: Vec<&Sample> = samples.iter().collect();
        (figures(&all), length)
    });
    println!("  {phase}: {} requests in {length:.1?}", samples.len());
    let mut by_op: BTreeMap<Op, Vec<&Sample>> = BTreeMap::new();
    for sample in samples {
        by_op.entry(sample.op).or_default().push(sample);
    }
    let all: Vec<&Sample> = samples.iter().collect();
    let rows = by_op
        .iter()
        .map(|(op, s)| (op.name(), figures(s)))
        .chain(std::iter::once(("all", figures(&all))));
    for (name, f) in rows {
        let failed: usize = f.errors.values().sum();
        let rate = failed as f64 / (f.ok + failed).max(1) as f64 * 100.0;
        print!(
            "    {name:<16} {:>7.1}/s  p50 {:>7.1} ms  p99 {:>7.1} ms  errors {rate:.2} % {:?}",
            f.ok as f64 / length.as_secs_f64(),
            ms(f.p50),
            ms(f.p99),
            f.errors
        );
        if let Some((peer, _)) = &peer {
            print!(
                "  (p50 {:.1}x the peer's)",
                f.p50.as_secs_f64() / peer.p50.as_secs_f64().max(1e-9)
            );
        }
        println!();
    }
    if let Some((peer, peer_length)) = peer {
        let failed: usize = peer.errors.values().sum();
        let throughput = figures(&all).ok as f64 / length.as_secs_f64();
        let peer_throughput = peer.ok as f64 / peer_length.as_secs_f64();
        println!(
            "    peer /health/live {:>7.1}/s  p50 {:>7.1} ms  p99 {:>7.1} ms  errors {failed}; the mix's throughput is {:.3}x the peer's",
            peer_throughput,
            ms(peer.p50),
            ms(peer.p99),
            throughput / peer_throughput
        );
    }
}
