//! One incoming SMS, handled in one transaction: kept once per gateway id,
//! counted against the sender's rate limit, then taken as a status request,
//! a follow-up to the sender's open draft, or a new report. Every answer
//! goes through the outbox, so it is sent (and retried) like every alert.

use chrono::{DateTime, Utc};
use entities::{
    CaseStatus, Language, SmsDraftStatus, SmsMessageKind, UserRole, case, sms_draft, sms_message,
    user,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, sea_query::OnConflict,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    command::{self, Status},
    parse::{self, Report},
    places::Gazetteer,
    replies,
};
use crate::{
    auth::passwords,
    domain::{self, caller::system_audit},
    error::{ApiError, ApiResult},
    notify::{
        messages::Message,
        notify_user,
        outbox::{self, NewSms},
    },
    public_api::limits,
    state::AppState,
    storage::signed,
};

/// An SMS as the gateway handed it over, text already decoded and cleaned.
pub struct Incoming {
    pub gateway_id: String,
    pub phone: String,
    pub text: String,
    pub coding: i32,
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The gateway sent this message id before; nothing new was done.
    Duplicate,
    /// The sender is over the limit; the message was not kept or answered.
    RateLimited,
    Opened {
        reference: String,
    },
    FollowedUp {
        reference: String,
    },
    Status,
}

/// A keyed hash of the sender, for logs and rate limits: never the number.
pub fn sender_key(state: &AppState, phone: &str) -> String {
    let hash = signed::keyed_hash(&state.address_key, format!("sms:{phone}").as_bytes());
    hash[..32].to_owned()
}

