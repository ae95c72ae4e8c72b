//! Alerts through a real SMS gateway: Kannel with its fake SMS centre. What
//! the platform queues arrives, in English and Urdu, is reported delivered,
//! survives the gateway going down and a dispatcher dying, and is never
//! sent twice when several dispatchers run.

use std::{collections::HashMap, sync::Arc, time::Duration};

use chrono::Duration as Span;
use entities::{Language, OutboxStatus, UserRole, outbox};
use sea_orm::EntityTrait;
use serde_json::json;
use zainab_api::notify::{dispatcher, gateway, outbox as queue};
use zainab_tests::{TestApp, eventually, kannel::Kannel};

use crate::alerts::{LAHORE, LAHORE_REGION};

const ARRIVAL: Duration = Duration::from_secs(10);
const REPORTER: &str = "+923007654321";

async fn rows(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .all(&app.state.db)
        .await
        .expect("the outbox")
}

/// How often each receiver got each text: every count must be one.
fn tally(received: &[zainab_tests::kannel::Received]) -> HashMap<(String, String), usize> {
    let mut counts = HashMap::new();
    for sms in received {
        *counts
            .entry((sms.receiver.clone(), sms.text.clone()))
            .or_default() += 1;
    }
    counts
}

#[tokio::test]
async fn a_filed_case_reaches_the_police_the_duty_desk_and_the_reporter_and_is_reported_delivered()
{
    let kannel = Kannel::start().await;
    let app = TestApp::builder().with_kannel(&kannel).spawn().await;
    let admin = app.staff(UserRole::SystemAdmin, "").await;
    let district = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let region = app
        .staff_speaking(UserRole::RegionalPolice, LAHORE_REGION, Language::Urdu)
        .await;
    let desk = json!({ "level": "DISTRICT", "jurisdictionId": LAHORE, "label": "DPO Lahore control room", "phone": "0321 5550001" });
    admin
        .gql(
            &app,
            "mutation($input: DutyContactInput!) { addDutyContact(input: $input) { id } }",
            json!({ "input": desk }),
        )
        .await
        .data();
    let citizen = app.citizen("0300 1112233").await;

    let case = app.report(&citizen, LAHORE).await;

    let received = kannel.wait_for(4, ARRIVAL).await;
    assert_eq!(received.len(), 4, "{received:?}");
    let by_receiver: HashMap<&str, &str> = received
        .iter()
        .map(|s| (s.receiver.as_str(), s.text.as_str()))
        .collect();
    let police = by_receiver[district.phone.as_deref().unwrap()];
    assert!(
        police.starts_with(&format!("ZAINAB ALERT {}: Ayesha, 7, missing", case.number)),
        "{police}"
    );
    assert!(by_receiver["+923215550001"].contains(&case.number));
    let urdu = by_receiver[region.phone.as_deref().unwrap()];
    assert!(
        urdu.contains("زینب الرٹ") && urdu.contains("لاہور"),
        "{urdu}"
    );
    let receipt = by_receiver[REPORTER];
    assert!(receipt.contains(&case.tracking_code), "{receipt}");
    // Exactly what was queued, character for character.
    for row in rows(&app).await {
        assert_eq!(by_receiver[row.to_phone.as_str()], row.body);
    }
    assert!(tally(&received).values().all(|&n| n == 1));

    // A delivery report may come back before the dispatcher has written
    // down the gateway's answer: wait for both.
    let mut delivered = rows(&app).await;
    for _ in 0..200 {
        if delivered
            .iter()
            .all(|r| r.status == OutboxStatus::Delivered && r.gateway.is_some())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        delivered = rows(&app).await;
    }
    let states: Vec<_> = delivered
        .iter()
        .map(|r| (r.status, r.delivery_report.clone(), r.segments))
        .collect();
    assert!(
        delivered
            .iter()
            .all(|r| r.status == OutboxStatus::Delivered),
        "delivery reports for every message: {states:?}{}",
        kannel.log_tail(80)
    );
    for row in delivered {
        assert_eq!(row.gateway.as_deref(), Some("kannel"));
        assert!(
            row.gateway_answer
                .as_deref()
                .unwrap_or_default()
                .contains("Accepted"),
            "{:?}",
            row.gateway_answer
        );
        assert_eq!(row.attempts, 1);
        assert!(row.delivered_at.is_some());
    }
}

