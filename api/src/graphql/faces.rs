//! Faces in the schema: police search the missing by a photo.

use async_graphql::{Context, ID, Object, SimpleObject, Upload};

use super::{case_types::Case, parts, photos::read_upload};
use crate::{error::ApiResult, faces::search};

/// A missing child whose photo looks near the one searched with. A lead
/// for a person to check, never an identification.
#[derive(SimpleObject)]
pub struct FaceCandidate {
    pub case: Case,
    /// The case photo that came nearest.
    pub photo_id: ID,
    /// Between the two faces' embeddings: 0 is identical; photos of one
    /// person are mostly under 0.6.
    pub distance: f64,
    /// Whether the distance is under `ZA_FACE_MATCH_DISTANCE`.
    pub likely_same_person: bool,
}

#[derive(Default)]
pub struct FacesMutation;

#[Object]
impl FacesMutation {
    /// Police: the missing children in your scope whose photos look
    /// nearest to a photo of one child, nearest first. Audited.
    async fn search_faces_by_photo(
        &self,
        ctx: &Context<'_>,
        photo: Upload,
        #[graphql(default = 10)] limit: i32,
    ) -> ApiResult<Vec<FaceCandidate>> {
        let (state, caller) = parts(ctx)?;
        let bytes = read_upload(ctx, state, &photo).await?;
        let limit = usize::try_from(limit).unwrap_or(0);
        let threshold = state.config.face_match_distance;
        let found = search::by_photo(state, caller, bytes, limit).await?;
        Ok(found
            .into_iter()
            .map(|c| FaceCandidate {
                photo_id: ID(c.photo_id.to_string()),
                distance: f64::from(c.distance),
                likely_same_person: c.distance < threshold,
                case: Case(c.case),
            })
            .collect())
    }
}
