//! Reporters without an account follow their case with its number and the
//! tracking code from their receipt.

use entities::UserRole;
use serde_json::json;
use zainab_tests::{TestApp, ops};

#[tokio::test]
async fn the_case_number_and_tracking_code_show_progress_without_an_account() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let filed = app.report(&officer, "PB-lahore").await;
    police
        .gql(&app, "mutation($id: ID!) { acknowledgeCase(caseId: $id, note: \"An officer will call you within the hour.\", noteVisibleToReporter: true) { id } }", json!({ "id": filed.id }))
        .await
        .data();
    police
        .gql(&app, "mutation($id: ID!) { addCaseNote(caseId: $id, note: \"Neighbour is a suspect\") { id } }", json!({ "id": filed.id }))
        .await
        .data();

    // People type codes carelessly: lower case, no dash, spaces.
    let sloppy = filed.tracking_code.to_lowercase().replace('-', " ");
    let tracked = app
        .anonymous(
            ops::TRACK,
            json!({ "number": filed.number, "code": sloppy }),
        )
        .await;

    let case = &tracked.data()["trackCase"];
    assert_eq!(case["status"], "ACKNOWLEDGED");
    assert_eq!(case["childName"], "Ayesha Bibi");
    assert_eq!(case["district"]["id"], "PB-lahore");
    let notes: Vec<&str> = case["updates"]
        .as_array()
        .expect("updates")
        .iter()
        .filter_map(|u| u["note"].as_str())
        .collect();
    assert_eq!(notes, ["An officer will call you within the hour."]);
}

#[tokio::test]
async fn a_wrong_code_and_an_unknown_number_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let filed = app.report(&citizen, "PB-lahore").await;

    let wrong_code = app
        .anonymous(
            ops::TRACK,
            json!({ "number": filed.number, "code": "AAAA-AAAA" }),
        )
        .await;
    let unknown = app
        .anonymous(
            ops::TRACK,
            json!({ "number": "ZA-2026-999999", "code": filed.tracking_code }),
        )
        .await;
    let malformed = app
        .anonymous(
            ops::TRACK,
            json!({ "number": "123", "code": filed.tracking_code }),
        )
        .await;

    assert_eq!(wrong_code.code(), "NOT_FOUND");
    assert_eq!(unknown.code(), "NOT_FOUND");
    assert_eq!(wrong_code.message(), unknown.message());
    assert_eq!(
        (malformed.code(), malformed.field()),
        ("BAD_USER_INPUT", "caseNumber")
    );
}

#[tokio::test]
async fn tracking_shows_no_reporter_details_and_no_exact_place() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let filed = app.report(&citizen, "PB-lahore").await;

    let leak = app
        .anonymous(
            "query($number: String!, $code: String!) { trackCase(caseNumber: $number, trackingCode: $code) { reporter { phone } } }",
            json!({ "number": filed.number, "code": filed.tracking_code }),
        )
        .await;

    assert_eq!(
        leak.code(),
        "GRAPHQL_VALIDATION_FAILED",
        "the tracked view has no reporter field"
    );
}
