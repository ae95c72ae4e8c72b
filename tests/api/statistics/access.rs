//! Who may read statistics, over which cases, and what input is refused.

use entities::UserRole;
use serde_json::json;
use zainab_tests::TestApp;

use super::{STATISTICS, statistics};

const JUNE: &str = "2026-06";

#[tokio::test]
async fn each_reader_counts_only_the_cases_of_their_scope() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    for district in [
        "PB-lahore",
        "PB-lahore",
        "PB-kasur",
        "PB-rawalpindi",
        "SD-hyderabad",
    ] {
        app.report(&citizen, district).await;
    }
    let period = json!({ "from": JUNE, "to": JUNE });
    let total = |stats: serde_json::Value| stats["total"].as_u64();

    let ministry = app.staff(UserRole::Ministry, "").await;
    let punjab = app.staff(UserRole::ProvincialOversight, "PB").await;
    let sindh = app.staff(UserRole::ProvincialOversight, "SD").await;
    let region = app.staff(UserRole::RegionalPolice, "PB-div-lahore").await;
    let district = app.staff(UserRole::DistrictPolice, "PB-lahore").await;

    assert_eq!(
        total(statistics(&app, &ministry, period.clone()).await),
        Some(5)
    );
    assert_eq!(
        total(statistics(&app, &punjab, period.clone()).await),
        Some(4)
    );
    assert_eq!(
        total(statistics(&app, &sindh, period.clone()).await),
        Some(1)
    );
    assert_eq!(
        total(statistics(&app, &region, period.clone()).await),
        Some(3)
    );
    assert_eq!(
        total(statistics(&app, &district, period.clone()).await),
        Some(2)
    );

    // A filter narrows a scope; it never widens it.
    let other = json!({ "from": JUNE, "to": JUNE, "provinceId": "PB" });
    assert_eq!(total(statistics(&app, &sindh, other).await), Some(0));
    let kasur = json!({ "from": JUNE, "to": JUNE, "districtId": "PB-kasur" });
    assert_eq!(
        total(statistics(&app, &district, kasur.clone()).await),
        Some(0)
    );
    assert_eq!(total(statistics(&app, &punjab, kasur).await), Some(1));

    // Each read is audited with its filter.
    let audit = ministry
        .gql(
            &app,
            "query { auditLog(action: \"statistics.read\") { nodes { actorRole detail } } }",
            json!({}),
        )
        .await;
    let entries = audit.data()["auditLog"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(entries.len(), 8);
    assert!(
        entries
            .iter()
            .any(|e| e["actorRole"] == "provincial_oversight"
                && e["detail"]["district_id"] == "PB-kasur")
    );
}

#[tokio::test]
async fn citizens_officers_integrations_and_admins_are_refused() {
    let app = TestApp::spawn().await;
    let period = json!({ "filter": { "from": JUNE, "to": JUNE } });
    let refused = [
        app.citizen("0300 1112233").await,
        app.staff(UserRole::FacilitationOfficer, "PB-lahore").await,
        app.staff(UserRole::Integration, "").await,
        app.staff(UserRole::SystemAdmin, "").await,
    ];
    for user in &refused {
        let response = user.gql(&app, STATISTICS, period.clone()).await;
        assert_eq!(response.code(), "FORBIDDEN", "{:?}", user.role);
    }
    let anonymous = app.anonymous(STATISTICS, period).await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn bad_periods_and_unknown_places_are_refused_as_bad_input() {
    let app = TestApp::spawn().await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let cases = [
        (json!({ "from": "2026-13", "to": "2026-12" }), "from"),
        (json!({ "from": "June", "to": "2026-06" }), "from"),
        (json!({ "from": "2026-06", "to": "2026-6" }), "to"),
        (json!({ "from": "2026-07", "to": "2026-06" }), "from"),
        (json!({ "from": "2020-01", "to": "2026-06" }), "to"),
        (
            json!({ "from": JUNE, "to": JUNE, "districtId": "PB-atlantis" }),
            "districtId",
        ),
        (
            json!({ "from": JUNE, "to": JUNE, "provinceId": "XX" }),
            "provinceId",
        ),
        (json!({ "from": JUNE, "to": JUNE, "kinds": [] }), "kinds"),
    ];
    for (filter, field) in cases {
        let response = ministry
            .gql(&app, STATISTICS, json!({ "filter": filter }))
            .await;
        assert_eq!(
            (response.code(), response.field()),
            ("BAD_USER_INPUT", field),
            "{filter}"
        );
    }
}
