//! Faces: the real dlib model on real photos, the worker that turns case
//! photos into searchable faces with a status on each photo, and its
//! faults (a worker dying mid-job, broken images, two workers at once);
//! found children and the match leads between them, sightings and the
//! missing.
//!
//! The model files and the photos come from `scripts/install.sh`.

mod duplicates;
mod faults;
mod found;
mod johns;
mod leads;
mod model;
mod pipeline;
mod search;

use std::sync::OnceLock;

use entities::{FaceStatus, face_job};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use tokio::sync::watch;
use zainab_api::faces::{model::Engine, worker};
use zainab_tests::{TestApp, TestUser, face_model_dir};

use crate::photos::add_photo;

/// A photo from the install step's test set: `obama.jpg`, `obama2.jpg`
/// (the same man), `biden.jpg` (another) or `obama3.jpg` (several people).
pub fn photo(name: &str) -> Vec<u8> {
    let path = face_model_dir().join("test-photos").join(name);
    std::fs::read(&path).unwrap_or_else(|err| {
        panic!(
            "{}: {err}; run scripts/install.sh to fetch the test photos",
            path.display()
        )
    })
}

/// The model, loaded once for all tests (it takes a second or two).
pub fn engine() -> worker::SharedEngine {
    static ENGINE: OnceLock<worker::SharedEngine> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let engine =
                Engine::load(Some(&face_model_dir())).unwrap_or_else(|err| panic!("{err:#}"));
            std::sync::Arc::new(std::sync::Mutex::new(engine))
        })
        .clone()
}

/// A worker loop on the app's database and store, until the sender drops
/// or sends true.
pub fn start_worker(app: &TestApp) -> watch::Sender<bool> {
    let (stop, stopped) = watch::channel(false);
    tokio::spawn(worker::run(app.state.clone(), engine(), stopped));
    stop
}

/// Adds a photo to a case and gives its id.
pub async fn add(app: &TestApp, user: &TestUser, case_id: &str, bytes: Vec<u8>) -> String {
    let added = add_photo(app, user, case_id, bytes).await;
    added.data()["addCasePhoto"]["id"]
        .as_str()
        .expect("a photo id")
        .to_owned()
}

pub const FACE_STATUS: &str = "query($id: ID!) { case(id: $id) { photos { id faceStatus } } }";

/// The face status of each photo on a case, as the API shows it.
pub async fn statuses(app: &TestApp, user: &TestUser, case_id: &str) -> Vec<String> {
    let answer = user.gql(app, FACE_STATUS, json!({ "id": case_id })).await;
    answer.data()["case"]["photos"]
        .as_array()
        .expect("photos")
        .iter()
        .map(|p| p["faceStatus"].as_str().expect("a status").to_owned())
        .collect()
}

/// The job of a photo, once it is no longer pending. Waits longer than
/// `eventually`: tests share one model, one photo at a time.
pub async fn finished(app: &TestApp, photo_id: &str) -> face_job::Model {
    let id: uuid::Uuid = photo_id.parse().expect("a uuid");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(40);
    loop {
        let job = face_job::Entity::find()
            .filter(face_job::Column::PhotoId.eq(id))
            .one(&app.state.db)
            .await
            .expect("the job");
        match job {
            Some(job) if job.status != FaceStatus::Pending => return job,
            job => assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting for the face worker to finish the photo: {job:?}"
            ),
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
