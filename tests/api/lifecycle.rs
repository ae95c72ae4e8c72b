use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser, ops};

const LAHORE: &str = "PB-lahore";

const STEP: &str = "mutation($id: ID!, $note: String) {
    acknowledgeCase(caseId: $id, note: $note) { status }
}";
const CONTACT: &str = "mutation($id: ID!) { recordReporterContact(caseId: $id) { status } }";
const FIR: &str = "mutation($id: ID!, $fir: FirInput!) {
    registerFir(caseId: $id, fir: $fir) { status fir { number policeStation date } }
}";
const INVESTIGATE: &str = "mutation($id: ID!) { startInvestigation(caseId: $id) { status } }";
const RECOVERED: &str = "mutation($id: ID!, $note: String) {
    markRecovered(caseId: $id, note: $note, noteVisibleToReporter: true) { status }
}";
const CLOSE: &str = "mutation($id: ID!, $reason: ClosureReason!, $note: String) {
    closeCase(caseId: $id, reason: $reason, note: $note) { status closureReason }
}";
const REOPEN: &str = "mutation($id: ID!, $note: String!) { reopenCase(caseId: $id, note: $note) { status closureReason } }";
const TRANSFER: &str = "mutation($id: ID!, $to: String!, $note: String!) {
    transferCase(caseId: $id, districtId: $to, note: $note) { status district { id } region { id } }
}";
const NOTE: &str = "mutation($id: ID!, $note: String!, $visible: Boolean!) {
    addCaseNote(caseId: $id, note: $note, visibleToReporter: $visible) { id }
}";
const WITHDRAW: &str = "mutation($id: ID!, $note: String) { withdrawCase(caseId: $id, note: $note) { status closureReason } }";

fn fir(date: &str) -> Value {
    json!({ "number": "412/2026", "policeStation": "Gulberg Police Station", "date": date })
}

async fn status_after(app: &TestApp, user: &TestUser, op: &str, vars: Value) -> String {
    let response = user.gql(app, op, vars).await;
    let data = response.data();
    let root = data
        .as_object()
        .and_then(|o| o.values().next())
        .cloned()
        .unwrap_or_default();
    root["status"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn district_police_take_a_case_from_report_to_recovery() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    let id = json!(case.id);

    assert_eq!(
        status_after(&app, &police, STEP, json!({ "id": id })).await,
        "ACKNOWLEDGED"
    );
    assert_eq!(
        status_after(&app, &police, CONTACT, json!({ "id": id })).await,
        "REPORTER_CONTACTED"
    );
    let registered = police
        .gql(&app, FIR, json!({ "id": id, "fir": fir("2026-06-15") }))
        .await;
    assert_eq!(registered.data()["registerFir"]["status"], "FIR_REGISTERED");
    assert_eq!(
        registered.data()["registerFir"]["fir"]["number"],
        "412/2026"
    );
    assert_eq!(
        status_after(&app, &police, INVESTIGATE, json!({ "id": id })).await,
        "UNDER_INVESTIGATION"
    );
    let note = "Found safe at Data Darbar; handed over to her mother.";
    assert_eq!(
        status_after(&app, &police, RECOVERED, json!({ "id": id, "note": note })).await,
        "RECOVERED"
    );

    let timeline = police.gql(&app, ops::CASE, json!({ "id": id })).await;
    let kinds: Vec<&str> = timeline.data()["case"]["timeline"]
        .as_array()
        .expect("a timeline")
        .iter()
        .filter_map(|e| e["toStatus"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "REPORTED",
            "ACKNOWLEDGED",
            "REPORTER_CONTACTED",
            "FIR_REGISTERED",
            "UNDER_INVESTIGATION",
            "RECOVERED"
        ]
    );
}

#[tokio::test]
async fn steps_out_of_order_are_refused_as_illegal_transitions() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    let id = json!(case.id);

    let early_fir = police
        .gql(&app, FIR, json!({ "id": id, "fir": fir("2026-06-15") }))
        .await;
    let early_investigation = police.gql(&app, INVESTIGATE, json!({ "id": id })).await;
    let reopen_open = police
        .gql(&app, REOPEN, json!({ "id": id, "note": "why not" }))
        .await;

    for response in [early_fir, early_investigation, reopen_open] {
        assert_eq!(response.code(), "CONFLICT");
        assert_eq!(response.reason(), "ILLEGAL_TRANSITION");
    }
    let case = police.gql(&app, ops::CASE, json!({ "id": id })).await;
    assert_eq!(case.data()["case"]["status"], "REPORTED", "nothing changed");
}

