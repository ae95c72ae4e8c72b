//! Access tokens under RFC 8725: each names its key in `kid`, a rollover to
//! a new secret keeps the tokens signed with the previous one working while
//! it stays configured, and anything but our pinned algorithm with a known
//! key and every required claim is refused with `UNAUTHENTICATED`.

use entities::UserRole;
use jsonwebtoken::{Algorithm, EncodingKey, Header, decode_header, encode};
use secrecy::SecretString;
use serde_json::{Value, json};
use zainab_tests::{Portal, TestApp, portal};

const ME: &str = "query { me { username } }";
const REFRESH: &str = "mutation($token: String!) {
    refreshSession(refreshToken: $token) { accessToken refreshToken }
}";
const REVOKE: &str = "mutation($id: ID!) { revokeUserSessions(userId: $id) }";
const OLD_SECRET: &str = "test-secret-that-is-long-enough-for-hs256";
const NEW_SECRET: &str = "the-next-secret-after-the-rollover-0123456789";

async fn me_status(app: &TestApp, token: &str) -> (u16, String) {
    let response = app.gql(Some(token), ME, json!({})).await;
    let code = if response.is_ok() {
        String::new()
    } else {
        response.code().to_owned()
    };
    (response.status, code)
}

#[tokio::test]
async fn tokens_of_the_previous_secret_work_during_a_rollover_and_stop_once_it_is_removed() {
    let before = TestApp::spawn().await;
    let police = before.staff(UserRole::DistrictPolice, "PB-lahore").await;

    // The rollover: a new secret signs, the old one still verifies.
    let rolling = before
        .replica_with(|config| {
            config.jwt_secret = Some(SecretString::from(NEW_SECRET.to_owned()));
            config.jwt_previous_secrets = vec![SecretString::from(OLD_SECRET.to_owned())];
        })
        .await;
    let during = me_status(&rolling, &police.token).await;
    let renewed = rolling
        .anonymous(REFRESH, json!({ "token": police.refresh_token }))
        .await;
    let renewed = renewed.data()["refreshSession"].clone();
    let new_token = renewed["accessToken"].as_str().expect("an access token");

    // The old secret removed from the configuration.
    let after = before
        .replica_with(|config| {
            config.jwt_secret = Some(SecretString::from(NEW_SECRET.to_owned()));
            config.jwt_previous_secrets = Vec::new();
        })
        .await;

    assert_eq!(
        during,
        (200, String::new()),
        "the old token works in the rollover"
    );
    assert_ne!(
        decode_header(&police.token).unwrap().kid,
        decode_header(new_token).unwrap().kid,
        "the new secret signs under a key id of its own"
    );
    assert_eq!(
        me_status(&after, &police.token).await,
        (401, "UNAUTHENTICATED".to_owned()),
        "the old token is refused once its secret is gone"
    );
    assert_eq!(me_status(&after, new_token).await, (200, String::new()));
    assert_eq!(
        me_status(&before, new_token).await,
        (401, "UNAUTHENTICATED".to_owned()),
        "a server that does not hold the new secret refuses its tokens"
    );
}

#[tokio::test]
async fn a_session_outlives_the_removal_of_its_secret_through_its_refresh_token() {
    let before = TestApp::spawn().await;
    let citizen = before.citizen("0300 4445566").await;
    let after = before
        .replica_with(|config| {
            config.jwt_secret = Some(SecretString::from(NEW_SECRET.to_owned()));
        })
        .await;

    let stale = me_status(&after, &citizen.token).await;
    let renewed = after
        .anonymous(REFRESH, json!({ "token": citizen.refresh_token }))
        .await;
    let token = renewed.data()["refreshSession"]["accessToken"]
        .as_str()
        .expect("an access token")
        .to_owned();

    assert_eq!(stale, (401, "UNAUTHENTICATED".to_owned()));
    assert_eq!(me_status(&after, &token).await, (200, String::new()));
}

#[tokio::test]
async fn a_previous_secret_must_be_long_and_differ_from_the_current_one() {
    let app = TestApp::spawn().await;
    for previous in ["too-short", OLD_SECRET] {
        let mut config = app.state.config.clone();
        config.jwt_previous_secrets = vec![SecretString::from(previous.to_owned())];
        let refused = zainab_api::auth::tokens::TokenKeys::from_config(
            &config,
            &SecretString::from(OLD_SECRET.to_owned()),
        );
        assert!(refused.is_err(), "previous secret {previous:?} accepted");
    }
}

