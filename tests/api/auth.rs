use chrono::Duration;
use entities::UserRole;
use serde_json::json;
use zainab_tests::{PASSWORD, TestApp, ops};

const ME: &str = "query { me { username role district { id } } }";
const REFRESH: &str = "mutation($token: String!) {
    refreshSession(refreshToken: $token) { accessToken refreshToken }
}";
const LOGOUT: &str = "mutation($token: String!) { logout(refreshToken: $token) }";
const SET_ACTIVE: &str = "mutation($id: ID!, $active: Boolean!) { setUserActive(userId: $id, active: $active) { active } }";

#[tokio::test]
async fn staff_sign_in_with_their_password_and_see_their_scope() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;

    let me = police.gql(&app, ME, json!({})).await;

    assert_eq!(me.data()["me"]["role"], "DISTRICT_POLICE");
    assert_eq!(me.data()["me"]["district"]["id"], "PB-lahore");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;

    let wrong = app
        .anonymous(
            ops::LOGIN,
            json!({ "username": police.username, "password": "not the password" }),
        )
        .await;
    let unknown = app
        .anonymous(
            ops::LOGIN,
            json!({ "username": "nobody.here", "password": PASSWORD }),
        )
        .await;

    assert_eq!(wrong.code(), "UNAUTHENTICATED");
    assert_eq!(unknown.code(), "UNAUTHENTICATED");
    assert_eq!(wrong.message(), unknown.message());
}

#[tokio::test]
async fn a_refresh_token_gives_a_new_pair_once() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;

    let first = app
        .anonymous(REFRESH, json!({ "token": police.refresh_token }))
        .await;
    let pair = first.data()["refreshSession"].clone();
    let new_access = pair["accessToken"].as_str().expect("an access token");
    let me = app.gql(Some(new_access), ME, json!({})).await;

    assert_eq!(me.data()["me"]["username"], police.username.as_str());
    assert_ne!(pair["refreshToken"], police.refresh_token.as_str());
}

#[tokio::test]
async fn reusing_a_spent_refresh_token_ends_the_whole_session() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let rotated = app
        .anonymous(REFRESH, json!({ "token": police.refresh_token }))
        .await;
    let current = rotated.data()["refreshSession"].clone();

    // A thief replays the old token.
    let replay = app
        .anonymous(REFRESH, json!({ "token": police.refresh_token }))
        .await;
    let legitimate = app
        .anonymous(REFRESH, json!({ "token": current["refreshToken"] }))
        .await;
    let access = app
        .gql(current["accessToken"].as_str(), ME, json!({}))
        .await;

    assert_eq!(replay.code(), "UNAUTHENTICATED");
    assert_eq!(
        legitimate.code(),
        "UNAUTHENTICATED",
        "the rotated token died with the family"
    );
    assert_eq!(
        access.status, 401,
        "access tokens of the session stop working at once"
    );
}

