//! Likely duplicates: pairs of cases that may be the same child, found at
//! intake, with the score and the reasons shown to police, and whether
//! police dismissed the pair.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DuplicateCandidates {
    Table,
    Id,
    /// The lower of the two case ids, so that a pair is stored once.
    CaseA,
    CaseB,
    Score,
    Reasons,
    Status,
    CreatedAt,
    DecidedAt,
    DecidedByUserId,
    /// After a merge: the case kept, and the status the other had before.
    KeptCaseId,
    PriorStatus,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DuplicateCandidates::Table)
                .col(uuid(DuplicateCandidates::Id).primary_key())
                .col(uuid(DuplicateCandidates::CaseA))
                .col(uuid(DuplicateCandidates::CaseB))
                .col(double(DuplicateCandidates::Score))
                .col(json_binary(DuplicateCandidates::Reasons))
                .col(string_len(DuplicateCandidates::Status, 16))
                .col(timestamp_with_time_zone(DuplicateCandidates::CreatedAt))
                .col(timestamp_with_time_zone_null(
                    DuplicateCandidates::DecidedAt,
                ))
                .col(uuid_null(DuplicateCandidates::DecidedByUserId))
                .col(uuid_null(DuplicateCandidates::KeptCaseId))
                .col(string_len_null(DuplicateCandidates::PriorStatus, 24))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("duplicate_candidates_pair")
                .table(DuplicateCandidates::Table)
                .col(DuplicateCandidates::CaseA)
                .col(DuplicateCandidates::CaseB)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("duplicate_candidates_case_b")
                .table(DuplicateCandidates::Table)
                .col(DuplicateCandidates::CaseB)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DuplicateCandidates::Table).to_owned())
            .await
    }
}
