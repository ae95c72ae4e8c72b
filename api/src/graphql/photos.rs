//! Photos in the schema: adding them (GraphQL multipart requests), listing
//! them on a case, links to see them, and putting a case on the register.

use std::io::Read;

use async_graphql::{Context, ID, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use entities::{FaceStatus, UserRole, photo};
use uuid::Uuid;

use super::{case_types::Case, parts};
use crate::{
    domain::publication,
    error::{ApiError, ApiResult},
    faces,
    photos::{self, Variant},
    state::AppState,
};

pub struct Photo(pub photo::Model);

/// A link to a photo, good until `expiresAt`.
#[derive(SimpleObject)]
pub struct PhotoLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Where the camera said the photo was taken.
#[derive(SimpleObject)]
pub struct LocationSuggestion {
    pub lat: f64,
    pub lon: f64,
}

#[Object]
impl Photo {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    /// The role of whoever uploaded it, not the person.
    async fn uploaded_by_role(&self) -> UserRole {
        self.0.uploaded_by_role
    }
    /// Upright width and height in pixels.
    async fn width(&self) -> i32 {
        self.0.width
    }
    async fn height(&self) -> i32 {
        self.0.height
    }
    /// `jpeg`, `png` or `webp`, as the bytes of the original say.
    async fn format(&self) -> &str {
        &self.0.format
    }
    async fn original_bytes(&self) -> i64 {
        self.0.original_bytes
    }
    /// SHA-256 of the original file, hex.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    /// The GPS position in the original's metadata: a suggestion for the
    /// last-seen place. Never published.
    async fn location_suggestion(&self) -> Option<LocationSuggestion> {
        match (self.0.gps_lat, self.0.gps_lon) {
            (Some(lat), Some(lon)) => Some(LocationSuggestion { lat, lon }),
            _ => None,
        }
    }
    /// What the face worker made of the photo: `PENDING` until it ran;
    /// `NO_FACE`, `SEVERAL_FACES` or `FACE_TOO_SMALL` ask for a better one.
    async fn face_status(&self, ctx: &Context<'_>) -> ApiResult<FaceStatus> {
        let (state, _) = parts(ctx)?;
        let job = faces::jobs::of_photo(&state.db, self.0.id).await?;
        Ok(job.map_or(FaceStatus::Pending, |job| job.status))
    }
    /// The faces found; on `SEVERAL_FACES`, pick the child's with `chooseFace`.
    async fn faces(&self, ctx: &Context<'_>) -> ApiResult<Vec<super::found::FaceBox>> {
        let (state, _) = parts(ctx)?;
        super::found::face_boxes(state, self.0.id).await
    }
    /// A short-lived link to one form of the photo; each one issued is
    /// audited. The original is for the police of the case only.
    async fn link(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "Variant::Display")] variant: Variant,
    ) -> ApiResult<PhotoLink> {
        let (state, caller) = parts(ctx)?;
        let link = photos::issue_link(state, caller, &self.0, variant).await?;
        Ok(PhotoLink {
            url: link.url,
            expires_at: link.expires_at,
        })
    }
    /// The public version's address while the case is on the register.
    async fn public_url(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        let (state, caller) = parts(ctx)?;
        let case = crate::domain::cases::find(&state.db, caller, self.0.case_id).await?;
        Ok(
            (self.0.sighting_id.is_none() && photos::is_public(state, &case))
                .then(|| photos::public_url(state, self.0.id)),
        )
    }
}

/// Reads an uploaded file, refusing it once it passes the size bound.
pub async fn read_upload(
    ctx: &Context<'_>,
    state: &AppState,
    upload: &Upload,
) -> ApiResult<Vec<u8>> {
    let value = upload
        .value(ctx)
        .map_err(|_| ApiError::bad_input("photo", "the upload is missing from the request"))?;
    let max = state.config.photo_max_bytes;
    let bytes = tokio::task::spawn_blocking(move || {
        let mut bytes = Vec::new();
        value
            .into_read()
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map(|_| bytes)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    if bytes.len() as u64 > max {
        return Err(photos::too_large_request(max));
    }
    Ok(bytes)
}

fn parse_id(field: &str, id: &ID) -> ApiResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| ApiError::bad_input(field, "not an id"))
}

#[derive(Default)]
pub struct PhotosMutation;

#[Object]
impl PhotosMutation {
    /// Adds a photo to a case: the reporter, the officer who filed it and
    /// its police may. Send it as a GraphQL multipart request.
    async fn add_case_photo(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        photo: Upload,
    ) -> ApiResult<Photo> {
        let (state, caller) = parts(ctx)?;
        let case_id = parse_id("caseId", &case_id)?;
        let bytes = read_upload(ctx, state, &photo).await?;
        Ok(Photo(photos::add(state, caller, case_id, bytes).await?))
    }

    /// Takes a photo off its case; returns its id.
    async fn remove_case_photo(&self, ctx: &Context<'_>, photo_id: ID) -> ApiResult<ID> {
        let (state, caller) = parts(ctx)?;
        let photo_id = parse_id("photoId", &photo_id)?;
        photos::remove(state, caller, photo_id).await?;
        Ok(ID(photo_id.to_string()))
    }

    /// Puts a case on the public register (police; the reporter must have
    /// consented; never a case of child abuse), with what the public should
    /// know in `description`. Publishing again changes the description.
    async fn publish_case(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        description: Option<String>,
    ) -> ApiResult<Case> {
        let (state, caller) = parts(ctx)?;
        let case_id = parse_id("caseId", &case_id)?;
        Ok(Case(
            publication::set_published(state, caller, case_id, true, description).await?,
        ))
    }

    /// Takes a case off the public register; its public photos stop being served.
    async fn unpublish_case(&self, ctx: &Context<'_>, case_id: ID) -> ApiResult<Case> {
        let (state, caller) = parts(ctx)?;
        let case_id = parse_id("caseId", &case_id)?;
        Ok(Case(
            publication::set_published(state, caller, case_id, false, None).await?,
        ))
    }
}
