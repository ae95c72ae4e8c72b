//! Alerts on the embedded `log` gateway: who hears of a filed case, the
//! receipt, the legal clocks and how a missed deadline climbs.

use chrono::Duration;
use entities::{Language, UserRole};
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser, eventually};

pub const LAHORE: &str = "PB-lahore";
pub const LAHORE_REGION: &str = "PB-div-lahore";
const REPORTER_PHONE: &str = "+923007654321";

pub const NOTIFICATIONS: &str = "query($unread: Boolean) {
    notifications(unreadOnly: $unread) { unreadCount nodes { id kind title body caseId read } }
}";
const INBOX: &str =
    "query { devSmsInbox(first: 100) { id to body purpose encoding segments status } }";
const DEADLINES: &str = "query($id: ID!) {
    case(id: $id) { deadlines { kind status dueAt escalatedTo settledAt policyVersion } }
}";
const ACKNOWLEDGE: &str = "mutation($id: ID!) { acknowledgeCase(caseId: $id) { status } }";

pub async fn notifications(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let response = user.gql(app, NOTIFICATIONS, json!({})).await;
    response.data()["notifications"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn of_kind<'a>(list: &'a [Value], kind: &str) -> Vec<&'a Value> {
    list.iter().filter(|n| n["kind"] == kind).collect()
}

/// The development inbox once it holds at least `count` messages.
async fn inbox(app: &TestApp, admin: &TestUser, count: usize) -> Vec<Value> {
    eventually("messages in the development inbox", || async {
        let response = admin.gql(app, INBOX, json!({})).await;
        let list = response.data()["devSmsInbox"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        (list.len() >= count).then_some(list)
    })
    .await
}

fn sent_to<'a>(inbox: &'a [Value], phone: &str) -> Vec<&'a Value> {
    inbox.iter().filter(|m| m["to"] == phone).collect()
}

async fn deadlines(app: &TestApp, user: &TestUser, case_id: &str) -> Vec<Value> {
    let response = user.gql(app, DEADLINES, json!({ "id": case_id })).await;
    response.data()["case"]["deadlines"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn deadline<'a>(list: &'a [Value], kind: &str) -> &'a Value {
    list.iter()
        .find(|d| d["kind"] == kind)
        .expect("a deadline of that kind")
}

/// Waits until `user` has `count` notifications of `kind`.
pub async fn notified(app: &TestApp, user: &TestUser, kind: &str, count: usize) -> Vec<Value> {
    eventually(&format!("{count} {kind} notifications"), || async {
        let list = notifications(app, user).await;
        let matching: Vec<Value> = of_kind(&list, kind).into_iter().cloned().collect();
        (matching.len() >= count).then_some(matching)
    })
    .await
}

#[tokio::test]
async fn filing_alerts_the_district_and_region_on_duty_and_sends_the_reporter_a_receipt() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let district = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let region = app.staff(UserRole::RegionalPolice, LAHORE_REGION).await;
    let citizen = app.citizen("0300 1112233").await;

    let case = app.report(&citizen, LAHORE).await;

    for officer in [&district, &region] {
        let list = notifications(&app, officer).await;
        let filed = of_kind(&list, "case_filed");
        assert_eq!(filed.len(), 1, "{list:?}");
        assert_eq!(filed[0]["caseId"], json!(case.id));
        assert_eq!(filed[0]["read"], json!(false));
        let body = filed[0]["body"].as_str().unwrap();
        assert!(body.contains(&case.number), "{body}");
        assert!(body.contains("Ayesha, 7"), "{body}");
        assert!(body.contains("Lahore"), "{body}");
        assert!(
            body.contains(&format!("https://zainab.test/cases/{}", case.number)),
            "{body}"
        );
    }

    let messages = inbox(&app, &admin, 3).await;
    for officer in [&district, &region] {
        let to_officer = sent_to(&messages, officer.phone.as_deref().unwrap());
        assert_eq!(to_officer.len(), 1, "{messages:?}");
        assert_eq!(to_officer[0]["purpose"], "case_filed");
        assert_eq!(to_officer[0]["encoding"], "gsm7");
        assert_eq!(to_officer[0]["status"], "SENT");
    }
    let receipt = sent_to(&messages, REPORTER_PHONE);
    assert_eq!(receipt.len(), 1, "{messages:?}");
    assert_eq!(receipt[0]["purpose"], "receipt");
    let body = receipt[0]["body"].as_str().unwrap();
    assert!(
        body.contains(&case.number) && body.contains(&case.tracking_code),
        "{body}"
    );
    // The reporter chose no language: Urdu, sent as UCS-2.
    assert!(body.contains("لاہور"), "{body}");
    assert_eq!(receipt[0]["encoding"], "ucs2");
    assert!(receipt[0]["segments"].as_i64().unwrap() >= 2);
}

