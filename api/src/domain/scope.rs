//! Row-level scoping: which cases an actor may see, applied inside the
//! database query so that rows outside the scope are never loaded.

use entities::{UserRole, case};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use super::actor::Actor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseScope {
    All,
    Province(String),
    Region(String),
    District(String),
    ReportedBy(Uuid),
    FiledBy(Uuid),
    Nothing,
}

impl CaseScope {
    pub fn of(actor: Option<&Actor>) -> Self {
        let Some(actor) = actor else {
            return Self::Nothing;
        };
        let jurisdiction = |id: &Option<String>, make: fn(String) -> Self| {
            id.clone().map(make).unwrap_or(Self::Nothing)
        };
        match actor.role {
            UserRole::Ministry => Self::All,
            UserRole::ProvincialOversight => jurisdiction(&actor.province_id, Self::Province),
            UserRole::RegionalPolice => jurisdiction(&actor.region_id, Self::Region),
            UserRole::DistrictPolice => jurisdiction(&actor.district_id, Self::District),
            UserRole::Citizen => Self::ReportedBy(actor.user_id),
            UserRole::FacilitationOfficer => Self::FiledBy(actor.user_id),
            // Child protection sees found children, and cases only as far
            // as a lead on one of its records shows them.
            UserRole::SystemAdmin | UserRole::Integration | UserRole::ChildProtection => {
                Self::Nothing
            }
        }
    }

    /// The filter to add to every query on cases.
    pub fn condition(&self) -> Condition {
        let only = |expr| Condition::all().add(expr);
        match self {
            Self::All => Condition::all(),
            Self::Province(id) => only(case::Column::ProvinceId.eq(id.as_str())),
            Self::Region(id) => only(case::Column::RegionId.eq(id.as_str())),
            Self::District(id) => only(case::Column::DistrictId.eq(id.as_str())),
            Self::ReportedBy(user) => only(case::Column::ReporterUserId.eq(*user)),
            Self::FiledBy(user) => only(case::Column::FiledByUserId.eq(*user)),
            // A primary key is never null: matches no row.
            Self::Nothing => only(case::Column::Id.is_null()),
        }
    }
}
