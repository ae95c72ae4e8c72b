//! Links to private photos on the local store: signed by the API, short-
//! lived, for those who may see the case, each one audited.

use chrono::Duration;
use entities::UserRole;
use zainab_tests::{TestApp, photos};

use super::*;

const LAHORE: &str = "PB-lahore";

#[tokio::test]
async fn a_tampered_or_expired_link_is_refused() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923002223344").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let case = app.report(&citizen, LAHORE).await;
    assert!(
        add_photo(&app, &citizen, &case.id, photos::jpeg(200, 150, 1))
            .await
            .is_ok()
    );
    let url = local(
        &app,
        &url_of(&link(&app, &police, &case.id, "DISPLAY").await),
    );
    assert_eq!(fetch(&app, &url).await.0, 200);

    let (path, query) = url.split_once('?').expect("a query");
    let mut forged = Vec::new();
    // Another variant of the same photo with the display link's signature.
    forged.push(format!("{}?{query}", path.replace("/display", "/original")));
    // A later expiry.
    let expires: i64 = query
        .split('&')
        .find_map(|p| p.strip_prefix("expires="))
        .and_then(|v| v.parse().ok())
        .expect("an expiry");
    forged.push(url.replace(
        &format!("expires={expires}"),
        &format!("expires={}", expires + 86_400),
    ));
    // One character of the signature.
    let last = url.chars().last().expect("a signature");
    let flipped = if last == '0' { '1' } else { '0' };
    forged.push(format!("{}{flipped}", &url[..url.len() - 1]));
    forged.push(path.to_owned());
    for url in forged {
        let response = app.http().get(&url).send().await.expect("an answer");
        let status = response.status().as_u16();
        let body: serde_json::Value = response.json().await.expect("a JSON refusal");
        assert!(matches!(status, 403 | 404), "{url} got {status}");
        if status == 403 {
            assert_eq!(body["code"], "BAD_SIGNATURE", "{url}");
        }
    }

    app.advance(Duration::minutes(6));
    let response = app.http().get(&url).send().await.expect("an answer");
    assert_eq!(response.status().as_u16(), 403);
    let body: serde_json::Value = response.json().await.expect("a JSON refusal");
    assert_eq!(body["code"], "LINK_EXPIRED");
}

#[tokio::test]
async fn links_go_to_those_who_see_the_case_and_originals_to_its_police() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("+923002223345").await;
    let case = app.report(&citizen, LAHORE).await;
    assert!(
        add_photo(&app, &citizen, &case.id, photos::jpeg(200, 150, 2))
            .await
            .is_ok()
    );
    let may_see = [
        app.staff(UserRole::DistrictPolice, LAHORE).await,
        app.staff(UserRole::RegionalPolice, "PB-div-lahore").await,
        app.staff(UserRole::ProvincialOversight, "PB").await,
        app.staff(UserRole::Ministry, "").await,
    ];
    for user in &may_see {
        let display = link(&app, user, &case.id, "DISPLAY").await;
        assert_eq!(
            fetch(&app, &local(&app, &url_of(&display))).await.0,
            200,
            "{:?}",
            user.role
        );
    }
    assert!(link(&app, &citizen, &case.id, "THUMBNAIL").await.is_ok());

    // The original carries the camera's metadata: police only.
    for user in [&citizen, &may_see[2], &may_see[3]] {
        let refused = link(&app, user, &case.id, "ORIGINAL").await;
        assert_eq!(refused.code(), "FORBIDDEN", "{:?}", user.role);
    }
    for user in &may_see[..2] {
        assert!(link(&app, user, &case.id, "ORIGINAL").await.is_ok());
    }

    // Outside the scope the case, and so its photos, are not there.
    for user in [
        app.staff(UserRole::DistrictPolice, "PB-kasur").await,
        app.staff(UserRole::ProvincialOversight, "SD").await,
        app.citizen("+923002223346").await,
    ] {
        let refused = link(&app, &user, &case.id, "DISPLAY").await;
        assert_eq!(refused.code(), "NOT_FOUND", "{:?}", user.role);
    }
    let anonymous = app
        .anonymous(LINK, json!({ "id": case.id, "variant": "DISPLAY" }))
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    // Four displays, one thumbnail, two originals; refusals issue nothing.
    let issued = audited(&app, "photo.link").await;
    assert_eq!(issued.len(), 7);
    assert!(
        issued
            .iter()
            .all(|entry| entry.case_id.map(|id| id.to_string()) == Some(case.id.clone()))
    );
}
