//! The one typed configuration, read from environment variables (or flags)
//! once at start-up. Every variable is documented in the README and in
//! `.env.example`.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Args, ValueEnum};
use secrecy::{ExposeSecret, SecretString};

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Database to use: `sqlite://PATH?mode=rwc` (embedded) or `postgres://...`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/zainab.db?mode=rwc"
    )]
    pub database_url: String,

    /// Largest number of pooled database connections per process.
    #[arg(long, env = "ZA_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,

    /// How long a request waits for a database connection (or for the
    /// database to come back) before it fails with `SERVICE_UNAVAILABLE`.
    #[arg(long, env = "ZA_DB_ACQUIRE_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub db_acquire_timeout: Duration,

    /// Address the HTTP server listens on.
    #[arg(long, env = "ZA_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Folder for local state of the embedded default (the SQLite file, the
    /// generated token secret).
    #[arg(long, env = "ZA_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Secret that signs access tokens (HS256); at least 32 bytes. Every
    /// replica needs the same. When unset, one is generated into the data
    /// folder, which suits a single embedded process only.
    #[arg(long, env = "ZA_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<SecretString>,

    /// Secrets that signed access tokens before `ZA_JWT_SECRET`, comma
    /// separated: tokens they signed are still accepted (never issued) so
    /// that a key rollover ends no session. Remove them once the access
    /// token lifetime has passed since the rollover.
    #[arg(
        long,
        env = "ZA_JWT_PREVIOUS_SECRETS",
        hide_env_values = true,
        value_delimiter = ',',
        num_args = 0..,
        value_parser = parse_secret
    )]
    pub jwt_previous_secrets: Vec<SecretString>,

    /// Lifetime of an access token, e.g. `15m`.
    #[arg(long, env = "ZA_ACCESS_TOKEN_TTL", default_value = "15m", value_parser = parse_duration)]
    pub access_token_ttl: Duration,

    /// Lifetime of a refresh token, e.g. `30d`.
    #[arg(long, env = "ZA_REFRESH_TOKEN_TTL", default_value = "30d", value_parser = parse_duration)]
    pub refresh_token_ttl: Duration,

    /// `iss` claim the Citizen's Portal puts in the tokens it signs.
    #[arg(long, env = "ZA_PORTAL_ISSUER")]
    pub portal_issuer: Option<String>,

    /// `aud` claim the Portal's tokens must carry.
    #[arg(long, env = "ZA_PORTAL_AUDIENCE", default_value = "zainab-alert")]
    pub portal_audience: String,

    /// PEM file with the Portal's public key (RSA or EC P-256).
    #[arg(long, env = "ZA_PORTAL_PUBLIC_KEY_FILE")]
    pub portal_public_key_file: Option<PathBuf>,

    /// Signature algorithm of the Portal's tokens.
    #[arg(long, env = "ZA_PORTAL_ALGORITHM", value_enum, default_value_t = PortalAlgorithm::Rs256)]
    pub portal_algorithm: PortalAlgorithm,

    /// Apply pending migrations when the server starts. Leave off when
    /// several replicas share one PostgreSQL; run `zainab migrate` instead.
    #[arg(long, env = "ZA_AUTO_MIGRATE", default_value_t = true, action = clap::ArgAction::Set)]
    pub auto_migrate: bool,

    /// Create a system administrator with a random password, printed once,
    /// when the database has none.
    #[arg(long, env = "ZA_BOOTSTRAP_ADMIN", default_value_t = true, action = clap::ArgAction::Set)]
    pub bootstrap_admin: bool,

    /// Take the client address from the first `X-Forwarded-For` hop; set
    /// only behind a load balancer that overwrites that header.
    #[arg(long, env = "ZA_TRUST_FORWARDED_FOR", default_value_t = false, action = clap::ArgAction::Set)]
    pub trust_forwarded_for: bool,

    /// Deepest GraphQL query accepted.
    #[arg(long, env = "ZA_GRAPHQL_MAX_DEPTH", default_value_t = 12)]
    pub graphql_max_depth: usize,

    /// Highest GraphQL query complexity accepted.
    #[arg(long, env = "ZA_GRAPHQL_MAX_COMPLEXITY", default_value_t = 2000)]
    pub graphql_max_complexity: usize,

    /// Most aliased fields one GraphQL document may use.
    #[arg(long, env = "ZA_GRAPHQL_MAX_ALIASES", default_value_t = 30)]
    pub graphql_max_aliases: usize,

    /// Longest GraphQL query text accepted, in bytes (variables aside).
    #[arg(long, env = "ZA_GRAPHQL_MAX_QUERY_BYTES", default_value_t = 32 * 1024)]
    pub graphql_max_query_bytes: usize,

    /// Answer introspection queries (`__schema`, `__type`). Integrators read
    /// the checked-in `schema.graphql`; turn it off in production.
    #[arg(long, env = "ZA_GRAPHQL_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub graphql_introspection: bool,

    /// Address people open links at: SMS alerts and receipts link here.
    #[arg(long, env = "ZA_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,

    /// Run the SMS dispatcher and the deadline clock in this process. Safe
    /// on every replica: they share the work without doing any twice.
    #[arg(long, env = "ZA_BACKGROUND", default_value_t = true, action = clap::ArgAction::Set)]
    pub background: bool,

    /// Where SMS go: `log` (kept in the development inbox) or `kannel`.
    #[arg(long, env = "ZA_SMS_GATEWAY", value_enum, default_value_t = SmsGatewayKind::Log)]
    pub sms_gateway: SmsGatewayKind,

    /// Kannel's sendsms URL, e.g. `http://127.0.0.1:13013/cgi-bin/sendsms`.
    #[arg(long, env = "ZA_KANNEL_SENDSMS_URL")]
    pub kannel_sendsms_url: Option<String>,

    /// Kannel `sendsms-user` name.
    #[arg(long, env = "ZA_KANNEL_USERNAME")]
    pub kannel_username: Option<String>,

    /// Kannel `sendsms-user` password; never printed.
    #[arg(long, env = "ZA_KANNEL_PASSWORD", hide_env_values = true)]
    pub kannel_password: Option<SecretString>,

    /// Sender id or short code the SMS come from.
    #[arg(long, env = "ZA_SMS_SENDER", default_value = "ZainabAlert")]
    pub sms_sender: String,

    /// Base URL at which Kannel reaches this API for delivery reports, e.g.
    /// `http://10.0.0.5:8080`; when unset no delivery reports are asked for.
    #[arg(long, env = "ZA_SMS_CALLBACK_URL")]
    pub sms_callback_url: Option<String>,

    /// Secret Kannel's `sms-service` presents (as `key=` in its `get-url`)
    /// when it hands over an incoming SMS; at least 16 characters. When
    /// unset, `/sms/inbound` answers 404 and no SMS reports are taken.
    #[arg(long, env = "ZA_SMS_INBOUND_SECRET", hide_env_values = true)]
    pub sms_inbound_secret: Option<SecretString>,

    /// Incoming SMS one phone number may send in a minute; more are
    /// acknowledged to the gateway but neither stored nor answered.
    #[arg(long, env = "ZA_SMS_INBOUND_PER_MINUTE", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub sms_inbound_per_minute: u32,

    /// Messages handed to the gateway at once.
    #[arg(long, env = "ZA_DISPATCH_CONCURRENCY", default_value_t = 16)]
    pub dispatch_concurrency: usize,

    /// How often the dispatcher looks for messages queued by other replicas.
    #[arg(long, env = "ZA_DISPATCH_POLL", default_value = "1s", value_parser = parse_duration)]
    pub dispatch_poll: Duration,

    /// Wait before the first retry of a message; it doubles each time.
    #[arg(long, env = "ZA_SMS_RETRY_BASE", default_value = "5s", value_parser = parse_duration)]
    pub sms_retry_base: Duration,

    /// Attempts before a message is given up as failed.
    #[arg(long, env = "ZA_SMS_MAX_ATTEMPTS", default_value_t = 12)]
    pub sms_max_attempts: i32,

    /// How often the deadline clock looks for missed deadlines, the storage
    /// sweeper for stale intents, and the register for found children whose
    /// time on it is up.
    #[arg(long, env = "ZA_CLOCK_TICK", default_value = "15s", value_parser = parse_duration)]
    pub clock_tick: Duration,
    /// How many events a live subscriber may fall behind before it is ended
    /// and told to resume from its last id.
    #[arg(long, env = "ZA_LIVE_BUFFER", default_value_t = 1024)]
    pub live_buffer: usize,

    /// How often a live subscription checks that its session is still open.
    #[arg(long, env = "ZA_LIVE_SESSION_CHECK", default_value = "60s", value_parser = parse_duration)]
    pub live_session_check: Duration,

    /// How long a new WebSocket may take to send `connection_init` before
    /// it is closed.
    #[arg(long, env = "ZA_LIVE_INIT_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub live_init_timeout: Duration,

    /// How long a stopping process waits for requests in flight, for its
    /// live subscribers to be told, and for its workers to finish the job in
    /// hand; past it, claims still held are released for another replica.
    #[arg(long, env = "ZA_SHUTDOWN_TIMEOUT", default_value = "20s", value_parser = parse_duration)]
    pub shutdown_timeout: Duration,

    /// Where photos are kept: `local` (a folder, the embedded default) or
    /// `s3` (any S3-compatible store, which every replica can reach).
    #[arg(long, env = "ZA_STORAGE", value_enum, default_value_t = StorageKind::Local)]
    pub storage: StorageKind,

    /// Folder of the `local` store.
    #[arg(long, env = "ZA_STORAGE_DIR", default_value = "data/objects")]
    pub storage_dir: PathBuf,

    /// Endpoint of the `s3` store, e.g. `https://s3.example.pk`; requests use
    /// path-style addressing (`ENDPOINT/BUCKET/KEY`).
    #[arg(long, env = "ZA_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,

    /// Bucket of the `s3` store; it must exist and be private.
    #[arg(long, env = "ZA_S3_BUCKET", default_value = "zainab-photos")]
    pub s3_bucket: String,

    /// Region the `s3` store signs requests for.
    #[arg(long, env = "ZA_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,

    /// Access key id of the `s3` store.
    #[arg(long, env = "ZA_S3_ACCESS_KEY")]
    pub s3_access_key: Option<String>,

    /// Secret access key of the `s3` store; never printed.
    #[arg(long, env = "ZA_S3_SECRET_KEY", hide_env_values = true)]
    pub s3_secret_key: Option<SecretString>,

    /// How long one request to the `s3` store may take.
    #[arg(long, env = "ZA_S3_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub s3_timeout: Duration,

    /// Largest photo file accepted, in bytes.
    #[arg(long, env = "ZA_PHOTO_MAX_BYTES", default_value_t = 10 * 1024 * 1024)]
    pub photo_max_bytes: u64,

    /// Largest photo accepted, in pixels (width times height); bounds the
    /// memory a decode takes (four bytes a pixel).
    #[arg(long, env = "ZA_PHOTO_MAX_PIXELS", default_value_t = 50_000_000)]
    pub photo_max_pixels: u64,

    /// Most photos one case may hold.
    #[arg(long, env = "ZA_PHOTOS_PER_CASE", default_value_t = 10)]
    pub photos_per_case: u64,

    /// Photos decoded at once by this process; more wait their turn.
    #[arg(long, env = "ZA_PHOTO_WORKERS", default_value_t = 2)]
    pub photo_workers: usize,

    /// Longest a photo may take to decode and derive before it is refused.
    #[arg(long, env = "ZA_PHOTO_DECODE_TIMEOUT", default_value = "20s", value_parser = parse_duration)]
    pub photo_decode_timeout: Duration,

    /// Lifetime of a link to a private photo.
    #[arg(long, env = "ZA_PHOTO_URL_TTL", default_value = "5m", value_parser = parse_duration)]
    pub photo_url_ttl: Duration,

    /// Objects written for an upload whose row never committed (or left by
    /// a deleted photo) are removed once their intent is this old.
    #[arg(long, env = "ZA_STORAGE_SWEEP_AFTER", default_value = "15m", value_parser = parse_duration)]
    pub storage_sweep_after: Duration,

    /// How long a recovered child shows as found on the public register
    /// (without a photo) before the entry is removed.
    #[arg(long, env = "ZA_REGISTER_FOUND_FOR", default_value = "7d", value_parser = parse_duration)]
    pub register_found_for: Duration,

    /// The number the public calls with what they know; on every public
    /// page, share text and feed.
    #[arg(long, env = "ZA_PUBLIC_HELPLINE", default_value = "1099")]
    pub public_helpline: String,

    /// Requests a minute one address may make to the public API (GraphQL
    /// without signing in, share pages, feeds, public photos) without an
    /// API key; more are refused with `RATE_LIMITED`. Apps with a key have
    /// the key's own limit. Mobile networks put many people behind one
    /// address, and a register page with its photos takes a few dozen
    /// requests, so the default is generous.
    #[arg(long, env = "ZA_PUBLIC_REQUESTS_PER_MINUTE", default_value_t = 1200, value_parser = clap::value_parser!(u32).range(1..))]
    pub public_requests_per_minute: u32,
    /// Failed sign-ins in a row under one username before it is locked:
    /// for a minute, doubling with each further failure up to an hour.
    #[arg(long, env = "ZA_LOGIN_LOCKOUT_AFTER", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub login_lockout_after: u32,
    /// Sign-in attempts a minute from one client address, whatever the
    /// usernames; more are refused with `RATE_LIMITED`.
    #[arg(long, env = "ZA_LOGIN_ATTEMPTS_PER_MINUTE", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub login_attempts_per_minute: u32,
    /// Sightings one client may report in an hour; more are refused with
    /// `RATE_LIMITED`.
    #[arg(long, env = "ZA_SIGHTINGS_PER_HOUR", default_value_t = 10)]
    pub sightings_per_hour: u64,
    /// Reports one citizen account (in the app or through the Portal) may
    /// file in a day; more are refused with `RATE_LIMITED`. Offices filing
    /// on someone's behalf are not limited.
    #[arg(long, env = "ZA_REPORTS_PER_CITIZEN_PER_DAY", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub reports_per_citizen_per_day: u64,
    /// CSV of the child population per district (`district_id,children`),
    /// for cases per 100,000 children; when unset those figures are null.
    #[arg(long, env = "ZA_CHILD_POPULATION_FILE")]
    pub child_population_file: Option<PathBuf>,

    /// Smallest count the public statistics show as a number; smaller
    /// non-zero counts read "<N", so that no child can be singled out.
    #[arg(long, env = "ZA_PUBLIC_MIN_COUNT", default_value_t = 5, value_parser = clap::value_parser!(u32).range(2..))]
    pub public_min_count: u32,
    /// Run one face worker inside the server (the embedded default). Set it
    /// to false where `zainab worker` processes run beside the servers.
    #[arg(long, env = "ZA_FACE_WORKER", default_value_t = true, action = clap::ArgAction::Set)]
    pub face_worker: bool,

    /// Folder holding the face model files; by default the one
    /// `scripts/install.sh` fills, `~/.cache/zainab-alert/face-models`. A
    /// worker refuses to start without them.
    #[arg(long, env = "ZA_FACE_MODEL_DIR")]
    pub face_model_dir: Option<PathBuf>,

    /// Faces whose shorter side is under this many pixels (on the display
    /// form of a photo) are too small to compare.
    #[arg(long, env = "ZA_FACE_MIN_SIZE", default_value_t = 80)]
    pub face_min_size: u32,

    /// Faces nearer than this (Euclidean distance between embeddings) are
    /// shown as likely the same person; dlib's model is tuned for 0.6.
    #[arg(long, env = "ZA_FACE_MATCH_DISTANCE", default_value_t = 0.6)]
    pub face_match_distance: f32,

    /// How long a worker holds a photo before another may take it over.
    #[arg(long, env = "ZA_FACE_LEASE", default_value = "2m", value_parser = parse_duration)]
    pub face_lease: Duration,

    /// Tries per photo before the worker gives up and records why.
    #[arg(long, env = "ZA_FACE_MAX_ATTEMPTS", default_value_t = 3)]
    pub face_max_attempts: u32,

    /// How often an idle worker looks for new photos.
    #[arg(long, env = "ZA_FACE_POLL", default_value = "1s", value_parser = parse_duration)]
    pub face_poll: Duration,

    /// Folder of the built dashboard (`trunk build` output, holding
    /// `index.html`), served at `/` with deep links falling back to
    /// `index.html`; unset, the server answers the API only.
    #[arg(long, env = "ZA_WEB_DIR")]
    pub web_dir: Option<PathBuf>,

    /// Origins (`https://host[:port]`, comma separated) whose pages may call
    /// `/graphql` from a browser; unset, only pages of this origin can.
    #[arg(
        long,
        env = "ZA_CORS_ALLOWED_ORIGINS",
        value_delimiter = ',',
        num_args = 0..,
        value_parser = parse_origin
    )]
    pub cors_allowed_origins: Vec<String>,

    /// The service is reached over HTTPS only (directly or through a proxy
    /// that terminates TLS): answers carry `Strict-Transport-Security`.
    #[arg(long, env = "ZA_HSTS", default_value_t = false, action = clap::ArgAction::Set)]
    pub hsts: bool,

    /// Log format: `text` for people, `json` for log collectors.
    #[arg(long, env = "ZA_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Ed25519 private seed (64 hex digits) that signs the published audit
    /// heads and evidence exports; never printed. When unset, one is derived
    /// from `ZA_JWT_SECRET`. `zainab audit public-key` prints its public half.
    #[arg(long, env = "ZA_AUDIT_SIGNING_KEY", hide_env_values = true)]
    pub audit_signing_key: Option<SecretString>,

    /// Folder the daily signed audit heads are written to (a mount shipped
    /// off this machine); when unset they are only logged.
    #[arg(long, env = "ZA_AUDIT_HEAD_DIR")]
    pub audit_head_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PortalAlgorithm {
    #[value(name = "RS256")]
    Rs256,
    #[value(name = "ES256")]
    Es256,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmsGatewayKind {
    Log,
    Kannel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StorageKind {
    Local,
    S3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Config {
    /// Whether the database is the embedded SQLite default.
    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    /// The previous token secrets, blank entries left out.
    pub fn previous_jwt_secrets(&self) -> impl Iterator<Item = &SecretString> {
        self.jwt_previous_secrets
            .iter()
            .filter(|secret| !secret.expose_secret().is_empty())
    }
}

/// A secret from a list, without the spaces around it.
fn parse_secret(text: &str) -> Result<SecretString, String> {
    Ok(SecretString::from(text.trim().to_owned()))
}

/// An origin as browsers send it in `Origin` (`https://host[:port]`);
/// blank entries of a list are kept blank and skipped by their users.
fn parse_origin(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    let url = url::Url::parse(text).map_err(|err| format!("`{text}` is not an origin: {err}"))?;
    let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    if !matches!(url.scheme(), "http" | "https") || !bare || !url.username().is_empty() {
        return Err(format!(
            "`{text}` is not an origin: write scheme://host[:port] only"
        ));
    }
    Ok(url.origin().ascii_serialization())
}

/// Parses `250ms`, `90s`, `15m`, `12h` or `30d`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("`{text}` needs a unit: ms, s, m, h or d"))?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` does not start with a whole number"))?;
    let millis = match unit {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(format!("`{unit}` is not a unit: use ms, s, m, h or d")),
    };
    Ok(Duration::from_millis(number.saturating_mul(millis)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("30d"), Ok(Duration::from_secs(2_592_000)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("15").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("5w").is_err());
    }

    #[test]
    fn origins_are_normalised_and_anything_else_refused() {
        assert_eq!(
            parse_origin(" https://App.Example.pk/ ").as_deref(),
            Ok("https://app.example.pk")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8081").as_deref(),
            Ok("http://127.0.0.1:8081")
        );
        assert_eq!(parse_origin("").as_deref(), Ok(""));
        for bad in [
            "*",
            "app.example.pk",
            "https://a.pk/path",
            "ftp://a.pk",
            "https://u@a.pk",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }
}
