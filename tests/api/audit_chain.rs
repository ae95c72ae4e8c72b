//! The audit trail is a hash chain: verification names an entry changed,
//! deleted or rewritten in the database, the signed daily heads catch a
//! chain rewritten as a whole, and a case's trail leaves as signed evidence.

mod evidence;
mod tamper;

use entities::UserRole;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use zainab_api::audit::{chain, heads::Head, verify};
use zainab_tests::{TestApp, ops};

/// A server whose only sealing is the test's own, so that a tampering
/// step is never sealed over halfway.
async fn quiet() -> TestApp {
    TestApp::builder()
        .configure(|config| config.background = false)
        .spawn()
        .await
}

/// A case filed, read and acknowledged: a few entries in the chain.
async fn some_history(app: &TestApp) -> String {
    let citizen = app.citizen("0300 4445566").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let case = app.report(&citizen, "PB-lahore").await;
    police
        .gql(app, ops::CASE, json!({ "id": case.id }))
        .await
        .data();
    police
        .gql(
            app,
            "mutation($id: ID!) { acknowledgeCase(caseId: $id) { id } }",
            json!({ "id": case.id }),
        )
        .await
        .data();
    case.id
}

async fn seal(app: &TestApp) {
    chain::seal_all(&app.state, 100).await.expect("sealing");
}

async fn verify(app: &TestApp, heads: &[Head]) -> verify::Verification {
    verify::run(&app.state.db, heads, &app.state.audit_key.public_hex())
        .await
        .expect("verification runs")
}

async fn sql(app: &TestApp, statement: &str) {
    app.state
        .db
        .execute_unprepared(statement)
        .await
        .unwrap_or_else(|err| panic!("{statement}: {err}"));
}

/// `(id, seq)` of the sealed entries, in chain order.
async fn sealed(app: &TestApp) -> Vec<(i64, i64)> {
    let rows = app
        .state
        .db
        .query_all_raw(Statement::from_string(
            app.state.db.get_database_backend(),
            "SELECT id, seq FROM audit_log WHERE seq IS NOT NULL ORDER BY seq",
        ))
        .await
        .expect("reading the chain");
    rows.iter()
        .map(|r| {
            (
                r.try_get::<i64>("", "id").expect("id"),
                r.try_get::<i64>("", "seq").expect("seq"),
            )
        })
        .collect()
}
