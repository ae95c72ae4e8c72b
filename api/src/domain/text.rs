//! Checks on free text typed by people: trimmed, required or optional,
//! bounded in length.

use crate::error::{ApiError, ApiResult};

/// A required text of at most `max` characters, trimmed.
pub fn required(field: &str, value: &str, max: usize) -> ApiResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ApiError::bad_input(field, "must not be empty"));
    }
    bounded(field, value, max)
}

/// An optional text; blank counts as absent.
pub fn optional(field: &str, value: Option<&str>, max: usize) -> ApiResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => bounded(field, value, max).map(Some),
    }
}

/// A list of short texts: blanks dropped, at most `max_items` of at most `max` characters.
pub fn list(
    field: &str,
    values: Option<&[String]>,
    max_items: usize,
    max: usize,
) -> ApiResult<Vec<String>> {
    let values: Vec<String> = values
        .unwrap_or_default()
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|v| bounded(field, v, max))
        .collect::<ApiResult<_>>()?;
    if values.len() > max_items {
        return Err(ApiError::bad_input(
            field,
            format!("at most {max_items} entries"),
        ));
    }
    Ok(values)
}

fn bounded(field: &str, value: &str, max: usize) -> ApiResult<String> {
    if value.chars().count() > max {
        return Err(ApiError::bad_input(
            field,
            format!("at most {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(ApiError::bad_input(field, "contains control characters"));
    }
    Ok(value.to_owned())
}
