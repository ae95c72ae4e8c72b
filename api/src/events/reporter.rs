//! Who may follow one case's stream: anyone with its number and tracking
//! code (checked and audited exactly as `trackCase` is), or, without a
//! code, a signed-in user whose scope holds the case, such as the citizen
//! who reported it.

use entities::case;
use serde_json::json;

use crate::{
    domain::{caller::Caller, cases},
    error::{ApiError, ApiResult},
    state::AppState,
};

pub async fn case_to_follow(
    state: &AppState,
    caller: &Caller,
    case_number: &str,
    tracking_code: Option<&str>,
) -> ApiResult<case::Model> {
    if let Some(code) = tracking_code {
        let (case, _) = cases::track(state, caller, case_number, code).await?;
        return Ok(case);
    }
    if caller.actor.is_none() {
        return Err(ApiError::Unauthenticated(
            "give the tracking code, or sign in as the reporter",
        ));
    }
    let case = cases::find_by_number(&state.db, caller, case_number).await?;
    caller
        .audit(
            &state.db,
            state.clock.now(),
            "case.follow",
            Some(case.id),
            json!({}),
        )
        .await?;
    Ok(case)
}
