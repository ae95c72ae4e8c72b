//! Adding photos to cases and taking them off, and who may.

use entities::UserRole;
use serde_json::json;
use zainab_tests::{File, TestApp, photos, users::case_input};

use super::*;

const LAHORE: &str = "PB-lahore";

#[tokio::test]
async fn a_reporters_photo_is_stored_upright_without_metadata_and_its_gps_offered() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    // Taken with the phone on its side: stored 400 wide, seen 300 wide.
    let original = photos::jpeg_with_exif(400, 300, 1, 6, Some((31.5204, 74.3587)));

    let added = add_photo(&app, &citizen, &case.id, original.clone()).await;
    let photo = &added.data()["addCasePhoto"];
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(300), Some(400))
    );
    assert_eq!(photo["format"], "jpeg");
    assert_eq!(photo["uploadedByRole"], "CITIZEN");
    assert_eq!(photo["originalBytes"].as_u64(), Some(original.len() as u64));
    let lat = photo["locationSuggestion"]["lat"]
        .as_f64()
        .expect("a latitude");
    let lon = photo["locationSuggestion"]["lon"]
        .as_f64()
        .expect("a longitude");
    assert!((lat - 31.5204).abs() < 1e-3 && (lon - 74.3587).abs() < 1e-3);

    let listed = photos_of(&app, &police, &case.id).await;
    assert_eq!(listed.len(), 1);
    let (status, display) = fetch(
        &app,
        &local(
            &app,
            &url_of(&link(&app, &police, &case.id, "DISPLAY").await),
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(photos::dimensions(&display), (300, 400));
    assert!(
        !photos::has_exif(&display),
        "the display image kept its EXIF"
    );
    let (status, thumbnail) = fetch(
        &app,
        &local(
            &app,
            &url_of(&link(&app, &police, &case.id, "THUMBNAIL").await),
        ),
    )
    .await;
    assert_eq!(status, 200);
    let (w, h) = photos::dimensions(&thumbnail);
    assert!(w <= 320 && h <= 320, "thumbnail is {w}x{h}");

    // The original, metadata and all, is kept untouched for the police.
    let (status, kept) = fetch(
        &app,
        &local(
            &app,
            &url_of(&link(&app, &police, &case.id, "ORIGINAL").await),
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(kept, original);
    assert_eq!(audited(&app, "photo.add").await.len(), 1);
    assert_eq!(audited(&app, "photo.link").await.len(), 3);
}

#[tokio::test]
async fn png_and_webp_are_accepted_and_named_by_their_bytes() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112234").await;
    let case = app.report(&citizen, LAHORE).await;

    // Named .jpg, but a PNG: the bytes decide.
    let added = add_photo(&app, &citizen, &case.id, photos::png(120, 90, 2)).await;
    assert_eq!(added.data()["addCasePhoto"]["format"], "png");

    let mut webp = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        50,
        40,
        image::Rgb([9, 99, 199]),
    ))
    .write_to(
        &mut std::io::Cursor::new(&mut webp),
        image::ImageFormat::WebP,
    )
    .expect("a WebP");
    let added = add_photo(&app, &citizen, &case.id, webp).await;
    assert_eq!(added.data()["addCasePhoto"]["format"], "webp");
    assert_eq!(added.data()["addCasePhoto"]["width"], 50);
}

