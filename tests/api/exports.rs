//! Case and statistics exports: who may export, over which cases, with
//! which columns, and the audit entry each one leaves.

use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser};

async fn get(app: &TestApp, user: Option<&TestUser>, path: &str) -> reqwest::Response {
    let mut request = app.http().get(app.url(path));
    if let Some(user) = user {
        request = request.bearer_auth(&user.token);
    }
    request.send().await.expect("the server answers")
}

/// The rows of a CSV export, header first, each split into its fields
/// (the exports hold no quoted commas).
async fn csv(app: &TestApp, user: &TestUser, path: &str) -> Vec<Vec<String>> {
    let response = get(app, Some(user), path).await;
    assert_eq!(response.status(), 200, "{path}");
    let text = response.text().await.expect("a body");
    text.lines()
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect()
}

async fn refusal(app: &TestApp, user: Option<&TestUser>, path: &str) -> (u16, Value) {
    let response = get(app, user, path).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON error"))
}

fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let index = rows[0].iter().position(|h| h == name).expect("the column");
    rows[1..].iter().map(|row| row[index].clone()).collect()
}

/// Four cases in June: Lahore, Kasur, Lahore, Hyderabad; their ids.
async fn filed(app: &TestApp) -> Vec<(String, String)> {
    let citizen = app.citizen("0300 1112233").await;
    let mut cases = Vec::new();
    for district in ["PB-lahore", "PB-kasur", "PB-lahore", "SD-hyderabad"] {
        let case = app.report(&citizen, district).await;
        cases.push((case.id, case.number));
    }
    cases
}

const JUNE: &str = "from=2026-06&to=2026-06";

#[tokio::test]
async fn the_ministry_exports_every_case_without_personal_data() {
    let app = TestApp::spawn().await;
    let cases = filed(&app).await;
    let numbers: Vec<String> = cases.iter().map(|(_, n)| n.clone()).collect();
    let ministry = app.staff(UserRole::Ministry, "").await;
    let lahore = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    lahore
        .gql(
            &app,
            "mutation($id: ID!) { acknowledgeCase(caseId: $id) { id } }",
            json!({ "id": cases[0].0 }),
        )
        .await
        .data();

    let response = get(&app, Some(&ministry), &format!("/exports/cases.csv?{JUNE}")).await;
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    let rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();

    assert_eq!(
        column(&rows, "case_number"),
        numbers,
        "every case, in filing order"
    );
    assert_eq!(
        column(&rows, "district_id"),
        ["PB-lahore", "PB-kasur", "PB-lahore", "SD-hyderabad"]
    );
    assert_eq!(column(&rows, "status")[0], "ACKNOWLEDGED");
    assert!(!column(&rows, "acknowledged_at")[0].is_empty());
    assert!(column(&rows, "acknowledged_at")[1].is_empty());
    for personal in ["Ayesha", "Nasreen", "7654321", "35202", "Gulberg"] {
        assert!(
            !text.contains(personal),
            "{personal} leaked into the export"
        );
    }

    let audit = ministry
        .gql(
            &app,
            "query { auditLog(action: \"export\") { nodes { actorRole detail } } }",
            json!({}),
        )
        .await;
    let entries = audit.data()["auditLog"]["nodes"].clone();
    assert_eq!(entries[0]["actorRole"], "ministry");
    assert_eq!(entries[0]["detail"]["export"], "cases.csv");
    assert_eq!(entries[0]["detail"]["filter"]["from"], "2026-06");
    assert!(entries[0]["detail"]["filter"]["district_id"].is_null());
}

#[tokio::test]
async fn a_province_exports_only_its_own_districts() {
    let app = TestApp::spawn().await;
    filed(&app).await;
    let punjab = app.staff(UserRole::ProvincialOversight, "PB").await;

    let rows = csv(&app, &punjab, &format!("/exports/cases.csv?{JUNE}")).await;
    assert_eq!(column(&rows, "province_id"), ["PB", "PB", "PB"]);
    let kasur = csv(
        &app,
        &punjab,
        &format!("/exports/cases.csv?{JUNE}&districtId=PB-kasur"),
    )
    .await;
    assert_eq!(column(&kasur, "district_id"), ["PB-kasur"]);
    let sindh = csv(
        &app,
        &punjab,
        &format!("/exports/cases.csv?{JUNE}&districtId=SD-hyderabad"),
    )
    .await;
    assert_eq!(sindh.len(), 1, "the header only: {sindh:?}");

    let stats = csv(&app, &punjab, &format!("/exports/statistics.csv?{JUNE}")).await;
    assert_eq!(column(&stats, "district_id"), ["PB-kasur", "PB-lahore"]);
    assert_eq!(column(&stats, "cases"), ["1", "2"]);
}

#[tokio::test]
async fn police_citizens_and_strangers_cannot_export() {
    let app = TestApp::spawn().await;
    let path = format!("/exports/cases.csv?{JUNE}");
    let users = [
        app.staff(UserRole::DistrictPolice, "PB-lahore").await,
        app.staff(UserRole::RegionalPolice, "PB-div-lahore").await,
        app.citizen("0300 1112233").await,
        app.staff(UserRole::Integration, "").await,
    ];
    for user in &users {
        for path in [
            path.clone(),
            format!("/exports/cases.xlsx?{JUNE}"),
            format!("/exports/statistics.csv?{JUNE}"),
        ] {
            let (status, body) = refusal(&app, Some(user), &path).await;
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (403, Some("FORBIDDEN")),
                "{:?} {path}",
                user.role
            );
        }
    }
    let (status, body) = refusal(&app, None, &path).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("UNAUTHENTICATED"))
    );
}

#[tokio::test]
async fn bad_export_filters_are_refused_as_bad_input() {
    let app = TestApp::spawn().await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    for (query, field) in [
        ("from=2026-07&to=2026-06", "from"),
        ("from=2026-13&to=2026-12", "from"),
        ("to=2026-06", "from"),
        ("from=2026-06", "to"),
        (
            "from=2026-06&to=2026-06&districtId=PB-atlantis",
            "districtId",
        ),
        ("from=2026-06&to=2026-06&kinds=MISSING_CHILD,KITE", "kinds"),
    ] {
        let (status, body) = refusal(
            &app,
            Some(&ministry),
            &format!("/exports/cases.csv?{query}"),
        )
        .await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["error"]["code"], "BAD_USER_INPUT", "{query}");
        assert_eq!(body["error"]["field"], field, "{query}");
    }
}

#[tokio::test]
async fn the_workbook_holds_the_same_cases_as_the_csv() {
    let app = TestApp::spawn().await;
    let numbers: Vec<String> = filed(&app).await.into_iter().map(|(_, n)| n).collect();
    let ministry = app.staff(UserRole::Ministry, "").await;

    let response = get(
        &app,
        Some(&ministry),
        &format!("/exports/cases.xlsx?{JUNE}&kinds=MISSING_CHILD"),
    )
    .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();

    assert_eq!(sheet.matches("<row ").count(), numbers.len() + 1);
    for number in &numbers {
        assert!(sheet.contains(number.as_str()), "{number}");
    }
    assert!(!sheet.contains("Ayesha"));
}
