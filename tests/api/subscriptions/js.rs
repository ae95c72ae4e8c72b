//! The real `graphql-ws` client from npm, run by node, against the server.

use std::process::Stdio;

use entities::UserRole;
use serde_json::{Value, json};
use tokio::{io::AsyncBufReadExt, process::Command};
use zainab_tests::{TestApp, live::live_ops::*, workspace_root};

/// Runs `tests/js/subscribe.mjs` until it has `count` results, calling
/// `meanwhile` once it has connected; returns every line it printed.
async fn graphql_ws<F>(
    app: &TestApp,
    token: Option<&str>,
    query: &str,
    variables: Value,
    count: usize,
    meanwhile: F,
) -> Vec<Value>
where
    F: AsyncFnOnce(),
{
    let js = workspace_root().join("tests/js");
    assert!(
        js.join("node_modules/graphql-ws").is_dir(),
        "run scripts/install.sh first: it installs the npm client into tests/js"
    );
    let mut child = Command::new("node")
        .arg(js.join("subscribe.mjs"))
        .arg(format!("ws://{}/graphql", app.address))
        .arg(token.unwrap_or("-"))
        .arg(query)
        .arg(variables.to_string())
        .arg(count.to_string())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs");
    let stdout = child.stdout.take().expect("node's output");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let mut printed = Vec::new();

    let first = lines
        .next_line()
        .await
        .expect("reading node")
        .expect("a line");
    printed.push(serde_json::from_str::<Value>(&first).expect("JSON"));
    assert_eq!(printed[0], json!({ "connected": true }), "{printed:?}");
    meanwhile().await;
    while let Some(line) = lines.next_line().await.expect("reading node") {
        printed.push(serde_json::from_str(&line).expect("JSON"));
    }
    let status = child.wait().await.expect("node ends");
    assert!(status.success(), "node failed: {printed:?}");
    printed.remove(0);
    printed
}

#[tokio::test]
async fn the_graphql_ws_client_follows_a_case_and_resumes_after_its_last_id() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let filed = app.report(&citizen, "PB-lahore").await;
    let vars = |after: &str| json!({ "number": filed.number, "code": filed.tracking_code, "after": after });

    let live = graphql_ws(
        &app,
        None,
        CASE_UPDATES,
        vars(&app.last_event_id().await),
        1,
        async || {
            police
                .gql(&app, ACKNOWLEDGE, json!({ "id": filed.id }))
                .await
                .data();
        },
    )
    .await;
    let seen = live[0]["data"]["caseUpdates"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    police
        .gql(&app, CONTACTED, json!({ "id": filed.id }))
        .await
        .data();
    police
        .gql(
            &app,
            NOTE,
            json!({ "id": filed.id, "note": "Internal only" }),
        )
        .await
        .data();
    let missed = graphql_ws(&app, None, CASE_UPDATES, vars(&seen), 1, async || {
        police
            .gql(
                &app,
                NOTE,
                json!({ "id": filed.id, "note": "We found a witness.", "visible": true }),
            )
            .await
            .data();
    })
    .await;
    let resumed = graphql_ws(&app, None, CASE_UPDATES, vars(&seen), 2, async || {}).await;

    assert_eq!(live[0]["data"]["caseUpdates"]["toStatus"], "ACKNOWLEDGED");
    assert_eq!(
        missed[0]["data"]["caseUpdates"]["toStatus"],
        "REPORTER_CONTACTED"
    );
    let updates: Vec<&Value> = resumed.iter().map(|r| &r["data"]["caseUpdates"]).collect();
    assert_eq!(updates[0]["toStatus"], "REPORTER_CONTACTED");
    assert_eq!(updates[1]["note"], "We found a witness.");
}

#[tokio::test]
async fn the_graphql_ws_client_gets_a_coded_error_for_a_feed_it_may_not_see() {
    let app = TestApp::spawn().await;
    let lahore = app.staff(UserRole::DistrictPolice, "PB-lahore").await;

    let refused = graphql_ws(
        &app,
        Some(&lahore.token),
        SCOPE_FEED,
        json!({ "district": "PB-kasur" }),
        1,
        async || {},
    )
    .await;

    assert_eq!(refused[0]["errors"][0]["extensions"]["code"], "FORBIDDEN");
}
