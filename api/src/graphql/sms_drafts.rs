//! Reports that came by SMS, in the schema: the queue of drafts, one draft
//! with its messages, completing a draft into a case after calling the
//! sender back, and discarding one.

use async_graphql::{ComplexObject, Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::{Language, Sex, SmsDraftStatus, SmsMessageKind, sms_draft, sms_message};
use uuid::Uuid;

use super::{
    case_types::{Case, FiledCase},
    parts,
};
use crate::{
    domain::{
        intake::{self, ReportCaseInput},
        sms_drafts,
    },
    error::{ApiError, ApiResult},
};

fn parse_id(id: &ID) -> ApiResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| ApiError::bad_input("id", "not an SMS draft id"))
}

/// A report by SMS waiting to be completed, or what became of it.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct SmsDraft {
    pub id: ID,
    /// `SMS-XXXXXX`, as texted back to the sender.
    pub reference: String,
    pub status: SmsDraftStatus,
    /// The number to call back.
    pub phone: String,
    /// The language the sender wrote in and is answered in.
    pub language: Language,
    /// The district inferred from the messages; empty for the national queue.
    pub district_id: Option<String>,
    pub child_name: Option<String>,
    pub child_age_years: Option<i32>,
    pub child_sex: Option<Sex>,
    /// The place words of the messages, as written.
    pub place: Option<String>,
    /// When, in the sender's words: `today`, `yesterday evening`.
    pub seen_when: Option<String>,
    /// What the messages did not tell: `childName`, `ageYears`, `sex`,
    /// `district`, `place`, `seenWhen`.
    pub unknown_fields: Vec<String>,
    /// Districts a name shared by several could mean (`Karachi`).
    pub district_candidates: Vec<String>,
    /// The case it was completed into.
    pub case_id: Option<ID>,
    pub discard_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[graphql(skip)]
    pub messages: Option<Vec<SmsMessage>>,
}

#[ComplexObject]
impl SmsDraft {
    /// The messages of the conversation, oldest first; only on `smsDraft`.
    async fn messages(&self) -> Option<&Vec<SmsMessage>> {
        self.messages.as_ref()
    }
}

/// One incoming SMS of a draft, its text as sent (shown, never interpreted).
#[derive(SimpleObject)]
pub struct SmsMessage {
    pub id: ID,
    pub kind: SmsMessageKind,
    pub text: String,
    pub received_at: DateTime<Utc>,
}

fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(|v| v.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

impl SmsDraft {
    fn of(draft: sms_draft::Model, messages: Option<Vec<sms_message::Model>>) -> Self {
        Self {
            id: ID(draft.id.to_string()),
            unknown_fields: strings(&draft.unknown, "fields"),
            district_candidates: strings(&draft.unknown, "districtCandidates"),
            reference: draft.reference,
            status: draft.status,
            phone: draft.phone,
            language: draft.language,
            district_id: draft.district_id,
            child_name: draft.child_name,
            child_age_years: draft.child_age_years,
            child_sex: draft.child_sex,
            place: draft.place,
            seen_when: draft.seen_when,
            case_id: draft.case_id.map(|id| ID(id.to_string())),
            discard_reason: draft.discard_reason,
            created_at: draft.created_at,
            updated_at: draft.updated_at,
            messages: messages.map(|rows| {
                rows.into_iter()
                    .map(|m| SmsMessage {
                        id: ID(m.id.to_string()),
                        kind: m.kind,
                        text: m.text,
                        received_at: m.received_at,
                    })
                    .collect()
            }),
        }
    }
}

#[derive(Default)]
pub struct SmsDraftsQuery;

#[Object]
impl SmsDraftsQuery {
    /// SMS drafts in the caller's queue, longest waiting first: facilitation
    /// officers see their district's and the national queue (all, without a
    /// district), district police their district's.
    async fn sms_drafts(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "SmsDraftStatus::Open")] status: SmsDraftStatus,
        #[graphql(desc = "Only this district's drafts.")] district_id: Option<String>,
    ) -> ApiResult<Vec<SmsDraft>> {
        let (state, caller) = parts(ctx)?;
        let drafts = sms_drafts::list(state, caller, status, district_id.as_deref()).await?;
        Ok(drafts.into_iter().map(|d| SmsDraft::of(d, None)).collect())
    }

    /// One SMS draft with its messages.
    async fn sms_draft(&self, ctx: &Context<'_>, id: ID) -> ApiResult<SmsDraft> {
        let (state, caller) = parts(ctx)?;
        let (draft, messages) = sms_drafts::get(state, caller, parse_id(&id)?).await?;
        Ok(SmsDraft::of(draft, Some(messages)))
    }
}

#[derive(Default)]
pub struct SmsDraftsMutation;

#[Object]
impl SmsDraftsMutation {
    /// A facilitation officer who called the sender back files the case:
    /// it gets a number, a tracking code (texted to the reporter), deadlines
    /// from now and alerts, like any report, and the draft is closed.
    async fn complete_sms_draft(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: ReportCaseInput,
    ) -> ApiResult<FiledCase> {
        let (state, caller) = parts(ctx)?;
        let filed = intake::report_case_from_draft(state, caller, input, parse_id(&id)?).await?;
        Ok(FiledCase {
            case: Case(filed.case),
            tracking_code: filed.tracking_code,
        })
    }

    /// A facilitation officer sets a draft aside, saying why.
    async fn discard_sms_draft(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: String,
    ) -> ApiResult<SmsDraft> {
        let (state, caller) = parts(ctx)?;
        let draft = sms_drafts::discard(state, caller, parse_id(&id)?, &reason).await?;
        Ok(SmsDraft::of(draft, None))
    }
}
