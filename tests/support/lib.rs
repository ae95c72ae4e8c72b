//! The integration-test harness: [`TestApp`] starts the real server on a
//! free loopback port with its own fresh database and a clock the test
//! controls, and hands out signed-in users of every role.
//!
//! The database is a new SQLite file per test, or, when
//! `ZA_TEST_DATABASE_URL` names a PostgreSQL server (an admin URL), a new
//! database per test cloned from a migrated template and dropped afterwards.

// A harness that cannot set up a test should stop it loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod db;
mod graphql;
pub mod kannel;
pub mod live;
pub mod logging;
pub mod photos;
pub mod portal;
pub mod s3;
pub mod users;

use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

use chrono::{DateTime, TimeZone, Utc};
use secrecy::SecretString;
use tokio::sync::oneshot;
use zainab_api::{
    clock::ManualClock,
    config::{Config, LogFormat, PortalAlgorithm, SmsGatewayKind, StorageKind},
    state::AppState,
};

pub use graphql::{File, GqlResponse, Vars};
pub use portal::Portal;
pub use users::{TestUser, ops};

use db::TestDb;

/// The secret Kannel's `sms-service` presents to `/sms/inbound` in tests.
pub const INBOUND_SECRET: &str = "kannel-inbound-test-secret";

/// The password every test user gets.
pub const PASSWORD: &str = "correct horse battery staple";

/// A running server with its own database.
pub struct TestApp {
    pub address: SocketAddr,
    pub clock: ManualClock,
    pub state: AppState,
    http: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    /// Shared with the replicas of this app, dropped after the last of them.
    db: Arc<TestDb>,
}

type ConfigChange = Box<dyn FnOnce(&mut Config)>;

/// Options for [`TestApp`] beyond the defaults.
#[derive(Default)]
pub struct Builder {
    portal: Option<PortalAlgorithm>,
    kannel: Option<(String, String, String)>,
    s3: Option<String>,
    configure: Option<ConfigChange>,
    listener: Option<tokio::net::TcpListener>,
}

impl Builder {
    /// Trusts Citizen's Portal tokens signed with the fixture key of `algorithm`.
    pub fn with_portal(mut self, algorithm: PortalAlgorithm) -> Self {
        self.portal = Some(algorithm);
        self
    }

    /// Sends SMS through `kannel`, with delivery reports to this server.
    pub fn with_kannel(mut self, kannel: &kannel::Kannel) -> Self {
        self.kannel = Some((
            kannel.sendsms_url(),
            kannel.username().to_owned(),
            kannel.password().to_owned(),
        ));
        self
    }

    /// Serves on `listener`, bound beforehand (see [`TestApp::reserve`]) so
    /// that Kannel's `sms-service` could be given the address first.
    pub fn on(mut self, listener: tokio::net::TcpListener) -> Self {
        self.listener = Some(listener);
        self
    }

    /// Changes the server's configuration before it starts.
    /// Keeps photos in `store` instead of the local folder.
    pub fn with_s3(mut self, store: &s3::S3Server) -> Self {
        self.s3 = Some(store.endpoint());
        self
    }

    pub fn configure(mut self, change: impl FnOnce(&mut Config) + 'static) -> Self {
        self.configure = Some(Box::new(change));
        self
    }

