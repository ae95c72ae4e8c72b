//! Oversight of the whole platform, for the ministry and the provinces:
//! statistics and performance indicators over the cases in a caller's
//! scope, the public monthly figures with small counts suppressed, and
//! exports of case lists.
//!
//! Everything here reads; nothing changes a case. Who may read what:
//! the ministry everything, provincial oversight its province, regional
//! and district police the statistics of their own region or district (to
//! follow their own performance); only the ministry and the provinces
//! export. Citizens, facilitation officers, integrations and system
//! administrators are refused.

pub mod breaches;
pub mod counts;
pub mod export;
pub mod period;
pub mod population;
pub mod public;
pub mod report;
pub mod timings;
pub mod xlsx;

use entities::{CaseKind, UserRole, case};
use sea_orm::{ColumnTrait, Condition};

use crate::{
    domain::{caller::Caller, geo::Geography, scope::CaseScope},
    error::{ApiError, ApiResult},
};
use period::Period;

/// What a statistic or export covers: the period, and optionally a
/// province, a district and kinds. It narrows the caller's scope; it never
/// widens it.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub period: Period,
    pub province_id: Option<String>,
    pub district_id: Option<String>,
    pub kinds: Option<Vec<CaseKind>>,
}

impl Filter {
    /// Checks the places against the loaded geography.
    pub fn new(
        geo: &Geography,
        period: Period,
        province_id: Option<String>,
        district_id: Option<String>,
        kinds: Option<Vec<CaseKind>>,
    ) -> ApiResult<Self> {
        if let Some(id) = &province_id
            && geo.province(id).is_none()
        {
            return Err(ApiError::bad_input("provinceId", "no province has this id"));
        }
        if let Some(id) = &district_id
            && geo.district(id).is_none()
        {
            return Err(ApiError::bad_input("districtId", "no district has this id"));
        }
        if kinds.as_ref().is_some_and(Vec::is_empty) {
            return Err(ApiError::bad_input(
                "kinds",
                "give at least one kind, or none",
            ));
        }
        Ok(Self {
            period,
            province_id,
            district_id,
            kinds,
        })
    }

    /// The filter on `cases` for the places and kinds, without the period.
    pub fn places_and_kinds(&self) -> Condition {
        let mut cond = Condition::all();
        if let Some(id) = &self.province_id {
            cond = cond.add(case::Column::ProvinceId.eq(id.as_str()));
        }
        if let Some(id) = &self.district_id {
            cond = cond.add(case::Column::DistrictId.eq(id.as_str()));
        }
        if let Some(kinds) = &self.kinds {
            cond = cond.add(case::Column::Kind.is_in(kinds.iter().copied()));
        }
        cond
    }

    /// The filter on `cases` reported within the period.
    pub fn condition(&self) -> Condition {
        self.places_and_kinds()
            .add(case::Column::ReportedAt.gte(self.period.start()))
            .add(case::Column::ReportedAt.lt(self.period.end()))
    }

    /// The filter as audit entries record it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "from": self.period.from.to_string(),
            "to": self.period.to.to_string(),
            "province_id": self.province_id,
            "district_id": self.district_id,
            "kinds": self.kinds,
        })
    }
}

/// The scope of a caller allowed to read statistics, or `FORBIDDEN`.
pub fn reader_scope(caller: &Caller) -> ApiResult<CaseScope> {
    let actor = caller.actor()?;
    let allowed = matches!(
        actor.role,
        UserRole::Ministry
            | UserRole::ProvincialOversight
            | UserRole::RegionalPolice
            | UserRole::DistrictPolice
    );
    scope_if(caller, allowed, "statistics are for police and oversight")
}

/// The scope of a caller allowed to export, or `FORBIDDEN`.
pub fn exporter_scope(caller: &Caller) -> ApiResult<CaseScope> {
    let actor = caller.actor()?;
    let allowed = matches!(
        actor.role,
        UserRole::Ministry | UserRole::ProvincialOversight
    );
    scope_if(
        caller,
        allowed,
        "exports are for the ministry and the provinces",
    )
}

fn scope_if(caller: &Caller, allowed: bool, refusal: &'static str) -> ApiResult<CaseScope> {
    let actor = caller.actor()?;
    let scope = CaseScope::of(Some(actor));
    if !allowed || scope == CaseScope::Nothing {
        tracing::info!(
            user.role = actor.role_name(),
            "refused oversight: the role or its jurisdiction does not allow this"
        );
        return Err(ApiError::Forbidden(refusal));
    }
    Ok(scope)
}
