use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser, ops};

fn numbers(response: &Value) -> Vec<String> {
    response["cases"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["caseNumber"].as_str().map(str::to_owned))
        .collect()
}

async fn listed(app: &TestApp, user: &TestUser, filter: Value) -> Vec<String> {
    let response = user
        .gql(app, ops::CASES, json!({ "first": 100, "filter": filter }))
        .await;
    numbers(response.data())
}

/// Cases in Lahore, Kasur (same division), Rawalpindi (same province) and
/// Hyderabad (Sindh); each list holds exactly its scope.
#[tokio::test]
async fn each_list_holds_exactly_the_cases_of_its_scope() {
    let app = TestApp::spawn().await;
    let first_citizen = app.citizen("0300 1112233").await;
    let second_citizen = app.citizen("0321 4445566").await;
    let officer = app.staff(UserRole::FacilitationOfficer, "PB-lahore").await;

    let lahore = app.report(&first_citizen, "PB-lahore").await.number;
    let kasur = app.report(&second_citizen, "PB-kasur").await.number;
    let rawalpindi = app.report(&officer, "PB-rawalpindi").await.number;
    let hyderabad = app.report(&first_citizen, "SD-hyderabad").await.number;

    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let district = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let region = app.staff(UserRole::RegionalPolice, "PB-div-lahore").await;
    let province = app.staff(UserRole::ProvincialOversight, "PB").await;
    let sindh = app.staff(UserRole::ProvincialOversight, "SD").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;

    assert_eq!(
        listed(&app, &district, json!({})).await,
        vec![lahore.clone()]
    );
    assert_eq!(
        sorted(listed(&app, &region, json!({})).await),
        sorted(vec![lahore.clone(), kasur.clone()])
    );
    assert_eq!(
        sorted(listed(&app, &province, json!({})).await),
        sorted(vec![lahore.clone(), kasur.clone(), rawalpindi.clone()])
    );
    assert_eq!(
        listed(&app, &sindh, json!({})).await,
        vec![hyderabad.clone()]
    );
    assert_eq!(listed(&app, &ministry, json!({})).await.len(), 4);
    assert_eq!(
        sorted(listed(&app, &first_citizen, json!({})).await),
        sorted(vec![lahore.clone(), hyderabad])
    );
    assert_eq!(
        listed(&app, &second_citizen, json!({})).await,
        vec![kasur.clone()]
    );
    assert_eq!(listed(&app, &officer, json!({})).await, [rawalpindi]);
    assert!(listed(&app, &admin, json!({})).await.is_empty());

    // A filter narrows a scope; it never widens it.
    assert_eq!(
        listed(&app, &region, json!({ "districtId": "PB-kasur" })).await,
        [kasur]
    );
    assert!(
        listed(&app, &district, json!({ "districtId": "PB-kasur" }))
            .await
            .is_empty()
    );
    assert!(
        listed(&app, &sindh, json!({ "provinceId": "PB" }))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn lists_filter_by_status_and_kind() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let acknowledged = app.report(&citizen, "PB-lahore").await;
    let mut abduction = zainab_tests::users::case_input("PB-lahore");
    abduction["kind"] = json!("ABDUCTION");
    let abduction = app.report_with(&citizen, abduction).await;
    police
        .gql(
            &app,
            "mutation($id: ID!) { acknowledgeCase(caseId: $id) { id } }",
            json!({ "id": acknowledged.id }),
        )
        .await
        .data();

    let by_status = listed(&app, &police, json!({ "statuses": ["ACKNOWLEDGED"] })).await;
    let by_kind = listed(&app, &police, json!({ "kinds": ["ABDUCTION"] })).await;
    let reported_later = listed(
        &app,
        &police,
        json!({ "reportedFrom": "2026-06-16T00:00:00Z" }),
    )
    .await;

    assert_eq!(by_status, [acknowledged.number]);
    assert_eq!(by_kind, [abduction.number]);
    assert!(reported_later.is_empty());
}

#[tokio::test]
async fn cursor_pagination_walks_every_case_once_newest_first() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let mut filed = Vec::new();
    for _ in 0..7 {
        filed.push(app.report(&citizen, "PB-lahore").await.number);
    }

    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let response = ministry
            .gql(&app, ops::CASES, json!({ "first": 3, "after": after }))
            .await;
        let data = response.data();
        seen.extend(numbers(data));
        pages += 1;
        if data["cases"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = data["cases"]["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_owned);
    }

    filed.reverse();
    assert_eq!(seen, filed);
    assert_eq!(pages, 3);
}

#[tokio::test]
async fn page_sizes_and_cursors_are_checked() {
    let app = TestApp::spawn().await;
    let ministry = app.staff(UserRole::Ministry, "").await;

    let too_big = ministry
        .gql(&app, ops::CASES, json!({ "first": 101 }))
        .await;
    let zero = ministry.gql(&app, ops::CASES, json!({ "first": 0 })).await;
    let forged = ministry
        .gql(&app, ops::CASES, json!({ "after": "bm90IGEgY3Vyc29y" }))
        .await;

    assert_eq!(
        (too_big.code(), too_big.field()),
        ("BAD_USER_INPUT", "first")
    );
    assert_eq!((zero.code(), zero.field()), ("BAD_USER_INPUT", "first"));
    assert_eq!((forged.code(), forged.field()), ("BAD_USER_INPUT", "after"));
}