    pub async fn spawn(self) -> TestApp {
        logging::init();
        let db = TestDb::create().await;
        let mut config = test_config(db.url(), db.data_dir());
        if let Some(algorithm) = self.portal {
            config.portal_issuer = Some(portal::ISSUER.to_owned());
            config.portal_algorithm = algorithm;
            config.portal_public_key_file = Some(portal::public_key_file(algorithm));
        }
        // Bound first: Kannel's delivery reports need the address.
        let listener = match self.listener {
            Some(listener) => listener,
            None => TestApp::reserve().await,
        };
        let address = listener.local_addr().expect("the bound address");
        if let Some((url, username, password)) = self.kannel {
            config.sms_gateway = SmsGatewayKind::Kannel;
            config.kannel_sendsms_url = Some(url);
            config.kannel_username = Some(username);
            config.kannel_password = Some(SecretString::from(password));
            config.sms_callback_url = Some(format!("http://{address}"));
        }
        if let Some(endpoint) = self.s3 {
            config.storage = StorageKind::S3;
            config.s3_endpoint = Some(endpoint);
            config.s3_bucket = s3::BUCKET.to_owned();
            config.s3_region = s3::REGION.to_owned();
            config.s3_access_key = Some(s3::ACCESS_KEY.to_owned());
            config.s3_secret_key = Some(SecretString::from(s3::SECRET_KEY.to_owned()));
        }
        if let Some(change) = self.configure {
            change(&mut config);
        }
        let clock = ManualClock::starting_at(start_time());
        start(listener, config, clock, Arc::new(db)).await
    }
}

/// Starts a server on `listener` with `config`, on `db`.
async fn start(
    listener: tokio::net::TcpListener,
    config: Config,
    clock: ManualClock,
    db: Arc<TestDb>,
) -> TestApp {
    let state = zainab_api::prepare(config, Arc::new(clock.clone()))
        .await
        .unwrap_or_else(|err| panic!("the server did not start: {err:#}"));
    let address = listener.local_addr().expect("the bound address");
    let (shutdown, stop) = oneshot::channel::<()>();
    let server = tokio::spawn({
        let state = state.clone();
        async move {
            let stop = async {
                let _ = stop.await;
            };
            if let Err(err) = zainab_api::serve(listener, state, stop).await {
                eprintln!("test server failed: {err:#}");
            }
        }
    });
    TestApp {
        address,
        clock,
        state,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("an HTTP client"),
        shutdown: Some(shutdown),
        server: Some(server),
        db,
    }
}

impl TestApp {
    /// A server with the default test configuration.
    pub async fn spawn() -> Self {
        Builder::default().spawn().await
    }

    pub fn builder() -> Builder {
        Builder::default()
    }

    /// A free loopback port, bound, for [`Builder::on`].
    pub async fn reserve() -> tokio::net::TcpListener {
        tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding a free port")
    }

    /// Kannel's `get-url` for incoming SMS to a server at `address`, with
    /// the test secret and Kannel's escapes.
    pub fn inbound_url(address: SocketAddr) -> String {
        format!(
            "http://{address}/sms/inbound?key={INBOUND_SECRET}&id=%I&from=%p&to=%P&coding=%c&charset=%C&text=%b"
        )
    }

    /// A second server on this app's database and clock, as another replica
    /// behind a load balancer would be.
    pub async fn replica(&self) -> TestApp {
        self.replica_with(|_| {}).await
    }

