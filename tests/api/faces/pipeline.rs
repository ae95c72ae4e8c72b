//! Case photos become faces: the worker analyses each new photo and the
//! photo's status says what it found.

use std::io::Cursor;

use entities::{FaceStatus, UserRole, face};
use image::{GenericImage, RgbImage, imageops};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use zainab_api::faces::model;
use zainab_tests::{TestApp, photos};

use super::*;

const LAHORE: &str = "PB-lahore";

#[tokio::test]
async fn a_case_photo_with_one_face_gets_its_embedding_and_says_so() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    let photo_id = add(&app, &citizen, &case.id, photo("obama.jpg")).await;
    assert_eq!(statuses(&app, &police, &case.id).await, ["PENDING"]);

    let _worker = start_worker(&app);
    let job = finished(&app, &photo_id).await;
    assert_eq!(
        (job.status, job.faces, job.attempts),
        (FaceStatus::OneFace, Some(1), 1)
    );
    assert_eq!(statuses(&app, &police, &case.id).await, ["ONE_FACE"]);
    assert_eq!(statuses(&app, &citizen, &case.id).await, ["ONE_FACE"]);

    let faces = face::Entity::find()
        .filter(face::Column::PhotoId.eq(job.photo_id))
        .all(&app.state.db)
        .await
        .expect("faces");
    assert_eq!(faces.len(), 1);
    assert!(model::decode(&faces[0].embedding).is_some());
    assert!(faces[0].box_right - faces[0].box_left >= 80);
}

#[tokio::test]
async fn a_photo_without_a_face_says_no_face() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let case = app.report(&citizen, LAHORE).await;
    let photo_id = add(&app, &citizen, &case.id, photos::jpeg(640, 480, 7)).await;

    let _worker = start_worker(&app);
    let job = finished(&app, &photo_id).await;
    assert_eq!((job.status, job.faces), (FaceStatus::NoFace, Some(0)));
    assert_eq!(statuses(&app, &citizen, &case.id).await, ["NO_FACE"]);
}

#[tokio::test]
async fn a_photo_of_two_people_keeps_both_faces_and_asks_which() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let case = app.report(&citizen, LAHORE).await;
    let photo_id = add(
        &app,
        &citizen,
        &case.id,
        side_by_side("obama.jpg", "biden.jpg"),
    )
    .await;

    let _worker = start_worker(&app);
    let job = finished(&app, &photo_id).await;
    assert_eq!((job.status, job.faces), (FaceStatus::SeveralFaces, Some(2)));
    let faces = face::Entity::find()
        .filter(face::Column::PhotoId.eq(job.photo_id))
        .all(&app.state.db)
        .await
        .expect("faces");
    assert_eq!(faces.len(), 2);
    assert_eq!(statuses(&app, &citizen, &case.id).await, ["SEVERAL_FACES"]);
}

#[tokio::test]
async fn faces_under_the_minimum_size_are_counted_but_too_small_to_compare() {
    let app = TestApp::builder()
        .configure(|c| c.face_min_size = 1500)
        .spawn()
        .await;
    let citizen = app.citizen("+923001112233").await;
    let case = app.report(&citizen, LAHORE).await;
    let photo_id = add(&app, &citizen, &case.id, photo("obama2.jpg")).await;

    let _worker = start_worker(&app);
    let job = finished(&app, &photo_id).await;
    assert_eq!((job.status, job.faces), (FaceStatus::FaceTooSmall, Some(1)));
    let faces = face::Entity::find()
        .filter(face::Column::PhotoId.eq(job.photo_id))
        .all(&app.state.db)
        .await
        .expect("faces");
    assert!(faces.is_empty(), "a face too small was kept");
}

#[tokio::test]
async fn removing_a_photo_removes_its_faces_and_job() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let case = app.report(&citizen, LAHORE).await;
    let photo_id = add(&app, &citizen, &case.id, photo("obama.jpg")).await;
    let _worker = start_worker(&app);
    finished(&app, &photo_id).await;

    let removed = citizen
        .gql(
            &app,
            "mutation($id: ID!) { removeCasePhoto(photoId: $id) }",
            json!({ "id": photo_id }),
        )
        .await;
    removed.data();
    let left = face::Entity::find()
        .all(&app.state.db)
        .await
        .expect("faces");
    assert!(left.is_empty());
    let jobs = face_job::Entity::find()
        .all(&app.state.db)
        .await
        .expect("jobs");
    assert!(jobs.is_empty());
}

/// Two test photos scaled to one height and put next to each other.
pub fn side_by_side(left: &str, right: &str) -> Vec<u8> {
    let height = 700;
    let load = |name: &str| {
        let image = image::load_from_memory(&photo(name))
            .expect("a photo")
            .to_rgb8();
        let width = image.width() * height / image.height();
        imageops::resize(&image, width, height, imageops::FilterType::Triangle)
    };
    let (a, b) = (load(left), load(right));
    let mut both = RgbImage::new(a.width() + b.width(), height);
    both.copy_from(&a, 0, 0).expect("room for the left one");
    both.copy_from(&b, a.width(), 0)
        .expect("room for the right one");
    let mut out = Cursor::new(Vec::new());
    both.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("a JPEG");
    out.into_inner()
}
