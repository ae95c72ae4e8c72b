//! Loads the provinces, regions and districts from the shipped data file.

use sea_orm_migration::prelude::*;

use crate::jurisdictions;
use crate::m20261203_000001_core_tables::{Districts, Provinces, Regions};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let data = jurisdictions::load()
            .map_err(|err| DbErr::Migration(format!("jurisdictions.json is invalid: {err}")))?;

        let mut provinces = Query::insert();
        provinces.into_table(Provinces::Table).columns([
            Provinces::Id,
            Provinces::Name,
            Provinces::NameUr,
        ]);
        let mut regions = Query::insert();
        regions.into_table(Regions::Table).columns([
            Regions::Id,
            Regions::ProvinceId,
            Regions::Name,
            Regions::NameUr,
        ]);
        let mut districts = Query::insert();
        districts.into_table(Districts::Table).columns([
            Districts::Id,
            Districts::RegionId,
            Districts::ProvinceId,
            Districts::Name,
            Districts::NameUr,
            Districts::HqLat,
            Districts::HqLon,
        ]);

        for province in &data.provinces {
            provinces.values_panic([
                province.id.as_str().into(),
                province.name.as_str().into(),
                province.name_ur.as_str().into(),
            ]);
            for region in &province.regions {
                regions.values_panic([
                    region.id.as_str().into(),
                    province.id.as_str().into(),
                    region.name.as_str().into(),
                    region.name_ur.as_str().into(),
                ]);
                for district in &region.districts {
                    districts.values_panic([
                        district.id.as_str().into(),
                        region.id.as_str().into(),
                        province.id.as_str().into(),
                        district.name.as_str().into(),
                        district.name_ur.as_str().into(),
                        district.lat.into(),
                        district.lon.into(),
                    ]);
                }
            }
        }

        manager.exec_stmt(provinces).await?;
        manager.exec_stmt(regions).await?;
        manager.exec_stmt(districts).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(Query::delete().from_table(Districts::Table).to_owned())
            .await?;
        manager
            .exec_stmt(Query::delete().from_table(Regions::Table).to_owned())
            .await?;
        manager
            .exec_stmt(Query::delete().from_table(Provinces::Table).to_owned())
            .await
    }
}
