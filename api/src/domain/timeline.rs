//! One entry on a case's timeline: what happened, who did it, and whether
//! the reporter sees it.

use chrono::{DateTime, Utc};
use entities::{CaseEventKind, CaseStatus, case_event};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::actor::Actor;
use crate::error::ApiResult;

/// An entry without a status change, note or data, to fill in with
/// struct update syntax.
pub struct Entry<'a> {
    pub case_id: Uuid,
    pub kind: CaseEventKind,
    /// `(from, to)` when the entry changes the case's status.
    pub status: Option<(CaseStatus, CaseStatus)>,
    pub note: Option<String>,
    pub visible_to_reporter: bool,
    /// `None` for what the platform did by itself.
    pub actor: Option<&'a Actor>,
    pub data: serde_json::Value,
}

impl<'a> Entry<'a> {
    pub fn new(case_id: Uuid, kind: CaseEventKind, actor: Option<&'a Actor>) -> Self {
        Self {
            case_id,
            kind,
            status: None,
            note: None,
            visible_to_reporter: false,
            actor,
            data: serde_json::json!({}),
        }
    }
}

/// Writes `entry` in the caller's transaction; returns its id.
pub async fn record(
    db: &impl ConnectionTrait,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Uuid> {
    let id = Uuid::now_v7();
    case_event::Entity::insert(case_event::ActiveModel {
        id: Set(id),
        case_id: Set(entry.case_id),
        kind: Set(entry.kind),
        from_status: Set(entry.status.map(|(from, _)| from)),
        to_status: Set(entry.status.map(|(_, to)| to)),
        note: Set(entry.note),
        visible_to_reporter: Set(entry.visible_to_reporter),
        actor_user_id: Set(entry.actor.map(|a| a.user_id)),
        actor_role: Set(entry.actor.map(|a| a.role)),
        data: Set(entry.data),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}
