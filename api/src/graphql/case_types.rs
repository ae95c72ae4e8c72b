//! How a case looks in the schema. Personal details of the reporter are
//! resolved only for those allowed to see them, and each such read is
//! audited.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use entities::{
    CaseEventKind, CaseKind, CaseStatus, ClosureReason, FilingChannel, Sex, UserRole, case,
    case_event,
};
use serde_json::json;

use super::{
    pagination::PageInfo,
    parts,
    places::{District, Province, Region, district_by_id, province_by_id, region_by_id},
};
use crate::{
    domain::{
        actor::Actor,
        cases,
        lifecycle::{self, CaseAction},
    },
    error::ApiResult,
};

pub struct Case(pub case::Model);

#[derive(SimpleObject)]
pub struct Child {
    pub name: String,
    pub other_names: Vec<String>,
    pub sex: Sex,
    pub date_of_birth: Option<NaiveDate>,
    pub age_years: i32,
    pub height_cm: Option<i32>,
    pub languages: Vec<String>,
    pub distinguishing_marks: Option<String>,
    pub clothing: Option<String>,
    pub b_form_number: Option<String>,
}

pub struct LastSeen<'a>(&'a case::Model);

#[derive(SimpleObject)]
pub struct Reporter {
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub cnic: Option<String>,
}

#[derive(SimpleObject)]
pub struct Fir {
    pub number: String,
    pub police_station: String,
    pub date: NaiveDate,
}

/// An entry on a case's timeline. It names the role that acted, not the person.
#[derive(SimpleObject)]
pub struct CaseEvent {
    pub id: ID,
    pub kind: CaseEventKind,
    pub from_status: Option<CaseStatus>,
    pub to_status: Option<CaseStatus>,
    pub note: Option<String>,
    pub visible_to_reporter: bool,
    pub actor_role: Option<UserRole>,
    pub at: DateTime<Utc>,
}

impl From<case_event::Model> for CaseEvent {
    fn from(e: case_event::Model) -> Self {
        Self {
            id: ID(e.id.to_string()),
            kind: e.kind,
            from_status: e.from_status,
            to_status: e.to_status,
            note: e.note,
            visible_to_reporter: e.visible_to_reporter,
            actor_role: e.actor_role,
            at: e.created_at,
        }
    }
}

/// Whether `actor` may read the reporter's contact details: police and
/// oversight within whose scope the case lies, and the reporter themselves.
fn may_see_reporter(actor: &Actor, case: &case::Model) -> bool {
    match actor.role {
        UserRole::DistrictPolice
        | UserRole::RegionalPolice
        | UserRole::ProvincialOversight
        | UserRole::Ministry => true,
        UserRole::Citizen => case.reporter_user_id == Some(actor.user_id),
        _ => false,
    }
}

fn is_reporter(actor: &Actor, case: &case::Model) -> bool {
    actor.role == UserRole::Citizen && case.reporter_user_id == Some(actor.user_id)
}

