//! Signing in and out, citizen sign-up, and who the caller is.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::{UserRole, user};
use sea_orm::EntityTrait;

use super::{
    parts,
    places::{District, Province, Region, district_by_id, province_by_id, region_by_id},
};
use crate::{
    auth::sessions::{self, Session},
    error::{ApiError, ApiResult},
};

pub struct User(pub user::Model);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn username(&self) -> Option<&str> {
        self.0.username.as_deref()
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn role(&self) -> UserRole {
        self.0.role
    }
    async fn office(&self) -> Option<&str> {
        self.0.office.as_deref()
    }
    /// Gets the alerts of their jurisdiction.
    async fn on_duty(&self) -> bool {
        self.0.on_duty
    }
    /// The language of their SMS alerts.
    async fn language(&self) -> entities::Language {
        self.0.language
    }
    async fn province(&self, ctx: &Context<'_>) -> ApiResult<Option<Province>> {
        self.0
            .province_id
            .as_deref()
            .map(|id| province_by_id(ctx, id))
            .transpose()
    }
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        self.0
            .region_id
            .as_deref()
            .map(|id| region_by_id(ctx, id))
            .transpose()
    }
    async fn district(&self, ctx: &Context<'_>) -> ApiResult<Option<District>> {
        self.0
            .district_id
            .as_deref()
            .map(|id| district_by_id(ctx, id))
            .transpose()
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A signed-in session. Send the access token as `Authorization: Bearer`;
/// exchange the refresh token for a new pair before the access token expires.
#[derive(SimpleObject)]
pub struct SessionPayload {
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub user: User,
}

impl From<Session> for SessionPayload {
    fn from(s: Session) -> Self {
        Self {
            access_token: s.access_token,
            access_token_expires_at: s.access_token_expires_at,
            refresh_token: s.refresh_token,
            user: User(s.user),
        }
    }
}

#[derive(Default)]
pub struct AuthQuery;

#[Object]
impl AuthQuery {
    /// The signed-in user.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<User> {
        let (state, caller) = parts(ctx)?;
        let actor = caller.actor()?;
        user::Entity::find_by_id(actor.user_id)
            .one(&state.db)
            .await?
            .map(User)
            .ok_or(ApiError::Unauthenticated("this account no longer exists"))
    }
}

#[derive(Default)]
pub struct AuthMutation;

#[Object]
impl AuthMutation {
    /// Sign in with a username (for citizens, their mobile number) and password.
    async fn login(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
    ) -> ApiResult<SessionPayload> {
        let (state, caller) = parts(ctx)?;
        let username = match crate::domain::phone::PhoneNumber::parse(&username) {
            Ok(phone) => phone.as_str().to_owned(),
            Err(_) => username,
        };
        sessions::login(state, caller, &username, &password)
            .await
            .map(SessionPayload::from)
    }

    /// Exchange a refresh token for a new session; each refresh token works once.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> ApiResult<SessionPayload> {
        let (state, _) = parts(ctx)?;
        sessions::refresh(state, &refresh_token)
            .await
            .map(SessionPayload::from)
    }

    /// End the session the refresh token belongs to.
    async fn logout(&self, ctx: &Context<'_>, refresh_token: String) -> ApiResult<bool> {
        let (state, _) = parts(ctx)?;
        sessions::logout(state, &refresh_token).await?;
        Ok(true)
    }

    /// Open a citizen account with a mobile number and password.
    async fn register_citizen(
        &self,
        ctx: &Context<'_>,
        name: String,
        phone: String,
        password: String,
    ) -> ApiResult<SessionPayload> {
        let (state, caller) = parts(ctx)?;
        sessions::register_citizen(state, caller, &name, &phone, &password)
            .await
            .map(SessionPayload::from)
    }
}
