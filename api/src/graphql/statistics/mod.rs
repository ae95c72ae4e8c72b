//! Statistics and performance indicators for police and oversight, over
//! the cases of the caller's scope: counts, recoveries, times to each
//! milestone, missed deadlines, cases per 100,000 children and hot spots.

use async_graphql::{Context, ID, Object};
use entities::CaseStatus;
use tokio::sync::OnceCell;

mod types;

pub use types::*;

use super::parts;
use crate::{
    domain::scope::CaseScope,
    error::ApiResult,
    oversight::{
        self, Filter, breaches,
        counts::{self, counted},
        period::Month,
        population::per_100k,
        timings,
    },
    state::AppState,
};

/// The statistics of one filter; each part is read when it is asked for.
pub struct Statistics {
    state: AppState,
    scope: CaseScope,
    filter: Filter,
    groups: Vec<counts::Group>,
    monthly: OnceCell<Vec<(Month, std::collections::BTreeMap<String, u64>)>>,
}

impl Statistics {
    async fn monthly(&self) -> ApiResult<&[(Month, std::collections::BTreeMap<String, u64>)]> {
        let rows = self
            .monthly
            .get_or_try_init(|| counts::monthly(&self.state.db, &self.scope, &self.filter))
            .await?;
        Ok(rows)
    }

    fn sum(&self, keep: impl Fn(&counts::Group) -> bool) -> u64 {
        self.groups
            .iter()
            .filter(|g| keep(g))
            .map(|g| counted(g.cases))
            .sum()
    }

    fn children_of_scope(&self) -> Option<u64> {
        let population = self.state.child_population.as_ref()?;
        let districts = self.state.geo.districts().iter().filter(|d| {
            let in_scope = match &self.scope {
                CaseScope::All => true,
                CaseScope::Province(id) => &d.province_id == id,
                CaseScope::Region(id) => &d.region_id == id,
                CaseScope::District(id) => &d.id == id,
                _ => false,
            };
            in_scope
                && self
                    .filter
                    .province_id
                    .as_ref()
                    .is_none_or(|p| p == &d.province_id)
                && self
                    .filter
                    .district_id
                    .as_ref()
                    .is_none_or(|id| id == &d.id)
        });
        population.of_all(districts.map(|d| d.id.as_str()))
    }
}

#[Object]
impl Statistics {
    async fn from(&self) -> String {
        self.filter.period.from.to_string()
    }

    async fn to(&self) -> String {
        self.filter.period.to.to_string()
    }

    /// Cases reported in the period.
    async fn total(&self) -> u64 {
        self.sum(|_| true)
    }

    /// Of those, the children found alive and safe.
    async fn recovered(&self) -> u64 {
        self.sum(|g| g.status == CaseStatus::Recovered)
    }

    /// Recovered cases over the cases of the period that were not closed
    /// (as duplicates, false reports or withdrawn); null without any.
    async fn recovery_rate(&self) -> Option<f64> {
        let counted = self.sum(|g| g.status != CaseStatus::Closed);
        let recovered = self.sum(|g| g.status == CaseStatus::Recovered);
        (counted > 0).then(|| recovered as f64 / counted as f64)
    }

    /// Null unless a child population is loaded for every district counted.
    #[graphql(name = "casesPer100kChildren")]
    async fn cases_per_100k_children(&self) -> Option<f64> {
        per_100k(self.sum(|_| true), self.children_of_scope())
    }

    /// Where cases stand now, for those reported in the period.
    async fn by_status(&self) -> Vec<StatusCount> {
        counts::sum_by(&self.groups, |g| g.status as u8)
            .into_iter()
            .filter_map(|(key, cases)| {
                let group = self.groups.iter().find(|g| g.status as u8 == key)?;
                Some(StatusCount {
                    status: group.status,
                    cases,
                })
            })
            .collect()
    }

    async fn by_kind(&self) -> Vec<KindCount> {
        counts::sum_by(&self.groups, |g| g.kind as u8)
            .into_iter()
            .filter_map(|(key, cases)| {
                let group = self.groups.iter().find(|g| g.kind as u8 == key)?;
                Some(KindCount {
                    kind: group.kind,
                    cases,
                })
            })
            .collect()
    }

    /// Provinces with cases in the period.
    async fn by_province(&self) -> Vec<PlaceCount> {
        let geo = &self.state.geo;
        let population = self.state.child_population.as_ref();
        let recovered = counts::sum_by(&self.groups, |g| {
            (g.province_id.clone(), g.status == CaseStatus::Recovered)
        });
        counts::sum_by(&self.groups, |g| g.province_id.clone())
            .into_iter()
            .map(|(id, cases)| {
                let districts = geo.districts().iter().filter(|d| d.province_id == id);
                let children = population.and_then(|p| p.of_all(districts.map(|d| d.id.as_str())));
                PlaceCount {
                    name: geo
                        .province(&id)
                        .map(|p| p.name.clone())
                        .unwrap_or_default(),
                    recovered: recovered.get(&(id.clone(), true)).copied().unwrap_or(0),
                    cases_per_100k_children: per_100k(cases, children),
                    id,
                    cases,
                }
            })
            .collect()
    }

