//! The Kannel harness against the real gateway: what goes into sendsms comes
//! out at the fake SMS centre, and the gateway can be taken down and back.

use std::time::Duration;

use zainab_tests::kannel::{Coding, DeliveryReports, Kannel, dlr};

const ARRIVAL: Duration = Duration::from_secs(10);
const SENDER: &str = "8583";
const RECEIVER: &str = "+923001234567";
const URDU: &str = "زینب الرٹ: کیس ZA-2026-000123";

/// Sends `text` from [`SENDER`] to [`RECEIVER`] with extra sendsms parameters.
async fn sendsms(
    kannel: &Kannel,
    password: &str,
    text: &str,
    extra: &[(&str, &str)],
) -> reqwest::Result<reqwest::Response> {
    reqwest::Client::new()
        .get(kannel.sendsms_url())
        .query(&[
            ("username", kannel.username()),
            ("password", password),
            ("from", SENDER),
            ("to", RECEIVER),
            ("text", text),
        ])
        .query(extra)
        .timeout(Duration::from_secs(10))
        .send()
        .await
}

async fn send_accepted(kannel: &Kannel, text: &str, extra: &[(&str, &str)]) {
    let response = sendsms(kannel, kannel.password(), text, extra)
        .await
        .expect("sendsms answers");
    assert_eq!(response.status(), 202);
    assert_eq!(
        response.text().await.expect("a body"),
        "0: Accepted for delivery"
    );
}

#[tokio::test]
async fn an_english_sms_sent_through_sendsms_arrives_at_the_fake_smsc_intact() {
    let kannel = Kannel::start().await;
    let text = "Case ZA-2026-000123: Ayesha, 7, last seen in Lahore. \
                Track: https://za.example/t?c=AB12&x=100% +ok <b>";

    send_accepted(&kannel, text, &[]).await;
    let received = kannel.wait_for(1, ARRIVAL).await;

    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].sender, SENDER);
    assert_eq!(received[0].receiver, RECEIVER);
    assert_eq!(received[0].coding, Coding::Text);
    assert_eq!(received[0].text, text);
    assert_eq!(kannel.unparsed(), Vec::<String>::new());
}

#[tokio::test]
async fn an_urdu_sms_sent_as_ucs2_arrives_intact() {
    let kannel = Kannel::start().await;

    send_accepted(&kannel, URDU, &[("coding", "2"), ("charset", "UTF-8")]).await;
    let received = kannel.wait_for(1, ARRIVAL).await;

    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].coding, Coding::Ucs2);
    assert_eq!(received[0].text, URDU);
}

#[tokio::test]
async fn a_wrong_sendsms_password_is_refused_and_nothing_arrives() {
    let kannel = Kannel::start().await;

    let refused = sendsms(&kannel, "not-the-password", "refused", &[])
        .await
        .expect("sendsms answers");
    // Messages reach the fake SMS centre in the order sendsms took them: once
    // the later one is there, the refused one would be there too.
    send_accepted(&kannel, "accepted", &[]).await;
    let received = kannel.wait_for(1, ARRIVAL).await;

    assert_eq!(refused.status(), 403);
    let texts: Vec<&str> = received.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["accepted"]);
}

#[tokio::test]
async fn sendsms_is_unreachable_while_smsbox_is_stopped_and_works_after_it_restarts() {
    let mut kannel = Kannel::start().await;

    kannel.stop_smsbox().await;
    let while_down = sendsms(&kannel, kannel.password(), "while down", &[]).await;
    kannel.start_smsbox().await;
    send_accepted(&kannel, "back again", &[]).await;
    let received = kannel.wait_for(1, ARRIVAL).await;

    let err = while_down.expect_err("sendsms refuses connections while smsbox is down");
    assert!(err.is_connect(), "{err:?}");
    let texts: Vec<&str> = received.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["back again"]);
}

#[tokio::test]
async fn delivery_reports_reach_the_dlr_url_as_accepted_then_delivered() {
    let kannel = Kannel::start().await;
    let reports = DeliveryReports::start().await;
    let mask = dlr::ALL.to_string();
    let url = reports.url("outbox-42");

    send_accepted(
        &kannel,
        "with a report",
        &[("dlr-mask", &mask), ("dlr-url", &url)],
    )
    .await;
    let arrived = reports.wait_for(2, ARRIVAL).await;

    let codes: Vec<u8> = arrived.iter().map(|report| report.code).collect();
    assert_eq!(codes, [dlr::SMSC_ACCEPTED, dlr::DELIVERED], "{arrived:?}");
    assert_eq!(arrived[0].answer, "ACK/");
    for report in &arrived {
        assert_eq!(report.reference, "outbox-42");
        assert_eq!(report.smsc, "fake");
        assert_eq!(report.to, RECEIVER);
        assert_eq!(report.from, SENDER);
    }
}
