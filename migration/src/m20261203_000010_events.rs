//! The event log behind live updates: one row per change to a case, with
//! increasing ids, written in the transaction of the change itself.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    At,
    Kind,
    CaseId,
    CaseNumber,
    FromStatus,
    ToStatus,
    Note,
    VisibleToReporter,
    ActorRole,
    DistrictId,
    RegionId,
    ProvinceId,
    FromDistrictId,
    FromRegionId,
    FromProvinceId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Events::Table)
                .col(big_pk_auto(Events::Id))
                .col(timestamp_with_time_zone(Events::At))
                .col(string_len(Events::Kind, 16))
                .col(uuid(Events::CaseId))
                .col(string_len(Events::CaseNumber, 20))
                .col(string_len_null(Events::FromStatus, 24))
                .col(string_len_null(Events::ToStatus, 24))
                .col(text_null(Events::Note))
                .col(boolean(Events::VisibleToReporter))
                .col(string_len_null(Events::ActorRole, 32))
                .col(string_len(Events::DistrictId, 64))
                .col(string_len(Events::RegionId, 64))
                .col(string_len(Events::ProvinceId, 8))
                .col(string_len_null(Events::FromDistrictId, 64))
                .col(string_len_null(Events::FromRegionId, 64))
                .col(string_len_null(Events::FromProvinceId, 8))
                .to_owned(),
        )
        .await?;
        // A reporter resuming their case's stream reads by case, then id.
        m.create_index(
            Index::create()
                .name("events_case_id")
                .table(Events::Table)
                .col(Events::CaseId)
                .col(Events::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Events::Table).to_owned())
            .await
    }
}
