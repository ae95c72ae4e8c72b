//! Faces: the queue of photos waiting for the face worker, with leases so
//! that several workers share it, and the faces found on each photo with
//! their 128-number embeddings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FaceJobs::Table)
                .col(uuid(FaceJobs::Id).primary_key())
                // One job a photo; no foreign key, so that sightings' photos
                // (kept elsewhere) can be queued the same way.
                .col(uuid_uniq(FaceJobs::PhotoId))
                .col(string_len(FaceJobs::Side, 16))
                .col(uuid(FaceJobs::CaseId))
                .col(string_len(FaceJobs::Status, 16))
                .col(integer(FaceJobs::Attempts))
                .col(timestamp_with_time_zone(FaceJobs::NextAttemptAt))
                .col(timestamp_with_time_zone_null(FaceJobs::LeaseUntil))
                .col(string_len_null(FaceJobs::LeaseOwner, 64))
                .col(string_len_null(FaceJobs::LastError, 200))
                .col(integer_null(FaceJobs::Faces))
                .col(timestamp_with_time_zone(FaceJobs::CreatedAt))
                .col(timestamp_with_time_zone_null(FaceJobs::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("face_jobs_due")
                .table(FaceJobs::Table)
                .col(FaceJobs::Status)
                .col(FaceJobs::NextAttemptAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Faces::Table)
                .col(uuid(Faces::Id).primary_key())
                .col(uuid(Faces::PhotoId))
                .col(string_len(Faces::Side, 16))
                .col(uuid(Faces::CaseId))
                .col(integer(Faces::FaceIndex))
                .col(integer(Faces::BoxLeft))
                .col(integer(Faces::BoxTop))
                .col(integer(Faces::BoxRight))
                .col(integer(Faces::BoxBottom))
                // 128 little-endian f32.
                .col(binary(Faces::Embedding))
                .col(timestamp_with_time_zone(Faces::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("faces_photo")
                .table(Faces::Table)
                .col(Faces::PhotoId)
                .col(Faces::FaceIndex)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Faces::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(FaceJobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FaceJobs {
    Table,
    Id,
    PhotoId,
    Side,
    CaseId,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    LeaseOwner,
    LastError,
    Faces,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum Faces {
    Table,
    Id,
    PhotoId,
    Side,
    CaseId,
    FaceIndex,
    BoxLeft,
    BoxTop,
    BoxRight,
    BoxBottom,
    Embedding,
    CreatedAt,
}
