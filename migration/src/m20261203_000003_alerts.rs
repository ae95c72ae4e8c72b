//! Alerts: duty rosters, in-app notifications, the SMS outbox, the
//! deadline policy with its versions, each case's deadlines and the
//! breaches recorded when one is missed.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261203_000001_core_tables::{Cases, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(boolean(Users::OnDuty).default(true))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string_len(Users::Language, 2).default("en"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Cases::Table)
                .add_column(string_len(Cases::ReporterLanguage, 2).default("ur"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Cases::Table)
                .add_column(uuid_null(Cases::HandlingOfficerId))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DutyContacts::Table)
                .col(uuid(DutyContacts::Id).primary_key())
                .col(string_len(DutyContacts::Level, 16))
                .col(string_len_null(DutyContacts::JurisdictionId, 64))
                .col(string_len(DutyContacts::Label, 100))
                .col(string_len(DutyContacts::Phone, 16))
                .col(string_len(DutyContacts::Language, 2))
                .col(timestamp_with_time_zone(DutyContacts::CreatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "duty_contacts_level",
            DutyContacts::Table,
            &[DutyContacts::Level, DutyContacts::JurisdictionId],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(uuid(Notifications::Id).primary_key())
                .col(uuid(Notifications::UserId))
                .col(uuid_null(Notifications::CaseId))
                .col(string_len(Notifications::Kind, 32))
                .col(text(Notifications::Title))
                .col(text(Notifications::Body))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Notifications::Table, Notifications::UserId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Notifications::Table, Notifications::CaseId)
                        .to(Cases::Table, Cases::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "notifications_user",
            Notifications::Table,
            &[Notifications::UserId, Notifications::Id],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(uuid(Outbox::Id).primary_key())
                .col(string_len(Outbox::DedupeKey, 200).unique_key())
                .col(string_len(Outbox::Purpose, 32))
                .col(uuid_null(Outbox::CaseId))
                .col(string_len(Outbox::ToPhone, 16))
                .col(text(Outbox::Body))
                .col(string_len(Outbox::Encoding, 8))
                .col(integer(Outbox::Segments))
                .col(string_len(Outbox::Status, 16))
                .col(integer(Outbox::Attempts))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
                .col(string_len_null(Outbox::LeaseOwner, 64))
                .col(string_len_null(Outbox::Gateway, 16))
                .col(text_null(Outbox::GatewayAnswer))
                .col(text_null(Outbox::LastError))
                .col(string_len_null(Outbox::DeliveryReport, 16))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .col(timestamp_with_time_zone_null(Outbox::DeliveredAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Outbox::Table, Outbox::CaseId)
                        .to(Cases::Table, Cases::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "outbox_due",
            Outbox::Table,
            &[Outbox::Status, Outbox::NextAttemptAt],
        )
        .await?;
        index(m, "outbox_case", Outbox::Table, &[Outbox::CaseId]).await?;

        m.create_table(
            Table::create()
                .table(DeadlinePolicies::Table)
                .col(integer(DeadlinePolicies::Version).primary_key())
                .col(integer(DeadlinePolicies::AcknowledgeMinutes))
                .col(integer(DeadlinePolicies::ContactReporterMinutes))
                .col(integer(DeadlinePolicies::RegisterFirMinutes))
                .col(integer(DeadlinePolicies::InvestigationDays))
                .col(integer(DeadlinePolicies::EscalationIntervalMinutes))
                .col(text_null(DeadlinePolicies::Note))
                .col(uuid_null(DeadlinePolicies::CreatedBy))
                .col(timestamp_with_time_zone(DeadlinePolicies::CreatedAt))
                .to_owned(),
        )
        .await?;
        // The defaults: the ZARRA Act's two hours to act, the Zainab Alert
        // app's 24 hours to contact the reporter and register the FIR, and
        // 90 days for the investigation; each missed step climbs after an hour.
        m.exec_stmt(
            Query::insert()
                .into_table(DeadlinePolicies::Table)
                .columns([
                    DeadlinePolicies::Version,
                    DeadlinePolicies::AcknowledgeMinutes,
                    DeadlinePolicies::ContactReporterMinutes,
                    DeadlinePolicies::RegisterFirMinutes,
                    DeadlinePolicies::InvestigationDays,
                    DeadlinePolicies::EscalationIntervalMinutes,
                    DeadlinePolicies::Note,
                    DeadlinePolicies::CreatedAt,
                ])
                .values_panic([
                    1.into(),
                    120.into(),
                    1440.into(),
                    1440.into(),
                    90.into(),
                    60.into(),
                    "defaults of the ZARRA Act and the Zainab Alert app".into(),
                    Expr::current_timestamp(),
                ])
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Deadlines::Table)
                .col(uuid(Deadlines::Id).primary_key())
                .col(uuid(Deadlines::CaseId))
                .col(string_len(Deadlines::Kind, 24))
                .col(integer(Deadlines::PolicyVersion))
                .col(timestamp_with_time_zone(Deadlines::DueAt))
                .col(string_len(Deadlines::Status, 12))
                .col(timestamp_with_time_zone_null(Deadlines::MetAt))
                .col(integer(Deadlines::EscalationLevel))
                .col(timestamp_with_time_zone_null(Deadlines::NextEscalationAt))
                .col(timestamp_with_time_zone(Deadlines::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Deadlines::Table, Deadlines::CaseId)
                        .to(Cases::Table, Cases::Id),
                )
                .to_owned(),
        )
        .await?;
        index(m, "deadlines_case", Deadlines::Table, &[Deadlines::CaseId]).await?;
        index(
            m,
            "deadlines_due",
            Deadlines::Table,
            &[Deadlines::Status, Deadlines::NextEscalationAt],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DeadlineBreaches::Table)
                .col(uuid(DeadlineBreaches::Id).primary_key())
                .col(uuid(DeadlineBreaches::DeadlineId).unique_key())
                .col(uuid(DeadlineBreaches::CaseId))
                .col(string_len(DeadlineBreaches::Kind, 24))
                .col(timestamp_with_time_zone(DeadlineBreaches::DueAt))
                .col(timestamp_with_time_zone(DeadlineBreaches::DetectedAt))
                .col(timestamp_with_time_zone_null(DeadlineBreaches::MetAt))
                .col(integer(DeadlineBreaches::EscalationLevel))
                .col(string_len(DeadlineBreaches::DistrictId, 64))
                .col(string_len(DeadlineBreaches::RegionId, 64))
                .col(string_len(DeadlineBreaches::ProvinceId, 8))
                .col(uuid_null(DeadlineBreaches::ResponsibleUserId))
                .foreign_key(
                    ForeignKey::create()
                        .from(DeadlineBreaches::Table, DeadlineBreaches::DeadlineId)
                        .to(Deadlines::Table, Deadlines::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "breaches_district",
            DeadlineBreaches::Table,
            &[DeadlineBreaches::DistrictId, DeadlineBreaches::DueAt],
        )
        .await?;
        index(
            m,
            "breaches_province",
            DeadlineBreaches::Table,
            &[DeadlineBreaches::ProvinceId, DeadlineBreaches::DueAt],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DeadlineBreaches::Table.into_iden(),
            Deadlines::Table.into_iden(),
            DeadlinePolicies::Table.into_iden(),
            Outbox::Table.into_iden(),
            Notifications::Table.into_iden(),
            DutyContacts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for column in [Users::OnDuty, Users::Language] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        for column in [Cases::ReporterLanguage, Cases::HandlingOfficerId] {
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

async fn index<T: IntoIden + Copy + 'static>(
    m: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[T],
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(*column);
    }
    m.create_index(index.to_owned()).await
}

#[derive(DeriveIden, Clone, Copy)]
enum DutyContacts {
    Table,
    Id,
    Level,
    JurisdictionId,
    Label,
    Phone,
    Language,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    Id,
    UserId,
    CaseId,
    Kind,
    Title,
    Body,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Id,
    DedupeKey,
    Purpose,
    CaseId,
    ToPhone,
    Body,
    Encoding,
    Segments,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    LeaseOwner,
    Gateway,
    GatewayAnswer,
    LastError,
    DeliveryReport,
    CreatedAt,
    SentAt,
    DeliveredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeadlinePolicies {
    Table,
    Version,
    AcknowledgeMinutes,
    ContactReporterMinutes,
    RegisterFirMinutes,
    InvestigationDays,
    EscalationIntervalMinutes,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Deadlines {
    Table,
    Id,
    CaseId,
    Kind,
    PolicyVersion,
    DueAt,
    Status,
    MetAt,
    EscalationLevel,
    NextEscalationAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DeadlineBreaches {
    Table,
    Id,
    DeadlineId,
    CaseId,
    Kind,
    DueAt,
    DetectedAt,
    MetAt,
    EscalationLevel,
    DistrictId,
    RegionId,
    ProvinceId,
    ResponsibleUserId,
}