#[tokio::test]
async fn officers_off_duty_or_of_other_districts_hear_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let on_duty = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let off_duty = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let karachi = app
        .staff(UserRole::DistrictPolice, "SD-karachi-south")
        .await;
    let province = app.staff(UserRole::ProvincialOversight, "PB").await;
    let citizen = app.citizen("0300 1112233").await;
    let set = "mutation($id: ID!) { setOnDuty(userId: $id, onDuty: false) { onDuty } }";
    let response = admin.gql(&app, set, json!({ "id": off_duty.id })).await;
    assert_eq!(response.data()["setOnDuty"]["onDuty"], json!(false));

    app.report(&citizen, LAHORE).await;

    assert_eq!(
        of_kind(&notifications(&app, &on_duty).await, "case_filed").len(),
        1
    );
    for quiet in [&off_duty, &karachi, &province] {
        assert!(
            notifications(&app, quiet).await.is_empty(),
            "{:?} was told",
            quiet.role
        );
    }
    let messages = inbox(&app, &admin, 2).await;
    for quiet in [&off_duty, &karachi, &province] {
        assert!(sent_to(&messages, quiet.phone.as_deref().unwrap()).is_empty());
    }
}

#[tokio::test]
async fn urdu_speaking_officers_and_duty_numbers_get_urdu_alerts_counted_as_ucs2() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let officer = app
        .staff_speaking(UserRole::DistrictPolice, LAHORE, Language::Urdu)
        .await;
    let add = "mutation($input: DutyContactInput!) { addDutyContact(input: $input) { id phone } }";
    let control_room = json!({
        "level": "DISTRICT", "jurisdictionId": LAHORE, "label": "Control room, DPO office Lahore",
        "phone": "0321-5550001", "language": "URDU"
    });
    let response = admin.gql(&app, add, json!({ "input": control_room })).await;
    assert_eq!(response.data()["addDutyContact"]["phone"], "+923215550001");
    let citizen = app.citizen("0300 1112233").await;

    let case = app.report(&citizen, LAHORE).await;

    let messages = inbox(&app, &admin, 3).await;
    for phone in [officer.phone.as_deref().unwrap(), "+923215550001"] {
        let sms = sent_to(&messages, phone);
        assert_eq!(sms.len(), 1, "{messages:?}");
        let body = sms[0]["body"].as_str().unwrap();
        assert!(
            body.contains("زینب الرٹ") && body.contains(&case.number),
            "{body}"
        );
        assert_eq!(sms[0]["encoding"], "ucs2");
        let units = body.encode_utf16().count() as i64;
        let expected = if units <= 70 { 1 } else { (units + 66) / 67 };
        assert_eq!(sms[0]["segments"].as_i64().unwrap(), expected);
    }
    let note = &of_kind(&notifications(&app, &officer).await, "case_filed")[0].clone();
    assert!(note["title"].as_str().unwrap().contains("نیا کیس"));
}

/// A server whose sessions outlast the hours these tests move the clock.
pub async fn long_sessions(background: bool) -> TestApp {
    TestApp::builder()
        .configure(move |config| {
            config.access_token_ttl = std::time::Duration::from_secs(7 * 86_400);
            config.background = background;
        })
        .spawn()
        .await
}

