//! Keys for third-party apps on the public API, the request counters that
//! hold every public client (keyed or not) to its rate limit across all
//! replicas, and the failed sign-ins that lock an account for a while.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    Name,
    Contact,
    Prefix,
    SecretHash,
    RequestsPerMinute,
    CreatedByUserId,
    CreatedAt,
    RevokedAt,
    RevokedByUserId,
}

#[derive(DeriveIden)]
enum RateWindows {
    Table,
    Bucket,
    WindowStart,
    Hits,
}

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    UsernameKey,
    Failures,
    LastFailureAt,
    LockedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApiKeys::Table)
                .col(uuid(ApiKeys::Id).primary_key())
                .col(string_len(ApiKeys::Name, 200))
                .col(string_len(ApiKeys::Contact, 200))
                .col(string_len(ApiKeys::Prefix, 16))
                // SHA-256 of the secret, hex; the secret itself is shown once.
                .col(string_len_uniq(ApiKeys::SecretHash, 64))
                .col(integer(ApiKeys::RequestsPerMinute))
                .col(uuid(ApiKeys::CreatedByUserId))
                .col(timestamp_with_time_zone(ApiKeys::CreatedAt))
                .col(timestamp_with_time_zone_null(ApiKeys::RevokedAt))
                .col(uuid_null(ApiKeys::RevokedByUserId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RateWindows::Table)
                // `key:<id>` or `ip:<keyed hash of the address>`.
                .col(string_len(RateWindows::Bucket, 80))
                .col(timestamp_with_time_zone(RateWindows::WindowStart))
                .col(integer(RateWindows::Hits))
                .primary_key(
                    Index::create()
                        .col(RateWindows::Bucket)
                        .col(RateWindows::WindowStart),
                )
                .to_owned(),
        )
        .await?;
        // The sweeper deletes windows by age.
        m.create_index(
            Index::create()
                .name("rate_windows_start")
                .table(RateWindows::Table)
                .col(RateWindows::WindowStart)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LoginFailures::Table)
                // A keyed hash of the username tried, whether or not such an
                // account exists.
                .col(string_len(LoginFailures::UsernameKey, 64).primary_key())
                .col(integer(LoginFailures::Failures))
                .col(timestamp_with_time_zone(LoginFailures::LastFailureAt))
                .col(timestamp_with_time_zone_null(LoginFailures::LockedUntil))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LoginFailures::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(RateWindows::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ApiKeys::Table).to_owned())
            .await
    }
}
