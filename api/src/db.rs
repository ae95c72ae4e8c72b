//! Connecting to the database, migrating it, and the first administrator.

use std::{path::Path, time::Duration};

use anyhow::Context;
use entities::{UserRole, user};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ColumnTrait, ConnectOptions, Database, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};

use crate::config::Config;

/// Opens the connection pool. SQLite runs in WAL mode so that readers do not
/// wait for the writer, and its folder is created when missing.
pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.is_sqlite()
        && let Some(folder) = sqlite_folder(&config.database_url)
    {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("creating the database folder {}", folder.display()))?;
    }
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        .max_connections(config.db_max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(config.db_acquire_timeout)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            // In WAL mode NORMAL survives a crash of the process; only a
            // power cut can lose the last commits, as the README says.
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    Database::connect(options)
        .await
        .context("connecting to the database (is DATABASE_URL right and the server up?)")
}

fn sqlite_folder(url: &str) -> Option<&Path> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = path.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
}

/// Applies the migrations, then brings the register's name keys up to the
/// server's rules: they are computed in Rust, which a migration cannot
/// call, and change when the rules do.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("applying migrations")?;
    let rekeyed = crate::register::rekey_names(db)
        .await
        .map_err(|err| anyhow::anyhow!("re-keying the register's names: {err:?}"))?;
    if rekeyed > 0 {
        tracing::info!(
            register.rekeyed = rekeyed,
            "register name keys brought up to date"
        );
    }
    Ok(())
}

/// Whether any system administrator exists.
pub async fn has_admin(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let count = user::Entity::find()
        .filter(user::Column::Role.eq(UserRole::SystemAdmin))
        .count(db)
        .await?;
    Ok(count > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_folder_comes_from_the_url() {
        assert_eq!(
            sqlite_folder("sqlite://data/za.db?mode=rwc"),
            Some(Path::new("data"))
        );
        assert_eq!(
            sqlite_folder("sqlite:/var/lib/za/za.db"),
            Some(Path::new("/var/lib/za"))
        );
        assert_eq!(sqlite_folder("sqlite::memory:"), None);
        assert_eq!(sqlite_folder("sqlite://za.db"), None);
    }
}
