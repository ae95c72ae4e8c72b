//! Keys for third-party apps on the public API, for system administrators.

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::api_key;
use uuid::Uuid;

use super::parts;
use crate::{
    error::{ApiError, ApiResult},
    public_api::{
        keys::{self, NewKey},
        limits,
    },
};

/// A third-party app's key. The secret itself is shown only when issued.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ApiKey {
    pub id: ID,
    /// The app, as its operators are known.
    pub name: String,
    /// Whom to call about the app's traffic.
    pub contact: String,
    /// The secret's first characters, to tell keys apart.
    pub prefix: String,
    pub requests_per_minute: i32,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    #[graphql(skip)]
    key_id: Uuid,
}

impl From<api_key::Model> for ApiKey {
    fn from(key: api_key::Model) -> Self {
        Self {
            id: ID(key.id.to_string()),
            name: key.name,
            contact: key.contact,
            prefix: key.prefix,
            requests_per_minute: key.requests_per_minute,
            created_at: key.created_at,
            revoked_at: key.revoked_at,
            key_id: key.id,
        }
    }
}

#[ComplexObject]
impl ApiKey {
    /// Requests made with this key in about the last hour.
    async fn requests_last_hour(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let (state, _) = parts(ctx)?;
        limits::recent(&state.db, &limits::key_bucket(self.key_id)).await
    }
}

#[derive(InputObject)]
pub struct IssueApiKeyInput {
    /// The app, as its operators are known.
    pub name: String,
    /// Whom to call about the app's traffic: a person, an address.
    pub contact: String,
    /// Requests a minute the app may make, across every replica.
    pub requests_per_minute: i32,
}

#[derive(SimpleObject)]
pub struct IssuedApiKey {
    pub key: ApiKey,
    /// Shown once: the app sends it as the `X-Api-Key` header (or
    /// `apiKey` in a subscription's `connection_init`).
    pub secret: String,
}

#[derive(Default)]
pub struct ApiKeysQuery;

#[Object]
impl ApiKeysQuery {
    /// Every API key, newest first, revoked ones included.
    async fn api_keys(&self, ctx: &Context<'_>) -> ApiResult<Vec<ApiKey>> {
        let (state, caller) = parts(ctx)?;
        let keys = keys::list(state, caller).await?;
        Ok(keys.into_iter().map(ApiKey::from).collect())
    }
}

#[derive(Default)]
pub struct ApiKeysMutation;

#[Object]
impl ApiKeysMutation {
    /// Issues a key to a third-party app with its own rate limit.
    async fn issue_api_key(
        &self,
        ctx: &Context<'_>,
        input: IssueApiKeyInput,
    ) -> ApiResult<IssuedApiKey> {
        let (state, caller) = parts(ctx)?;
        let (key, secret) = keys::issue(
            state,
            caller,
            NewKey {
                name: input.name,
                contact: input.contact,
                requests_per_minute: input.requests_per_minute,
            },
        )
        .await?;
        Ok(IssuedApiKey {
            key: key.into(),
            secret,
        })
    }

    /// Revokes a key; requests with it are refused from then on.
    async fn revoke_api_key(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ApiKey> {
        let (state, caller) = parts(ctx)?;
        let id = Uuid::parse_str(id.as_str())
            .map_err(|_| ApiError::bad_input("id", "not an API key id"))?;
        keys::revoke(state, caller, id).await.map(ApiKey::from)
    }
}
