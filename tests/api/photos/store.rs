//! The S3 backend against a real S3-compatible server (s3s-fs) that checks
//! signatures: objects, presigned links, a store that goes down and comes
//! back, and the sweeper that removes objects whose row never committed.

use std::time::Duration as StdDuration;

use chrono::Duration;
use entities::{UserRole, storage_intent};
use sea_orm::{ActiveValue::Set, EntityTrait};
use zainab_tests::{TestApp, eventually, photos, s3::S3Server};

use super::*;

const LAHORE: &str = "PB-lahore";

#[tokio::test]
async fn photos_go_to_the_bucket_and_presigned_links_serve_them() {
    let store = S3Server::start().await;
    let app = TestApp::builder()
        .with_s3(&store)
        .configure(|c| c.photo_url_ttl = StdDuration::from_secs(2))
        .spawn()
        .await;
    let citizen = app.citizen("+923004445566").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    let original = photos::jpeg_with_exif(640, 480, 5, 1, Some((24.86, 67.0)));
    let added = add_photo(&app, &citizen, &case.id, original.clone()).await;
    let id = added.data()["addCasePhoto"]["id"]
        .as_str()
        .expect("an id")
        .replace('-', "");

    let keys = store.keys();
    assert_eq!(
        keys,
        ["display", "original", "public", "thumbnail"].map(|k| format!("photos/{id}/{k}"))
    );

    let url = url_of(&link(&app, &police, &case.id, "ORIGINAL").await);
    assert!(url.starts_with(&store.endpoint()), "{url}");
    assert!(url.contains("X-Amz-Signature="), "{url}");
    let (status, bytes) = fetch(&app, &url).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, original);

    // Unsigned, tampered and other-key requests are refused by the store itself.
    let unsigned = format!("{}/photos/photos/{id}/original", store.endpoint());
    assert_eq!(fetch(&app, &unsigned).await.0, 403);
    let signature_at = url.find("X-Amz-Signature=").expect("a signature") + 16;
    let mut tampered = url.clone().into_bytes();
    tampered[signature_at] = if tampered[signature_at] == b'0' {
        b'1'
    } else {
        b'0'
    };
    let tampered = String::from_utf8(tampered).expect("ascii");
    assert_eq!(fetch(&app, &tampered).await.0, 403);
    let other_object = url.replace("/original?", "/display?");
    assert_eq!(fetch(&app, &other_object).await.0, 403);

    // S3 judges expiry by the real clock.
    tokio::time::sleep(StdDuration::from_millis(3100)).await;
    let expired = fetch(&app, &url).await.0;
    assert!(
        matches!(expired, 400 | 403),
        "an expired link got {expired}"
    );
}

#[tokio::test]
async fn with_the_store_down_an_upload_fails_clearly_and_works_once_it_is_back() {
    let mut store = S3Server::start().await;
    let app = TestApp::builder()
        .with_s3(&store)
        .configure(|c| {
            c.s3_timeout = StdDuration::from_secs(2);
            // The test moves the clock past the sweeper's wait.
            c.access_token_ttl = StdDuration::from_secs(3600);
        })
        .spawn()
        .await;
    let citizen = app.citizen("+923004445567").await;
    let case = app.report(&citizen, LAHORE).await;
    assert!(
        add_photo(&app, &citizen, &case.id, photos::jpeg(100, 80, 1))
            .await
            .is_ok()
    );

    store.stop().await;
    let refused = add_photo(&app, &citizen, &case.id, photos::jpeg(100, 80, 2)).await;
    assert_eq!(refused.code(), "SERVICE_UNAVAILABLE", "{refused:?}");
    assert_eq!(photos_of(&app, &citizen, &case.id).await.len(), 1);
    // Links to what is stored can still be issued and fail at the store.
    assert_eq!(photo_rows(&app).await, 1);

    store.restart().await;
    // What the failed upload may have written goes when the sweeper comes.
    app.advance(Duration::minutes(16));
    eventually("the failed upload's intent swept", || async {
        (intents(&app).await == 0).then_some(())
    })
    .await;
    assert_eq!(store.keys().len(), 4, "{:?}", store.keys());
    let added = add_photo(&app, &citizen, &case.id, photos::jpeg(100, 80, 2)).await;
    assert!(added.is_ok(), "{added:?}");
    assert_eq!(store.keys().len(), 8);
    assert_eq!(photos_of(&app, &citizen, &case.id).await.len(), 2);
}

#[tokio::test]
async fn the_sweeper_removes_objects_whose_row_never_committed() {
    let store = S3Server::start().await;
    let app = TestApp::builder().with_s3(&store).spawn().await;
    let citizen = app.citizen("+923004445568").await;
    let case = app.report(&citizen, LAHORE).await;
    assert!(
        add_photo(&app, &citizen, &case.id, photos::jpeg(100, 80, 3))
            .await
            .is_ok()
    );

    // As a server killed between writing the objects and the row leaves them.
    let orphan = uuid::Uuid::now_v7();
    let prefix = zainab_api::photos::prefix(orphan);
    storage_intent::Entity::insert(storage_intent::ActiveModel {
        id: Set(orphan),
        prefix: Set(prefix.clone()),
        created_at: Set(app.now()),
    })
    .exec_without_returning(&app.state.db)
    .await
    .expect("an intent");
    for name in ["original", "display"] {
        app.state
            .store
            .put(&format!("{prefix}{name}"), vec![1, 2, 3], "image/jpeg")
            .await
            .expect("an object");
    }
    assert_eq!(store.keys().len(), 6);

    // Young intents belong to uploads in flight: left alone.
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    assert_eq!(store.keys().len(), 6);

    app.advance(Duration::minutes(16));
    eventually("the orphaned objects swept", || async {
        (store.keys().len() == 4).then_some(())
    })
    .await;
    eventually("the intent cleared", || async {
        (intents(&app).await == 0).then_some(())
    })
    .await;
    // The committed photo is untouched.
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let url = url_of(&link(&app, &police, &case.id, "DISPLAY").await);
    assert_eq!(fetch(&app, &url).await.0, 200);
}