/// The claims of a sound access token for `user`, to forge variants of.
fn claims_of(app: &TestApp, token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    let mut claims: Value = serde_json::from_slice(&bytes).expect("JSON claims");
    let now = app.now().timestamp();
    claims["iat"] = json!(now);
    claims["nbf"] = json!(now);
    claims["exp"] = json!(now + 600);
    claims
}

fn sign(alg: Algorithm, kid: Option<&str>, claims: &Value, secret: &[u8]) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    let key = EncodingKey::from_secret(secret).expect("an HMAC key");
    encode(&header, claims, &key).expect("signing")
}

fn without(claims: &Value, name: &str) -> Value {
    let mut claims = claims.clone();
    claims.as_object_mut().expect("an object").remove(name);
    claims
}

fn with(claims: &Value, name: &str, value: Value) -> Value {
    let mut claims = claims.clone();
    claims[name] = value;
    claims
}

#[tokio::test]
async fn only_our_algorithm_a_known_key_and_every_required_claim_pass() {
    use base64::Engine;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let app = TestApp::builder()
        .with_portal(zainab_api::config::PortalAlgorithm::Rs256)
        .spawn()
        .await;
    let citizen = app.citizen("0300 7778899").await;
    let kid = decode_header(&citizen.token)
        .unwrap()
        .kid
        .expect("our tokens name their key");
    let claims = claims_of(&app, &citizen.token);
    let secret = OLD_SECRET.as_bytes();
    let now = app.now().timestamp();

    // Forged the way an attacker holding the secret would: accepted.
    let sound = sign(Algorithm::HS256, Some(&kid), &claims, secret);
    assert_eq!(me_status(&app, &sound).await, (200, String::new()));

    let unsigned = format!(
        "{}.{}.",
        b64(json!({ "alg": "none", "typ": "JWT", "kid": kid })
            .to_string()
            .as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let portal_public_key = std::fs::read(portal::public_key_file(
        zainab_api::config::PortalAlgorithm::Rs256,
    ))
    .expect("the Portal's public key");
    let mut portal_claims = claims.clone();
    portal_claims["iss"] = json!(portal::ISSUER);
    portal_claims["aud"] = json!(portal::AUDIENCE);
    let refused = [
        ("no kid", sign(Algorithm::HS256, None, &claims, secret)),
        (
            "unknown kid",
            sign(Algorithm::HS256, Some("0011223344556677"), &claims, secret),
        ),
        ("alg none", unsigned),
        ("HS384", sign(Algorithm::HS384, Some(&kid), &claims, secret)),
        ("HS512", sign(Algorithm::HS512, Some(&kid), &claims, secret)),
        (
            "HS256 keyed with the Portal's public key",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &portal_claims,
                &portal_public_key,
            ),
        ),
        (
            "our claims signed by a stranger's RSA key",
            Portal::stranger().sign(claims.clone()),
        ),
        (
            "no exp",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &without(&claims, "exp"),
                secret,
            ),
        ),
        (
            "no nbf",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &without(&claims, "nbf"),
                secret,
            ),
        ),
        (
            "no iss",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &without(&claims, "iss"),
                secret,
            ),
        ),
        (
            "no aud",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &without(&claims, "aud"),
                secret,
            ),
        ),
        (
            "exp not a number",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &with(&claims, "exp", json!("tomorrow")),
                secret,
            ),
        ),
        (
            "expired",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &with(&claims, "exp", json!(now - 120)),
                secret,
            ),
        ),
        (
            "not valid yet",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &with(&claims, "nbf", json!(now + 600)),
                secret,
            ),
        ),
        (
            "another issuer",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &with(&claims, "iss", json!("someone-else")),
                secret,
            ),
        ),
        (
            "another audience",
            sign(
                Algorithm::HS256,
                Some(&kid),
                &with(&claims, "aud", json!("another-api")),
                secret,
            ),
        ),
    ];
    for (what, token) in refused {
        assert_eq!(
            me_status(&app, &token).await,
            (401, "UNAUTHENTICATED".to_owned()),
            "{what}"
        );
    }
}

