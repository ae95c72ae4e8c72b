//! The face worker: claims a queued photo, reads its display derivative,
//! finds and embeds the faces on it, and records them with the photo's
//! status in one transaction. Runs as `zainab worker`, or inside the
//! server on the embedded default.

use std::sync::{Arc, Mutex};

use anyhow::Context;
use entities::{FaceSide, FaceStatus, case, face, face_job};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tokio::sync::watch;
use uuid::Uuid;

use super::{
    jobs, leads, matching,
    model::{self, Analysis, Engine},
};
use crate::{
    domain::{begin_write, duplicates},
    photos::{self, Variant},
    shutdown,
    state::AppState,
};

/// A loaded model, shared by the tasks of one process one at a time.
pub type SharedEngine = Arc<Mutex<Engine>>;

/// Loads the model on the blocking pool (it takes a second or two).
pub async fn load_engine(state: &AppState) -> anyhow::Result<SharedEngine> {
    let dir = state.config.face_model_dir.clone();
    let engine = tokio::task::spawn_blocking(move || Engine::load(dir.as_deref()))
        .await
        .context("loading the face model")??;
    Ok(Arc::new(Mutex::new(engine)))
}

/// A name for this worker's leases, unique to the process and task.
pub fn owner_name() -> String {
    format!("faces-{}", Uuid::now_v7().simple())
}

