//! Reports by SMS through a real Kannel: incoming messages come from a fake
//! SMS centre, Kannel's `sms-service` hands them to `/sms/inbound`, and the
//! answers go back through the outbox and arrive at the fake SMS centre.
//! The queue of drafts, completing and discarding them, and who may.

use std::time::Duration;

use entities::{SmsMessageKind, UserRole, audit_log, sms_draft, sms_message};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use zainab_tests::{
    INBOUND_SECRET, TestApp,
    kannel::{Coding, Kannel, Received},
    users::case_input,
};

use crate::alerts::LAHORE;

const RAWALPINDI: &str = "PB-rawalpindi";
const SHORT_CODE: &str = "8181";
const ARRIVAL: Duration = Duration::from_secs(10);

const DRAFTS: &str = "query($status: SmsDraftStatus! = OPEN, $districtId: String) {
  smsDrafts(status: $status, districtId: $districtId) {
    id reference status phone language districtId childName childAgeYears childSex
    place seenWhen unknownFields districtCandidates caseId discardReason
  }
}";
const DRAFT: &str = "query($id: ID!) {
  smsDraft(id: $id) { id reference status districtId childName caseId messages { kind text } }
}";
const COMPLETE: &str = "mutation($id: ID!, $input: ReportCaseInput!) {
  completeSmsDraft(id: $id, input: $input) { trackingCode case { id caseNumber channel district { id } } }
}";
const DISCARD: &str = "mutation($id: ID!, $reason: String!) {
  discardSmsDraft(id: $id, reason: $reason) { id status discardReason }
}";

/// A server and a Kannel whose `sms-service` calls it.
async fn sms_app() -> (TestApp, Kannel) {
    let listener = TestApp::reserve().await;
    let url = TestApp::inbound_url(listener.local_addr().expect("an address"));
    let kannel = Kannel::start_with_inbound(&url).await;
    let app = TestApp::builder()
        .on(listener)
        .with_kannel(&kannel)
        .spawn()
        .await;
    (app, kannel)
}

