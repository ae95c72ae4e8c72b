//! Sightings from the public: to the police of the case, onto its
//! timeline, judged by police, and limited per client.

use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{File, TestApp, photos, users::case_input};

use super::*;

const REPORT: &str = "mutation($number: String!, $input: SightingInput!, $photo: Upload) {
    reportSighting(caseNumber: $number, input: $input, photo: $photo) { id receivedAt }
}";
const SIGHTINGS: &str = "query($id: ID!) {
    case(id: $id) {
        sightings { id place description contactName contactPhone hasPhoto assessment district { id } }
        photos { id }
        timeline { kind }
    }
}";
const ASSESS: &str = "mutation($id: ID!, $assessment: Assessment!) {
    assessSighting(sightingId: $id, assessment: $assessment) { id assessment assessedAt }
}";

fn sighting() -> Value {
    json!({
        "seenAt": "2026-06-15T06:30:00Z",
        "place": "Bus stop on Ferozepur Road",
        "districtId": LAHORE,
        "latitude": 31.49,
        "longitude": 74.33,
        "description": "A girl in a red frock with an older man, boarding a bus",
        "contactName": "Shopkeeper",
        "contactPhone": "0321-1234567"
    })
}

#[tokio::test]
async fn a_sighting_reaches_the_police_of_the_case_who_judge_it() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923009990011").await;
    let police = lahore_police(&app).await;
    let filed = published(&app, &citizen, &police, case_input(LAHORE)).await;

    let sent = app
        .anonymous(
            REPORT,
            json!({ "number": filed.number, "input": sighting() }),
        )
        .await;
    let id = sent.data()["reportSighting"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    // With a photo, as a multipart request.
    let with_photo = app
        .upload(
            None,
            REPORT,
            json!({ "number": filed.number, "input": sighting(), "photo": null }),
            vec![File::new(
                "variables.photo",
                "seen.jpg",
                photos::jpeg(320, 240, 8),
            )],
        )
        .await;
    assert!(with_photo.is_ok(), "{with_photo:?}");

    let case = police.gql(&app, SIGHTINGS, json!({ "id": filed.id })).await;
    let case = &case.data()["case"];
    let seen = case["sightings"].as_array().expect("sightings");
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1]["id"], id.as_str());
    assert_eq!(seen[1]["contactPhone"], "+923211234567");
    assert_eq!(seen[0]["hasPhoto"], true);
    // The sighting's photo is not part of the case's album.
    assert!(case["photos"].as_array().expect("photos").is_empty());
    let kinds: Vec<&str> = case["timeline"]
        .as_array()
        .expect("a timeline")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "SIGHTING").count(),
        2,
        "{kinds:?}"
    );
    let told = super::super::alerts::notifications(&app, &police).await;
    assert_eq!(
        told.iter().filter(|n| n["kind"] == "sighting").count(),
        2,
        "{told:?}"
    );

    // The reporter and other districts see nothing of them.
    let mine = citizen
        .gql(&app, SIGHTINGS, json!({ "id": filed.id }))
        .await;
    assert!(
        mine.data()["case"]["sightings"]
            .as_array()
            .expect("a list")
            .is_empty()
    );
    let reporter_kinds = mine.data()["case"]["timeline"].to_string();
    assert!(!reporter_kinds.contains("SIGHTING"), "{reporter_kinds}");

    let kasur = app.staff(UserRole::DistrictPolice, "PB-kasur").await;
    for (user, code) in [(&citizen, "FORBIDDEN"), (&kasur, "NOT_FOUND")] {
        let refused = user
            .gql(&app, ASSESS, json!({ "id": id, "assessment": "HOAX" }))
            .await;
        assert_eq!(refused.code(), code);
    }
    let refused = app
        .anonymous(ASSESS, json!({ "id": id, "assessment": "HOAX" }))
        .await;
    assert_eq!(refused.code(), "UNAUTHENTICATED");
    let judged = police
        .gql(&app, ASSESS, json!({ "id": id, "assessment": "CREDIBLE" }))
        .await;
    assert_eq!(judged.data()["assessSighting"]["assessment"], "CREDIBLE");
}

#[tokio::test]
async fn sightings_of_children_not_on_the_register_and_bad_ones_are_refused() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923009990012").await;
    let police = lahore_police(&app).await;
    let unlisted = app.report(&citizen, LAHORE).await;
    let listed = published(&app, &citizen, &police, case_input(LAHORE)).await;

    let refused = app
        .anonymous(
            REPORT,
            json!({ "number": unlisted.number, "input": sighting() }),
        )
        .await;
    assert_eq!(refused.code(), "NOT_FOUND");
    for (change, field) in [
        (json!({ "seenAt": "2026-06-16T07:00:00Z" }), "input.seenAt"),
        (json!({ "districtId": "PB-atlantis" }), "input.districtId"),
        (
            json!({ "latitude": 51.5, "longitude": -0.12 }),
            "input.latitude",
        ),
        (json!({ "latitude": null }), "input.longitude"),
        (json!({ "contactPhone": "12345" }), "input.contactPhone"),
        (json!({ "place": "  " }), "input.place"),
        (
            json!({ "description": "x".repeat(2001) }),
            "input.description",
        ),
    ] {
        let mut input = sighting();
        for (key, value) in change.as_object().expect("an object") {
            input[key] = value.clone();
        }
        let refused = app
            .anonymous(REPORT, json!({ "number": listed.number, "input": input }))
            .await;
        assert_eq!(refused.code(), "BAD_USER_INPUT", "{change}");
        assert_eq!(refused.field(), field, "{change}");
    }
    let bad_photo = app
        .upload(
            None,
            REPORT,
            json!({ "number": listed.number, "input": sighting(), "photo": null }),
            vec![File::new(
                "variables.photo",
                "seen.jpg",
                b"not a photo".to_vec(),
            )],
        )
        .await;
    assert_eq!(bad_photo.reason(), "NOT_AN_IMAGE");
    let case = police
        .gql(&app, SIGHTINGS, json!({ "id": listed.id }))
        .await;
    assert!(
        case.data()["case"]["sightings"]
            .as_array()
            .expect("a list")
            .is_empty()
    );
}

#[tokio::test]
async fn one_client_may_send_only_so_many_sightings_an_hour() {
    let app = TestApp::builder()
        .configure(|c| {
            c.sightings_per_hour = 2;
            c.access_token_ttl = std::time::Duration::from_secs(86_400);
        })
        .spawn()
        .await;
    let citizen = app.citizen("+923009990013").await;
    let police = lahore_police(&app).await;
    let listed = published(&app, &citizen, &police, case_input(LAHORE)).await;
    let send = || {
        app.anonymous(
            REPORT,
            json!({ "number": listed.number, "input": sighting() }),
        )
    };

    assert!(send().await.is_ok());
    assert!(send().await.is_ok());
    let refused = send().await;
    assert_eq!(refused.code(), "RATE_LIMITED");
    assert!(
        refused.body["errors"][0]["extensions"]["retryAfter"]
            .as_u64()
            .is_some()
    );

    app.advance(chrono::Duration::minutes(61));
    assert!(send().await.is_ok());
}
