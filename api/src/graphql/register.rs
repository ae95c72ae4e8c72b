//! The public register in the schema: anonymous search, one child's public
//! record with share texts, sightings from the public, and the police's
//! view of the sightings of their cases.

use async_graphql::{Context, Enum, ID, Object, SimpleObject, Upload};
use chrono::{DateTime, NaiveDate, Utc};
use entities::{Language, Sex, UserRole, register_entry, sighting};

use super::{
    pagination::{PageInfo, decode_id_cursor, encode_cursor, page_size},
    parts,
    places::{District, Province, district_by_id, province_by_id},
};
use crate::{
    error::{ApiError, ApiResult},
    register::{
        self,
        search::{self, Filter},
        sightings::{self, Assessment, SightingInput},
    },
};

const CURSOR: &str = "register";

/// Where a child stands on the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum RegisterStatus {
    Missing,
    /// Recovered; shown for a short while, without a photo.
    Found,
}

/// A child on the public register: only what the public may see.
pub struct PublicChild(pub register_entry::Model);

#[derive(SimpleObject)]
pub struct RegisterConnection {
    pub nodes: Vec<PublicChild>,
    pub page_info: PageInfo,
}

/// Texts to share a child's page with, in both languages.
#[derive(SimpleObject)]
pub struct ShareText {
    pub en: String,
    pub ur: String,
}

#[Object]
impl PublicChild {
    async fn case_number(&self) -> &str {
        &self.0.case_number
    }
    /// The first name, or the full name where the family agreed.
    async fn name(&self) -> &str {
        &self.0.public_name
    }
    async fn age_years(&self) -> i32 {
        self.0.age_years
    }
    async fn sex(&self) -> Sex {
        self.0.sex
    }
    async fn district(&self, ctx: &Context<'_>) -> ApiResult<District> {
        district_by_id(ctx, &self.0.district_id)
    }
    async fn province(&self, ctx: &Context<'_>) -> ApiResult<Province> {
        province_by_id(ctx, &self.0.province_id)
    }
    /// The date last seen, in Pakistan; never the exact place or time.
    async fn last_seen_on(&self) -> NaiveDate {
        self.0.last_seen_on
    }
    async fn status(&self) -> RegisterStatus {
        if self.0.status == "found" {
            RegisterStatus::Found
        } else {
            RegisterStatus::Missing
        }
    }
    /// What the police want the public to know.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// The public photo; none once the child is found.
    async fn photo_url(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let (state, _) = parts(ctx)?;
        Ok(self
            .0
            .photo_id
            .map(|id| crate::photos::public_url(state, id)))
    }
    /// The child's page, to share: it shows a preview on WhatsApp,
    /// Facebook and X.
    async fn page_url(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let (state, _) = parts(ctx)?;
        Ok(register::page_url(state, &self.0.case_number))
    }
    /// The printable poster (PDF) while the child is missing; null once
    /// found.
    async fn poster_url(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let (state, _) = parts(ctx)?;
        Ok((self.0.status == "missing").then(|| {
            format!(
                "{}/poster.pdf",
                register::page_url(state, &self.0.case_number)
            )
        }))
    }
    /// The number to call with information.
    async fn helpline(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let (state, _) = parts(ctx)?;
        Ok(state.config.public_helpline.clone())
    }
    async fn share_text(&self, ctx: &Context<'_>) -> ApiResult<ShareText> {
        let (state, _) = parts(ctx)?;
        Ok(ShareText {
            en: register::share::text(state, &self.0, Language::English),
            ur: register::share::text(state, &self.0, Language::Urdu),
        })
    }
    async fn listed_at(&self) -> DateTime<Utc> {
        self.0.listed_at
    }
}

#[derive(Default)]
pub struct RegisterQuery;

#[Object]
impl RegisterQuery {
    /// The public register of missing children, newest case first; no
    /// sign-in needed.
    async fn register(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<Filter>,
    ) -> ApiResult<RegisterConnection> {
        let (state, _) = parts(ctx)?;
        let first = page_size(first)?;
        let after = decode_id_cursor(CURSOR, after)?;
        let filter = filter.unwrap_or_default();
        let (rows, more) = search::page(state, &filter, first, after).await?;
        let end_cursor = rows
            .last()
            .map(|row| encode_cursor(CURSOR, &row.case_id.to_string()));
        Ok(RegisterConnection {
            nodes: rows.into_iter().map(PublicChild).collect(),
            page_info: PageInfo {
                has_next_page: more,
                end_cursor,
            },
        })
    }

