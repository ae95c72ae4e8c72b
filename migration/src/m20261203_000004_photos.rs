//! Photos: one row per photo of a case with its derivatives' dimensions and
//! hash, the storage intents that let a sweeper remove objects whose row was
//! never written (or was deleted), and when a case was published.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261203_000001_core_tables::{Cases, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Photos::Table)
                .col(uuid(Photos::Id).primary_key())
                .col(uuid(Photos::CaseId))
                .col(uuid_null(Photos::UploadedByUserId))
                .col(string_len(Photos::UploadedByRole, 32))
                .col(timestamp_with_time_zone(Photos::UploadedAt))
                .col(string_len(Photos::Sha256, 64))
                .col(string_len(Photos::Format, 8))
                .col(big_integer(Photos::OriginalBytes))
                .col(integer(Photos::Width))
                .col(integer(Photos::Height))
                .col(double_null(Photos::GpsLat))
                .col(double_null(Photos::GpsLon))
                .foreign_key(
                    ForeignKey::create()
                        .from(Photos::Table, Photos::CaseId)
                        .to(Cases::Table, Cases::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Photos::Table, Photos::UploadedByUserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        // Refuses the same file twice on one case, even when two uploads race.
        m.create_index(
            Index::create()
                .name("photos_case_sha256")
                .table(Photos::Table)
                .col(Photos::CaseId)
                .col(Photos::Sha256)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StorageIntents::Table)
                .col(uuid(StorageIntents::Id).primary_key())
                .col(string_len(StorageIntents::Prefix, 128))
                .col(timestamp_with_time_zone(StorageIntents::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("storage_intents_created_at")
                .table(StorageIntents::Table)
                .col(StorageIntents::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(Cases::Table)
                .add_column(timestamp_with_time_zone_null(CasesPublished::PublishedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Cases::Table)
                .drop_column(CasesPublished::PublishedAt)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(StorageIntents::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Photos::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Photos {
    Table,
    Id,
    CaseId,
    UploadedByUserId,
    UploadedByRole,
    UploadedAt,
    Sha256,
    Format,
    OriginalBytes,
    Width,
    Height,
    GpsLat,
    GpsLon,
}

#[derive(DeriveIden)]
enum StorageIntents {
    Table,
    Id,
    Prefix,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CasesPublished {
    PublishedAt,
}
