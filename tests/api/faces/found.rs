//! Found children: who registers them, who sees them, and the refusals.

use entities::UserRole;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use zainab_tests::{File, TestApp, TestUser};

pub const LAHORE: &str = "PB-lahore";
pub const KASUR: &str = "PB-kasur";

pub const REGISTER: &str = "mutation($input: FoundChildInput!) {
    registerFoundChild(input: $input) { id districtId approxAgeYears institutionPhone registeredByRole }
}";
const READ: &str = "query($id: ID!) { foundChild(id: $id) { id currentPlace } }";
const LIST: &str = "{ foundChildren { id } }";
pub const ADD_PHOTO: &str = "mutation($id: ID!, $photo: Upload!) {
    addFoundChildPhoto(foundChildId: $id, photo: $photo) { id faceStatus }
}";

pub fn found_input(district: &str) -> Value {
    json!({
        "approxAgeYears": 7,
        "sex": "MALE",
        "foundAt": "2026-06-15T06:30:00Z",
        "foundPlace": "Data Darbar, near the main gate",
        "foundDistrictId": district,
        "districtId": district,
        "currentPlace": "Edhi Home, Bilal Ganj",
        "description": "A boy in a blue shirt who says his name is Ali",
        "institutionName": "Edhi Home Bilal Ganj",
        "institutionPhone": "0333-5550101"
    })
}

/// A found child registered by `user` in `district`; its id.
pub async fn register_found(app: &TestApp, user: &TestUser, district: &str) -> String {
    let answer = user
        .gql(app, REGISTER, json!({ "input": found_input(district) }))
        .await;
    answer.data()["registerFoundChild"]["id"]
        .as_str()
        .expect("an id")
        .to_owned()
}

/// Adds a photo to a found child's record; its id.
pub async fn add_found_photo(app: &TestApp, user: &TestUser, id: &str, bytes: Vec<u8>) -> String {
    let answer = user
        .upload(
            app,
            ADD_PHOTO,
            json!({ "id": id, "photo": null }),
            vec![File::new("variables.photo", "found.jpg", bytes)],
        )
        .await;
    answer.data()["addFoundChildPhoto"]["id"]
        .as_str()
        .expect("a photo id")
        .to_owned()
}

#[tokio::test]
async fn police_and_child_protection_register_found_children_held_in_their_district() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let shelter = app.staff(UserRole::ChildProtection, LAHORE).await;
    let region = app.staff(UserRole::RegionalPolice, "PB-div-lahore").await;

    let by_shelter = shelter
        .gql(&app, REGISTER, json!({ "input": found_input(LAHORE) }))
        .await;
    let record = &by_shelter.data()["registerFoundChild"];
    assert_eq!(record["districtId"], LAHORE);
    assert_eq!(record["institutionPhone"], "+923335550101");
    assert_eq!(record["registeredByRole"], "CHILD_PROTECTION");
    let by_police = police
        .gql(&app, REGISTER, json!({ "input": found_input(LAHORE) }))
        .await;
    assert!(by_police.is_ok(), "{by_police:?}");
    let by_region = region
        .gql(&app, REGISTER, json!({ "input": found_input(KASUR) }))
        .await;
    assert!(by_region.is_ok(), "{by_region:?}");

    // Not in another district, not for other roles.
    let kasur_shelter = app.staff(UserRole::ChildProtection, KASUR).await;
    let elsewhere = kasur_shelter
        .gql(&app, REGISTER, json!({ "input": found_input(LAHORE) }))
        .await;
    assert_eq!(elsewhere.code(), "FORBIDDEN");
    for role in [
        app.citizen("+923001112233").await,
        app.staff(UserRole::Ministry, "").await,
        app.staff(UserRole::ProvincialOversight, "PB").await,
        app.staff(UserRole::FacilitationOfficer, LAHORE).await,
    ] {
        let refused = role
            .gql(&app, REGISTER, json!({ "input": found_input(LAHORE) }))
            .await;
        assert_eq!(refused.code(), "FORBIDDEN", "{:?}", role.role);
    }
    let anonymous = app
        .anonymous(REGISTER, json!({ "input": found_input(LAHORE) }))
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn bad_found_child_input_gets_a_field_error_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let shelter = app.staff(UserRole::ChildProtection, LAHORE).await;
    for (field, value, expected) in [
        ("approxAgeYears", json!(19), "input.approxAgeYears"),
        ("institutionPhone", json!("12"), "input.institutionPhone"),
        ("foundAt", json!("2099-01-01T00:00:00Z"), "input.foundAt"),
        ("districtId", json!("PB-atlantis"), "input.districtId"),
        ("description", json!("  "), "input.description"),
    ] {
        let mut input = found_input(LAHORE);
        input[field] = value;
        let refused = shelter.gql(&app, REGISTER, json!({ "input": input })).await;
        assert_eq!(
            (refused.code(), refused.field()),
            ("BAD_USER_INPUT", expected)
        );
    }
    let listed = shelter.gql(&app, LIST, json!({})).await;
    assert_eq!(listed.data()["foundChildren"], json!([]));
}

