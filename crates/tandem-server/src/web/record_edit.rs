//! The edit page of one record of a project's delivery pages (a budget line, an expense, an
//! absence): one form carrying the version it was loaded with, saved through the same
//! service function as the API's `PATCH`. A refused save shows the form again as typed:
//! bad input with its messages at the fields; a stale version with a message, the stored
//! values beside the form and the stored version in it, so saving again is a deliberate
//! choice and nobody's change is overwritten unseen. The pages differ only in their fields,
//! so they share this module and one template.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::form::{Field, FormErrors, SelectOption, loaded_version};
use super::page;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::VisibleProject;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

/// A form of an edit page: it carries the version of the record it was filled from.
pub trait EditForm {
    /// The hidden `version` field as posted.
    fn version(&self) -> &str;
    /// Replaces the version, when a stale form is shown again with the stored one.
    fn set_version(&mut self, version: i64);
}

/// Implements [`EditForm`] for form structs whose `version: String` field carries the version.
macro_rules! versioned_form {
    ($($form:ty),+) => {$(
        impl $crate::web::record_edit::EditForm for $form {
            fn version(&self) -> &str {
                &self.version
            }

            fn set_version(&mut self, version: i64) {
                self.version = version.to_string();
            }
        }
    )+};
}
pub(super) use versioned_form;

/// A stored value shown beside a form refused as stale: `(label, value)`.
pub type Fact = (&'static str, String);

/// One field of an edit form.
pub struct Control {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    /// The input's `type`; unused for a select.
    pub kind: &'static str,
    pub hint: String,
    /// Extra attributes of the input, e.g. `required`.
    pub attrs: &'static str,
    /// The options when the field is a select.
    pub options: Option<Vec<SelectOption>>,
    /// A select's option for "none" (empty: the select has none).
    pub empty: &'static str,
}

impl Control {
    /// A text input named `name` showing `value`.
    pub fn input(name: &'static str, label: &'static str, value: &str) -> Self {
        Self {
            name,
            label,
            value: value.to_owned(),
            kind: "text",
            hint: String::new(),
            attrs: "",
            options: None,
            empty: "",
        }
    }

    /// A select named `name` with `options` (the chosen one selected).
    pub fn select(name: &'static str, label: &'static str, options: Vec<SelectOption>) -> Self {
        Self {
            options: Some(options),
            ..Self::input(name, label, "")
        }
    }

    /// The same field as a date input.
    pub fn date(self) -> Self {
        Self {
            kind: "date",
            ..self
        }
    }

    /// The same field with a hint under its label.
    pub fn hint(self, hint: impl Into<String>) -> Self {
        Self {
            hint: hint.into(),
            ..self
        }
    }

    /// The same field with extra input attributes.
    pub fn attrs(self, attrs: &'static str) -> Self {
        Self { attrs, ..self }
    }

    /// The same select with an option for "none" worded `empty`.
    pub fn empty(self, empty: &'static str) -> Self {
        Self { empty, ..self }
    }
}

/// A form that was refused, to be shown again as typed.
pub struct Refused<F> {
    form: F,
    errors: FormErrors,
    stale: bool,
}

impl<F: EditForm> Refused<F> {
    /// Input the page could not read before asking the service, with its messages.
    pub fn invalid(form: F, errors: FormErrors) -> Self {
        Self {
            form,
            errors,
            stale: false,
        }
    }

    /// The service's refusal of `form`, which edits a `what`: a stale version, or messages
    /// at `fields`. Anything else (not found, forbidden) is a page error.
    pub fn of(form: F, error: ApiError, fields: &[Field], what: &str) -> Result<Self, WebError> {
        if error.status == StatusCode::PRECONDITION_FAILED {
            let message = format!(
                "Someone else changed this {what} since you opened this form. Your changes are \
                 still in the form; what is stored now is listed beside it. Check them and save \
                 again."
            );
            return Ok(Self {
                form,
                errors: FormErrors::general(message),
                stale: true,
            });
        }
        Ok(Self::invalid(form, FormErrors::from_api(error, fields)?))
    }
}

/// Reads `form` with `read` and saves it with `save` (the service call, given what was read
/// and the version the form was loaded with). `None` when saved, else the refusal to show.
pub async fn attempt<F: EditForm, C, T>(
    form: F,
    fields: &[Field],
    what: &str,
    read: impl FnOnce(&F) -> Result<C, FormErrors>,
    save: impl AsyncFnOnce(C, i64) -> Result<T, ApiError>,
) -> Result<Option<Refused<F>>, WebError> {
    let read = read(&form).and_then(|change| Ok((change, loaded_version(form.version())?)));
    let (change, version) = match read {
        Ok(read) => read,
        Err(errors) => return Ok(Some(Refused::invalid(form, errors))),
    };
    match save(change, version).await {
        Ok(_) => Ok(None),
        Err(error) => Refused::of(form, error, fields, what).map(Some),
    }
}

/// What an edit page shows: the form, its messages and, after a stale save, the stored values.
pub struct Shown<F> {
    pub form: F,
    errors: FormErrors,
    stored_now: Vec<Fact>,
    status: StatusCode,
}

impl<F: EditForm> Shown<F> {
    /// The form of the stored record (`stored`, at its version), or the refused one as typed;
    /// a stale one now carries the stored version and has the stored values (`facts`) beside.
    pub fn new(refused: Option<Refused<F>>, stored: F, facts: impl FnOnce() -> Vec<Fact>) -> Self {
        let Some(Refused {
            mut form,
            errors,
            stale,
        }) = refused
        else {
            return Self {
                form: stored,
                errors: FormErrors::default(),
                stored_now: Vec::new(),
                status: StatusCode::OK,
            };
        };
        if !stale {
            return Self {
                form,
                errors,
                stored_now: Vec::new(),
                status: StatusCode::UNPROCESSABLE_ENTITY,
            };
        }
        if let Ok(version) = stored.version().parse() {
            form.set_version(version);
        }
        Self {
            form,
            errors,
            stored_now: facts(),
            status: StatusCode::CONFLICT,
        }
    }
}

/// Where an edit page sits and what it says.
pub struct Heading {
    /// The project page it edits a record of, e.g. `/budget`: its tab and the way back.
    pub tab: &'static str,
    /// That page's name, for the breadcrumb.
    pub tab_label: &'static str,
    /// The page's heading, e.g. "Edit budget line Design".
    pub title: String,
    /// A sentence under the heading.
    pub intro: String,
    /// Where the form posts.
    pub action: String,
    /// The save button's label.
    pub submit: &'static str,
}

#[derive(Template)]
#[template(path = "pages/record_edit.html")]
struct EditPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    back: String,
    heading: Heading,
    version: String,
    controls: Vec<Control>,
    errors: FormErrors,
    stored_now: Vec<Fact>,
}

/// The edit page of a record of `visible`'s project, showing `shown` as `controls`.
pub fn render<F: EditForm>(
    user: &CurrentUser,
    visible: &VisibleProject,
    heading: Heading,
    shown: Shown<F>,
    controls: Vec<Control>,
) -> Response {
    let key = visible.project.key.clone();
    let page = EditPage {
        chrome: Chrome::signed_in(user, Section::Projects),
        tabs: chrome::project_tabs(&key, heading.tab),
        back: format!("/projects/{key}{}", heading.tab),
        name: visible.project.name.clone(),
        key,
        heading,
        version: shown.form.version().to_owned(),
        controls,
        errors: shown.errors,
        stored_now: shown.stored_now,
    };
    page::render_with_status(shown.status, &page)
}
