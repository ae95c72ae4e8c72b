//! Match leads: what the worker proposes, for the police of the case to
//! confirm, reject or mark unsure. Every decision is audited and goes on
//! the case's timeline. A confirmed found child is linked to the case and
//! the case's police, its reporter and the institution holding the child
//! are told. Leads are kept per case and other record (the found child or
//! the sighting), not per photo: a rejection says "this child is not that
//! one", so no other photo of the pair, and no new analysis of a photo,
//! proposes it again.

use crate::domain::timeline::{self, Entry};
use async_graphql::{Enum, InputObject};
use chrono::{DateTime, Utc};
use entities::{
    CaseEventKind, FaceSide, LeadStatus, Level, UserRole, case, found_child, match_lead,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, sea_query::OnConflict,
};
use serde_json::json;
use uuid::Uuid;

use super::{matching::Proposal, notices};
use crate::{
    domain::{
        actor::Actor,
        begin_write,
        caller::{Caller, system_audit},
        cases,
        scope::CaseScope,
    },
    error::{ApiError, ApiResult},
    events, found,
    notify::{
        self, Rung,
        outbox::{self, NewSms},
        routing,
    },
    state::AppState,
};

/// What the police made of a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Decision {
    /// The same child: links the found child to the case.
    Confirm,
    /// Not the same child: never proposed again.
    Reject,
    /// Not sure yet; the lead stays to be decided.
    Unsure,
}

impl Decision {
    fn status(self) -> LeadStatus {
        match self {
            Self::Confirm => LeadStatus::Confirmed,
            Self::Reject => LeadStatus::Rejected,
            Self::Unsure => LeadStatus::Unsure,
        }
    }
}

