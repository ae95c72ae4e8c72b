//! HTTP hardening as a browser meets it: security headers on the dashboard,
//! the share pages and the API, CORS on `/graphql` for configured origins
//! only, and request bodies bounded before they are read.

use entities::UserRole;
use reqwest::{Method, header::HeaderMap};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zainab_tests::TestApp;

const PARTNER: &str = "https://partner.example.pk";
const STRANGER: &str = "https://evil.example.com";
const INDEX: &str = "<!doctype html><html><head><script type=\"module\">await init();</script></head><body></body></html>";

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .map(|v| v.to_str().expect("an ASCII header"))
        .unwrap_or_else(|| panic!("no {name} header in {headers:?}"))
}

/// The headers every answer carries, whatever made it.
fn assert_hardened(what: &str, headers: &HeaderMap) {
    assert_eq!(
        header(headers, "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    assert_eq!(header(headers, "x-frame-options"), "DENY", "{what}");
    assert!(
        !header(headers, "referrer-policy").contains("unsafe"),
        "{what}"
    );
    let permissions = header(headers, "permissions-policy");
    assert!(
        permissions.contains("camera=()") && permissions.contains("geolocation=()"),
        "{what}: {permissions}"
    );
    let csp = header(headers, "content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "{what}: no HSTS unless configured"
    );
}

#[tokio::test]
async fn the_dashboard_a_share_page_and_the_api_carry_the_security_headers() {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join("index.html"), INDEX).expect("index.html");
    let web = dir.path().to_owned();
    let app = TestApp::builder()
        .configure(move |config| config.web_dir = Some(web))
        .spawn()
        .await;
    let citizen = app.citizen("+923001237654").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let filed = app.report(&citizen, "PB-lahore").await;
    let publish = "mutation($id: ID!) { publishCase(caseId: $id) { publishedAt } }";
    assert!(
        police
            .gql(&app, publish, json!({ "id": filed.id }))
            .await
            .is_ok()
    );

    let dashboard = app.http().get(app.url("/")).send().await.unwrap();
    let share = app
        .http()
        .get(app.url(&format!("/m/{}", filed.number)))
        .send()
        .await
        .unwrap();
    let missing = app
        .http()
        .get(app.url("/m/ZA-2026-999999"))
        .send()
        .await
        .unwrap();
    let graphql = app
        .http()
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    let refused = app
        .http()
        .post(app.url("/graphql"))
        .bearer_auth("not-a-token")
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();

    assert_eq!(dashboard.status(), 200);
    assert_hardened("/", dashboard.headers());
    let csp = header(dashboard.headers(), "content-security-policy");
    assert!(
        csp.contains("'wasm-unsafe-eval'"),
        "the app keeps its own policy: {csp}"
    );

    assert_eq!(share.status(), 200);
    assert_hardened("share page", share.headers());
    let csp = header(share.headers(), "content-security-policy").to_owned();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(
        !csp.contains("script-src"),
        "a share page runs no script: {csp}"
    );
    assert!(csp.contains("style-src 'sha256-"), "{csp}");
    assert!(csp.contains("img-src 'self' https://zainab.test"), "{csp}");
    assert!(share.text().await.unwrap().contains("<style>"));

    assert_eq!(missing.status(), 404);
    assert_hardened("unknown share page", missing.headers());
    for (what, response) in [("/graphql", &graphql), ("refused /graphql", &refused)] {
        assert_hardened(what, response.headers());
        assert!(
            header(response.headers(), "content-security-policy").starts_with("default-src 'none'"),
            "{what}"
        );
    }
    assert_eq!(refused.status(), 401);
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_service_is_said_to_be_behind_https() {
    let plain = TestApp::spawn().await;
    let https = TestApp::builder()
        .configure(|config| config.hsts = true)
        .spawn()
        .await;

    for path in ["/health/live", "/register/feed.atom"] {
        let without = plain.http().get(plain.url(path)).send().await.unwrap();
        let with = https.http().get(https.url(path)).send().await.unwrap();
        assert!(
            without.headers().get("strict-transport-security").is_none(),
            "{path}"
        );
        let hsts = header(with.headers(), "strict-transport-security");
        assert!(hsts.starts_with("max-age=31536000"), "{path}: {hsts}");
    }
}

async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    app.http()
        .request(Method::OPTIONS, app.url("/graphql"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send()
        .await
        .unwrap()
}

async fn post_from(app: &TestApp, origin: &str, token: &str) -> reqwest::Response {
    app.http()
        .post(app.url("/graphql"))
        .header("origin", origin)
        .bearer_auth(token)
        .json(&json!({ "query": "{ me { username } }" }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_configured_origin_may_call_graphql_from_a_browser_and_no_other() {
    let app = TestApp::builder()
        .configure(|config| config.cors_allowed_origins = vec![PARTNER.to_owned()])
        .spawn()
        .await;
    let citizen = app.citizen("+923001237655").await;

    let allowed = preflight(&app, PARTNER).await;
    let allowed_headers = allowed.headers().clone();
    let call = post_from(&app, PARTNER, &citizen.token).await;
    let other = preflight(&app, STRANGER).await;
    let other_call = post_from(&app, STRANGER, &citizen.token).await;
    let elsewhere = app
        .http()
        .get(app.url("/register/feed.atom"))
        .header("origin", PARTNER)
        .send()
        .await
        .unwrap();

    assert!(allowed.status().is_success(), "{}", allowed.status());
    assert_eq!(
        header(&allowed_headers, "access-control-allow-origin"),
        PARTNER
    );
    let methods = header(&allowed_headers, "access-control-allow-methods").to_lowercase();
    assert!(methods.contains("post"), "{methods}");
    let headers = header(&allowed_headers, "access-control-allow-headers").to_lowercase();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );
    assert!(
        allowed_headers
            .get("access-control-allow-credentials")
            .is_none()
    );
    assert_eq!(call.status(), 200);
    assert_eq!(
        header(call.headers(), "access-control-allow-origin"),
        PARTNER
    );
    assert!(
        header(call.headers(), "vary")
            .to_lowercase()
            .contains("origin")
    );

    assert!(other.headers().get("access-control-allow-origin").is_none());
    assert!(
        other_call
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    assert!(
        elsewhere
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "CORS is for /graphql only"
    );
}

#[tokio::test]
async fn without_configured_origins_no_page_of_another_origin_may_call_graphql() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001237656").await;

    let asked = preflight(&app, PARTNER).await;
    let call = post_from(&app, PARTNER, &citizen.token).await;

    assert!(!asked.status().is_success(), "{}", asked.status());
    assert!(asked.headers().get("access-control-allow-origin").is_none());
    assert!(call.headers().get("access-control-allow-origin").is_none());
}

/// What the server sent until it closed the connection.
async fn read_all(stream: &mut tokio::net::TcpStream) -> String {
    let mut answer = Vec::new();
    // A guard against a hang, not a measurement.
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        stream.read_to_end(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "the server kept the connection open");
    String::from_utf8_lossy(&answer).into_owned()
}

/// Sends a chunked body of `size` bytes (no `Content-Length`) and returns
/// the status line and body of the answer.
async fn chunked_post(app: &TestApp, size: usize) -> (String, String) {
    let mut stream = tokio::net::TcpStream::connect(app.address).await.unwrap();
    let head = "POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n\
                transfer-encoding: chunked\r\nconnection: close\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 64 * 1024];
    let mut sent = 0;
    while sent < size {
        let n = chunk.len().min(size - sent);
        let frame = format!("{n:x}\r\n");
        // The server may answer and close before the whole body is sent.
        if stream.write_all(frame.as_bytes()).await.is_err()
            || stream.write_all(&chunk[..n]).await.is_err()
            || stream.write_all(b"\r\n").await.is_err()
        {
            break;
        }
        sent += n;
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let answer = read_all(&mut stream).await;
    let status = answer.lines().next().unwrap_or_default().to_owned();
    (status, answer)
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_even_without_a_declared_length() {
    let app = TestApp::spawn().await;

    let (status, answer) = chunked_post(&app, 1024 * 1024 + 64 * 1024).await;

    assert!(status.contains(" 413 "), "{status}");
    assert!(answer.contains("\"code\":\"BAD_USER_INPUT\""), "{answer}");
    assert!(answer.contains("\"reason\":\"BODY_TOO_LARGE\""), "{answer}");
    assert!(answer.contains("\"field\":\"body\""), "{answer}");

    // Under the limit the same way in, a request is read and answered.
    let query = br#"{"query":"{ __typename }"}"#;
    let mut stream = tokio::net::TcpStream::connect(app.address).await.unwrap();
    let request = format!(
        "POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n{:x}\r\n",
        query.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(query).await.unwrap();
    stream.write_all(b"\r\n0\r\n\r\n").await.unwrap();
    let answer = read_all(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"__typename\":\"Query\""), "{answer}");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_the_body_is_sent() {
    let app = TestApp::spawn().await;
    let mut stream = tokio::net::TcpStream::connect(app.address).await.unwrap();
    let head = "POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n\
                content-length: 5000000\r\nconnection: close\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();

    // Nothing of the body is sent: the answer comes from the header alone.
    let answer = read_all(&mut stream).await;

    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"reason\":\"BODY_TOO_LARGE\""), "{answer}");
}
