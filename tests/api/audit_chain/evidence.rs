//! A case's audit trail exported as signed evidence, and who may take it.

use chrono::Duration;
use entities::UserRole;
use reqwest::StatusCode;
use serde_json::{Value, json};
use zainab_api::audit::evidence::{self, Signed};
use zainab_tests::{TestApp, TestUser, ops};

use super::quiet;

async fn export(app: &TestApp, user: Option<&TestUser>, case: &str) -> (StatusCode, Value) {
    let mut request = app
        .http()
        .get(app.url(&format!("/exports/cases/{case}/audit.json")));
    if let Some(user) = user {
        request = request.bearer_auth(&user.token);
    }
    let response = request.send().await.expect("the export answers");
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

fn signed(body: Value) -> Signed {
    serde_json::from_value(body).expect("a signed export")
}

#[tokio::test]
async fn police_export_a_signed_trail_of_reads_changes_and_missed_deadlines() {
    // Sessions that outlast the missed deadline.
    let app = TestApp::builder()
        .configure(|config| {
            config.background = false;
            config.access_token_ttl = std::time::Duration::from_secs(86_400);
        })
        .spawn()
        .await;
    let citizen = app.citizen("0300 7778899").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let case = app.report(&citizen, "PB-lahore").await;
    police
        .gql(&app, ops::CASE, json!({ "id": case.id }))
        .await
        .data();
    app.advance(Duration::minutes(121));
    zainab_api::deadlines::escalation::tick(&app.state)
        .await
        .expect("the deadline clock runs");

    let (status, body) = export(&app, Some(&police), &case.id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let signed = signed(body);
    assert_eq!(signed.algorithm, "Ed25519");
    let public_key = app.state.audit_key.public_hex();
    let evidence = evidence::check(&signed, &public_key).expect("the signature and hashes hold");
    assert_eq!(evidence.case_number, case.number);
    let actions: Vec<&str> = evidence.entries.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "case.create",
        "case.read",
        "deadline.escalate",
        "case.evidence_export",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
    let read = evidence
        .entries
        .iter()
        .find(|e| e.action == "case.read")
        .unwrap();
    assert_eq!(read.actor_role, "district_police");
    assert_eq!(read.client_ip.as_deref(), Some("127.0.0.1"));
    assert!(
        evidence.entries.iter().all(|e| e.hash.is_some()),
        "every entry is sealed in the chain"
    );

    // One changed word and the signature no longer holds.
    let mut altered = signed;
    altered.payload = altered.payload.replace("case.read", "case.list");
    assert!(evidence::check(&altered, &public_key).is_err());
}

#[tokio::test]
async fn an_export_made_with_another_key_or_altered_hashes_does_not_verify() {
    let app = quiet().await;
    let citizen = app.citizen("0300 7778800").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let case = app.report(&citizen, "PB-lahore").await;
    let (_, body) = export(&app, Some(&ministry), &case.id).await;
    let signed = signed(body);

    assert!(evidence::check(&signed, &"ab".repeat(32)).is_err());
    let mut wrong_sig = signed;
    wrong_sig.signature = "00".repeat(64);
    assert!(evidence::check(&wrong_sig, &app.state.audit_key.public_hex()).is_err());
}

#[tokio::test]
async fn evidence_is_for_police_oversight_and_the_ministry_within_their_scope() {
    let app = quiet().await;
    let reporter = app.citizen("0300 7778811").await;
    let case = app.report(&reporter, "PB-lahore").await;
    let allowed = [
        app.staff(UserRole::DistrictPolice, "PB-lahore").await,
        app.staff(UserRole::RegionalPolice, "PB-div-lahore").await,
        app.staff(UserRole::ProvincialOversight, "PB").await,
        app.staff(UserRole::Ministry, "").await,
    ];
    for user in &allowed {
        let (status, body) = export(&app, Some(user), &case.id).await;
        assert_eq!(status, StatusCode::OK, "{:?}: {body}", user.role);
    }

    let outside = [
        app.staff(UserRole::DistrictPolice, "PB-kasur").await,
        app.staff(UserRole::ProvincialOversight, "SD").await,
    ];
    for user in &outside {
        let (status, body) = export(&app, Some(user), &case.id).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{:?}: {body}", user.role);
    }

    let refused = [
        reporter,
        app.staff(UserRole::FacilitationOfficer, "PB-lahore").await,
        app.staff(UserRole::SystemAdmin, "").await,
    ];
    for user in &refused {
        let (status, body) = export(&app, Some(user), &case.id).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{:?}: {body}", user.role);
        assert_eq!(body["error"]["code"], "FORBIDDEN");
    }
    let (status, _) = export(&app, None, &case.id).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = export(&app, Some(&allowed[0]), "not-an-id").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "id");

    // Each export made is itself in the trail.
    let (_, body) = export(&app, Some(&allowed[3]), &case.id).await;
    let evidence = evidence::check(&signed(body), &app.state.audit_key.public_hex()).unwrap();
    let exports = evidence
        .entries
        .iter()
        .filter(|e| e.action == "case.evidence_export")
        .count();
    assert_eq!(exports, allowed.len() + 1);
}
