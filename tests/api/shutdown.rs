//! Stopping a server as SIGTERM does: requests in flight are answered, live
//! subscribers are told to go elsewhere, and the background workers give
//! back what they could not finish, so another replica takes it at once.
//! And a database that cannot be reached: readiness fails and requests say
//! `SERVICE_UNAVAILABLE`, never `INTERNAL`. (A real PostgreSQL restart,
//! with the pool reconnecting, is in the load bench: `tests/benches/load/`.)

use std::time::Duration;

use entities::{FaceStatus, OutboxStatus, UserRole, face_job, outbox};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::watch,
};
use zainab_api::{
    config::SmsGatewayKind,
    faces::{model::Engine, worker},
};
use zainab_tests::{
    TestApp, eventually, face_model_dir,
    live::{Frame, live_ops::SCOPE_FEED},
};

use crate::faces::{add, photo};

const LAHORE: &str = "PB-lahore";

#[tokio::test]
async fn a_live_subscriber_is_told_the_server_is_shutting_down() {
    let mut app = TestApp::spawn().await;
    let officer = app.staff(UserRole::FacilitationOfficer, LAHORE).await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let mut live = app.live(Some(&police.token)).await;
    live.subscribe(
        "1",
        SCOPE_FEED,
        json!({ "after": app.last_event_id().await }),
    )
    .await;
    // One event through proves the subscription is live.
    let filed = app.report(&officer, LAHORE).await;
    assert_eq!(
        live.data("1").await["scopeFeed"]["caseNumber"],
        filed.number.as_str()
    );

    app.shut_down().await;

    // The stream ends with where to resume, then the connection closes.
    assert_eq!(live.error_code("1").await, "CONFLICT");
    assert_eq!(
        live.next().await,
        Frame::Closed {
            code: 1001,
            reason: "server shutting down".to_owned()
        }
    );
}

#[tokio::test]
async fn a_request_in_flight_when_the_server_stops_is_answered() {
    let mut app = TestApp::spawn().await;
    let body = json!({ "query": "{ provinces { id } }" }).to_string();
    let (first, rest) = body.split_at(body.len() / 2);

    // A client that sends its request slowly: the head and half the body.
    let mut slow = TcpStream::connect(app.address).await.expect("a connection");
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{first}",
        app.address,
        body.len()
    );
    slow.write_all(head.as_bytes()).await.expect("sending");
    eventually("the slow request to reach its handler", || async {
        (in_flight(&app).await >= 2).then_some(())
    })
    .await;

    let address = app.address;
    let stopping = tokio::spawn(async move { app.shut_down().await });
    eventually("the server to stop taking connections", || async {
        TcpStream::connect(address).await.is_err().then_some(())
    })
    .await;

    slow.write_all(rest.as_bytes())
        .await
        .expect("sending the rest");
    let mut answer = String::new();
    slow.read_to_string(&mut answer).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let json = &answer[answer.find("\r\n\r\n").expect("a body") + 4..];
    let provinces: Value = serde_json::from_str(json.trim()).expect("JSON");
    assert_eq!(
        provinces["data"]["provinces"].as_array().map(Vec::len),
        Some(7)
    );
    stopping.await.expect("the server stopped");
}

#[tokio::test]
async fn a_face_worker_stopped_mid_job_releases_it_for_the_next_worker() {
    let app = TestApp::builder()
        .configure(|config| config.shutdown_timeout = Duration::ZERO)
        .spawn()
        .await;
    let citizen = app.citizen("+923001112233").await;
    let case = app.report(&citizen, LAHORE).await;
    let photo_id = add(&app, &citizen, &case.id, photo("obama.jpg")).await;

    // A model of its own, held busy, keeps the worker on its job.
    let engine = tokio::task::spawn_blocking(|| {
        Engine::load(Some(&face_model_dir())).unwrap_or_else(|err| panic!("{err:#}"))
    })
    .await
    .expect("the model");
    let engine = std::sync::Arc::new(std::sync::Mutex::new(engine));
    let (hold, held) = std::sync::mpsc::channel::<()>();
    let busy = tokio::task::spawn_blocking({
        let engine = engine.clone();
        move || {
            let _guard = engine.lock().expect("the model");
            let _ = held.recv();
        }
    });
    let (stop, stopped) = watch::channel(false);
    let running = tokio::spawn(worker::run(app.state.clone(), engine.clone(), stopped));
    let claimed = eventually("the worker to claim the photo", || async {
        job(&app, &photo_id).await.lease_owner
    })
    .await;

    stop.send(true).expect("the worker listens");
    running.await.expect("the worker stopped");
    let released = job(&app, &photo_id).await;
    assert_eq!(released.status, FaceStatus::Pending);
    assert_eq!((released.lease_until, released.lease_owner), (None, None));
    assert_eq!(released.attempts, 0, "the cut-short try does not count");

    // Another worker takes it at once, without waiting for a lease to pass.
    drop(hold);
    busy.await.expect("the model is free");
    let next = worker::owner_name();
    assert_ne!(next, claimed);
    assert!(
        worker::step(&app.state, &engine, &next)
            .await
            .expect("a step")
    );
    let done = job(&app, &photo_id).await;
    assert_eq!((done.status, done.attempts), (FaceStatus::OneFace, 1));
}

