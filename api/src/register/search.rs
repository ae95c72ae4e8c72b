//! Searching the public register: by name (spelling-tolerant, in Urdu or
//! Roman letters), place, age, sex and the date last seen; newest first.

use async_graphql::InputObject;
use chrono::{DateTime, NaiveDate, Utc};
use entities::{Sex, register_entry};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::names;
use crate::{
    domain::newest_first,
    error::{ApiError, ApiResult},
    state::AppState,
};

/// Narrows the register; every part is optional and they combine.
#[derive(Debug, Clone, Default, InputObject)]
#[graphql(name = "RegisterFilter")]
pub struct Filter {
    /// Any part of the name, in Urdu or Roman letters, as it is spelled.
    pub name: Option<String>,
    pub province_id: Option<String>,
    pub district_id: Option<String>,
    pub age_min: Option<i32>,
    pub age_max: Option<i32>,
    pub sex: Option<Sex>,
    /// Last seen on or after this date (Pakistan time).
    pub last_seen_from: Option<NaiveDate>,
    /// Last seen on or before this date.
    pub last_seen_to: Option<NaiveDate>,
}

impl Filter {
    fn condition(&self, state: &AppState, now: DateTime<Utc>) -> ApiResult<Condition> {
        // Found children whose time is up are gone even before the sweeper runs.
        let mut cond = Condition::all().add(
            Condition::any()
                .add(register_entry::Column::FoundUntil.is_null())
                .add(register_entry::Column::FoundUntil.gt(now)),
        );
        if let Some(name) = self.name.as_deref() {
            if name.chars().count() > 100 {
                return Err(ApiError::bad_input("filter.name", "at most 100 characters"));
            }
            let keys = names::keys(name);
            if keys.is_empty() {
                return Err(ApiError::bad_input(
                    "filter.name",
                    "give a name to search for",
                ));
            }
            for key in keys {
                cond = cond.add(register_entry::Column::NameKeys.contains(format!(" {key}")));
            }
        }
        if let Some(id) = self.province_id.as_deref() {
            if state.geo.province(id).is_none() {
                return Err(ApiError::bad_input("filter.provinceId", "no such province"));
            }
            cond = cond.add(register_entry::Column::ProvinceId.eq(id));
        }
        if let Some(id) = self.district_id.as_deref() {
            if state.geo.district(id).is_none() {
                return Err(ApiError::bad_input("filter.districtId", "no such district"));
            }
            cond = cond.add(register_entry::Column::DistrictId.eq(id));
        }
        let ages = 0..=25;
        for (field, age) in [
            ("filter.ageMin", self.age_min),
            ("filter.ageMax", self.age_max),
        ] {
            if age.is_some_and(|a| !ages.contains(&a)) {
                return Err(ApiError::bad_input(field, "ages run from 0 to 25"));
            }
        }
        if let (Some(min), Some(max)) = (self.age_min, self.age_max)
            && min > max
        {
            return Err(ApiError::bad_input(
                "filter.ageMin",
                "the lowest age is above the highest",
            ));
        }
        if let (Some(from), Some(to)) = (self.last_seen_from, self.last_seen_to)
            && from > to
        {
            return Err(ApiError::bad_input(
                "filter.lastSeenFrom",
                "the first date is after the last",
            ));
        }
        if let Some(min) = self.age_min {
            cond = cond.add(register_entry::Column::AgeYears.gte(min));
        }
        if let Some(max) = self.age_max {
            cond = cond.add(register_entry::Column::AgeYears.lte(max));
        }
        if let Some(sex) = self.sex {
            cond = cond.add(register_entry::Column::Sex.eq(sex));
        }
        if let Some(from) = self.last_seen_from {
            cond = cond.add(register_entry::Column::LastSeenOn.gte(from));
        }
        if let Some(to) = self.last_seen_to {
            cond = cond.add(register_entry::Column::LastSeenOn.lte(to));
        }
        Ok(cond)
    }
}

/// One page of the register, newest case first.
pub async fn page(
    state: &AppState,
    filter: &Filter,
    first: u64,
    after: Option<Uuid>,
) -> ApiResult<(Vec<register_entry::Model>, bool)> {
    let cond = filter.condition(state, state.clock.now())?;
    let query = register_entry::Entity::find().filter(cond);
    Ok(newest_first(
        &state.db,
        query,
        register_entry::Column::CaseId,
        first,
        after,
    )
    .await?)
}

/// One child on the register by case number, if listed now.
pub async fn by_number(
    db: &impl ConnectionTrait,
    case_number: &str,
    now: DateTime<Utc>,
) -> ApiResult<Option<register_entry::Model>> {
    Ok(register_entry::Entity::find()
        .filter(register_entry::Column::CaseNumber.eq(case_number.trim().to_ascii_uppercase()))
        .one(db)
        .await?
        .filter(|e| e.found_until.is_none_or(|until| until > now)))
}
