//! What a form page needs besides its values: the messages to show at each field (taken from
//! the same validation errors the JSON API returns) and the options of its selects.

use super::error::WebError;
use crate::error::ApiError;
use axum::http::StatusCode;

/// A field the form shows, with the label used when its message is repeated in the summary.
pub type Field = (&'static str, &'static str);

/// One message of the error summary: the field it belongs to (for the link) and the sentence.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The input's `name`; empty for a message about the whole form.
    pub field: &'static str,
    /// The sentence, prefixed with the field's label.
    pub summary: String,
    /// The sentence alone, shown next to the field.
    pub message: String,
}

/// The messages of a form that was refused.
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    problems: Vec<Problem>,
}

impl FormErrors {
    /// A message about one field.
    pub fn field(fields: &[Field], field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::default();
        errors.push(fields, field, message.into());
        errors
    }

    /// A message about the form as a whole.
    pub fn general(message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            problems: vec![Problem {
                field: "",
                summary: message.clone(),
                message,
            }],
        }
    }

    /// Turns a refusal of the service layer into messages at the form's `fields`. Errors that
    /// are not about the input (not found, forbidden, internal) are returned as page errors.
    pub fn from_api(error: ApiError, fields: &[Field]) -> Result<Self, WebError> {
        match error.status {
            StatusCode::UNPROCESSABLE_ENTITY => {
                let field = error
                    .details
                    .get("field")
                    .and_then(|field| field.as_str())
                    .unwrap_or_default();
                let message = error
                    .message
                    .strip_prefix(field)
                    .and_then(|rest| rest.strip_prefix(": "))
                    .unwrap_or(&error.message)
                    .to_owned();
                let mut errors = Self::default();
                errors.push(fields, field, message);
                Ok(errors)
            }
            StatusCode::CONFLICT => {
                let constraint = error
                    .details
                    .get("constraint")
                    .and_then(|c| c.as_str())
                    .unwrap_or_default();
                let field = constraint.rsplit('.').next().unwrap_or_default();
                let mut errors = Self::default();
                errors.push(fields, field, error.message);
                Ok(errors)
            }
            StatusCode::PRECONDITION_FAILED => Ok(Self::general(
                "Someone else changed this project while you were editing it. Reload the page to see their change, then apply yours again.",
            )),
            _ => Err(error.into()),
        }
    }

    /// Adds a message at `field` (API names such as `budget.amount` match the input
    /// `budget_amount`); a field the form does not show becomes a message about the form.
    fn push(&mut self, fields: &[Field], field: &str, message: String) {
        let input = field.replace('.', "_");
        let problem = match fields.iter().find(|(name, _)| *name == input) {
            Some((name, label)) => Problem {
                field: name,
                summary: format!("{label}: {message}"),
                message,
            },
            None => Problem {
                field: "",
                summary: message.clone(),
                message,
            },
        };
        self.problems.push(problem);
    }

    /// The message at input `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|problem| problem.field == name)
            .map(|problem| problem.message.as_str())
    }

    /// Every message, for the summary at the top of the form.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// True when nothing was refused.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }
}

/// One `<option>` of a select.
#[derive(Debug, Clone)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl SelectOption {
    /// An option, selected when `value` equals `current`.
    pub fn new(value: impl Into<String>, label: impl Into<String>, current: &str) -> Self {
        let value = value.into();
        Self {
            selected: value == current,
            label: label.into(),
            value,
        }
    }
}

/// Reads an optional id from a select or hidden field; empty means none.
pub fn optional_id(fields: &[Field], field: &str, raw: &str) -> Result<Option<i64>, FormErrors> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse()
        .map(Some)
        .map_err(|_| FormErrors::field(fields, field, "choose one of the listed options"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[("key", "Key"), ("budget_amount", "Budget")];

    #[test]
    fn validation_errors_land_at_their_field() {
        let errors = FormErrors::from_api(
            ApiError::invalid_field("budget.amount", "must be a non-negative number"),
            FIELDS,
        )
        .unwrap();
        assert_eq!(
            errors.get("budget_amount"),
            Some("must be a non-negative number")
        );
        assert_eq!(
            errors.problems()[0].summary,
            "Budget: must be a non-negative number"
        );
    }

    #[test]
    fn duplicates_land_at_the_constrained_field_and_unknown_fields_at_the_form() {
        let duplicate = ApiError::new(
            StatusCode::CONFLICT,
            "duplicate",
            "a project with this key already exists",
        )
        .with_details(serde_json::json!({ "constraint": "projects.key" }));
        assert!(
            FormErrors::from_api(duplicate, FIELDS)
                .unwrap()
                .get("key")
                .is_some()
        );
        let other = FormErrors::from_api(ApiError::invalid_field("role", "bad"), FIELDS).unwrap();
        assert_eq!(other.problems()[0].field, "");
    }

    #[test]
    fn page_errors_are_not_form_errors() {
        assert!(FormErrors::from_api(ApiError::not_found("project"), FIELDS).is_err());
    }
}
