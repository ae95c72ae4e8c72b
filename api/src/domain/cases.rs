//! Reading and moving cases: lookups and lists within the caller's scope,
//! lifecycle steps, and tracking by case number and code.

use async_graphql::InputObject;
use chrono::{DateTime, NaiveDate, Utc};
use entities::{CaseEventKind, CaseKind, CaseStatus, ClosureReason, case, case_event};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    begin_write,
    caller::Caller,
    case_number::CaseNumber,
    lifecycle::{self, CaseAction},
    scope::CaseScope,
    text,
};
use crate::{
    auth::passwords,
    deadlines,
    error::{ApiError, ApiResult},
    events,
    notify::routing,
    state::AppState,
};

/// Narrows a list of cases; every part is optional and they combine.
#[derive(Debug, Clone, Default, InputObject)]
pub struct CaseFilter {
    pub statuses: Option<Vec<CaseStatus>>,
    pub kinds: Option<Vec<CaseKind>>,
    pub province_id: Option<String>,
    pub region_id: Option<String>,
    pub district_id: Option<String>,
    /// Reported at or after this time.
    pub reported_from: Option<DateTime<Utc>>,
    /// Reported before this time.
    pub reported_to: Option<DateTime<Utc>>,
}

impl CaseFilter {
    fn condition(&self) -> Condition {
        let mut cond = Condition::all();
        if let Some(statuses) = &self.statuses {
            cond = cond.add(case::Column::Status.is_in(statuses.iter().copied()));
        }
        if let Some(kinds) = &self.kinds {
            cond = cond.add(case::Column::Kind.is_in(kinds.iter().copied()));
        }
        if let Some(id) = &self.province_id {
            cond = cond.add(case::Column::ProvinceId.eq(id.as_str()));
        }
        if let Some(id) = &self.region_id {
            cond = cond.add(case::Column::RegionId.eq(id.as_str()));
        }
        if let Some(id) = &self.district_id {
            cond = cond.add(case::Column::DistrictId.eq(id.as_str()));
        }
        if let Some(from) = self.reported_from {
            cond = cond.add(case::Column::ReportedAt.gte(from));
        }
        if let Some(to) = self.reported_to {
            cond = cond.add(case::Column::ReportedAt.lt(to));
        }
        cond
    }
}

/// A case the caller may see, or `NOT_FOUND` (the same whether it does not
/// exist or lies outside their scope, so that scope reveals nothing).
pub async fn find(db: &impl ConnectionTrait, caller: &Caller, id: Uuid) -> ApiResult<case::Model> {
    let actor = caller.actor()?;
    case::Entity::find_by_id(id)
        .filter(CaseScope::of(Some(actor)).condition())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("case"))
}

pub async fn find_by_number(
    db: &impl ConnectionTrait,
    caller: &Caller,
    number: &str,
) -> ApiResult<case::Model> {
    let actor = caller.actor()?;
    let number = CaseNumber::parse(number).map_err(|msg| ApiError::bad_input("caseNumber", msg))?;
    case::Entity::find()
        .filter(case::Column::CaseNumber.eq(number.as_str()))
        .filter(CaseScope::of(Some(actor)).condition())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("case"))
}

/// One page of cases, newest first: up to `first` rows after the case with
/// id `after`, and whether more follow.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &Caller,
    filter: &CaseFilter,
    first: u64,
    after: Option<Uuid>,
) -> ApiResult<(Vec<case::Model>, bool)> {
    let actor = caller.actor()?;
    let query = case::Entity::find()
        .filter(CaseScope::of(Some(actor)).condition())
        .filter(filter.condition());
    Ok(super::newest_first(db, query, case::Column::Id, first, after).await?)
}

/// The timeline of a case, oldest first. The reporter's view leaves out
/// internal notes, escalations and the text of notes not meant for them.
pub async fn timeline(
    db: &impl ConnectionTrait,
    case_id: Uuid,
    reporter_view: bool,
) -> ApiResult<Vec<case_event::Model>> {
    let events = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case_id))
        .order_by_asc(case_event::Column::Id)
        .all(db)
        .await?;
    if !reporter_view {
        return Ok(events);
    }
    Ok(events
        .into_iter()
        // Notes meant for the police, escalations inside the chain of
        // command and tips from the public stay internal.
        .filter(|e| {
            !matches!(
                e.kind,
                CaseEventKind::Note
                    | CaseEventKind::Escalated
                    | CaseEventKind::Sighting
                    | CaseEventKind::SightingAssessed
                    | CaseEventKind::MatchProposed
                    | CaseEventKind::MatchDecided
            ) || e.visible_to_reporter
        })
        .map(|mut e| {
            if !e.visible_to_reporter {
                e.note = None;
            }
            e
        })
        .collect())
}

