//! The authorization matrix: every role against every operation on a case
//! in Lahore (Lahore division, Punjab), both what it may do and what it may
//! not, including officers of other districts, regions and provinces.

use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser, ops, users::case_input};

const LAHORE: &str = "PB-lahore";

/// Who is asking. `None` is an anonymous caller.
struct Cast {
    reporter: TestUser,
    people: Vec<(&'static str, Option<TestUser>)>,
}

async fn cast(app: &TestApp) -> Cast {
    let reporter = app.citizen("0300 1112233").await;
    let people = vec![
        ("reporter", Some(reporter.clone())),
        ("other citizen", Some(app.citizen("0321 4445566").await)),
        (
            "facilitation officer",
            Some(app.staff(UserRole::FacilitationOfficer, LAHORE).await),
        ),
        (
            "district police",
            Some(app.staff(UserRole::DistrictPolice, LAHORE).await),
        ),
        (
            "other district police",
            Some(app.staff(UserRole::DistrictPolice, "PB-kasur").await),
        ),
        (
            "regional police",
            Some(app.staff(UserRole::RegionalPolice, "PB-div-lahore").await),
        ),
        (
            "other regional police",
            Some(
                app.staff(UserRole::RegionalPolice, "PB-div-rawalpindi")
                    .await,
            ),
        ),
        (
            "provincial oversight",
            Some(app.staff(UserRole::ProvincialOversight, "PB").await),
        ),
        (
            "other provincial oversight",
            Some(app.staff(UserRole::ProvincialOversight, "SD").await),
        ),
        ("ministry", Some(app.staff(UserRole::Ministry, "").await)),
        (
            "system administrator",
            Some(app.staff(UserRole::SystemAdmin, "").await),
        ),
        (
            "integration client",
            Some(app.staff(UserRole::Integration, "").await),
        ),
        ("anonymous", None),
    ];
    Cast { reporter, people }
}

const OK: &str = "ok";
const NOT_FOUND: &str = "NOT_FOUND";
const FORBIDDEN: &str = "FORBIDDEN";
const ANON: &str = "UNAUTHENTICATED";

/// One operation on a fresh case in Lahore, and each person's expected outcome
/// in the order of [`cast`].
struct Operation {
    name: &'static str,
    query: &'static str,
    variables: fn(&str) -> Value,
    expected: [&'static str; 13],
}

const OPERATIONS: &[Operation] = &[
    Operation {
        name: "read the case",
        query: "query($id: ID!) { case(id: $id) { id } }",
        variables: |id| json!({ "id": id }),
        //        reporter other-cit facil.   district other-d  region  other-r  province other-p ministry admin   integr. anon
        expected: [
            OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND,
            NOT_FOUND, ANON,
        ],
    },
    Operation {
        name: "acknowledge",
        query: "mutation($id: ID!) { acknowledgeCase(caseId: $id) { status } }",
        variables: |id| json!({ "id": id }),
        expected: [
            FORBIDDEN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, NOT_FOUND,
            FORBIDDEN, NOT_FOUND, NOT_FOUND, ANON,
        ],
    },
    Operation {
        name: "mark recovered",
        query: "mutation($id: ID!) { markRecovered(caseId: $id) { status } }",
        variables: |id| json!({ "id": id }),
        expected: [
            FORBIDDEN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, NOT_FOUND,
            FORBIDDEN, NOT_FOUND, NOT_FOUND, ANON,
        ],
    },
    Operation {
        name: "add an internal note",
        query: "mutation($id: ID!) { addCaseNote(caseId: $id, note: \"Checked CCTV\") { id } }",
        variables: |id| json!({ "id": id }),
        expected: [
            FORBIDDEN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK,
            NOT_FOUND, NOT_FOUND, ANON,
        ],
    },
    Operation {
        name: "add a note for the reporter",
        query: "mutation($id: ID!) { addCaseNote(caseId: $id, note: \"We are searching\", visibleToReporter: true) { id } }",
        variables: |id| json!({ "id": id }),
        expected: [
            FORBIDDEN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, FORBIDDEN, NOT_FOUND,
            FORBIDDEN, NOT_FOUND, NOT_FOUND, ANON,
        ],
    },
    Operation {
        name: "transfer",
        query: "mutation($id: ID!) { transferCase(caseId: $id, districtId: \"PB-rawalpindi\", note: \"Seen in Pindi\") { id } }",
        variables: |id| json!({ "id": id }),
        expected: [
            FORBIDDEN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK,
            NOT_FOUND, NOT_FOUND, ANON,
        ],
    },
    Operation {
        name: "withdraw",
        query: "mutation($id: ID!) { withdrawCase(caseId: $id, note: \"Came home\") { status } }",
        variables: |id| json!({ "id": id }),
        expected: [
            OK, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN,
            NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, ANON,
        ],
    },
    Operation {
        name: "file a report",
        query: "mutation($input: ReportCaseInput!) { reportCase(input: $input) { trackingCode } }",
        variables: |_| json!({ "input": case_input(LAHORE) }),
        expected: [
            OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            FORBIDDEN, FORBIDDEN, FORBIDDEN, ANON,
        ],
    },
    Operation {
        name: "create a staff account",
        query: "mutation { createUser(input: { username: \"new.dpo\", displayName: \"DPO\", role: DISTRICT_POLICE, districtId: \"PB-lahore\" }) { initialPassword } }",
        variables: |_| json!({}),
        expected: [
            FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, ANON,
        ],
    },
    Operation {
        name: "list staff accounts",
        query: "query { users { nodes { id } } }",
        variables: |_| json!({}),
        expected: [
            FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, ANON,
        ],
    },
    Operation {
        name: "read the audit log",
        query: "query { auditLog { nodes { action } } }",
        variables: |_| json!({}),
        expected: [
            FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN,
            FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, ANON,
        ],
    },
];

fn outcome(body: &Value) -> String {
    match body["errors"][0]["extensions"]["code"].as_str() {
        Some(code) => code.to_owned(),
        None if body["data"].is_object() => OK.to_owned(),
        None => format!("unexpected answer {body}"),
    }
}

#[tokio::test]
async fn every_role_may_do_what_its_scope_allows_and_nothing_else() {
    let app = TestApp::spawn().await;
    let cast = cast(&app).await;
    let mut wrong = Vec::new();

    for operation in OPERATIONS {
        for ((who, user), expected) in cast.people.iter().zip(operation.expected) {
            // A fresh case for every attempt: earlier steps must not decide later ones.
            let case = app.report(&cast.reporter, LAHORE).await;
            let variables = (operation.variables)(&case.id);
            let token = user.as_ref().map(|u| u.token.as_str());
            let response = app.gql(token, operation.query, variables).await;
            let got = outcome(&response.body);
            if got != expected {
                wrong.push(format!(
                    "{who} / {}: expected {expected}, got {got}",
                    operation.name
                ));
            }
        }
    }

    assert!(
        wrong.is_empty(),
        "authorization matrix violated:\n{}",
        wrong.join("\n")
    );
}

#[tokio::test]
async fn reporter_contact_details_reach_only_police_oversight_and_the_reporter() {
    let app = TestApp::spawn().await;
    let cast = cast(&app).await;
    let officer = &cast.people[2].1.clone().expect("the facilitation officer");
    let filed_by_officer = app.report(officer, LAHORE).await;
    let filed_by_reporter = app.report(&cast.reporter, LAHORE).await;

    let reporter_of = |user: &TestUser, id: String| {
        let app = &app;
        let user = user.clone();
        async move {
            let response = user.gql(app, ops::CASE, json!({ "id": id })).await;
            response.data()["case"]["reporter"].clone()
        }
    };

    for (who, user) in &cast.people {
        let Some(user) = user else { continue };
        let id = if *who == "facilitation officer" {
            &filed_by_officer.id
        } else {
            &filed_by_reporter.id
        };
        let may_read_case = matches!(
            *who,
            "reporter"
                | "facilitation officer"
                | "district police"
                | "regional police"
                | "provincial oversight"
                | "ministry"
        );
        if !may_read_case {
            continue;
        }
        let reporter = reporter_of(user, id.clone()).await;
        let may_see = *who != "facilitation officer";
        assert_eq!(
            !reporter.is_null(),
            may_see,
            "{who} sees reporter details: {reporter}"
        );
        if may_see {
            assert_eq!(reporter["phone"], "+923007654321", "{who}");
        }
    }
}
