//! Photos of children: checked and derived on upload, kept in the object
//! store, described by a row, and reached only through short-lived links.
//!
//! Writes are ordered so that no row ever points to a missing object: an
//! intent is recorded, the objects are written, and the row is inserted in
//! the same transaction that deletes the intent. If the row is never
//! written the objects are deleted at once, or by the sweeper
//! ([`janitor`]) if even that fails or the process dies. Deleting a photo
//! runs the other way: the row goes with an intent in its place, then the
//! objects.

mod attach;
#[doc(hidden)] // public for the fuzz targets in fuzz/
pub mod decode;
pub mod janitor;
mod links;
mod location;

use std::sync::Arc;

use async_graphql::Enum;
use entities::storage_intent;
use sea_orm::{ActiveValue::Set, EntityTrait};
use tokio::sync::Semaphore;
use uuid::Uuid;

pub use attach::{add, for_case, insert_sighting_photo, insert_staged, may_add, remove};
pub use decode::Processed;
pub use links::{
    IssuedLink, LinkRefusal, PublicPhoto, is_public, issue_link, public_photo, public_url,
    serve_signed, signed_url,
};

use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};

/// The forms a photo is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(name = "PhotoVariant")]
pub enum Variant {
    /// The file as uploaded, with its metadata; police only.
    Original,
    /// Upright, at most 1600 pixels a side, without metadata.
    Display,
    /// At most 320 pixels a side.
    Thumbnail,
}

impl Variant {
    pub fn name(self) -> &'static str {
        match self {
            Self::Original => "original",
            Self::Display => "display",
            Self::Thumbnail => "thumbnail",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Original, Self::Display, Self::Thumbnail]
            .into_iter()
            .find(|v| v.name() == name)
    }
}

/// The folder of a photo's objects in the store.
pub fn prefix(photo_id: Uuid) -> String {
    format!("photos/{}/", photo_id.simple())
}

fn key(photo_id: Uuid, object: &str) -> String {
    format!("{}{object}", prefix(photo_id))
}

pub fn variant_key(photo_id: Uuid, variant: Variant) -> String {
    key(photo_id, variant.name())
}

pub fn public_key(photo_id: Uuid) -> String {
    key(photo_id, "public")
}

/// Bounds how many photos this process decodes at once.
#[derive(Debug, Clone)]
pub struct Gate(Arc<Semaphore>);

impl Gate {
    pub fn new(workers: usize) -> Self {
        Self(Arc::new(Semaphore::new(workers.max(1))))
    }
}

/// Checks and derives an uploaded file on the blocking pool, one of at
/// most `ZA_PHOTO_WORKERS` at a time, within `ZA_PHOTO_DECODE_TIMEOUT`.
pub async fn process(state: &AppState, bytes: Vec<u8>) -> ApiResult<Processed> {
    let bounds = decode::Bounds {
        max_bytes: state.config.photo_max_bytes,
        max_pixels: state.config.photo_max_pixels,
    };
    if bytes.len() as u64 > bounds.max_bytes {
        return Err(decode::too_large(bounds.max_bytes));
    }
    let permit = state
        .photo_gate
        .0
        .clone()
        .acquire_owned()
        .await
        .map_err(ApiError::internal)?;
    // The permit goes with the work: a decode that outlives its request
    // still counts against the bound until it ends.
    let work = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        decode::process(bytes, bounds)
    });
    match tokio::time::timeout(state.config.photo_decode_timeout, work).await {
        Ok(Ok(processed)) => processed,
        Ok(Err(panicked)) => Err(ApiError::internal(panicked)),
        Err(_) => {
            tracing::warn!("photo refused: decoding took too long");
            Err(ApiError::rejected(
                "photo",
                "PROCESSING_TIMEOUT",
                "the image took too long to process",
            ))
        }
    }
}

/// The refusal of a request whose body passes the bound for uploads.
pub fn too_large_request(max_bytes: u64) -> ApiError {
    decode::too_large(max_bytes)
}

/// A processed photo whose objects are in the store, waiting for its row;
/// its byte buffers have gone to the store and are empty.
pub struct Staged {
    pub id: Uuid,
    pub processed: Processed,
}

/// Records the intent, then writes the original and the derivatives. On a
/// failure what was written is removed again before the error returns.
pub async fn stage(state: &AppState, processed: Processed) -> ApiResult<Staged> {
    let id = Uuid::now_v7();
    storage_intent::Entity::insert(storage_intent::ActiveModel {
        id: Set(id),
        prefix: Set(prefix(id)),
        created_at: Set(state.clock.now()),
    })
    .exec_without_returning(&state.db)
    .await?;

    let mut processed = processed;
    let objects = [
        (
            variant_key(id, Variant::Original),
            std::mem::take(&mut processed.original),
            processed.original_content_type,
        ),
        (
            variant_key(id, Variant::Display),
            std::mem::take(&mut processed.display),
            "image/jpeg",
        ),
        (
            variant_key(id, Variant::Thumbnail),
            std::mem::take(&mut processed.thumbnail),
            "image/jpeg",
        ),
        (
            public_key(id),
            std::mem::take(&mut processed.public),
            "image/jpeg",
        ),
    ];
    for (key, bytes, content_type) in objects {
        if let Err(err) = state.store.put(&key, bytes, content_type).await {
            let staged = Staged { id, processed };
            discard(state, std::slice::from_ref(&staged)).await;
            return Err(err.into());
        }
    }
    Ok(Staged { id, processed })
}

/// Removes the objects of photos whose rows were not written, and their
/// intents. What cannot be removed now stays with its intent for the
/// sweeper.
pub async fn discard(state: &AppState, staged: &[Staged]) {
    for photo in staged {
        janitor::clear(state, photo.id, &prefix(photo.id)).await;
    }
}
