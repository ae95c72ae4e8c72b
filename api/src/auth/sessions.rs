//! Sessions: password login, refresh-token rotation with reuse detection,
//! logout, citizen sign-up, and the accounts of citizens who arrive through
//! the Citizen's Portal.

use chrono::{DateTime, Utc};
use entities::{Language, UserRole, refresh_token, user};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::OnConflict,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{passwords, tokens::PortalClaims};
use crate::{
    domain::{actor::Actor, begin_write, caller::Caller, phone::PhoneNumber, text},
    error::{ApiError, ApiResult},
    state::AppState,
};

/// A signed-in session as handed to the client.
pub struct Session {
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub user: user::Model,
}

const WRONG_CREDENTIALS: ApiError = ApiError::Unauthenticated("wrong username or password");
const BAD_REFRESH: ApiError = ApiError::Unauthenticated("the session has ended; sign in again");

pub async fn login(
    state: &AppState,
    caller: &Caller,
    username: &str,
    password: &str,
) -> ApiResult<Session> {
    let username = username.trim().to_lowercase();
    super::lockout::check(state, caller, &username).await?;
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username.as_str()))
        .one(&state.db)
        .await?;
    let hash = found.as_ref().and_then(|u| u.password_hash.clone());
    let ok = passwords::verify_secret_blocking(password.to_owned(), hash).await;
    let now = state.clock.now();
    let user = match found {
        Some(user) if ok && user.active => user,
        other => {
            let user_id = other.as_ref().map(|u| u.id);
            tracing::info!(user.id = ?user_id, "login refused");
            caller
                .audit(
                    &state.db,
                    now,
                    "auth.login_failed",
                    None,
                    json!({ "user_id": user_id }),
                )
                .await?;
            super::lockout::failed(state, &username).await?;
            return Err(WRONG_CREDENTIALS);
        }
    };

    let txn = begin_write(&state.db).await?;
    let session = issue(state, &txn, &user, Uuid::now_v7(), now).await?;
    super::lockout::succeeded(&txn, state, &username).await?;
    let caller = Caller {
        actor: Some(Actor::from_user(&user, false)),
        client_ip: caller.client_ip.clone(),
    };
    caller
        .audit(&txn, now, "auth.login", None, json!({}))
        .await?;
    txn.commit().await?;
    Ok(session)
}

/// Exchanges a refresh token for a new pair. A refresh token works once:
/// presenting one that was already used ends every session of its family,
/// since either the client or a thief holds a copy.
pub async fn refresh(state: &AppState, token: &str) -> ApiResult<Session> {
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let stored = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(&txn)
        .await?
        .ok_or(BAD_REFRESH)?;
    if stored.revoked_at.is_some() {
        revoke_family(&txn, stored.family_id, now).await?;
        txn.commit().await?;
        tracing::warn!(user.id = %stored.user_id, "a used refresh token was presented again; its sessions are ended");
        return Err(BAD_REFRESH);
    }
    if stored.expires_at <= now {
        return Err(BAD_REFRESH);
    }
    let user = user::Entity::find_by_id(stored.user_id)
        .one(&txn)
        .await?
        .filter(|u| u.active)
        .ok_or(BAD_REFRESH)?;

    // Only the first of two racing refreshes marks the token used.
    let marked = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, now.into())
        .filter(refresh_token::Column::Id.eq(stored.id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if marked.rows_affected != 1 {
        return Err(BAD_REFRESH);
    }
    let session = issue(state, &txn, &user, stored.family_id, now).await?;
    txn.commit().await?;
    Ok(session)
}

/// Ends the session a refresh token belongs to. Unknown tokens are ignored.
pub async fn logout(state: &AppState, token: &str) -> ApiResult<()> {
    let now = state.clock.now();
    let stored = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(token)))
        .one(&state.db)
        .await?;
    if let Some(stored) = stored {
        revoke_family(&state.db, stored.family_id, now).await?;
    }
    Ok(())
}