#[derive(Debug, Clone, InputObject)]
pub struct FirInput {
    /// The FIR number as the police station wrote it.
    pub number: String,
    pub police_station: String,
    pub date: NaiveDate,
}

/// A lifecycle step with what it needs.
#[derive(Debug, Clone)]
pub enum Step {
    Acknowledge,
    RecordReporterContact,
    RegisterFir(FirInput),
    StartInvestigation,
    MarkRecovered,
    MarkFoundDeceased,
    Close(ClosureReason),
    Withdraw,
    Reopen,
    Transfer { district_id: String },
    AddNote,
}

impl Step {
    fn action(&self, visible_to_reporter: bool) -> CaseAction {
        match self {
            Self::Acknowledge => CaseAction::Acknowledge,
            Self::RecordReporterContact => CaseAction::RecordReporterContact,
            Self::RegisterFir(_) => CaseAction::RegisterFir,
            Self::StartInvestigation => CaseAction::StartInvestigation,
            Self::MarkRecovered => CaseAction::MarkRecovered,
            Self::MarkFoundDeceased => CaseAction::MarkFoundDeceased,
            Self::Close(_) => CaseAction::Close,
            Self::Withdraw => CaseAction::Withdraw,
            Self::Reopen => CaseAction::Reopen,
            Self::Transfer { .. } => CaseAction::Transfer,
            Self::AddNote if visible_to_reporter => CaseAction::AddReporterNote,
            Self::AddNote => CaseAction::AddNote,
        }
    }

    /// Steps whose reason must be written down.
    fn needs_note(&self) -> bool {
        matches!(self, Self::Reopen | Self::Transfer { .. } | Self::AddNote)
    }
}