#[tokio::test]
async fn acknowledging_twice_is_refused() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;

    police
        .gql(&app, STEP, json!({ "id": case.id }))
        .await
        .data();
    let again = police.gql(&app, STEP, json!({ "id": case.id })).await;

    assert_eq!(again.reason(), "ILLEGAL_TRANSITION");
}

#[tokio::test]
async fn a_fir_dated_in_the_future_or_before_the_disappearance_is_refused() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    police
        .gql(&app, STEP, json!({ "id": case.id }))
        .await
        .data();
    police
        .gql(&app, CONTACT, json!({ "id": case.id }))
        .await
        .data();

    let future = police
        .gql(
            &app,
            FIR,
            json!({ "id": case.id, "fir": fir("2026-06-16") }),
        )
        .await;
    let before = police
        .gql(
            &app,
            FIR,
            json!({ "id": case.id, "fir": fir("2026-06-14") }),
        )
        .await;
    let mut blank = fir("2026-06-15");
    blank["number"] = json!("  ");
    let blank = police
        .gql(&app, FIR, json!({ "id": case.id, "fir": blank }))
        .await;

    assert_eq!(
        (future.code(), future.field()),
        ("BAD_USER_INPUT", "fir.date")
    );
    assert_eq!(
        (before.code(), before.field()),
        ("BAD_USER_INPUT", "fir.date")
    );
    assert_eq!(
        (blank.code(), blank.field()),
        ("BAD_USER_INPUT", "fir.number")
    );
    let case = police.gql(&app, ops::CASE, json!({ "id": case.id })).await;
    assert_eq!(case.data()["case"]["status"], "REPORTER_CONTACTED");
    assert_eq!(case.data()["case"]["fir"], json!(null));
}

#[tokio::test]
async fn a_closed_case_reopens_with_a_reason_and_keeps_its_fir() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    let id = json!(case.id);
    police.gql(&app, STEP, json!({ "id": id })).await.data();
    police.gql(&app, CONTACT, json!({ "id": id })).await.data();
    police
        .gql(&app, FIR, json!({ "id": id, "fir": fir("2026-06-15") }))
        .await
        .data();
    let closed = police
        .gql(&app, CLOSE, json!({ "id": id, "reason": "FALSE_REPORT" }))
        .await;
    assert_eq!(closed.data()["closeCase"]["closureReason"], "FALSE_REPORT");

    let without_reason = police
        .gql(&app, REOPEN, json!({ "id": id, "note": "   " }))
        .await;
    let reopened = police
        .gql(
            &app,
            REOPEN,
            json!({ "id": id, "note": "The child's aunt says she never came home." }),
        )
        .await;

    assert_eq!(
        (without_reason.code(), without_reason.field()),
        ("BAD_USER_INPUT", "note")
    );
    assert_eq!(
        reopened.data()["reopenCase"]["status"],
        "UNDER_INVESTIGATION"
    );
    assert_eq!(reopened.data()["reopenCase"]["closureReason"], json!(null));
}

