//! Upload throughput for photos as phones take them (about 12 megapixels,
//! 3-4 MB of JPEG), derivatives included, through the whole API: the
//! multipart request, the checks, the decode, three resizes and encodes,
//! the writes to the store and the row.
//!
//! The peer is the irreducible part, run in this process on the same
//! files: decoding each JPEG once with the same `image` crate. The ratio
//! says how much of an upload's cost is the decode itself.
//!
//! Run with `cargo bench -p zainab-tests --bench photos`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use serde_json::json;
use zainab_tests::{File, TestApp, TestUser, photos, s3::S3Server};

const PHOTOS: u8 = 12;

const ADD: &str = "mutation($caseId: ID!, $photo: Upload!) { addCasePhoto(caseId: $caseId, photo: $photo) { id } }";

struct Run {
    label: &'static str,
    elapsed: Duration,
    count: usize,
}

fn per_second(run: &Run) -> f64 {
    run.count as f64 / run.elapsed.as_secs_f64()
}

async fn upload_all(
    app: &TestApp,
    user: &TestUser,
    files: &[Vec<u8>],
    concurrency: usize,
    label: &'static str,
) -> Run {
    // One case per upload: the per-case limit and duplicate check do not
    // interfere, and every upload does the whole work.
    let mut cases = Vec::new();
    for _ in files {
        cases.push(app.report(user, "PB-lahore").await.id);
    }
    let started = Instant::now();
    for chunk in files
        .iter()
        .zip(&cases)
        .collect::<Vec<_>>()
        .chunks(concurrency)
    {
        let uploads = chunk.iter().map(|(bytes, case)| {
            user.upload(
                app,
                ADD,
                json!({ "caseId": case, "photo": null }),
                vec![File::new("variables.photo", "photo.jpg", (*bytes).clone())],
            )
        });
        for response in futures_util::future::join_all(uploads).await {
            assert!(response.is_ok(), "{response:?}");
        }
    }
    Run {
        label,
        elapsed: started.elapsed(),
        count: files.len(),
    }
}

#[tokio::main]
async fn main() {
    let files: Vec<Vec<u8>> = (0..PHOTOS).map(photos::phone_photo).collect();
    let mean_mb = files.iter().map(Vec::len).sum::<usize>() as f64 / files.len() as f64 / 1e6;
    println!("{PHOTOS} photos of 4000x3000 pixels, {mean_mb:.2} MB each on average");

    let started = Instant::now();
    for bytes in &files {
        let picture = image::load_from_memory(bytes).expect("a JPEG");
        assert_eq!(picture.width(), 4000);
    }
    let peer = Run {
        label: "peer: decode only, in process",
        elapsed: started.elapsed(),
        count: files.len(),
    };

    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923009998877").await;
    let local_one = upload_all(
        &app,
        &citizen,
        &files,
        1,
        "API upload, local store, one at a time",
    )
    .await;
    let local_two = upload_all(
        &app,
        &citizen,
        &files,
        2,
        "API upload, local store, two at once",
    )
    .await;
    app.stop().await;

    let store = S3Server::start().await;
    let app = TestApp::builder().with_s3(&store).spawn().await;
    let citizen = app.citizen("+923009998878").await;
    let s3_one = upload_all(
        &app,
        &citizen,
        &files,
        1,
        "API upload, S3 (s3s-fs), one at a time",
    )
    .await;
    let s3_two = upload_all(
        &app,
        &citizen,
        &files,
        2,
        "API upload, S3 (s3s-fs), two at once",
    )
    .await;
    app.stop().await;

    println!(
        "{:<42} {:>10} {:>10} {:>8} {:>10}",
        "run", "ms/photo", "photos/s", "MB/s", "vs peer"
    );
    for run in [&peer, &local_one, &local_two, &s3_one, &s3_two] {
        println!(
            "{:<42} {:>10.0} {:>10.2} {:>8.1} {:>9.2}x",
            run.label,
            run.elapsed.as_secs_f64() * 1000.0 / run.count as f64,
            per_second(run),
            per_second(run) * mean_mb,
            per_second(run) / per_second(&peer),
        );
    }
}
