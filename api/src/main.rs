//! `zainab`: the server and its administrative commands.

use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use entities::UserRole;
use tracing_subscriber::EnvFilter;
use zainab_api::{
    audit,
    clock::SystemClock,
    config::{Config, LogFormat},
    db,
    domain::users::{self, CreateUserInput},
    error::ApiError,
    faces, graphql, prepare, seed, serve,
};

#[derive(Parser)]
#[command(
    name = "zainab",
    version,
    about = "Zainab Alert: missing children, reported, routed, tracked"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the API server.
    Serve(Config),
    /// Apply pending database migrations and exit.
    Migrate(Config),
    /// Create a system administrator and print their password once.
    Admin {
        #[command(flatten)]
        config: Config,
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
    },
    /// Fill the database with a realistic demo data set (accounts and cases).
    SeedDemo(Config),
    /// Run a face worker: find and embed the faces on queued photos.
    Worker(Config),
    /// Measure the face model on a folder of labelled photos
    /// (`FOLDER/<person>/<photo>.jpg`) and print its error rates.
    FaceEval {
        /// Folder of the face model files.
        #[arg(long, env = "ZA_FACE_MODEL_DIR")]
        model_dir: Option<std::path::PathBuf>,
        /// Distance under which two faces count as the same person.
        #[arg(long, default_value_t = 0.6)]
        threshold: f32,
        /// Each photo is a face crop (as in dlib's `johns` set): skip detection.
        #[arg(long)]
        crops: bool,
        folder: std::path::PathBuf,
    },
    /// Print the GraphQL schema (as checked in at `schema.graphql`).
    Schema,
    /// The tamper-evident audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the audit hash chain and check it against the published
    /// heads; name the first broken entry and exit non-zero if one is found.
    Verify {
        #[command(flatten)]
        config: Config,
        /// Folder of published heads (default: `ZA_AUDIT_HEAD_DIR`).
        #[arg(long)]
        heads: Option<std::path::PathBuf>,
        /// Public key the heads were signed with (default: this server's).
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Print the public key that checks audit heads and evidence exports.
    PublicKey(Config),
    /// Check a case's signed audit evidence export (the JSON as downloaded).
    VerifyEvidence {
        file: std::path::PathBuf,
        /// The platform's public key, from `zainab audit public-key`.
        #[arg(long)]
        public_key: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(config) => {
            init_logging(config.log_format);
            let bind = config.bind;
            let bootstrap = config.bootstrap_admin;
            let state = prepare(config, Arc::new(SystemClock)).await?;
            if bootstrap && !db::has_admin(&state.db).await? {
                let (user, password) =
                    users::create(&state, None, admin_input("admin", "Administrator"))
                        .await
                        .map_err(ApiError::into_anyhow)?;
                println!(
                    "Created the first administrator. Sign in as `{}` with password: {password}",
                    user.username.unwrap_or_default()
                );
                println!(
                    "This password is shown once; change it or create your own administrator."
                );
            }
            let listener = tokio::net::TcpListener::bind(bind)
                .await
                .with_context(|| format!("listening on {bind}"))?;
            tracing::info!(http.address = %bind, "serving the API at /graphql");
            serve(listener, state, shutdown_signal()).await
        }
        Command::Migrate(config) => {
            init_logging(config.log_format);
            let db = db::connect(&config).await?;
            db::migrate(&db).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Admin {
            config,
            username,
            name,
        } => {
            init_logging(config.log_format);
            let state = prepare(config, Arc::new(SystemClock)).await?;
            let (user, password) = users::create(&state, None, admin_input(&username, &name))
                .await
                .map_err(ApiError::into_anyhow)?;
            println!(
                "Created administrator `{}`. Password (shown once): {password}",
                user.username.unwrap_or_default()
            );
            Ok(())
        }
        Command::SeedDemo(config) => {
            init_logging(config.log_format);
            let state = prepare(config, Arc::new(SystemClock)).await?;
            seed::demo(&state).await
        }
        Command::Worker(config) => {
            init_logging(config.log_format);
            let state = prepare(config, Arc::new(SystemClock)).await?;
            let engine = faces::worker::load_engine(&state).await?;
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let worker = tokio::spawn(faces::worker::run(state, engine, stopped));
            shutdown_signal().await;
            let _ = stop.send(true);
            worker.await.context("the face worker panicked")
        }
        Command::FaceEval {
            model_dir,
            threshold,
            crops,
            folder,
        } => {
            let photos = if crops {
                faces::eval::Photos::Crops
            } else {
                faces::eval::Photos::Detect
            };
            let report = tokio::task::spawn_blocking(move || {
                faces::eval::run(model_dir.as_deref(), &folder, threshold, photos)
            })
            .await??;
            print!("{report}");
            Ok(())
        }
        Command::Schema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Command::Audit { command } => audit_command(command).await,
    }
}

async fn audit_command(command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify {
            config,
            heads,
            public_key,
        } => {
            init_logging(config.log_format);
            let folder = heads.or_else(|| config.audit_head_dir.clone());
            let state = prepare(config, Arc::new(SystemClock)).await?;
            let heads = match folder.filter(|f| f.exists()) {
                Some(folder) => audit::heads::read_all(&folder)?,
                None => Vec::new(),
            };
            let key = public_key.unwrap_or_else(|| state.audit_key.public_hex());
            let report = audit::verify::run(&state.db, &heads, &key)
                .await
                .map_err(ApiError::into_anyhow)?;
            println!("{report}");
            anyhow::ensure!(report.broken.is_none(), "the audit chain does not verify");
            Ok(())
        }
        AuditCommand::PublicKey(config) => {
            let state = prepare(config, Arc::new(SystemClock)).await?;
            println!("{}", state.audit_key.public_hex());
            Ok(())
        }
        AuditCommand::VerifyEvidence { file, public_key } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let signed: audit::evidence::Signed =
                serde_json::from_str(&text).context("not an audit evidence export")?;
            let evidence = audit::evidence::check(&signed, &public_key)
                .map_err(|reason| anyhow::anyhow!("the evidence does not verify: {reason}"))?;
            println!(
                "the evidence verifies: case {}, {} entries, exported {}",
                evidence.case_number,
                evidence.entries.len(),
                evidence.exported_at
            );
            Ok(())
        }
    }
}

fn admin_input(username: &str, name: &str) -> CreateUserInput {
    CreateUserInput {
        username: username.to_owned(),
        display_name: name.to_owned(),
        role: UserRole::SystemAdmin,
        phone: None,
        district_id: None,
        region_id: None,
        province_id: None,
        office: None,
        password: None,
        language: None,
    }
}

/// `RUST_LOG` chooses what is logged (default `info`).
fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
