//! Found children and match leads in the schema: registering a found
//! child and their photos, the leads the face worker proposes, the police's
//! decisions, and picking the child's face on a photo of several.

use async_graphql::{Context, ID, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use entities::{
    FaceSide, FaceStatus, LeadStatus, Sex, UserRole, face, found_child, found_photo, match_lead,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use super::{
    case_types::Case,
    parts,
    photos::{PhotoLink, read_upload},
};
use crate::{
    domain::cases,
    error::{ApiError, ApiResult},
    faces::{
        self,
        leads::{self, Decision, LeadFilter},
    },
    found::{self, FoundChildInput},
    photos::{self, Variant},
    state::AppState,
};

fn parse_id(field: &str, id: &ID) -> ApiResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| ApiError::bad_input(field, "not an id"))
}

/// A face the worker found on a photo, in pixels of the display version.
#[derive(SimpleObject)]
pub struct FaceBox {
    /// Faces are numbered left to right from 0; pick one by this number.
    pub index: i32,
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

/// The faces kept for a photo, left to right.
pub async fn face_boxes(state: &AppState, photo_id: Uuid) -> ApiResult<Vec<FaceBox>> {
    let rows = face::Entity::find()
        .filter(face::Column::PhotoId.eq(photo_id))
        .order_by_asc(face::Column::FaceIndex)
        .all(&state.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|f| FaceBox {
            index: f.face_index,
            left: f.box_left,
            top: f.box_top,
            right: f.box_right,
            bottom: f.box_bottom,
        })
        .collect())
}

/// A child found or unidentified, and where they are now.
pub struct FoundChild(pub found_child::Model);

#[Object]
impl FoundChild {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn approx_age_years(&self) -> i32 {
        self.0.approx_age_years
    }
    async fn sex(&self) -> Sex {
        self.0.sex
    }
    async fn found_at(&self) -> DateTime<Utc> {
        self.0.found_at
    }
    async fn found_place(&self) -> &str {
        &self.0.found_place
    }
    async fn found_district_id(&self) -> &str {
        &self.0.found_district_id
    }
    /// The district holding the child now.
    async fn district_id(&self) -> &str {
        &self.0.district_id
    }
    async fn current_place(&self) -> &str {
        &self.0.current_place
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn institution_name(&self) -> &str {
        &self.0.institution_name
    }
    async fn institution_phone(&self) -> &str {
        &self.0.institution_phone
    }
    /// The role that registered the child, not the person.
    async fn registered_by_role(&self) -> UserRole {
        self.0.registered_by_role
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The case number of the missing child, once police confirmed a match.
    async fn linked_case_number(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let (state, _) = parts(ctx)?;
        let Some(case_id) = self.0.linked_case_id else {
            return Ok(None);
        };
        Ok(entities::case::Entity::find_by_id(case_id)
            .one(&state.db)
            .await?
            .map(|c| c.case_number))
    }
    async fn linked_at(&self) -> Option<DateTime<Utc>> {
        self.0.linked_at
    }
    async fn photos(&self, ctx: &Context<'_>) -> ApiResult<Vec<FoundPhoto>> {
        let (state, _) = parts(ctx)?;
        let rows = found::for_record(&state.db, self.0.id).await?;
        Ok(rows.into_iter().map(FoundPhoto).collect())
    }
    /// The leads proposed for this child that the caller sees.
    async fn match_leads(&self, ctx: &Context<'_>) -> ApiResult<Vec<MatchLead>> {
        let (state, caller) = parts(ctx)?;
        let filter = LeadFilter {
            found_child_id: Some(ID(self.0.id.to_string())),
            ..Default::default()
        };
        let rows = leads::list(state, caller, filter, 100).await?;
        Ok(rows.into_iter().map(MatchLead).collect())
    }
}

/// A photo of a found child.
pub struct FoundPhoto(pub found_photo::Model);

#[Object]
impl FoundPhoto {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    async fn width(&self) -> i32 {
        self.0.width
    }
    async fn height(&self) -> i32 {
        self.0.height
    }
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    /// What the face worker made of the photo, as on a case photo.
    async fn face_status(&self, ctx: &Context<'_>) -> ApiResult<FaceStatus> {
        let (state, _) = parts(ctx)?;
        let job = faces::jobs::of_photo(&state.db, self.0.id).await?;
        Ok(job.map_or(FaceStatus::Pending, |job| job.status))
    }
    /// The faces found; on `SEVERAL_FACES`, pick the child's with `chooseFace`.
    async fn faces(&self, ctx: &Context<'_>) -> ApiResult<Vec<FaceBox>> {
        let (state, _) = parts(ctx)?;
        face_boxes(state, self.0.id).await
    }
    /// A short-lived link; audited.
    async fn link(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "Variant::Display")] variant: Variant,
    ) -> ApiResult<PhotoLink> {
        let (state, caller) = parts(ctx)?;
        found::find(&state.db, caller, self.0.found_child_id)
            .await
            .map_err(|err| err.not_found_as("photo"))?;
        link(state, caller, self.0.id, variant, None).await
    }
}

