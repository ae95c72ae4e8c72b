//! The feed of a police or oversight jurisdiction.

use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, live::live_ops::*};

#[tokio::test]
async fn a_district_officer_receives_nothing_from_another_district() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let lahore = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let mut live = app.live(Some(&lahore.token)).await;
    live.subscribe(
        "1",
        SCOPE_FEED,
        json!({ "after": app.last_event_id().await }),
    )
    .await;

    // Filed first: if it leaked, it would arrive before the Lahore case.
    let elsewhere = app.report(&officer, "PB-rawalpindi").await;
    app.staff(UserRole::DistrictPolice, "PB-rawalpindi")
        .await
        .gql(&app, ACKNOWLEDGE, json!({ "id": elsewhere.id }))
        .await
        .data();
    let mine = app.report(&officer, "PB-lahore").await;

    let event = &live.data("1").await["scopeFeed"];
    assert_eq!(event["kind"], "CASE_FILED");
    assert_eq!(event["caseNumber"], mine.number.as_str());
    assert_eq!(event["district"]["id"], "PB-lahore");
}

#[tokio::test]
async fn a_district_officer_may_not_ask_for_another_districts_feed() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let lahore = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let mut live = app.live(Some(&lahore.token)).await;

    live.subscribe("1", SCOPE_FEED, json!({ "district": "PB-kasur" }))
        .await;
    assert_eq!(live.error_code("1").await, "FORBIDDEN");

    // Their own district, on the same connection, is granted.
    let after = app.last_event_id().await;
    live.subscribe(
        "2",
        SCOPE_FEED,
        json!({ "district": "PB-lahore", "after": after }),
    )
    .await;
    let filed = app.report(&officer, "PB-lahore").await;
    assert_eq!(
        live.data("2").await["scopeFeed"]["caseNumber"],
        filed.number.as_str()
    );
}

#[tokio::test]
async fn a_regional_officer_may_narrow_the_feed_to_one_district_of_the_region() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let region = app.staff(UserRole::RegionalPolice, "PB-div-lahore").await;
    let mut live = app.live(Some(&region.token)).await;
    live.subscribe(
        "1",
        SCOPE_FEED,
        json!({ "district": "PB-lahore", "after": app.last_event_id().await }),
    )
    .await;

    app.report(&officer, "PB-kasur").await;
    let lahore = app.report(&officer, "PB-lahore").await;

    assert_eq!(
        live.data("1").await["scopeFeed"]["caseNumber"],
        lahore.number.as_str()
    );
}

#[tokio::test]
async fn a_transfer_reaches_the_old_district_as_away_and_the_new_one_as_new() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let lahore = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let kasur = app.staff(UserRole::DistrictPolice, "PB-kasur").await;
    let province = app.staff(UserRole::ProvincialOversight, "PB").await;
    let filed = app.report(&officer, "PB-lahore").await;
    let after = app.last_event_id().await;
    let mut old = app.live(Some(&lahore.token)).await;
    let mut new = app.live(Some(&kasur.token)).await;
    let mut oversight = app.live(Some(&province.token)).await;
    for live in [&mut old, &mut new, &mut oversight] {
        live.subscribe("1", SCOPE_FEED, json!({ "after": after }))
            .await;
    }

    lahore
        .gql(
            &app,
            TRANSFER,
            json!({ "id": filed.id, "district": "PB-kasur" }),
        )
        .await
        .data();
    kasur
        .gql(&app, ACKNOWLEDGE, json!({ "id": filed.id }))
        .await
        .data();
    // Lahore's next event proves it got nothing of Kasur's acknowledgement.
    let next_in_lahore = app.report(&officer, "PB-lahore").await;

    let away = old.data("1").await["scopeFeed"].clone();
    assert_eq!(away["kind"], "TRANSFERRED_AWAY");
    assert_eq!(away["caseId"], filed.id.as_str());
    assert_eq!(away["district"]["id"], "PB-kasur");
    assert_eq!(away["note"], Value::Null, "the reason stays with the case");
    let after_away = old.data("1").await["scopeFeed"].clone();
    assert_eq!(after_away["caseNumber"], next_in_lahore.number.as_str());

    let arrived = new.data("1").await["scopeFeed"].clone();
    assert_eq!(arrived["kind"], "TRANSFERRED_IN");
    assert_eq!(arrived["fromDistrict"]["id"], "PB-lahore");
    assert_eq!(arrived["note"], "Seen last near the Kasur bus stand");
    assert_eq!(new.data("1").await["scopeFeed"]["toStatus"], "ACKNOWLEDGED");

    let within = oversight.data("1").await["scopeFeed"].clone();
    assert_eq!(within["kind"], "TRANSFERRED");
}

