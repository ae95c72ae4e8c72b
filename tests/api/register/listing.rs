//! Who is on the register, and what of them the public sees.

use chrono::Duration;
use serde_json::json;
use zainab_tests::{TestApp, photos, users::case_input};

use super::*;

/// What the default report holds that must never reach the public.
const PRIVATE: [&str; 8] = [
    "Nasreen Akhtar",
    "7654321",
    "35202-7654321-4",
    "35202-1234567-2",
    "Gulberg",
    "Did not come home",
    "Mole under the right eye",
    "Bibi",
];

#[tokio::test]
async fn only_published_consented_cases_other_than_abuse_are_public_and_only_their_public_fields() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923006667788").await;
    let police = lahore_police(&app).await;
    let listed = published(&app, &citizen, &police, case_input(LAHORE)).await;
    let unpublished = app.report(&citizen, LAHORE).await;
    let mut no_consent = case_input(LAHORE);
    no_consent["reporter"]["consentToPublish"] = json!(false);
    let no_consent = app.report_with(&citizen, no_consent).await;
    let mut abuse = case_input(LAHORE);
    abuse["kind"] = json!("CHILD_ABUSE");
    let abuse = app.report_with(&citizen, abuse).await;
    for refused in [&no_consent, &abuse] {
        let response = police.gql(&app, PUBLISH, json!({ "id": refused.id })).await;
        assert_eq!(response.code(), "CONFLICT");
    }

    let nodes = register(&app, json!({})).await;
    assert_eq!(numbers(&nodes), vec![listed.number.clone()]);
    let child = &nodes[0];
    assert_eq!(
        child["name"], "Ayesha",
        "only the first name without consent to the full one"
    );
    assert_eq!(child["ageYears"], 7);
    assert_eq!(child["status"], "MISSING");
    assert_eq!(child["district"]["id"], LAHORE);
    assert_eq!(child["lastSeenOn"], "2026-06-15");
    assert_eq!(child["helpline"], "1099");

    for hidden in [&unpublished, &no_consent, &abuse] {
        let response = app
            .anonymous(CHILD, json!({ "number": hidden.number }))
            .await;
        assert!(
            response.data()["registerChild"].is_null(),
            "{} is public",
            hidden.number
        );
        let page = app
            .http()
            .get(app.url(&format!("/m/{}", hidden.number)))
            .send()
            .await
            .expect("an answer");
        assert_eq!(page.status().as_u16(), 404);
        let poster = app
            .http()
            .get(app.url(&format!("/m/{}/poster.pdf", hidden.number)))
            .send()
            .await
            .expect("an answer");
        assert_eq!(poster.status().as_u16(), 404);
    }

    // Nothing private in anything public.
    let page = app
        .http()
        .get(app.url(&format!("/m/{}", listed.number)))
        .send()
        .await
        .expect("an answer")
        .text()
        .await
        .expect("a page");
    let everything = format!("{} {page}", serde_json::to_string(&nodes).expect("JSON"));
    for private in PRIVATE {
        assert!(!everything.contains(private), "{private:?} is public");
    }
}

#[tokio::test]
async fn the_full_name_shows_only_with_consent_and_the_description_is_the_polices() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923006667789").await;
    let police = lahore_police(&app).await;
    let mut input = case_input(LAHORE);
    input["reporter"]["consentToPublishFullName"] = json!(true);
    let filed = published(&app, &citizen, &police, input).await;
    let described = police
        .gql(
            &app,
            PUBLISH,
            json!({ "id": filed.id, "description": "Wearing a red frock and white sandals" }),
        )
        .await;
    assert!(described.is_ok(), "{described:?}");

    let child = app
        .anonymous(CHILD, json!({ "number": filed.number }))
        .await;
    assert_eq!(child.data()["registerChild"]["name"], "Ayesha Bibi");
    assert_eq!(
        child.data()["registerChild"]["description"],
        "Wearing a red frock and white sandals"
    );
}

#[tokio::test]
async fn a_recovered_child_shows_as_found_without_a_photo_for_a_while_then_drops_off() {
    let app = TestApp::builder()
        .configure(|c| {
            c.register_found_for = std::time::Duration::from_secs(3 * 86_400);
            c.access_token_ttl = std::time::Duration::from_secs(30 * 86_400);
        })
        .spawn()
        .await;
    let citizen = app.citizen("+923006667790").await;
    let police = lahore_police(&app).await;
    let filed = app.report(&citizen, LAHORE).await;
    let added =
        super::super::photos::add_photo(&app, &citizen, &filed.id, photos::jpeg(300, 200, 1)).await;
    assert!(added.is_ok());
    assert!(
        police
            .gql(&app, PUBLISH, json!({ "id": filed.id }))
            .await
            .is_ok()
    );
    let child = app
        .anonymous(CHILD, json!({ "number": filed.number }))
        .await;
    let photo_url = child.data()["registerChild"]["photoUrl"]
        .as_str()
        .expect("a photo")
        .to_owned();

    let recovered = "mutation($id: ID!) { markRecovered(caseId: $id) { status } }";
    assert!(
        police
            .gql(&app, recovered, json!({ "id": filed.id }))
            .await
            .is_ok()
    );
    let child = app
        .anonymous(CHILD, json!({ "number": filed.number }))
        .await;
    assert_eq!(child.data()["registerChild"]["status"], "FOUND");
    assert!(child.data()["registerChild"]["photoUrl"].is_null());
    let photo = super::super::photos::local(&app, &photo_url);
    assert_eq!(super::super::photos::fetch(&app, &photo).await.0, 404);

    app.advance(Duration::days(3) + Duration::minutes(1));
    let child = app
        .anonymous(CHILD, json!({ "number": filed.number }))
        .await;
    assert!(
        child.data()["registerChild"].is_null(),
        "still listed once found for long enough"
    );
    zainab_tests::eventually("the found entry swept", || async {
        let feed = app
            .http()
            .get(app.url("/register/feed.atom"))
            .send()
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        feed.contains("removed").then_some(())
    })
    .await;
}

#[tokio::test]
async fn found_deceased_and_closed_cases_leave_the_register_at_once() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923006667791").await;
    let police = lahore_police(&app).await;
    let deceased = published(&app, &citizen, &police, case_input(LAHORE)).await;
    let closed = published(&app, &citizen, &police, case_input(LAHORE)).await;
    assert_eq!(register(&app, json!({})).await.len(), 2);

    let mark = "mutation($id: ID!) { markFoundDeceased(caseId: $id, note: \"Identified by the family\") { status } }";
    let response = police.gql(&app, mark, json!({ "id": deceased.id })).await;
    assert!(response.is_ok(), "{response:?}");
    let close = "mutation($id: ID!) { closeCase(caseId: $id, reason: FALSE_REPORT, note: \"The child was never missing\") { status } }";
    let response = police.gql(&app, close, json!({ "id": closed.id })).await;
    assert!(response.is_ok(), "{response:?}");
    assert!(register(&app, json!({})).await.is_empty());

    // Reopened, the case is back on the register as missing.
    let reopen =
        "mutation($id: ID!) { reopenCase(caseId: $id, note: \"New information\") { status } }";
    let response = police.gql(&app, reopen, json!({ "id": closed.id })).await;
    assert!(response.is_ok(), "{response:?}");
    assert_eq!(
        numbers(&register(&app, json!({})).await),
        vec![closed.number.clone()]
    );
}