#[tokio::test]
async fn messages_wait_while_the_gateway_is_down_and_go_out_once_when_it_is_back() {
    let mut kannel = Kannel::start().await;
    let app = TestApp::builder().with_kannel(&kannel).spawn().await;
    app.staff(UserRole::DistrictPolice, LAHORE).await;
    let citizen = app.citizen("0300 1112233").await;
    kannel.stop_smsbox().await;

    app.report(&citizen, LAHORE).await;
    app.report(&citizen, LAHORE).await;

    // Attempts fail and are retried as the clock moves on; nothing is lost.
    for attempt in 1..=3 {
        eventually(
            &format!("failed attempt {attempt} on every message"),
            || async {
                let all = rows(&app).await;
                all.iter()
                    .all(|r| {
                        r.status == OutboxStatus::Pending
                            && r.attempts == attempt
                            && r.last_error.is_some()
                            && r.lease_until.is_none()
                    })
                    .then_some(())
            },
        )
        .await;
        app.advance(Span::minutes(2));
    }
    let waiting = rows(&app).await;
    assert_eq!(waiting.len(), 4);
    assert!(waiting.iter().all(|r| {
        r.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("unreachable")
    }));
    assert!(kannel.received().is_empty());

    // Back within the two hours, so that no escalation joins in.
    kannel.start_smsbox().await;
    app.advance(Span::minutes(20));
    let received = kannel.wait_for(4, ARRIVAL).await;
    assert_eq!(received.len(), 4, "{received:?}");
    eventually("every message recorded as sent", || async {
        rows(&app)
            .await
            .iter()
            .all(|r| r.status != OutboxStatus::Pending)
            .then_some(())
    })
    .await;
    // More time and more rounds send nothing again.
    app.advance(Span::minutes(20));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = kannel.received();
    assert_eq!(received.len(), 4, "{received:#?}");
    assert!(tally(&received).values().all(|&n| n == 1));
}

#[tokio::test]
async fn a_dispatcher_that_dies_after_claiming_loses_nothing() {
    let kannel = Kannel::start().await;
    let app = TestApp::builder()
        .with_kannel(&kannel)
        .configure(|config| config.background = false)
        .spawn()
        .await;
    app.staff(UserRole::DistrictPolice, LAHORE).await;
    let citizen = app.citizen("0300 1112233").await;
    app.report(&citizen, LAHORE).await;
    let gateway = Arc::new(gateway::from_config(&app.state).expect("the Kannel gateway"));

    // A dispatcher claims both messages and dies before sending them.
    let claimed = queue::claim(&app.state.db, "dead", app.now(), Span::seconds(60), 10)
        .await
        .expect("a claim");
    assert_eq!(claimed.len(), 2);

    // While its lease runs, nobody else touches them.
    let sent = dispatcher::dispatch_once(&app.state, &gateway, "survivor")
        .await
        .expect("a round");
    assert_eq!(sent, 0);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(kannel.received().is_empty());

    // Once it has lapsed, another dispatcher sends them, once.
    app.advance(Span::seconds(61));
    let sent = dispatcher::dispatch_once(&app.state, &gateway, "survivor")
        .await
        .expect("a round");
    assert_eq!(sent, 2);
    let received = kannel.wait_for(2, ARRIVAL).await;
    assert_eq!(received.len(), 2);
    // The dead dispatcher, come back to life, can no longer record anything.
    let stale = queue::mark_sent(
        &app.state.db,
        claimed[0].id,
        "dead",
        "kannel",
        "late",
        app.now(),
    )
    .await
    .expect("an update");
    assert!(!stale);
    let all = rows(&app).await;
    assert!(
        all.iter()
            .all(|r| r.status != OutboxStatus::Pending
                && r.lease_owner.as_deref() == Some("survivor"))
    );
    assert!(
        all.iter().all(|r| r.attempts == 2),
        "one lapsed claim, one send: {all:?}"
    );
}