#[tokio::test]
async fn acknowledging_in_time_stops_the_climb() {
    let app = long_sessions(true).await;
    let district = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let region = app.staff(UserRole::RegionalPolice, LAHORE_REGION).await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let citizen = app.citizen("0300 1112233").await;
    let case = app.report(&citizen, LAHORE).await;

    let list = deadlines(&app, &district, &case.id).await;
    assert_eq!(list.len(), 4, "{list:?}");
    assert_eq!(deadline(&list, "ACKNOWLEDGE")["status"], "OPEN");
    app.advance(Duration::minutes(90));
    let response = district
        .gql(&app, ACKNOWLEDGE, json!({ "id": case.id }))
        .await;
    assert_eq!(response.data()["acknowledgeCase"]["status"], "ACKNOWLEDGED");

    app.advance(Duration::hours(3));
    // Give the clock several rounds to do what it should not.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let list = deadlines(&app, &district, &case.id).await;
    let ack = deadline(&list, "ACKNOWLEDGE");
    assert_eq!(ack["status"], "MET");
    assert!(ack["escalatedTo"].is_null());
    assert!(of_kind(&notifications(&app, &region).await, "escalated").is_empty());
    let breaches = "query { deadlineBreaches { nodes { id } } }";
    let response = ministry.gql(&app, breaches, json!({})).await;
    assert_eq!(response.data()["deadlineBreaches"]["nodes"], json!([]));
}

const BREACHES: &str = "query($filter: BreachFilter) {
    deadlineBreaches(filter: $filter) {
        nodes { caseId deadline dueAt metAt lateByMinutes escalatedTo district { id } responsibleOfficer { id } }
    }
}";

async fn breaches(app: &TestApp, user: &TestUser, filter: Value) -> Vec<Value> {
    let response = user.gql(app, BREACHES, json!({ "filter": filter })).await;
    response.data()["deadlineBreaches"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_case_left_alone_climbs_to_the_province_then_the_ministry() {
    let app = long_sessions(true).await;
    let district = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let region = app.staff(UserRole::RegionalPolice, LAHORE_REGION).await;
    let province = app.staff(UserRole::ProvincialOversight, "PB").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let citizen = app.citizen("0300 1112233").await;
    let case = app.report(&citizen, LAHORE).await;

    // Two hours and a minute: the district missed its duty to act.
    app.advance(Duration::minutes(121));
    let escalated = notified(&app, &region, "escalated", 1).await;
    assert!(
        escalated[0]["body"]
            .as_str()
            .unwrap()
            .contains("not acknowledged")
    );
    notified(&app, &district, "deadline_missed", 1).await;
    assert!(notifications(&app, &province).await.is_empty());
    let found = breaches(&app, &ministry, json!({})).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["deadline"], "ACKNOWLEDGE");
    assert_eq!(found[0]["district"]["id"], LAHORE);
    assert_eq!(found[0]["escalatedTo"], "REGION");
    assert!(found[0]["metAt"].is_null());
    assert!(
        found[0]["responsibleOfficer"].is_null(),
        "nobody had taken the case"
    );

    // An hour later the province hears of it, and an hour after that the ministry.
    app.advance(Duration::minutes(60));
    notified(&app, &province, "escalated", 1).await;
    assert!(of_kind(&notifications(&app, &ministry).await, "escalated").is_empty());
    app.advance(Duration::minutes(60));
    let top = notified(&app, &ministry, "escalated", 1).await;
    assert!(
        top[0]["body"]
            .as_str()
            .unwrap()
            .contains("Escalated to the ministry")
    );
    eventually("the breach to reach the ministry", || async {
        let found = breaches(&app, &ministry, json!({})).await;
        (found[0]["escalatedTo"] == "NATIONAL").then_some(())
    })
    .await;

    // The police timeline shows each rung; the reporter's view does not.
    let timeline = "query($id: ID!) { case(id: $id) { timeline { kind } } }";
    let response = district.gql(&app, timeline, json!({ "id": case.id })).await;
    let kinds = response.data()["case"]["timeline"].to_string();
    assert_eq!(kinds.matches("ESCALATED").count(), 3, "{kinds}");
    let tracked = app
        .anonymous(
            zainab_tests::ops::TRACK,
            json!({ "number": case.number, "code": case.tracking_code }),
        )
        .await;
    let updates = tracked.data()["trackCase"]["updates"].to_string();
    assert!(!updates.contains("ESCALATED"), "{updates}");

    // Each rung heard once, and the climb ends at the ministry.
    app.advance(Duration::hours(5));
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(
        of_kind(&notifications(&app, &region).await, "escalated").len(),
        1
    );
    assert_eq!(
        of_kind(&notifications(&app, &province).await, "escalated").len(),
        1
    );
    assert_eq!(
        of_kind(&notifications(&app, &ministry).await, "escalated").len(),
        1
    );

    // Acknowledging late meets the deadline and records how late.
    district
        .gql(&app, ACKNOWLEDGE, json!({ "id": case.id }))
        .await
        .data();
    let found = breaches(&app, &ministry, json!({})).await;
    assert!(!found[0]["metAt"].is_null());
    assert_eq!(found[0]["lateByMinutes"], json!(7 * 60 + 1));
    let unmet = breaches(&app, &ministry, json!({ "unmetOnly": true })).await;
    assert!(unmet.is_empty());
}

#[tokio::test]
async fn a_clock_that_was_down_catches_up_and_takes_each_step_exactly_once() {
    let app = long_sessions(false).await;
    let region = app.staff(UserRole::RegionalPolice, LAHORE_REGION).await;
    let province = app.staff(UserRole::ProvincialOversight, "PB").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let citizen = app.citizen("0300 1112233").await;
    app.report(&citizen, LAHORE).await;

    // Five hours pass with no clock running; then several clocks start at once.
    app.advance(Duration::hours(5));
    let clocks = (0..4).map(|_| zainab_api::deadlines::escalation::tick(&app.state));
    let taken: usize = futures_util::future::join_all(clocks)
        .await
        .into_iter()
        .map(|result| result.unwrap_or_else(|err| panic!("a clock failed: {}", err.message())))
        .sum();
    assert_eq!(taken, 3, "region, province and ministry, once each");

    for (user, count) in [(&region, 1), (&province, 1), (&ministry, 1)] {
        assert_eq!(
            of_kind(&notifications(&app, user).await, "escalated").len(),
            count
        );
    }
    assert_eq!(breaches(&app, &ministry, json!({})).await.len(), 1);
}

#[tokio::test]
async fn a_transferred_case_alerts_the_district_it_goes_to() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let lahore = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let kasur = app.staff(UserRole::DistrictPolice, "PB-kasur").await;
    let citizen = app.citizen("0300 1112233").await;
    let case = app.report(&citizen, LAHORE).await;
    assert!(notifications(&app, &kasur).await.is_empty());

    let transfer = "mutation($id: ID!) {
        transferCase(caseId: $id, districtId: \"PB-kasur\", note: \"Last seen at Kasur bus stand\") { district { id } }
    }";
    lahore
        .gql(&app, transfer, json!({ "id": case.id }))
        .await
        .data();

    let told = notified(&app, &kasur, "case_transferred", 1).await;
    let body = told[0]["body"].as_str().unwrap();
    assert!(
        body.contains(&case.number) && body.contains("from Lahore"),
        "{body}"
    );
    assert!(of_kind(&notifications(&app, &lahore).await, "case_transferred").is_empty());
    let messages = inbox(&app, &admin, 3).await;
    let to_kasur = sent_to(&messages, kasur.phone.as_deref().unwrap());
    assert_eq!(to_kasur.len(), 1, "{messages:?}");
    assert_eq!(to_kasur[0]["purpose"], "case_transferred");
}