/// Works through the queue until `stop` turns true or its sender drops;
/// waits `ZA_FACE_POLL` when it is empty. A job in hand is finished first,
/// within `ZA_SHUTDOWN_TIMEOUT`; past it, the job is released for another
/// worker to take at once.
pub async fn run(state: AppState, engine: SharedEngine, mut stop: watch::Receiver<bool>) {
    let owner = owner_name();
    tracing::info!(worker.owner = %owner, "face worker started");
    while !*stop.borrow() {
        let mut deadline = stop.clone();
        let stepped = tokio::select! {
            biased;
            stepped = step(&state, &engine, &owner) => stepped,
            () = shutdown::grace_after(&mut deadline, state.config.shutdown_timeout) => {
                release(&state, &owner).await;
                return;
            }
        };
        let idle = match stepped {
            Ok(worked) => !worked,
            Err(err) => {
                tracing::error!(
                    error = format!("{err:#}"),
                    "face worker could not claim a job"
                );
                true
            }
        };
        if idle {
            tokio::select! {
                _ = tokio::time::sleep(state.config.face_poll) => {}
                changed = stop.changed() => {
                    // The sender is gone: nobody can stop this loop any more.
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
    }
}

/// Gives back what `owner` holds, as the worker stops before finishing it.
async fn release(state: &AppState, owner: &str) {
    match jobs::release(&state.db, owner).await {
        Ok(released) => tracing::info!(
            worker.owner = %owner,
            job.released = released,
            "face worker stopped before finishing its job; released it"
        ),
        Err(err) => tracing::warn!(
            worker.owner = %owner,
            error = %err,
            "face worker could not release its job; its lease runs out instead"
        ),
    }
}

/// Claims and works one job; says whether there was one.
pub async fn step(state: &AppState, engine: &SharedEngine, owner: &str) -> anyhow::Result<bool> {
    let config = &state.config;
    let lease = chrono::Duration::from_std(config.face_lease)?;
    let Some(job) = jobs::claim(&state.db, owner, state.clock.now(), lease).await? else {
        return Ok(false);
    };
    let started = std::time::Instant::now();
    let outcome = match analyse(state, engine, &job).await {
        Ok(analysis) => {
            let (analysis, first_index) = keep_chosen(analysis, job.chosen_face);
            record(state, &job, owner, &analysis, first_index)
                .await
                .map(|recorded| (analysis, recorded))
        }
        Err(err) => Err(err),
    };
    match outcome {
        Ok((analysis, recorded)) => {
            tracing::info!(
                photo.id = %job.photo_id,
                face.status = ?analysis.status,
                face.count = analysis.faces.len(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                recorded,
                "photo analysed"
            );
        }
        Err(err) => {
            let reason = format!("{err:#}");
            let now = state.clock.now();
            let attempts = u32::try_from(job.attempts).unwrap_or(u32::MAX);
            let retry_at = (attempts < config.face_max_attempts).then(|| {
                let backoff = config.face_lease.saturating_mul(attempts.min(8));
                now + chrono::Duration::from_std(backoff).unwrap_or(chrono::Duration::zero())
            });
            jobs::fail(&state.db, &job, owner, &reason, retry_at, now).await?;
            tracing::warn!(
                photo.id = %job.photo_id,
                job.attempts = job.attempts,
                job.gives_up = retry_at.is_none(),
                error = reason,
                "photo could not be analysed"
            );
        }
    }
    Ok(true)
}

async fn analyse(
    state: &AppState,
    engine: &SharedEngine,
    job: &face_job::Model,
) -> anyhow::Result<Analysis> {
    let key = photos::variant_key(job.photo_id, Variant::Display);
    let bytes = state
        .store
        .get(&key)
        .await
        .context("reading the photo")?
        .context("the photo is not in the store")?;
    let engine = engine.clone();
    let min_size = state.config.face_min_size;
    tokio::task::spawn_blocking(move || {
        let engine = engine
            .lock()
            .map_err(|_| anyhow::anyhow!("the face model is poisoned by an earlier panic"))?;
        engine.analyse_bytes(&bytes, min_size)
    })
    .await
    .context("the face model panicked")?
}

/// On a photo of several faces where the uploader picked one, that face
/// alone, as if the photo showed only it, with its number on the photo.
fn keep_chosen(mut analysis: Analysis, chosen: Option<i32>) -> (Analysis, usize) {
    let Some(index) = chosen.and_then(|i| usize::try_from(i).ok()) else {
        return (analysis, 0);
    };
    if analysis.status == FaceStatus::SeveralFaces && index < analysis.faces.len() {
        let face = analysis.faces.swap_remove(index);
        analysis.faces = vec![face];
        analysis.status = FaceStatus::OneFace;
        return (analysis, index);
    }
    (analysis, 0)
}

/// Writes the faces, then compares a photo's one face with the other side
/// and records the leads with the status, if the lease still holds;
/// otherwise nothing, and says so. The faces are committed before the
/// search, so that of two photos of one child analysed at once by two
/// workers, the later search sees the other's face; a worker dying between
/// the two steps leaves the job to be taken again.
async fn record(
    state: &AppState,
    job: &face_job::Model,
    owner: &str,
    analysis: &Analysis,
    first_index: usize,
) -> anyhow::Result<bool> {
    if !record_faces(state, job, owner, analysis, first_index).await? {
        return Ok(false);
    }
    let proposals = match (analysis.status, analysis.faces.as_slice()) {
        (FaceStatus::OneFace, [face]) => matching::candidates(state, job, &face.embedding).await?,
        _ => Vec::new(),
    };
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let proposed = leads::propose(&txn, state, now, &proposals)
        .await
        .map_err(|err| anyhow::anyhow!("recording leads: {err:?}"))?;
    if job.side == FaceSide::Missing && !analysis.faces.is_empty() {
        recheck_duplicates(&txn, state, job.case_id, now).await?;
    }
    let held = jobs::finish(&txn, job.id, owner, analysis.status, analysis.detected, now).await?;
    if held {
        txn.commit().await?;
        if proposed > 0 {
            state.events.wake();
            state.outbox_wake.notify_one();
        }
    } else {
        txn.rollback().await?;
    }
    Ok(held)
}

/// Looks at the case's likely duplicates again now that it has a face.
async fn recheck_duplicates(
    txn: &impl sea_orm::ConnectionTrait,
    state: &AppState,
    case_id: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let Some(case) = case::Entity::find_by_id(case_id).one(txn).await? else {
        return Ok(());
    };
    let found = duplicates::detect(txn, state, &case, now)
        .await
        .map_err(|err| anyhow::anyhow!("checking duplicates by face: {err:?}"))?;
    if found > 0 {
        tracing::info!(case.id = %case_id, duplicates.found = found, "faces found likely duplicates");
    }
    Ok(())
}

async fn record_faces(
    state: &AppState,
    job: &face_job::Model,
    owner: &str,
    analysis: &Analysis,
    first_index: usize,
) -> anyhow::Result<bool> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    face::Entity::delete_many()
        .filter(face::Column::PhotoId.eq(job.photo_id))
        .exec(&txn)
        .await?;
    let rows = analysis
        .faces
        .iter()
        .enumerate()
        .map(|(index, found)| face::ActiveModel {
            id: Set(Uuid::now_v7()),
            photo_id: Set(job.photo_id),
            side: Set(job.side),
            case_id: Set(job.case_id),
            face_index: Set(i32::try_from(index + first_index).unwrap_or(i32::MAX)),
            box_left: Set(found.bounds[0]),
            box_top: Set(found.bounds[1]),
            box_right: Set(found.bounds[2]),
            box_bottom: Set(found.bounds[3]),
            embedding: Set(model::encode(&found.embedding)),
            created_at: Set(now),
        });
    if !analysis.faces.is_empty() {
        face::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    let held = jobs::hold(&txn, job.id, owner).await?;
    if held {
        txn.commit().await?;
    } else {
        txn.rollback().await?;
    }
    Ok(held)
}
