//! Putting a case on the public register and taking it off. Police decide;
//! the reporter must have consented, and a case of child abuse is never
//! published. A case that reaches an outcome drops off by itself (see
//! [`crate::photos::is_public`]).

use super::timeline::{self, Entry};
use entities::{CaseEventKind, CaseKind, UserRole, case};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::{begin_write, caller::Caller, cases};
use crate::{
    error::{ApiError, ApiResult},
    events,
    state::AppState,
};

pub async fn set_published(
    state: &AppState,
    caller: &Caller,
    case_id: Uuid,
    publish: bool,
    description: Option<String>,
) -> ApiResult<case::Model> {
    let description = super::text::optional("description", description.as_deref(), 1000)?;
    let actor = caller.actor()?;
    if !matches!(
        actor.role,
        UserRole::DistrictPolice | UserRole::RegionalPolice
    ) {
        tracing::info!(case.id = %case_id, user.role = actor.role_name(), "refused publication: not police");
        return Err(ApiError::Forbidden(
            "only the police of the case publish it",
        ));
    }
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let current = cases::find(&txn, caller, case_id).await?;
    if current.published_at.is_some() == publish && description.is_none() {
        return Ok(current);
    }
    if publish {
        if current.kind == CaseKind::ChildAbuse {
            return Err(ApiError::conflict(
                "NOT_PUBLISHABLE",
                "cases of child abuse are never published",
            ));
        }
        if !current.publish_consent {
            return Err(ApiError::conflict(
                "NO_CONSENT",
                "the reporter has not consented to publication",
            ));
        }
        if current.status.is_final() {
            return Err(ApiError::conflict(
                "CASE_CLOSED",
                "the case has reached an outcome",
            ));
        }
    }

    // Publishing again with a new description keeps the first date.
    let published_at = if publish {
        current.published_at.or(Some(now))
    } else {
        None
    };
    let public_description = if publish {
        description.or(current.public_description.clone())
    } else {
        current.public_description.clone()
    };
    let updated = case::Entity::update_many()
        .col_expr(case::Column::PublishedAt, published_at.into())
        .col_expr(
            case::Column::PublicDescription,
            public_description.clone().into(),
        )
        .col_expr(case::Column::UpdatedAt, now.into())
        .filter(case::Column::Id.eq(case_id))
        .filter(if current.published_at.is_some() {
            case::Column::PublishedAt.is_not_null()
        } else {
            case::Column::PublishedAt.is_null()
        })
        .filter(case::Column::Status.eq(current.status))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ApiError::conflict(
            "STALE",
            "the case changed while you were working on it; reload and try again",
        ));
    }
    let kind = if publish {
        CaseEventKind::Published
    } else {
        CaseEventKind::Unpublished
    };
    let entry = Entry {
        visible_to_reporter: true,
        ..Entry::new(case_id, kind, Some(actor))
    };
    timeline::record(&txn, entry, now).await?;
    let action = if publish {
        "case.publish"
    } else {
        "case.unpublish"
    };
    caller
        .audit(&txn, now, action, Some(case_id), json!({}))
        .await?;
    crate::register::sync(&txn, state, case_id, now).await?;
    let case = case::Model {
        published_at,
        public_description,
        updated_at: now,
        ..current.clone()
    };
    let change = events::Change {
        kind,
        case: &case,
        before: Some(&current),
        to_status: None,
        note: None,
        visible_to_reporter: true,
        actor_role: Some(actor.role),
        at: now,
    };
    events::commit(state, txn, change).await?;
    tracing::info!(case.id = %case_id, published = publish, "publication changed");
    Ok(case)
}
