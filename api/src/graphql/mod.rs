//! The GraphQL schema: one module per area, merged into one query and one
//! mutation root, subscriptions beside them, with depth and complexity
//! limits from the start.

mod alerts;
mod api_keys;
mod audit;
mod auth;
mod case_types;
mod cases;
mod duplicates;
mod faces;
mod found;
pub mod limits;
mod pagination;
mod photos;
mod places;
mod public_statistics;
mod register;
mod sms_drafts;
mod statistics;
mod subscriptions;
mod users;

use async_graphql::{Context, MergedObject, Schema};

use crate::{domain::caller::Caller, error::ApiError, state::AppState};
pub use limits::Limits;

#[derive(MergedObject, Default)]
pub struct Query(
    auth::AuthQuery,
    places::PlacesQuery,
    cases::CasesQuery,
    users::UsersQuery,
    audit::AuditQuery,
    alerts::AlertsQuery,
    register::RegisterQuery,
    statistics::StatisticsQuery,
    public_statistics::PublicStatisticsQuery,
    api_keys::ApiKeysQuery,
    found::FoundQuery,
    sms_drafts::SmsDraftsQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    auth::AuthMutation,
    cases::CasesMutation,
    users::UsersMutation,
    alerts::AlertsMutation,
    photos::PhotosMutation,
    register::RegisterMutation,
    faces::FacesMutation,
    api_keys::ApiKeysMutation,
    found::FoundMutation,
    duplicates::DuplicatesMutation,
    sms_drafts::SmsDraftsMutation,
);

pub type ApiSchema = Schema<Query, Mutation, subscriptions::Subscription>;

/// The schema with its limits; per-request data (the [`Caller`]) is added
/// by the HTTP layer.
pub fn build(state: Option<AppState>, limits: Limits) -> ApiSchema {
    let mut builder = Schema::build(
        Query::default(),
        Mutation::default(),
        subscriptions::Subscription,
    )
    .limit_depth(limits.depth)
    .limit_complexity(limits.complexity)
    .extension(limits::DocumentLimits {
        aliases: limits.aliases,
        query_bytes: limits.query_bytes,
        introspection: limits.introspection,
    });
    if !limits.introspection {
        builder = builder.disable_introspection();
    }
    if let Some(state) = state {
        builder = builder.data(state);
    }
    builder.finish()
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    build(None, Limits::none()).sdl()
}

/// The shared state and the caller of the request being resolved.
pub(crate) fn parts<'a>(ctx: &Context<'a>) -> Result<(&'a AppState, &'a Caller), ApiError> {
    let state = ctx.data::<AppState>().map_err(|err| {
        ApiError::internal(anyhow::anyhow!(
            "schema built without state: {}",
            err.message
        ))
    })?;
    let caller = ctx.data::<Caller>().map_err(|err| {
        ApiError::internal(anyhow::anyhow!("request without caller: {}", err.message))
    })?;
    Ok((state, caller))
}