/// Records new proposals inside the worker's transaction: a lead, a
/// timeline entry, an event and a notice to the district's police for
/// each pair not proposed before. Returns how many were new.
pub async fn propose(
    txn: &DatabaseTransaction,
    state: &AppState,
    now: DateTime<Utc>,
    proposals: &[Proposal],
) -> ApiResult<usize> {
    let mut added = 0;
    for proposal in proposals {
        let Some(case) = case::Entity::find_by_id(proposal.case_id).one(txn).await? else {
            continue;
        };
        let id = Uuid::now_v7();
        let inserted = match_lead::Entity::insert(match_lead::ActiveModel {
            id: Set(id),
            case_id: Set(proposal.case_id),
            case_photo_id: Set(proposal.case_photo_id),
            other_side: Set(proposal.other_side),
            other_id: Set(proposal.other_id),
            other_photo_id: Set(proposal.other_photo_id),
            distance: Set(f64::from(proposal.distance)),
            status: Set(LeadStatus::Open),
            decided_by_user_id: Set(None),
            decided_at: Set(None),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([match_lead::Column::CaseId, match_lead::Column::OtherId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        if inserted == 0 {
            continue;
        }
        added += 1;
        let data =
            json!({ "lead_id": id, "side": proposal.other_side, "distance": proposal.distance });
        timeline(
            txn,
            &case,
            CaseEventKind::MatchProposed,
            None,
            data.clone(),
            now,
        )
        .await?;
        system_audit(txn, now, "match.propose", Some(case.id), data).await?;
        let police = routing::facts(state, &case, "cases");
        notify::tell_rung(
            txn,
            now,
            &case,
            &Rung::of(&case, Level::District),
            "match_proposed",
            &format!("lead:{id}"),
            |language| notices::proposed(&police, language),
        )
        .await?;
        events::log::record(
            txn,
            &events::Change {
                kind: CaseEventKind::MatchProposed,
                case: &case,
                before: None,
                to_status: None,
                note: None,
                visible_to_reporter: false,
                actor_role: None,
                at: now,
            },
        )
        .await?;
        tracing::info!(case.id = %case.id, lead.id = %id, "match proposed");
    }
    Ok(added)
}

async fn timeline(
    txn: &impl ConnectionTrait,
    case: &case::Model,
    kind: CaseEventKind,
    actor: Option<&Actor>,
    data: serde_json::Value,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let entry = Entry {
        data,
        ..Entry::new(case.id, kind, actor)
    };
    timeline::record(txn, entry, now).await?;
    Ok(())
}

/// The leads an actor sees: those on the cases they see, and those on the
/// found children of their jurisdiction.
fn visible(actor: &Actor) -> Condition {
    let records = found_child::Entity::find()
        .select_only()
        .column(found_child::Column::Id)
        .filter(found::scope(actor))
        .into_query();
    let on_records = Condition::all()
        .add(match_lead::Column::OtherSide.eq(FaceSide::Found))
        .add(match_lead::Column::OtherId.in_subquery(records));
    if !found::sees_leads_on_cases(actor) {
        return on_records;
    }
    let cases = case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .filter(CaseScope::of(Some(actor)).condition())
        .into_query();
    Condition::any()
        .add(match_lead::Column::CaseId.in_subquery(cases))
        .add(on_records)
}

/// Narrows a list of leads.
#[derive(Debug, Clone, Default, InputObject)]
pub struct LeadFilter {
    pub status: Option<LeadStatus>,
    pub case_id: Option<async_graphql::ID>,
    pub found_child_id: Option<async_graphql::ID>,
}

fn parse(field: &str, id: Option<&async_graphql::ID>) -> ApiResult<Option<Uuid>> {
    id.map(|id| Uuid::parse_str(id.as_str()).map_err(|_| ApiError::bad_input(field, "not an id")))
        .transpose()
}

/// The caller's leads, newest first, at most `first`; audited.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    filter: LeadFilter,
    first: u64,
) -> ApiResult<Vec<match_lead::Model>> {
    let actor = caller.actor()?;
    if !(1..=100).contains(&first) {
        return Err(ApiError::bad_input("first", "between 1 and 100"));
    }
    let mut query = match_lead::Entity::find().filter(visible(actor));
    if let Some(status) = filter.status {
        query = query.filter(match_lead::Column::Status.eq(status));
    }
    if let Some(case_id) = parse("filter.caseId", filter.case_id.as_ref())? {
        query = query.filter(match_lead::Column::CaseId.eq(case_id));
    }
    if let Some(found_id) = parse("filter.foundChildId", filter.found_child_id.as_ref())? {
        query = query.filter(match_lead::Column::OtherId.eq(found_id));
    }
    let leads = query
        .order_by_desc(match_lead::Column::Id)
        .limit(first)
        .all(&state.db)
        .await?;
    let ids: Vec<Uuid> = leads.iter().map(|l| l.id).collect();
    caller
        .audit(
            &state.db,
            state.clock.now(),
            "match.list",
            None,
            json!({ "lead_ids": ids }),
        )
        .await?;
    Ok(leads)
}

/// One lead the caller sees, or `NOT_FOUND`.
pub async fn find(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<match_lead::Model> {
    let actor = caller.actor()?;
    match_lead::Entity::find_by_id(id)
        .filter(visible(actor))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("match lead"))
}

/// The police of the case decide a lead.
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    lead_id: Uuid,
    decision: Decision,
) -> ApiResult<match_lead::Model> {
    let actor = caller.actor()?;
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let lead = find(&txn, caller, lead_id).await?;
    if !matches!(
        actor.role,
        UserRole::DistrictPolice | UserRole::RegionalPolice
    ) {
        tracing::info!(lead.id = %lead_id, user.role = actor.role_name(), "refused match decision: not police");
        return Err(ApiError::Forbidden(
            "only the police of the case decide a match",
        ));
    }
    let case = cases::find(&txn, caller, lead.case_id)
        .await
        .map_err(|err| match err {
            // Police of the found child's district see the lead, not the case.
            ApiError::NotFound(_) => {
                ApiError::Forbidden("only the police of the case decide a match")
            }
            other => other,
        })?;
    if matches!(lead.status, LeadStatus::Confirmed | LeadStatus::Rejected) {
        return Err(ApiError::conflict(
            "LEAD_DECIDED",
            "this match was already confirmed or rejected",
        ));
    }

    let record = match (decision, lead.other_side) {
        (Decision::Confirm, FaceSide::Found) => Some(link(&txn, &lead, now).await?),
        _ => None,
    };
    let decided = match_lead::Entity::update(match_lead::ActiveModel {
        id: Set(lead.id),
        status: Set(decision.status()),
        decided_by_user_id: Set(Some(actor.user_id)),
        decided_at: Set(Some(now)),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    let data = json!({ "lead_id": lead.id, "decision": decision.status() });
    timeline(
        &txn,
        &case,
        CaseEventKind::MatchDecided,
        Some(actor),
        data.clone(),
        now,
    )
    .await?;
    caller
        .audit(&txn, now, "match.decide", Some(case.id), data)
        .await?;
    if let Some(record) = &record {
        tell_confirmed(&txn, state, now, &case, record, lead.id).await?;
    }
    let change = events::Change {
        kind: CaseEventKind::MatchDecided,
        case: &case,
        before: None,
        to_status: None,
        note: None,
        visible_to_reporter: false,
        actor_role: Some(actor.role),
        at: now,
    };
    events::commit(state, txn, change).await?;
    tracing::info!(case.id = %case.id, lead.id = %lead.id, decision = ?decision, "match decided");
    Ok(decided)
}

/// Links the found child of a lead to its case.
async fn link(
    txn: &DatabaseTransaction,
    lead: &match_lead::Model,
    now: DateTime<Utc>,
) -> ApiResult<found_child::Model> {
    let record = found_child::Entity::find_by_id(lead.other_id)
        .one(txn)
        .await?
        .ok_or(ApiError::NotFound("found child"))?;
    if record.linked_case_id.is_some_and(|id| id != lead.case_id) {
        return Err(ApiError::conflict(
            "FOUND_CHILD_LINKED",
            "this found child is already linked to another case",
        ));
    }
    Ok(found_child::Entity::update(found_child::ActiveModel {
        id: Set(record.id),
        linked_case_id: Set(Some(lead.case_id)),
        linked_at: Set(Some(now)),
        ..Default::default()
    })
    .exec(txn)
    .await?)
}

/// Tells the district's police, the reporter and the institution holding
/// the child that a match was confirmed.
async fn tell_confirmed(
    txn: &DatabaseTransaction,
    state: &AppState,
    now: DateTime<Utc>,
    case: &case::Model,
    record: &found_child::Model,
    lead_id: Uuid,
) -> ApiResult<()> {
    let cause = format!("lead:{lead_id}:confirmed");
    let place: String = record.institution_name.chars().take(60).collect();
    let police = routing::facts(state, case, "cases");
    notify::tell_rung(
        txn,
        now,
        case,
        &Rung::of(case, Level::District),
        "match_confirmed",
        &cause,
        |language| notices::confirmed(&police, language, &place),
    )
    .await?;

    let public = routing::facts(state, case, "track");
    let to_reporter = notices::confirmed(&public, case.reporter_language, &place);
    outbox::enqueue(
        txn,
        now,
        NewSms {
            dedupe_key: format!("{cause}:reporter"),
            purpose: "match_confirmed",
            case_id: Some(case.id),
            to_phone: &case.reporter_phone,
            body: to_reporter.body,
        },
    )
    .await?;

    let district = state
        .geo
        .district(&case.district_id)
        .map_or(case.district_id.as_str(), |d| d.name.as_str());
    let to_institution = notices::to_institution(&case.case_number, district);
    notify::notify_user(
        txn,
        now,
        record.registered_by_user_id,
        None,
        "match_confirmed",
        &to_institution,
    )
    .await?;
    outbox::enqueue(
        txn,
        now,
        NewSms {
            dedupe_key: format!("{cause}:institution"),
            purpose: "match_confirmed",
            case_id: Some(case.id),
            to_phone: &record.institution_phone,
            body: to_institution.body,
        },
    )
    .await?;
    Ok(())
}