#[tokio::test]
async fn signing_out_ends_the_session_at_once() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;

    app.anonymous(LOGOUT, json!({ "token": police.refresh_token }))
        .await
        .data();
    let me = police.gql(&app, ME, json!({})).await;
    let refresh = app
        .anonymous(REFRESH, json!({ "token": police.refresh_token }))
        .await;

    assert_eq!(me.status, 401);
    assert_eq!(me.code(), "UNAUTHENTICATED");
    assert_eq!(refresh.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn an_access_token_expires_after_its_lifetime() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;

    app.advance(Duration::minutes(14));
    let before = police.gql(&app, ME, json!({})).await;
    app.advance(Duration::minutes(2));
    let after = police.gql(&app, ME, json!({})).await;

    assert!(before.is_ok(), "{}", before.body);
    assert_eq!(after.status, 401);
    assert_eq!(after.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn tampered_and_malformed_tokens_are_refused_not_ignored() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    // Swap the payload for one claiming the ministry role.
    let mut parts: Vec<String> = citizen.token.split('.').map(str::to_owned).collect();
    let payload = String::from_utf8(base64_url_decode(&parts[1]))
        .expect("a UTF-8 payload")
        .replace("CITIZEN", "MINISTRY");
    parts[1] = base64_url_encode(payload.as_bytes());
    let forged = parts.join(".");

    for token in [forged.as_str(), "not-a-jwt", ""] {
        let response = app.gql(Some(token), ME, json!({})).await;
        assert_eq!(response.status, 401, "token {token:?}");
        assert_eq!(response.code(), "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn a_disabled_account_loses_its_sessions_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;

    let disabled = admin
        .gql(
            &app,
            SET_ACTIVE,
            json!({ "id": police.id, "active": false }),
        )
        .await;
    let me = police.gql(&app, ME, json!({})).await;
    let login = app
        .anonymous(
            ops::LOGIN,
            json!({ "username": police.username, "password": PASSWORD }),
        )
        .await;

    assert_eq!(disabled.data()["setUserActive"]["active"], false);
    assert_eq!(me.code(), "UNAUTHENTICATED");
    assert_eq!(login.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn citizens_sign_up_once_per_mobile_number_with_a_sound_password() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let again = app
        .anonymous(
            ops::REGISTER_CITIZEN,
            json!({ "name": "Another", "phone": "+92 300 1112233", "password": PASSWORD }),
        )
        .await;
    let short = app
        .anonymous(
            ops::REGISTER_CITIZEN,
            json!({ "name": "Short", "phone": "0301 0000000", "password": "123" }),
        )
        .await;
    let foreign = app
        .anonymous(
            ops::REGISTER_CITIZEN,
            json!({ "name": "Abroad", "phone": "+1 202 555 0100", "password": PASSWORD }),
        )
        .await;

    assert_eq!(citizen.username, "+923001112233");
    assert_eq!(
        (again.code(), again.reason()),
        ("CONFLICT", "ACCOUNT_EXISTS")
    );
    assert_eq!(
        (short.code(), short.field()),
        ("BAD_USER_INPUT", "password")
    );
    assert_eq!(
        (foreign.code(), foreign.field()),
        ("BAD_USER_INPUT", "phone")
    );
}

#[tokio::test]
async fn administrators_create_scoped_staff_and_refuse_missing_scopes() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let create = "mutation($input: CreateUserInput!) { createUser(input: $input) { user { username role district { id } } initialPassword } }";

    let created = admin
        .gql(&app, create, json!({ "input": { "username": "dpo.kasur", "displayName": "DPO Kasur", "role": "DISTRICT_POLICE", "districtId": "PB-kasur" } }))
        .await;
    let unscoped = admin
        .gql(&app, create, json!({ "input": { "username": "dpo.none", "displayName": "DPO", "role": "DISTRICT_POLICE" } }))
        .await;
    let duplicate = admin
        .gql(&app, create, json!({ "input": { "username": "dpo.kasur", "displayName": "DPO Kasur", "role": "DISTRICT_POLICE", "districtId": "PB-kasur" } }))
        .await;
    let bad_name = admin
        .gql(&app, create, json!({ "input": { "username": "DPO Kasur!", "displayName": "DPO", "role": "MINISTRY" } }))
        .await;

    let user = &created.data()["createUser"];
    assert_eq!(user["user"]["district"]["id"], "PB-kasur");
    let password = user["initialPassword"]
        .as_str()
        .expect("a generated password");
    let session = app
        .login("dpo.kasur", password, UserRole::DistrictPolice)
        .await;
    assert!(!session.token.is_empty());
    assert_eq!(
        (unscoped.code(), unscoped.field()),
        ("BAD_USER_INPUT", "districtId")
    );
    assert_eq!(duplicate.code(), "CONFLICT");
    assert_eq!(
        (bad_name.code(), bad_name.field()),
        ("BAD_USER_INPUT", "username")
    );
}

#[tokio::test]
async fn query_depth_and_complexity_are_limited_and_errors_carry_codes() {
    let app = TestApp::builder()
        .configure(|config| {
            config.graphql_max_depth = 4;
            config.graphql_max_complexity = 50;
        })
        .spawn()
        .await;
    let ministry = app.staff(UserRole::Ministry, "").await;

    let deep = ministry
        .gql(
            &app,
            "query { provinces { regions { districts { region { province { id } } } } } }",
            json!({}),
        )
        .await;
    let complex = ministry
        .gql(
            &app,
            "query { cases(first: 100) { nodes { id caseNumber status } } }",
            json!({}),
        )
        .await;
    let syntax = ministry.gql(&app, "query { cases(", json!({})).await;

    assert_eq!(deep.code(), "GRAPHQL_VALIDATION_FAILED", "{}", deep.body);
    assert_eq!(
        complex.code(),
        "GRAPHQL_VALIDATION_FAILED",
        "{}",
        complex.body
    );
    assert_eq!(
        syntax.code(),
        "GRAPHQL_VALIDATION_FAILED",
        "{}",
        syntax.body
    );
}

#[tokio::test]
async fn aliases_query_length_and_batches_are_limited() {
    let app = TestApp::builder()
        .configure(|config| {
            config.graphql_max_aliases = 3;
            config.graphql_max_query_bytes = 2000;
        })
        .spawn()
        .await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;

    let three = police
        .gql(
            &app,
            "{ a: me { id } b: me { id } c: me { id } }",
            json!({}),
        )
        .await;
    assert!(three.is_ok(), "{three:?}");
    // Aliases are how one request guesses many passwords at once.
    let guesses: String = (0..4)
        .map(|i| format!("g{i}: login(username: \"x\", password: \"p{i}\") {{ accessToken }} "))
        .collect();
    let four = app
        .anonymous(&format!("mutation {{ {guesses} }}"), json!({}))
        .await;
    assert_eq!(four.code(), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(four.reason(), "TOO_MANY_ALIASES");
    let in_fragment = police
        .gql(
            &app,
            "{ ...F a: me { id } } fragment F on Query { b: me { id } c: me { id } d: me { id } }",
            json!({}),
        )
        .await;
    assert_eq!(in_fragment.reason(), "TOO_MANY_ALIASES");

    let padded = format!("{{ me {{ id }} }} #{}", "x".repeat(2000));
    let long = police.gql(&app, &padded, json!({})).await;
    assert_eq!(long.code(), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(long.reason(), "QUERY_TOO_LONG");

    // A batch of operations in one request is not accepted at all.
    let batch = app
        .http()
        .post(app.url("/graphql"))
        .bearer_auth(&police.token)
        .json(&json!([{ "query": "{ me { id } }" }, { "query": "{ me { id } }" }]))
        .send()
        .await
        .expect("an answer");
    assert_eq!(batch.status().as_u16(), 400);
    let body: serde_json::Value = batch.json().await.expect("JSON");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

#[tokio::test]
async fn introspection_can_be_turned_off() {
    const INTROSPECT: &str = "{ __schema { queryType { name } } }";
    let open = TestApp::spawn().await;
    let answered = open.anonymous(INTROSPECT, json!({})).await;
    assert_eq!(answered.data()["__schema"]["queryType"]["name"], "Query");

    let closed = TestApp::builder()
        .configure(|config| config.graphql_introspection = false)
        .spawn()
        .await;
    let refused = closed.anonymous(INTROSPECT, json!({})).await;
    assert_eq!(refused.code(), "GRAPHQL_VALIDATION_FAILED", "{refused:?}");
    assert_eq!(refused.reason(), "INTROSPECTION_DISABLED");
    let by_type = closed
        .anonymous(
            "query { ... on Query { __type(name: \"Case\") { fields { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(by_type.reason(), "INTROSPECTION_DISABLED");
    // Ordinary queries still work.
    let typename = closed.anonymous("{ __typename }", json!({})).await;
    assert_eq!(typename.data()["__typename"], "Query");
}

fn base64_url_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .expect("base64url")
}

fn base64_url_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

mod lockout {
    use super::*;

    fn login(username: &str, password: &str) -> serde_json::Value {
        json!({ "username": username, "password": password })
    }

    #[tokio::test]
    async fn failed_sign_ins_lock_the_username_for_a_minute_then_twice_as_long() {
        let app = TestApp::spawn().await;
        let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
        let other = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
        for _ in 0..5 {
            let wrong = app
                .anonymous(ops::LOGIN, login(&police.username, "not-the-password"))
                .await;
            assert_eq!(wrong.code(), "UNAUTHENTICATED");
        }
        // Locked: even the right password is not tried.
        let locked = app
            .anonymous(ops::LOGIN, login(&police.username, PASSWORD))
            .await;
        assert_eq!(locked.code(), "RATE_LIMITED");
        assert_eq!(locked.body["errors"][0]["extensions"]["retryAfter"], 60);
        // Another account is not touched, nor are sessions already open.
        let fine = app
            .anonymous(ops::LOGIN, login(&other.username, PASSWORD))
            .await;
        assert!(fine.is_ok(), "{fine:?}");
        assert!(police.gql(&app, "{ me { id } }", json!({})).await.is_ok());

        // One more failure after the lock doubles it.
        app.advance(Duration::seconds(61));
        let wrong = app
            .anonymous(ops::LOGIN, login(&police.username, "still-wrong"))
            .await;
        assert_eq!(wrong.code(), "UNAUTHENTICATED");
        let locked = app
            .anonymous(ops::LOGIN, login(&police.username, PASSWORD))
            .await;
        assert_eq!(locked.body["errors"][0]["extensions"]["retryAfter"], 120);

        // After it, the right password works and the count starts again.
        app.advance(Duration::seconds(121));
        let back = app
            .anonymous(ops::LOGIN, login(&police.username, PASSWORD))
            .await;
        assert!(back.is_ok(), "{back:?}");
        let wrong = app
            .anonymous(ops::LOGIN, login(&police.username, "a slip"))
            .await;
        assert_eq!(wrong.code(), "UNAUTHENTICATED", "one slip does not lock");
        let again = app
            .anonymous(ops::LOGIN, login(&police.username, PASSWORD))
            .await;
        assert!(again.is_ok(), "{again:?}");
    }

    #[tokio::test]
    async fn a_username_that_does_not_exist_locks_the_same_way() {
        let app = TestApp::spawn().await;
        let answers: Vec<String> = {
            let mut answers = Vec::new();
            for _ in 0..6 {
                let response = app
                    .anonymous(ops::LOGIN, login("no-such-officer", "guess"))
                    .await;
                answers.push(response.code().to_owned());
            }
            answers
        };
        let mut expected = vec!["UNAUTHENTICATED".to_owned(); 5];
        expected.push("RATE_LIMITED".to_owned());
        assert_eq!(answers, expected);
    }

    #[tokio::test]
    async fn failures_spread_out_over_time_do_not_add_up() {
        let app = TestApp::spawn().await;
        let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
        for _ in 0..8 {
            let wrong = app
                .anonymous(ops::LOGIN, login(&police.username, "wrong"))
                .await;
            assert_eq!(wrong.code(), "UNAUTHENTICATED");
            app.advance(Duration::minutes(16));
        }
        let right = app
            .anonymous(ops::LOGIN, login(&police.username, PASSWORD))
            .await;
        assert!(right.is_ok(), "{right:?}");
    }

    #[tokio::test]
    async fn one_address_may_try_only_so_many_sign_ins_a_minute_across_usernames() {
        let app = TestApp::builder()
            .configure(|config| config.login_attempts_per_minute = 3)
            .spawn()
            .await;
        let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
        app.advance(Duration::minutes(1));
        for name in ["a", "b", "c"] {
            let response = app.anonymous(ops::LOGIN, login(name, "x")).await;
            assert_eq!(response.code(), "UNAUTHENTICATED");
        }
        let sprayed = app
            .anonymous(ops::LOGIN, login(&police.username, PASSWORD))
            .await;
        assert_eq!(sprayed.code(), "RATE_LIMITED");
        app.advance(Duration::minutes(1));
        let later = app
            .anonymous(ops::LOGIN, login(&police.username, PASSWORD))
            .await;
        assert!(later.is_ok(), "{later:?}");
    }
}
