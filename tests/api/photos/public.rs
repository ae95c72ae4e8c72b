//! The public versions of photos: served to anyone while police keep the
//! case on the register, and not a moment longer.

use entities::UserRole;
use serde_json::json;
use zainab_tests::{TestApp, photos, users::case_input};

use super::*;

const LAHORE: &str = "PB-lahore";
const PUBLISH: &str = "mutation($id: ID!) { publishCase(caseId: $id) { publishedAt } }";
const UNPUBLISH: &str = "mutation($id: ID!) { unpublishCase(caseId: $id) { publishedAt } }";
const PUBLIC_URL: &str = "query($id: ID!) { case(id: $id) { photos { publicUrl } } }";

async fn public_url(app: &TestApp, user: &zainab_tests::TestUser, case_id: &str) -> Option<String> {
    let response = user.gql(app, PUBLIC_URL, json!({ "id": case_id })).await;
    response.data()["case"]["photos"][0]["publicUrl"]
        .as_str()
        .map(|url| local(app, url))
}

#[tokio::test]
async fn a_public_photo_is_served_only_while_its_case_is_published() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923005556677").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    let original = photos::jpeg_with_exif(1200, 900, 3, 1, Some((31.5, 74.3)));
    let added = add_photo(&app, &citizen, &case.id, original).await;
    let id = added.data()["addCasePhoto"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let address = app.url(&format!("/public/photos/{id}"));

    assert_eq!(public_url(&app, &police, &case.id).await, None);
    assert_eq!(fetch(&app, &address).await.0, 404);

    let published = police.gql(&app, PUBLISH, json!({ "id": case.id })).await;
    assert!(published.data()["publishCase"]["publishedAt"].is_string());
    assert_eq!(
        public_url(&app, &police, &case.id).await.as_deref(),
        Some(address.as_str())
    );
    let response = app.http().get(&address).send().await.expect("an answer");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    let bytes = response.bytes().await.expect("a body");
    assert!(
        !photos::has_exif(&bytes),
        "the public photo carries metadata"
    );
    let (w, h) = photos::dimensions(&bytes);
    assert!(w <= 800 && h <= 800, "public photo is {w}x{h}");

    assert!(
        police
            .gql(&app, UNPUBLISH, json!({ "id": case.id }))
            .await
            .is_ok()
    );
    assert_eq!(fetch(&app, &address).await.0, 404);

    // Back on the register, then recovered: off it by itself.
    assert!(
        police
            .gql(&app, PUBLISH, json!({ "id": case.id }))
            .await
            .is_ok()
    );
    assert_eq!(fetch(&app, &address).await.0, 200);
    let recovered = "mutation($id: ID!) { markRecovered(caseId: $id) { status } }";
    assert!(
        police
            .gql(&app, recovered, json!({ "id": case.id }))
            .await
            .is_ok()
    );
    assert_eq!(fetch(&app, &address).await.0, 404);
    assert_eq!(audited(&app, "case.publish").await.len(), 2);
    assert_eq!(audited(&app, "case.unpublish").await.len(), 1);
}

#[tokio::test]
async fn only_police_publish_and_never_without_consent_or_a_case_of_abuse() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923005556678").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;

    for user in [
        citizen.clone(),
        app.staff(UserRole::ProvincialOversight, "PB").await,
        app.staff(UserRole::Ministry, "").await,
    ] {
        let refused = user.gql(&app, PUBLISH, json!({ "id": case.id })).await;
        assert_eq!(refused.code(), "FORBIDDEN", "{:?}", user.role);
    }
    let kasur = app.staff(UserRole::DistrictPolice, "PB-kasur").await;
    assert_eq!(
        kasur
            .gql(&app, PUBLISH, json!({ "id": case.id }))
            .await
            .code(),
        "NOT_FOUND"
    );
    let region = app.staff(UserRole::RegionalPolice, "PB-div-lahore").await;
    assert!(
        region
            .gql(&app, PUBLISH, json!({ "id": case.id }))
            .await
            .is_ok()
    );

    let mut no_consent = case_input(LAHORE);
    no_consent["reporter"]["consentToPublish"] = json!(false);
    let private = app.report_with(&citizen, no_consent).await;
    let refused = police.gql(&app, PUBLISH, json!({ "id": private.id })).await;
    assert_eq!(refused.code(), "CONFLICT");
    assert_eq!(refused.reason(), "NO_CONSENT");

    let mut abuse = case_input(LAHORE);
    abuse["kind"] = json!("CHILD_ABUSE");
    let abuse = app.report_with(&citizen, abuse).await;
    let refused = police.gql(&app, PUBLISH, json!({ "id": abuse.id })).await;
    assert_eq!(refused.code(), "CONFLICT");
    assert_eq!(refused.reason(), "NOT_PUBLISHABLE");
}
