//! Case queries and mutations: intake, lookup, lists, tracking and the
//! lifecycle steps.

use async_graphql::{Context, ID, Object, Upload};
use entities::ClosureReason;
use serde_json::json;
use uuid::Uuid;

use super::{
    case_types::{Case, CaseConnection, CaseEvent, FiledCase, TrackedCase},
    pagination::{PageInfo, decode_id_cursor, encode_cursor, page_size},
    parts,
    places::District,
};
use crate::{
    domain::{
        cases::{self, CaseFilter, FirInput, Step},
        intake::{self, ReportCaseInput},
    },
    error::{ApiError, ApiResult},
};

const CURSOR: &str = "case";

fn parse_id(field: &str, id: &ID) -> ApiResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| ApiError::bad_input(field, "not a case id"))
}

#[derive(Default)]
pub struct CasesQuery;

#[Object]
impl CasesQuery {
    /// One case, by id or by case number, within the viewer's scope.
    async fn case(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        case_number: Option<String>,
    ) -> ApiResult<Case> {
        let (state, caller) = parts(ctx)?;
        let case = match (id, case_number) {
            (Some(id), None) => cases::find(&state.db, caller, parse_id("id", &id)?).await?,
            (None, Some(number)) => cases::find_by_number(&state.db, caller, &number).await?,
            _ => return Err(ApiError::bad_input("id", "give either id or caseNumber")),
        };
        caller
            .audit(
                &state.db,
                state.clock.now(),
                "case.read",
                Some(case.id),
                json!({}),
            )
            .await?;
        Ok(Case(case))
    }

    /// Cases in the viewer's scope, newest first.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity + 1")]
    async fn cases(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        filter: Option<CaseFilter>,
    ) -> ApiResult<CaseConnection> {
        let (state, caller) = parts(ctx)?;
        let first = page_size(first)?;
        let after = decode_id_cursor(CURSOR, after)?;
        let filter = filter.unwrap_or_default();
        let (rows, more) = cases::list(&state.db, caller, &filter, first, after).await?;
        let ids: Vec<String> = rows.iter().map(|c| c.id.to_string()).collect();
        caller
            .audit(
                &state.db,
                state.clock.now(),
                "case.list",
                None,
                json!({ "case_ids": ids, "filter": format!("{filter:?}") }),
            )
            .await?;
        let end_cursor = rows
            .last()
            .map(|c| encode_cursor(CURSOR, &c.id.to_string()));
        Ok(CaseConnection {
            nodes: rows.into_iter().map(Case).collect(),
            page_info: PageInfo {
                has_next_page: more,
                end_cursor,
            },
        })
    }

    /// Follow a case with its number and tracking code, without an account.
    async fn track_case(
        &self,
        ctx: &Context<'_>,
        case_number: String,
        tracking_code: String,
    ) -> ApiResult<TrackedCase> {
        let (state, caller) = parts(ctx)?;
        let (case, events) = cases::track(state, caller, &case_number, &tracking_code).await?;
        let district = state
            .geo
            .district(&case.district_id)
            .cloned()
            .map(District)
            .ok_or_else(|| {
                ApiError::internal(anyhow::anyhow!(
                    "district {} is not loaded",
                    case.district_id
                ))
            })?;
        Ok(TrackedCase {
            case_number: case.case_number,
            status: case.status,
            closure_reason: case.closure_reason,
            child_name: case.child_name,
            district,
            reported_at: case.reported_at,
            updated_at: case.updated_at,
            updates: events.into_iter().map(CaseEvent::from).collect(),
        })
    }
}

#[derive(Default)]
pub struct CasesMutation;

impl CasesMutation {
    async fn step(
        ctx: &Context<'_>,
        case_id: &ID,
        step: Step,
        note: Option<String>,
        visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        let (state, caller) = parts(ctx)?;
        let id = parse_id("caseId", case_id)?;
        cases::take_step(state, caller, id, step, note, visible_to_reporter)
            .await
            .map(Case)
    }
}

