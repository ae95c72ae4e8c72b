//! Match leads with the real model on real photos: a found child's or a
//! sighting's photo of one person becomes a lead on that person's case and
//! on no other; police confirm, reject or are unsure, and what follows.

use chrono::Utc;
use entities::{FaceSide, FaceStatus, UserRole, audit_log, face_job, outbox};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use zainab_tests::{File, TestApp, TestUser, users::Filed};

use super::{
    found::{KASUR, LAHORE, add_found_photo, register_found},
    pipeline::side_by_side,
    *,
};

const LEADS: &str = "query($filter: LeadFilter) {
    matchLeads(filter: $filter) {
        id status otherSide distance caseNumber sightingId
        case { id } foundChild { id }
    }
}";
const DECIDE: &str = "mutation($id: ID!, $decision: Decision!) {
    decideMatchLead(leadId: $id, decision: $decision) { id status decidedAt }
}";
const CASE_LEADS: &str = "query($id: ID!) {
    case(id: $id) { matchLeads { id } foundChildren { id } timeline { kind } }
}";
const PHOTOS: &str = "query($id: ID!) {
    matchLeads(filter: { caseId: $id }) { casePhoto { url } otherPhoto { url } }
}";

async fn leads(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let answer = user.gql(app, LEADS, json!({ "filter": null })).await;
    answer.data()["matchLeads"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Two cases in Lahore, one with a photo of each of two men, analysed.
struct Setting {
    app: TestApp,
    police: TestUser,
    shelter: TestUser,
    reporter: TestUser,
    same: Filed,
    other: Filed,
    _worker: tokio::sync::watch::Sender<bool>,
}

async fn setting() -> Setting {
    let app = TestApp::spawn().await;
    let reporter = app.citizen("+923001112233").await;
    let second = app.citizen("+923001112244").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let shelter = app.staff(UserRole::ChildProtection, LAHORE).await;
    let same = app.report(&reporter, LAHORE).await;
    let other = app.report(&second, LAHORE).await;
    let a = add(&app, &reporter, &same.id, photo("obama.jpg")).await;
    let b = add(&app, &second, &other.id, photo("biden.jpg")).await;
    let worker = start_worker(&app);
    finished(&app, &a).await;
    finished(&app, &b).await;
    Setting {
        app,
        police,
        shelter,
        reporter,
        same,
        other,
        _worker: worker,
    }
}

/// A found child in Lahore with a photo of the first man; its id, once the
/// worker is done with the photo.
async fn found_same(s: &Setting) -> String {
    let id = register_found(&s.app, &s.shelter, LAHORE).await;
    let photo_id = add_found_photo(&s.app, &s.shelter, &id, photo("obama2.jpg")).await;
    finished(&s.app, &photo_id).await;
    id
}

fn one_lead(leads: &[Value]) -> &Value {
    assert_eq!(leads.len(), 1, "{leads:?}");
    &leads[0]
}

#[tokio::test]
async fn a_found_childs_photo_becomes_a_lead_on_the_same_childs_case_and_no_other() {
    let s = setting().await;
    let found = found_same(&s).await;
    let app = &s.app;

    let seen = leads(app, &s.police).await;
    let lead = one_lead(&seen);
    assert_eq!(lead["caseNumber"], s.same.number.as_str());
    assert_eq!(lead["case"]["id"], s.same.id.as_str());
    assert_eq!(lead["foundChild"]["id"], found.as_str());
    assert_eq!(
        (lead["otherSide"].as_str(), lead["status"].as_str()),
        (Some("FOUND"), Some("OPEN"))
    );
    assert!(lead["distance"].as_f64().expect("a distance") < 0.6);

    let on_other = s
        .police
        .gql(app, CASE_LEADS, json!({ "id": s.other.id }))
        .await;
    assert_eq!(on_other.data()["case"]["matchLeads"], json!([]));
    let on_same = s
        .police
        .gql(app, CASE_LEADS, json!({ "id": s.same.id }))
        .await;
    let kinds = on_same.data()["case"]["timeline"].to_string();
    assert!(kinds.contains("MATCH_PROPOSED"), "{kinds}");

    // The police see both photos side by side.
    let photos = s.police.gql(app, PHOTOS, json!({ "id": s.same.id })).await;
    for side in ["casePhoto", "otherPhoto"] {
        let url = photos.data()["matchLeads"][0][side]["url"]
            .as_str()
            .expect("a link")
            .to_owned();
        let (status, _) = crate::photos::fetch(app, &crate::photos::local(app, &url)).await;
        assert_eq!(status, 200, "{side}");
    }

    // The shelter sees the lead on its child, not the missing child's case.
    let theirs = leads(app, &s.shelter).await;
    assert_eq!(one_lead(&theirs)["caseNumber"], s.same.number.as_str());
    assert_eq!(theirs[0]["case"], Value::Null);
    let refused = s.shelter.gql(app, PHOTOS, json!({ "id": s.same.id })).await;
    assert_eq!(refused.code(), "FORBIDDEN");

    // Oversight above the case sees it; outsiders and the reporter do not.
    for viewer in [
        app.staff(UserRole::RegionalPolice, "PB-div-lahore").await,
        app.staff(UserRole::ProvincialOversight, "PB").await,
        app.staff(UserRole::Ministry, "").await,
    ] {
        assert_eq!(leads(app, &viewer).await.len(), 1, "{:?}", viewer.role);
    }
    for outsider in [
        app.staff(UserRole::DistrictPolice, KASUR).await,
        app.staff(UserRole::ChildProtection, KASUR).await,
        s.reporter.clone(),
    ] {
        assert!(
            leads(app, &outsider).await.is_empty(),
            "{:?}",
            outsider.role
        );
    }
    let reporter_view = s
        .reporter
        .gql(app, CASE_LEADS, json!({ "id": s.same.id }))
        .await;
    assert_eq!(reporter_view.data()["case"]["matchLeads"], json!([]));
    assert!(
        !reporter_view.data()["case"]["timeline"]
            .to_string()
            .contains("MATCH")
    );

    // The district's police are told.
    let told = sms_to(
        app,
        s.police.phone.as_deref().expect("a phone"),
        "match_proposed",
    )
    .await;
    assert_eq!(told, 1);
}

#[tokio::test]
async fn a_new_lead_reaches_the_live_feed_of_the_cases_district() {
    let s = setting().await;
    let app = &s.app;
    let mut live = app.live(Some(&s.police.token)).await;
    live.subscribe(
        "1",
        zainab_tests::live::live_ops::SCOPE_FEED,
        json!({ "after": app.last_event_id().await }),
    )
    .await;
    found_same(&s).await;

    let event = &live.data("1").await["scopeFeed"];
    assert_eq!(event["kind"], "MATCH_PROPOSED");
    assert_eq!(event["caseNumber"], s.same.number.as_str());
    live.close().await;
}

#[tokio::test]
async fn removing_the_case_photo_of_an_open_lead_withdraws_the_lead() {
    let s = setting().await;
    let app = &s.app;
    found_same(&s).await;
    let photo_id = s
        .police
        .gql(
            app,
            "query($id: ID!) { case(id: $id) { photos { id } } }",
            json!({ "id": s.same.id }),
        )
        .await
        .data()["case"]["photos"][0]["id"]
        .as_str()
        .expect("a photo")
        .to_owned();
    assert_eq!(leads(app, &s.police).await.len(), 1);

    let removed = s
        .reporter
        .gql(
            app,
            "mutation($id: ID!) { removeCasePhoto(photoId: $id) }",
            json!({ "id": photo_id }),
        )
        .await;
    assert!(removed.is_ok(), "{removed:?}");
    assert!(leads(app, &s.police).await.is_empty());
}

#[tokio::test]
async fn a_new_case_photo_is_compared_with_the_found_children_already_registered() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let shelter = app.staff(UserRole::ChildProtection, LAHORE).await;
    let _worker = start_worker(&app);
    let found = register_found(&app, &shelter, LAHORE).await;
    let found_photo = add_found_photo(&app, &shelter, &found, photo("obama2.jpg")).await;
    finished(&app, &found_photo).await;
    assert!(leads(&app, &police).await.is_empty());

    let reporter = app.citizen("+923001112233").await;
    let other = app.citizen("+923001112244").await;
    let case = app.report(&reporter, LAHORE).await;
    let unrelated = app.report(&other, LAHORE).await;
    let unrelated_photo = add(&app, &other, &unrelated.id, photo("biden.jpg")).await;
    finished(&app, &unrelated_photo).await;
    assert!(leads(&app, &police).await.is_empty());
    let photo_id = add(&app, &reporter, &case.id, photo("obama.jpg")).await;
    finished(&app, &photo_id).await;

    let seen = leads(&app, &police).await;
    assert_eq!(one_lead(&seen)["caseNumber"], case.number.as_str());
    assert_eq!(seen[0]["foundChild"]["id"], found.as_str());
}

#[tokio::test]
async fn a_closed_case_is_not_proposed_for_a_found_child() {
    let s = setting().await;
    let app = &s.app;
    let closed = s
        .police
        .gql(
            app,
            "mutation($id: ID!) { closeCase(caseId: $id, reason: WITHDRAWN, note: \"Back home\") { status } }",
            json!({ "id": s.same.id }),
        )
        .await;
    assert_eq!(closed.data()["closeCase"]["status"], "CLOSED");
    found_same(&s).await;
    assert!(leads(app, &s.police).await.is_empty());
}

#[tokio::test]
async fn a_rejected_pair_is_never_proposed_again_even_when_analysed_again() {
    let s = setting().await;
    let app = &s.app;
    let found = found_same(&s).await;
    let lead = one_lead(&leads(app, &s.police).await)["id"]
        .as_str()
        .expect("an id")
        .to_owned();

    let rejected = s
        .police
        .gql(app, DECIDE, json!({ "id": lead, "decision": "REJECT" }))
        .await;
    assert_eq!(rejected.data()["decideMatchLead"]["status"], "REJECTED");
    let again = s
        .police
        .gql(app, DECIDE, json!({ "id": lead, "decision": "CONFIRM" }))
        .await;
    assert_eq!((again.code(), again.reason()), ("CONFLICT", "LEAD_DECIDED"));

    // The found child's photo analysed again, and another photo of him.
    let job = face_job::Entity::find()
        .filter(face_job::Column::Side.eq(FaceSide::Found))
        .one(&app.state.db)
        .await
        .expect("the job")
        .expect("a job");
    let photo_id = job.photo_id.to_string();
    let mut again: face_job::ActiveModel = job.into();
    again.status = Set(FaceStatus::Pending);
    again.attempts = Set(0);
    again.next_attempt_at = Set(Utc::now() - chrono::Duration::days(3650));
    again.update(&app.state.db).await.expect("queued again");
    let second = add_found_photo(app, &s.shelter, &found, photo("obama.jpg")).await;
    let redone = finished(app, &photo_id).await;
    assert_eq!(redone.attempts, 1);
    finished(app, &second).await;

    let seen = leads(app, &s.police).await;
    assert_eq!(one_lead(&seen)["status"], "REJECTED");
}

#[tokio::test]
async fn confirming_a_match_links_the_records_and_tells_the_reporter_the_police_and_the_institution()
 {
    let s = setting().await;
    let app = &s.app;
    let found = found_same(&s).await;
    let lead = one_lead(&leads(app, &s.police).await)["id"]
        .as_str()
        .expect("an id")
        .to_owned();

    for (user, code) in [
        (s.shelter.clone(), "FORBIDDEN"),
        (app.staff(UserRole::Ministry, "").await, "FORBIDDEN"),
        (
            app.staff(UserRole::ProvincialOversight, "PB").await,
            "FORBIDDEN",
        ),
        (
            app.staff(UserRole::DistrictPolice, KASUR).await,
            "NOT_FOUND",
        ),
        (s.reporter.clone(), "NOT_FOUND"),
    ] {
        let refused = user
            .gql(app, DECIDE, json!({ "id": lead, "decision": "CONFIRM" }))
            .await;
        assert_eq!(refused.code(), code, "{:?}", user.role);
    }
    let anonymous = app
        .anonymous(DECIDE, json!({ "id": lead, "decision": "CONFIRM" }))
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");

    let region = app.staff(UserRole::RegionalPolice, "PB-div-lahore").await;
    let unsure = region
        .gql(app, DECIDE, json!({ "id": lead, "decision": "UNSURE" }))
        .await;
    assert_eq!(unsure.data()["decideMatchLead"]["status"], "UNSURE");
    let confirmed = s
        .police
        .gql(app, DECIDE, json!({ "id": lead, "decision": "CONFIRM" }))
        .await;
    assert_eq!(confirmed.data()["decideMatchLead"]["status"], "CONFIRMED");

    // Both records show the link.
    let record = s
        .shelter
        .gql(
            app,
            "query($id: ID!) { foundChild(id: $id) { linkedCaseNumber linkedAt } }",
            json!({ "id": found }),
        )
        .await;
    assert_eq!(
        record.data()["foundChild"]["linkedCaseNumber"],
        s.same.number.as_str()
    );
    let case = s
        .police
        .gql(app, CASE_LEADS, json!({ "id": s.same.id }))
        .await;
    assert_eq!(
        case.data()["case"]["foundChildren"][0]["id"],
        found.as_str()
    );
    let kinds = case.data()["case"]["timeline"].to_string();
    assert_eq!(kinds.matches("MATCH_DECIDED").count(), 2, "{kinds}");

    // The reporter, the district's police and the institution are told.
    let reporter = s
        .police
        .gql(
            app,
            "query($id: ID!) { case(id: $id) { reporter { phone } } }",
            json!({ "id": s.same.id }),
        )
        .await;
    let reporter_phone = reporter.data()["case"]["reporter"]["phone"]
        .as_str()
        .expect("the reporter's phone")
        .to_owned();
    assert_eq!(sms_to(app, &reporter_phone, "match_confirmed").await, 1);
    assert_eq!(sms_to(app, "+923335550101", "match_confirmed").await, 1);
    let police_phone = s.police.phone.as_deref().expect("a phone");
    assert_eq!(sms_to(app, police_phone, "match_confirmed").await, 1);
    let decisions = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("match.decide"))
        .all(&app.state.db)
        .await
        .expect("the audit log");
    assert_eq!(decisions.len(), 2);
}

