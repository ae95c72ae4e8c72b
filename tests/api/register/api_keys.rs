//! Third-party apps on the public API: keys with their own rate limits,
//! issued and revoked by system administrators, and the default limit that
//! holds every other public client.

use chrono::Duration;
use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser};

const ISSUE: &str = "mutation($input: IssueApiKeyInput!) {
    issueApiKey(input: $input) { secret key { id name prefix requestsPerMinute revokedAt } }
}";
const REVOKE: &str = "mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }";
const KEYS: &str =
    "{ apiKeys { id name contact prefix requestsPerMinute revokedAt requestsLastHour } }";
const SEARCH: &str = "{ register(first: 1) { nodes { caseNumber } } }";

/// A test server whose anonymous clients may make `per_minute` public
/// requests a minute.
async fn limited(per_minute: u32) -> TestApp {
    TestApp::builder()
        .configure(move |config| config.public_requests_per_minute = per_minute)
        .spawn()
        .await
}

async fn issue(app: &TestApp, admin: &TestUser, name: &str, per_minute: i64) -> (String, String) {
    let response = admin
        .gql(
            app,
            ISSUE,
            json!({ "input": { "name": name, "contact": "ops@example.org", "requestsPerMinute": per_minute } }),
        )
        .await;
    let issued = &response.data()["issueApiKey"];
    (
        issued["key"]["id"].as_str().unwrap_or_default().to_owned(),
        issued["secret"].as_str().unwrap_or_default().to_owned(),
    )
}

/// The register searched anonymously, with `key` as `X-Api-Key` if given.
async fn search(app: &TestApp, key: Option<&str>) -> (u16, Option<String>, Value) {
    let mut request = app
        .http()
        .post(app.url("/graphql"))
        .json(&json!({ "query": SEARCH }));
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.json().await.expect("a JSON body");
    (status, retry_after, body)
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

#[tokio::test]
async fn an_administrator_issues_a_key_shown_once_and_revokes_it() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let (id, secret) = issue(&app, &admin, "Roshni Helpline app", 120).await;
    assert!(secret.starts_with("za_"), "{secret}");
    assert!(secret.len() > 40, "a secret hard to guess: {secret}");

    let listed = admin.gql(&app, KEYS, json!({})).await;
    let keys = listed.data()["apiKeys"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["id"], id.as_str());
    assert_eq!(keys[0]["name"], "Roshni Helpline app");
    assert_eq!(keys[0]["requestsPerMinute"], 120);
    assert!(secret.starts_with(keys[0]["prefix"].as_str().unwrap_or("?")));
    assert!(
        !listed.body.to_string().contains(&secret),
        "the secret is never shown again"
    );

    let (status, _, body) = search(&app, Some(&secret)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["register"].is_object());
    let used = admin.gql(&app, KEYS, json!({})).await;
    assert_eq!(used.data()["apiKeys"][0]["requestsLastHour"], 1);

    let revoked = admin.gql(&app, REVOKE, json!({ "id": id })).await;
    assert!(revoked.data()["revokeApiKey"]["revokedAt"].is_string());
    let (status, _, body) = search(&app, Some(&secret)).await;
    assert_eq!(status, 401);
    assert_eq!(code(&body), "UNAUTHENTICATED");
    // A made-up key is refused the same way, not taken for no key.
    let (status, _, body) = search(&app, Some("za_made-up")).await;
    assert_eq!(status, 401);
    assert_eq!(code(&body), "UNAUTHENTICATED");
}