    /// One child on the register, by case number; `null` when not listed.
    async fn register_child(
        &self,
        ctx: &Context<'_>,
        case_number: String,
    ) -> ApiResult<Option<PublicChild>> {
        let (state, _) = parts(ctx)?;
        Ok(
            search::by_number(&state.db, &case_number, state.clock.now())
                .await?
                .map(PublicChild),
        )
    }
}

/// How the register changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum RegisterChangeKind {
    Listed,
    Updated,
    Found,
    Removed,
}

/// One change to the public register.
pub struct RegisterChange(pub crate::register::live::LiveChange);

#[Object]
impl RegisterChange {
    /// Give as `after` to resume.
    async fn id(&self) -> ID {
        ID(self.0.change.id.to_string())
    }
    async fn kind(&self) -> RegisterChangeKind {
        match self.0.change.kind.as_str() {
            "listed" => RegisterChangeKind::Listed,
            "found" => RegisterChangeKind::Found,
            "removed" => RegisterChangeKind::Removed,
            _ => RegisterChangeKind::Updated,
        }
    }
    async fn case_number(&self) -> &str {
        &self.0.change.case_number
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.change.at
    }
    /// The child as the register shows them now; `null` once removed.
    async fn child(&self) -> Option<PublicChild> {
        self.0.entry.clone().map(PublicChild)
    }
}

/// What the sender of a sighting gets back.
#[derive(SimpleObject)]
pub struct SightingReceipt {
    pub id: ID,
    pub received_at: DateTime<Utc>,
}

/// A sighting as police see it.
pub struct Sighting(pub sighting::Model);

#[Object]
impl Sighting {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn seen_at(&self) -> DateTime<Utc> {
        self.0.seen_at
    }
    async fn place(&self) -> &str {
        &self.0.place
    }
    async fn district(&self, ctx: &Context<'_>) -> ApiResult<District> {
        district_by_id(ctx, &self.0.district_id)
    }
    async fn latitude(&self) -> Option<f64> {
        self.0.lat
    }
    async fn longitude(&self) -> Option<f64> {
        self.0.lon
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn contact_name(&self) -> Option<&str> {
        self.0.contact_name.as_deref()
    }
    async fn contact_phone(&self) -> Option<&str> {
        self.0.contact_phone.as_deref()
    }
    async fn has_photo(&self) -> bool {
        self.0.photo_id.is_some()
    }
    async fn assessment(&self) -> Option<Assessment> {
        self.0.assessment.as_deref().and_then(Assessment::parse)
    }
    async fn assessed_at(&self) -> Option<DateTime<Utc>> {
        self.0.assessed_at
    }
    async fn received_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Police see the sightings of their cases; nobody else does.
pub fn may_see_sightings(role: UserRole) -> bool {
    matches!(role, UserRole::DistrictPolice | UserRole::RegionalPolice)
}

#[derive(Default)]
pub struct RegisterMutation;

#[Object]
impl RegisterMutation {
    /// Tells the police you saw a child on the register; no sign-in
    /// needed. A photo may come along (a GraphQL multipart request).
    async fn report_sighting(
        &self,
        ctx: &Context<'_>,
        case_number: String,
        input: SightingInput,
        photo: Option<Upload>,
    ) -> ApiResult<SightingReceipt> {
        let (state, caller) = parts(ctx)?;
        // Refused before a photo is decoded.
        sightings::check_rate(state, caller).await?;
        let photo = match photo {
            Some(upload) => {
                let bytes = super::photos::read_upload(ctx, state, &upload).await?;
                Some(crate::photos::process(state, bytes).await?)
            }
            None => None,
        };
        let row = sightings::report(state, caller, &case_number, input, photo).await?;
        Ok(SightingReceipt {
            id: ID(row.id.to_string()),
            received_at: row.created_at,
        })
    }

    /// Police of the case judge a sighting.
    async fn assess_sighting(
        &self,
        ctx: &Context<'_>,
        sighting_id: ID,
        assessment: Assessment,
    ) -> ApiResult<Sighting> {
        let (state, caller) = parts(ctx)?;
        let id = uuid::Uuid::parse_str(sighting_id.as_str())
            .map_err(|_| ApiError::bad_input("sightingId", "not a sighting id"))?;
        Ok(Sighting(
            sightings::assess(state, caller, id, assessment).await?,
        ))
    }
}