/// Takes one lifecycle step on a case: checks who may, checks the move is
/// legal now, applies it only if nobody changed the case meanwhile, and
/// records it on the timeline and in the audit log in one transaction.
pub async fn take_step(
    state: &AppState,
    caller: &Caller,
    case_id: Uuid,
    step: Step,
    note: Option<String>,
    visible_to_reporter: bool,
) -> ApiResult<case::Model> {
    let actor = caller.actor()?;
    let action = step.action(visible_to_reporter);
    let note = text::optional("note", note.as_deref(), 4000)?;
    if step.needs_note() && note.is_none() {
        return Err(ApiError::bad_input("note", "write down the reason"));
    }
    let now = state.clock.now();

    let txn = begin_write(&state.db).await?;
    let current = find(&txn, caller, case_id).await?;
    // The reporter's own withdrawal note is theirs to read anyway.
    let reporter_note_refused = visible_to_reporter
        && note.is_some()
        && !matches!(step, Step::Withdraw)
        && !lifecycle::may_take(actor, &current, CaseAction::AddReporterNote);
    if !lifecycle::may_take(actor, &current, action) || reporter_note_refused {
        tracing::info!(
            case.id = %case_id,
            user.id = %actor.user_id,
            user.role = actor.role_name(),
            step = action.name(),
            "refused lifecycle step: role or jurisdiction does not allow it"
        );
        return Err(ApiError::Forbidden(
            "you may not take this step on this case",
        ));
    }
    let next = lifecycle::next_status(current.status, action, current.fir_number.is_some())
        .map_err(|msg| ApiError::conflict("ILLEGAL_TRANSITION", msg))?;

    let mut change = case::ActiveModel {
        updated_at: Set(now),
        ..Default::default()
    };
    if let Some(status) = next {
        change.status = Set(status);
        if status == entities::CaseStatus::Recovered {
            change.recovered_at = Set(Some(now));
        }
    }
    let mut data = json!({ "step": action.name() });
    match &step {
        Step::RegisterFir(fir) => {
            let number = text::required("fir.number", &fir.number, 64)?;
            let station = text::required("fir.policeStation", &fir.police_station, 200)?;
            if fir.date > state.clock.today_in_pakistan() {
                return Err(ApiError::bad_input(
                    "fir.date",
                    "the FIR date is in the future",
                ));
            }
            if fir.date < current.last_seen_at.date_naive() {
                return Err(ApiError::bad_input(
                    "fir.date",
                    "the FIR date is before the child went missing",
                ));
            }
            data = json!({ "step": action.name(), "fir_number": number, "police_station": station, "fir_date": fir.date });
            change.fir_number = Set(Some(number));
            change.fir_police_station = Set(Some(station));
            change.fir_date = Set(Some(fir.date));
        }
        Step::Close(reason) => {
            change.closure_reason = Set(Some(*reason));
            data = json!({ "step": action.name(), "reason": reason });
        }
        Step::Withdraw => {
            change.closure_reason = Set(Some(ClosureReason::Withdrawn));
            data = json!({ "step": action.name(), "reason": ClosureReason::Withdrawn });
        }
        Step::Reopen => {
            change.closure_reason = Set(None);
            change.recovered_at = Set(None);
        }
        Step::Acknowledge => change.handling_officer_id = Set(Some(actor.user_id)),
        Step::Transfer { district_id } => {
            let to = state
                .geo
                .district(district_id.trim())
                .ok_or_else(|| ApiError::bad_input("districtId", "no such district"))?;
            if to.id == current.district_id {
                return Err(ApiError::bad_input(
                    "districtId",
                    "the case is already with this district",
                ));
            }
            data = json!({ "step": action.name(), "from_district_id": current.district_id, "to_district_id": to.id });
            change.district_id = Set(to.id.clone());
            // The new district takes the case up afresh.
            change.handling_officer_id = Set(None);
            change.region_id = Set(to.region_id.clone());
            change.province_id = Set(to.province_id.clone());
        }
        _ => {}
    }

    let updated = case::Entity::update_many()
        .set(change)
        .filter(case::Column::Id.eq(case_id))
        .filter(case::Column::Status.eq(current.status))
        .filter(case::Column::DistrictId.eq(current.district_id.as_str()))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ApiError::conflict(
            "STALE",
            "the case changed while you were working on it; reload and try again",
        ));
    }

    let kind = match step {
        Step::AddNote => CaseEventKind::Note,
        Step::Transfer { .. } => CaseEventKind::Transferred,
        Step::Reopen => CaseEventKind::Reopened,
        _ => CaseEventKind::StatusChanged,
    };
    let event_id = Uuid::now_v7();
    case_event::Entity::insert(case_event::ActiveModel {
        id: Set(event_id),
        case_id: Set(case_id),
        kind: Set(kind),
        from_status: Set(next.map(|_| current.status)),
        to_status: Set(next),
        note: Set(note.clone()),
        visible_to_reporter: Set(visible_to_reporter),
        actor_user_id: Set(Some(actor.user_id)),
        actor_role: Set(Some(actor.role)),
        data: Set(data.clone()),
        created_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    if let Some(status) = next {
        deadlines::on_status(&txn, case_id, status, now).await?;
    }
    if matches!(step, Step::Reopen) {
        deadlines::on_reopen(&txn, case_id, now).await?;
    }
    // The public register follows the case: found, transferred, closed.
    crate::register::sync(&txn, state, case_id, now).await?;
    caller
        .audit(
            &txn,
            now,
            "case.step",
            Some(case_id),
            json!({ "from": current.status, "to": next, "detail": data }),
        )
        .await?;
    // Read without the scope: a transfer may have moved the case out of it,
    // and the actor who moved it gets to see the result once.
    let case = case::Entity::find_by_id(case_id)
        .one(&txn)
        .await?
        .ok_or(ApiError::NotFound("case"))?;
    if matches!(step, Step::Transfer { .. }) {
        let from = state
            .geo
            .district(&current.district_id)
            .map_or(current.district_id.as_str(), |d| d.name.as_str());
        routing::case_transferred(&txn, state, now, &case, from, event_id).await?;
    }
    let change = events::Change {
        kind,
        case: &case,
        before: Some(&current),
        to_status: next,
        note: note.as_deref(),
        visible_to_reporter,
        actor_role: Some(actor.role),
        at: now,
    };
    events::commit(state, txn, change).await?;

    tracing::info!(case.id = %case_id, step = action.name(), "case step taken");
    Ok(case)
}

/// A case found by number and tracking code, for reporters without an
/// account. A wrong code and an unknown number get the same answer.
pub async fn track(
    state: &AppState,
    caller: &Caller,
    case_number: &str,
    tracking_code: &str,
) -> ApiResult<(case::Model, Vec<case_event::Model>)> {
    let number =
        CaseNumber::parse(case_number).map_err(|msg| ApiError::bad_input("caseNumber", msg))?;
    let code = passwords::normalise_tracking_code(tracking_code);
    let found = case::Entity::find()
        .filter(case::Column::CaseNumber.eq(number.as_str()))
        .one(&state.db)
        .await?;
    let hash = found.as_ref().map(|case| case.tracking_code_hash.clone());
    let matched = passwords::verify_secret_blocking(code, hash).await;
    let now = state.clock.now();
    caller
        .audit(
            &state.db,
            now,
            "case.track",
            found.as_ref().map(|c| c.id),
            json!({ "matched": matched }),
        )
        .await?;
    match found {
        Some(case) if matched => {
            let events = timeline(&state.db, case.id, true).await?;
            Ok((case, events))
        }
        _ => Err(ApiError::NotFound(
            "case with this number and tracking code",
        )),
    }
}
