//! The public register: what the public may see of published cases, kept
//! apart from the cases themselves; the log of its changes that feeds
//! follow; and sightings reported by the public.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261203_000001_core_tables::Cases;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            boolean(CaseColumns::PublishFullName)
                .default(false)
                .to_owned(),
            timestamp_with_time_zone_null(CaseColumns::RecoveredAt).to_owned(),
            text_null(CaseColumns::PublicDescription).to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(RegisterEntries::Table)
                .col(uuid(RegisterEntries::CaseId).primary_key())
                .col(string_len_uniq(RegisterEntries::CaseNumber, 32))
                .col(string_len(RegisterEntries::PublicName, 200))
                .col(text(RegisterEntries::NameKeys))
                .col(string_len(RegisterEntries::Sex, 8))
                .col(integer(RegisterEntries::AgeYears))
                .col(string_len(RegisterEntries::DistrictId, 64))
                .col(string_len(RegisterEntries::ProvinceId, 16))
                .col(date(RegisterEntries::LastSeenOn))
                .col(string_len(RegisterEntries::Status, 8))
                .col(timestamp_with_time_zone_null(RegisterEntries::FoundUntil))
                .col(text_null(RegisterEntries::Description))
                .col(uuid_null(RegisterEntries::PhotoId))
                .col(timestamp_with_time_zone(RegisterEntries::ListedAt))
                .col(timestamp_with_time_zone(RegisterEntries::UpdatedAt))
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("register_entries_district", RegisterEntries::DistrictId),
            ("register_entries_province", RegisterEntries::ProvinceId),
            ("register_entries_listed_at", RegisterEntries::ListedAt),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(RegisterEntries::Table)
                    .col(column)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(RegisterChanges::Table)
                .col(
                    big_integer(RegisterChanges::Id)
                        .auto_increment()
                        .primary_key(),
                )
                .col(string_len(RegisterChanges::CaseNumber, 32))
                .col(string_len(RegisterChanges::Kind, 16))
                .col(timestamp_with_time_zone(RegisterChanges::At))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sightings::Table)
                .col(uuid(Sightings::Id).primary_key())
                .col(uuid(Sightings::CaseId))
                .col(timestamp_with_time_zone(Sightings::SeenAt))
                .col(string_len(Sightings::Place, 500))
                .col(string_len(Sightings::DistrictId, 64))
                .col(double_null(Sightings::Lat))
                .col(double_null(Sightings::Lon))
                .col(text(Sightings::Description))
                .col(string_len_null(Sightings::ContactName, 200))
                .col(string_len_null(Sightings::ContactPhone, 16))
                .col(string_len(Sightings::ClientKey, 64))
                .col(uuid_null(Sightings::PhotoId))
                .col(string_len_null(Sightings::Assessment, 16))
                .col(uuid_null(Sightings::AssessedByUserId))
                .col(timestamp_with_time_zone_null(Sightings::AssessedAt))
                .col(timestamp_with_time_zone(Sightings::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sightings::Table, Sightings::CaseId)
                        .to(Cases::Table, Cases::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, columns) in [
            ("sightings_case", vec![Sightings::CaseId]),
            (
                "sightings_client",
                vec![Sightings::ClientKey, Sightings::CreatedAt],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Sightings::Table);
            for column in columns {
                index.col(column);
            }
            m.create_index(index.to_owned()).await?;
        }

        // A sighting's photo belongs to the sighting, not to the case's album.
        m.alter_table(
            Table::alter()
                .table(Photos::Table)
                .add_column(uuid_null(Photos::SightingId))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Photos::Table)
                .drop_column(Photos::SightingId)
                .to_owned(),
        )
        .await?;
        for table in [
            Sightings::Table.into_iden(),
            RegisterChanges::Table.into_iden(),
            RegisterEntries::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for column in [
            CaseColumns::PublicDescription,
            CaseColumns::RecoveredAt,
            CaseColumns::PublishFullName,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum CaseColumns {
    PublishFullName,
    RecoveredAt,
    PublicDescription,
}

#[derive(DeriveIden)]
enum Photos {
    Table,
    SightingId,
}

#[derive(DeriveIden, Clone, Copy)]
enum RegisterEntries {
    Table,
    CaseId,
    CaseNumber,
    PublicName,
    NameKeys,
    Sex,
    AgeYears,
    DistrictId,
    ProvinceId,
    LastSeenOn,
    Status,
    FoundUntil,
    Description,
    PhotoId,
    ListedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RegisterChanges {
    Table,
    Id,
    CaseNumber,
    Kind,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Sightings {
    Table,
    Id,
    CaseId,
    SeenAt,
    Place,
    DistrictId,
    Lat,
    Lon,
    Description,
    ContactName,
    ContactPhone,
    ClientKey,
    PhotoId,
    Assessment,
    AssessedByUserId,
    AssessedAt,
    CreatedAt,
}
