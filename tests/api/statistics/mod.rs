//! Oversight statistics checked against a seeded set of cases whose
//! answers the test works out on its own as it seeds them.

mod access;
mod breaches;
mod public;

use chrono::Duration;
use entities::UserRole;
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
    TestApp::builder()
        .configure(move |config| {
            config.access_token_ttl = std::time::Duration::from_secs(90 * 86_400);
            config.background = background;
            config.child_population_file = file;
        })
        .spawn()
        .await
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

/// The nearest-rank percentile in hours, computed here on its own.
fn percentile_hours(mut seconds: Vec<i64>, p: f64) -> Option<f64> {
    seconds.sort_unstable();
    if seconds.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * seconds.len() as f64).ceil() as usize;
    Some(seconds[rank.max(1) - 1] as f64 / 3600.0)
}

/// Districts with at least 3 cases in July and twice their June count.
fn hot_spots(cases: &[&Seeded]) -> Vec<Value> {
    let in_month = |district: &str, month: &str| {
        cases
            .iter()
            .filter(|c| c.district == district && c.month == month)
            .count()
    };
    let mut districts: Vec<&str> = cases.iter().map(|c| c.district).collect();
    districts.sort();
    districts.dedup();
    districts
        .into_iter()
        .filter(|d| in_month(d, "2026-07") >= 3 && in_month(d, "2026-07") >= 2 * in_month(d, "2026-06"))
        .map(|d| json!({ "districtId": d, "month": "2026-07", "cases": in_month(d, "2026-07"), "baseline": in_month(d, "2026-06") as f64 }))
        .collect()
}

fn count(list: &Value, key: &str, value: &str, field: &str) -> u64 {
    list.as_array()
        .into_iter()
        .flatten()
        .find(|row| row[key] == value)
        .and_then(|row| row[field].as_u64())
        .unwrap_or(0)
}

/// June: two cases in Lahore, two in Kasur, one in Hyderabad, each taken
/// some steps; July: four new cases in Lahore and one in Kasur.
async fn seeded_app() -> (TestApp, Vec<Seeded>) {
    let app = app(
        false,
        Some("district_id,children\nPB-lahore,2000000\nPB-kasur,800000\n"),
    )
    .await;
    let citizen = app.citizen("0300 1112233").await;
    let lahore = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    let kasur = app.staff(UserRole::DistrictPolice, "PB-kasur").await;
    let hyderabad = app.staff(UserRole::DistrictPolice, "SD-hyderabad").await;
    use Step::*;
    let mut cases = vec![
        seed(
            &app,
            &citizen,
            &lahore,
            "PB-lahore",
            &[
                (Acknowledge, 30),
                (Contact, 60),
                (Fir, 180),
                (Investigate, 5),
                (Recover, 600),
            ],
        )
        .await,
        seed(
            &app,
            &citizen,
            &lahore,
            "PB-lahore",
            &[(Acknowledge, 90), (Contact, 30), (Fir, 600)],
        )
        .await,
        seed(&app, &citizen, &kasur, "PB-kasur", &[(Acknowledge, 45)]).await,
        seed(
            &app,
            &citizen,
            &kasur,
            "PB-kasur",
            &[(Acknowledge, 20), (CloseAsDuplicate, 10)],
        )
        .await,
        seed(
            &app,
            &citizen,
            &hyderabad,
            "SD-hyderabad",
            &[(Acknowledge, 10), (Recover, 300)],
        )
        .await,
    ];
    app.advance(Duration::days(20));
    for district in [
        "PB-lahore",
        "PB-lahore",
        "PB-lahore",
        "PB-lahore",
        "PB-kasur",
    ] {
        cases.push(seed(&app, &citizen, &lahore, district, &[]).await);
    }
    (app, cases)
}