    /// A replica whose configuration differs by `change`, as a server
    /// restarted with new settings would be.
    pub async fn replica_with(&self, change: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = self.state.config.clone();
        config.auto_migrate = false;
        change(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding a free port");
        start(listener, config, self.clock.clone(), Arc::clone(&self.db)).await
    }

    /// Whether the database is PostgreSQL (the tests run on both).
    pub fn on_postgres(&self) -> bool {
        !self.state.config.is_sqlite()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The server's current time.
    pub fn now(&self) -> DateTime<Utc> {
        use zainab_api::clock::Clock;
        self.clock.now()
    }

    /// Moves the server's clock forward.
    pub fn advance(&self, by: chrono::Duration) {
        self.clock.advance(by);
    }

    /// Stops the server and waits for it to finish its requests.
    pub async fn stop(mut self) {
        self.shut_down().await;
    }

    /// Stops the server as SIGTERM would and waits until it has, keeping
    /// its database to look at afterwards.
    pub async fn shut_down(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// A fixed moment (noon in Pakistan) so that dates in tests do not depend on
/// when they run.
pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 7, 0, 0)
        .single()
        .expect("a valid date")
}

fn test_config(database_url: String, data_dir: PathBuf) -> Config {
    Config {
        database_url,
        db_max_connections: 8,
        db_acquire_timeout: Duration::from_secs(10),
        bind: "127.0.0.1:0".parse().expect("an address"),
        data_dir: data_dir.clone(),
        jwt_secret: Some(SecretString::from(
            "test-secret-that-is-long-enough-for-hs256".to_owned(),
        )),
        jwt_previous_secrets: Vec::new(),
        access_token_ttl: Duration::from_secs(15 * 60),
        refresh_token_ttl: Duration::from_secs(30 * 86_400),
        portal_issuer: None,
        portal_audience: portal::AUDIENCE.to_owned(),
        portal_public_key_file: None,
        portal_algorithm: PortalAlgorithm::Rs256,
        auto_migrate: true,
        bootstrap_admin: false,
        trust_forwarded_for: false,
        graphql_max_depth: 12,
        graphql_max_complexity: 2000,
        graphql_max_aliases: 30,
        graphql_max_query_bytes: 32 * 1024,
        graphql_introspection: true,
        public_url: "https://zainab.test".to_owned(),
        background: true,
        sms_gateway: SmsGatewayKind::Log,
        kannel_sendsms_url: None,
        kannel_username: None,
        kannel_password: None,
        sms_sender: "ZainabAlert".to_owned(),
        sms_callback_url: None,
        sms_inbound_secret: Some(SecretString::from(INBOUND_SECRET.to_owned())),
        sms_inbound_per_minute: 5,
        dispatch_concurrency: 8,
        dispatch_poll: Duration::from_millis(100),
        sms_retry_base: Duration::from_millis(200),
        sms_max_attempts: 12,
        clock_tick: Duration::from_millis(100),
        live_buffer: 1024,
        live_session_check: Duration::from_secs(60),
        live_init_timeout: Duration::from_millis(500),
        shutdown_timeout: Duration::from_secs(10),
        storage: StorageKind::Local,
        storage_dir: data_dir.join("objects"),
        s3_endpoint: None,
        s3_bucket: "zainab-photos".to_owned(),
        s3_region: "us-east-1".to_owned(),
        s3_access_key: None,
        s3_secret_key: None,
        s3_timeout: Duration::from_secs(5),
        photo_max_bytes: 10 * 1024 * 1024,
        photo_max_pixels: 50_000_000,
        photos_per_case: 10,
        photo_workers: 2,
        photo_decode_timeout: Duration::from_secs(60),
        photo_url_ttl: Duration::from_secs(300),
        storage_sweep_after: Duration::from_secs(15 * 60),
        register_found_for: Duration::from_secs(7 * 86_400),
        public_helpline: "1099".to_owned(),
        public_requests_per_minute: 300,
        login_lockout_after: 5,
        // Tests sign many accounts in from one address within a minute.
        login_attempts_per_minute: 1000,
        sightings_per_hour: 10,
        reports_per_citizen_per_day: 1000,
        child_population_file: None,
        public_min_count: 5,
        face_worker: false,
        face_model_dir: Some(face_model_dir()),
        face_min_size: 80,
        face_match_distance: 0.6,
        face_lease: Duration::from_secs(120),
        face_max_attempts: 3,
        face_poll: Duration::from_millis(50),
        web_dir: None,
        cors_allowed_origins: Vec::new(),
        hsts: false,
        log_format: LogFormat::Text,
        audit_signing_key: None,
        audit_head_dir: Some(data_dir.join("audit-heads")),
    }
}

/// Where `scripts/install.sh` puts the face model, unless
/// `ZA_FACE_MODEL_DIR` says otherwise.
pub fn face_model_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ZA_FACE_MODEL_DIR") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
    PathBuf::from(home).join(".cache/zainab-alert/face-models")
}

/// The workspace's root folder, for fixtures and checked-in files.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// Polls `check` until it gives a value, for at most ten seconds; for what
/// the server does in the background (sending SMS, escalating deadlines).
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
