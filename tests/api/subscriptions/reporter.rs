//! The reporter's stream of one case.

use std::time::Duration;

use entities::{UserRole, audit_log};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use zainab_tests::{TestApp, live::live_ops::*};

#[tokio::test]
async fn the_reporter_receives_a_status_change_as_it_happens() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let filed = app.report(&citizen, "PB-lahore").await;
    let mut live = app.live(None).await;
    let after = app.last_event_id().await;

    live.subscribe(
        "1",
        CASE_UPDATES,
        json!({ "number": filed.number, "code": filed.tracking_code, "after": after }),
    )
    .await;
    police
        .gql(
            &app,
            ACKNOWLEDGE,
            json!({ "id": filed.id, "note": "We will call you today.", "visible": true }),
        )
        .await
        .data();

    let update = &live.data("1").await["caseUpdates"];
    assert_eq!(update["kind"], "STATUS_CHANGED");
    assert_eq!(update["fromStatus"], "REPORTED");
    assert_eq!(update["toStatus"], "ACKNOWLEDGED");
    assert_eq!(update["note"], "We will call you today.");
}

#[tokio::test]
async fn reconnecting_with_the_last_id_delivers_what_was_missed_and_nothing_twice() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let filed = app.report(&citizen, "PB-lahore").await;
    let vars = |after: &str| json!({ "number": filed.number, "code": filed.tracking_code, "after": after });

    let mut first = app.live(None).await;
    first
        .subscribe("a", CASE_UPDATES, vars(&app.last_event_id().await))
        .await;
    police
        .gql(&app, ACKNOWLEDGE, json!({ "id": filed.id }))
        .await
        .data();
    let seen = first.data("a").await["caseUpdates"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    first.close().await;

    // While the reporter is away: one step and one note meant for them.
    police
        .gql(&app, CONTACTED, json!({ "id": filed.id }))
        .await
        .data();
    police
        .gql(
            &app,
            NOTE,
            json!({ "id": filed.id, "note": "FIR tomorrow morning.", "visible": true }),
        )
        .await
        .data();
    let mut second = app.live(None).await;
    second.subscribe("b", CASE_UPDATES, vars(&seen)).await;
    let missed = [second.data("b").await, second.data("b").await];
    police
        .gql(
            &app,
            NOTE,
            json!({ "id": filed.id, "note": "Live again.", "visible": true }),
        )
        .await
        .data();
    let live = second.data("b").await;

    let got: Vec<(Value, Value)> = missed
        .iter()
        .chain([&live])
        .map(|d| {
            (
                d["caseUpdates"]["kind"].clone(),
                d["caseUpdates"]["note"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (json!("STATUS_CHANGED"), Value::Null),
            (json!("NOTE"), json!("FIR tomorrow morning.")),
            (json!("NOTE"), json!("Live again.")),
        ]
    );
    let ids: Vec<i64> = missed
        .iter()
        .chain([&live])
        .map(|d| d["caseUpdates"]["id"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(
        ids[0] > seen.parse::<i64>().unwrap() && ids.is_sorted(),
        "{ids:?}"
    );
}

#[tokio::test]
async fn internal_notes_never_reach_the_reporters_stream() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let filed = app.report(&citizen, "PB-lahore").await;
    let mut live = app.live(Some(&citizen.token)).await;
    // The reporter, signed in, needs no tracking code.
    live.subscribe(
        "1",
        CASE_UPDATES,
        json!({ "number": filed.number, "after": app.last_event_id().await }),
    )
    .await;

    police
        .gql(
            &app,
            NOTE,
            json!({ "id": filed.id, "note": "Uncle is a suspect" }),
        )
        .await
        .data();
    police
        .gql(
            &app,
            ACKNOWLEDGE,
            json!({ "id": filed.id, "note": "Internal: check CCTV" }),
        )
        .await
        .data();
    police
        .gql(
            &app,
            NOTE,
            json!({ "id": filed.id, "note": "We are on it.", "visible": true }),
        )
        .await
        .data();

    let first = live.data("1").await;
    let second = live.data("1").await;
    assert_eq!(first["caseUpdates"]["kind"], "STATUS_CHANGED");
    assert_eq!(
        first["caseUpdates"]["note"],
        Value::Null,
        "the internal note is left out"
    );
    assert_eq!(second["caseUpdates"]["note"], "We are on it.");
}

#[tokio::test]
async fn a_wrong_tracking_code_is_refused_and_audited() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let filed = app.report(&citizen, "PB-lahore").await;
    let mut wrong_code = app.live(None).await;
    let mut no_code = app.live(None).await;

    wrong_code
        .subscribe(
            "1",
            CASE_UPDATES,
            json!({ "number": filed.number, "code": "AAAA-AAAA" }),
        )
        .await;
    no_code
        .subscribe("1", CASE_UPDATES, json!({ "number": filed.number }))
        .await;

    assert_eq!(wrong_code.error_code("1").await, "NOT_FOUND");
    assert_eq!(no_code.error_code("1").await, "UNAUTHENTICATED");
    let attempts = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("case.track"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].detail, json!({ "matched": false }));
}

#[tokio::test]
async fn a_signed_out_session_ends_the_stream() {
    let app = TestApp::builder()
        .configure(|config| config.live_session_check = Duration::from_millis(200))
        .spawn()
        .await;
    let citizen = app.citizen("0300 1112233").await;
    let filed = app.report(&citizen, "PB-lahore").await;
    let mut live = app.live(Some(&citizen.token)).await;
    live.subscribe("1", CASE_UPDATES, json!({ "number": filed.number }))
        .await;

    app.anonymous(
        "mutation($t: String!) { logout(refreshToken: $t) }",
        json!({ "t": citizen.refresh_token }),
    )
    .await
    .data();

    assert_eq!(live.error_code("1").await, "UNAUTHENTICATED");
}

#[tokio::test]
async fn an_expired_token_ends_the_stream_at_the_next_event() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let filed = app.report(&citizen, "PB-lahore").await;
    let mut live = app.live(Some(&citizen.token)).await;
    live.subscribe(
        "1",
        CASE_UPDATES,
        json!({ "number": filed.number, "after": app.last_event_id().await }),
    )
    .await;

    app.advance(chrono::Duration::minutes(16));
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    police
        .gql(&app, ACKNOWLEDGE, json!({ "id": filed.id }))
        .await
        .data();

    assert_eq!(live.error_code("1").await, "UNAUTHENTICATED");
}

#[tokio::test]
async fn an_invalid_token_closes_the_connection() {
    let app = TestApp::spawn().await;

    let refused = app.try_live(Some("not-a-token")).await;

    let Err((code, reason)) = refused else {
        panic!("the connection was accepted");
    };
    assert_eq!(code, 1002);
    assert!(reason.contains("invalid"), "{reason}");
}