#[tokio::test]
async fn several_dispatchers_at_once_send_each_message_exactly_once() {
    let kannel = Kannel::start().await;
    let app = TestApp::builder()
        .with_kannel(&kannel)
        .configure(|config| {
            config.background = false;
            config.dispatch_concurrency = 4;
        })
        .spawn()
        .await;
    app.staff(UserRole::DistrictPolice, LAHORE).await;
    app.staff(UserRole::RegionalPolice, LAHORE_REGION).await;
    let citizen = app.citizen("0300 1112233").await;
    for _ in 0..10 {
        app.report(&citizen, LAHORE).await;
    }
    let gateway = Arc::new(gateway::from_config(&app.state).expect("the Kannel gateway"));

    let dispatchers = (0..3).map(|n| {
        let (state, gateway) = (app.state.clone(), gateway.clone());
        tokio::spawn(async move {
            let owner = format!("dispatcher-{n}");
            let mut sent = 0;
            loop {
                match dispatcher::dispatch_once(&state, &gateway, &owner)
                    .await
                    .expect("a round")
                {
                    0 => return sent,
                    n => sent += n,
                }
            }
        })
    });
    let sent: usize = futures_util::future::join_all(dispatchers)
        .await
        .into_iter()
        .map(|r| r.expect("a dispatcher"))
        .sum();
    assert_eq!(sent, 30);

    let received = kannel.wait_for(30, ARRIVAL).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received_after = kannel.received();
    assert_eq!(received.len(), 30);
    assert_eq!(received_after.len(), 30);
    assert!(tally(&received_after).values().all(|&n| n == 1));
    assert!(rows(&app).await.iter().all(|r| r.attempts == 1));
}

#[tokio::test]
async fn a_delivery_report_that_overtakes_the_gateways_answer_is_kept() {
    let app = TestApp::builder()
        .configure(|config| config.background = false)
        .spawn()
        .await;
    let citizen = app.citizen("0300 1112233").await;
    app.report(&citizen, LAHORE).await;
    let claimed = queue::claim(&app.state.db, "one", app.now(), Span::seconds(60), 10)
        .await
        .expect("a claim");
    let receipt = &claimed[0];

    // The network reports delivery before the dispatcher records the send.
    let report = |kind: u32| {
        let id = receipt.id;
        let sig = zainab_api::notify::callbacks::sign(&app.state.callback_key, id);
        app.http()
            .get(app.url(&format!(
                "/sms/kannel/delivery?id={id}&sig={sig}&type={kind}"
            )))
            .send()
    };
    assert_eq!(report(1).await.expect("an answer").status(), 200);
    let recorded = queue::mark_sent(
        &app.state.db,
        receipt.id,
        "one",
        "kannel",
        "0: Accepted",
        app.now(),
    )
    .await
    .expect("an update");
    assert!(recorded);
    // A late interim report changes nothing either.
    assert_eq!(report(8).await.expect("an answer").status(), 200);

    let row = outbox::Entity::find_by_id(receipt.id)
        .one(&app.state.db)
        .await
        .expect("a read")
        .expect("the row");
    assert_eq!(row.status, OutboxStatus::Delivered);
    assert_eq!(row.delivery_report.as_deref(), Some("delivered"));
    assert_eq!(row.gateway_answer.as_deref(), Some("0: Accepted"));
}

#[tokio::test]
async fn delivery_reports_need_the_signature_of_their_own_message() {
    let app = TestApp::builder()
        .configure(|config| config.background = false)
        .spawn()
        .await;
    let citizen = app.citizen("0300 1112233").await;
    app.report(&citizen, LAHORE).await;
    let all = rows(&app).await;
    let (one, other) = (all[0].id, all.get(1).map_or(uuid::Uuid::now_v7(), |r| r.id));
    let key = &app.state.callback_key;
    let forged = zainab_api::notify::callbacks::sign(key, other);
    let good = zainab_api::notify::callbacks::sign(key, one);

    let status = |query: String| {
        let request = app
            .http()
            .get(app.url(&format!("/sms/kannel/delivery?{query}")));
        async move { request.send().await.expect("an answer").status().as_u16() }
    };
    assert_eq!(status(format!("id={one}&sig={forged}&type=1")).await, 403);
    assert_eq!(status(format!("id={one}&sig=zz&type=1")).await, 403);
    assert_eq!(status(format!("id={one}&type=1")).await, 400);
    assert_eq!(status(format!("id=not-an-id&sig={good}&type=1")).await, 400);
    assert_eq!(status(format!("id={one}&sig={good}&type=3")).await, 400);
    assert!(rows(&app).await.iter().all(|r| r.delivery_report.is_none()));

    assert_eq!(status(format!("id={one}&sig={good}&type=2")).await, 200);
    let row = rows(&app)
        .await
        .into_iter()
        .find(|r| r.id == one)
        .expect("the row");
    assert_eq!(row.delivery_report.as_deref(), Some("failed"));
}
