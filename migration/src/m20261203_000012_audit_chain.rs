//! The audit log as a hash chain: each sealed entry carries its place in
//! the chain, the hash of the entry before it and its own hash; one row
//! holds the chain's head and the last day whose head was published.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            big_integer_null(AuditLog::Seq),
            string_len_null(AuditLog::PrevHash, 64),
            string_len_null(AuditLog::Hash, 64),
        ] {
            m.alter_table(
                Table::alter()
                    .table(AuditLog::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("audit_log_seq")
                .table(AuditLog::Table)
                .col(AuditLog::Seq)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditChain::Table)
                .col(integer(AuditChain::Id).primary_key())
                .col(big_integer(AuditChain::Seq))
                .col(string_len(AuditChain::Hash, 64))
                .col(date_null(AuditChain::PublishedThrough))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(AuditChain::Table)
                .columns([AuditChain::Id, AuditChain::Seq, AuditChain::Hash])
                .values_panic([1.into(), 0i64.into(), GENESIS.into()])
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditChain::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("audit_log_seq")
                .table(AuditLog::Table)
                .to_owned(),
        )
        .await?;
        for column in [AuditLog::Hash, AuditLog::PrevHash, AuditLog::Seq] {
            m.alter_table(
                Table::alter()
                    .table(AuditLog::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Seq,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditChain {
    Table,
    Id,
    Seq,
    Hash,
    PublishedThrough,
}
