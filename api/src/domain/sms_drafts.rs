//! Drafts of reports that came by SMS, in the queues of facilitation
//! officers (and the 1099 helpline, whose officers have no district): an
//! officer with a district sees that district's drafts and the national
//! queue, one without a district sees all; district police see their
//! district's drafts but do not complete them. Completing a draft files a
//! case through intake, so it gets a number, a tracking code, deadlines
//! and alerts like any other; the draft's clocks are not the case's: the
//! law's deadlines start when the case is filed.

use chrono::{DateTime, Utc};
use entities::{SmsDraftStatus, UserRole, case, sms_draft, sms_message};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::{actor::Actor, caller::Caller, text, timeline};
use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};

/// How many drafts one list returns at most.
const LIST_LIMIT: u64 = 200;

/// Who may see drafts, and which: `None` for every draft.
fn scope(caller: &Caller) -> ApiResult<(&Actor, Option<Condition>)> {
    let actor = caller.actor()?;
    match (actor.role, actor.district_id.as_deref()) {
        (UserRole::FacilitationOfficer, None) => Ok((actor, None)),
        (UserRole::FacilitationOfficer, Some(district)) => Ok((
            actor,
            Some(
                Condition::any()
                    .add(sms_draft::Column::DistrictId.eq(district))
                    .add(sms_draft::Column::DistrictId.is_null()),
            ),
        )),
        (UserRole::DistrictPolice, Some(district)) => Ok((
            actor,
            Some(Condition::all().add(sms_draft::Column::DistrictId.eq(district))),
        )),
        _ => {
            tracing::info!(
                user.role = actor.role_name(),
                "refused: the role does not see SMS drafts"
            );
            Err(ApiError::Forbidden("your role does not see SMS drafts"))
        }
    }
}

/// The caller's drafts of `status`, oldest first: the longest waiting on top.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    status: SmsDraftStatus,
    district_id: Option<&str>,
) -> ApiResult<Vec<sms_draft::Model>> {
    let (_, within) = scope(caller)?;
    let mut query = sms_draft::Entity::find().filter(sms_draft::Column::Status.eq(status));
    if let Some(within) = within {
        query = query.filter(within);
    }
    if let Some(district) = district_id {
        query = query.filter(sms_draft::Column::DistrictId.eq(district));
    }
    let drafts = query
        .order_by_asc(sms_draft::Column::CreatedAt)
        .order_by_asc(sms_draft::Column::Id)
        .limit(LIST_LIMIT)
        .all(&state.db)
        .await?;
    let ids: Vec<String> = drafts.iter().map(|d| d.id.to_string()).collect();
    caller
        .audit(
            &state.db,
            state.clock.now(),
            "sms_draft.list",
            None,
            json!({ "status": status, "district_id": district_id, "draft_ids": ids }),
        )
        .await?;
    Ok(drafts)
}

/// One draft in the caller's scope, with its messages oldest first.
pub async fn get(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<(sms_draft::Model, Vec<sms_message::Model>)> {
    let draft = find(&state.db, caller, id).await?;
    let messages = messages(&state.db, id).await?;
    caller
        .audit(
            &state.db,
            state.clock.now(),
            "sms_draft.read",
            draft.case_id,
            json!({ "draft_id": id }),
        )
        .await?;
    Ok((draft, messages))
}

pub async fn messages(
    db: &impl ConnectionTrait,
    draft_id: Uuid,
) -> ApiResult<Vec<sms_message::Model>> {
    Ok(sms_message::Entity::find()
        .filter(sms_message::Column::DraftId.eq(draft_id))
        .order_by_asc(sms_message::Column::ReceivedAt)
        .order_by_asc(sms_message::Column::Id)
        .all(db)
        .await?)
}

/// A draft in scope, or `NOT_FOUND` for one out of scope as for none.
async fn find(db: &impl ConnectionTrait, caller: &Caller, id: Uuid) -> ApiResult<sms_draft::Model> {
    let (_, within) = scope(caller)?;
    let mut query = sms_draft::Entity::find_by_id(id);
    if let Some(within) = within {
        query = query.filter(within);
    }
    query.one(db).await?.ok_or(ApiError::NotFound("SMS draft"))
}

/// Checks that a facilitation officer may complete `id` now; the draft is
/// closed by [`close_completed`] in the intake transaction.
pub async fn check_completable(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<()> {
    caller.require(
        UserRole::FacilitationOfficer,
        "only facilitation officers complete SMS drafts",
    )?;
    let draft = find(&state.db, caller, id).await?;
    if draft.status != SmsDraftStatus::Open {
        return Err(ApiError::conflict(
            "DRAFT_CLOSED",
            "this SMS draft was already completed or discarded",
        ));
    }
    Ok(())
}

/// Closes the draft as completed into `case`, in the intake transaction:
/// if someone else closed it meanwhile, the whole intake rolls back.
pub async fn close_completed(
    db: &impl ConnectionTrait,
    draft_id: Uuid,
    case: &case::Model,
    actor: &Actor,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let closed = sms_draft::Entity::update_many()
        .set(sms_draft::ActiveModel {
            status: Set(SmsDraftStatus::Completed),
            case_id: Set(Some(case.id)),
            handled_by_user_id: Set(Some(actor.user_id)),
            updated_at: Set(now),
            closed_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(sms_draft::Column::Id.eq(draft_id))
        .filter(sms_draft::Column::Status.eq(SmsDraftStatus::Open))
        .exec(db)
        .await?;
    if closed.rows_affected != 1 {
        return Err(ApiError::conflict(
            "DRAFT_CLOSED",
            "this SMS draft was already completed or discarded",
        ));
    }
    let count = sms_message::Entity::find()
        .filter(sms_message::Column::DraftId.eq(draft_id))
        .count(db)
        .await?;
    timeline::record(
        db,
        timeline::Entry {
            note: Some(format!("Filed from an SMS report ({count} messages)")),
            data: json!({ "sms_draft_id": draft_id, "messages": count }),
            ..timeline::Entry::new(case.id, entities::CaseEventKind::Note, Some(actor))
        },
        now,
    )
    .await?;
    Ok(())
}

/// Sets a draft aside with a reason (a prank, a test, a duplicate).
pub async fn discard(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    reason: &str,
) -> ApiResult<sms_draft::Model> {
    let actor = caller.require(
        UserRole::FacilitationOfficer,
        "only facilitation officers discard SMS drafts",
    )?;
    let reason = text::required("reason", reason, 500)?;
    if reason.chars().count() < 3 {
        return Err(ApiError::bad_input("reason", "say why, in a few words"));
    }
    let now = state.clock.now();
    let txn = super::begin_write(&state.db).await?;
    find(&txn, caller, id).await?;
    let done = sms_draft::Entity::update_many()
        .set(sms_draft::ActiveModel {
            status: Set(SmsDraftStatus::Discarded),
            discard_reason: Set(Some(reason)),
            handled_by_user_id: Set(Some(actor.user_id)),
            updated_at: Set(now),
            closed_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(sms_draft::Column::Id.eq(id))
        .filter(sms_draft::Column::Status.eq(SmsDraftStatus::Open))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(ApiError::conflict(
            "DRAFT_CLOSED",
            "this SMS draft was already completed or discarded",
        ));
    }
    caller
        .audit(
            &txn,
            now,
            "sms_draft.discard",
            None,
            json!({ "draft_id": id }),
        )
        .await?;
    let draft = find(&txn, caller, id).await?;
    txn.commit().await?;
    tracing::info!(sms.draft = %id, "SMS draft discarded");
    Ok(draft)
}