#[tokio::test]
async fn a_sighting_photo_of_the_child_becomes_a_lead_for_the_police_of_the_case() {
    let s = setting().await;
    let app = &s.app;
    let published = s
        .police
        .gql(
            app,
            "mutation($id: ID!) { publishCase(caseId: $id) { id } }",
            json!({ "id": s.same.id }),
        )
        .await;
    assert!(published.is_ok(), "{published:?}");
    let sent = app
        .upload(
            None,
            "mutation($number: String!, $input: SightingInput!, $photo: Upload) {
                reportSighting(caseNumber: $number, input: $input, photo: $photo) { id }
            }",
            json!({
                "number": s.same.number,
                "input": {
                    "seenAt": "2026-06-15T06:30:00Z",
                    "place": "Bus stop on Ferozepur Road",
                    "districtId": LAHORE,
                    "description": "A boy with an older man, boarding a bus"
                },
                "photo": null
            }),
            vec![File::new(
                "variables.photo",
                "seen.jpg",
                photo("obama2.jpg"),
            )],
        )
        .await;
    let sighting = sent.data()["reportSighting"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let job = face_job::Entity::find()
        .filter(face_job::Column::Side.eq(FaceSide::Sighting))
        .one(&app.state.db)
        .await
        .expect("the job")
        .expect("a sighting photo queued");
    finished(app, &job.photo_id.to_string()).await;

    let seen = leads(app, &s.police).await;
    let lead = one_lead(&seen);
    assert_eq!(lead["otherSide"], "SIGHTING");
    assert_eq!(lead["sightingId"], sighting.as_str());
    assert_eq!(lead["caseNumber"], s.same.number.as_str());
    assert!(leads(app, &s.shelter).await.is_empty());
}

