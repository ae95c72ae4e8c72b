//! Faces in duplicate detection: when the worker finds a face on a case's
//! photo, the case's likely duplicates are looked at again with it.

use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser, users::case_input};

use super::{found::LAHORE, *};

const CANDIDATES: &str = "query($id: ID!) {
    case(id: $id) { duplicateCandidates { case { id } score reasons } }
}";

/// A boy last seen in Lahore at the same hour, reported by `phone`.
fn boy(name: &str, age: i32, phone: &str) -> Value {
    let mut input = case_input(LAHORE);
    input["child"]["name"] = json!(name);
    input["child"]["otherNames"] = json!([]);
    input["child"]["sex"] = json!("MALE");
    input["child"]["ageYears"] = json!(age);
    input["child"]["bFormNumber"] = Value::Null;
    input["reporter"]["phone"] = json!(phone);
    input
}

async fn candidates(app: &TestApp, police: &TestUser, id: &str) -> Vec<Value> {
    let answer = police.gql(app, CANDIDATES, json!({ "id": id })).await;
    answer.data()["case"]["duplicateCandidates"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn reasons(candidate: &Value) -> Vec<&str> {
    candidate["reasons"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

#[tokio::test]
async fn the_same_face_makes_a_candidate_of_reports_whose_details_alone_did_not() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let father = app.citizen("0300 1112233").await;
    let uncle = app.citizen("0301 2223344").await;
    let first = app
        .report_with(&father, boy("Ali Raza", 8, "0300-1112233"))
        .await;
    let second = app
        .report_with(&uncle, boy("Ali Hassan", 10, "0301-2223344"))
        .await;
    assert!(
        candidates(&app, &police, &second.id).await.is_empty(),
        "one shared name and ages two years apart are not enough on their own"
    );

    let a = add(&app, &father, &first.id, photo("obama.jpg")).await;
    let b = add(&app, &uncle, &second.id, photo("obama2.jpg")).await;
    let _worker = start_worker(&app);
    finished(&app, &a).await;
    finished(&app, &b).await;

    let found = candidates(&app, &police, &second.id).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["case"]["id"], first.id.as_str());
    assert!(reasons(&found[0]).contains(&"faces on the photos look alike"));
    let from_first = candidates(&app, &police, &first.id).await;
    assert_eq!(from_first.len(), 1, "the pair shows from both cases");
}

#[tokio::test]
async fn different_faces_lower_an_open_candidate_and_say_why() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let father = app.citizen("0300 1112233").await;
    let uncle = app.citizen("0301 2223344").await;
    let first = app
        .report_with(&father, boy("Bilal Ahmed", 8, "0300-1112233"))
        .await;
    let second = app
        .report_with(&uncle, boy("Bilal Ahmad", 8, "0301-2223344"))
        .await;
    let before = candidates(&app, &police, &second.id).await;
    assert_eq!(before.len(), 1, "{before:?}");
    let score_before = before[0]["score"].as_f64().expect("a score");

    let a = add(&app, &father, &first.id, photo("obama.jpg")).await;
    let b = add(&app, &uncle, &second.id, photo("biden.jpg")).await;
    let _worker = start_worker(&app);
    finished(&app, &a).await;
    finished(&app, &b).await;

    let after = candidates(&app, &police, &second.id).await;
    assert_eq!(after.len(), 1, "police still decide: {after:?}");
    let score_after = after[0]["score"].as_f64().expect("a score");
    assert!(score_after < score_before, "{score_after} < {score_before}");
    assert!(reasons(&after[0]).contains(&"faces on the photos look different"));
}

#[tokio::test]
async fn a_dismissed_pair_stays_dismissed_when_faces_arrive() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let father = app.citizen("0300 1112233").await;
    let uncle = app.citizen("0301 2223344").await;
    let first = app
        .report_with(&father, boy("Bilal Ahmed", 8, "0300-1112233"))
        .await;
    let second = app
        .report_with(&uncle, boy("Bilal Ahmad", 8, "0301-2223344"))
        .await;
    let dismissed = police
        .gql(
            &app,
            "mutation($a: ID!, $b: ID!) { dismissDuplicate(caseId: $a, otherCaseId: $b) }",
            json!({ "a": second.id, "b": first.id }),
        )
        .await;
    assert!(dismissed.is_ok(), "{dismissed:?}");

    let a = add(&app, &father, &first.id, photo("obama.jpg")).await;
    let b = add(&app, &uncle, &second.id, photo("obama2.jpg")).await;
    let _worker = start_worker(&app);
    finished(&app, &a).await;
    finished(&app, &b).await;

    assert!(candidates(&app, &police, &second.id).await.is_empty());
}