#[tokio::test]
async fn photos_sent_with_a_report_are_filed_with_it_or_not_at_all() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, LAHORE).await;
    let query = "mutation($input: ReportCaseInput!, $photos: [Upload!]) {
        reportCase(input: $input, photos: $photos) { case { id photos { id width } } trackingCode }
    }";
    let files = |second: Vec<u8>| {
        vec![
            File::new("variables.photos.0", "a.jpg", photos::jpeg(320, 240, 1)),
            File::new("variables.photos.1", "b.jpg", second),
        ]
    };

    let filed = officer
        .upload(
            &app,
            query,
            json!({ "input": case_input(LAHORE), "photos": [null, null] }),
            files(photos::jpeg(240, 320, 2)),
        )
        .await;
    let case = &filed.data()["reportCase"]["case"];
    assert_eq!(case["photos"].as_array().map(Vec::len), Some(2));
    assert_eq!(photo_rows(&app).await, 2);
    assert_eq!(local_objects(&app).len(), 8);

    // One bad file refuses the whole report: no case, nothing stored.
    let refused = officer
        .upload(
            &app,
            query,
            json!({ "input": case_input(LAHORE), "photos": [null, null] }),
            files(b"not a photo".to_vec()),
        )
        .await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    assert_eq!(refused.reason(), "NOT_AN_IMAGE");
    // A bad report refuses its good photos, and they are not kept either.
    let mut bad_report = case_input(LAHORE);
    bad_report["child"]["ageYears"] = json!(-3);
    let refused = officer
        .upload(
            &app,
            query,
            json!({ "input": bad_report, "photos": [null, null] }),
            files(photos::jpeg(200, 100, 3)),
        )
        .await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    assert_eq!(photo_rows(&app).await, 2);
    assert_eq!(local_objects(&app).len(), 8);
    assert_eq!(intents(&app).await, 0);
    let cases = officer
        .gql(&app, "{ cases(first: 10) { nodes { id } } }", json!({}))
        .await;
    assert_eq!(
        cases.data()["cases"]["nodes"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn the_same_photo_twice_on_one_case_is_refused_even_when_the_uploads_race() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112235").await;
    let case = app.report(&citizen, LAHORE).await;
    let other = app.report(&citizen, LAHORE).await;
    let bytes = photos::jpeg(500, 400, 4);

    let (first, second) = tokio::join!(
        add_photo(&app, &citizen, &case.id, bytes.clone()),
        add_photo(&app, &citizen, &case.id, bytes.clone()),
    );
    let refused: Vec<_> = [&first, &second]
        .into_iter()
        .filter(|r| !r.is_ok())
        .collect();
    assert_eq!(refused.len(), 1, "{first:?} {second:?}");
    assert_eq!(refused[0].code(), "CONFLICT");
    assert_eq!(refused[0].reason(), "DUPLICATE_PHOTO");
    assert_eq!(photo_rows(&app).await, 1);
    // The loser's objects were removed: one photo's worth is left.
    assert_eq!(local_objects(&app).len(), 4);
    assert_eq!(intents(&app).await, 0);

    // Another case may hold the same photo (two relatives, one picture).
    assert!(add_photo(&app, &citizen, &other.id, bytes).await.is_ok());
}

#[tokio::test]
async fn a_case_holds_at_most_the_configured_number_of_photos() {
    let app = TestApp::builder()
        .configure(|c| c.photos_per_case = 2)
        .spawn()
        .await;
    let citizen = app.citizen("+923001112236").await;
    let case = app.report(&citizen, LAHORE).await;
    for seed in 0..2 {
        assert!(
            add_photo(&app, &citizen, &case.id, photos::jpeg(64, 64, seed))
                .await
                .is_ok()
        );
    }

    let refused = add_photo(&app, &citizen, &case.id, photos::jpeg(64, 64, 9)).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    assert_eq!(refused.reason(), "TOO_MANY_PHOTOS");
    assert_eq!(photo_rows(&app).await, 2);
}

#[tokio::test]
async fn those_of_the_case_add_photos_and_no_one_else_does() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112237").await;
    let officer = app.staff(UserRole::FacilitationOfficer, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    let assisted = app.report(&officer, LAHORE).await;
    let mut seed = 0;
    let mut next = || {
        seed += 1;
        photos::jpeg(80, 60, seed)
    };

    for role in [UserRole::DistrictPolice, UserRole::RegionalPolice] {
        let jurisdiction = if role == UserRole::RegionalPolice {
            "PB-div-lahore"
        } else {
            LAHORE
        };
        let police = app.staff(role, jurisdiction).await;
        assert!(
            add_photo(&app, &police, &case.id, next()).await.is_ok(),
            "{role:?}"
        );
    }
    assert!(
        add_photo(&app, &officer, &assisted.id, next())
            .await
            .is_ok()
    );

    for (role, jurisdiction) in [
        (UserRole::ProvincialOversight, "PB"),
        (UserRole::Ministry, ""),
    ] {
        let watcher = app.staff(role, jurisdiction).await;
        let refused = add_photo(&app, &watcher, &case.id, next()).await;
        assert_eq!(refused.code(), "FORBIDDEN", "{role:?}");
    }
    // Outside their scope the case does not exist for them.
    let kasur = app.staff(UserRole::DistrictPolice, "PB-kasur").await;
    let stranger = app.citizen("+923001112238").await;
    assert_eq!(
        add_photo(&app, &kasur, &case.id, next()).await.code(),
        "NOT_FOUND"
    );
    assert_eq!(
        add_photo(&app, &stranger, &case.id, next()).await.code(),
        "NOT_FOUND"
    );
    assert_eq!(
        add_photo(&app, &officer, &case.id, next()).await.code(),
        "NOT_FOUND"
    );
    let anonymous = app
        .upload(
            None,
            ADD_PHOTO,
            json!({ "caseId": case.id, "photo": null }),
            vec![File::new("variables.photo", "p.jpg", next())],
        )
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    assert_eq!(photo_rows(&app).await, 3);
}

#[tokio::test]
async fn a_removed_photo_loses_its_objects_and_its_links() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112239").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let kasur = app.staff(UserRole::DistrictPolice, "PB-kasur").await;
    let case = app.report(&citizen, LAHORE).await;
    let remove = "mutation($id: ID!) { removeCasePhoto(photoId: $id) }";
    let by_police = add_photo(&app, &police, &case.id, photos::jpeg(90, 90, 1)).await;
    let police_photo = by_police.data()["addCasePhoto"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let url = local(
        &app,
        &url_of(&link(&app, &police, &case.id, "DISPLAY").await),
    );

    // The reporter may not take the police's photo off, nor may another district.
    let refused = citizen
        .gql(&app, remove, json!({ "id": police_photo }))
        .await;
    assert_eq!(refused.code(), "FORBIDDEN");
    let refused = kasur.gql(&app, remove, json!({ "id": police_photo })).await;
    assert_eq!(refused.code(), "NOT_FOUND");
    assert_eq!(fetch(&app, &url).await.0, 200);

    let removed = police
        .gql(&app, remove, json!({ "id": police_photo }))
        .await;
    assert_eq!(removed.data()["removeCasePhoto"], police_photo);
    assert_eq!(fetch(&app, &url).await.0, 404);
    assert!(local_objects(&app).is_empty());
    assert_eq!(intents(&app).await, 0);
    assert_eq!(audited(&app, "photo.remove").await.len(), 1);

    // The reporter may take off what they put on.
    let own = add_photo(&app, &citizen, &case.id, photos::jpeg(90, 90, 2)).await;
    let own = own.data()["addCasePhoto"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    assert!(
        citizen
            .gql(&app, remove, json!({ "id": own }))
            .await
            .is_ok()
    );
    assert_eq!(photo_rows(&app).await, 0);
}

#[tokio::test]
async fn a_closed_case_takes_no_more_photos() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923001112240").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    let recovered = "mutation($id: ID!) { markRecovered(caseId: $id) { status } }";
    assert!(
        police
            .gql(&app, recovered, json!({ "id": case.id }))
            .await
            .is_ok()
    );

    let refused = add_photo(&app, &police, &case.id, photos::jpeg(64, 64, 1)).await;
    assert_eq!(refused.code(), "CONFLICT");
    assert_eq!(refused.reason(), "CASE_CLOSED");
}
