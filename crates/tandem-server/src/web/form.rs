//! What a form page needs besides its values: the messages to show at each field (taken from
//! the same validation errors the JSON API returns) and the options of its selects.

use super::error::WebError;
use crate::error::ApiError;
use axum::http::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

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
                "Someone else saved a change here while you were editing. Reload the page to see their change, then apply yours again.",
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

/// What a page shows in place of a form's messages when that form was not the one refused.
static NO_ERRORS: FormErrors = FormErrors {
    problems: Vec::new(),
};

/// A refused form as it was sent: which form of the page it was, what the person typed and
/// why it was refused. The page is shown again from it, with the typed values in place of
/// the stored ones and each message at its field, so nothing typed is lost. A page without
/// a refused form holds `Typed::default()` and shows its stored values.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    /// The refused form's name on the page (empty when none was refused).
    form: String,
    /// The inputs as sent, by name; empty when the stored values must be shown again.
    values: HashMap<String, String>,
    errors: FormErrors,
}

impl Typed {
    /// Form `form` was refused with `errors`; `sent` is the posted form (any `Serialize`
    /// struct or map of its inputs).
    pub fn refused(form: impl Into<String>, sent: &impl Serialize, errors: FormErrors) -> Self {
        let values = match serde_json::to_value(sent) {
            Ok(serde_json::Value::Object(map)) => map
                .into_iter()
                .filter_map(|(name, value)| match value {
                    serde_json::Value::String(text) => Some((name, text)),
                    serde_json::Value::Null => None,
                    other => Some((name, other.to_string())),
                })
                .collect(),
            _ => HashMap::new(),
        };
        Self {
            form: form.into(),
            values,
            errors,
        }
    }

    /// Form `form` was refused by the service with `error`. A stale version shows the stored
    /// values again (someone else's change) with a message naming `what`; bad input keeps
    /// what was typed with the messages at `fields`; errors that are not about the input
    /// (not found, forbidden, internal) stay page errors.
    pub fn from_api(
        form: impl Into<String>,
        sent: &impl Serialize,
        error: ApiError,
        fields: &[Field],
        what: &str,
    ) -> Result<Self, WebError> {
        let stale = format!(
            "Someone changed this {what} meanwhile; the page now shows their version. Apply \
             your change again."
        );
        Self::from_api_saying(form, sent, error, fields, stale)
    }

    /// [`Typed::from_api`] for a page that words its own message for a stale version,
    /// `stale` (the stored values are shown again all the same).
    pub fn from_api_saying(
        form: impl Into<String>,
        sent: &impl Serialize,
        error: ApiError,
        fields: &[Field],
        stale: impl Into<String>,
    ) -> Result<Self, WebError> {
        let errors = match error.status {
            StatusCode::PRECONDITION_FAILED => {
                return Ok(Self {
                    form: form.into(),
                    values: HashMap::new(),
                    errors: FormErrors::general(stale),
                });
            }
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT => {
                FormErrors::from_api(error, fields)?
            }
            status
                if status.is_client_error()
                    && status != StatusCode::NOT_FOUND
                    && status != StatusCode::FORBIDDEN =>
            {
                FormErrors::general(error.message)
            }
            _ => return Err(error.into()),
        };
        Ok(Self::refused(form, sent, errors))
    }

    /// The refused form `form` as the person typed it, read back into its form struct; `None`
    /// when another form was refused, or when the stored values must be shown again.
    pub fn restore<T: DeserializeOwned>(&self, form: &str) -> Option<T> {
        if !self.is(form) || self.values.is_empty() {
            return None;
        }
        let values = self
            .values
            .iter()
            .map(|(name, value)| (name.clone(), serde_json::Value::String(value.clone())))
            .collect();
        serde_json::from_value(serde_json::Value::Object(values)).ok()
    }

    /// True when `form` is the refused one (its section opens).
    pub fn is(&self, form: &str) -> bool {
        !self.form.is_empty() && self.form == form
    }

    /// The messages at the fields of `form`: none unless it is the refused one.
    pub fn errors(&self, form: &str) -> &FormErrors {
        if self.is(form) {
            &self.errors
        } else {
            &NO_ERRORS
        }
    }

    /// Every message, for the summary at the top of the page.
    pub fn summary(&self) -> &FormErrors {
        &self.errors
    }

    /// The refused form's name, for the summary's links to its fields.
    pub fn form(&self) -> &str {
        &self.form
    }

    /// 422 when the page shows a refused form, else 200.
    pub fn status(&self) -> StatusCode {
        if self.errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
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

/// The version a form was loaded with (a hidden field), which the service checks so a save
/// never overwrites someone else's change unseen; unreadable means "reload".
pub fn loaded_version(raw: &str) -> Result<i64, FormErrors> {
    raw.trim().parse().map_err(|_| {
        FormErrors::general("This form is out of date. Reload the page and try again.")
    })
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

    #[derive(Debug, Default, PartialEq, Serialize, serde::Deserialize)]
    struct Sent {
        #[serde(default)]
        title: String,
        #[serde(default)]
        mvp: Option<String>,
        #[serde(flatten)]
        ticks: HashMap<String, String>,
    }

    #[test]
    fn a_refused_form_comes_back_as_typed_with_only_its_own_messages() {
        let sent = Sent {
            title: "Typed".to_owned(),
            mvp: None,
            ticks: [("persona_3".to_owned(), "on".to_owned())].into(),
        };
        let typed = Typed::from_api(
            "edit",
            &sent,
            ApiError::invalid_field("key", "must be upper case"),
            FIELDS,
            "project",
        )
        .unwrap();
        assert_eq!(typed.restore::<Sent>("edit"), Some(sent));
        assert_eq!(typed.restore::<Sent>("other"), None);
        assert_eq!(typed.errors("edit").get("key"), Some("must be upper case"));
        assert!(typed.errors("other").is_empty());
        assert_eq!(typed.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(Typed::default().status(), StatusCode::OK);
    }

    #[test]
    fn a_stale_version_shows_the_stored_values_again() {
        let sent = Sent::default();
        let stale = ApiError::new(StatusCode::PRECONDITION_FAILED, "version_conflict", "x");
        let typed = Typed::from_api("edit", &sent, stale, FIELDS, "feature").unwrap();
        assert_eq!(typed.restore::<Sent>("edit"), None);
        assert!(
            typed.summary().problems()[0]
                .summary
                .contains("this feature meanwhile")
        );
        assert!(Typed::from_api("edit", &sent, ApiError::not_found("x"), FIELDS, "x").is_err());
    }

    #[test]
    fn page_errors_are_not_form_errors() {
        assert!(FormErrors::from_api(ApiError::not_found("project"), FIELDS).is_err());
    }
}
