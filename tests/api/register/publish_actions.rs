//! `allowedActions` offers publishing to the police of the case only, and
//! only when the register may show the case; taking it off once it is on.

use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser};

use super::*;

const ACTIONS: &str = "query($id: ID!) { case(id: $id) { allowedActions } }";
const UNPUBLISH: &str = "mutation($id: ID!) { unpublishCase(caseId: $id) { publishedAt } }";

async fn actions(app: &TestApp, user: &TestUser, id: &str) -> Vec<String> {
    let response = user.gql(app, ACTIONS, json!({ "id": id })).await;
    response.data()["case"]["allowedActions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

fn has(list: &[String], action: &str) -> bool {
    list.iter().any(|a| a == action)
}

#[tokio::test]
async fn police_of_the_case_are_offered_publishing_then_taking_off() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001234001").await;
    let police = lahore_police(&app).await;
    let filed = app.report(&citizen, LAHORE).await;

    let before = actions(&app, &police, &filed.id).await;
    assert!(has(&before, "PUBLISH"), "{before:?}");
    assert!(!has(&before, "UNPUBLISH"), "{before:?}");

    let response = police.gql(&app, PUBLISH, json!({ "id": filed.id })).await;
    assert!(response.is_ok(), "{response:?}");
    let after = actions(&app, &police, &filed.id).await;
    assert!(has(&after, "UNPUBLISH"), "{after:?}");
    assert!(!has(&after, "PUBLISH"), "{after:?}");

    let response = police.gql(&app, UNPUBLISH, json!({ "id": filed.id })).await;
    assert!(response.is_ok(), "{response:?}");
    assert!(has(&actions(&app, &police, &filed.id).await, "PUBLISH"));
}

#[tokio::test]
async fn the_reporter_oversight_and_other_police_are_not_offered_publishing() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001234002").await;
    let police = lahore_police(&app).await;
    let filed = app.report(&citizen, LAHORE).await;
    let response = police.gql(&app, PUBLISH, json!({ "id": filed.id })).await;
    assert!(response.is_ok(), "{response:?}");

    let oversight = app.staff(UserRole::ProvincialOversight, "PB").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    for user in [&citizen, &oversight, &ministry] {
        let list = actions(&app, user, &filed.id).await;
        assert!(
            !has(&list, "PUBLISH") && !has(&list, "UNPUBLISH"),
            "{list:?}"
        );
    }
    // Police of the next district do not see the case at all.
    let kasur = app.staff(UserRole::DistrictPolice, "PB-kasur").await;
    let response = kasur.gql(&app, ACTIONS, json!({ "id": filed.id })).await;
    assert_eq!(response.code(), "NOT_FOUND");
}

#[tokio::test]
async fn publishing_is_not_offered_without_consent_for_abuse_or_after_an_outcome() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001234003").await;
    let police = lahore_police(&app).await;

    let mut input = named(LAHORE, "Sana Test", 9);
    input["reporter"]["consentToPublish"] = json!(false);
    let no_consent = app.report_with(&citizen, input).await;
    assert!(!has(
        &actions(&app, &police, &no_consent.id).await,
        "PUBLISH"
    ));

    let mut input = named(LAHORE, "Adil Test", 10);
    input["kind"] = json!("CHILD_ABUSE");
    let abuse = app.report_with(&citizen, input).await;
    assert!(!has(&actions(&app, &police, &abuse.id).await, "PUBLISH"));

    let open = app.report(&citizen, LAHORE).await;
    let recovered = police
        .gql(
            &app,
            "mutation($id: ID!) { markRecovered(caseId: $id) { status } }",
            json!({ "id": open.id }),
        )
        .await;
    assert!(recovered.is_ok(), "{recovered:?}");
    assert!(!has(&actions(&app, &police, &open.id).await, "PUBLISH"));
}