    /// Districts with cases in the period.
    async fn by_district(&self) -> Vec<PlaceCount> {
        let geo = &self.state.geo;
        let population = self.state.child_population.as_ref();
        let recovered = counts::sum_by(&self.groups, |g| {
            (g.district_id.clone(), g.status == CaseStatus::Recovered)
        });
        counts::sum_by(&self.groups, |g| g.district_id.clone())
            .into_iter()
            .map(|(id, cases)| PlaceCount {
                name: geo
                    .district(&id)
                    .map(|d| d.name.clone())
                    .unwrap_or_default(),
                recovered: recovered.get(&(id.clone(), true)).copied().unwrap_or(0),
                cases_per_100k_children: per_100k(cases, population.and_then(|p| p.of(&id))),
                id,
                cases,
            })
            .collect()
    }

    /// Cases reported in each month of the period, empty months included.
    async fn by_month(&self) -> ApiResult<Vec<MonthCount>> {
        Ok(self
            .monthly()
            .await?
            .iter()
            .map(|(month, districts)| MonthCount {
                month: month.to_string(),
                cases: districts.values().sum(),
            })
            .collect())
    }

    /// Districts whose last month has at least 3 cases and twice their own
    /// mean over the earlier months of the period; steepest rise first.
    async fn hot_spots(&self) -> ApiResult<Vec<HotSpot>> {
        let geo = &self.state.geo;
        Ok(counts::hot_spots(self.monthly().await?)
            .into_iter()
            .map(|spot| HotSpot {
                name: geo
                    .district(&spot.district_id)
                    .map(|d| d.name.clone())
                    .unwrap_or_default(),
                district_id: spot.district_id,
                month: spot.month.to_string(),
                cases: spot.cases,
                baseline: spot.baseline,
            })
            .collect())
    }

    /// Median and 90th percentile (nearest rank) from report to the first
    /// time a case reached each milestone, over the cases of the period.
    async fn timings(&self) -> ApiResult<Vec<Timing>> {
        let all = timings::durations(&self.state.db, &self.scope, &self.filter).await?;
        let hours = |s: i64| s as f64 / 3600.0;
        Ok(all
            .into_iter()
            .map(|d| Timing {
                milestone: d.milestone,
                cases: d.seconds.len() as u64,
                median_hours: d.percentile(50.0).map(hours),
                p90_hours: d.percentile(90.0).map(hours),
            })
            .collect())
    }

    /// Deadlines due in the period that were missed.
    async fn breaches(&self) -> ApiResult<Breaches> {
        let found = breaches::breaches(&self.state.db, &self.scope, &self.filter).await?;
        let geo = &self.state.geo;
        Ok(Breaches {
            total: found.total,
            by_district: found
                .by_district
                .into_iter()
                .map(|(id, breaches)| BreachCount {
                    name: geo
                        .district(&id)
                        .map(|d| d.name.clone())
                        .unwrap_or_default(),
                    district_id: id,
                    breaches,
                })
                .collect(),
            by_kind: found
                .by_kind
                .into_iter()
                .map(|(kind, breaches)| DeadlineBreachCount { kind, breaches })
                .collect(),
            by_office: found
                .by_office
                .into_iter()
                .map(|(office, breaches)| OfficeBreachCount { office, breaches })
                .collect(),
            by_officer: found
                .by_officer
                .into_iter()
                .map(|o| OfficerBreachCount {
                    officer_id: ID(o.user_id.to_string()),
                    name: o.name,
                    office: o.office,
                    breaches: o.breaches,
                })
                .collect(),
        })
    }
}

#[derive(Default)]
pub struct StatisticsQuery;

#[Object]
impl StatisticsQuery {
    /// Statistics over the cases of the caller's scope: the ministry sees
    /// the country, provincial oversight its province, regional and
    /// district police their own region or district. Each read is audited
    /// with its filter.
    async fn statistics(
        &self,
        ctx: &Context<'_>,
        filter: StatisticsFilter,
    ) -> ApiResult<Statistics> {
        let (state, caller) = parts(ctx)?;
        let scope = oversight::reader_scope(caller)?;
        let filter = filter.check(state)?;
        let groups = counts::groups(&state.db, &scope, &filter).await?;
        caller
            .audit(
                &state.db,
                state.clock.now(),
                "statistics.read",
                None,
                filter.to_json(),
            )
            .await?;
        Ok(Statistics {
            state: state.clone(),
            scope,
            filter,
            groups,
            monthly: OnceCell::new(),
        })
    }
}