pub async fn receive(state: &AppState, sms: Incoming) -> ApiResult<Outcome> {
    let now = state.clock.now();
    let sender = sender_key(state, &sms.phone);
    let txn = domain::begin_write(&state.db).await?;

    let id = Uuid::now_v7();
    let kept = sms_message::Entity::insert(sms_message::ActiveModel {
        id: Set(id),
        gateway_id: Set(sms.gateway_id.clone()),
        phone: Set(sms.phone.clone()),
        kind: Set(SmsMessageKind::Report),
        draft_id: Set(None),
        text: Set(String::new()),
        coding: Set(sms.coding),
        received_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(sms_message::Column::GatewayId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if kept == 0 {
        txn.commit().await?;
        tracing::info!(sms.sender = %sender, "a resent SMS was acknowledged again");
        return Ok(Outcome::Duplicate);
    }

    let bucket = format!("sms:{sender}");
    match limits::hit(&txn, &bucket, state.config.sms_inbound_per_minute, now).await {
        Ok(()) => {}
        Err(ApiError::RateLimited { .. }) => {
            // Kept without its text, so that a flood cannot fill the database.
            set_kind(&txn, id, SmsMessageKind::RateLimited, None, String::new()).await?;
            txn.commit().await?;
            tracing::info!(sms.sender = %sender, "an SMS over the rate limit was refused");
            return Ok(Outcome::RateLimited);
        }
        Err(err) => return Err(err),
    }

    let outcome = if let Some(status) = command::status(&sms.text) {
        let text = command::redacted(&status);
        set_kind(&txn, id, SmsMessageKind::Status, None, text).await?;
        answer_status(state, &txn, &sms, id, &status, &bucket, now).await?;
        Outcome::Status
    } else {
        let places = Gazetteer::new(state.geo.districts());
        let report = parse::report(&sms.text, &places);
        match open_draft(&txn, &sms.phone).await? {
            Some(draft) => {
                let reference = draft.reference.clone();
                set_kind(
                    &txn,
                    id,
                    SmsMessageKind::FollowUp,
                    Some(draft.id),
                    sms.text.clone(),
                )
                .await?;
                let language = draft.language;
                fill_in(&txn, draft, &report, now).await?;
                reply(
                    &txn,
                    now,
                    &sms.phone,
                    id,
                    replies::follow_up(language, &reference),
                )
                .await?;
                Outcome::FollowedUp { reference }
            }
            None => {
                let draft = open(&txn, &sms.phone, &report, now).await?;
                set_kind(
                    &txn,
                    id,
                    SmsMessageKind::Report,
                    Some(draft.id),
                    sms.text.clone(),
                )
                .await?;
                let text = replies::draft_opened(
                    draft.language,
                    &draft.reference,
                    &state.config.public_helpline,
                );
                reply(&txn, now, &sms.phone, id, text).await?;
                Outcome::Opened {
                    reference: draft.reference,
                }
            }
        }
    };
    txn.commit().await?;
    state.outbox_wake.notify_one();
    tracing::info!(sms.sender = %sender, sms.outcome = ?outcome, "an SMS was handled");
    Ok(outcome)
}

async fn set_kind(
    db: &impl ConnectionTrait,
    id: Uuid,
    kind: SmsMessageKind,
    draft_id: Option<Uuid>,
    text: String,
) -> ApiResult<()> {
    sms_message::ActiveModel {
        id: Set(id),
        kind: Set(kind),
        draft_id: Set(draft_id),
        text: Set(text),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

async fn reply(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    phone: &str,
    message_id: Uuid,
    body: String,
) -> ApiResult<()> {
    outbox::enqueue(
        db,
        now,
        NewSms {
            dedupe_key: format!("sms-reply:{message_id}"),
            purpose: "sms_reply",
            case_id: None,
            to_phone: phone,
            body,
        },
    )
    .await?;
    Ok(())
}

async fn open_draft(db: &impl ConnectionTrait, phone: &str) -> ApiResult<Option<sms_draft::Model>> {
    Ok(sms_draft::Entity::find()
        .filter(sms_draft::Column::Phone.eq(phone))
        .filter(sms_draft::Column::Status.eq(SmsDraftStatus::Open))
        .order_by_desc(sms_draft::Column::CreatedAt)
        .one(db)
        .await?)
}

fn unknown(report: &Report<'_>) -> serde_json::Value {
    json!({ "fields": report.unknown, "districtCandidates": report.candidates })
}

/// A reference people can read out: `SMS-` and six letters and digits
/// that are not mistaken for each other.
fn reference() -> String {
    let code = passwords::tracking_code().replace('-', "");
    format!("SMS-{}", &code[..6])
}

async fn open(
    db: &impl ConnectionTrait,
    phone: &str,
    report: &Report<'_>,
    now: DateTime<Utc>,
) -> ApiResult<sms_draft::Model> {
    let row = sms_draft::ActiveModel {
        id: Set(Uuid::now_v7()),
        reference: Set(reference()),
        status: Set(SmsDraftStatus::Open),
        phone: Set(phone.to_owned()),
        language: Set(report.language),
        district_id: Set(report.district.map(|d| d.id.clone())),
        region_id: Set(report.district.map(|d| d.region_id.clone())),
        province_id: Set(report.district.map(|d| d.province_id.clone())),
        child_name: Set(report.child_name.clone().map(|n| clip(n, 100))),
        child_age_years: Set(report.age_years),
        child_sex: Set(report.sex),
        place: Set(report.place.clone().map(|p| clip(p, 200))),
        seen_when: Set(report.seen_when.clone()),
        unknown: Set(unknown(report)),
        case_id: Set(None),
        discard_reason: Set(None),
        handled_by_user_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        closed_at: Set(None),
    };
    let draft = sms_draft::Entity::insert(row)
        .exec_with_returning(db)
        .await?;
    tell_officers(db, &draft, now).await?;
    system_audit(
        db,
        now,
        "sms_draft.create",
        None,
        json!({ "draft_id": draft.id, "district_id": draft.district_id, "unknown": report.unknown }),
    )
    .await?;
    Ok(draft)
}

/// Tells the on-duty facilitation officers who see the draft (those of
/// its district and those without one; all for the national queue) that a
/// caller waits; the notification names the reference only.
async fn tell_officers(
    db: &impl ConnectionTrait,
    draft: &sms_draft::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut officers = user::Entity::find()
        .filter(user::Column::Role.eq(UserRole::FacilitationOfficer))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::OnDuty.eq(true));
    // Every officer sees the national queue.
    if let Some(district) = &draft.district_id {
        officers = officers.filter(
            Condition::any()
                .add(user::Column::DistrictId.is_null())
                .add(user::Column::DistrictId.eq(district.as_str())),
        );
    }
    let officers = officers.all(db).await?;
    let queue = if draft.district_id.is_some() {
        "your district's queue"
    } else {
        "the national queue"
    };
    let message = Message {
        title: format!("New SMS report {}", draft.reference),
        body: format!(
            "An SMS report {} waits in {queue}: call the sender back and complete it.",
            draft.reference
        ),
    };
    for officer in officers {
        notify_user(db, now, officer.id, None, "sms_draft", &message).await?;
    }
    Ok(())
}

/// A follow-up fills what the draft still lacks; what it has stays.
async fn fill_in(
    db: &impl ConnectionTrait,
    draft: sms_draft::Model,
    report: &Report<'_>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let draft_id = draft.id;
    let mut row = draft.clone().into_active_model();
    if draft.child_name.is_none()
        && let Some(name) = &report.child_name
    {
        row.child_name = Set(Some(clip(name.clone(), 100)));
    }
    if draft.child_age_years.is_none() && report.age_years.is_some() {
        row.child_age_years = Set(report.age_years);
    }
    if draft.child_sex.is_none() && report.sex.is_some() {
        row.child_sex = Set(report.sex);
    }
    if draft.district_id.is_none()
        && let Some(district) = report.district
    {
        row.district_id = Set(Some(district.id.clone()));
        row.region_id = Set(Some(district.region_id.clone()));
        row.province_id = Set(Some(district.province_id.clone()));
        if let Some(place) = &report.place {
            row.place = Set(Some(clip(place.clone(), 200)));
        }
    }
    if draft.place.is_none()
        && let Some(place) = &report.place
    {
        row.place = Set(Some(clip(place.clone(), 200)));
    }
    if draft.seen_when.is_none() && report.seen_when.is_some() {
        row.seen_when = Set(report.seen_when.clone());
    }
    row.updated_at = Set(now);
    let updated = row.update(db).await?;
    let still: Vec<&str> = [
        ("childName", updated.child_name.is_none()),
        ("ageYears", updated.child_age_years.is_none()),
        ("sex", updated.child_sex.is_none()),
        ("district", updated.district_id.is_none()),
        ("place", updated.place.is_none()),
        ("seenWhen", updated.seen_when.is_none()),
    ]
    .into_iter()
    .filter_map(|(field, missing)| missing.then_some(field))
    .collect();
    let candidates = if updated.district_id.is_none() {
        report.candidates.clone()
    } else {
        Vec::new()
    };
    sms_draft::ActiveModel {
        id: Set(draft_id),
        unknown: Set(json!({ "fields": still, "districtCandidates": candidates })),
        ..Default::default()
    }
    .update(db)
    .await?;
    system_audit(
        db,
        now,
        "sms_draft.follow_up",
        None,
        json!({ "draft_id": draft_id, "district_id": updated.district_id }),
    )
    .await?;
    Ok(())
}

fn clip(text: String, max: usize) -> String {
    if text.chars().count() <= max {
        text
    } else {
        text.chars().take(max).collect()
    }
}

/// Looks the case up and answers with its status; a wrong code and an
/// unknown number get the same answer and count twice against the limit.
async fn answer_status(
    state: &AppState,
    db: &impl ConnectionTrait,
    sms: &Incoming,
    message_id: Uuid,
    status: &Status,
    bucket: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let open = open_draft(db, &sms.phone).await?;
    let language = match open {
        Some(draft) => draft.language,
        None if sms.text.chars().any(super::words::is_arabic_script) => Language::Urdu,
        None => Language::English,
    };
    let Status::Asked { number, code } = status else {
        return reply(
            db,
            now,
            &sms.phone,
            message_id,
            replies::status_usage(language),
        )
        .await;
    };
    let found = case::Entity::find()
        .filter(case::Column::CaseNumber.eq(number.as_str()))
        .one(db)
        .await?;
    let hash = found.as_ref().map(|c| c.tracking_code_hash.clone());
    let matched = passwords::verify_secret_blocking(code.clone(), hash).await;
    system_audit(
        db,
        now,
        "case.track",
        found.as_ref().map(|c| c.id),
        json!({ "matched": matched, "channel": "sms" }),
    )
    .await?;
    let text = match found {
        Some(case) if matched => {
            let status: CaseStatus = case.status;
            replies::status(
                language,
                &case.case_number,
                status,
                &state.config.public_helpline,
            )
        }
        _ => {
            // A guess costs a second hit; its refusal does not matter here.
            let _ = limits::hit(db, bucket, state.config.sms_inbound_per_minute, now).await;
            replies::status_unknown(language)
        }
    };
    reply(db, now, &sms.phone, message_id, text).await
}
