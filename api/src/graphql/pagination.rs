//! Cursor pagination shared by every list: opaque cursors and a page size
//! bounded on both sides.

use async_graphql::SimpleObject;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use crate::error::{ApiError, ApiResult};

pub const DEFAULT_PAGE: i32 = 20;
pub const MAX_PAGE: i32 = 100;

#[derive(Debug, Clone, SimpleObject)]
pub struct PageInfo {
    pub has_next_page: bool,
    /// Pass as `after` to get the next page.
    pub end_cursor: Option<String>,
}

/// The page size asked for, checked.
pub fn page_size(first: Option<i32>) -> ApiResult<u64> {
    let first = first.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&first) {
        return Err(ApiError::bad_input(
            "first",
            format!("ask for 1 to {MAX_PAGE} items"),
        ));
    }
    Ok(first as u64)
}

pub fn encode_cursor(kind: &str, key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}:{key}"))
}

/// The key inside a cursor of `kind`, or `BAD_USER_INPUT` on `after`.
pub fn decode_cursor(kind: &str, cursor: &str) -> ApiResult<String> {
    let invalid = || ApiError::bad_input("after", "not a cursor from this list");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    text.strip_prefix(kind)
        .and_then(|rest| rest.strip_prefix(':'))
        .map(str::to_owned)
        .ok_or_else(invalid)
}

/// The row id inside an optional `after` cursor of `kind`.
pub fn decode_id_cursor(kind: &str, after: Option<String>) -> ApiResult<Option<uuid::Uuid>> {
    after
        .map(|cursor| {
            decode_cursor(kind, &cursor).and_then(|key| {
                uuid::Uuid::parse_str(&key)
                    .map_err(|_| ApiError::bad_input("after", "not a cursor from this list"))
            })
        })
        .transpose()
}
