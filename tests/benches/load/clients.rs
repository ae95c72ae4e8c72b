//! The virtual clients: citizens filing cases with a photo, district police
//! taking the first steps on them, the public searching the register, and
//! police dashboards following their district live. Each request's outcome
//! and time are kept, with when it started, so that a fault's window can be
//! told apart.

use std::{
    collections::VecDeque,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};
use zainab_tests::{photos, users::case_input};

/// Longer than any request should take: one that runs out counts as a hang.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    Intake,
    Police,
    Search,
    Health,
}

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Intake => "intake + photo",
            Op::Police => "police step",
            Op::Search => "register search",
            Op::Health => "/health/live",
        }
    }
}

/// How one request ended: `None` for success, or the error's code
/// (`TRANSPORT` when no answer came, `TIMEOUT` for a hang).
#[derive(Clone, Debug)]
pub struct Sample {
    pub op: Op,
    pub at: Instant,
    pub took: Duration,
    pub error: Option<String>,
}

/// A case whose intake was acknowledged with success.
#[derive(Clone, Debug)]
pub struct Intake {
    pub case_id: String,
    pub photos: usize,
}

/// What the clients share: the server's address and accounts, the cases
/// waiting for their next police step, the intakes acknowledged, and the
/// live events counted.
pub struct World {
    pub base: String,
    pub http: reqwest::Client,
    pub police: String,
    pub citizens: Vec<String>,
    queue: Mutex<VecDeque<(String, u8)>>,
    pub acknowledged: Mutex<Vec<Intake>>,
    pub events: AtomicU64,
    pub goodbyes: AtomicU64,
    seq: AtomicU64,
}

impl World {
    pub fn new(base: String, police: String, citizens: Vec<String>) -> Self {
        Self {
            base,
            http: reqwest::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .pool_max_idle_per_host(64)
                .build()
                .expect("an HTTP client"),
            police,
            citizens,
            queue: Mutex::new(VecDeque::new()),
            acknowledged: Mutex::new(Vec::new()),
            events: AtomicU64::new(0),
            goodbyes: AtomicU64::new(0),
            seq: AtomicU64::new(0),
        }
    }
}

/// Runs `clients` clients for `length`, each cycling through `mix`.
pub async fn load(world: &Arc<World>, clients: usize, length: Duration, mix: &[Op]) -> Vec<Sample> {
    let until = Instant::now() + length;
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (world, mix) = (world.clone(), mix.to_vec());
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut turn = client;
            while Instant::now() < until {
                let op = mix[turn % mix.len()];
                turn += 1;
                samples.push(one(&world, client, op).await);
            }
            samples
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("a client"));
    }
    all
}

async fn one(world: &World, client: usize, op: Op) -> Sample {
    let at = Instant::now();
    let (op, error) = match op {
        Op::Intake => (op, intake(world, client).await),
        Op::Police => {
            let next = world.queue.lock().expect("the queue").pop_front();
            match next {
                Some((case_id, step)) => (op, police(world, case_id, step).await),
                None => (Op::Search, search(world, client).await),
            }
        }
        Op::Search => (op, search(world, client).await),
        Op::Health => (op, health(world).await),
    };
    Sample {
        op,
        at,
        took: at.elapsed(),
        error,
    }
}

const REPORT: &str = "mutation($input: ReportCaseInput!, $photos: [Upload!]) {
    reportCase(input: $input, photos: $photos) { case { id photos { id } } }
}";

async fn intake(world: &World, client: usize) -> Option<String> {
    let n = world.seq.fetch_add(1, Ordering::Relaxed);
    let token = &world.citizens[client % world.citizens.len()];
    let mut input = case_input("PB-lahore");
    input["child"]["name"] = json!(format!("Ayesha {}", name_of(n)));
    input["child"]["bFormNumber"] = Value::Null;
    let operations = json!({ "query": REPORT, "variables": { "input": input, "photos": [null] } });
    let photo = photos::jpeg(320, 240, (n % 251) as u8);
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.photos.0"] }).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(photo)
                .file_name("child.jpg")
                .mime_str("image/jpeg")
                .expect("a type"),
        );
    let request = world
        .http
        .post(format!("{}/graphql", world.base))
        .bearer_auth(token)
        .multipart(form);
    let answer = match send(request).await {
        Ok(answer) => answer,
        Err(code) => return Some(code),
    };
    let case = &answer["data"]["reportCase"]["case"];
    let Some(case_id) = case["id"].as_str() else {
        return Some("NO_CASE".to_owned());
    };
    let photos = case["photos"].as_array().map_or(0, Vec::len);
    world.acknowledged.lock().expect("the list").push(Intake {
        case_id: case_id.to_owned(),
        photos,
    });
    world
        .queue
        .lock()
        .expect("the queue")
        .push_back((case_id.to_owned(), 0));
    None
}

/// Letters for a number, so that each child's name differs.
fn name_of(mut n: u64) -> String {
    let mut name = String::new();
    loop {
        name.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return name;
        }
    }
}