#[Object]
impl CasesMutation {
    /// Report a missing, abducted or abused child. Citizens report for
    /// themselves (in the app or through the Citizen's Portal); facilitation
    /// officers file on a citizen's behalf.
    async fn report_case(
        &self,
        ctx: &Context<'_>,
        input: ReportCaseInput,
        #[graphql(
            desc = "Photos of the child, sent as a GraphQL multipart request; a bad one refuses the whole report."
        )]
        photos: Option<Vec<Upload>>,
    ) -> ApiResult<FiledCase> {
        let (state, caller) = parts(ctx)?;
        let uploads = photos.unwrap_or_default();
        let limit = state.config.photos_per_case;
        if uploads.len() as u64 > limit {
            return Err(ApiError::rejected(
                "photos",
                "TOO_MANY_PHOTOS",
                format!("a case holds at most {limit} photos"),
            ));
        }
        // Only signed-in callers get their files decoded.
        caller.actor()?;
        let mut processed = Vec::with_capacity(uploads.len());
        for upload in &uploads {
            let bytes = super::photos::read_upload(ctx, state, upload).await?;
            let photo = crate::photos::process(state, bytes).await?;
            if processed
                .iter()
                .any(|p: &crate::photos::Processed| p.sha256 == photo.sha256)
            {
                return Err(ApiError::conflict(
                    "DUPLICATE_PHOTO",
                    "the same photo was sent twice",
                ));
            }
            processed.push(photo);
        }
        let filed = intake::report_case(state, caller, input, processed).await?;
        Ok(FiledCase {
            case: Case(filed.case),
            tracking_code: filed.tracking_code,
        })
    }

    /// District police take charge of a reported case.
    async fn acknowledge_case(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        note: Option<String>,
        #[graphql(default = false)] note_visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::Acknowledge,
            note,
            note_visible_to_reporter,
        )
        .await
    }

    /// Police record that they have spoken with the reporter.
    async fn record_reporter_contact(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        note: Option<String>,
        #[graphql(default = false)] note_visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::RecordReporterContact,
            note,
            note_visible_to_reporter,
        )
        .await
    }

    /// Police record the First Information Report.
    async fn register_fir(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        fir: FirInput,
        note: Option<String>,
        #[graphql(default = false)] note_visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::RegisterFir(fir),
            note,
            note_visible_to_reporter,
        )
        .await
    }

    async fn start_investigation(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        note: Option<String>,
        #[graphql(default = false)] note_visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::StartInvestigation,
            note,
            note_visible_to_reporter,
        )
        .await
    }

    async fn mark_recovered(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        note: Option<String>,
        #[graphql(default = false)] note_visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::MarkRecovered,
            note,
            note_visible_to_reporter,
        )
        .await
    }

    async fn mark_found_deceased(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        note: Option<String>,
        #[graphql(default = false)] note_visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::MarkFoundDeceased,
            note,
            note_visible_to_reporter,
        )
        .await
    }

    /// Police close a case as a duplicate, a false report or withdrawn.
    async fn close_case(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        reason: ClosureReason,
        note: Option<String>,
        #[graphql(default = false)] note_visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::Close(reason),
            note,
            note_visible_to_reporter,
        )
        .await
    }

    /// The reporter withdraws their report (for example, the child came home).
    async fn withdraw_case(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        note: Option<String>,
    ) -> ApiResult<Case> {
        Self::step(ctx, &case_id, Step::Withdraw, note, true).await
    }

    /// Reopen a recovered, found or closed case; the reason is required.
    async fn reopen_case(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        note: String,
        #[graphql(default = false)] note_visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::Reopen,
            Some(note),
            note_visible_to_reporter,
        )
        .await
    }

    /// Hand an open case to another district; the reason is required.
    async fn transfer_case(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        district_id: String,
        note: String,
        #[graphql(default = false)] note_visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::Transfer { district_id },
            Some(note),
            note_visible_to_reporter,
        )
        .await
    }

    /// Add a progress note; only police may make it visible to the reporter.
    async fn add_case_note(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        note: String,
        #[graphql(default = false)] visible_to_reporter: bool,
    ) -> ApiResult<Case> {
        Self::step(
            ctx,
            &case_id,
            Step::AddNote,
            Some(note),
            visible_to_reporter,
        )
        .await
    }
}
