//! Reaching a photo: short-lived links for those who may see the case, each
//! one audited, and the public version of photos on the register.

use chrono::{DateTime, Utc};
use entities::{UserRole, case, found_photo, photo};
use sea_orm::EntityTrait;
use serde_json::json;
use uuid::Uuid;

use super::{Variant, public_key, variant_key};
use crate::{
    domain::{caller::Caller, cases},
    error::{ApiError, ApiResult},
    state::AppState,
    storage::signed::{self, Refusal},
};

pub struct IssuedLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// A link to one variant of a photo of a case the caller may see. The
/// original, with the camera's metadata, is for police only.
pub async fn issue_link(
    state: &AppState,
    caller: &Caller,
    photo: &photo::Model,
    variant: Variant,
) -> ApiResult<IssuedLink> {
    let actor = caller.actor()?;
    cases::find(&state.db, caller, photo.case_id)
        .await
        .map_err(|err| err.not_found_as("photo"))?;
    let police = matches!(
        actor.role,
        UserRole::DistrictPolice | UserRole::RegionalPolice
    );
    if variant == Variant::Original && !police {
        tracing::info!(photo.id = %photo.id, user.role = actor.role_name(), "refused link to an original photo");
        return Err(ApiError::Forbidden(
            "originals are for the police of the case",
        ));
    }

    let now = state.clock.now();
    let expires_at = expiry(state)?;
    caller
        .audit(
            &state.db,
            now,
            "photo.link",
            Some(photo.case_id),
            json!({ "photo_id": photo.id, "variant": variant.name(), "expires_at": expires_at }),
        )
        .await?;
    signed_url(state, photo.id, variant).await
}

fn expiry(state: &AppState) -> ApiResult<DateTime<Utc>> {
    let ttl = chrono::Duration::from_std(state.config.photo_url_ttl).map_err(ApiError::internal)?;
    Ok(state.clock.now() + ttl)
}

/// A link to one variant of any photo in the store, good for
/// `ZA_PHOTO_URL_TTL`. The caller checks who may have it and audits it.
pub async fn signed_url(
    state: &AppState,
    photo_id: Uuid,
    variant: Variant,
) -> ApiResult<IssuedLink> {
    let ttl = state.config.photo_url_ttl;
    let expires_at = expiry(state)?;
    let key = variant_key(photo_id, variant);
    let url = match state.store.presigned_get(&key, ttl).await? {
        Some(url) => url,
        None => {
            let path = signed_path(photo_id, variant);
            let query = signed::sign(&state.photo_link_key, &path, expires_at);
            format!(
                "{}{path}?{query}",
                state.config.public_url.trim_end_matches('/')
            )
        }
    };
    Ok(IssuedLink { url, expires_at })
}

fn signed_path(photo_id: Uuid, variant: Variant) -> String {
    format!("/photos/{}/{}", photo_id, variant.name())
}

/// Why a signed link was not served.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkRefusal {
    Refused(Refusal),
    Gone,
}

/// The bytes and content type behind a link the API signed.
pub async fn serve_signed(
    state: &AppState,
    photo_id: Uuid,
    variant: Variant,
    expires: i64,
    signature: &str,
) -> ApiResult<Result<(Vec<u8>, &'static str), LinkRefusal>> {
    let path = signed_path(photo_id, variant);
    if let Err(refusal) = signed::verify(
        &state.photo_link_key,
        &path,
        expires,
        signature,
        state.clock.now(),
    ) {
        return Ok(Err(LinkRefusal::Refused(refusal)));
    }
    // A photo taken off its case stops being served, link or not.
    let format = match photo::Entity::find_by_id(photo_id).one(&state.db).await? {
        Some(photo) => photo.format,
        None => match found_photo::Entity::find_by_id(photo_id)
            .one(&state.db)
            .await?
        {
            Some(photo) => photo.format,
            None => return Ok(Err(LinkRefusal::Gone)),
        },
    };
    let Some(bytes) = state.store.get(&variant_key(photo_id, variant)).await? else {
        return Ok(Err(LinkRefusal::Gone));
    };
    let content_type = match (variant, format.as_str()) {
        (Variant::Original, "png") => "image/png",
        (Variant::Original, "webp") => "image/webp",
        _ => "image/jpeg",
    };
    Ok(Ok((bytes, content_type)))
}

/// Whether a case's album may be shown to anyone: while it is on the
/// register as missing (see [`crate::register::listing`]).
pub fn is_public(state: &AppState, case: &case::Model) -> bool {
    crate::register::listing(case, state.clock.now(), crate::register::found_for(state))
        == crate::register::Listing::Missing
}

/// The address of a photo's public version (served while it is public).
pub fn public_url(state: &AppState, photo_id: Uuid) -> String {
    format!(
        "{}/public/photos/{}",
        state.config.public_url.trim_end_matches('/'),
        photo_id
    )
}

pub struct PublicPhoto {
    pub bytes: Vec<u8>,
}

/// The public version of a photo while its case is on the register.
pub async fn public_photo(state: &AppState, photo_id: Uuid) -> ApiResult<Option<PublicPhoto>> {
    let Some(photo) = photo::Entity::find_by_id(photo_id)
        .one(&state.db)
        .await?
        .filter(|p| p.sighting_id.is_none())
    else {
        return Ok(None);
    };
    let Some(case) = case::Entity::find_by_id(photo.case_id)
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    if !is_public(state, &case) {
        return Ok(None);
    }
    Ok(state
        .store
        .get(&public_key(photo_id))
        .await?
        .map(|bytes| PublicPhoto { bytes }))
}
