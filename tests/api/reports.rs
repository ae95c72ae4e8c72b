//! The monthly report as HTML: the public version suppresses small counts
//! and names no one; the oversight version covers the reader's scope.

use entities::UserRole;
use serde_json::json;
use zainab_tests::TestApp;

async fn page(app: &TestApp, token: Option<&str>, path: &str) -> (u16, String) {
    let mut request = app.http().get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the server answers");
    (
        response.status().as_u16(),
        response.text().await.unwrap_or_default(),
    )
}

async fn seeded() -> TestApp {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    for district in ["PB-lahore"; 6].into_iter().chain(["SD-hyderabad"; 2]) {
        app.report(&citizen, district).await;
    }
    app
}

#[tokio::test]
async fn the_public_report_suppresses_small_counts_and_names_no_one() {
    let app = seeded().await;

    let (status, html) = page(&app, None, "/reports/monthly/2026-06.html").await;

    assert_eq!(status, 200);
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(html.contains("Cases reported: <strong>8</strong>"));
    assert!(
        html.contains("<tr><td>Lahore</td><td>6</td><td>0</td><td>0</td></tr>"),
        "{html}"
    );
    assert!(html.contains("<tr><td>Hyderabad</td><td>&lt;5</td><td>0</td><td>0</td></tr>"));
    assert!(!html.contains("Ayesha") && !html.contains("Nasreen"));
    assert!(!html.contains("Officers with missed deadlines"));

    let (status, _) = page(&app, None, "/reports/monthly/2026-13.html").await;
    assert_eq!(status, 400);
    let (status, _) = page(&app, None, "/reports/monthly/2026-06.pdf").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_oversight_report_covers_the_readers_scope_and_is_audited() {
    let app = seeded().await;
    let punjab = app.staff(UserRole::ProvincialOversight, "PB").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let citizen = app.citizen("0321 4445566").await;
    let path = "/reports/monthly/2026-06/oversight.html";

    let (status, html) = page(&app, Some(&punjab.token), path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Cases reported: <strong>6</strong>"));
    assert!(html.contains("Lahore") && !html.contains("Hyderabad"));

    let (status, html) = page(&app, Some(&ministry.token), path).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<tr><td>Hyderabad</td><td>2</td>"),
        "no suppression for oversight"
    );

    assert_eq!(page(&app, Some(&citizen.token), path).await.0, 403);
    assert_eq!(page(&app, None, path).await.0, 401);

    let audit = ministry
        .gql(
            &app,
            "query { auditLog(action: \"report.read\") { nodes { actorRole detail } } }",
            json!({}),
        )
        .await;
    let entries = audit.data()["auditLog"]["nodes"].clone();
    assert_eq!(entries.as_array().map(Vec::len), Some(2));
    assert_eq!(entries[1]["actorRole"], "provincial_oversight");
    assert_eq!(entries[1]["detail"]["month"], "2026-06");
}