#[tokio::test]
async fn only_system_administrators_manage_keys() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let (id, _) = issue(&app, &admin, "Newsroom", 60).await;
    let others = [
        app.staff(UserRole::Ministry, "").await,
        app.staff(UserRole::ProvincialOversight, "PB").await,
        app.staff(UserRole::DistrictPolice, "PB-lahore").await,
        app.staff(UserRole::FacilitationOfficer, "PB-lahore").await,
        app.citizen("+923001230077").await,
    ];
    let input = json!({ "input": { "name": "x", "contact": "y", "requestsPerMinute": 10 } });
    for user in &others {
        assert_eq!(
            user.gql(&app, ISSUE, input.clone()).await.code(),
            "FORBIDDEN"
        );
        assert_eq!(user.gql(&app, KEYS, json!({})).await.code(), "FORBIDDEN");
        let revoke = user.gql(&app, REVOKE, json!({ "id": id })).await;
        assert_eq!(revoke.code(), "FORBIDDEN");
    }
    assert_eq!(app.anonymous(ISSUE, input).await.code(), "UNAUTHENTICATED");
    assert_eq!(
        app.anonymous(KEYS, json!({})).await.code(),
        "UNAUTHENTICATED"
    );
    // Nothing the others tried changed the key.
    let keys = admin.gql(&app, KEYS, json!({})).await;
    assert!(keys.data()["apiKeys"][0]["revokedAt"].is_null());
    assert_eq!(keys.data()["apiKeys"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_key_needs_a_name_a_contact_and_a_sensible_limit() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    for (name, contact, per_minute, field) in [
        ("", "ops@example.org", 60, "name"),
        ("App", "  ", 60, "contact"),
        ("App", "ops@example.org", 0, "requestsPerMinute"),
        ("App", "ops@example.org", 1_000_000, "requestsPerMinute"),
    ] {
        let response = admin
            .gql(
                &app,
                ISSUE,
                json!({ "input": { "name": name, "contact": contact, "requestsPerMinute": per_minute } }),
            )
            .await;
        assert_eq!(response.code(), "BAD_USER_INPUT");
        assert_eq!(response.field(), field);
    }
    let unknown = admin
        .gql(
            &app,
            REVOKE,
            json!({ "id": uuid::Uuid::now_v7().to_string() }),
        )
        .await;
    assert_eq!(unknown.code(), "NOT_FOUND");
    let keys = admin.gql(&app, KEYS, json!({})).await;
    assert_eq!(keys.data()["apiKeys"], json!([]));
}

#[tokio::test]
async fn an_app_has_its_own_limit_apart_from_anonymous_callers() {
    let app = limited(3).await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let (_, generous) = issue(&app, &admin, "Broadcaster", 5).await;
    let (_, other) = issue(&app, &admin, "Newsroom", 1).await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    // Signing in counted against the address; start a fresh minute.
    app.advance(Duration::minutes(1));

    for _ in 0..3 {
        assert_eq!(search(&app, None).await.0, 200);
    }
    let (status, retry_after, body) = search(&app, None).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(code(&body), "RATE_LIMITED");
    assert_eq!(retry_after.as_deref(), Some("60"));
    assert_eq!(body["errors"][0]["extensions"]["retryAfter"], 60);

    // The key's limit is its own, even from the same address.
    for _ in 0..5 {
        assert_eq!(search(&app, Some(&generous)).await.0, 200);
    }
    assert_eq!(search(&app, Some(&generous)).await.0, 429);
    assert_eq!(search(&app, Some(&other)).await.0, 200);
    assert_eq!(search(&app, Some(&other)).await.0, 429);

    // Signed-in staff are not held to the public limit.
    for _ in 0..5 {
        assert!(police.gql(&app, SEARCH, json!({})).await.is_ok());
    }

    // The next minute opens a new window.
    app.advance(Duration::seconds(61));
    assert_eq!(search(&app, None).await.0, 200);
    assert_eq!(search(&app, Some(&generous)).await.0, 200);
}

#[tokio::test]
async fn pages_feeds_and_photos_count_against_the_same_limits() {
    let app = limited(2).await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let (_, key) = issue(&app, &admin, "Feed reader", 10).await;
    app.advance(Duration::minutes(1));

    for path in ["/register/feed.atom", "/register/pfif.xml"] {
        let response = app.http().get(app.url(path)).send().await.expect("answer");
        assert_eq!(response.status().as_u16(), 200, "{path}");
    }
    for path in ["/register/feed.atom", "/m/NOPE", "/public/photos/x"] {
        let response = app.http().get(app.url(path)).send().await.expect("answer");
        assert_eq!(response.status().as_u16(), 429, "{path}");
        assert!(response.headers().get("retry-after").is_some());
        let body: Value = response.json().await.expect("a JSON refusal");
        assert_eq!(body["error"]["code"], "RATE_LIMITED");
    }
    let keyed = app
        .http()
        .get(app.url("/register/feed.atom"))
        .header("x-api-key", &key)
        .send()
        .await
        .expect("answer");
    assert_eq!(keyed.status().as_u16(), 200);
    let bad = app
        .http()
        .get(app.url("/register/feed.atom"))
        .header("x-api-key", "za_revoked-or-never-issued")
        .send()
        .await
        .expect("answer");
    assert_eq!(bad.status().as_u16(), 401);
}

#[tokio::test]
async fn the_register_subscription_takes_a_key_and_the_same_limits() {
    let app = limited(1).await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let (_, key) = issue(&app, &admin, "Alerting service", 5).await;
    app.advance(Duration::minutes(1));

    let refused = app.try_live_with(json!({ "apiKey": "za_not-a-key" })).await;
    let Err((code, reason)) = refused else {
        panic!("a bad key was let in");
    };
    assert_eq!(code, 1002);
    assert!(reason.contains("API key"), "{reason}");

    // One anonymous connection a minute from this address; the app's key
    // lets it open more.
    let first = app.try_live_with(json!({})).await;
    assert!(first.is_ok());
    let Err((_, reason)) = app.try_live_with(json!({})).await else {
        panic!("a second anonymous connection in the minute was let in");
    };
    assert!(reason.contains("too many requests"), "{reason}");
    let mut keyed = app
        .try_live_with(json!({ "apiKey": key }))
        .await
        .unwrap_or_else(|(code, reason)| panic!("refused: {code} {reason}"));
    keyed
        .subscribe(
            "1",
            "subscription { registerChanges { id kind } }",
            json!({}),
        )
        .await;
    keyed.close().await;
}