/// The messages that reached `phone`, once `count` of them have.
async fn replies_to(kannel: &Kannel, phone: &str, count: usize) -> Vec<Received> {
    let deadline = std::time::Instant::now() + ARRIVAL;
    loop {
        let to: Vec<Received> = kannel
            .received()
            .into_iter()
            .filter(|sms| sms.receiver == phone)
            .collect();
        if to.len() >= count || std::time::Instant::now() > deadline {
            return to;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn drafts(app: &TestApp) -> Vec<sms_draft::Model> {
    sms_draft::Entity::find()
        .all(&app.state.db)
        .await
        .expect("the drafts")
}

async fn messages(app: &TestApp) -> Vec<sms_message::Model> {
    sms_message::Entity::find()
        .all(&app.state.db)
        .await
        .expect("the messages")
}

/// Calls `/sms/inbound` as Kannel would, with `params` besides the key.
async fn inbound(app: &TestApp, key: Option<&str>, params: &[(&str, &str)]) -> u16 {
    let mut query: Vec<(&str, &str)> = params.to_vec();
    if let Some(key) = key {
        query.push(("key", key));
    }
    app.http()
        .get(app.url("/sms/inbound"))
        .query(&query)
        .send()
        .await
        .expect("the inbound endpoint answers")
        .status()
        .as_u16()
}

fn reference_in(text: &str) -> String {
    let at = text.find("SMS-").expect("a reference in the reply");
    text[at..at + 10].to_owned()
}

#[tokio::test]
async fn an_english_sms_opens_a_draft_in_its_district_and_the_reply_carries_the_reference() {
    let (app, kannel) = sms_app().await;
    let phone = "+923001110001";

    kannel
        .send_incoming(
            phone,
            SHORT_CODE,
            "Mera beta Ali 8 saal Rawalpindi Saddar se lapata",
        )
        .await;

    let replies = replies_to(&kannel, phone, 1).await;
    assert_eq!(replies.len(), 1, "{replies:?}{}", kannel.log_tail(30));
    assert_eq!(replies[0].coding, Coding::Text);
    assert!(
        replies[0].text.starts_with("ZAINAB ALERT: report received"),
        "{}",
        replies[0].text
    );
    let reference = reference_in(&replies[0].text);
    let drafts = drafts(&app).await;
    assert_eq!(drafts.len(), 1);
    let draft = &drafts[0];
    assert_eq!(draft.reference, reference);
    assert_eq!(draft.district_id.as_deref(), Some(RAWALPINDI));
    assert_eq!(draft.child_name.as_deref(), Some("Ali"));
    assert_eq!(draft.child_age_years, Some(8));
    assert_eq!(draft.place.as_deref(), Some("Rawalpindi Saddar"));
    assert_eq!(draft.phone, phone);
    let kept = messages(&app).await;
    assert_eq!(
        kept[0].text,
        "Mera beta Ali 8 saal Rawalpindi Saddar se lapata"
    );
    assert_eq!(kept[0].draft_id, Some(draft.id));
}

#[tokio::test]
async fn an_urdu_sms_opens_a_draft_and_is_answered_in_urdu_as_ucs2() {
    let (app, kannel) = sms_app().await;
    let phone = "+923001110002";

    kannel
        .send_incoming(phone, SHORT_CODE, "علی عمر 8 سال راولپنڈی سے لاپتہ")
        .await;

    let replies = replies_to(&kannel, phone, 1).await;
    assert_eq!(replies.len(), 1, "{replies:?}{}", kannel.log_tail(30));
    assert_eq!(replies[0].coding, Coding::Ucs2);
    assert!(
        replies[0].text.starts_with("زینب الرٹ"),
        "{}",
        replies[0].text
    );
    let reference = reference_in(&replies[0].text);
    let draft = &drafts(&app).await[0];
    assert_eq!(draft.reference, reference);
    assert_eq!(draft.district_id.as_deref(), Some(RAWALPINDI));
    assert_eq!(draft.child_name.as_deref(), Some("علی"));
    assert_eq!(draft.language, entities::Language::Urdu);
    assert_eq!(
        messages(&app).await[0].text,
        "علی عمر 8 سال راولپنڈی سے لاپتہ"
    );
}

#[tokio::test]
async fn an_unknown_place_goes_to_the_national_queue_and_a_follow_up_attaches_and_routes_it() {
    let (app, kannel) = sms_app().await;
    let phone = "+923001110003";
    let officer = app.staff(UserRole::FacilitationOfficer, LAHORE).await;

    kannel
        .send_incoming(phone, SHORT_CODE, "Mera beta Ali 8 saal Chak 45 se lapata")
        .await;
    replies_to(&kannel, phone, 1).await;
    let told = crate::alerts::notifications(&app, &officer).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["kind"], "sms_draft");
    assert!(told[0]["body"].as_str().unwrap().contains("national queue"));
    assert!(
        !told[0]["body"].as_str().unwrap().contains("Ali"),
        "no personal data"
    );
    let queue = officer.gql(&app, DRAFTS, json!({})).await;
    let listed = &queue.data()["smsDrafts"];
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["districtId"], Value::Null);
    assert!(
        listed[0]["unknownFields"]
            .as_array()
            .unwrap()
            .contains(&json!("district"))
    );

    kannel
        .send_incoming(phone, SHORT_CODE, "Chak 45 Lahore mein hai, kal shaam")
        .await;

    let replies = replies_to(&kannel, phone, 2).await;
    assert_eq!(replies.len(), 2, "{replies:?}");
    assert!(
        replies[1].text.contains("added to your report"),
        "{}",
        replies[1].text
    );
    let all = drafts(&app).await;
    assert_eq!(all.len(), 1, "a follow-up opens no second draft");
    assert_eq!(all[0].district_id.as_deref(), Some(LAHORE));
    assert_eq!(all[0].seen_when.as_deref(), Some("yesterday evening"));
    assert_eq!(
        all[0].child_name.as_deref(),
        Some("Ali"),
        "what it had stays"
    );
    let id = all[0].id.to_string();
    let draft = officer.gql(&app, DRAFT, json!({ "id": id })).await;
    let kinds: Vec<&str> = draft.data()["smsDraft"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["REPORT", "FOLLOW_UP"]);
}

#[tokio::test]
async fn a_message_kannel_sends_again_is_acknowledged_without_a_second_draft() {
    let (app, kannel) = sms_app().await;
    let phone = "+923001110004";
    let text = "Missing: Ayesha, 6, Lahore";
    kannel.send_incoming(phone, SHORT_CODE, text).await;
    replies_to(&kannel, phone, 1).await;
    let first = messages(&app).await;
    assert_eq!(first.len(), 1);

    // smsbox resends a message whose answer it did not get: same id.
    let status = inbound(
        &app,
        Some(INBOUND_SECRET),
        &[
            ("id", &first[0].gateway_id),
            ("from", phone),
            ("coding", "0"),
            ("text", text),
        ],
    )
    .await;

    assert_eq!(status, 200);
    assert_eq!(messages(&app).await.len(), 1);
    assert_eq!(drafts(&app).await.len(), 1);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        replies_to(&kannel, phone, 2).await.len(),
        1,
        "no second answer"
    );
}

