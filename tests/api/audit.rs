//! Every read of a case's personal details and every change is recorded,
//! and the ministry can query the record.

use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, ops};

const AUDIT: &str = "query($case: ID, $action: String) {
    auditLog(caseId: $case, action: $action, first: 100) {
        nodes { action actorRole caseId clientIp at }
    }
}";

fn actions(response: &Value) -> Vec<String> {
    response["auditLog"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["action"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn filing_reading_and_changing_a_case_are_recorded_with_who_and_where() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let case = app.report(&citizen, "PB-lahore").await;

    police
        .gql(&app, ops::CASE, json!({ "id": case.id }))
        .await
        .data();
    police
        .gql(
            &app,
            "mutation($id: ID!) { acknowledgeCase(caseId: $id) { id } }",
            json!({ "id": case.id }),
        )
        .await
        .data();
    police.gql(&app, ops::CASES, json!({})).await.data();

    let log = ministry.gql(&app, AUDIT, json!({ "case": case.id })).await;
    let mut recorded = actions(log.data());
    recorded.sort();
    assert_eq!(
        recorded,
        [
            "case.create",
            "case.read",
            "case.read_reporter",
            "case.step"
        ]
    );
    let entries = log.data()["auditLog"]["nodes"]
        .as_array()
        .expect("entries")
        .clone();
    let step = entries
        .iter()
        .find(|e| e["action"] == "case.step")
        .expect("the step");
    assert_eq!(step["actorRole"], "district_police");
    assert_eq!(step["clientIp"], "127.0.0.1");

    let lists = ministry
        .gql(&app, AUDIT, json!({ "action": "case.list" }))
        .await;
    assert_eq!(
        actions(lists.data()).len(),
        1,
        "the list that showed the case is recorded too"
    );
}

#[tokio::test]
async fn failed_sign_ins_and_reading_the_audit_log_are_recorded() {
    let app = TestApp::spawn().await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    app.anonymous(
        ops::LOGIN,
        json!({ "username": "someone", "password": "guess-guess-guess" }),
    )
    .await;

    ministry.gql(&app, AUDIT, json!({})).await.data();
    let log = ministry.gql(&app, AUDIT, json!({})).await;

    let recorded = actions(log.data());
    assert!(
        recorded.contains(&"auth.login_failed".to_owned()),
        "{recorded:?}"
    );
    assert!(recorded.contains(&"audit.read".to_owned()), "{recorded:?}");
}

#[tokio::test]
async fn audit_entries_hold_no_personal_details() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let case = app.report(&citizen, "PB-lahore").await;
    police
        .gql(&app, ops::CASE, json!({ "id": case.id }))
        .await
        .data();

    let log = ministry
        .gql(
            &app,
            "query { auditLog(first: 100) { nodes { detail } } }",
            json!({}),
        )
        .await;

    let text = log.data().to_string();
    for personal in ["Ayesha", "Nasreen", "7654321", "35202", "Gulberg"] {
        assert!(
            !text.contains(personal),
            "audit detail leaks {personal}: {text}"
        );
    }
}