/// Whether session `sid` is still open: signed out, disabled and stolen
/// sessions end at once, not when their access token expires.
pub async fn is_live(db: &impl ConnectionTrait, sid: Uuid, now: DateTime<Utc>) -> ApiResult<bool> {
    let open = refresh_token::Entity::find()
        .filter(refresh_token::Column::FamilyId.eq(sid))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .filter(refresh_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    Ok(open.is_some())
}

/// Ends every open session of a user; returns how many there were.
pub async fn revoke_all(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<u64> {
    let ended = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, now.into())
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .filter(refresh_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(ended.rows_affected)
}

/// Opens an account for a citizen who uses the app; their mobile number is
/// their username.
pub async fn register_citizen(
    state: &AppState,
    caller: &Caller,
    name: &str,
    phone: &str,
    password: &str,
) -> ApiResult<Session> {
    let name = text::required("name", name, 100)?;
    let phone = PhoneNumber::parse(phone).map_err(|msg| ApiError::bad_input("phone", msg))?;
    check_password(password)?;
    let hash = passwords::hash_secret_blocking(password.to_owned())
        .await
        .map_err(ApiError::internal)?;
    let now = state.clock.now();

    let txn = begin_write(&state.db).await?;
    let taken = user::Entity::find()
        .filter(user::Column::Username.eq(phone.as_str()))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(ApiError::conflict(
            "ACCOUNT_EXISTS",
            "an account with this number exists; sign in",
        ));
    }
    let user = user::Entity::insert(user::ActiveModel {
        id: Set(Uuid::now_v7()),
        username: Set(Some(phone.as_str().to_owned())),
        password_hash: Set(Some(hash)),
        display_name: Set(name),
        phone: Set(Some(phone.as_str().to_owned())),
        role: Set(UserRole::Citizen),
        province_id: Set(None),
        region_id: Set(None),
        district_id: Set(None),
        office: Set(None),
        external_issuer: Set(None),
        external_subject: Set(None),
        active: Set(true),
        on_duty: Set(false),
        language: Set(Language::Urdu),
        created_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    let session = issue(state, &txn, &user, Uuid::now_v7(), now).await?;
    let caller = Caller {
        actor: Some(Actor::from_user(&user, false)),
        client_ip: caller.client_ip.clone(),
    };
    caller
        .audit(
            &txn,
            now,
            "user.register",
            None,
            json!({ "user_id": user.id }),
        )
        .await?;
    txn.commit().await?;
    Ok(session)
}

/// The citizen account behind a Portal token, opened on first sight.
pub async fn portal_citizen(state: &AppState, claims: &PortalClaims) -> ApiResult<Actor> {
    let subject = claims.sub.trim();
    if subject.is_empty() || subject.len() > 200 {
        return Err(ApiError::Unauthenticated(
            "the Portal token names no citizen",
        ));
    }
    let find = || {
        user::Entity::find()
            .filter(user::Column::ExternalIssuer.eq(claims.iss.as_str()))
            .filter(user::Column::ExternalSubject.eq(subject))
            .one(&state.db)
    };
    if let Some(user) = find().await? {
        return active_portal_actor(user);
    }

    let name = claims
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("Citizen's Portal user")
        .chars()
        .take(100)
        .collect::<String>();
    let phone = claims
        .phone_number
        .as_deref()
        .and_then(|p| PhoneNumber::parse(p).ok())
        .map(|p| p.as_str().to_owned());
    // Two first requests may race; the unique index keeps one account.
    user::Entity::insert(user::ActiveModel {
        id: Set(Uuid::now_v7()),
        username: Set(None),
        password_hash: Set(None),
        display_name: Set(name),
        phone: Set(phone),
        role: Set(UserRole::Citizen),
        province_id: Set(None),
        region_id: Set(None),
        district_id: Set(None),
        office: Set(None),
        external_issuer: Set(Some(claims.iss.clone())),
        external_subject: Set(Some(subject.to_owned())),
        active: Set(true),
        on_duty: Set(false),
        language: Set(Language::Urdu),
        created_at: Set(state.clock.now()),
    })
    .on_conflict(
        OnConflict::columns([user::Column::ExternalIssuer, user::Column::ExternalSubject])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&state.db)
    .await?;
    let user = find().await?.ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!("portal account vanished after insert"))
    })?;
    tracing::info!(user.id = %user.id, "account opened for a Citizen's Portal user");
    active_portal_actor(user)
}

fn active_portal_actor(user: user::Model) -> ApiResult<Actor> {
    if !user.active {
        return Err(ApiError::Unauthenticated("this account is disabled"));
    }
    Ok(Actor::from_user(&user, true))
}

pub fn check_password(password: &str) -> ApiResult<()> {
    let length = password.chars().count();
    if !(10..=200).contains(&length) {
        return Err(ApiError::bad_input(
            "password",
            "a password has 10 to 200 characters",
        ));
    }
    Ok(())
}

async fn issue(
    state: &AppState,
    db: &impl ConnectionTrait,
    user: &user::Model,
    family: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Session> {
    let actor = Actor::from_user(user, false);
    let (access_token, access_token_expires_at) = state
        .tokens
        .issue(&actor, family, now)
        .map_err(ApiError::internal)?;
    let refresh_token = passwords::random_token(32);
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user.id),
        family_id: Set(family),
        token_hash: Set(hash_token(&refresh_token)),
        created_at: Set(now),
        expires_at: Set(now + state.config.refresh_token_ttl),
        revoked_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(Session {
        access_token,
        access_token_expires_at,
        refresh_token,
        user: user.clone(),
    })
}

async fn revoke_family(
    db: &impl ConnectionTrait,
    family: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, now.into())
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Refresh tokens are long random strings, so a fast hash suffices.
fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
