//! Account administration.

use async_graphql::{Context, ID, Object, SimpleObject};
use entities::{UserRole, user};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    auth::User,
    pagination::{PageInfo, decode_id_cursor, encode_cursor, page_size},
    parts,
};
use crate::{
    domain::users::{self, CreateUserInput},
    error::{ApiError, ApiResult},
};

const CURSOR: &str = "user";

#[derive(SimpleObject)]
pub struct CreatedUser {
    pub user: User,
    /// Shown once; hand it to the person over a safe channel.
    pub initial_password: String,
}

#[derive(SimpleObject)]
pub struct UserConnection {
    pub nodes: Vec<User>,
    pub page_info: PageInfo,
}

#[derive(Default)]
pub struct UsersQuery;

#[Object]
impl UsersQuery {
    /// Accounts, oldest first; for system administrators.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity + 1")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        role: Option<UserRole>,
    ) -> ApiResult<UserConnection> {
        let (state, caller) = parts(ctx)?;
        users::require_admin_caller(caller)?;
        let first = page_size(first)?;
        let mut query = user::Entity::find();
        if let Some(role) = role {
            query = query.filter(user::Column::Role.eq(role));
        }
        if let Some(id) = decode_id_cursor(CURSOR, after)? {
            query = query.filter(user::Column::Id.gt(id));
        }
        let mut rows = query
            .order_by_asc(user::Column::Id)
            .limit(first + 1)
            .all(&state.db)
            .await?;
        let more = rows.len() as u64 > first;
        rows.truncate(first as usize);
        let end_cursor = rows
            .last()
            .map(|u| encode_cursor(CURSOR, &u.id.to_string()));
        Ok(UserConnection {
            nodes: rows.into_iter().map(User).collect(),
            page_info: PageInfo {
                has_next_page: more,
                end_cursor,
            },
        })
    }
}

#[derive(Default)]
pub struct UsersMutation;

#[Object]
impl UsersMutation {
    /// Create a staff account scoped to the jurisdiction its role needs.
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        input: CreateUserInput,
    ) -> ApiResult<CreatedUser> {
        let (state, caller) = parts(ctx)?;
        let (user, password) = users::create(state, Some(caller), input).await?;
        Ok(CreatedUser {
            user: User(user),
            initial_password: password,
        })
    }

    /// Enable or disable an account; disabling ends its sessions.
    async fn set_user_active(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        active: bool,
    ) -> ApiResult<User> {
        let (state, caller) = parts(ctx)?;
        let id = Uuid::parse_str(user_id.as_str())
            .map_err(|_| ApiError::bad_input("userId", "not a user id"))?;
        users::set_active(state, caller, id, active).await.map(User)
    }

    /// End every session of an account without disabling it: its tokens
    /// stop working at once and its holder signs in again. Returns how many
    /// sessions were open.
    async fn revoke_user_sessions(&self, ctx: &Context<'_>, user_id: ID) -> ApiResult<u64> {
        let (state, caller) = parts(ctx)?;
        let id = Uuid::parse_str(user_id.as_str())
            .map_err(|_| ApiError::bad_input("userId", "not a user id"))?;
        users::revoke_sessions(state, caller, id).await
    }
}
