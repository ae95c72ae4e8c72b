use entities::{UserRole, outbox};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser, users::case_input};

const LAHORE: &str = "PB-lahore";
const KASUR: &str = "PB-kasur";
const LAHORE_REGION: &str = "PB-div-lahore";

const CANDIDATES: &str = "query($id: ID!) {
    case(id: $id) { duplicateCandidates { case { id caseNumber } score reasons } }
}";
const MERGE: &str = "mutation($keep: ID!, $dup: ID!) {
    mergeCases(keepId: $keep, duplicateId: $dup) { id caseNumber }
}";
const UNMERGE: &str = "mutation($keep: ID!, $dup: ID!) {
    unmergeCases(keepId: $keep, duplicateId: $dup) { id status closureReason }
}";
const DISMISS: &str =
    "mutation($a: ID!, $b: ID!) { dismissDuplicate(caseId: $a, otherCaseId: $b) }";
const STATE: &str = "query($id: ID!) {
    case(id: $id) { status closureReason mergedInto { caseNumber } timeline { kind } }
}";

/// A report of the same girl as [`case_input`], as another relative
/// gives it: another spelling or script, a name dropped, a year older.
fn same_child(district: &str, name: &str, phone: &str) -> Value {
    let mut input = case_input(district);
    input["child"]["name"] = json!(name);
    input["child"]["otherNames"] = json!([]);
    input["child"]["ageYears"] = json!(8);
    input["child"]["bFormNumber"] = Value::Null;
    input["lastSeen"]["at"] = json!("2026-06-15T01:00:00Z");
    input["reporter"]["phone"] = json!(phone);
    input["reporter"]["relation"] = json!("uncle");
    input
}

