//! Indexes that let the register's filtered searches stop after one page,
//! newest first, instead of sorting every matching row (measured in
//! `docs/BENCHMARKS.md`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

// No index on sex and age: with an age range, SQLite would use it and sort
// every match instead of walking the newest first.
const INDEXES: [(&str, &[RegisterEntries]); 2] = [
    (
        "register_entries_district_newest",
        &[RegisterEntries::DistrictId, RegisterEntries::CaseId],
    ),
    (
        "register_entries_province_newest",
        &[RegisterEntries::ProvinceId, RegisterEntries::CaseId],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, columns) in INDEXES {
            let mut index = Index::create();
            index.name(name).table(RegisterEntries::Table);
            for column in columns {
                index.col(*column);
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.drop_index(
                Index::drop()
                    .name(name)
                    .table(RegisterEntries::Table)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum RegisterEntries {
    Table,
    CaseId,
    DistrictId,
    ProvinceId,
}