async fn link(
    state: &AppState,
    caller: &crate::domain::caller::Caller,
    photo_id: Uuid,
    variant: Variant,
    case_id: Option<Uuid>,
) -> ApiResult<PhotoLink> {
    let link = photos::signed_url(state, photo_id, variant).await?;
    caller
        .audit(
            &state.db,
            state.clock.now(),
            "photo.link",
            case_id,
            json!({ "photo_id": photo_id, "variant": variant.name(), "expires_at": link.expires_at }),
        )
        .await?;
    Ok(PhotoLink {
        url: link.url,
        expires_at: link.expires_at,
    })
}

/// A possible match for a person to check: never an identification.
pub struct MatchLead(pub match_lead::Model);

#[Object]
impl MatchLead {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn status(&self) -> LeadStatus {
        self.0.status
    }
    /// `FOUND` (a found child) or `SIGHTING`.
    async fn other_side(&self) -> FaceSide {
        self.0.other_side
    }
    /// Between the two faces' embeddings: 0 is identical; leads are made
    /// under `ZA_FACE_MATCH_DISTANCE`.
    async fn distance(&self) -> f64 {
        self.0.distance
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn case_number(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let (state, _) = parts(ctx)?;
        Ok(entities::case::Entity::find_by_id(self.0.case_id)
            .one(&state.db)
            .await?
            .map(|c| c.case_number)
            .unwrap_or_default())
    }
    /// The missing child's case, for those who may see it.
    async fn case(&self, ctx: &Context<'_>) -> ApiResult<Option<Case>> {
        let (state, caller) = parts(ctx)?;
        match cases::find(&state.db, caller, self.0.case_id).await {
            Ok(case) => Ok(Some(Case(case))),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(err) => Err(err),
        }
    }
    /// The found child, on a lead of side `FOUND`.
    async fn found_child(&self, ctx: &Context<'_>) -> ApiResult<Option<FoundChild>> {
        let (state, caller) = parts(ctx)?;
        if self.0.other_side != FaceSide::Found {
            return Ok(None);
        }
        match found::find(&state.db, caller, self.0.other_id).await {
            Ok(record) => Ok(Some(FoundChild(record))),
            Err(ApiError::NotFound(_)) => Ok(None),
            Err(err) => Err(err),
        }
    }
    /// The sighting, on a lead of side `SIGHTING`.
    async fn sighting_id(&self) -> Option<ID> {
        (self.0.other_side == FaceSide::Sighting).then(|| ID(self.0.other_id.to_string()))
    }
    /// The missing child's photo: for the police and oversight of the case.
    async fn case_photo(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "Variant::Display")] variant: Variant,
    ) -> ApiResult<PhotoLink> {
        let (state, caller) = parts(ctx)?;
        if variant == Variant::Original {
            return Err(ApiError::Forbidden("leads show display photos"));
        }
        cases::find(&state.db, caller, self.0.case_id)
            .await
            .map_err(|_| ApiError::Forbidden("the case's photo is for its police"))?;
        link(
            state,
            caller,
            self.0.case_photo_id,
            variant,
            Some(self.0.case_id),
        )
        .await
    }
    /// The found child's or the sighting's photo.
    async fn other_photo(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "Variant::Display")] variant: Variant,
    ) -> ApiResult<PhotoLink> {
        let (state, caller) = parts(ctx)?;
        if variant == Variant::Original {
            return Err(ApiError::Forbidden("leads show display photos"));
        }
        leads::find(&state.db, caller, self.0.id).await?;
        link(
            state,
            caller,
            self.0.other_photo_id,
            variant,
            Some(self.0.case_id),
        )
        .await
    }
}

#[derive(Default)]
pub struct FoundQuery;

