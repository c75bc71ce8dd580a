//! What the product pages' forms share: reading typed numbers and versions, the options of
//! enumeration selects, and turning a refused write into a message on the page again (a
//! stale version says someone else changed the artefact meanwhile).

use crate::error::ApiError;
use crate::web::error::WebError;
use crate::web::form::SelectOption;
use crate::web::notice::Notice;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// The options of an enumeration select, `current` selected; `empty` adds a first "none"
/// option with that label.
pub fn options<T: Copy>(
    all: &[T],
    text: fn(T) -> &'static str,
    current: &str,
    empty: Option<&str>,
) -> Vec<SelectOption> {
    empty
        .map(|label| SelectOption::new("", label, current))
        .into_iter()
        .chain(
            all.iter()
                .map(|v| SelectOption::new(text(*v), text(*v), current)),
        )
        .collect()
}

/// An optional number typed into a form (a comma is read as the decimal point).
pub fn number(field: &str, raw: &str) -> Result<Option<f64>, ApiError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| ApiError::invalid_field(field, format!("'{raw}' is not a number")))
}

/// An optional whole number typed into a form.
pub fn whole(field: &str, raw: &str) -> Result<Option<i64>, ApiError> {
    match number(field, raw)? {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => Ok(Some(v as i64)),
        Some(_) => Err(ApiError::invalid_field(field, "must be a whole number")),
        None => Ok(None),
    }
}

/// The version the form was loaded with.
pub fn version(raw: &str) -> Result<i64, ApiError> {
    raw.trim().parse().map_err(|_| {
        ApiError::invalid_field("version", "this form is out of date; reload the page")
    })
}

/// Text that is empty when absent: `None` for an empty select.
pub fn chosen(raw: &str) -> Option<String> {
    let raw = raw.trim();
    (!raw.is_empty()).then(|| raw.to_owned())
}

/// The ids ticked in a group of checkboxes named `{prefix}{id}`.
pub fn ticked(fields: &HashMap<String, String>, prefix: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = fields
        .keys()
        .filter_map(|name| name.strip_prefix(prefix)?.parse().ok())
        .collect();
    ids.sort_unstable();
    ids
}

/// The sentence shown when a write was refused for a reason the person can fix; other
/// errors (not found, forbidden, internal) stay page errors.
pub fn refusal(error: ApiError, what: &str) -> Result<String, WebError> {
    match error.status {
        StatusCode::PRECONDITION_FAILED => Ok(format!(
            "Someone changed this {what} meanwhile; the page now shows their version. \
             Apply your change again."
        )),
        status
            if status.is_client_error()
                && status != StatusCode::NOT_FOUND
                && status != StatusCode::FORBIDDEN =>
        {
            Ok(format!("Not saved: {}", error.message))
        }
        _ => Err(error.into()),
    }
}

/// After a form write: on success, redirect to `target` with `notice`; when refused, show
/// the page again with the message `again` renders.
pub async fn finish<T, F>(
    result: Result<T, ApiError>,
    what: &str,
    notice: Notice,
    target: &str,
    again: impl FnOnce(String) -> F,
) -> Result<Response, WebError>
where
    F: std::future::Future<Output = Result<Response, WebError>>,
{
    match result {
        Ok(_) => Ok(notice.redirect(target).into_response()),
        Err(error) => again(refusal(error, what)?).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_commas_and_refuse_words() {
        assert_eq!(number("reach", " 4,5 ").unwrap(), Some(4.5));
        assert_eq!(number("reach", "").unwrap(), None);
        assert_eq!(number("reach", "lots").unwrap_err().status, 422);
        assert_eq!(whole("job_size", "2.5").unwrap_err().status, 422);
        assert_eq!(whole("job_size", "8").unwrap(), Some(8));
    }

    #[test]
    fn ticked_boxes_become_sorted_ids() {
        let fields: HashMap<String, String> = [
            ("persona_7".to_owned(), "on".to_owned()),
            ("persona_3".to_owned(), "on".to_owned()),
            ("hypothesis_1".to_owned(), "on".to_owned()),
            ("persona_x".to_owned(), "on".to_owned()),
        ]
        .into();
        assert_eq!(ticked(&fields, "persona_"), vec![3, 7]);
    }

    #[test]
    fn stale_versions_and_bad_input_are_messages_but_missing_pages_are_not() {
        let stale = ApiError::new(StatusCode::PRECONDITION_FAILED, "version_conflict", "x");
        assert!(refusal(stale, "feature").unwrap().contains("meanwhile"));
        let bad = ApiError::invalid_field("title", "must not be empty");
        assert!(refusal(bad, "feature").unwrap().starts_with("Not saved"));
        assert!(refusal(ApiError::not_found("feature"), "feature").is_err());
    }
}
