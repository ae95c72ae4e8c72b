//! The objects statistics are made of, and the filter they are asked with.

use async_graphql::{ID, InputObject, SimpleObject};
use entities::{CaseKind, CaseStatus, DeadlineKind};

use crate::{
    error::ApiResult,
    oversight::{Filter, period::Period, timings::Milestone},
    state::AppState,
};

/// What to count: months in Pakistan time as `YYYY-MM`, both included (at
/// most 36), optionally narrowed to a province, a district and kinds.
#[derive(Debug, Clone, InputObject)]
pub struct StatisticsFilter {
    pub from: String,
    pub to: String,
    pub province_id: Option<String>,
    pub district_id: Option<String>,
    pub kinds: Option<Vec<CaseKind>>,
}

impl StatisticsFilter {
    pub fn check(self, state: &AppState) -> ApiResult<Filter> {
        let period = Period::parse(&self.from, &self.to)?;
        Filter::new(
            &state.geo,
            period,
            self.province_id,
            self.district_id,
            self.kinds,
        )
    }
}

#[derive(SimpleObject)]
pub struct StatusCount {
    pub status: CaseStatus,
    pub cases: u64,
}

#[derive(SimpleObject)]
pub struct KindCount {
    pub kind: CaseKind,
    pub cases: u64,
}

#[derive(SimpleObject)]
pub struct PlaceCount {
    pub id: String,
    pub name: String,
    pub cases: u64,
    pub recovered: u64,
    /// Null when no child population is loaded for the place.
    #[graphql(name = "casesPer100kChildren")]
    pub cases_per_100k_children: Option<f64>,
}

#[derive(SimpleObject)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub cases: u64,
}

/// How long cases took from report to a milestone, in hours.
#[derive(SimpleObject)]
pub struct Timing {
    pub milestone: Milestone,
    /// Cases of the period that reached it.
    pub cases: u64,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

#[derive(SimpleObject)]
pub struct HotSpot {
    pub district_id: String,
    pub name: String,
    pub month: String,
    pub cases: u64,
    /// The district's mean per month over the earlier months of the period.
    pub baseline: f64,
}

#[derive(SimpleObject)]
pub struct Breaches {
    pub total: u64,
    pub by_district: Vec<BreachCount>,
    pub by_kind: Vec<DeadlineBreachCount>,
    /// `office` is null for deadlines missed before an officer took the case.
    pub by_office: Vec<OfficeBreachCount>,
    pub by_officer: Vec<OfficerBreachCount>,
}

#[derive(SimpleObject)]
pub struct BreachCount {
    pub district_id: String,
    pub name: String,
    pub breaches: u64,
}

#[derive(SimpleObject)]
pub struct DeadlineBreachCount {
    pub kind: DeadlineKind,
    pub breaches: u64,
}

#[derive(SimpleObject)]
pub struct OfficeBreachCount {
    pub office: Option<String>,
    pub breaches: u64,
}

#[derive(SimpleObject)]
pub struct OfficerBreachCount {
    pub officer_id: ID,
    pub name: String,
    pub office: Option<String>,
    pub breaches: u64,
}
