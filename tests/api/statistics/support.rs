//! Seeding cases step by step and reading their statistics.

use chrono::Duration;
use serde_json::{Value, json};
use zainab_tests::{TestApp, TestUser};

pub const STATISTICS: &str = "query($filter: StatisticsFilter!) {
    statistics(filter: $filter) {
        from to total recovered recoveryRate casesPer100kChildren
        byStatus { status cases }
        byKind { kind cases }
        byProvince { id cases recovered }
        byDistrict { id name cases recovered casesPer100kChildren }
        byMonth { month cases }
        hotSpots { districtId month cases baseline }
        timings { milestone cases medianHours p90Hours }
    }
}";

/// A server whose tokens outlive the weeks the tests move its clock, with
/// or without the deadline clock.
pub async fn app(background: bool, population: Option<&str>) -> TestApp {
    let file = population.map(|text| {
        let path = std::env::temp_dir().join(format!("za-pop-{}.csv", uuid::Uuid::now_v7()));
        std::fs::write(&path, text).unwrap();
        path
    });
    let configured = file.clone();
    let app = TestApp::builder()
        .configure(move |config| {
            config.access_token_ttl = std::time::Duration::from_secs(90 * 86_400);
            config.background = background;
            config.child_population_file = configured;
        })
        .spawn()
        .await;
    // Read once at start-up; not needed afterwards.
    if let Some(path) = file {
        let _ = std::fs::remove_file(path);
    }
    app
}

pub async fn statistics(app: &TestApp, user: &TestUser, filter: Value) -> Value {
    let response = user.gql(app, STATISTICS, json!({ "filter": filter })).await;
    response.data()["statistics"].clone()
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    Acknowledge,
    Contact,
    Fir,
    Investigate,
    Recover,
    CloseAsDuplicate,
}

impl Step {
    fn operation(self) -> (&'static str, &'static str) {
        match self {
            Self::Acknowledge => (
                "mutation($id: ID!) { acknowledgeCase(caseId: $id) { status } }",
                "ACKNOWLEDGED",
            ),
            Self::Contact => (
                "mutation($id: ID!) { recordReporterContact(caseId: $id) { status } }",
                "REPORTER_CONTACTED",
            ),
            Self::Fir => (
                "mutation($id: ID!, $fir: FirInput!) { registerFir(caseId: $id, fir: $fir) { status } }",
                "FIR_REGISTERED",
            ),
            Self::Investigate => (
                "mutation($id: ID!) { startInvestigation(caseId: $id) { status } }",
                "UNDER_INVESTIGATION",
            ),
            Self::Recover => (
                "mutation($id: ID!) { markRecovered(caseId: $id) { status } }",
                "RECOVERED",
            ),
            Self::CloseAsDuplicate => (
                "mutation($id: ID!) { closeCase(caseId: $id, reason: DUPLICATE) { status } }",
                "CLOSED",
            ),
        }
    }
}

/// A seeded case as the test knows it.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub district: &'static str,
    pub province: &'static str,
    pub status: &'static str,
    /// `YYYY-MM` in Pakistan time.
    pub month: String,
    /// Each status reached, with the seconds since the report.
    pub reached: Vec<(&'static str, i64)>,
}

/// Files a case in `district` and takes `steps`, each after its minutes.
pub async fn seed(
    app: &TestApp,
    citizen: &TestUser,
    police: &TestUser,
    district: &'static str,
    steps: &[(Step, i64)],
) -> Seeded {
    let case = app.report(citizen, district).await;
    let reported_at = app.now();
    let mut seeded = Seeded {
        district,
        province: &district[..2],
        status: "REPORTED",
        month: (reported_at + Duration::hours(5))
            .format("%Y-%m")
            .to_string(),
        reached: Vec::new(),
    };
    for &(step, minutes) in steps {
        app.advance(Duration::minutes(minutes));
        let (operation, status) = step.operation();
        let fir = json!({ "number": "12/2026", "policeStation": "Model Town", "date": app.now().date_naive().to_string() });
        let response = police
            .gql(app, operation, json!({ "id": case.id, "fir": fir }))
            .await;
        let data = response.data();
        assert_eq!(
            data.as_object()
                .and_then(|o| o.values().next())
                .map(|v| v["status"].clone()),
            Some(json!(status))
        );
        seeded.status = status;
        seeded
            .reached
            .push((status, (app.now() - reported_at).num_seconds()));
    }
    seeded
}
