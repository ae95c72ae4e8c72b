//! Likely duplicates of a case, and the police's decisions on them.

use async_graphql::{Context, ID, Object, SimpleObject};
use serde_json::json;
use uuid::Uuid;

use super::{case_types::Case, parts};
use crate::{
    domain::duplicates,
    error::{ApiError, ApiResult},
};

fn parse_id(field: &str, id: &ID) -> ApiResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| ApiError::bad_input(field, "not a case id"))
}

/// Another case that may be about the same child.
#[derive(SimpleObject)]
pub struct DuplicateCandidate {
    pub case: Case,
    /// From 0 to 1; higher is more alike.
    pub score: f64,
    /// Why the two look alike.
    pub reasons: Vec<String>,
}

/// The open candidates of a case for the caller, audited as a read of it.
pub(super) async fn candidates_of(
    ctx: &Context<'_>,
    case_id: Uuid,
) -> ApiResult<Vec<DuplicateCandidate>> {
    let (state, caller) = parts(ctx)?;
    let rows = duplicates::for_case(&state.db, caller, case_id).await?;
    let ids: Vec<String> = rows.iter().map(|(_, c)| c.id.to_string()).collect();
    caller
        .audit(
            &state.db,
            state.clock.now(),
            "case.read_duplicates",
            Some(case_id),
            json!({ "case_ids": ids }),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(row, other)| DuplicateCandidate {
            case: Case(other),
            score: row.score,
            reasons: row.reasons.0,
        })
        .collect())
}

#[derive(Default)]
pub struct DuplicatesMutation;

#[Object]
impl DuplicatesMutation {
    /// Police of both cases merge `duplicateId` into `keepId`: the duplicate
    /// is closed as a duplicate and kept, both reporters are told. Returns
    /// the kept case.
    async fn merge_cases(
        &self,
        ctx: &Context<'_>,
        keep_id: ID,
        duplicate_id: ID,
    ) -> ApiResult<Case> {
        let (state, caller) = parts(ctx)?;
        let keep = parse_id("keepId", &keep_id)?;
        let dup = parse_id("duplicateId", &duplicate_id)?;
        duplicates::merge(state, caller, keep, dup).await.map(Case)
    }

    /// Police of both cases undo a merge: the duplicate gets back the
    /// status it had. Returns the case set apart again.
    async fn unmerge_cases(
        &self,
        ctx: &Context<'_>,
        keep_id: ID,
        duplicate_id: ID,
    ) -> ApiResult<Case> {
        let (state, caller) = parts(ctx)?;
        let keep = parse_id("keepId", &keep_id)?;
        let dup = parse_id("duplicateId", &duplicate_id)?;
        duplicates::unmerge(state, caller, keep, dup)
            .await
            .map(Case)
    }

    /// Police of both cases judge that two cases are different children;
    /// the pair is not proposed again.
    async fn dismiss_duplicate(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        other_case_id: ID,
    ) -> ApiResult<bool> {
        let (state, caller) = parts(ctx)?;
        let case = parse_id("caseId", &case_id)?;
        let other = parse_id("otherCaseId", &other_case_id)?;
        duplicates::dismiss(state, caller, case, other).await?;
        Ok(true)
    }
}
