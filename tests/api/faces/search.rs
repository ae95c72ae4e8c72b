//! Police search the missing by a photo: nearest first, only their scope,
//! audited; nobody else may.

use entities::{UserRole, audit_log};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use zainab_tests::{File, GqlResponse, TestApp, TestUser, photos};

use super::*;

const LAHORE: &str = "PB-lahore";

const SEARCH: &str = "mutation($photo: Upload!) {
    searchFacesByPhoto(photo: $photo, limit: 5) {
        case { id } photoId distance likelySamePerson
    }
}";

async fn search(app: &TestApp, user: &TestUser, bytes: Vec<u8>) -> GqlResponse {
    user.upload(
        app,
        SEARCH,
        json!({ "photo": null }),
        vec![File::new("variables.photo", "child.jpg", bytes)],
    )
    .await
}

/// A case with one photo, analysed.
async fn case_with(app: &TestApp, reporter: &TestUser, district: &str, name: &str) -> String {
    let case = app.report(reporter, district).await;
    let photo_id = add(app, reporter, &case.id, photo(name)).await;
    let _worker = start_worker(app);
    finished(app, &photo_id).await;
    case.id
}

#[tokio::test]
async fn police_find_a_missing_child_by_another_photo_of_them_and_the_search_is_audited() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let obama = case_with(&app, &citizen, LAHORE, "obama.jpg").await;
    let biden = case_with(&app, &citizen, LAHORE, "biden.jpg").await;

    let answer = search(&app, &police, photo("obama2.jpg")).await;
    let found = answer.data()["searchFacesByPhoto"]
        .as_array()
        .expect("candidates")
        .clone();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0]["case"]["id"], obama.as_str());
    assert_eq!(found[0]["likelySamePerson"], true);
    assert!(found[0]["distance"].as_f64().expect("a distance") < 0.6);
    assert_eq!(found[1]["case"]["id"], biden.as_str());
    assert_eq!(found[1]["likelySamePerson"], false);

    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("faces.search"))
        .all(&app.state.db)
        .await
        .expect("audit entries");
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].actor_role, "district_police");
}

#[tokio::test]
async fn a_district_officer_never_gets_another_districts_children() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    case_with(&app, &citizen, "SD-karachi-south", "obama.jpg").await;
    let lahore = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let karachi = app
        .staff(UserRole::DistrictPolice, "SD-karachi-south")
        .await;

    let answer = search(&app, &lahore, photo("obama2.jpg")).await;
    assert_eq!(answer.data()["searchFacesByPhoto"], json!([]));
    let answer = search(&app, &karachi, photo("obama2.jpg")).await;
    assert_eq!(
        answer.data()["searchFacesByPhoto"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn citizens_oversight_and_administrators_may_not_search_by_photo() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let oversight = app.staff(UserRole::ProvincialOversight, "PB").await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    for user in [&citizen, &oversight, &admin] {
        let refused = search(&app, user, photo("obama2.jpg")).await;
        assert_eq!(refused.code(), "FORBIDDEN");
    }
}

#[tokio::test]
async fn a_search_photo_without_one_clear_face_is_refused_with_the_reason() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let refused = search(&app, &police, photos::jpeg(640, 480, 3)).await;
    assert_eq!(refused.reason(), "NO_FACE");
    let refused = search(&app, &police, b"not an image".to_vec()).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
}
