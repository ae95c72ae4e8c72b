//! The public monthly figures: anonymous, and small counts suppressed.

use serde_json::{Value, json};

use super::app;

const PUBLIC: &str = "query($month: String!) {
    publicStatistics(month: $month) {
        month threshold medianHoursToFir
        cases { value display }
        recovered { value display }
        byProvince { provinceId cases { value display } recovered { value display } }
        byKind { kind cases { value display } }
    }
}";

fn province<'a>(stats: &'a Value, id: &str) -> &'a Value {
    stats["byProvince"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["provinceId"] == id))
        .unwrap_or(&Value::Null)
}

#[tokio::test]
async fn counts_below_five_are_shown_only_as_fewer_than_five() {
    let app = app(false, None).await;
    let citizen = app.citizen("0300 1112233").await;
    for _ in 0..6 {
        app.report(&citizen, "PB-lahore").await;
    }
    for _ in 0..2 {
        app.report(&citizen, "SD-hyderabad").await;
    }
    let mut abduction = zainab_tests::users::case_input("SD-hyderabad");
    abduction["kind"] = json!("ABDUCTION");
    app.report_with(&citizen, abduction).await;

    let response = app.anonymous(PUBLIC, json!({ "month": "2026-06" })).await;
    let stats = &response.data()["publicStatistics"];

    assert_eq!(stats["threshold"], 5);
    assert_eq!(stats["cases"], json!({ "value": 9, "display": "9" }));
    assert_eq!(stats["recovered"], json!({ "value": 0, "display": "0" }));
    assert_eq!(
        province(stats, "PB")["cases"],
        json!({ "value": 6, "display": "6" })
    );
    assert_eq!(
        province(stats, "SD")["cases"],
        json!({ "value": null, "display": "<5" })
    );
    assert_eq!(
        province(stats, "KP")["cases"],
        json!({ "value": 0, "display": "0" })
    );
    let abductions = stats["byKind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "ABDUCTION")
        .unwrap();
    assert_eq!(abductions["cases"]["display"], "<5");
    assert!(stats["medianHoursToFir"].is_null(), "no FIR was registered");
    assert!(
        !response.body.to_string().contains("Ayesha"),
        "no personal data"
    );

    let later = app.anonymous(PUBLIC, json!({ "month": "2026-07" })).await;
    assert_eq!(later.data()["publicStatistics"]["cases"]["value"], 0);
    let bad = app.anonymous(PUBLIC, json!({ "month": "2026-6" })).await;
    assert_eq!((bad.code(), bad.field()), ("BAD_USER_INPUT", "month"));
}

#[tokio::test]
async fn the_threshold_is_configurable() {
    let app = zainab_tests::TestApp::builder()
        .configure(|config| config.public_min_count = 3)
        .spawn()
        .await;
    let citizen = app.citizen("0300 1112233").await;
    for district in ["SD-hyderabad", "SD-hyderabad", "SD-hyderabad", "PB-lahore"] {
        app.report(&citizen, district).await;
    }
    let response = app.anonymous(PUBLIC, json!({ "month": "2026-06" })).await;
    let stats = &response.data()["publicStatistics"];
    assert_eq!(province(stats, "SD")["cases"]["display"], "3");
    assert_eq!(province(stats, "PB")["cases"]["display"], "<3");
}
