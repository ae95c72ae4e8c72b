//! Several replicas on one PostgreSQL: an event committed through one
//! reaches the subscribers of another, through LISTEN/NOTIFY.

use entities::UserRole;
use sea_orm::ConnectionTrait;
use serde_json::json;
use zainab_tests::{TestApp, live::live_ops::*};

#[tokio::test]
async fn an_event_committed_through_one_replica_reaches_a_subscriber_of_another() {
    let a = TestApp::spawn().await;
    if !a.on_postgres() {
        eprintln!("needs PostgreSQL: one SQLite file serves a single process");
        return;
    }
    let b = a.replica().await;
    let officer = a.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let police = a.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let mut on_b = b.live(Some(&police.token)).await;
    on_b.subscribe("1", SCOPE_FEED, json!({ "after": b.last_event_id().await }))
        .await;

    let filed = a.report(&officer, "PB-lahore").await;
    let event = on_b.data("1").await["scopeFeed"].clone();

    assert_eq!(event["kind"], "CASE_FILED");
    assert_eq!(event["caseNumber"], filed.number.as_str());
}

#[tokio::test]
async fn a_replica_whose_listen_connection_drops_still_delivers_every_event() {
    let a = TestApp::spawn().await;
    if !a.on_postgres() {
        eprintln!("needs PostgreSQL: there is no LISTEN connection on SQLite");
        return;
    }
    let b = a.replica().await;
    let officer = a.staff(UserRole::FacilitationOfficer, "PB-lahore").await;
    let police = a.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let mut on_b = b.live(Some(&police.token)).await;
    on_b.subscribe("1", SCOPE_FEED, json!({ "after": b.last_event_id().await }))
        .await;
    let first = a.report(&officer, "PB-lahore").await;
    assert_eq!(
        on_b.data("1").await["scopeFeed"]["caseNumber"],
        first.number.as_str()
    );

    // Cut every LISTEN connection of this database, as a network fault would.
    let cut = a
        .state
        .db
        .execute_unprepared(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        )
        .await
        .unwrap();
    assert!(cut.rows_affected() >= 2, "both replicas listen");
    let during = a.report(&officer, "PB-lahore").await;
    let after = a.report(&officer, "PB-lahore").await;

    assert_eq!(
        on_b.data("1").await["scopeFeed"]["caseNumber"],
        during.number.as_str()
    );
    assert_eq!(
        on_b.data("1").await["scopeFeed"]["caseNumber"],
        after.number.as_str()
    );
}
