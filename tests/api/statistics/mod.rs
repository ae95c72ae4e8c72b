//! Oversight statistics checked against a seeded set of cases whose
//! answers the test works out on its own as it seeds them.

mod access;
mod breaches;
mod public;
mod support;

pub use support::{STATISTICS, Seeded, Step, app, seed, statistics};

use chrono::Duration;
use entities::UserRole;
use serde_json::{Value, json};
use zainab_tests::TestApp;

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
