//! The rules of the platform, apart from the transport that carries them:
//! validation of what people type, the case lifecycle, scoping, intake.

pub mod actor;
pub mod alerts;
pub mod caller;
pub mod case_number;
pub mod cases;
pub mod child;
pub mod duplicates;
pub mod geo;
pub mod intake;
pub mod lifecycle;
pub mod nadra;
pub mod phone;
pub mod publication;
pub mod scope;
pub mod sms_drafts;
pub mod text;
pub mod timeline;
pub mod users;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use uuid::Uuid;

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

/// One page of `query`, newest first by its UUIDv7 key `id`: up to `first`
/// rows after the row with id `after`, and whether more follow.
pub async fn newest_first<E: EntityTrait>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    id: E::Column,
    first: u64,
    after: Option<Uuid>,
) -> Result<(Vec<E::Model>, bool), DbErr> {
    let query = match after {
        Some(after) => query.filter(id.lt(after)),
        None => query,
    };
    let mut rows = query.order_by_desc(id).limit(first + 1).all(db).await?;
    let more = rows.len() as u64 > first;
    rows.truncate(first as usize);
    Ok((rows, more))
}
