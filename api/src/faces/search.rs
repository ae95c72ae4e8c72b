//! Search by photo: police upload a photo of a child and get the missing
//! children whose photos look nearest, best first, each with its distance.
//! Only cases in the officer's scope are ever considered, and every search
//! is audited with the cases it returned.

use std::collections::HashSet;

use entities::{FaceSide, FaceStatus, UserRole, case, face};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;
use tokio::sync::{Mutex, OnceCell};
use uuid::Uuid;

use super::{
    index::{Hit, Index},
    worker::{self, SharedEngine},
};
use crate::{
    domain::{caller::Caller, scope::CaseScope},
    error::{ApiError, ApiResult},
    photos,
    state::AppState,
};

/// The model and the index of this process, both made on first use.
#[derive(Default)]
pub struct Searcher {
    pub(super) engine: OnceCell<SharedEngine>,
    pub(super) index: Mutex<Index>,
}

/// A missing child whose photo is near the searched one.
pub struct Candidate {
    pub case: case::Model,
    pub photo_id: Uuid,
    pub distance: f32,
}

pub const MAX_RESULTS: usize = 50;

impl Searcher {
    /// Uses the model a worker in this process loaded already.
    pub fn adopt(&self, engine: &SharedEngine) {
        let _ = self.engine.set(engine.clone());
    }
}

pub async fn by_photo(
    state: &AppState,
    caller: &Caller,
    bytes: Vec<u8>,
    limit: usize,
) -> ApiResult<Vec<Candidate>> {
    let actor = caller.actor()?;
    if !matches!(
        actor.role,
        UserRole::DistrictPolice | UserRole::RegionalPolice
    ) {
        tracing::info!(
            user.role = actor.role_name(),
            "refused face search: not police"
        );
        return Err(ApiError::Forbidden("only police search by photo"));
    }
    if !(1..=MAX_RESULTS).contains(&limit) {
        return Err(ApiError::bad_input(
            "limit",
            format!("between 1 and {MAX_RESULTS}"),
        ));
    }
    let query = embed_one(state, bytes).await?;

    // The cases the officer may see; a district's or a region's few.
    let scope = CaseScope::of(Some(actor));
    let visible: HashSet<Uuid> = case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .filter(scope.condition())
        .into_tuple()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();

    let hits = {
        let mut index = state.faces.index.lock().await;
        index.refresh(&state.db).await?;
        // Several photos of one child count once, at their nearest.
        index.search(&query, limit * 4, |e| {
            e.side == FaceSide::Missing && visible.contains(&e.case_id)
        })
    };
    let candidates = still_there(state, best_per_case(hits, limit)).await?;

    let now = state.clock.now();
    let cases: Vec<_> = candidates.iter().map(|c| c.case.id).collect();
    caller
        .audit(
            &state.db,
            now,
            "faces.search",
            None,
            json!({ "limit": limit, "cases": cases }),
        )
        .await?;
    tracing::info!(results = candidates.len(), "face search");
    Ok(candidates)
}

/// The embedding of the one face on an uploaded photo, or why not.
async fn embed_one(state: &AppState, bytes: Vec<u8>) -> ApiResult<super::model::Embedding> {
    let processed = photos::process(state, bytes).await?;
    let engine = state
        .faces
        .engine
        .get_or_try_init(|| worker::load_engine(state))
        .await
        .map_err(|err| {
            tracing::error!(error = format!("{err:#}"), "face search without a model");
            ApiError::Unavailable("face search is not available on this server")
        })?
        .clone();
    let min_size = state.config.face_min_size;
    let analysis = tokio::task::spawn_blocking(move || {
        let engine = engine
            .lock()
            .map_err(|_| anyhow::anyhow!("the face model is poisoned"))?;
        engine.analyse_bytes(&processed.display, min_size)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    match (analysis.status, analysis.faces.as_slice()) {
        (FaceStatus::OneFace, [face]) => Ok(face.embedding),
        (FaceStatus::SeveralFaces, _) => Err(ApiError::rejected(
            "photo",
            "SEVERAL_FACES",
            "the photo shows several faces; crop it to the child's",
        )),
        (FaceStatus::FaceTooSmall, _) => Err(ApiError::rejected(
            "photo",
            "FACE_TOO_SMALL",
            "the face is too small to compare; send a closer photo",
        )),
        _ => Err(ApiError::rejected(
            "photo",
            "NO_FACE",
            "no face was found on the photo",
        )),
    }
}

fn best_per_case(hits: Vec<Hit>, limit: usize) -> Vec<Hit> {
    let mut seen = HashSet::new();
    hits.into_iter()
        .filter(|hit| seen.insert(hit.entry.case_id))
        .take(limit)
        .collect()
}

/// Drops faces of photos removed since the index loaded them, and loads
/// the cases of the rest.
async fn still_there(state: &AppState, hits: Vec<Hit>) -> ApiResult<Vec<Candidate>> {
    let face_ids: Vec<Uuid> = hits.iter().map(|h| h.entry.face_id).collect();
    let present: HashSet<Uuid> = face::Entity::find()
        .select_only()
        .column(face::Column::Id)
        .filter(face::Column::Id.is_in(face_ids))
        .into_tuple()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    let case_ids: Vec<Uuid> = hits.iter().map(|h| h.entry.case_id).collect();
    let cases = case::Entity::find()
        .filter(case::Column::Id.is_in(case_ids))
        .all(&state.db)
        .await?;
    Ok(hits
        .into_iter()
        .filter(|hit| present.contains(&hit.entry.face_id))
        .filter_map(|hit| {
            let case = cases.iter().find(|c| c.id == hit.entry.case_id)?.clone();
            Some(Candidate {
                case,
                photo_id: hit.entry.photo_id,
                distance: hit.distance,
            })
        })
        .collect())
}
