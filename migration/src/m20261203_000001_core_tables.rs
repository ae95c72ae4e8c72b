//! The core tables: jurisdictions, users and their sessions, cases, their
//! timeline, the case-number counters and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Provinces::Table)
                .col(string_len(Provinces::Id, 8).primary_key())
                .col(string(Provinces::Name))
                .col(string(Provinces::NameUr))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Regions::Table)
                .col(string_len(Regions::Id, 64).primary_key())
                .col(string_len(Regions::ProvinceId, 8))
                .col(string(Regions::Name))
                .col(string(Regions::NameUr))
                .foreign_key(
                    ForeignKey::create()
                        .from(Regions::Table, Regions::ProvinceId)
                        .to(Provinces::Table, Provinces::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Districts::Table)
                .col(string_len(Districts::Id, 64).primary_key())
                .col(string_len(Districts::RegionId, 64))
                .col(string_len(Districts::ProvinceId, 8))
                .col(string(Districts::Name))
                .col(string(Districts::NameUr))
                .col(double(Districts::HqLat))
                .col(double(Districts::HqLon))
                .foreign_key(
                    ForeignKey::create()
                        .from(Districts::Table, Districts::RegionId)
                        .to(Regions::Table, Regions::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Districts::Table, Districts::ProvinceId)
                        .to(Provinces::Table, Provinces::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(uuid(Users::Id).primary_key())
                .col(string_len_null(Users::Username, 64).unique_key())
                .col(text_null(Users::PasswordHash))
                .col(string(Users::DisplayName))
                .col(string_len_null(Users::Phone, 16))
                .col(string_len(Users::Role, 32))
                .col(string_len_null(Users::ProvinceId, 8))
                .col(string_len_null(Users::RegionId, 64))
                .col(string_len_null(Users::DistrictId, 64))
                .col(string_null(Users::Office))
                .col(string_null(Users::ExternalIssuer))
                .col(string_null(Users::ExternalSubject))
                .col(boolean(Users::Active))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::DistrictId)
                        .to(Districts::Table, Districts::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::RegionId)
                        .to(Regions::Table, Regions::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::ProvinceId)
                        .to(Provinces::Table, Provinces::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("users_external_identity")
                .table(Users::Table)
                .col(Users::ExternalIssuer)
                .col(Users::ExternalSubject)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(uuid(RefreshTokens::Id).primary_key())
                .col(uuid(RefreshTokens::UserId))
                .col(uuid(RefreshTokens::FamilyId))
                .col(string_len(RefreshTokens::TokenHash, 64).unique_key())
                .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshTokens::Table, RefreshTokens::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("refresh_tokens_user")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::UserId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("refresh_tokens_family")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::FamilyId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CaseCounters::Table)
                .col(integer(CaseCounters::Year).primary_key())
                .col(big_integer(CaseCounters::LastNumber))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Cases::Table)
                .col(uuid(Cases::Id).primary_key())
                .col(string_len(Cases::CaseNumber, 20).unique_key())
                .col(text(Cases::TrackingCodeHash))
                .col(string_len(Cases::Kind, 24))
                .col(string_len(Cases::Status, 24))
                .col(string_len_null(Cases::ClosureReason, 16))
                .col(text(Cases::ChildName))
                .col(json_binary(Cases::ChildOtherNames))
                .col(string_len(Cases::ChildSex, 8))
                .col(date_null(Cases::ChildDateOfBirth))
                .col(integer(Cases::ChildAgeYears))
                .col(integer_null(Cases::ChildHeightCm))
                .col(json_binary(Cases::ChildLanguages))
                .col(text_null(Cases::ChildDistinguishingMarks))
                .col(text_null(Cases::ChildClothing))
                .col(string_len_null(Cases::ChildBFormNumber, 15))
                .col(text(Cases::LastSeenPlace))
                .col(string_len(Cases::LastSeenDistrictId, 64))
                .col(double_null(Cases::LastSeenLat))
                .col(double_null(Cases::LastSeenLon))
                .col(timestamp_with_time_zone(Cases::LastSeenAt))
                .col(string_len_null(Cases::SuggestedDistrictId, 64))
                .col(boolean(Cases::DistrictMismatch))
                .col(text_null(Cases::Circumstances))
                .col(text(Cases::ReporterName))
                .col(string(Cases::ReporterRelation))
                .col(string_len(Cases::ReporterPhone, 16))
                .col(string_len_null(Cases::ReporterCnic, 15))
                .col(boolean(Cases::PublishConsent))
                .col(uuid_null(Cases::ReporterUserId))
                .col(string_len(Cases::Channel, 16))
                .col(uuid_null(Cases::FiledByUserId))
                .col(string_null(Cases::FiledAtOffice))
                .col(string_len(Cases::DistrictId, 64))
                .col(string_len(Cases::RegionId, 64))
                .col(string_len(Cases::ProvinceId, 8))
                .col(string_null(Cases::FirNumber))
                .col(string_null(Cases::FirPoliceStation))
                .col(date_null(Cases::FirDate))
                .col(timestamp_with_time_zone(Cases::ReportedAt))
                .col(timestamp_with_time_zone(Cases::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Cases::Table, Cases::DistrictId)
                        .to(Districts::Table, Districts::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Cases::Table, Cases::LastSeenDistrictId)
                        .to(Districts::Table, Districts::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Cases::Table, Cases::RegionId)
                        .to(Regions::Table, Regions::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Cases::Table, Cases::ProvinceId)
                        .to(Provinces::Table, Provinces::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Cases::Table, Cases::ReporterUserId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Cases::Table, Cases::FiledByUserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("cases_district", Cases::DistrictId),
            ("cases_region", Cases::RegionId),
            ("cases_province", Cases::ProvinceId),
            ("cases_status", Cases::Status),
            ("cases_reporter", Cases::ReporterUserId),
            ("cases_filed_by", Cases::FiledByUserId),
            ("cases_reported_at", Cases::ReportedAt),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Cases::Table)
                    .col(column)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(CaseEvents::Table)
                .col(uuid(CaseEvents::Id).primary_key())
                .col(uuid(CaseEvents::CaseId))
                .col(string_len(CaseEvents::Kind, 16))
                .col(string_len_null(CaseEvents::FromStatus, 24))
                .col(string_len_null(CaseEvents::ToStatus, 24))
                .col(text_null(CaseEvents::Note))
                .col(boolean(CaseEvents::VisibleToReporter))
                .col(uuid_null(CaseEvents::ActorUserId))
                .col(string_len_null(CaseEvents::ActorRole, 32))
                .col(json_binary(CaseEvents::Data))
                .col(timestamp_with_time_zone(CaseEvents::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CaseEvents::Table, CaseEvents::CaseId)
                        .to(Cases::Table, Cases::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("case_events_case")
                .table(CaseEvents::Table)
                .col(CaseEvents::CaseId)
                .col(CaseEvents::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(uuid_null(AuditLog::ActorUserId))
                .col(string_len(AuditLog::ActorRole, 32))
                .col(string_len(AuditLog::Action, 64))
                .col(uuid_null(AuditLog::CaseId))
                .col(json_binary(AuditLog::Detail))
                .col(string_len_null(AuditLog::ClientIp, 64))
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("audit_log_case", AuditLog::CaseId),
            ("audit_log_actor", AuditLog::ActorUserId),
            ("audit_log_at", AuditLog::At),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(AuditLog::Table)
                    .col(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            CaseEvents::Table.into_iden(),
            Cases::Table.into_iden(),
            CaseCounters::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Users::Table.into_iden(),
            Districts::Table.into_iden(),
            Regions::Table.into_iden(),
            Provinces::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub(crate) enum Provinces {
    Table,
    Id,
    Name,
    NameUr,
}

#[derive(DeriveIden)]
pub(crate) enum Regions {
    Table,
    Id,
    ProvinceId,
    Name,
    NameUr,
}

#[derive(DeriveIden)]
pub(crate) enum Districts {
    Table,
    Id,
    RegionId,
    ProvinceId,
    Name,
    NameUr,
    HqLat,
    HqLon,
}

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
    Id,
    Username,
    PasswordHash,
    DisplayName,
    Phone,
    Role,
    ProvinceId,
    RegionId,
    DistrictId,
    Office,
    ExternalIssuer,
    ExternalSubject,
    Active,
    CreatedAt,
    // Added by the alerts migration.
    OnDuty,
    Language,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum CaseCounters {
    Table,
    Year,
    LastNumber,
}

#[derive(DeriveIden)]
pub(crate) enum Cases {
    Table,
    Id,
    CaseNumber,
    TrackingCodeHash,
    Kind,
    Status,
    ClosureReason,
    ChildName,
    ChildOtherNames,
    ChildSex,
    ChildDateOfBirth,
    ChildAgeYears,
    ChildHeightCm,
    ChildLanguages,
    ChildDistinguishingMarks,
    ChildClothing,
    ChildBFormNumber,
    LastSeenPlace,
    LastSeenDistrictId,
    LastSeenLat,
    LastSeenLon,
    LastSeenAt,
    SuggestedDistrictId,
    DistrictMismatch,
    Circumstances,
    ReporterName,
    ReporterRelation,
    ReporterPhone,
    ReporterCnic,
    PublishConsent,
    ReporterUserId,
    Channel,
    FiledByUserId,
    FiledAtOffice,
    DistrictId,
    RegionId,
    ProvinceId,
    FirNumber,
    FirPoliceStation,
    FirDate,
    ReportedAt,
    UpdatedAt,
    // Added by the alerts migration.
    ReporterLanguage,
    HandlingOfficerId,
}

#[derive(DeriveIden)]
enum CaseEvents {
    Table,
    Id,
    CaseId,
    Kind,
    FromStatus,
    ToStatus,
    Note,
    VisibleToReporter,
    ActorUserId,
    ActorRole,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    ActorRole,
    Action,
    CaseId,
    Detail,
    ClientIp,
}