#[tokio::test]
async fn statistics_match_the_seeded_cases_counted_independently() {
    let (app, cases) = seeded_app().await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let province = app.staff(UserRole::ProvincialOversight, "PB").await;

    for (user, province_id) in [(&ministry, None), (&province, Some("PB"))] {
        let stats = statistics(&app, user, json!({ "from": "2026-06", "to": "2026-07" })).await;
        let mine: Vec<&Seeded> = cases
            .iter()
            .filter(|c| province_id.is_none_or(|p| c.province == p))
            .collect();
        let total = mine.len() as u64;
        let recovered = mine.iter().filter(|c| c.status == "RECOVERED").count() as u64;
        let closed = mine.iter().filter(|c| c.status == "CLOSED").count() as u64;
        assert_eq!(stats["total"], total);
        assert_eq!(stats["recovered"], recovered);
        assert_eq!(
            stats["recoveryRate"].as_f64(),
            Some(recovered as f64 / (total - closed) as f64)
        );
        for status in [
            "REPORTED",
            "ACKNOWLEDGED",
            "FIR_REGISTERED",
            "RECOVERED",
            "CLOSED",
        ] {
            let expected = mine.iter().filter(|c| c.status == status).count() as u64;
            assert_eq!(
                count(&stats["byStatus"], "status", status, "cases"),
                expected,
                "{status}"
            );
        }
        for district in ["PB-lahore", "PB-kasur", "SD-hyderabad"] {
            let expected = mine.iter().filter(|c| c.district == district).count() as u64;
            assert_eq!(
                count(&stats["byDistrict"], "id", district, "cases"),
                expected,
                "{district}"
            );
        }
        assert_eq!(
            count(&stats["byKind"], "kind", "MISSING_CHILD", "cases"),
            total
        );
        let months: Vec<Value> = ["2026-06", "2026-07"]
            .into_iter()
            .map(|month| json!({ "month": month, "cases": mine.iter().filter(|c| c.month == month).count() }))
            .collect();
        assert_eq!(stats["byMonth"], json!(months));
        assert_eq!(stats["hotSpots"], json!(hot_spots(&mine)));
        for (milestone, status) in [
            ("ACKNOWLEDGED", "ACKNOWLEDGED"),
            ("REPORTER_CONTACTED", "REPORTER_CONTACTED"),
            ("FIR_REGISTERED", "FIR_REGISTERED"),
            ("RECOVERED", "RECOVERED"),
        ] {
            let seconds: Vec<i64> = mine
                .iter()
                .flat_map(|c| {
                    c.reached
                        .iter()
                        .filter(|(s, _)| *s == status)
                        .map(|(_, t)| *t)
                })
                .collect();
            let timing = stats["timings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["milestone"] == milestone)
                .unwrap();
            assert_eq!(timing["cases"], seconds.len() as u64, "{milestone}");
            assert_eq!(
                timing["medianHours"].as_f64(),
                percentile_hours(seconds.clone(), 50.0),
                "{milestone}"
            );
            assert_eq!(
                timing["p90Hours"].as_f64(),
                percentile_hours(seconds, 90.0),
                "{milestone}"
            );
        }
    }
}

#[tokio::test]
async fn cases_per_100k_children_use_the_loaded_population() {
    let (app, cases) = seeded_app().await;
    let ministry = app.staff(UserRole::Ministry, "").await;
    let lahore = cases.iter().filter(|c| c.district == "PB-lahore").count() as f64;
    let kasur = cases.iter().filter(|c| c.district == "PB-kasur").count() as f64;

    let all = statistics(
        &app,
        &ministry,
        json!({ "from": "2026-06", "to": "2026-07" }),
    )
    .await;
    let one = statistics(
        &app,
        &ministry,
        json!({ "from": "2026-06", "to": "2026-07", "districtId": "PB-lahore" }),
    )
    .await;

    let per_100k = |district: &str| {
        all["byDistrict"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == district)
            .unwrap()["casesPer100kChildren"]
            .clone()
    };
    assert_eq!(
        per_100k("PB-lahore").as_f64(),
        Some(lahore * 100_000.0 / 2_000_000.0)
    );
    assert_eq!(
        per_100k("PB-kasur").as_f64(),
        Some(kasur * 100_000.0 / 800_000.0)
    );
    assert!(
        per_100k("SD-hyderabad").is_null(),
        "no population loaded for it"
    );
    assert!(
        all["casesPer100kChildren"].is_null(),
        "most districts have no figure"
    );
    assert_eq!(one["total"], lahore as u64);
    assert_eq!(
        one["casesPer100kChildren"].as_f64(),
        Some(lahore * 100_000.0 / 2_000_000.0)
    );
}