#[tokio::test]
async fn a_flood_from_one_number_is_refused_beyond_the_limit() {
    let (app, kannel) = sms_app().await;
    let phone = "+923001110005";
    // The test configuration allows five a minute; the clock stands still.
    for n in 1..=7 {
        kannel
            .send_incoming(
                phone,
                SHORT_CODE,
                &format!("beta Ali 8 saal Lahore message {n}"),
            )
            .await;
    }
    let others = "+923001110006";
    kannel
        .send_incoming(others, SHORT_CODE, "beti Sana 5 saal Multan")
        .await;

    assert_eq!(
        replies_to(&kannel, others, 1).await.len(),
        1,
        "other numbers go on"
    );
    let replies = replies_to(&kannel, phone, 5).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(replies_to(&kannel, phone, 6).await.len(), 5, "{replies:?}");
    let kept = messages(&app).await;
    let limited: Vec<_> = kept
        .iter()
        .filter(|m| m.kind == SmsMessageKind::RateLimited)
        .collect();
    assert_eq!(limited.len(), 2);
    assert!(
        limited
            .iter()
            .all(|m| m.text.is_empty() && m.draft_id.is_none())
    );
    assert_eq!(drafts(&app).await.len(), 2);
}

#[tokio::test]
async fn status_by_sms_returns_the_status_and_a_wrong_code_gets_the_same_answer_as_no_case() {
    let (app, kannel) = sms_app().await;
    let citizen = app.citizen("0300 1112233").await;
    let case = app.report(&citizen, LAHORE).await;
    let phone = "+923001110007";

    kannel
        .send_incoming(
            phone,
            SHORT_CODE,
            &format!("STATUS {} {}", case.number, case.tracking_code),
        )
        .await;
    kannel
        .send_incoming(
            phone,
            SHORT_CODE,
            &format!("status {} ABCD-EFGH", case.number),
        )
        .await;
    kannel
        .send_incoming(
            phone,
            SHORT_CODE,
            &format!("STATUS ZA-2026-999999 {}", case.tracking_code),
        )
        .await;
    // Two wrong guesses count twice each: this number is at its limit now.
    let urdu = "+923001110017";
    kannel
        .send_incoming(
            urdu,
            SHORT_CODE,
            &format!("حالت {} {}", case.number, case.tracking_code),
        )
        .await;
    kannel
        .send_incoming(
            phone,
            SHORT_CODE,
            &format!("STATUS {} {}", case.number, case.tracking_code),
        )
        .await;

    let mut replies = replies_to(&kannel, phone, 3).await;
    assert_eq!(replies.len(), 3, "{replies:?}");
    replies.extend(replies_to(&kannel, urdu, 1).await);
    assert_eq!(replies.len(), 4, "{replies:?}");
    let texts: Vec<&str> = replies.iter().map(|r| r.text.as_str()).collect();
    let right = texts
        .iter()
        .find(|t| t.starts_with(&format!("ZAINAB ALERT {}", case.number)));
    assert_eq!(
        right.copied(),
        Some(
            format!(
                "ZAINAB ALERT {}: reported, waiting for the police to take charge.",
                case.number
            )
            .as_str()
        )
    );
    let unknown: Vec<&&str> = texts
        .iter()
        .filter(|t| t.contains("no case matches"))
        .collect();
    assert_eq!(unknown.len(), 2, "{texts:?}");
    assert_eq!(unknown[0], unknown[1]);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with(&format!("زینب الرٹ {}", case.number)) && t.contains("درج"))
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        replies_to(&kannel, phone, 4).await.len(),
        3,
        "guessing is rate limited"
    );
    assert!(
        drafts(&app).await.is_empty(),
        "a status request opens no draft"
    );
    let kept = messages(&app).await;
    assert!(
        kept.iter().all(|m| !m.text.contains(&case.tracking_code)),
        "codes are never stored"
    );
    let tracked = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("case.track"))
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        tracked, 4,
        "every lookup is audited, the limited one is not made"
    );
}

