//! The dashboard's files: served at `/` from `ZA_WEB_DIR`, deep links
//! answered with `index.html`, the API's own routes untouched, hashed
//! assets cached for good and the page itself always revalidated.

use serde_json::json;
use zainab_tests::TestApp;

const INDEX: &str = "<!doctype html><html><head><script type=\"module\">import init from '/app-0123456789abcdef.js'; await init();</script></head><body></body></html>";

async fn with_dashboard() -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join("index.html"), INDEX).expect("index.html");
    std::fs::write(
        dir.path().join("app-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .expect("wasm");
    std::fs::write(dir.path().join("jurisdictions.json"), "{}").expect("data");
    let path = dir.path().to_owned();
    let app = TestApp::builder()
        .configure(move |config| config.web_dir = Some(path))
        .spawn()
        .await;
    (app, dir)
}

#[tokio::test]
async fn deep_links_open_the_app_and_assets_are_cached_by_their_hash() {
    let (app, _dir) = with_dashboard().await;

    for path in [
        "/",
        "/cases/ZA-2026-000123",
        "/track/ZA-2026-000123",
        "/missing",
    ] {
        let response = app.http().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(
            csp.contains("'sha256-"),
            "the loader script is allowed by hash: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(response.text().await.unwrap(), INDEX, "{path}");
    }

    let wasm = app
        .http()
        .get(app.url("/app-0123456789abcdef_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    // An unhashed file can change with the next build.
    let data = app
        .http()
        .get(app.url("/jurisdictions.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(data.status(), 200);
    assert_eq!(data.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn the_api_routes_keep_precedence_over_the_app() {
    let (app, _dir) = with_dashboard().await;

    let graphql = app
        .http()
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ districts(provinceId: \"ICT\") { id } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(graphql.status(), 200);
    let body: serde_json::Value = graphql.json().await.unwrap();
    assert_eq!(body["data"]["districts"][0]["id"], "ICT-islamabad");

    let health = app
        .http()
        .get(app.url("/health/live"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");

    // The register's own child page answers, not the app's index.
    let child = app
        .http()
        .get(app.url("/m/ZA-2026-999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(child.status(), 404);
    assert_ne!(child.text().await.unwrap(), INDEX);

    // Exports still demand a token rather than falling back to the app.
    let export = app
        .http()
        .get(app.url("/exports/cases.csv?from=2026-01&to=2026-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), 401);
}

#[tokio::test]
async fn without_a_dashboard_folder_only_the_api_answers() {
    let app = TestApp::spawn().await;
    let response = app
        .http()
        .get(app.url("/cases/ZA-2026-000123"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);

    // A folder without index.html serves nothing either.
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().to_owned();
    let app = TestApp::builder()
        .configure(move |config| config.web_dir = Some(path))
        .spawn()
        .await;
    let response = app.http().get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), 404);
}