const STEPS: [&str; 3] = [
    "mutation($id: ID!) { acknowledgeCase(caseId: $id) { id status } }",
    "mutation($id: ID!) { recordReporterContact(caseId: $id) { id status } }",
    "mutation($id: ID!) { registerFir(caseId: $id, fir: { number: \"FIR-112/26\", policeStation: \"Gulberg\", date: \"2026-06-15\" }) { id status } }",
];

async fn police(world: &World, case_id: String, step: u8) -> Option<String> {
    let request = world
        .http
        .post(format!("{}/graphql", world.base))
        .bearer_auth(&world.police)
        .json(&json!({ "query": STEPS[usize::from(step)], "variables": { "id": case_id } }));
    let outcome = send(request).await.err();
    // A step that went through (or had, before a lost answer) moves on.
    let next = match outcome.as_deref() {
        None | Some("CONFLICT") => step + 1,
        Some(_) => step,
    };
    if usize::from(next) < STEPS.len() {
        world
            .queue
            .lock()
            .expect("the queue")
            .push_back((case_id, next));
    }
    outcome
}

const SEARCH: &str = "query($filter: RegisterFilter) {
    register(first: 20, filter: $filter) { nodes { caseNumber } }
}";

async fn search(world: &World, client: usize) -> Option<String> {
    let filter = if client.is_multiple_of(2) {
        json!({ "name": "Ayesha" })
    } else {
        json!({ "districtId": "PB-lahore", "ageMin": 5, "ageMax": 9 })
    };
    let request = world
        .http
        .post(format!("{}/graphql", world.base))
        .json(&json!({ "query": SEARCH, "variables": { "filter": filter } }));
    send(request).await.err()
}

async fn health(world: &World) -> Option<String> {
    match world
        .http
        .get(format!("{}/health/live", world.base))
        .send()
        .await
    {
        Ok(r) if r.status().is_success() => None,
        Ok(r) => Some(format!("HTTP {}", r.status().as_u16())),
        Err(err) => Some(transport(&err)),
    }
}

/// Sends a GraphQL request: its JSON answer, or the code of its first error.
async fn send(request: reqwest::RequestBuilder) -> Result<Value, String> {
    let response = request.send().await.map_err(|err| transport(&err))?;
    let status = response.status();
    let body: Value = match response.json().await {
        Ok(body) => body,
        Err(err) => return Err(transport(&err)),
    };
    if let Some(code) = body["errors"][0]["extensions"]["code"].as_str() {
        return Err(code.to_owned());
    }
    if !status.is_success() {
        return Err(format!("HTTP {}", status.as_u16()));
    }
    Ok(body)
}

fn transport(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "TIMEOUT".to_owned()
    } else {
        "TRANSPORT".to_owned()
    }
}

const FEED: &str = "subscription { scopeFeed { id kind caseNumber } }";

/// Police dashboards following their district: each connection counts the
/// events it gets, notes a close with 1001 ("server shutting down"), and
/// connects again until `stop` is set.
pub fn subscribers(
    world: &Arc<World>,
    count: usize,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..count)
        .map(|_| {
            let (world, stop) = (world.clone(), stop.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    if follow(&world, &stop).await.is_err() {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
            })
        })
        .collect()
}

async fn follow(world: &World, stop: &AtomicBool) -> Result<(), ()> {
    let mut request = format!("{}/graphql", world.base.replacen("http", "ws", 1))
        .into_client_request()
        .map_err(|_| ())?;
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .map_err(|_| ())?;
    let init = json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {}", world.police) } });
    socket
        .send(Message::text(init.to_string()))
        .await
        .map_err(|_| ())?;
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": FEED } });
    socket
        .send(Message::text(subscribe.to_string()))
        .await
        .map_err(|_| ())?;
    while !stop.load(Ordering::Relaxed) {
        let Ok(message) = tokio::time::timeout(Duration::from_millis(500), socket.next()).await
        else {
            continue;
        };
        match message {
            Some(Ok(Message::Text(text))) => {
                let message: Value = serde_json::from_str(&text).unwrap_or_default();
                match message["type"].as_str() {
                    Some("next") if message["payload"]["data"]["scopeFeed"].is_object() => {
                        world.events.fetch_add(1, Ordering::Relaxed);
                    }
                    Some("ping") => {
                        let pong = json!({ "type": "pong" }).to_string();
                        socket.send(Message::text(pong)).await.map_err(|_| ())?;
                    }
                    _ => {}
                }
            }
            Some(Ok(Message::Close(frame))) => {
                if frame.is_some_and(|f| {
                    u16::from(f.code) == 1001 && f.reason == "server shutting down"
                }) {
                    world.goodbyes.fetch_add(1, Ordering::Relaxed);
                }
                return Err(());
            }
            Some(Ok(_)) => {}
            Some(Err(_)) | None => return Err(()),
        }
    }
    let _ = socket.close(None).await;
    Ok(())
}