#[tokio::test]
async fn kannel_without_the_right_secret_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let params = [
        ("id", "abc-1"),
        ("from", "+923001110008"),
        ("text", "beta Ali 8 Lahore"),
    ];

    assert_eq!(inbound(&app, None, &params).await, 401);
    assert_eq!(
        inbound(&app, Some("kannel-inbound-test-secreT"), &params).await,
        401
    );
    assert_eq!(inbound(&app, Some(""), &params).await, 401);
    assert!(messages(&app).await.is_empty());
    assert_eq!(inbound(&app, Some(INBOUND_SECRET), &params).await, 200);
    assert_eq!(messages(&app).await.len(), 1);

    let closed = TestApp::builder()
        .configure(|config| config.sms_inbound_secret = None)
        .spawn()
        .await;
    assert_eq!(inbound(&closed, Some(INBOUND_SECRET), &params).await, 404);
}

#[tokio::test]
async fn malformed_oversized_and_hostile_messages_are_refused_or_kept_as_plain_text() {
    let app = TestApp::spawn().await;
    let key = Some(INBOUND_SECRET);
    let long = "a".repeat(1601);
    for (params, expected) in [
        (vec![("from", "+923001110009"), ("text", "x")], 400),
        (
            vec![("id", "a b"), ("from", "+923001110009"), ("text", "x")],
            400,
        ),
        (vec![("id", "m-1"), ("text", "x")], 400),
        (
            vec![("id", "m-1"), ("from", "sender; rm -rf /"), ("text", "x")],
            400,
        ),
        (
            vec![
                ("id", "m-1"),
                ("from", "+923001110009"),
                ("text", "\u{1}\u{2}"),
            ],
            400,
        ),
        (
            vec![
                ("id", "m-1"),
                ("from", "+923001110009"),
                ("coding", "7"),
                ("text", "x"),
            ],
            400,
        ),
        (
            vec![
                ("id", "m-1"),
                ("from", "+923001110009"),
                ("text", long.as_str()),
            ],
            413,
        ),
    ] {
        assert_eq!(inbound(&app, key, &params).await, expected, "{params:?}");
    }
    assert!(messages(&app).await.is_empty());

    let hostile = "Ali 8 Lahore'); DROP TABLE cases; -- <script>alert(1)</script>\u{7}\u{202E}";
    let status = inbound(
        &app,
        key,
        &[("id", "m-2"), ("from", "+923001110009"), ("text", hostile)],
    )
    .await;
    assert_eq!(status, 200);
    let kept = messages(&app).await;
    assert_eq!(
        kept[0].text,
        "Ali 8 Lahore'); DROP TABLE cases; -- <script>alert(1)</script>"
    );
    let cases = entities::case::Entity::find().count(&app.state.db).await;
    assert_eq!(
        cases.ok(),
        Some(0),
        "the cases table is there and untouched"
    );
}

