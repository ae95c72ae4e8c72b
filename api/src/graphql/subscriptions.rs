//! Live updates over the graphql-transport-ws protocol: a reporter's view
//! of one case, and the feed of a police or oversight jurisdiction. Both
//! resume after the last event id the client saw.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Subscription};
use chrono::{DateTime, Utc};
use entities::{CaseEventKind, CaseStatus, UserRole, event};
use futures_util::Stream;
use serde_json::json;

use super::{parts, places::District, places::district_by_id};
use crate::{
    error::{ApiError, ApiResult},
    events::{
        follow::{Follow, follow},
        reporter,
        session::Credential,
        view::{self, Feed, FeedEventKind},
    },
};

#[derive(Default)]
pub struct Subscription;

#[Subscription]
impl Subscription {
    /// The progress of one case as its reporter sees it: status changes and
    /// notes the police made visible to the reporter. Give the tracking code
    /// from the receipt, or sign in as the reporter. With `after`, the
    /// updates since that id are sent first.
    async fn case_updates(
        &self,
        ctx: &Context<'_>,
        case_number: String,
        tracking_code: Option<String>,
        after: Option<ID>,
    ) -> Result<impl Stream<Item = ApiResult<CaseUpdate>> + use<>, ApiError> {
        let (state, caller) = parts(ctx)?;
        let credential = credential(ctx)?;
        let after = parse_after(after.as_ref())?;
        let case =
            reporter::case_to_follow(state, caller, &case_number, tracking_code.as_deref()).await?;
        let follow_case = Follow {
            case_id: Some(case.id),
            after,
            credential,
        };
        Ok(follow(state.clone(), follow_case, |row| {
            view::for_reporter(row).then(|| CaseUpdate(Arc::clone(row)))
        }))
    }

    /// Changes to the public register as they happen: a child listed, their
    /// record updated, found, or removed. No sign-in needed. With `after`
    /// (the `id` of the last change received), what was missed comes first.
    async fn register_changes(
        &self,
        ctx: &Context<'_>,
        after: Option<ID>,
    ) -> Result<impl Stream<Item = ApiResult<super::register::RegisterChange>> + use<>, ApiError>
    {
        let (state, _) = parts(ctx)?;
        let after = parse_after(after.as_ref())?;
        Ok(futures_util::StreamExt::map(
            crate::register::live::follow(state.clone(), after),
            |item| item.map(super::register::RegisterChange),
        ))
    }

    /// Everything that happens to the cases of the caller's jurisdiction:
    /// new cases, status changes, transfers in and out, notes. For district
    /// and regional police, provincial oversight and the ministry; narrow it
    /// to one district of the jurisdiction with `districtId`.
    async fn scope_feed(
        &self,
        ctx: &Context<'_>,
        district_id: Option<ID>,
        after: Option<ID>,
    ) -> Result<impl Stream<Item = ApiResult<FeedEvent>> + use<>, ApiError> {
        let (state, caller) = parts(ctx)?;
        let credential = credential(ctx)?;
        let after = parse_after(after.as_ref())?;
        let feed = Feed::open(
            state,
            caller.actor.as_ref(),
            district_id.as_deref().map(String::as_str),
        )?;
        caller
            .audit(
                &state.db,
                state.clock.now(),
                "events.scope_feed",
                None,
                json!({ "district_id": district_id.as_deref(), "after": after }),
            )
            .await?;
        let follow_scope = Follow {
            case_id: None,
            after,
            credential,
        };
        Ok(follow(state.clone(), follow_scope, move |row| {
            feed.sees(row).map(|kind| FeedEvent {
                kind,
                row: Arc::clone(row),
            })
        }))
    }
}

fn credential(ctx: &Context<'_>) -> ApiResult<Credential> {
    ctx.data::<Credential>()
        .cloned()
        .map_err(|_| ApiError::BadInput {
            field: "subscription".to_owned(),
            message: "subscribe over a WebSocket at /graphql (graphql-transport-ws)".to_owned(),
        })
}

fn parse_after(after: Option<&ID>) -> ApiResult<Option<i64>> {
    after
        .map(|id| {
            id.parse::<i64>()
                .ok()
                .filter(|id| *id >= 0)
                .ok_or_else(|| ApiError::bad_input("after", "not an event id"))
        })
        .transpose()
}

/// One step in a case's progress, as its reporter sees it.
pub struct CaseUpdate(Arc<event::Model>);

#[Object]
impl CaseUpdate {
    /// Pass the last one you received as `after` when you subscribe again.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }

    async fn kind(&self) -> CaseEventKind {
        self.0.kind
    }

    async fn case_number(&self) -> &str {
        &self.0.case_number
    }

    async fn from_status(&self) -> Option<CaseStatus> {
        self.0.from_status
    }

    async fn to_status(&self) -> Option<CaseStatus> {
        self.0.to_status
    }

    /// Only notes the police made visible to the reporter.
    async fn note(&self) -> Option<&str> {
        self.0
            .note
            .as_deref()
            .filter(|_| self.0.visible_to_reporter)
    }
}

/// One event in a jurisdiction's feed.
pub struct FeedEvent {
    kind: FeedEventKind,
    row: Arc<event::Model>,
}

#[Object]
impl FeedEvent {
    /// Pass the last one you received as `after` when you subscribe again.
    async fn id(&self) -> ID {
        ID(self.row.id.to_string())
    }

    async fn at(&self) -> DateTime<Utc> {
        self.row.at
    }

    async fn kind(&self) -> FeedEventKind {
        self.kind
    }

    async fn case_id(&self) -> ID {
        ID(self.row.case_id.to_string())
    }

    async fn case_number(&self) -> &str {
        &self.row.case_number
    }

    async fn from_status(&self) -> Option<CaseStatus> {
        self.row.from_status
    }

    async fn to_status(&self) -> Option<CaseStatus> {
        self.row.to_status
    }

    /// The note written with the change; left out once a case has moved
    /// out of the jurisdiction.
    async fn note(&self) -> Option<&str> {
        self.row
            .note
            .as_deref()
            .filter(|_| self.kind != FeedEventKind::TransferredAway)
    }

    async fn note_visible_to_reporter(&self) -> bool {
        self.row.visible_to_reporter
    }

    /// The role of whoever made the change.
    async fn actor_role(&self) -> Option<UserRole> {
        self.row.actor_role
    }

    /// The district the case belongs to now.
    async fn district(&self, ctx: &Context<'_>) -> ApiResult<District> {
        district_by_id(ctx, &self.row.district_id)
    }

    /// On transfers, the district it came from.
    async fn from_district(&self, ctx: &Context<'_>) -> ApiResult<Option<District>> {
        self.row
            .from_district_id
            .as_deref()
            .map(|id| district_by_id(ctx, id))
            .transpose()
    }
}