#[tokio::test]
async fn an_sms_dispatcher_stopped_mid_send_releases_its_messages() {
    // A gateway that takes connections and never answers.
    let gateway = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!(
        "http://{}/cgi-bin/sendsms",
        gateway.local_addr().expect("an address")
    );
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = gateway.accept().await {
            open.push(socket);
        }
    });
    let mut app = TestApp::builder()
        .configure(move |config| {
            config.shutdown_timeout = Duration::ZERO;
            config.sms_gateway = SmsGatewayKind::Kannel;
            config.kannel_sendsms_url = Some(url);
            config.kannel_username = Some("zainab".to_owned());
            config.kannel_password = Some("secret".to_owned().into());
        })
        .spawn()
        .await;
    let citizen = app.citizen("+923001112233").await;
    app.report(&citizen, LAHORE).await;
    eventually("the dispatcher to claim the receipt", || async {
        let claimed = messages(&app).await.iter().any(|m| m.lease_owner.is_some());
        claimed.then_some(())
    })
    .await;

    app.shut_down().await;

    let messages = messages(&app).await;
    assert!(!messages.is_empty());
    for message in messages {
        assert_eq!(message.status, OutboxStatus::Pending);
        assert_eq!((message.lease_until, message.lease_owner), (None, None));
    }
}

async fn in_flight(app: &TestApp) -> u64 {
    let scrape = app
        .http()
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    scrape
        .lines()
        .find_map(|line| line.strip_prefix("zainab_http_requests_in_flight "))
        .and_then(|value| value.trim().parse().ok())
        .expect("the in-flight gauge")
}

async fn job(app: &TestApp, photo_id: &str) -> face_job::Model {
    let photo_id: uuid::Uuid = photo_id.parse().expect("a photo id");
    face_job::Entity::find()
        .filter(face_job::Column::PhotoId.eq(photo_id))
        .one(&app.state.db)
        .await
        .expect("a query")
        .expect("the photo's job")
}

async fn messages(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .all(&app.state.db)
        .await
        .expect("a query")
}

#[tokio::test]
async fn while_the_database_cannot_be_reached_the_server_says_unavailable_not_internal() {
    let app = TestApp::spawn().await;
    let police = app.staff(UserRole::DistrictPolice, LAHORE).await;
    let ready = app
        .http()
        .get(app.url("/health/ready"))
        .send()
        .await
        .expect("ready");
    assert_eq!(ready.status(), 200);

    // Every connection gone, as when the database server goes away.
    app.state.db.close_by_ref().await.expect("closing the pool");

    let ready = app
        .http()
        .get(app.url("/health/ready"))
        .send()
        .await
        .expect("ready");
    assert_eq!(ready.status(), 503);
    let cases = police
        .gql(&app, "{ cases(first: 5) { nodes { id } } }", json!({}))
        .await;
    assert_eq!(cases.code(), "SERVICE_UNAVAILABLE");
    let public = app
        .anonymous("{ register(first: 5) { nodes { caseNumber } } }", json!({}))
        .await;
    assert_eq!(public.code(), "SERVICE_UNAVAILABLE");
    // The process itself is alive: only readiness fails.
    let live = app
        .http()
        .get(app.url("/health/live"))
        .send()
        .await
        .expect("live");
    assert_eq!(live.status(), 200);
}
