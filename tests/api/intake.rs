use entities::UserRole;
use serde_json::json;
use zainab_tests::{PASSWORD, TestApp, ops, users::case_input};

const LAHORE: &str = "PB-lahore";

#[tokio::test]
async fn a_citizen_files_a_case_routed_to_its_district_and_region() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;

    let filed = app.report(&citizen, LAHORE).await;

    assert_eq!(filed.number, "ZA-2026-000001");
    assert_eq!(filed.case["status"], "REPORTED");
    assert_eq!(filed.case["channel"], "APP");
    assert_eq!(filed.case["district"]["id"], LAHORE);
    assert_eq!(filed.case["region"]["id"], "PB-div-lahore");
    assert_eq!(filed.case["province"]["id"], "PB");
    assert_eq!(
        filed.tracking_code.len(),
        9,
        "tracking code like ABCD-EFGH: {}",
        filed.tracking_code
    );
}

#[tokio::test]
async fn case_numbers_follow_each_other_within_the_year() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;

    let first = app.report(&citizen, LAHORE).await;
    let second = app.report(&citizen, "SD-hyderabad").await;

    assert_eq!(first.number, "ZA-2026-000001");
    assert_eq!(second.number, "ZA-2026-000002");
}

#[tokio::test]
async fn a_facilitation_officer_files_on_behalf_of_a_citizen_recording_the_office() {
    let app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, LAHORE).await;

    let filed = app.report(&officer, "PB-kasur").await;

    assert_eq!(filed.case["channel"], "ASSISTED");
    assert_eq!(
        filed.case["filedAtOffice"],
        "Assistant Commissioner's office, Model Town"
    );
    assert_eq!(filed.case["district"]["id"], "PB-kasur");
}

#[tokio::test]
async fn coordinates_suggest_the_nearest_district_and_flag_a_mismatch() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    // Near Rawalpindi's headquarters, but reported as Lahore.
    let mut input = case_input(LAHORE);
    input["lastSeen"]["latitude"] = json!(33.60);
    input["lastSeen"]["longitude"] = json!(73.04);

    let filed = app.report_with(&citizen, input).await;

    let last_seen = &filed.case["lastSeen"];
    assert_eq!(last_seen["suggestedDistrict"]["id"], "PB-rawalpindi");
    assert_eq!(last_seen["districtMismatch"], true);
    assert_eq!(
        filed.case["district"]["id"], LAHORE,
        "the district given stays responsible"
    );
}

#[tokio::test]
async fn coordinates_in_the_given_district_raise_no_flag() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let mut input = case_input(LAHORE);
    input["lastSeen"]["latitude"] = json!(31.52);
    input["lastSeen"]["longitude"] = json!(74.35);

    let filed = app.report_with(&citizen, input).await;

    assert_eq!(filed.case["lastSeen"]["suggestedDistrict"]["id"], LAHORE);
    assert_eq!(filed.case["lastSeen"]["districtMismatch"], false);
}

/// Makes one field of a valid report invalid.
type Spoil = fn(&mut serde_json::Value);

/// Each invalid field is refused with `BAD_USER_INPUT` naming the field, and
/// nothing is stored.
#[tokio::test]
async fn invalid_reports_are_refused_field_by_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let cases: Vec<(&str, Spoil, &str)> = vec![
        (
            "phone of another country",
            |i| i["reporter"]["phone"] = json!("+44 7700 900123"),
            "reporter.phone",
        ),
        (
            "landline",
            |i| i["reporter"]["phone"] = json!("042 35761234"),
            "reporter.phone",
        ),
        (
            "short CNIC",
            |i| i["reporter"]["cnic"] = json!("35202-123456-4"),
            "reporter.cnic",
        ),
        (
            "B-form with letters",
            |i| i["child"]["bFormNumber"] = json!("3520A-1234567-2"),
            "child.bFormNumber",
        ),
        (
            "age 18",
            |i| i["child"]["ageYears"] = json!(18),
            "child.ageYears",
        ),
        (
            "negative age",
            |i| i["child"]["ageYears"] = json!(-1),
            "child.ageYears",
        ),
        (
            "no age at all",
            |i| i["child"]["ageYears"] = json!(null),
            "child.ageYears",
        ),
        (
            "born tomorrow",
            |i| i["child"]["dateOfBirth"] = json!("2026-06-16"),
            "child.dateOfBirth",
        ),
        (
            "seen in the future",
            |i| i["lastSeen"]["at"] = json!("2026-06-16T07:00:00Z"),
            "lastSeen.at",
        ),
        (
            "unknown district",
            |i| i["lastSeen"]["districtId"] = json!("PB-atlantis"),
            "lastSeen.districtId",
        ),
        (
            "latitude without longitude",
            |i| i["lastSeen"]["latitude"] = json!(31.5),
            "lastSeen.longitude",
        ),
        (
            "coordinates in Delhi",
            |i| {
                i["lastSeen"]["latitude"] = json!(28.61);
                i["lastSeen"]["longitude"] = json!(77.21);
            },
            "lastSeen.latitude",
        ),
        (
            "coordinates off the map",
            |i| {
                i["lastSeen"]["latitude"] = json!(131.0);
                i["lastSeen"]["longitude"] = json!(74.0);
            },
            "lastSeen.latitude",
        ),
        (
            "blank child name",
            |i| i["child"]["name"] = json!("   "),
            "child.name",
        ),
        (
            "blank place",
            |i| i["lastSeen"]["place"] = json!(""),
            "lastSeen.place",
        ),
        (
            "giant height",
            |i| i["child"]["heightCm"] = json!(400),
            "child.heightCm",
        ),
        (
            "name too long",
            |i| i["child"]["name"] = json!("x".repeat(101)),
            "child.name",
        ),
    ];

    for (what, spoil, field) in cases {
        let mut input = case_input(LAHORE);
        spoil(&mut input);
        let response = citizen
            .gql(&app, ops::REPORT_CASE, json!({ "input": input }))
            .await;
        assert_eq!(
            response.code(),
            "BAD_USER_INPUT",
            "{what}: {}",
            response.body
        );
        assert_eq!(response.field(), field, "{what}");
    }

    let mine = citizen.gql(&app, ops::CASES, json!({})).await;
    assert_eq!(
        mine.data()["cases"]["nodes"],
        json!([]),
        "no case was stored"
    );
    let good = app.report(&citizen, LAHORE).await;
    assert_eq!(
        good.number, "ZA-2026-000001",
        "refused reports used up no numbers"
    );
}

