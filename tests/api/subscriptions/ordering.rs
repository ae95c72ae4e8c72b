//! Event ids become visible in increasing order, and a subscriber that
//! falls behind is told where to resume.

use std::time::Duration;

use entities::{CaseEventKind, UserRole, case};
use sea_orm::EntityTrait;
use serde_json::json;
use uuid::Uuid;
use zainab_api::{
    domain::begin_write,
    events::{Change, log},
};
use zainab_tests::{
    TestApp,
    live::{Frame, live_ops::*},
};

async fn load_case(app: &TestApp, id: &str) -> case::Model {
    case::Entity::find_by_id(Uuid::parse_str(id).unwrap())
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

fn note<'a>(case: &'a case::Model, text: &'a str) -> Change<'a> {
    Change {
        kind: CaseEventKind::Note,
        case,
        before: Some(case),
        to_status: None,
        note: Some(text),
        visible_to_reporter: false,
        actor_role: Some(UserRole::DistrictPolice),
        at: case.updated_at,
    }
}

#[tokio::test]
async fn a_second_event_writer_waits_until_the_first_has_committed() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let filed = app.report(&citizen, "PB-lahore").await;
    let case = load_case(&app, &filed.id).await;
    let before = log::last_id(&app.state.db).await.unwrap();

    let first = begin_write(&app.state.db).await.unwrap();
    let first_id = log::record(&first, &note(&case, "first")).await.unwrap();
    let second = tokio::spawn({
        let (state, case) = (app.state.clone(), case.clone());
        async move {
            let txn = begin_write(&state.db).await.unwrap();
            let id = log::record(&txn, &note(&case, "second")).await.unwrap();
            txn.commit().await.unwrap();
            id
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Had the second committed first, a reader could see its id, resume
    // after it, and never see the first.
    assert!(!second.is_finished(), "the second writer did not wait");
    assert_eq!(log::last_id(&app.state.db).await.unwrap(), before);
    first.commit().await.unwrap();
    let second_id = second.await.unwrap();
    assert!(second_id > first_id);
}

#[tokio::test]
async fn a_subscriber_that_falls_behind_is_told_to_resume_from_its_last_id() {
    let app = TestApp::builder()
        .configure(|config| config.live_buffer = 2)
        .spawn()
        .await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let mut live = app.live(Some(&ministry.token)).await;
    live.subscribe(
        "1",
        SCOPE_FEED,
        json!({ "after": app.last_event_id().await }),
    )
    .await;
    let filed = app.report(&officer, "PB-lahore").await;
    let seen = live.data("1").await["scopeFeed"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Five events in one commit: the hub broadcasts them in one go, more
    // than this subscriber's buffer holds.
    let case = load_case(&app, &filed.id).await;
    let txn = begin_write(&app.state.db).await.unwrap();
    for text in ["one", "two", "three", "four", "five"] {
        log::record(&txn, &note(&case, text)).await.unwrap();
    }
    txn.commit().await.unwrap();
    app.state.events.wake();

    let Frame::Next { payload, .. } = live.next().await else {
        panic!("expected the lag error");
    };
    let error = &payload["errors"][0];
    assert_eq!(error["extensions"]["code"], "CONFLICT");
    assert_eq!(error["extensions"]["reason"], "LAGGED");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains(&format!("\"{seen}\"")),
        "{error}"
    );

    let mut again = app.live(Some(&ministry.token)).await;
    again
        .subscribe("1", SCOPE_FEED, json!({ "after": seen }))
        .await;
    let mut notes = Vec::new();
    for _ in 0..5 {
        notes.push(again.data("1").await["scopeFeed"]["note"].clone());
    }
    assert_eq!(notes, ["one", "two", "three", "four", "five"]);
}
