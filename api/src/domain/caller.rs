//! The caller of one request and the audit trail their actions leave.

use chrono::{DateTime, Utc};
use entities::{UserRole, audit_log};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use super::actor::{Actor, role_name};
use crate::error::{ApiError, ApiResult};

/// Who made a request (if anyone signed in) and from where.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub actor: Option<Actor>,
    pub client_ip: Option<String>,
}

impl Caller {
    /// The signed-in actor, or `UNAUTHENTICATED`.
    pub fn actor(&self) -> ApiResult<&Actor> {
        self.actor
            .as_ref()
            .ok_or(ApiError::Unauthenticated("sign in first"))
    }

    /// The signed-in actor if they have `role`; otherwise `FORBIDDEN` with
    /// `refusal` as the message, and the exact cause logged.
    pub fn require(&self, role: UserRole, refusal: &'static str) -> ApiResult<&Actor> {
        let actor = self.actor()?;
        if actor.role != role {
            tracing::info!(
                user.role = actor.role_name(),
                required.role = role_name(role),
                "refused: the role does not allow this"
            );
            return Err(ApiError::Forbidden(refusal));
        }
        Ok(actor)
    }

    /// Writes one audit entry. `detail` must hold no personal data: ids,
    /// statuses and filters only.
    pub async fn audit(
        &self,
        db: &impl ConnectionTrait,
        at: DateTime<Utc>,
        action: &str,
        case_id: Option<Uuid>,
        detail: serde_json::Value,
    ) -> Result<(), DbErr> {
        let entry = audit_log::ActiveModel {
            actor_user_id: Set(self.actor.as_ref().map(|a| a.user_id)),
            actor_role: Set(self
                .actor
                .as_ref()
                .map_or("anonymous", Actor::role_name)
                .to_owned()),
            client_ip: Set(self.client_ip.clone()),
            ..entry(at, action, case_id, detail)
        };
        audit_log::Entity::insert(entry)
            .exec_without_returning(db)
            .await?;
        Ok(())
    }
}

/// An audit entry for what the platform did by itself (the deadline clock).
pub async fn system_audit(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    action: &str,
    case_id: Option<Uuid>,
    detail: serde_json::Value,
) -> Result<(), DbErr> {
    let entry = audit_log::ActiveModel {
        actor_role: Set("system".to_owned()),
        ..entry(at, action, case_id, detail)
    };
    audit_log::Entity::insert(entry)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// What every audit entry records, with no actor and no address yet.
fn entry(
    at: DateTime<Utc>,
    action: &str,
    case_id: Option<Uuid>,
    detail: serde_json::Value,
) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        at: Set(at),
        actor_user_id: Set(None),
        action: Set(action.to_owned()),
        case_id: Set(case_id),
        detail: Set(detail),
        client_ip: Set(None),
        ..Default::default()
    }
}