#[tokio::test]
async fn the_uploader_picks_the_childs_face_on_a_photo_of_several_and_only_it_is_compared() {
    let s = setting().await;
    let app = &s.app;
    let found = register_found(app, &s.shelter, LAHORE).await;
    let photo_id = add_found_photo(
        app,
        &s.shelter,
        &found,
        side_by_side("biden.jpg", "obama2.jpg"),
    )
    .await;
    let job = finished(app, &photo_id).await;
    assert_eq!(job.status, FaceStatus::SeveralFaces);
    assert!(
        leads(app, &s.police).await.is_empty(),
        "several faces compared"
    );

    let faces = s
        .shelter
        .gql(
            app,
            "query($id: ID!) { foundChild(id: $id) { photos { faceStatus faces { index left right } } } }",
            json!({ "id": found }),
        )
        .await;
    let photo = &faces.data()["foundChild"]["photos"][0];
    assert_eq!(photo["faceStatus"], "SEVERAL_FACES");
    let boxes = photo["faces"].as_array().expect("faces");
    assert_eq!(boxes.len(), 2);
    assert!(boxes[0]["right"].as_i64() <= boxes[1]["left"].as_i64());

    const CHOOSE: &str =
        "mutation($id: ID!, $index: Int!) { chooseFace(photoId: $id, faceIndex: $index) }";
    for (user, code) in [
        (
            app.staff(UserRole::ChildProtection, KASUR).await,
            "NOT_FOUND",
        ),
        (s.reporter.clone(), "NOT_FOUND"),
        (app.staff(UserRole::Ministry, "").await, "FORBIDDEN"),
    ] {
        let refused = user
            .gql(app, CHOOSE, json!({ "id": photo_id, "index": 1 }))
            .await;
        assert_eq!(refused.code(), code, "{:?}", user.role);
    }
    let out_of_range = s
        .shelter
        .gql(app, CHOOSE, json!({ "id": photo_id, "index": 2 }))
        .await;
    assert_eq!(
        (out_of_range.code(), out_of_range.field()),
        ("BAD_USER_INPUT", "faceIndex")
    );

    let chosen = s
        .shelter
        .gql(app, CHOOSE, json!({ "id": photo_id, "index": 1 }))
        .await;
    assert!(chosen.is_ok(), "{chosen:?}");
    let job = finished(app, &photo_id).await;
    assert_eq!(job.status, FaceStatus::OneFace);
    let seen = leads(app, &s.police).await;
    assert_eq!(one_lead(&seen)["caseNumber"], s.same.number.as_str());
    let again = s
        .shelter
        .gql(app, CHOOSE, json!({ "id": photo_id, "index": 0 }))
        .await;
    assert_eq!(
        (again.code(), again.reason()),
        ("CONFLICT", "NOT_SEVERAL_FACES")
    );
}

