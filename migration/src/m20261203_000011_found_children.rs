//! Found children and match leads: children found or unidentified, held by
//! the police or a child-protection institution, with their photos; the
//! leads the face worker proposes between them (or sightings) and the
//! missing, each decided by a person; and the face an uploader picked on a
//! photo showing several.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FoundChildren::Table)
                .col(uuid(FoundChildren::Id).primary_key())
                .col(string_len(FoundChildren::ProvinceId, 16))
                .col(string_len(FoundChildren::RegionId, 64))
                .col(string_len(FoundChildren::DistrictId, 64))
                .col(uuid(FoundChildren::RegisteredByUserId))
                .col(string_len(FoundChildren::RegisteredByRole, 32))
                .col(integer(FoundChildren::ApproxAgeYears))
                .col(string_len(FoundChildren::Sex, 8))
                .col(timestamp_with_time_zone(FoundChildren::FoundAt))
                .col(string_len(FoundChildren::FoundPlace, 200))
                .col(string_len(FoundChildren::FoundDistrictId, 64))
                .col(string_len(FoundChildren::CurrentPlace, 200))
                .col(text(FoundChildren::Description))
                .col(string_len(FoundChildren::InstitutionName, 200))
                .col(string_len(FoundChildren::InstitutionPhone, 16))
                .col(uuid_null(FoundChildren::LinkedCaseId))
                .col(timestamp_with_time_zone_null(FoundChildren::LinkedAt))
                .col(timestamp_with_time_zone(FoundChildren::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("found_children_district")
                .table(FoundChildren::Table)
                .col(FoundChildren::DistrictId)
                .col(FoundChildren::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(FoundPhotos::Table)
                .col(uuid(FoundPhotos::Id).primary_key())
                .col(uuid(FoundPhotos::FoundChildId))
                .col(uuid(FoundPhotos::UploadedByUserId))
                .col(string_len(FoundPhotos::UploadedByRole, 32))
                .col(timestamp_with_time_zone(FoundPhotos::UploadedAt))
                .col(string_len(FoundPhotos::Sha256, 64))
                .col(string_len(FoundPhotos::Format, 8))
                .col(big_integer(FoundPhotos::OriginalBytes))
                .col(integer(FoundPhotos::Width))
                .col(integer(FoundPhotos::Height))
                .foreign_key(
                    ForeignKey::create()
                        .from(FoundPhotos::Table, FoundPhotos::FoundChildId)
                        .to(FoundChildren::Table, FoundChildren::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("found_photos_child_file")
                .table(FoundPhotos::Table)
                .col(FoundPhotos::FoundChildId)
                .col(FoundPhotos::Sha256)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MatchLeads::Table)
                .col(uuid(MatchLeads::Id).primary_key())
                .col(uuid(MatchLeads::CaseId))
                .col(uuid(MatchLeads::CasePhotoId))
                .col(string_len(MatchLeads::OtherSide, 16))
                // The found child's record or the sighting: one lead a pair.
                .col(uuid(MatchLeads::OtherId))
                .col(uuid(MatchLeads::OtherPhotoId))
                .col(double(MatchLeads::Distance))
                .col(string_len(MatchLeads::Status, 16))
                .col(uuid_null(MatchLeads::DecidedByUserId))
                .col(timestamp_with_time_zone_null(MatchLeads::DecidedAt))
                .col(timestamp_with_time_zone(MatchLeads::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("match_leads_pair")
                .table(MatchLeads::Table)
                .col(MatchLeads::CaseId)
                .col(MatchLeads::OtherId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("match_leads_other")
                .table(MatchLeads::Table)
                .col(MatchLeads::OtherId)
                .to_owned(),
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(FaceJobs::Table)
                .add_column(integer_null(FaceJobs::ChosenFace))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(FaceJobs::Table)
                .drop_column(FaceJobs::ChosenFace)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(MatchLeads::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(FoundPhotos::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(FoundChildren::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FoundChildren {
    Table,
    Id,
    ProvinceId,
    RegionId,
    DistrictId,
    RegisteredByUserId,
    RegisteredByRole,
    ApproxAgeYears,
    Sex,
    FoundAt,
    FoundPlace,
    FoundDistrictId,
    CurrentPlace,
    Description,
    InstitutionName,
    InstitutionPhone,
    LinkedCaseId,
    LinkedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FoundPhotos {
    Table,
    Id,
    FoundChildId,
    UploadedByUserId,
    UploadedByRole,
    UploadedAt,
    Sha256,
    Format,
    OriginalBytes,
    Width,
    Height,
}

#[derive(DeriveIden)]
enum MatchLeads {
    Table,
    Id,
    CaseId,
    CasePhotoId,
    OtherSide,
    OtherId,
    OtherPhotoId,
    Distance,
    Status,
    DecidedByUserId,
    DecidedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FaceJobs {
    Table,
    ChosenFace,
}
