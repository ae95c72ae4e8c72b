//! Photos: uploads through the GraphQL multipart request, the checks on
//! what is uploaded, both stores (the local folder and a real S3 server
//! that checks signatures), links and who gets them, and public versions.

mod bad_files;
mod links;
mod public;
mod store;
mod upload;

use entities::{audit_log, photo, storage_intent};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use zainab_tests::{File, GqlResponse, TestApp, TestUser};

pub const ADD_PHOTO: &str = "mutation($caseId: ID!, $photo: Upload!) {
    addCasePhoto(caseId: $caseId, photo: $photo) {
        id width height format originalBytes sha256 uploadedByRole
        locationSuggestion { lat lon }
    }
}";

pub const PHOTOS: &str = "query($id: ID!) {
    case(id: $id) { photos { id width height format sha256 locationSuggestion { lat lon } } }
}";

pub const LINK: &str = "query($id: ID!, $variant: PhotoVariant!) {
    case(id: $id) { photos { id link(variant: $variant) { url expiresAt } } }
}";

pub async fn add_photo(
    app: &TestApp,
    user: &TestUser,
    case_id: &str,
    bytes: Vec<u8>,
) -> GqlResponse {
    user.upload(
        app,
        ADD_PHOTO,
        json!({ "caseId": case_id, "photo": null }),
        vec![File::new("variables.photo", "photo.jpg", bytes)],
    )
    .await
}

pub async fn photos_of(app: &TestApp, user: &TestUser, case_id: &str) -> Vec<Value> {
    let response = user.gql(app, PHOTOS, json!({ "id": case_id })).await;
    response.data()["case"]["photos"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The link to the first photo of a case, as `user` asks for it.
pub async fn link(app: &TestApp, user: &TestUser, case_id: &str, variant: &str) -> GqlResponse {
    user.gql(app, LINK, json!({ "id": case_id, "variant": variant }))
        .await
}

pub fn url_of(response: &GqlResponse) -> String {
    response.data()["case"]["photos"][0]["link"]["url"]
        .as_str()
        .expect("a link")
        .to_owned()
}

/// Links the API signs name the public address; the test server listens elsewhere.
pub fn local(app: &TestApp, url: &str) -> String {
    let path = url
        .strip_prefix("https://zainab.test")
        .unwrap_or_else(|| panic!("a link on the public address: {url}"));
    app.url(path)
}

pub async fn fetch(app: &TestApp, url: &str) -> (u16, Vec<u8>) {
    let response = app.http().get(url).send().await.expect("an answer");
    let status = response.status().as_u16();
    (status, response.bytes().await.expect("a body").to_vec())
}

pub async fn photo_rows(app: &TestApp) -> u64 {
    photo::Entity::find()
        .count(&app.state.db)
        .await
        .expect("counting photos")
}

pub async fn intents(app: &TestApp) -> u64 {
    storage_intent::Entity::find()
        .count(&app.state.db)
        .await
        .expect("counting intents")
}

pub async fn audited(app: &TestApp, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .all(&app.state.db)
        .await
        .expect("reading the audit log")
}

/// Every file in the local store's folder.
pub fn local_objects(app: &TestApp) -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path.display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(&app.state.config.storage_dir, &mut out);
    out
}