#[tokio::test]
async fn an_ended_case_settles_its_clocks_and_reopening_starts_a_new_one() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let citizen = app.citizen("0300 1112233").await;
    let case = app.report(&citizen, LAHORE).await;
    police
        .gql(&app, ACKNOWLEDGE, json!({ "id": case.id }))
        .await
        .data();
    let recovered = "mutation($id: ID!) { markRecovered(caseId: $id) { status } }";
    police
        .gql(&app, recovered, json!({ "id": case.id }))
        .await
        .data();

    let list = deadlines(&app, &police, &case.id).await;
    assert_eq!(deadline(&list, "ACKNOWLEDGE")["status"], "MET");
    assert_eq!(deadline(&list, "CONTACT_REPORTER")["status"], "CANCELLED");
    assert_eq!(deadline(&list, "REGISTER_FIR")["status"], "CANCELLED");
    assert_eq!(deadline(&list, "CONCLUDE")["status"], "MET");

    let reopen =
        "mutation($id: ID!) { reopenCase(caseId: $id, note: \"Child missing again\") { status } }";
    police
        .gql(&app, reopen, json!({ "id": case.id }))
        .await
        .data();
    let list = deadlines(&app, &police, &case.id).await;
    let conclude: Vec<_> = list.iter().filter(|d| d["kind"] == "CONCLUDE").collect();
    assert_eq!(conclude.len(), 2, "{list:?}");
    assert_eq!(conclude.iter().filter(|d| d["status"] == "OPEN").count(), 1);
}