#[tokio::test]
async fn roles_without_a_jurisdiction_are_refused_the_feed() {
    let app = TestApp::spawn().await;
    let refused = [
        app.citizen("0300 1112233").await,
        app.staff(UserRole::FacilitationOfficer, "PB-lahore").await,
        app.staff(UserRole::SystemAdmin, "").await,
        app.staff(UserRole::Integration, "").await,
    ];

    for user in &refused {
        let mut live = app.live(Some(&user.token)).await;
        live.subscribe("1", SCOPE_FEED, json!({})).await;
        assert_eq!(live.error_code("1").await, "FORBIDDEN", "{:?}", user.role);
    }
    let mut anonymous = app.live(None).await;
    anonymous.subscribe("1", SCOPE_FEED, json!({})).await;
    assert_eq!(anonymous.error_code("1").await, "UNAUTHENTICATED");
}

#[tokio::test]
async fn the_ministry_feed_carries_every_district_and_internal_notes() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let police = app.staff(UserRole::DistrictPolice, "SD-hyderabad").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let mut live = app.live(Some(&ministry.token)).await;
    live.subscribe(
        "1",
        SCOPE_FEED,
        json!({ "after": app.last_event_id().await }),
    )
    .await;

    let filed = app.report(&officer, "SD-hyderabad").await;
    police
        .gql(
            &app,
            NOTE,
            json!({ "id": filed.id, "note": "Check the railway station" }),
        )
        .await
        .data();

    assert_eq!(live.data("1").await["scopeFeed"]["kind"], "CASE_FILED");
    let note = live.data("1").await["scopeFeed"].clone();
    assert_eq!(
        (note["kind"].clone(), note["note"].clone()),
        (json!("NOTE"), json!("Check the railway station"))
    );
}

#[tokio::test]
async fn a_missed_deadline_reaches_the_region_feed_as_an_escalation() {
    let app = crate::alerts::long_sessions(true).await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let region = app.staff(UserRole::RegionalPolice, "PB-div-lahore").await;
    let filed = app.report(&officer, "PB-lahore").await;
    let mut live = app.live(Some(&region.token)).await;
    live.subscribe(
        "1",
        SCOPE_FEED,
        json!({ "after": app.last_event_id().await }),
    )
    .await;

    app.advance(chrono::Duration::minutes(121));

    let event = &live.data("1").await["scopeFeed"];
    assert_eq!(event["kind"], "ESCALATED");
    assert_eq!(event["caseNumber"], filed.number.as_str());
}

#[tokio::test]
async fn a_subscription_that_fails_validation_gets_a_coded_error() {
    let app = TestApp::spawn().await;
    let lahore = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let mut live = app.live(Some(&lahore.token)).await;

    live.subscribe("1", "subscription { scopeFeed { noSuchField } }", json!({}))
        .await;
    assert_eq!(live.error_code("1").await, "GRAPHQL_VALIDATION_FAILED");
}

#[tokio::test]
async fn a_socket_that_never_says_who_it_is_is_closed() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::{client::IntoClientRequest, http::HeaderValue};

    let app = TestApp::spawn().await;
    let mut request = format!("ws://{}/graphql", app.address)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();

    // The test server allows half a second; nothing is sent.
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            match socket.next().await {
                None | Some(Err(_)) => return,
                Some(Ok(message)) if message.is_close() => return,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert!(
        ended.is_ok(),
        "the server kept an uninitialised socket open"
    );
}