/// How many messages of `purpose` are queued for `phone`.
async fn sms_to(app: &TestApp, phone: &str, purpose: &str) -> usize {
    outbox::Entity::find()
        .filter(outbox::Column::ToPhone.eq(phone))
        .filter(outbox::Column::Purpose.eq(purpose))
        .all(&app.state.db)
        .await
        .expect("the outbox")
        .len()
}

#[tokio::test]
async fn two_workers_at_once_propose_each_pair_once_whichever_photo_comes_first() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let shelter = app.staff(UserRole::ChildProtection, LAHORE).await;
    let reporter = app.citizen("+923001112233").await;

    // Everything queued before any worker runs: the two sides of the pair
    // are analysed at the same time.
    let case = app.report(&reporter, LAHORE).await;
    let mut queued = vec![add(&app, &reporter, &case.id, photo("obama.jpg")).await];
    let found = register_found(&app, &shelter, LAHORE).await;
    queued.push(add_found_photo(&app, &shelter, &found, photo("obama2.jpg")).await);
    queued.push(add_found_photo(&app, &shelter, &found, photo("obama.jpg")).await);
    let _first = start_worker(&app);
    let _second = start_worker(&app);
    for photo_id in &queued {
        finished(&app, photo_id).await;
    }

    let seen = leads(&app, &police).await;
    assert_eq!(one_lead(&seen)["caseNumber"], case.number.as_str());
    let proposed = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("match.propose"))
        .all(&app.state.db)
        .await
        .expect("the audit log");
    assert_eq!(proposed.len(), 1);
}

