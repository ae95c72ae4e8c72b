//! One database per test: a SQLite file in a temporary folder, or a
//! PostgreSQL database cloned from a migrated template.

use std::path::PathBuf;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use tempfile::TempDir;
use tokio::sync::{Mutex, OnceCell};
use uuid::Uuid;

const POSTGRES_ENV: &str = "ZA_TEST_DATABASE_URL";

pub struct TestDb {
    folder: TempDir,
    postgres: Option<Postgres>,
}

struct Postgres {
    admin_url: String,
    name: String,
}

impl TestDb {
    pub async fn create() -> Self {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let postgres = match std::env::var(POSTGRES_ENV) {
            Ok(admin_url) if !admin_url.is_empty() => Some(Postgres::create(admin_url).await),
            _ => None,
        };
        Self { folder, postgres }
    }

    pub fn url(&self) -> String {
        match &self.postgres {
            Some(pg) => pg.url(&pg.name),
            None => format!(
                "sqlite://{}/zainab.db?mode=rwc",
                self.folder.path().display()
            ),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.folder.path().join("data")
    }
}

/// The migrated template of this test process, made once.
static TEMPLATE: OnceCell<String> = OnceCell::const_new();
/// PostgreSQL refuses to clone a template two sessions are cloning at once.
static CLONING: Mutex<()> = Mutex::const_new(());

impl Postgres {
    async fn create(admin_url: String) -> Self {
        let template = TEMPLATE
            .get_or_init(|| make_template(admin_url.clone()))
            .await
            .clone();
        let name = format!("za_test_{}", Uuid::now_v7().simple());
        {
            let _guard = CLONING.lock().await;
            let admin = connect(&admin_url).await;
            execute(
                &admin,
                &format!("CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"),
            )
            .await;
            let _ = admin.close().await;
        }
        Self { admin_url, name }
    }

    fn url(&self, database: &str) -> String {
        database_url(&self.admin_url, database)
    }
}

/// Creates this process's template and migrates it through the server's own
/// start-up path. Templates of earlier runs are dropped first.
async fn make_template(admin_url: String) -> String {
    let admin = connect(&admin_url).await;
    let stale = admin
        .query_all_raw(Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'za_template_%' OR datname LIKE 'za_test_%'",
        ))
        .await
        .expect("listing databases");
    for row in stale {
        let name: String = row.try_get("", "datname").expect("a database name");
        execute(
            &admin,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )
        .await;
    }
    let name = format!("za_template_{}", std::process::id());
    execute(&admin, &format!("CREATE DATABASE {name}")).await;
    let _ = admin.close().await;

    let db = connect(&database_url(&admin_url, &name)).await;
    zainab_api::db::migrate(&db)
        .await
        .expect("migrating the template");
    let _ = db.close().await;
    name
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime; a thread of its own may block.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let admin = connect(&admin_url).await;
                execute(
                    &admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await;
                let _ = admin.close().await;
            });
        })
        .join();
        if dropped.is_err() {
            eprintln!("could not drop test database {}", self.name);
        }
    }
}

/// The URL of `database` on the server of `admin_url`.
fn database_url(admin_url: &str, database: &str) -> String {
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url, |(base, _)| base);
    format!("{base}/{database}")
}

async fn connect(url: &str) -> DatabaseConnection {
    Database::connect(url)
        .await
        .unwrap_or_else(|err| panic!("connecting to the test PostgreSQL: {err}"))
}

async fn execute(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
}