#[Object]
impl Case {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn case_number(&self) -> &str {
        &self.0.case_number
    }
    async fn kind(&self) -> CaseKind {
        self.0.kind
    }
    async fn status(&self) -> CaseStatus {
        self.0.status
    }
    async fn closure_reason(&self) -> Option<ClosureReason> {
        self.0.closure_reason
    }
    /// The law's clocks on this case, in the order they fall due.
    async fn deadlines(&self, ctx: &Context<'_>) -> ApiResult<Vec<super::alerts::Deadline>> {
        let (state, _) = parts(ctx)?;
        let rows = crate::domain::alerts::case_deadlines(&state.db, self.0.id).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
    async fn child(&self) -> Child {
        let c = &self.0;
        Child {
            name: c.child_name.clone(),
            other_names: c.child_other_names.0.clone(),
            sex: c.child_sex,
            date_of_birth: c.child_date_of_birth,
            age_years: c.child_age_years,
            height_cm: c.child_height_cm,
            languages: c.child_languages.0.clone(),
            distinguishing_marks: c.child_distinguishing_marks.clone(),
            clothing: c.child_clothing.clone(),
            b_form_number: c.child_b_form_number.clone(),
        }
    }
    async fn last_seen(&self) -> LastSeen<'_> {
        LastSeen(&self.0)
    }
    async fn circumstances(&self) -> Option<&str> {
        self.0.circumstances.as_deref()
    }
    /// The reporter's contact details: only for police and oversight in
    /// whose scope the case lies, and for the reporter; `null` for others.
    async fn reporter(&self, ctx: &Context<'_>) -> ApiResult<Option<Reporter>> {
        let (state, caller) = parts(ctx)?;
        let actor = caller.actor()?;
        if !may_see_reporter(actor, &self.0) {
            return Ok(None);
        }
        caller
            .audit(
                &state.db,
                state.clock.now(),
                "case.read_reporter",
                Some(self.0.id),
                json!({}),
            )
            .await?;
        Ok(Some(Reporter {
            name: self.0.reporter_name.clone(),
            relation: self.0.reporter_relation.clone(),
            phone: self.0.reporter_phone.clone(),
            cnic: self.0.reporter_cnic.clone(),
        }))
    }
    async fn publish_consent(&self) -> bool {
        self.0.publish_consent
    }
    /// When police put the case on the public register; `null` while it is not there.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    /// What the public is told about the case while it is on the register.
    async fn public_description(&self) -> Option<&str> {
        self.0.public_description.as_deref()
    }
    /// Sightings reported by the public, newest first; for the police of
    /// the case only (empty for everyone else).
    async fn sightings(&self, ctx: &Context<'_>) -> ApiResult<Vec<super::register::Sighting>> {
        let (state, caller) = parts(ctx)?;
        let actor = caller.actor()?;
        if !super::register::may_see_sightings(actor.role) {
            return Ok(Vec::new());
        }
        let rows = crate::register::sightings::for_case(&state.db, self.0.id).await?;
        Ok(rows.into_iter().map(super::register::Sighting).collect())
    }
    /// The photos of the child, oldest first.
    async fn photos(&self, ctx: &Context<'_>) -> ApiResult<Vec<super::photos::Photo>> {
        let (state, _) = parts(ctx)?;
        let rows = crate::photos::for_case(&state.db, self.0.id).await?;
        Ok(rows.into_iter().map(super::photos::Photo).collect())
    }
    /// Found children and sightings the face worker proposed as this
    /// child, newest first: for police and oversight.
    async fn match_leads(&self, ctx: &Context<'_>) -> ApiResult<Vec<super::found::MatchLead>> {
        super::found::leads_of_case(ctx, self.0.id).await
    }
    /// Found children police confirmed as this child.
    async fn found_children(&self, ctx: &Context<'_>) -> ApiResult<Vec<super::found::FoundChild>> {
        super::found::linked_to_case(ctx, self.0.id).await
    }
    async fn channel(&self) -> FilingChannel {
        self.0.channel
    }
    /// The government office where the report was filed on the citizen's behalf.
    async fn filed_at_office(&self) -> Option<&str> {
        self.0.filed_at_office.as_deref()
    }
    /// The district responsible for the case now.
    async fn district(&self, ctx: &Context<'_>) -> ApiResult<District> {
        district_by_id(ctx, &self.0.district_id)
    }
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Region> {
        region_by_id(ctx, &self.0.region_id)
    }
    async fn province(&self, ctx: &Context<'_>) -> ApiResult<Province> {
        province_by_id(ctx, &self.0.province_id)
    }
    async fn fir(&self) -> Option<Fir> {
        let c = &self.0;
        match (&c.fir_number, &c.fir_police_station, c.fir_date) {
            (Some(number), Some(station), Some(date)) => Some(Fir {
                number: number.clone(),
                police_station: station.clone(),
                date,
            }),
            _ => None,
        }
    }
    async fn reported_at(&self) -> DateTime<Utc> {
        self.0.reported_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Oldest first. The reporter sees status changes and the notes meant for them.
    async fn timeline(&self, ctx: &Context<'_>) -> ApiResult<Vec<CaseEvent>> {
        let (state, caller) = parts(ctx)?;
        let reporter_view = is_reporter(caller.actor()?, &self.0);
        let events = cases::timeline(&state.db, self.0.id, reporter_view).await?;
        Ok(events.into_iter().map(CaseEvent::from).collect())
    }
    /// Other cases that may be about the same child, most alike first:
    /// for police and oversight, and only cases within their scope.
    async fn duplicate_candidates(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<super::duplicates::DuplicateCandidate>> {
        super::duplicates::candidates_of(ctx, self.0.id).await
    }
    /// The case this one was merged into as a duplicate, if it was.
    async fn merged_into(&self, ctx: &Context<'_>) -> ApiResult<Option<Case>> {
        let (state, caller) = parts(ctx)?;
        match crate::domain::duplicates::merged_into(&state.db, self.0.id).await? {
            Some(id) => match cases::find(&state.db, caller, id).await {
                Ok(case) => {
                    caller
                        .audit(
                            &state.db,
                            state.clock.now(),
                            "case.read",
                            Some(case.id),
                            json!({ "via": "merged_into", "from_case_id": self.0.id }),
                        )
                        .await?;
                    Ok(Some(Case(case)))
                }
                Err(crate::error::ApiError::NotFound(_)) => Ok(None),
                Err(err) => Err(err),
            },
            None => Ok(None),
        }
    }
    /// The steps the viewer may take on this case now.
    async fn allowed_actions(&self, ctx: &Context<'_>) -> ApiResult<Vec<CaseAction>> {
        let (_, caller) = parts(ctx)?;
        Ok(lifecycle::allowed_actions(caller.actor()?, &self.0))
    }
}

#[Object]
impl LastSeen<'_> {
    async fn place(&self) -> &str {
        &self.0.last_seen_place
    }
    async fn district(&self, ctx: &Context<'_>) -> ApiResult<District> {
        district_by_id(ctx, &self.0.last_seen_district_id)
    }
    async fn latitude(&self) -> Option<f64> {
        self.0.last_seen_lat
    }
    async fn longitude(&self) -> Option<f64> {
        self.0.last_seen_lon
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.last_seen_at
    }
    /// The district whose headquarters is nearest to the coordinates.
    async fn suggested_district(&self, ctx: &Context<'_>) -> ApiResult<Option<District>> {
        self.0
            .suggested_district_id
            .as_deref()
            .map(|id| district_by_id(ctx, id))
            .transpose()
    }
    /// The coordinates point to another district than the one given.
    async fn district_mismatch(&self) -> bool {
        self.0.district_mismatch
    }
}

/// What a reporter is given when a case is filed.
#[derive(SimpleObject)]
pub struct FiledCase {
    pub case: Case,
    /// Shown once: with the case number it lets anyone holding it follow the case.
    pub tracking_code: String,
}

#[derive(SimpleObject)]
pub struct CaseConnection {
    pub nodes: Vec<Case>,
    pub page_info: PageInfo,
}

/// What the holder of a case number and tracking code sees.
#[derive(SimpleObject)]
pub struct TrackedCase {
    pub case_number: String,
    pub status: CaseStatus,
    pub closure_reason: Option<ClosureReason>,
    pub child_name: String,
    pub district: District,
    pub reported_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub updates: Vec<CaseEvent>,
}
