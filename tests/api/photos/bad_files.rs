//! What people and attackers upload that is not a usable photo: each file
//! refused with its own code, the case untouched, nothing left in the store.

use entities::UserRole;
use serde_json::json;
use zainab_tests::{TestApp, photos, s3::S3Server};

use super::*;

const LAHORE: &str = "PB-lahore";

#[tokio::test]
async fn bad_files_are_refused_each_with_its_code_and_nothing_is_stored() {
    let store = S3Server::start().await;
    let app = TestApp::builder()
        .with_s3(&store)
        .configure(|c| c.photo_max_bytes = 512 * 1024)
        .spawn()
        .await;
    let citizen = app.citizen("+923003334455").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    let timeline =
        "query($id: ID!) { case(id: $id) { updatedAt timeline { kind } photos { id } } }";
    let before = police.gql(&app, timeline, json!({ "id": case.id })).await;

    let mut oversized = photos::jpeg(64, 64, 1);
    oversized.resize(512 * 1024 + 1, 0);
    let cases = [
        (
            "a text file named .jpg",
            b"Ayesha was last seen near the school".to_vec(),
            "NOT_AN_IMAGE",
        ),
        ("an empty file", Vec::new(), "NOT_AN_IMAGE"),
        (
            "a truncated JPEG",
            photos::truncated_jpeg(),
            "CORRUPT_IMAGE",
        ),
        (
            "a PNG decompression bomb",
            photos::png_bomb(),
            "DIMENSIONS_TOO_LARGE",
        ),
        (
            "a 20000x20000 JPEG",
            photos::jpeg_claiming(20_000, 20_000),
            "DIMENSIONS_TOO_LARGE",
        ),
        (
            "a JPEG that claims no pixels",
            photos::jpeg_claiming(0, 0),
            "CORRUPT_IMAGE",
        ),
        ("a file over the size limit", oversized, "FILE_TOO_LARGE"),
    ];
    for (what, bytes, reason) in cases {
        let refused = add_photo(&app, &citizen, &case.id, bytes).await;
        assert_eq!(refused.code(), "BAD_USER_INPUT", "{what}: {refused:?}");
        assert_eq!(refused.reason(), reason, "{what}");
        assert_eq!(refused.field(), "photo", "{what}");
    }

    let after = police.gql(&app, timeline, json!({ "id": case.id })).await;
    assert_eq!(after.data(), before.data(), "the case changed");
    assert_eq!(photo_rows(&app).await, 0);
    assert_eq!(intents(&app).await, 0);
    assert!(
        store.keys().is_empty(),
        "left in the store: {:?}",
        store.keys()
    );
    // The case still takes a good photo afterwards.
    assert!(
        add_photo(&app, &citizen, &case.id, photos::jpeg(64, 64, 2))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_request_larger_than_any_upload_is_refused_before_it_is_read() {
    let app = TestApp::builder()
        .configure(|c| {
            c.photo_max_bytes = 64 * 1024;
            c.photos_per_case = 2;
        })
        .spawn()
        .await;
    let citizen = app.citizen("+923003334456").await;
    let case = app.report(&citizen, LAHORE).await;

    // More than two photos' worth plus the operation itself.
    let body = vec![b'x'; 2 * 64 * 1024 + 1024 * 1024 + 1];
    let response = app
        .http()
        .post(app.url("/graphql"))
        .bearer_auth(&citizen.token)
        .header("content-type", "multipart/form-data; boundary=zz")
        .body(body)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 413);
    let body: serde_json::Value = response.json().await.expect("a GraphQL-shaped refusal");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["reason"], "FILE_TOO_LARGE");

    // Without files, an operation gets a megabyte.
    let padding = "x".repeat(1024 * 1024);
    let response = app
        .http()
        .post(app.url("/graphql"))
        .bearer_auth(&citizen.token)
        .json(&serde_json::json!({ "query": "{ me { id } }", "variables": { "padding": padding } }))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 413);
    let body: serde_json::Value = response.json().await.expect("a GraphQL-shaped refusal");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "body");

    // A multipart body that is not a GraphQL request gets a clear refusal too.
    let response = app
        .http()
        .post(app.url("/graphql"))
        .bearer_auth(&citizen.token)
        .header("content-type", "multipart/form-data; boundary=zz")
        .body("--zz\r\nContent-Disposition: form-data; name=\"map\"\r\n\r\n{}\r\n--zz--\r\n")
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.expect("a GraphQL-shaped refusal");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert!(photos_of(&app, &citizen, &case.id).await.is_empty());
}
