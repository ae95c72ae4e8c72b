//! Who is asking: the authenticated user as the domain rules see them.

use entities::{UserRole, user};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub role: UserRole,
    pub province_id: Option<String>,
    pub region_id: Option<String>,
    pub district_id: Option<String>,
    pub office: Option<String>,
    /// The request came through the Citizen's Portal on the citizen's behalf.
    pub via_portal: bool,
}

impl Actor {
    pub fn from_user(user: &user::Model, via_portal: bool) -> Self {
        Self {
            user_id: user.id,
            role: user.role,
            province_id: user.province_id.clone(),
            region_id: user.region_id.clone(),
            district_id: user.district_id.clone(),
            office: user.office.clone(),
            via_portal,
        }
    }

    /// The role as it is written into audit entries and logs.
    pub fn role_name(&self) -> &'static str {
        role_name(self.role)
    }
}

pub fn role_name(role: UserRole) -> &'static str {
    match role {
        UserRole::Citizen => "citizen",
        UserRole::FacilitationOfficer => "facilitation_officer",
        UserRole::DistrictPolice => "district_police",
        UserRole::RegionalPolice => "regional_police",
        UserRole::ProvincialOversight => "provincial_oversight",
        UserRole::Ministry => "ministry",
        UserRole::SystemAdmin => "system_admin",
        UserRole::Integration => "integration",
        UserRole::ChildProtection => "child_protection",
    }
}
