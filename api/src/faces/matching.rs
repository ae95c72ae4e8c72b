//! Matching: each face the worker keeps is compared with the other side. A
//! missing child's face with found children's and sightings' faces; a
//! found child's or a sighting's face with the faces of missing children
//! whose cases are still open. Pairs nearer than `ZA_FACE_MATCH_DISTANCE`
//! become proposals, one per case and other record, nearest photo first.

use std::collections::{HashMap, HashSet};

use entities::{FaceSide, case, face, face_job, found_child, photo};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::{index::Hit, model::Embedding};
use crate::state::AppState;

/// How many nearest faces are looked at before the threshold and the
/// records' state are applied.
const NEAREST: usize = 50;

/// A pair for the police of the case to decide.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub case_id: Uuid,
    pub case_photo_id: Uuid,
    pub other_side: FaceSide,
    /// The found child's record, or the sighting.
    pub other_id: Uuid,
    pub other_photo_id: Uuid,
    pub distance: f32,
}

/// The proposals for the one face kept on a job's photo.
pub async fn candidates(
    state: &AppState,
    job: &face_job::Model,
    embedding: &Embedding,
) -> anyhow::Result<Vec<Proposal>> {
    let threshold = state.config.face_match_distance;
    let wanted = |side: FaceSide| match job.side {
        FaceSide::Missing => side != FaceSide::Missing,
        FaceSide::Found | FaceSide::Sighting => side == FaceSide::Missing,
    };
    let hits: Vec<Hit> = {
        let mut index = state.faces.index.lock().await;
        index.refresh(&state.db).await?;
        index
            .search(embedding, NEAREST, |e| {
                wanted(e.side) && e.photo_id != job.photo_id
            })
            .into_iter()
            .filter(|hit| hit.distance < threshold)
            .collect()
    };
    if hits.is_empty() {
        return Ok(Vec::new());
    }
    let hits = still_there(state, hits).await?;

    let mut proposals = Vec::new();
    match job.side {
        FaceSide::Missing => {
            if !is_open(state, job.case_id).await? {
                return Ok(Vec::new());
            }
            let sightings = sightings_of(state, &hits).await?;
            let unlinked = unlinked_records(state, &hits).await?;
            for hit in &hits {
                let other_id = match hit.entry.side {
                    FaceSide::Found if unlinked.contains(&hit.entry.case_id) => hit.entry.case_id,
                    FaceSide::Sighting => match sightings.get(&hit.entry.photo_id) {
                        Some(id) => *id,
                        None => continue,
                    },
                    _ => continue,
                };
                proposals.push(Proposal {
                    case_id: job.case_id,
                    case_photo_id: job.photo_id,
                    other_side: hit.entry.side,
                    other_id,
                    other_photo_id: hit.entry.photo_id,
                    distance: hit.distance,
                });
            }
        }
        FaceSide::Found | FaceSide::Sighting => {
            let other_id = match job.side {
                FaceSide::Found => {
                    if unlinked_ids(state, &[job.case_id]).await?.is_empty() {
                        return Ok(Vec::new());
                    }
                    job.case_id
                }
                _ => match photo::Entity::find_by_id(job.photo_id)
                    .one(&state.db)
                    .await?
                    .and_then(|p| p.sighting_id)
                {
                    Some(id) => id,
                    None => return Ok(Vec::new()),
                },
            };
            let case_ids: Vec<Uuid> = hits.iter().map(|h| h.entry.case_id).collect();
            let open: HashSet<Uuid> = case::Entity::find()
                .filter(case::Column::Id.is_in(case_ids))
                .all(&state.db)
                .await?
                .into_iter()
                .filter(|c| !c.status.is_final())
                .map(|c| c.id)
                .collect();
            for hit in hits.iter().filter(|h| open.contains(&h.entry.case_id)) {
                proposals.push(Proposal {
                    case_id: hit.entry.case_id,
                    case_photo_id: hit.entry.photo_id,
                    other_side: job.side,
                    other_id,
                    other_photo_id: job.photo_id,
                    distance: hit.distance,
                });
            }
        }
    }

    // Hits come nearest first: keep the first of each pair of records.
    let mut seen = HashSet::new();
    proposals.retain(|p| seen.insert((p.case_id, p.other_id)));
    Ok(proposals)
}

/// Drops faces whose photos were removed or analysed again since the
/// index loaded them.
async fn still_there(state: &AppState, hits: Vec<Hit>) -> anyhow::Result<Vec<Hit>> {
    let ids: Vec<Uuid> = hits.iter().map(|h| h.entry.face_id).collect();
    let present: HashSet<Uuid> = face::Entity::find()
        .select_only()
        .column(face::Column::Id)
        .filter(face::Column::Id.is_in(ids))
        .into_tuple()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    Ok(hits
        .into_iter()
        .filter(|h| present.contains(&h.entry.face_id))
        .collect())
}

async fn is_open(state: &AppState, case_id: Uuid) -> anyhow::Result<bool> {
    Ok(case::Entity::find_by_id(case_id)
        .one(&state.db)
        .await?
        .is_some_and(|c| !c.status.is_final()))
}

/// The sighting of each sighting photo among the hits.
async fn sightings_of(state: &AppState, hits: &[Hit]) -> anyhow::Result<HashMap<Uuid, Uuid>> {
    let ids: Vec<Uuid> = hits
        .iter()
        .filter(|h| h.entry.side == FaceSide::Sighting)
        .map(|h| h.entry.photo_id)
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(photo::Entity::find()
        .filter(photo::Column::Id.is_in(ids))
        .all(&state.db)
        .await?
        .into_iter()
        .filter_map(|p| Some((p.id, p.sighting_id?)))
        .collect())
}

/// The found children among the hits not yet linked to a case.
async fn unlinked_records(state: &AppState, hits: &[Hit]) -> anyhow::Result<HashSet<Uuid>> {
    let ids: Vec<Uuid> = hits
        .iter()
        .filter(|h| h.entry.side == FaceSide::Found)
        .map(|h| h.entry.case_id)
        .collect();
    unlinked_ids(state, &ids).await
}

async fn unlinked_ids(state: &AppState, ids: &[Uuid]) -> anyhow::Result<HashSet<Uuid>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(found_child::Entity::find()
        .select_only()
        .column(found_child::Column::Id)
        .filter(found_child::Column::Id.is_in(ids.to_vec()))
        .filter(found_child::Column::LinkedCaseId.is_null())
        .into_tuple()
        .all(&state.db)
        .await?
        .into_iter()
        .collect())
}