#[Object]
impl FoundQuery {
    /// The newest found children held in your jurisdiction. Audited.
    async fn found_children(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] first: i32,
    ) -> ApiResult<Vec<FoundChild>> {
        let (state, caller) = parts(ctx)?;
        let first = u64::try_from(first).unwrap_or(0);
        let rows = found::list(state, caller, first).await?;
        Ok(rows.into_iter().map(FoundChild).collect())
    }

    /// One found child you may see. Audited.
    async fn found_child(&self, ctx: &Context<'_>, id: ID) -> ApiResult<FoundChild> {
        let (state, caller) = parts(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(FoundChild(found::read(state, caller, id).await?))
    }

    /// Match leads you may see, newest first. Audited.
    async fn match_leads(
        &self,
        ctx: &Context<'_>,
        filter: Option<LeadFilter>,
        #[graphql(default = 20)] first: i32,
    ) -> ApiResult<Vec<MatchLead>> {
        let (state, caller) = parts(ctx)?;
        let first = u64::try_from(first).unwrap_or(0);
        let rows = leads::list(state, caller, filter.unwrap_or_default(), first).await?;
        Ok(rows.into_iter().map(MatchLead).collect())
    }
}

#[derive(Default)]
pub struct FoundMutation;

#[Object]
impl FoundMutation {
    /// Police and child protection: register a child found or unidentified
    /// who is held in your jurisdiction.
    async fn register_found_child(
        &self,
        ctx: &Context<'_>,
        input: FoundChildInput,
    ) -> ApiResult<FoundChild> {
        let (state, caller) = parts(ctx)?;
        Ok(FoundChild(found::register(state, caller, input).await?))
    }

    /// Adds a photo to a found child's record (a GraphQL multipart request);
    /// the face worker compares it with the missing.
    async fn add_found_child_photo(
        &self,
        ctx: &Context<'_>,
        found_child_id: ID,
        photo: Upload,
    ) -> ApiResult<FoundPhoto> {
        let (state, caller) = parts(ctx)?;
        let id = parse_id("foundChildId", &found_child_id)?;
        let bytes = read_upload(ctx, state, &photo).await?;
        Ok(FoundPhoto(
            found::add_photo(state, caller, id, bytes).await?,
        ))
    }

    /// The police of the case: confirm, reject or mark unsure a lead.
    /// Confirming a found child links the records and tells the reporter,
    /// the district's police and the institution holding the child.
    async fn decide_match_lead(
        &self,
        ctx: &Context<'_>,
        lead_id: ID,
        decision: Decision,
    ) -> ApiResult<MatchLead> {
        let (state, caller) = parts(ctx)?;
        let id = parse_id("leadId", &lead_id)?;
        Ok(MatchLead(leads::decide(state, caller, id, decision).await?))
    }

    /// On a photo of several faces, say which one is the child (by its
    /// `index` in the photo's `faces`); only that face is compared. The
    /// photo's uploader, or the police or child protection responsible.
    async fn choose_face(&self, ctx: &Context<'_>, photo_id: ID, face_index: i32) -> ApiResult<ID> {
        let (state, caller) = parts(ctx)?;
        let id = parse_id("photoId", &photo_id)?;
        faces::choose::choose(state, caller, id, face_index).await?;
        Ok(ID(id.to_string()))
    }
}

/// The leads on a case the caller sees.
pub async fn leads_of_case(ctx: &Context<'_>, case_id: Uuid) -> ApiResult<Vec<MatchLead>> {
    let (state, caller) = parts(ctx)?;
    let actor = caller.actor()?;
    if !found::sees_leads_on_cases(actor) {
        return Ok(Vec::new());
    }
    let filter = LeadFilter {
        case_id: Some(ID(case_id.to_string())),
        ..Default::default()
    };
    let rows = leads::list(state, caller, filter, 100).await?;
    Ok(rows.into_iter().map(MatchLead).collect())
}

/// The found children linked to a case that the caller sees.
pub async fn linked_to_case(ctx: &Context<'_>, case_id: Uuid) -> ApiResult<Vec<FoundChild>> {
    let (state, caller) = parts(ctx)?;
    let actor = caller.actor()?;
    let rows = found_child::Entity::find()
        .filter(found_child::Column::LinkedCaseId.eq(case_id))
        .filter(found::visible(actor))
        .all(&state.db)
        .await?;
    Ok(rows.into_iter().map(FoundChild).collect())
}