#[tokio::test]
async fn phone_numbers_are_stored_in_international_form() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let filed = app.report(&citizen, LAHORE).await;

    let case = police.gql(&app, ops::CASE, json!({ "id": filed.id })).await;

    assert_eq!(case.data()["case"]["reporter"]["phone"], "+923007654321");
    assert_eq!(case.data()["case"]["reporter"]["cnic"], "35202-7654321-4");
}

#[tokio::test]
async fn anonymous_callers_cannot_file_and_police_do_not_file_reports() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let input = json!({ "input": case_input(LAHORE) });

    let anonymous = app.anonymous(ops::REPORT_CASE, input.clone()).await;
    let by_police = police.gql(&app, ops::REPORT_CASE, input).await;

    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    assert_eq!(by_police.code(), "FORBIDDEN");
}

#[tokio::test]
async fn an_age_is_derived_from_the_date_of_birth() {
    let app = TestApp::spawn().await;
    let citizen = app.citizen("0300 1112233").await;
    let mut input = case_input(LAHORE);
    input["child"]["ageYears"] = json!(null);
    input["child"]["dateOfBirth"] = json!("2019-06-16");

    let filed = app.report_with(&citizen, input).await;
    let case = citizen
        .gql(&app, ops::CASE, json!({ "id": filed.id }))
        .await;

    assert_eq!(
        case.data()["case"]["child"]["ageYears"],
        6,
        "one day short of seven"
    );
}

#[tokio::test]
async fn a_citizen_account_files_a_few_reports_a_day_and_offices_are_not_limited() {
    let app = TestApp::builder()
        .configure(|config| config.reports_per_citizen_per_day = 2)
        .spawn()
        .await;
    let citizen = app.citizen("0300 1112233").await;
    app.report(&citizen, LAHORE).await;
    app.advance(chrono::Duration::hours(1));
    // Access tokens are short-lived: sign in again after the clock moves.
    let citizen = app
        .login(&citizen.username, PASSWORD, UserRole::Citizen)
        .await;
    let neighbour = app.citizen("0301 2223344").await;
    let officer = app.staff(UserRole::FacilitationOfficer, LAHORE).await;
    app.report(&citizen, LAHORE).await;

    let third = citizen
        .gql(
            &app,
            ops::REPORT_CASE,
            json!({ "input": case_input(LAHORE) }),
        )
        .await;
    assert_eq!(third.code(), "RATE_LIMITED");
    assert_eq!(
        third.body["errors"][0]["extensions"]["retryAfter"],
        23 * 3600,
        "until the first report is a day old"
    );
    for _ in 0..3 {
        app.report(&officer, LAHORE).await;
    }
    app.report(&neighbour, LAHORE).await;

    app.advance(chrono::Duration::hours(23));
    let citizen = app
        .login(&citizen.username, PASSWORD, UserRole::Citizen)
        .await;
    let next_day = citizen
        .gql(
            &app,
            ops::REPORT_CASE,
            json!({ "input": case_input(LAHORE) }),
        )
        .await;
    assert!(next_day.is_ok(), "{next_day:?}");
    assert_eq!(
        next_day.data()["reportCase"]["case"]["caseNumber"],
        "ZA-2026-000007",
        "the refused report took no number"
    );
}
