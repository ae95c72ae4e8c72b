//! The Citizen's Portal files and follows cases for citizens with tokens it
//! signs itself.

use chrono::Duration;
use entities::UserRole;
use serde_json::json;
use zainab_api::config::PortalAlgorithm;
use zainab_tests::{Portal, TestApp, ops, users::case_input};

const ME: &str = "query { me { id role displayName phone } }";

async fn portal_app(algorithm: PortalAlgorithm) -> TestApp {
    TestApp::builder().with_portal(algorithm).spawn().await
}

#[tokio::test]
async fn a_portal_citizen_gets_an_account_on_first_sight_and_keeps_it() {
    let app = portal_app(PortalAlgorithm::Rs256).await;
    let portal = Portal::trusted(PortalAlgorithm::Rs256);
    let token = portal.token("citizen-778812", app.now());

    let first = app.gql(Some(&token), ME, json!({})).await;
    let second = app.gql(Some(&token), ME, json!({})).await;

    assert_eq!(first.data()["me"]["role"], "CITIZEN");
    assert_eq!(first.data()["me"]["displayName"], "Rukhsana Kausar");
    assert_eq!(first.data()["me"]["phone"], "+923451234567");
    assert_eq!(first.data()["me"]["id"], second.data()["me"]["id"]);
}

#[tokio::test]
async fn a_case_filed_through_the_portal_is_marked_as_such_and_followed_there() {
    let app = portal_app(PortalAlgorithm::Es256).await;
    let portal = Portal::trusted(PortalAlgorithm::Es256);
    let token = portal.token("citizen-1", app.now());

    let filed = app
        .gql(
            Some(&token),
            ops::REPORT_CASE,
            json!({ "input": case_input("PB-lahore") }),
        )
        .await;
    let id = filed.data()["reportCase"]["case"]["id"].clone();
    let mine = app.gql(Some(&token), ops::CASES, json!({})).await;
    let other = app
        .gql(
            Some(&portal.token("citizen-2", app.now())),
            ops::CASE,
            json!({ "id": id }),
        )
        .await;

    assert_eq!(filed.data()["reportCase"]["case"]["channel"], "PORTAL");
    assert_eq!(mine.data()["cases"]["nodes"][0]["id"], id);
    assert_eq!(
        other.code(),
        "NOT_FOUND",
        "another Portal citizen cannot see it"
    );
}

#[tokio::test]
async fn portal_tokens_with_a_wrong_key_audience_or_lifetime_are_refused() {
    let app = portal_app(PortalAlgorithm::Rs256).await;
    let portal = Portal::trusted(PortalAlgorithm::Rs256);
    let now = app.now();
    let claims = |aud: &str, iss: &str, exp: i64| json!({ "iss": iss, "aud": aud, "sub": "citizen-1", "iat": now.timestamp(), "exp": exp });
    let valid_until = (now + Duration::minutes(10)).timestamp();

    let refused = [
        ("unknown key", Portal::stranger().token("citizen-1", now)),
        (
            "other audience",
            portal.sign(claims(
                "another-app",
                zainab_tests::portal::ISSUER,
                valid_until,
            )),
        ),
        (
            "other issuer",
            portal.sign(claims("zainab-alert", "https://evil.example", valid_until)),
        ),
        (
            "expired",
            portal.sign(claims(
                "zainab-alert",
                zainab_tests::portal::ISSUER,
                (now - Duration::minutes(5)).timestamp(),
            )),
        ),
        (
            "wrong algorithm",
            Portal::trusted(PortalAlgorithm::Es256).token("citizen-1", now),
        ),
    ];
    for (what, token) in refused {
        let response = app.gql(Some(&token), ME, json!({})).await;
        assert_eq!(response.status, 401, "{what}: {}", response.body);
        assert_eq!(response.code(), "UNAUTHENTICATED", "{what}");
    }
}

#[tokio::test]
async fn without_a_configured_portal_its_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let token = Portal::trusted(PortalAlgorithm::Rs256).token("citizen-1", app.now());

    let response = app.gql(Some(&token), ME, json!({})).await;

    assert_eq!(response.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_portal_citizen_cannot_act_as_police() {
    let app = portal_app(PortalAlgorithm::Rs256).await;
    let token = Portal::trusted(PortalAlgorithm::Rs256).token("citizen-1", app.now());
    let citizen = app.citizen("0300 1112233").await;
    let case = app.report(&citizen, "PB-lahore").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    police
        .gql(&app, ops::CASE, json!({ "id": case.id }))
        .await
        .data();

    let acknowledge = app
        .gql(
            Some(&token),
            "mutation($id: ID!) { acknowledgeCase(caseId: $id) { id } }",
            json!({ "id": case.id }),
        )
        .await;

    assert_eq!(acknowledge.code(), "NOT_FOUND");
}