async fn candidates(app: &TestApp, user: &TestUser, id: &str) -> Vec<Value> {
    let response = user.gql(app, CANDIDATES, json!({ "id": id })).await;
    response.data()["case"]["duplicateCandidates"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn numbers(found: &[Value]) -> Vec<String> {
    let mut numbers: Vec<String> = found
        .iter()
        .map(|c| {
            c["case"]["caseNumber"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    numbers.sort();
    numbers
}

fn reasons(found: &[Value], number: &str) -> Vec<String> {
    found
        .iter()
        .find(|c| c["case"]["caseNumber"] == number)
        .map(|c| {
            c["reasons"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_second_report_of_the_same_child_is_a_candidate_with_reasons() {
    let app = TestApp::spawn().await;
    let mother = app.citizen("0300 1112233").await;
    let uncle = app.citizen("0301 2223344").await;
    let neighbour = app.citizen("0302 3334455").await;
    let officer = app.staff(UserRole::FacilitationOfficer, KASUR).await;
    let first = app.report(&mother, LAHORE).await;
    let urdu = app
        .report_with(&uncle, same_child(LAHORE, "عائشہ", "0301-2223344"))
        .await;
    let mut boy = case_input(LAHORE);
    boy["child"]["name"] = json!("Bilal Ahmed");
    boy["child"]["otherNames"] = json!(["بلال"]);
    boy["child"]["sex"] = json!("MALE");
    boy["child"]["bFormNumber"] = Value::Null;
    let boy = app.report_with(&neighbour, boy).await;
    let kasur = app
        .report_with(&officer, same_child(KASUR, "Ayeshah Bibi", "0303-4445566"))
        .await;

    let district = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let found = candidates(&app, &district, &first.id).await;
    assert_eq!(numbers(&found), vec![urdu.number.clone()]);
    let why = reasons(&found, &urdu.number);
    assert!(
        why.contains(&"names match across spellings".to_owned()),
        "{why:?}"
    );
    assert!(why.contains(&"same district".to_owned()), "{why:?}");
    assert!(why.contains(&"ages a year apart".to_owned()), "{why:?}");
    assert!(candidates(&app, &district, &boy.id).await.is_empty());

    let region = app.staff(UserRole::RegionalPolice, LAHORE_REGION).await;
    let found = candidates(&app, &region, &first.id).await;
    let mut both = vec![urdu.number.clone(), kasur.number.clone()];
    both.sort();
    assert_eq!(numbers(&found), both);
    let why = reasons(&found, &kasur.number);
    assert!(
        why.iter()
            .any(|r| r.starts_with("neighbouring districts (")),
        "{why:?}"
    );

    // Oversight reads candidates in its province; Kasur police see only theirs.
    let province = app.staff(UserRole::ProvincialOversight, "PB").await;
    assert_eq!(numbers(&candidates(&app, &province, &first.id).await), both);
    let kasur_police = app.staff(UserRole::DistrictPolice, KASUR).await;
    assert_eq!(
        numbers(&candidates(&app, &kasur_police, &kasur.id).await),
        Vec::<String>::new()
    );

    for (user, id) in [(&mother, &first.id), (&officer, &kasur.id)] {
        let refused = user.gql(&app, CANDIDATES, json!({ "id": id })).await;
        assert_eq!(refused.code(), "FORBIDDEN");
    }
}

#[tokio::test]
async fn police_merge_then_unmerge_and_every_reporter_is_told() {
    let app = TestApp::spawn().await;
    let mother = app.citizen("0300 1112233").await;
    let uncle = app.citizen("0301 2223344").await;
    let keep = app.report(&mother, LAHORE).await;
    let dup = app
        .report_with(&uncle, same_child(LAHORE, "Aisha", "0301-2223344"))
        .await;
    let vars = json!({ "keep": keep.id, "dup": dup.id });

    let kasur = app.staff(UserRole::DistrictPolice, KASUR).await;
    assert_eq!(
        kasur.gql(&app, MERGE, vars.clone()).await.code(),
        "NOT_FOUND"
    );
    let province = app.staff(UserRole::ProvincialOversight, "PB").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    for user in [&province, &ministry] {
        assert_eq!(
            user.gql(&app, MERGE, vars.clone()).await.code(),
            "FORBIDDEN"
        );
    }
    assert_eq!(
        mother.gql(&app, MERGE, vars.clone()).await.code(),
        "NOT_FOUND"
    );
    let still = mother.gql(&app, STATE, json!({ "id": keep.id })).await;
    assert_eq!(still.data()["case"]["status"], "REPORTED");

    let district = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let merged = district.gql(&app, MERGE, vars.clone()).await;
    assert_eq!(
        merged.data()["mergeCases"]["caseNumber"],
        keep.number.as_str()
    );
    let seen = district.gql(&app, STATE, json!({ "id": dup.id })).await;
    let case = &seen.data()["case"];
    assert_eq!(case["status"], "CLOSED");
    assert_eq!(case["closureReason"], "DUPLICATE");
    assert_eq!(case["mergedInto"]["caseNumber"], keep.number.as_str());
    for id in [&keep.id, &dup.id] {
        let seen = district.gql(&app, STATE, json!({ "id": id })).await;
        let kinds = seen.data()["case"]["timeline"].to_string();
        assert!(kinds.contains("MERGED"), "{kinds}");
    }
    assert!(candidates(&app, &district, &keep.id).await.is_empty());
    let again = district.gql(&app, MERGE, vars.clone()).await;
    assert_eq!(again.code(), "CONFLICT");
    assert_eq!(again.reason(), "ALREADY_MERGED");
    assert_eq!(
        told(&app, "merged").await,
        vec!["+923007654321", "+923012223344"]
    );
    // The uncle follows his report to the case that goes on.
    let own = uncle.gql(&app, STATE, json!({ "id": dup.id })).await;
    assert_eq!(own.data()["case"]["mergedInto"], Value::Null);
    assert_eq!(own.data()["case"]["status"], "CLOSED");

    assert_eq!(
        kasur.gql(&app, UNMERGE, vars.clone()).await.code(),
        "NOT_FOUND"
    );
    assert_eq!(
        province.gql(&app, UNMERGE, vars.clone()).await.code(),
        "FORBIDDEN"
    );
    let region = app.staff(UserRole::RegionalPolice, LAHORE_REGION).await;
    let undone = region.gql(&app, UNMERGE, vars.clone()).await;
    assert_eq!(undone.data()["unmergeCases"]["status"], "REPORTED");
    assert_eq!(undone.data()["unmergeCases"]["closureReason"], Value::Null);
    for id in [&keep.id, &dup.id] {
        let seen = district.gql(&app, STATE, json!({ "id": id })).await;
        let case = &seen.data()["case"];
        assert_eq!(case["status"], "REPORTED");
        assert_eq!(case["mergedInto"], Value::Null);
        assert!(case["timeline"].to_string().contains("UNMERGED"));
    }
    assert_eq!(
        told(&app, "unmerged").await,
        vec!["+923007654321", "+923012223344"]
    );
    assert_eq!(
        region.gql(&app, UNMERGE, vars.clone()).await.code(),
        "NOT_FOUND"
    );
    // Undone means judged different: not proposed again.
    assert!(candidates(&app, &district, &keep.id).await.is_empty());
}

async fn told(app: &TestApp, purpose: &str) -> Vec<String> {
    let mut phones: Vec<String> = outbox::Entity::find()
        .filter(outbox::Column::Purpose.eq(purpose))
        .all(&app.state.db)
        .await
        .expect("the outbox")
        .into_iter()
        .map(|row| row.to_phone)
        .collect();
    phones.sort();
    phones
}

#[tokio::test]
async fn a_dismissed_candidate_is_not_proposed_again() {
    let app = TestApp::spawn().await;
    let mother = app.citizen("0300 1112233").await;
    let uncle = app.citizen("0301 2223344").await;
    let first = app.report(&mother, LAHORE).await;
    let second = app
        .report_with(&uncle, same_child(LAHORE, "Ayesha", "0301-2223344"))
        .await;
    let vars = json!({ "a": first.id, "b": second.id });
    let district = app.staff(UserRole::DistrictPolice, LAHORE).await;
    assert_eq!(candidates(&app, &district, &first.id).await.len(), 1);

    let province = app.staff(UserRole::ProvincialOversight, "PB").await;
    assert_eq!(
        province.gql(&app, DISMISS, vars.clone()).await.code(),
        "FORBIDDEN"
    );
    assert_eq!(
        uncle.gql(&app, DISMISS, vars.clone()).await.code(),
        "NOT_FOUND"
    );
    assert_eq!(candidates(&app, &district, &first.id).await.len(), 1);

    let dismissed = district.gql(&app, DISMISS, vars.clone()).await;
    assert_eq!(dismissed.data()["dismissDuplicate"], true);
    assert!(candidates(&app, &district, &first.id).await.is_empty());
    assert!(candidates(&app, &district, &second.id).await.is_empty());
    assert_eq!(district.gql(&app, DISMISS, vars).await.code(), "NOT_FOUND");
}

#[tokio::test]
async fn bad_ids_are_refused_with_their_field() {
    let app = TestApp::spawn().await;
    let mother = app.citizen("0300 1112233").await;
    let case = app.report(&mother, LAHORE).await;
    let district = app.staff(UserRole::DistrictPolice, LAHORE).await;

    let bad = district
        .gql(&app, MERGE, json!({ "keep": "not-a-case", "dup": case.id }))
        .await;
    assert_eq!(bad.code(), "BAD_USER_INPUT");
    assert_eq!(bad.field(), "keepId");
    let itself = district
        .gql(&app, MERGE, json!({ "keep": case.id, "dup": case.id }))
        .await;
    assert_eq!(itself.code(), "BAD_USER_INPUT");
    assert_eq!(itself.field(), "duplicateId");
    let unknown = district
        .gql(
            &app,
            MERGE,
            json!({ "keep": case.id, "dup": "0190a4b2-0000-7000-8000-000000000000" }),
        )
        .await;
    assert_eq!(unknown.code(), "NOT_FOUND");
    let seen = district.gql(&app, STATE, json!({ "id": case.id })).await;
    assert_eq!(seen.data()["case"]["status"], "REPORTED");
}
