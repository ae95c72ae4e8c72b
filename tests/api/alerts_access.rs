//! Who may do what with alerts, both ways: the duty roster and the policy
//! are the administrators', breach lists are oversight's and scoped to it,
//! and a notification is its own user's alone. Bad input is refused with
//! its field and changes nothing.

use chrono::Duration;
use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser, eventually};

use crate::alerts::{LAHORE, LAHORE_REGION, long_sessions, notifications, notified};

const ADD_CONTACT: &str =
    "mutation($input: DutyContactInput!) { addDutyContact(input: $input) { id } }";
const CONTACTS: &str = "query { dutyContacts { id label } }";
const SET_DUTY: &str =
    "mutation($id: ID!, $on: Boolean!) { setOnDuty(userId: $id, onDuty: $on) { onDuty } }";
const POLICY: &str = "mutation($input: DeadlinePolicyInput!) {
    updateDeadlinePolicy(input: $input) { version acknowledgeMinutes }
}";
const BREACHES: &str = "query { deadlineBreaches { nodes { caseId district { id } } } }";
const INBOX: &str = "query { devSmsInbox { id } }";
const MARK_READ: &str = "mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }";

fn contact() -> Value {
    json!({ "level": "REGION", "jurisdictionId": LAHORE_REGION, "label": "RPO Lahore duty desk", "phone": "0333 1234567" })
}

fn policy(ack: i32) -> Value {
    json!({
        "acknowledgeMinutes": ack, "contactReporterMinutes": 1440, "registerFirMinutes": 1440,
        "investigationDays": 90, "escalationIntervalMinutes": 30,
        "note": "Home Department notification of December 2026"
    })
}

async fn everyone_but_admin(app: &TestApp) -> Vec<(&'static str, Option<TestUser>)> {
    vec![
        ("anonymous", None),
        ("citizen", Some(app.citizen("0321 4445566").await)),
        (
            "facilitation officer",
            Some(app.staff(UserRole::FacilitationOfficer, LAHORE).await),
        ),
        (
            "district police",
            Some(app.staff(UserRole::DistrictPolice, LAHORE).await),
        ),
        (
            "regional police",
            Some(app.staff(UserRole::RegionalPolice, LAHORE_REGION).await),
        ),
        (
            "provincial oversight",
            Some(app.staff(UserRole::ProvincialOversight, "PB").await),
        ),
        ("ministry", Some(app.staff(UserRole::Ministry, "").await)),
        (
            "integration client",
            Some(app.staff(UserRole::Integration, "").await),
        ),
    ]
}

#[tokio::test]
async fn only_administrators_manage_the_duty_roster_the_policy_and_the_inbox() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let officer = app.staff(UserRole::DistrictPolice, LAHORE).await;

    for (who, user) in everyone_but_admin(&app).await {
        let token = user.as_ref().map(|u| u.token.as_str());
        let expected = if user.is_some() {
            "FORBIDDEN"
        } else {
            "UNAUTHENTICATED"
        };
        let attempts = [
            app.gql(token, ADD_CONTACT, json!({ "input": contact() }))
                .await,
            app.gql(token, CONTACTS, json!({})).await,
            app.gql(token, SET_DUTY, json!({ "id": officer.id, "on": false }))
                .await,
            app.gql(token, POLICY, json!({ "input": policy(60) })).await,
            app.gql(token, INBOX, json!({})).await,
        ];
        for attempt in attempts {
            assert_eq!(attempt.code(), expected, "{who}: {}", attempt.body);
        }
    }

    // Nothing changed; the administrator may do each of them.
    let listed = admin.gql(&app, CONTACTS, json!({})).await;
    assert_eq!(listed.data()["dutyContacts"], json!([]));
    admin
        .gql(&app, ADD_CONTACT, json!({ "input": contact() }))
        .await
        .data();
    let listed = admin.gql(&app, CONTACTS, json!({})).await;
    assert_eq!(listed.data()["dutyContacts"].as_array().unwrap().len(), 1);
    let set = admin
        .gql(&app, SET_DUTY, json!({ "id": officer.id, "on": false }))
        .await;
    assert_eq!(set.data()["setOnDuty"]["onDuty"], json!(false));
    let updated = admin
        .gql(&app, POLICY, json!({ "input": policy(60) }))
        .await;
    assert_eq!(updated.data()["updateDeadlinePolicy"]["version"], 2);
    admin.gql(&app, INBOX, json!({})).await.data();
}

