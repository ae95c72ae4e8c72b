//! The face model and the face index, on 2 cores.
//!
//! 1. The model: time to find and embed the face on each test photo, as
//!    the worker does it (decode, HOG detection, landmarks, embedding).
//! 2. The index: an exact top-10 search over 100,000 and 1,000,000 faces,
//!    against its floor, a bare pass summing the same memory in the same
//!    run. The target is at most 1.3x the floor.
//!
//! Run with `cargo bench -p zainab-tests --bench faces` after
//! `scripts/install.sh`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use entities::FaceSide;
use uuid::Uuid;
use zainab_api::faces::{
    index::{Entry, Index},
    model::{DIMENSIONS, Embedding, Engine},
};
use zainab_tests::face_model_dir;

const QUERIES: usize = 15;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn model() {
    let started = Instant::now();
    let engine = Engine::load(Some(&face_model_dir())).expect("the model");
    println!("model loaded in {:.2} s", started.elapsed().as_secs_f64());
    for name in ["obama.jpg", "obama2.jpg", "biden.jpg"] {
        let bytes = std::fs::read(face_model_dir().join("test-photos").join(name)).unwrap();
        let (w, h) = image::load_from_memory(&bytes)
            .unwrap()
            .to_rgb8()
            .dimensions();
        let times: Vec<_> = (0..5)
            .map(|_| {
                let started = Instant::now();
                let analysis = engine.analyse_bytes(&bytes, 80).unwrap();
                assert_eq!(analysis.faces.len(), 1);
                started.elapsed()
            })
            .collect();
        println!(
            "{name} ({w}x{h}): {:.0} ms a photo (median of 5)",
            median(times).as_secs_f64() * 1000.0
        );
    }
}

/// A pseudo-random unit vector; dlib's embeddings are about unit length.
fn vector(seed: &mut u64) -> Embedding {
    let mut v = [0.0f32; DIMENSIONS];
    for slot in &mut v {
        *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        *slot = ((*seed >> 40) as f32 / (1u64 << 24) as f32) - 0.5;
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.map(|x| x / norm)
}

fn floor(vectors: &[f32]) -> f32 {
    // The least any exact search must do: read every number once.
    let mut lanes = [0.0f32; 8];
    for chunk in vectors.chunks_exact(8) {
        for lane in 0..8 {
            lanes[lane] += chunk[lane];
        }
    }
    lanes.iter().sum()
}

fn index(size: usize) {
    let mut seed = 42;
    let mut index = Index::default();
    for n in 0..size {
        let entry = Entry {
            face_id: Uuid::from_u128(n as u128),
            photo_id: Uuid::from_u128(n as u128),
            case_id: Uuid::from_u128(n as u128),
            side: FaceSide::Missing,
        };
        index.insert(entry, &vector(&mut seed));
    }
    let queries: Vec<_> = (0..QUERIES).map(|_| vector(&mut seed)).collect();

    let mut searches = Vec::new();
    let mut scans = Vec::new();
    let mut sink = 0.0f32;
    for query in &queries {
        let started = Instant::now();
        let hits = index.search(query, 10, |e| e.side == FaceSide::Missing);
        searches.push(started.elapsed());
        sink += hits[0].distance;

        let started = Instant::now();
        sink += floor(std::hint::black_box(index.vectors()));
        scans.push(started.elapsed());
    }
    let (search, scan) = (median(searches), median(scans));
    println!(
        "{size} faces: top-10 search {:.1} ms, bare pass {:.1} ms, ratio {:.2}x (medians of {QUERIES}; {sink:.0})",
        search.as_secs_f64() * 1000.0,
        scan.as_secs_f64() * 1000.0,
        search.as_secs_f64() / scan.as_secs_f64()
    );
}

fn main() {
    model();
    for size in [100_000, 1_000_000] {
        index(size);
    }
}