#[tokio::test]
async fn the_reporter_picks_the_face_on_their_case_photo_and_others_may_not() {
    let app = TestApp::spawn().await;
    let reporter = app.citizen("+923001112233").await;
    let case = app.report(&reporter, LAHORE).await;
    let photo_id = add(
        &app,
        &reporter,
        &case.id,
        side_by_side("obama.jpg", "biden.jpg"),
    )
    .await;
    let _worker = start_worker(&app);
    assert_eq!(
        finished(&app, &photo_id).await.status,
        FaceStatus::SeveralFaces
    );

    const CHOOSE: &str =
        "mutation($id: ID!, $index: Int!) { chooseFace(photoId: $id, faceIndex: $index) }";
    for (user, code) in [
        (app.citizen("+923001112244").await, "NOT_FOUND"),
        (
            app.staff(UserRole::DistrictPolice, KASUR).await,
            "NOT_FOUND",
        ),
        (
            app.staff(UserRole::ChildProtection, LAHORE).await,
            "NOT_FOUND",
        ),
        (app.staff(UserRole::Ministry, "").await, "FORBIDDEN"),
    ] {
        let refused = user
            .gql(&app, CHOOSE, json!({ "id": photo_id, "index": 0 }))
            .await;
        assert_eq!(refused.code(), code, "{:?}", user.role);
    }
    let chosen = reporter
        .gql(&app, CHOOSE, json!({ "id": photo_id, "index": 0 }))
        .await;
    assert!(chosen.is_ok(), "{chosen:?}");
    assert_eq!(finished(&app, &photo_id).await.status, FaceStatus::OneFace);
    let photos = reporter
        .gql(
            &app,
            "query($id: ID!) { case(id: $id) { photos { faceStatus faces { index } } } }",
            json!({ "id": case.id }),
        )
        .await;
    let photo = &photos.data()["case"]["photos"][0];
    assert_eq!(photo["faceStatus"], "ONE_FACE");
    assert_eq!(photo["faces"], json!([{ "index": 0 }]));
}