#[tokio::test]
async fn bad_roster_and_policy_input_is_refused_field_by_field() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let cases = [
        (
            json!({ "level": "DISTRICT", "jurisdictionId": LAHORE_REGION, "label": "x", "phone": "0333 1234567" }),
            "jurisdictionId",
        ),
        (
            json!({ "level": "NATIONAL", "jurisdictionId": "PB", "label": "x", "phone": "0333 1234567" }),
            "jurisdictionId",
        ),
        (
            json!({ "level": "PROVINCE", "jurisdictionId": "XX", "label": "x", "phone": "0333 1234567" }),
            "jurisdictionId",
        ),
        (
            json!({ "level": "REGION", "jurisdictionId": LAHORE_REGION, "label": "x", "phone": "042 1234567" }),
            "phone",
        ),
        (
            json!({ "level": "REGION", "jurisdictionId": LAHORE_REGION, "label": "  ", "phone": "0333 1234567" }),
            "label",
        ),
    ];
    for (input, field) in cases {
        let response = admin
            .gql(&app, ADD_CONTACT, json!({ "input": input }))
            .await;
        assert_eq!(response.code(), "BAD_USER_INPUT", "{input}");
        assert_eq!(response.field(), field, "{input}");
    }
    let listed = admin.gql(&app, CONTACTS, json!({})).await;
    assert_eq!(listed.data()["dutyContacts"], json!([]));

    for (ack, note) in [(0, "x"), (100_000, "x"), (60, " ")] {
        let mut input = policy(ack);
        input["note"] = json!(note);
        let response = admin.gql(&app, POLICY, json!({ "input": input })).await;
        assert_eq!(response.code(), "BAD_USER_INPUT", "{input}");
    }
    let current = admin
        .gql(
            &app,
            "query { deadlinePolicy { version acknowledgeMinutes } }",
            json!({}),
        )
        .await;
    assert_eq!(
        current.data()["deadlinePolicy"],
        json!({ "version": 1, "acknowledgeMinutes": 120 })
    );

    let remove = "mutation($id: ID!) { removeDutyContact(id: $id) }";
    let response = admin
        .gql(
            &app,
            remove,
            json!({ "id": uuid::Uuid::now_v7().to_string() }),
        )
        .await;
    assert_eq!(response.code(), "NOT_FOUND");
}