#[tokio::test]
async fn an_administrator_ends_all_of_a_users_sessions_who_may_then_sign_in_again() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let second = app
        .anonymous(
            zainab_tests::ops::LOGIN,
            json!({ "username": police.username, "password": zainab_tests::PASSWORD }),
        )
        .await;
    let second_token = second.data()["login"]["accessToken"]
        .as_str()
        .expect("a second session")
        .to_owned();

    let revoked = admin.gql(&app, REVOKE, json!({ "id": police.id })).await;
    let first = me_status(&app, &police.token).await;
    let other = me_status(&app, &second_token).await;
    let refresh = app
        .anonymous(REFRESH, json!({ "token": police.refresh_token }))
        .await;
    let again = app
        .anonymous(
            zainab_tests::ops::LOGIN,
            json!({ "username": police.username, "password": zainab_tests::PASSWORD }),
        )
        .await;

    assert_eq!(revoked.data()["revokeUserSessions"], 2);
    assert_eq!(first, (401, "UNAUTHENTICATED".to_owned()));
    assert_eq!(other, (401, "UNAUTHENTICATED".to_owned()));
    assert_eq!(refresh.code(), "UNAUTHENTICATED");
    let token = again.data()["login"]["accessToken"]
        .as_str()
        .expect("a token");
    assert_eq!(me_status(&app, token).await, (200, String::new()));
    // The administrator's own session is untouched.
    assert_eq!(me_status(&app, &admin.token).await, (200, String::new()));
}

#[tokio::test]
async fn only_administrators_end_other_peoples_sessions() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;

    let by_police = police.gql(&app, REVOKE, json!({ "id": ministry.id })).await;
    let by_ministry = ministry.gql(&app, REVOKE, json!({ "id": police.id })).await;
    let anonymous = app.anonymous(REVOKE, json!({ "id": police.id })).await;
    let unknown = admin
        .gql(
            &app,
            REVOKE,
            json!({ "id": uuid::Uuid::now_v7().to_string() }),
        )
        .await;
    let malformed = admin.gql(&app, REVOKE, json!({ "id": "nope" })).await;

    assert_eq!(by_police.code(), "FORBIDDEN");
    assert_eq!(by_ministry.code(), "FORBIDDEN");
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    assert_eq!(unknown.code(), "NOT_FOUND");
    assert_eq!(malformed.code(), "BAD_USER_INPUT");
    assert_eq!(me_status(&app, &police.token).await, (200, String::new()));
    assert_eq!(me_status(&app, &ministry.token).await, (200, String::new()));
}

#[tokio::test]
async fn delivery_reports_signed_before_a_rollover_still_count_until_the_old_secret_goes() {
    use sea_orm::EntityTrait;

    let before = TestApp::builder()
        .configure(|config| config.background = false)
        .spawn()
        .await;
    let citizen = before.citizen("0300 1112244").await;
    // Two cases, two receipts.
    before.report(&citizen, "PB-lahore").await;
    before.report(&citizen, "PB-lahore").await;
    let messages = entities::outbox::Entity::find()
        .all(&before.state.db)
        .await
        .expect("the outbox");
    let (first, second) = (messages[0].id, messages[1].id);
    let signed = |id| zainab_api::notify::callbacks::sign(&before.state.callback_key, id);
    let report = |app: &TestApp, id: uuid::Uuid| {
        let request = app.http().get(app.url(&format!(
            "/sms/kannel/delivery?id={id}&sig={}&type=1",
            signed(id)
        )));
        async move { request.send().await.expect("an answer").status().as_u16() }
    };

    let rolling = before
        .replica_with(|config| {
            config.jwt_secret = Some(SecretString::from(NEW_SECRET.to_owned()));
            config.jwt_previous_secrets = vec![SecretString::from(OLD_SECRET.to_owned())];
        })
        .await;
    let after = before
        .replica_with(|config| {
            config.jwt_secret = Some(SecretString::from(NEW_SECRET.to_owned()));
        })
        .await;

    assert_eq!(report(&rolling, first).await, 200);
    assert_eq!(report(&after, second).await, 403);
    let reported: Vec<_> = entities::outbox::Entity::find()
        .all(&before.state.db)
        .await
        .expect("the outbox")
        .into_iter()
        .filter(|m| m.delivery_report.is_some())
        .map(|m| m.id)
        .collect();
    assert_eq!(reported, vec![first]);
}
