//! Provinces, regions and districts: public reference data, and the
//! district suggestion for a pair of coordinates.

use async_graphql::{Context, Object, SimpleObject};

use super::parts;
use crate::{
    domain::geo::{DistrictRef, ProvinceRef, RegionRef},
    error::{ApiError, ApiResult},
    state::AppState,
};

pub struct Province(pub ProvinceRef);
pub struct Region(pub RegionRef);
pub struct District(pub DistrictRef);

#[derive(SimpleObject)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

fn state<'a>(ctx: &Context<'a>) -> ApiResult<&'a AppState> {
    parts(ctx).map(|(state, _)| state)
}

pub(crate) fn district_by_id(ctx: &Context<'_>, id: &str) -> ApiResult<District> {
    state(ctx)?
        .geo
        .district(id)
        .cloned()
        .map(District)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("district {id} is not loaded")))
}

pub(crate) fn region_by_id(ctx: &Context<'_>, id: &str) -> ApiResult<Region> {
    state(ctx)?
        .geo
        .region(id)
        .cloned()
        .map(Region)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("region {id} is not loaded")))
}

pub(crate) fn province_by_id(ctx: &Context<'_>, id: &str) -> ApiResult<Province> {
    state(ctx)?
        .geo
        .province(id)
        .cloned()
        .map(Province)
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("province {id} is not loaded")))
}

#[Object]
impl Province {
    async fn id(&self) -> &str {
        &self.0.id
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn name_ur(&self) -> &str {
        &self.0.name_ur
    }
    async fn regions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Region>> {
        Ok(state(ctx)?
            .geo
            .regions_of(&self.0.id)
            .cloned()
            .map(Region)
            .collect())
    }
}

#[Object]
impl Region {
    async fn id(&self) -> &str {
        &self.0.id
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn name_ur(&self) -> &str {
        &self.0.name_ur
    }
    async fn province(&self, ctx: &Context<'_>) -> ApiResult<Province> {
        province_by_id(ctx, &self.0.province_id)
    }
    async fn districts(&self, ctx: &Context<'_>) -> ApiResult<Vec<District>> {
        Ok(state(ctx)?
            .geo
            .districts_of_region(&self.0.id)
            .cloned()
            .map(District)
            .collect())
    }
}

#[Object]
impl District {
    async fn id(&self) -> &str {
        &self.0.id
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn name_ur(&self) -> &str {
        &self.0.name_ur
    }
    /// Where the district headquarters is.
    async fn headquarters(&self) -> Coordinates {
        Coordinates {
            latitude: self.0.hq.lat,
            longitude: self.0.hq.lon,
        }
    }
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Region> {
        region_by_id(ctx, &self.0.region_id)
    }
    async fn province(&self, ctx: &Context<'_>) -> ApiResult<Province> {
        province_by_id(ctx, &self.0.province_id)
    }
}

#[derive(Default)]
pub struct PlacesQuery;

#[Object]
impl PlacesQuery {
    /// Every province and territory, alphabetically.
    async fn provinces(&self, ctx: &Context<'_>) -> ApiResult<Vec<Province>> {
        Ok(state(ctx)?
            .geo
            .provinces()
            .iter()
            .cloned()
            .map(Province)
            .collect())
    }

    /// Every district, alphabetically, optionally of one province.
    async fn districts(
        &self,
        ctx: &Context<'_>,
        province_id: Option<String>,
    ) -> ApiResult<Vec<District>> {
        Ok(state(ctx)?
            .geo
            .districts()
            .iter()
            .filter(|d| province_id.as_deref().is_none_or(|p| d.province_id == p))
            .cloned()
            .map(District)
            .collect())
    }

    async fn district(&self, ctx: &Context<'_>, id: String) -> ApiResult<District> {
        state(ctx)?
            .geo
            .district(&id)
            .cloned()
            .map(District)
            .ok_or(ApiError::NotFound("district"))
    }

    /// The district whose headquarters is nearest to a point in Pakistan;
    /// intake forms use it to preselect the district.
    async fn suggest_district(
        &self,
        ctx: &Context<'_>,
        latitude: f64,
        longitude: f64,
    ) -> ApiResult<District> {
        let geo = &state(ctx)?.geo;
        let point = geo
            .point_in_pakistan(latitude, longitude)
            .map_err(|err| ApiError::bad_input("latitude", err.message()))?;
        geo.nearest_district(point)
            .cloned()
            .map(District)
            .ok_or(ApiError::NotFound("district"))
    }
}
