//! Database migrations, applied in order by [`Migrator`], and the reference
//! data they load (the jurisdictions of Pakistan).

pub use sea_orm_migration::prelude::*;

pub mod jurisdictions;
mod m20261203_000001_core_tables;
mod m20261203_000002_load_jurisdictions;
mod m20261203_000003_alerts;
mod m20261203_000004_photos;
mod m20261203_000006_faces;
mod m20261203_000007_register;
mod m20261203_000008_register_indexes;
mod m20261203_000010_events;
mod m20261203_000011_found_children;
mod m20261203_000012_audit_chain;
mod m20261203_000013_duplicates;
mod m20261203_000015_api_keys;
mod m20261204_000016_sms_intake;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261203_000001_core_tables::Migration),
            Box::new(m20261203_000002_load_jurisdictions::Migration),
            Box::new(m20261203_000003_alerts::Migration),
            Box::new(m20261203_000004_photos::Migration),
            Box::new(m20261203_000006_faces::Migration),
            Box::new(m20261203_000007_register::Migration),
            Box::new(m20261203_000008_register_indexes::Migration),
            Box::new(m20261203_000010_events::Migration),
            Box::new(m20261203_000011_found_children::Migration),
            Box::new(m20261203_000012_audit_chain::Migration),
            Box::new(m20261203_000013_duplicates::Migration),
            Box::new(m20261203_000015_api_keys::Migration),
            Box::new(m20261204_000016_sms_intake::Migration),
        ]
    }
}
