//! The public register as a live stream, for anyone and for other apps.

use serde_json::json;
use zainab_tests::TestApp;

use super::*;

const CHANGES: &str = "subscription($after: ID) {
    registerChanges(after: $after) { id kind caseNumber child { name status } }
}";

#[tokio::test]
async fn anyone_follows_the_register_live_and_resumes_without_gaps() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001234987").await;
    let police = lahore_police(&app).await;
    let hidden = app.report(&citizen, LAHORE).await;
    let mut live = app.live(None).await;
    // From the start of the log: nothing is missed however late the
    // server sets the subscription up.
    live.subscribe("1", CHANGES, json!({ "after": "0" })).await;

    let listed = published(&app, &citizen, &police, named(LAHORE, "Sana", 6)).await;
    let first = live.data("1").await["registerChanges"].clone();
    assert_eq!(first["kind"], "LISTED");
    assert_eq!(first["caseNumber"], listed.number.as_str());
    assert_eq!(first["child"]["name"], "Sana");

    let unpublish = "mutation($id: ID!) { unpublishCase(caseId: $id) { publishedAt } }";
    assert!(
        police
            .gql(&app, unpublish, json!({ "id": listed.id }))
            .await
            .is_ok()
    );
    let removed = live.data("1").await["registerChanges"].clone();
    assert_eq!(removed["kind"], "REMOVED");
    assert!(removed["child"].is_null());
    live.close().await;

    // Resuming after the first change replays the second, and nothing of
    // cases never published.
    let mut again = app.live(None).await;
    again
        .subscribe("2", CHANGES, json!({ "after": first["id"] }))
        .await;
    let replayed = again.data("2").await["registerChanges"].clone();
    assert_eq!(replayed["id"], removed["id"]);
    assert_ne!(replayed["caseNumber"], hidden.number.as_str());
}
