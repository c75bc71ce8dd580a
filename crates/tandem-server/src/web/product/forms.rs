//! What the product pages' forms share: reading typed numbers and versions, the options of
//! enumeration selects, and showing a refused form again as it was typed, with its messages
//! at their fields (a stale version says someone else changed the artefact meanwhile).

use crate::error::ApiError;
use crate::web::error::WebError;
use crate::web::form::{Field, SelectOption, Typed};
use crate::web::notice::Notice;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
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

/// A form as it was posted: its name on the page, its values, the fields its messages may
/// land at and what it edits (named in the stale-version message).
pub struct Sent<'a, S> {
    form: String,
    values: &'a S,
    fields: &'static [Field],
    what: &'static str,
}

impl<'a, S: Serialize> Sent<'a, S> {
    /// Form `form` of the page, posted as `values`.
    pub fn new(
        form: impl Into<String>,
        values: &'a S,
        fields: &'static [Field],
        what: &'static str,
    ) -> Self {
        Self {
            form: form.into(),
            values,
            fields,
            what,
        }
    }

    /// The refused form to show again, or the page error when the refusal is not about
    /// the input.
    pub fn refused(self, error: ApiError) -> Result<Typed, WebError> {
        Typed::from_api(self.form, self.values, error, self.fields, self.what)
    }
}

/// After a form write: on success, redirect to the page `target` names with `notice`; when
/// refused, show the page `again` renders with the form as it was typed.
pub async fn finish<T, S, F>(
    result: Result<T, ApiError>,
    sent: Sent<'_, S>,
    notice: Notice,
    target: impl FnOnce(&T) -> String,
    again: impl FnOnce(Typed) -> F,
) -> Result<Response, WebError>
where
    S: Serialize,
    F: std::future::Future<Output = Result<Response, WebError>>,
{
    match result {
        Ok(saved) => Ok(notice.redirect(&target(&saved)).into_response()),
        Err(error) => again(sent.refused(error)?).await,
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
}
