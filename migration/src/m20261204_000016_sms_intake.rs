//! Reports by SMS: every message Kannel hands over, kept once per gateway
//! message id, and the drafts they open until a facilitation officer
//! completes one into a case or discards it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SmsDrafts {
    Table,
    Id,
    Reference,
    Status,
    Phone,
    Language,
    DistrictId,
    RegionId,
    ProvinceId,
    ChildName,
    ChildAgeYears,
    ChildSex,
    Place,
    SeenWhen,
    Unknown,
    CaseId,
    DiscardReason,
    HandledByUserId,
    CreatedAt,
    UpdatedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum SmsMessages {
    Table,
    Id,
    GatewayId,
    Phone,
    Kind,
    DraftId,
    Text,
    Coding,
    ReceivedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SmsDrafts::Table)
                .col(uuid(SmsDrafts::Id).primary_key())
                // `SMS-XXXXXX`, texted back to the sender.
                .col(string_len_uniq(SmsDrafts::Reference, 16))
                .col(string_len(SmsDrafts::Status, 16))
                .col(string_len(SmsDrafts::Phone, 20))
                .col(string_len(SmsDrafts::Language, 2))
                // All three empty: the national queue.
                .col(string_len_null(SmsDrafts::DistrictId, 64))
                .col(string_len_null(SmsDrafts::RegionId, 64))
                .col(string_len_null(SmsDrafts::ProvinceId, 64))
                .col(string_len_null(SmsDrafts::ChildName, 100))
                .col(integer_null(SmsDrafts::ChildAgeYears))
                .col(string_len_null(SmsDrafts::ChildSex, 16))
                .col(string_len_null(SmsDrafts::Place, 200))
                .col(string_len_null(SmsDrafts::SeenWhen, 40))
                // What the parser could not tell, as a JSON list of field names.
                .col(json_binary(SmsDrafts::Unknown))
                .col(uuid_null(SmsDrafts::CaseId))
                .col(string_len_null(SmsDrafts::DiscardReason, 500))
                .col(uuid_null(SmsDrafts::HandledByUserId))
                .col(timestamp_with_time_zone(SmsDrafts::CreatedAt))
                .col(timestamp_with_time_zone(SmsDrafts::UpdatedAt))
                .col(timestamp_with_time_zone_null(SmsDrafts::ClosedAt))
                .to_owned(),
        )
        .await?;
        // The queues, and the open draft of a sender.
        m.create_index(
            Index::create()
                .name("sms_drafts_queue")
                .table(SmsDrafts::Table)
                .col(SmsDrafts::Status)
                .col(SmsDrafts::DistrictId)
                .to_owned(),
        )
        .await?;
        // One open draft per sender: two messages handled at once cannot
        // open two; the second fails, Kannel retries it, and it follows up.
        m.create_index(
            Index::create()
                .name("sms_drafts_one_open_per_phone")
                .table(SmsDrafts::Table)
                .col(SmsDrafts::Phone)
                .unique()
                .and_where(Expr::col(SmsDrafts::Status).eq("open"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SmsMessages::Table)
                .col(uuid(SmsMessages::Id).primary_key())
                // Kannel's message id: a resend of the same message is
                // recognised by it and stored once.
                .col(string_len_uniq(SmsMessages::GatewayId, 64))
                .col(string_len(SmsMessages::Phone, 20))
                .col(string_len(SmsMessages::Kind, 16))
                .col(uuid_null(SmsMessages::DraftId))
                // As sent, control characters removed; never interpreted.
                .col(text(SmsMessages::Text))
                .col(integer(SmsMessages::Coding))
                .col(timestamp_with_time_zone(SmsMessages::ReceivedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sms_messages_draft")
                .table(SmsMessages::Table)
                .col(SmsMessages::DraftId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SmsMessages::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SmsDrafts::Table).to_owned())
            .await
    }
}
