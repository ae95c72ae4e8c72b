//! Missed deadlines by district, by the responsible officer's office and
//! by officer, as the deadline clock records them.

use chrono::Duration;
use entities::UserRole;
use serde_json::{Value, json};
use zainab_api::domain::users::{self, CreateUserInput};
use zainab_tests::{PASSWORD, TestApp, TestUser, eventually};

use super::app;

const BREACHES: &str = "query($filter: StatisticsFilter!) {
    statistics(filter: $filter) {
        breaches {
            total
            byDistrict { districtId breaches }
            byKind { kind breaches }
            byOffice { office breaches }
            byOfficer { officerId name office breaches }
        }
    }
}";

/// A district police officer of Lahore who works at a named police station.
async fn officer_at_station(app: &TestApp) -> TestUser {
    let username = format!("dpo-{}", uuid::Uuid::now_v7().simple());
    let input = CreateUserInput {
        username: username.clone(),
        display_name: "Inspector Farah Naz".to_owned(),
        role: UserRole::DistrictPolice,
        phone: Some(zainab_tests::users::unique_phone()),
        district_id: Some("PB-lahore".to_owned()),
        region_id: None,
        province_id: None,
        office: Some("Gulberg Police Station".to_owned()),
        password: Some(PASSWORD.to_owned()),
        language: None,
    };
    users::create(&app.state, None, input)
        .await
        .unwrap_or_else(|e| panic!("{}", e.message()));
    app.login(&username, PASSWORD, UserRole::DistrictPolice)
        .await
}

async fn breaches(app: &TestApp, user: &TestUser) -> Value {
    breaches_of(app, user, json!({ "from": "2026-06", "to": "2026-06" })).await
}

async fn breaches_of(app: &TestApp, user: &TestUser, filter: Value) -> Value {
    let response = user.gql(app, BREACHES, json!({ "filter": filter })).await;
    response.data()["statistics"]["breaches"].clone()
}

#[tokio::test]
async fn breaches_are_counted_by_district_office_and_officer() {
    let app = app(true, None).await;
    let citizen = app.citizen("0300 1112233").await;
    let officer = officer_at_station(&app).await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let punjab = app.staff(UserRole::ProvincialOversight, "PB").await;

    // Left alone: acknowledgement, contact and FIR missed with nobody on it.
    app.report(&citizen, "PB-lahore").await;
    app.report(&citizen, "SD-hyderabad").await;
    // Taken at once: contact and FIR missed by the officer.
    let taken = app.report(&citizen, "PB-lahore").await;
    officer
        .gql(
            &app,
            "mutation($id: ID!) { acknowledgeCase(caseId: $id) { id } }",
            json!({ "id": taken.id }),
        )
        .await
        .data();

    app.advance(Duration::minutes(24 * 60 + 1));
    let all = eventually("every missed deadline to be recorded", || async {
        let all = breaches(&app, &ministry).await;
        (all["total"] == 8).then_some(all)
    })
    .await;

    assert_eq!(
        all["byDistrict"],
        json!([
            { "districtId": "PB-lahore", "breaches": 5 },
            { "districtId": "SD-hyderabad", "breaches": 3 },
        ])
    );
    assert_eq!(
        all["byOffice"],
        json!([
            { "office": null, "breaches": 6 },
            { "office": "Gulberg Police Station", "breaches": 2 },
        ])
    );
    assert_eq!(
        all["byOfficer"],
        json!([
            { "officerId": officer.id, "name": "Inspector Farah Naz", "office": "Gulberg Police Station", "breaches": 2 },
        ])
    );
    let acknowledge = all["byKind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "ACKNOWLEDGE")
        .unwrap();
    assert_eq!(acknowledge["breaches"], 2);

    let own = breaches(&app, &punjab).await;
    assert_eq!(own["total"], 5);
    assert_eq!(
        own["byDistrict"],
        json!([{ "districtId": "PB-lahore", "breaches": 5 }])
    );

    // Only cases of the kinds asked for count.
    let abductions = json!({ "from": "2026-06", "to": "2026-06", "kinds": ["ABDUCTION"] });
    assert_eq!(breaches_of(&app, &ministry, abductions).await["total"], 0);
    let missing = json!({ "from": "2026-06", "to": "2026-06", "kinds": ["MISSING_CHILD"] });
    assert_eq!(breaches_of(&app, &ministry, missing).await["total"], 8);
}
