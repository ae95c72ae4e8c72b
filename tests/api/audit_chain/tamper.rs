//! Tampering with stored entries, and what verification says.

use chrono::Duration;
use sea_orm::{EntityTrait, PaginatorTrait};
use zainab_api::audit::{chain, heads};
use zainab_tests::TestApp;

use super::{quiet, seal, sealed, some_history, sql, verify};

#[tokio::test]
async fn an_untouched_chain_verifies_with_every_entry_sealed_in_order() {
    let app = quiet().await;
    some_history(&app).await;
    seal(&app).await;

    let report = verify(&app, &[]).await;
    assert_eq!(report.broken, None, "{report}");
    let chain = sealed(&app).await;
    assert!(report.entries >= 4, "{report}");
    assert_eq!(report.entries as usize, chain.len());
    let places: Vec<i64> = chain.iter().map(|(_, seq)| *seq).collect();
    assert_eq!(places, (1..=chain.len() as i64).collect::<Vec<_>>());
}

#[tokio::test]
async fn an_entry_changed_in_sql_is_named_as_the_first_broken_one() {
    let app = quiet().await;
    some_history(&app).await;
    seal(&app).await;
    let chain = sealed(&app).await;
    let (id, seq) = chain[2];

    sql(
        &app,
        &format!("UPDATE audit_log SET actor_role = 'ministry' WHERE id = {id}"),
    )
    .await;
    let report = verify(&app, &[]).await;
    let broken = report.broken.clone().expect("the change is found");
    assert_eq!((broken.id, broken.seq), (Some(id), seq), "{report}");
    assert!(broken.reason.contains("changed after it was sealed"));
    assert_eq!(report.entries, 2, "the two entries before it hold");
}

#[tokio::test]
async fn a_deleted_entry_is_named_by_its_place() {
    let app = quiet().await;
    some_history(&app).await;
    seal(&app).await;
    let chain = sealed(&app).await;
    let (id, seq) = chain[1];

    sql(&app, &format!("DELETE FROM audit_log WHERE id = {id}")).await;
    let broken = verify(&app, &[]).await.broken.expect("the gap is found");
    assert_eq!(broken.seq, seq);
    assert!(broken.reason.contains("missing"), "{}", broken.reason);
}

#[tokio::test]
async fn removing_the_newest_entries_is_found_through_the_head() {
    let app = quiet().await;
    some_history(&app).await;
    seal(&app).await;
    let chain = sealed(&app).await;
    let (id, seq) = *chain.last().expect("entries");

    sql(&app, &format!("DELETE FROM audit_log WHERE id = {id}")).await;
    let broken = verify(&app, &[])
        .await
        .broken
        .expect("the removal is found");
    assert_eq!(broken.seq, seq);
    assert!(broken.reason.contains("removed from the end"));
}

#[tokio::test]
async fn an_entry_rehashed_after_a_change_is_caught_by_the_next_link() {
    let app = quiet().await;
    some_history(&app).await;
    seal(&app).await;
    let chain = sealed(&app).await;
    let (id, seq) = chain[1];

    // The change with a hash recomputed to match it.
    sql(
        &app,
        &format!("UPDATE audit_log SET client_ip = '10.9.9.9' WHERE id = {id}"),
    )
    .await;
    let row = entities::audit_log::Entity::find_by_id(id)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let rehashed =
        zainab_api::audit::chain::Fields::of(seq, &row).hash(row.prev_hash.as_deref().unwrap());
    sql(
        &app,
        &format!("UPDATE audit_log SET hash = '{rehashed}' WHERE id = {id}"),
    )
    .await;

    let broken = verify(&app, &[])
        .await
        .broken
        .expect("the rewrite is found");
    assert_eq!((broken.id, broken.seq), (Some(id), seq));
    assert!(broken.reason.contains("rewritten"), "{}", broken.reason);
}

#[tokio::test]
async fn the_signed_daily_head_catches_a_chain_rewritten_from_the_start() {
    let app = quiet().await;
    some_history(&app).await;
    seal(&app).await;
    let folder = app.state.config.audit_head_dir.clone().unwrap();
    app.advance(Duration::days(1));
    seal(&app).await;

    let published = heads::read_all(&folder).expect("published heads");
    let day = (app.now() - Duration::days(1)).date_naive();
    let head = published
        .iter()
        .find(|h| h.day == day)
        .expect("yesterday's head is published once the day is over");
    assert!(head.seq >= 4);
    head.check(&app.state.audit_key.public_hex())
        .expect("signed by the platform");
    assert!(
        head.check(&"ab".repeat(32)).is_err(),
        "another key does not check it"
    );
    assert_eq!(verify(&app, &published).await.broken, None);

    // Someone with the database changes an entry and seals the chain anew.
    let (id, _) = sealed(&app).await[1];
    sql(
        &app,
        &format!("UPDATE audit_log SET actor_role = 'ministry' WHERE id = {id}"),
    )
    .await;
    sql(
        &app,
        "UPDATE audit_log SET seq = NULL, prev_hash = NULL, hash = NULL",
    )
    .await;
    sql(
        &app,
        &format!(
            "UPDATE audit_chain SET seq = 0, hash = '{}'",
            zainab_api::audit::chain::GENESIS
        ),
    )
    .await;
    seal(&app).await;

    assert_eq!(
        verify(&app, &[]).await.broken,
        None,
        "the rewritten chain holds in itself"
    );
    let broken = verify(&app, &published)
        .await
        .broken
        .expect("the published head shows the rewrite");
    assert_eq!(broken.seq, head.seq);
    assert!(
        broken.reason.contains(&day.to_string()),
        "{}",
        broken.reason
    );
}

#[tokio::test]
async fn a_forged_head_file_does_not_verify() {
    let app = quiet().await;
    some_history(&app).await;
    seal(&app).await;
    app.advance(Duration::days(1));
    seal(&app).await;
    let folder = app.state.config.audit_head_dir.clone().unwrap();
    let mut published = heads::read_all(&folder).unwrap();
    let head = published.last_mut().unwrap();
    head.hash = "f".repeat(64);

    let broken = verify(&app, &published).await.broken.expect("refused");
    assert!(broken.reason.contains("signature"), "{}", broken.reason);
}

#[tokio::test]
async fn replicas_sealing_at_once_build_one_unbroken_chain() {
    let app = TestApp::spawn().await;
    let other = app.replica().await;
    let first = app.citizen("0300 5550001").await;
    let second = other.citizen("0300 5550002").await;

    let filings = (0..6).map(|i| {
        let (server, user) = if i % 2 == 0 {
            (&app, &first)
        } else {
            (&other, &second)
        };
        async move {
            server.report(user, "PB-lahore").await;
            chain::seal(&server.state).await.expect("sealing");
        }
    });
    futures_util::future::join_all(filings).await;
    seal(&app).await;

    let report = verify(&app, &[]).await;
    assert_eq!(report.broken, None, "{report}");
    assert_eq!(report.unsealed, 0);
    let total = entities::audit_log::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(report.entries, total, "every entry has one place");
}