#[tokio::test]
async fn a_facilitation_officer_completes_a_draft_into_a_case_with_alerts() {
    let (app, kannel) = sms_app().await;
    let phone = "+923001110010";
    let officer = app.staff(UserRole::FacilitationOfficer, RAWALPINDI).await;
    let police = app.staff(UserRole::DistrictPolice, RAWALPINDI).await;
    kannel
        .send_incoming(
            phone,
            SHORT_CODE,
            "Mera beta Ali 8 saal Rawalpindi Saddar se lapata",
        )
        .await;
    replies_to(&kannel, phone, 1).await;
    let queue = officer.gql(&app, DRAFTS, json!({})).await;
    let id = queue.data()["smsDrafts"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut input = case_input(RAWALPINDI);
    input["child"]["name"] = json!("Ali Raza");
    input["child"]["sex"] = json!("MALE");
    input["child"]["ageYears"] = json!(8);
    input["child"]["bFormNumber"] = Value::Null;
    input["reporter"]["phone"] = json!("0300 1110010");
    input["reporter"]["language"] = json!("ENGLISH");
    let filed = officer
        .gql(&app, COMPLETE, json!({ "id": id, "input": input }))
        .await;

    let filed = &filed.data()["completeSmsDraft"];
    let number = filed["case"]["caseNumber"].as_str().unwrap();
    assert_eq!(filed["case"]["channel"], "SMS");
    assert_eq!(filed["case"]["district"]["id"], RAWALPINDI);
    let tracking = filed["trackingCode"].as_str().unwrap();
    let receipt = replies_to(&kannel, phone, 2).await;
    assert!(
        receipt.iter().any(|r| r.text.contains(tracking)),
        "{receipt:?}"
    );
    let police_phone = police.phone.as_deref().unwrap();
    let alert = replies_to(&kannel, police_phone, 1).await;
    assert!(
        alert[0]
            .text
            .starts_with(&format!("ZAINAB ALERT {number}: Ali, 8")),
        "{alert:?}"
    );
    let draft = officer.gql(&app, DRAFT, json!({ "id": id })).await;
    assert_eq!(draft.data()["smsDraft"]["status"], "COMPLETED");
    assert_eq!(draft.data()["smsDraft"]["caseId"], filed["case"]["id"]);

    let again = officer
        .gql(&app, COMPLETE, json!({ "id": id, "input": input }))
        .await;
    assert_eq!(again.code(), "CONFLICT");
    let open = officer.gql(&app, DRAFTS, json!({})).await;
    assert_eq!(open.data()["smsDrafts"], json!([]));
    for action in [
        "sms_draft.create",
        "sms_draft.list",
        "sms_draft.read",
        "case.create",
    ] {
        let count = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq(action))
            .count(&app.state.db)
            .await
            .unwrap();
        assert!(count >= 1, "{action} is audited");
    }
}

/// A draft for `district` made without Kannel: as its `sms-service` calls.
async fn draft_in(app: &TestApp, id: &str, text: &str, phone: &str) -> String {
    let status = inbound(
        app,
        Some(INBOUND_SECRET),
        &[("id", id), ("from", phone), ("text", text)],
    )
    .await;
    assert_eq!(status, 200);
    let reference = drafts(app)
        .await
        .into_iter()
        .find(|d| d.phone == phone)
        .expect("the draft");
    reference.id.to_string()
}

