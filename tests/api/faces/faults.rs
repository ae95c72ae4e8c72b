//! What goes wrong: a worker dies holding a photo, a stored image is
//! broken, two workers run at once.

use chrono::Duration;
use entities::{FaceStatus, UserRole};
use zainab_api::{
    faces::{jobs, worker},
    photos::{self, Variant},
};
use zainab_tests::TestApp;

use super::*;

const LAHORE: &str = "PB-lahore";

#[tokio::test]
async fn a_photo_held_by_a_worker_that_died_is_taken_over_once_its_lease_expires() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let case = app.report(&citizen, LAHORE).await;
    let photo_id = add(&app, &citizen, &case.id, photo("obama.jpg")).await;

    // A worker claims the photo, then is killed before it records anything.
    let lease = Duration::from_std(app.state.config.face_lease).expect("a lease");
    let held = jobs::claim(&app.state.db, "killed-worker", app.state.clock.now(), lease)
        .await
        .expect("a claim")
        .expect("the queued photo");
    assert_eq!(held.photo_id.to_string(), photo_id);

    // While the lease runs nobody else takes it.
    let engine = engine();
    let other = worker::owner_name();
    assert!(
        !worker::step(&app.state, &engine, &other)
            .await
            .expect("a step")
    );

    app.advance(lease + Duration::seconds(1));
    assert!(
        worker::step(&app.state, &engine, &other)
            .await
            .expect("a step")
    );
    let job = finished(&app, &photo_id).await;
    assert_eq!((job.status, job.attempts), (FaceStatus::OneFace, 2));
    assert_eq!(job.lease_owner.as_deref(), Some(other.as_str()));

    // The dead worker's late answer, if it ever came, changes nothing.
    let late = jobs::finish(
        &app.state.db,
        job.id,
        "killed-worker",
        FaceStatus::NoFace,
        0,
        app.state.clock.now(),
    )
    .await
    .expect("an update");
    assert!(!late);
    assert_eq!(finished(&app, &photo_id).await.status, FaceStatus::OneFace);
}

#[tokio::test]
async fn a_broken_image_is_tried_a_few_times_then_given_up_with_its_reason() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let case = app.report(&citizen, LAHORE).await;
    let photo_id = add(&app, &citizen, &case.id, photo("obama.jpg")).await;
    // The stored display form is damaged after the upload checked it.
    let key = photos::variant_key(photo_id.parse().expect("a uuid"), Variant::Display);
    app.state
        .store
        .put(
            &key,
            b"\xff\xd8\xff\xe0 not a jpeg any more".to_vec(),
            "image/jpeg",
        )
        .await
        .expect("a write");

    let engine = engine();
    let owner = worker::owner_name();
    let tries = app.state.config.face_max_attempts;
    for _ in 0..tries {
        assert!(
            worker::step(&app.state, &engine, &owner)
                .await
                .expect("a step")
        );
        // Nothing is due until the back-off has passed.
        assert!(
            !worker::step(&app.state, &engine, &owner)
                .await
                .expect("a step")
        );
        app.advance(Duration::hours(1));
    }
    assert!(
        !worker::step(&app.state, &engine, &owner)
            .await
            .expect("a step")
    );

    let job = finished(&app, &photo_id).await;
    assert_eq!(job.status, FaceStatus::Failed);
    assert_eq!(job.attempts, i32::try_from(tries).expect("a count"));
    let reason = job.last_error.expect("a reason");
    assert!(reason.contains("cannot be decoded"), "{reason}");
    // Signed in after the hours that passed.
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    assert_eq!(statuses(&app, &police, &case.id).await, ["FAILED"]);
}

#[tokio::test]
async fn two_workers_at_once_analyse_each_photo_exactly_once() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let case = app.report(&citizen, LAHORE).await;
    let other = app.report(&citizen, LAHORE).await;
    let mut ids = Vec::new();
    for (case_id, name) in [
        (&case.id, "obama.jpg"),
        (&case.id, "biden.jpg"),
        (&other.id, "obama2.jpg"),
        (&other.id, "obama.jpg"),
    ] {
        ids.push(add(&app, &citizen, case_id, photo(name)).await);
    }

    let (_first, _second) = (start_worker(&app), start_worker(&app));
    let mut owners = std::collections::HashSet::new();
    for id in &ids {
        let job = finished(&app, id).await;
        assert_eq!((job.status, job.attempts), (FaceStatus::OneFace, 1), "{id}");
        owners.insert(job.lease_owner.expect("an owner"));
    }
    assert!(!owners.is_empty() && owners.len() <= 2);
}
