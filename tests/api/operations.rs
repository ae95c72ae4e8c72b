//! What operators and load balancers read: health, readiness and metrics.

use chrono::Duration;
use entities::UserRole;
use serde_json::json;
use zainab_tests::TestApp;

async fn metrics(app: &TestApp) -> String {
    let response = app
        .http()
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 200);
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    response.text().await.expect("text")
}

/// The value of the sample line that starts with `prefix`.
fn sample(text: &str, prefix: &str) -> f64 {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no sample {prefix:?} in\n{text}"))
}

#[tokio::test]
async fn a_replica_says_it_is_alive_and_ready() {
    let app = TestApp::spawn().await;
    for path in ["/health/live", "/health/ready"] {
        let response = app.http().get(app.url(path)).send().await.expect("answer");
        assert_eq!(response.status().as_u16(), 200, "{path}");
    }
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_show_the_backlogs() {
    // A gateway that does not answer, so that the alert SMS waits.
    let app = TestApp::builder()
        .configure(|config| {
            config.sms_gateway = zainab_api::config::SmsGatewayKind::Kannel;
            config.kannel_sendsms_url = Some("http://127.0.0.1:9/cgi-bin/sendsms".to_owned());
            config.kannel_username = Some("zainab".to_owned());
            config.kannel_password = Some("secret".to_owned().into());
        })
        .spawn()
        .await;
    let citizen = app.citizen("+923001112299").await;
    let before = metrics(&app).await;
    assert_eq!(sample(&before, "zainab_deadlines_overdue "), 0.0);

    app.report(&citizen, "PB-lahore").await;
    let police = app.staff(UserRole::DistrictPolice, "PB-lahore").await;
    assert!(police.gql(&app, "{ me { id } }", json!({})).await.is_ok());
    // The first legal deadline (contacting the reporter) runs out.
    app.advance(Duration::days(2));

    let after = metrics(&app).await;
    let graphql = r#"zainab_http_requests_total{route="/graphql",method="POST",status="200"} "#;
    assert!(sample(&after, graphql) >= 4.0, "{after}");
    let fastest = r#"zainab_http_request_duration_seconds_bucket{le="0.001",route="/graphql"} "#;
    let slowest = r#"zainab_http_request_duration_seconds_bucket{le="+Inf",route="/graphql"} "#;
    assert_eq!(sample(&after, slowest), sample(&after, graphql));
    assert!(sample(&after, fastest) <= sample(&after, slowest));
    assert!(
        sample(&after, "zainab_deadlines_overdue ") >= 1.0,
        "{after}"
    );
    // The alert SMS to the district's police waits for a gateway.
    assert!(sample(&after, "zainab_outbox_pending ") >= 1.0, "{after}");
    assert!(sample(&after, "zainab_outbox_oldest_pending_seconds ") >= 172_800.0);
    assert!(after.contains("zainab_face_jobs_waiting "));
    // Nothing about a person.
    for private in ["Ayesha", "Nasreen", "0300", "+92"] {
        assert!(!after.contains(private), "{private:?} in the metrics");
    }
}