#[tokio::test]
async fn each_role_sees_and_handles_only_the_drafts_it_may() {
    let app = TestApp::spawn().await;
    let lahore = draft_in(
        &app,
        "r-1",
        "beta Ali 8 saal Lahore se lapata",
        "+923001110011",
    )
    .await;
    let national = draft_in(
        &app,
        "r-2",
        "beta Ali 8 saal Chak 45 se lapata",
        "+923001110012",
    )
    .await;
    let pindi = draft_in(&app, "r-3", "beti Sana 6 saal Rawalpindi", "+923001110013").await;

    let officer = app.staff(UserRole::FacilitationOfficer, LAHORE).await;
    let seen = officer.gql(&app, DRAFTS, json!({})).await;
    let ids: Vec<&str> = seen.data()["smsDrafts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [lahore.as_str(), national.as_str()]);
    assert_eq!(
        officer
            .gql(&app, DRAFT, json!({ "id": pindi }))
            .await
            .code(),
        "NOT_FOUND"
    );

    let told = crate::alerts::notifications(&app, &officer).await;
    assert!(
        told.is_empty(),
        "drafts before the officer came on are not announced"
    );
    draft_in(&app, "r-4", "beti Hina 6 saal Multan", "+923001110014").await;
    draft_in(&app, "r-5", "beti Hina 6 saal Lahore", "+923001110015").await;
    let told = crate::alerts::notifications(&app, &officer).await;
    assert_eq!(
        told.len(),
        1,
        "only the draft of the officer's district: {told:?}"
    );

    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let seen = police.gql(&app, DRAFTS, json!({})).await;
    let districts: Vec<&str> = seen.data()["smsDrafts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["districtId"].as_str().unwrap_or("national"))
        .collect();
    assert_eq!(
        districts,
        [LAHORE, LAHORE],
        "their district only, not the national queue"
    );
    assert_eq!(seen.data()["smsDrafts"][0]["id"], lahore.as_str());
    let refused = police
        .gql(
            &app,
            COMPLETE,
            json!({ "id": lahore, "input": case_input(LAHORE) }),
        )
        .await;
    assert_eq!(refused.code(), "FORBIDDEN");
    let refused = police
        .gql(&app, DISCARD, json!({ "id": lahore, "reason": "a prank" }))
        .await;
    assert_eq!(refused.code(), "FORBIDDEN");

    for (role, jurisdiction) in [
        (UserRole::Citizen, ""),
        (UserRole::RegionalPolice, "PB-div-lahore"),
        (UserRole::Ministry, ""),
        (UserRole::SystemAdmin, ""),
    ] {
        let user = if role == UserRole::Citizen {
            app.citizen("0300 1119999").await
        } else {
            app.staff(role, jurisdiction).await
        };
        let refused = user.gql(&app, DRAFTS, json!({})).await;
        assert_eq!(refused.code(), "FORBIDDEN", "{role:?}");
        let refused = user
            .gql(&app, DISCARD, json!({ "id": lahore, "reason": "a prank" }))
            .await;
        assert_eq!(refused.code(), "FORBIDDEN", "{role:?}");
    }
    let anonymous = app.anonymous(DRAFTS, json!({})).await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");

    let short = officer
        .gql(&app, DISCARD, json!({ "id": national, "reason": "x" }))
        .await;
    assert_eq!((short.code(), short.field()), ("BAD_USER_INPUT", "reason"));
    let discarded = officer
        .gql(
            &app,
            DISCARD,
            json!({ "id": national, "reason": "a test message" }),
        )
        .await;
    assert_eq!(discarded.data()["discardSmsDraft"]["status"], "DISCARDED");
    let twice = officer
        .gql(
            &app,
            DISCARD,
            json!({ "id": national, "reason": "a test message" }),
        )
        .await;
    assert_eq!(twice.code(), "CONFLICT");
    let other = officer
        .gql(&app, DISCARD, json!({ "id": pindi, "reason": "not mine" }))
        .await;
    assert_eq!(other.code(), "NOT_FOUND");
    let gone = officer
        .gql(&app, DRAFTS, json!({ "status": "DISCARDED" }))
        .await;
    assert_eq!(
        gone.data()["smsDrafts"][0]["discardReason"],
        "a test message"
    );
}

#[tokio::test]
async fn a_short_inbound_secret_stops_the_server_from_starting() {
    let app = TestApp::spawn().await;
    let mut config = app.state.config.clone();
    config.auto_migrate = false;
    config.sms_inbound_secret = Some("short".to_owned().into());
    let clock = zainab_api::clock::ManualClock::starting_at(zainab_tests::start_time());
    let refused = zainab_api::prepare(config, std::sync::Arc::new(clock)).await;
    let err = refused.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("ZA_SMS_INBOUND_SECRET"), "{err}");
}

#[tokio::test]
async fn the_database_holds_one_open_draft_per_sender() {
    let app = TestApp::spawn().await;
    let phone = "+923001110016";
    let id = draft_in(&app, "o-1", "beta Ali 8 saal Lahore", phone).await;
    let open = sms_draft::Entity::find_by_id(uuid::Uuid::parse_str(&id).unwrap())
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let second = sms_draft::ActiveModel {
        id: sea_orm::ActiveValue::Set(uuid::Uuid::now_v7()),
        reference: sea_orm::ActiveValue::Set("SMS-TWICE2".to_owned()),
        ..sea_orm::IntoActiveModel::into_active_model(open.clone())
    };
    let refused = sms_draft::Entity::insert(second.clone())
        .exec_without_returning(&app.state.db)
        .await;
    assert!(refused.is_err(), "a second open draft for the same sender");

    let officer = app.staff(UserRole::FacilitationOfficer, LAHORE).await;
    let done = officer
        .gql(
            &app,
            DISCARD,
            json!({ "id": id, "reason": "a test message" }),
        )
        .await;
    assert_eq!(done.data()["discardSmsDraft"]["status"], "DISCARDED");
    let next = sms_draft::Entity::insert(second)
        .exec_without_returning(&app.state.db)
        .await;
    assert!(
        next.is_ok(),
        "a new draft once the first is closed: {next:?}"
    );
}