#[tokio::test]
async fn a_found_child_is_seen_in_its_district_and_above_and_nowhere_else() {
    let app = TestApp::spawn().await;
    let shelter = app.staff(UserRole::ChildProtection, LAHORE).await;
    let id = register_found(&app, &shelter, LAHORE).await;

    for viewer in [
        shelter.clone(),
        app.staff(UserRole::ChildProtection, LAHORE).await,
        app.staff(UserRole::DistrictPolice, LAHORE).await,
        app.staff(UserRole::RegionalPolice, "PB-div-lahore").await,
        app.staff(UserRole::ProvincialOversight, "PB").await,
        app.staff(UserRole::Ministry, "").await,
    ] {
        let read = viewer.gql(&app, READ, json!({ "id": id })).await;
        assert_eq!(
            read.data()["foundChild"]["currentPlace"],
            "Edhi Home, Bilal Ganj",
            "{:?}",
            viewer.role
        );
        let listed = viewer.gql(&app, LIST, json!({})).await;
        assert_eq!(listed.data()["foundChildren"][0]["id"], id.as_str());
    }
    for outsider in [
        app.staff(UserRole::ChildProtection, KASUR).await,
        app.staff(UserRole::DistrictPolice, KASUR).await,
        app.staff(UserRole::RegionalPolice, "PB-div-rawalpindi")
            .await,
        app.staff(UserRole::ProvincialOversight, "SD").await,
        app.citizen("+923001112233").await,
        app.staff(UserRole::FacilitationOfficer, LAHORE).await,
    ] {
        let read = outsider.gql(&app, READ, json!({ "id": id })).await;
        assert_eq!(read.code(), "NOT_FOUND", "{:?}", outsider.role);
        let listed = outsider.gql(&app, LIST, json!({})).await;
        assert_eq!(listed.data()["foundChildren"], json!([]));
    }
    assert_eq!(
        app.anonymous(READ, json!({ "id": id })).await.code(),
        "UNAUTHENTICATED"
    );

    // Each read is audited.
    let reads = entities::audit_log::Entity::find()
        .filter(entities::audit_log::Column::Action.eq("found_child.read"))
        .all(&app.state.db)
        .await
        .expect("the audit log");
    assert_eq!(reads.len(), 6);
}

#[tokio::test]
async fn photos_of_a_found_child_are_added_by_its_district_and_queued_for_the_worker() {
    let app = TestApp::spawn().await;
    let shelter = app.staff(UserRole::ChildProtection, LAHORE).await;
    let id = register_found(&app, &shelter, LAHORE).await;
    let photo = zainab_tests::photos::jpeg(640, 480, 3);

    let added = shelter
        .upload(
            &app,
            ADD_PHOTO,
            json!({ "id": id, "photo": null }),
            vec![File::new("variables.photo", "a.jpg", photo.clone())],
        )
        .await;
    assert_eq!(added.data()["addFoundChildPhoto"]["faceStatus"], "PENDING");
    let again = shelter
        .upload(
            &app,
            ADD_PHOTO,
            json!({ "id": id, "photo": null }),
            vec![File::new("variables.photo", "a.jpg", photo.clone())],
        )
        .await;
    assert_eq!(again.code(), "CONFLICT");
    let broken = shelter
        .upload(
            &app,
            ADD_PHOTO,
            json!({ "id": id, "photo": null }),
            vec![File::new(
                "variables.photo",
                "b.jpg",
                zainab_tests::photos::truncated_jpeg(),
            )],
        )
        .await;
    assert_eq!(broken.reason(), "CORRUPT_IMAGE");

    for (user, code) in [
        (
            app.staff(UserRole::ChildProtection, KASUR).await,
            "NOT_FOUND",
        ),
        (app.staff(UserRole::Ministry, "").await, "FORBIDDEN"),
        (app.citizen("+923001112233").await, "NOT_FOUND"),
    ] {
        let refused = user
            .upload(
                &app,
                ADD_PHOTO,
                json!({ "id": id, "photo": null }),
                vec![File::new(
                    "variables.photo",
                    "c.jpg",
                    zainab_tests::photos::jpeg(640, 480, 4),
                )],
            )
            .await;
        assert_eq!(refused.code(), code, "{:?}", user.role);
    }
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    add_found_photo(&app, &police, &id, zainab_tests::photos::jpeg(640, 480, 5)).await;

    let jobs = entities::face_job::Entity::find()
        .all(&app.state.db)
        .await
        .expect("jobs");
    assert_eq!(jobs.len(), 2);
    assert!(jobs.iter().all(|j| j.side == entities::FaceSide::Found));
    let link = shelter
        .gql(
            &app,
            "query($id: ID!) { foundChild(id: $id) { photos { link { url } } } }",
            json!({ "id": id }),
        )
        .await;
    let url = link.data()["foundChild"]["photos"][0]["link"]["url"]
        .as_str()
        .expect("a link")
        .to_owned();
    let (status, _) = crate::photos::fetch(&app, &crate::photos::local(&app, &url)).await;
    assert_eq!(status, 200);
}
