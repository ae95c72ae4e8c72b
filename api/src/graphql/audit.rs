//! The audit log, for the ministry: who read or changed what, when and
//! from where.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::{UserRole, audit_log};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use super::{
    pagination::{PageInfo, decode_cursor, encode_cursor, page_size},
    parts,
};
use crate::error::{ApiError, ApiResult};

const CURSOR: &str = "audit";

#[derive(SimpleObject)]
pub struct AuditEntry {
    pub id: ID,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<ID>,
    pub actor_role: String,
    pub action: String,
    pub case_id: Option<ID>,
    pub detail: async_graphql::Json<serde_json::Value>,
    pub client_ip: Option<String>,
}

#[derive(SimpleObject)]
pub struct AuditConnection {
    pub nodes: Vec<AuditEntry>,
    pub page_info: PageInfo,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Audit entries, newest first; for the ministry. Reading it is audited too.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity + 1")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        case_id: Option<ID>,
        actor_user_id: Option<ID>,
        action: Option<String>,
    ) -> ApiResult<AuditConnection> {
        let (state, caller) = parts(ctx)?;
        let actor = caller.actor()?;
        if actor.role != UserRole::Ministry {
            tracing::info!(
                user.role = actor.role_name(),
                "refused audit log read: not the ministry"
            );
            return Err(ApiError::Forbidden("only the ministry reads the audit log"));
        }
        let first = page_size(first)?;
        let uuid = |field: &str, id: &ID| {
            Uuid::parse_str(id.as_str()).map_err(|_| ApiError::bad_input(field, "not an id"))
        };

        let mut query = audit_log::Entity::find();
        if let Some(id) = &case_id {
            query = query.filter(audit_log::Column::CaseId.eq(uuid("caseId", id)?));
        }
        if let Some(id) = &actor_user_id {
            query = query.filter(audit_log::Column::ActorUserId.eq(uuid("actorUserId", id)?));
        }
        if let Some(action) = &action {
            query = query.filter(audit_log::Column::Action.eq(action.as_str()));
        }
        if let Some(cursor) = after {
            let key: i64 = decode_cursor(CURSOR, &cursor)?
                .parse()
                .map_err(|_| ApiError::bad_input("after", "not a cursor from this list"))?;
            query = query.filter(audit_log::Column::Id.lt(key));
        }
        let mut rows = query
            .order_by_desc(audit_log::Column::Id)
            .limit(first + 1)
            .all(&state.db)
            .await?;
        let more = rows.len() as u64 > first;
        rows.truncate(first as usize);

        caller
            .audit(
                &state.db,
                state.clock.now(),
                "audit.read",
                None,
                json!({ "case_id": case_id.map(|i| i.0), "actor_user_id": actor_user_id.map(|i| i.0), "action": action }),
            )
            .await?;
        let end_cursor = rows
            .last()
            .map(|e| encode_cursor(CURSOR, &e.id.to_string()));
        Ok(AuditConnection {
            nodes: rows
                .into_iter()
                .map(|e| AuditEntry {
                    id: ID(e.id.to_string()),
                    at: e.at,
                    actor_user_id: e.actor_user_id.map(|u| ID(u.to_string())),
                    actor_role: e.actor_role,
                    action: e.action,
                    case_id: e.case_id.map(|c| ID(c.to_string())),
                    detail: async_graphql::Json(e.detail),
                    client_ip: e.client_ip,
                })
                .collect(),
            page_info: PageInfo {
                has_next_page: more,
                end_cursor,
            },
        })
    }
}
