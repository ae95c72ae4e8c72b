//! The rules of the platform, apart from the transport that carries them:
//! validation of what people type, the case lifecycle, scoping, intake.

pub mod actor;
pub mod alerts;
pub mod caller;
pub mod case_number;
pub mod cases;
pub mod child;
pub mod geo;
pub mod intake;
pub mod lifecycle;
pub mod nadra;
pub mod phone;
pub mod scope;
pub mod text;
pub mod users;

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

/// Starts a transaction that will write. On SQLite it takes the write lock
/// at once (`BEGIN IMMEDIATE`), so two writers queue instead of one failing
/// when it upgrades from reading; PostgreSQL ignores the option.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