#[tokio::test]
async fn a_new_policy_applies_to_cases_filed_after_it_and_is_audited() {
    let app = TestApp::spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let citizen = app.citizen("0300 1112233").await;
    let deadlines =
        "query($id: ID!) { case(id: $id) { reportedAt deadlines { kind dueAt policyVersion } } }";

    let before = app.report(&citizen, LAHORE).await;
    admin
        .gql(&app, POLICY, json!({ "input": policy(60) }))
        .await
        .data();
    let after = app.report(&citizen, LAHORE).await;

    let ack_minutes = |response: &zainab_tests::GqlResponse| {
        let case = &response.data()["case"];
        let reported: chrono::DateTime<chrono::Utc> =
            case["reportedAt"].as_str().unwrap().parse().unwrap();
        let ack = case["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == "ACKNOWLEDGE")
            .unwrap()
            .clone();
        let due: chrono::DateTime<chrono::Utc> = ack["dueAt"].as_str().unwrap().parse().unwrap();
        (
            (due - reported).num_minutes(),
            ack["policyVersion"].as_i64().unwrap(),
        )
    };
    let old = police
        .gql(&app, deadlines, json!({ "id": before.id }))
        .await;
    assert_eq!(ack_minutes(&old), (120, 1));
    let new = police.gql(&app, deadlines, json!({ "id": after.id })).await;
    assert_eq!(ack_minutes(&new), (60, 2));

    let history = admin
        .gql(
            &app,
            "query { deadlinePolicyHistory { version } }",
            json!({}),
        )
        .await;
    assert_eq!(
        history.data()["deadlinePolicyHistory"],
        json!([{ "version": 2 }, { "version": 1 }])
    );
    let audit = "query { auditLog(action: \"deadline_policy.update\") { nodes { actorRole } } }";
    let response = ministry.gql(&app, audit, json!({})).await;
    assert_eq!(
        response.data()["auditLog"]["nodes"],
        json!([{ "actorRole": "system_admin" }])
    );
}

#[tokio::test]
async fn breach_lists_belong_to_oversight_and_stay_within_its_jurisdiction() {
    let app = long_sessions(true).await;
    let citizen = app.citizen("0300 1112233").await;
    let lahore = app.report(&citizen, LAHORE).await;
    let hyderabad = app.report(&citizen, "SD-hyderabad").await;
    app.advance(Duration::minutes(125));
    let ministry = app.staff(UserRole::Ministry, "").await;
    eventually("both breaches", || async {
        let response = ministry.gql(&app, BREACHES, json!({})).await;
        (response.data()["deadlineBreaches"]["nodes"]
            .as_array()
            .unwrap()
            .len()
            == 2)
            .then_some(())
    })
    .await;

    let seen = |response: zainab_tests::GqlResponse| -> Vec<String> {
        let mut ids: Vec<String> = response.data()["deadlineBreaches"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["caseId"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let mut both = vec![lahore.id.clone(), hyderabad.id.clone()];
    both.sort();
    let punjab = app.staff(UserRole::ProvincialOversight, "PB").await;
    let sindh = app.staff(UserRole::ProvincialOversight, "SD").await;
    let region = app.staff(UserRole::RegionalPolice, LAHORE_REGION).await;
    let other_region = app
        .staff(UserRole::RegionalPolice, "PB-div-rawalpindi")
        .await;
    assert_eq!(seen(ministry.gql(&app, BREACHES, json!({})).await), both);
    assert_eq!(
        seen(punjab.gql(&app, BREACHES, json!({})).await),
        vec![lahore.id.clone()]
    );
    assert_eq!(
        seen(sindh.gql(&app, BREACHES, json!({})).await),
        vec![hyderabad.id.clone()]
    );
    assert_eq!(
        seen(region.gql(&app, BREACHES, json!({})).await),
        vec![lahore.id.clone()]
    );
    assert!(seen(other_region.gql(&app, BREACHES, json!({})).await).is_empty());
    // A filter cannot widen the scope.
    let widened = "query { deadlineBreaches(filter: { provinceId: \"SD\" }) { nodes { caseId } } }";
    let response = punjab.gql(&app, widened, json!({})).await;
    assert_eq!(response.data()["deadlineBreaches"]["nodes"], json!([]));

    let refused = [
        (
            "district police",
            Some(app.staff(UserRole::DistrictPolice, LAHORE).await),
            "FORBIDDEN",
        ),
        (
            "facilitation officer",
            Some(app.staff(UserRole::FacilitationOfficer, LAHORE).await),
            "FORBIDDEN",
        ),
        ("citizen", Some(citizen.clone()), "FORBIDDEN"),
        (
            "administrator",
            Some(app.staff(UserRole::SystemAdmin, "").await),
            "FORBIDDEN",
        ),
        ("anonymous", None, "UNAUTHENTICATED"),
    ];
    for (who, user, code) in refused {
        let response = app
            .gql(user.as_ref().map(|u| u.token.as_str()), BREACHES, json!({}))
            .await;
        assert_eq!(response.code(), code, "{who}");
    }
}

#[tokio::test]
async fn a_notification_is_read_and_marked_by_its_own_user_only() {
    let app = TestApp::spawn().await;
    let first = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let second = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let citizen = app.citizen("0300 1112233").await;
    app.report(&citizen, LAHORE).await;
    app.report(&citizen, LAHORE).await;
    let mine = notified(&app, &first, "case_filed", 2).await;
    let theirs = notified(&app, &second, "case_filed", 2).await;
    assert!(
        mine.iter()
            .all(|n| !theirs.iter().any(|t| t["id"] == n["id"]))
    );

    // Marking someone else's notification changes nothing.
    let others = json!([theirs[0]["id"]]);
    let response = first.gql(&app, MARK_READ, json!({ "ids": others })).await;
    assert_eq!(response.data()["markNotificationsRead"], 0);
    let response = first
        .gql(&app, MARK_READ, json!({ "ids": [mine[0]["id"]] }))
        .await;
    assert_eq!(response.data()["markNotificationsRead"], 1);

    let unread = |list: Vec<Value>| list.iter().filter(|n| n["read"] == false).count();
    assert_eq!(unread(notifications(&app, &first).await), 1);
    assert_eq!(unread(notifications(&app, &second).await), 2);
    let response = second.gql(&app, MARK_READ, json!({})).await;
    assert_eq!(response.data()["markNotificationsRead"], 2);
    assert_eq!(unread(notifications(&app, &second).await), 0);
    assert_eq!(unread(notifications(&app, &first).await), 1);

    let response = first
        .gql(&app, MARK_READ, json!({ "ids": ["not-an-id"] }))
        .await;
    assert_eq!(response.code(), "BAD_USER_INPUT");
    let response = app
        .anonymous("query { notifications { unreadCount } }", json!({}))
        .await;
    assert_eq!(response.code(), "UNAUTHENTICATED");
}