#[tokio::test]
async fn a_transfer_hands_the_case_to_the_other_district_and_out_of_the_first() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let lahore = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let rawalpindi = app.staff(UserRole::DistrictPolice, "PB-rawalpindi").await;
    let case = app.report(&citizen, LAHORE).await;
    let id = json!(case.id);

    let no_reason = lahore
        .gql(
            &app,
            TRANSFER,
            json!({ "id": id, "to": "PB-rawalpindi", "note": "" }),
        )
        .await;
    let same = lahore
        .gql(
            &app,
            TRANSFER,
            json!({ "id": id, "to": LAHORE, "note": "x" }),
        )
        .await;
    let moved = lahore
        .gql(
            &app,
            TRANSFER,
            json!({ "id": id, "to": "PB-rawalpindi", "note": "Seen boarding a bus to Pindi." }),
        )
        .await;

    assert_eq!(no_reason.field(), "note");
    assert_eq!(same.field(), "districtId");
    assert_eq!(
        moved.data()["transferCase"]["district"]["id"],
        "PB-rawalpindi"
    );
    assert_eq!(
        moved.data()["transferCase"]["region"]["id"],
        "PB-div-rawalpindi"
    );
    let old = lahore.gql(&app, ops::CASE, json!({ "id": id })).await;
    let new = rawalpindi.gql(&app, ops::CASE, json!({ "id": id })).await;
    assert_eq!(old.code(), "NOT_FOUND");
    assert_eq!(new.data()["case"]["status"], "REPORTED");
}

#[tokio::test]
async fn a_reporter_withdraws_their_own_report_and_police_see_why() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;

    let withdrawn = citizen
        .gql(
            &app,
            WITHDRAW,
            json!({ "id": case.id, "note": "She was at her grandmother's." }),
        )
        .await;

    assert_eq!(withdrawn.data()["withdrawCase"]["status"], "CLOSED");
    assert_eq!(
        withdrawn.data()["withdrawCase"]["closureReason"],
        "WITHDRAWN"
    );
    let seen = police.gql(&app, ops::CASE, json!({ "id": case.id })).await;
    let last = seen.data()["case"]["timeline"]
        .as_array()
        .and_then(|t| t.last())
        .cloned();
    assert_eq!(
        last.map(|e| e["note"].clone()),
        Some(json!("She was at her grandmother's."))
    );
}

#[tokio::test]
async fn notes_for_the_reporter_reach_them_and_internal_notes_do_not() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;

    police
        .gql(&app, NOTE, json!({ "id": case.id, "note": "Teams are searching the railway station.", "visible": true }))
        .await
        .data();
    police
        .gql(&app, NOTE, json!({ "id": case.id, "note": "Uncle has prior record; question him.", "visible": false }))
        .await
        .data();

    let reporter_view = citizen.gql(&app, ops::CASE, json!({ "id": case.id })).await;
    let police_view = police.gql(&app, ops::CASE, json!({ "id": case.id })).await;
    let notes = |v: &Value| -> Vec<String> {
        v["case"]["timeline"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["note"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        notes(reporter_view.data()),
        ["Teams are searching the railway station."]
    );
    assert_eq!(notes(police_view.data()).len(), 2);
}

#[tokio::test]
async fn a_step_taken_on_a_case_changed_meanwhile_does_not_apply_twice() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let region = app.staff(UserRole::RegionalPolice, "PB-div-lahore").await;
    let case = app.report(&citizen, LAHORE).await;

    let (a, b) = tokio::join!(
        police.gql(&app, STEP, json!({ "id": case.id })),
        region.gql(&app, STEP, json!({ "id": case.id })),
    );

    let successes = [&a, &b].iter().filter(|r| r.is_ok()).count();
    assert_eq!(successes, 1, "{} / {}", a.body, b.body);
    let loser = if a.is_ok() { &b } else { &a };
    assert!(
        matches!(loser.reason(), "STALE" | "ILLEGAL_TRANSITION"),
        "{}",
        loser.body
    );
    let seen = police.gql(&app, ops::CASE, json!({ "id": case.id })).await;
    let acknowledgements = seen.data()["case"]["timeline"]
        .as_array()
        .expect("a timeline")
        .iter()
        .filter(|e| e["toStatus"] == "ACKNOWLEDGED")
        .count();
    assert_eq!(acknowledgements, 1);
}
