//! `/projects/{key}/team/time-off/{id}/edit`: an absence's edit page (see
//! [`record_edit`](super::record_edit)), saved through `time_off::update` like
//! `PATCH …/time-off/{id}`, with the same rule: your own absence, or anyone's for a manager;
//! client contacts get "not found".

use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::FormErrors;
use super::format;
use super::notice::Notice;
use super::record_edit::{self, Control, Fact, Heading, Refused, Shown, versioned_form};
use super::team::{TIME_OFF_FIELDS, TimeOffForm};
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::guard::VisibleProject;
use crate::people::time_off::{self, TimeOffChange};
use crate::people::{internal_project, writer};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use tandem_core::access::ProjectAction;
use tandem_store::TimeOff;

versioned_form!(TimeOffForm);

impl TimeOffForm {
    /// The form filled with the stored absence.
    fn of(entry: &TimeOff) -> Self {
        Self {
            from: entry.from_date.clone(),
            to: entry.to_date.clone(),
            note: entry.note.clone(),
            version: entry.version.to_string(),
            ..Self::default()
        }
    }

    /// The service's change (it validates the dates).
    fn change(&self) -> Result<TimeOffChange, FormErrors> {
        Ok(TimeOffChange {
            from: self.from.clone(),
            to: Some(self.to.clone()),
            note: self.note.clone(),
            version: None,
        })
    }

    fn controls(&self) -> Vec<Control> {
        vec![
            Control::input("from", "First day", &self.from)
                .date()
                .attrs("required"),
            Control::input("to", "Last day", &self.to)
                .date()
                .hint("Empty for a single day."),
            Control::input("note", "Note", &self.note).attrs("placeholder=Vacation"),
        ]
    }
}

/// A stored absence's values, beside a form refused as stale.
fn facts(entry: &TimeOff) -> Vec<Fact> {
    vec![
        ("First day", format::date(Some(&entry.from_date))),
        ("Last day", format::date(Some(&entry.to_date))),
        ("Note", entry.note.clone()),
    ]
}

/// The project of a time-off page: internal, so client contacts get "not found".
async fn project(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<VisibleProject, WebError> {
    Ok(internal_project(state, user, key, ProjectAction::View, "time off").await?)
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
    refused: Option<Refused<TimeOffForm>>,
) -> Result<Response, WebError> {
    let entry = time_off::find(&state.store, &visible.project, id).await?;
    time_off::may_manage(&user.actor(), visible, entry.user.id)?;
    let shown = Shown::new(refused, TimeOffForm::of(&entry), || facts(&entry));
    let controls = shown.form.controls();
    let scope = if entry.project_id.is_none() {
        "away from every project"
    } else {
        "away from this project"
    };
    let heading = Heading {
        tab: "/team",
        tab_label: "Team",
        title: format!("Edit time off of {}", entry.user.name),
        intro: format!(
            "{} is {scope}; the workload follows the change.",
            entry.user.name
        ),
        action: format!("/projects/{}/team/time-off/{id}/edit", visible.project.key),
        submit: "Save time off",
    };
    Ok(record_edit::render(user, visible, heading, shown, controls))
}

/// `GET /projects/{key}/team/time-off/{id}/edit`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    render(&state, &user, &visible, id, None).await
}

/// `POST /projects/{key}/team/time-off/{id}/edit`: saves the absence at the version shown.
pub async fn save(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<TimeOffForm>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let writer = writer(&state, &meta, &user);
    let actor = user.actor();
    let save = async |change, version| {
        time_off::update(&writer, &actor, &visible, id, &change, version).await
    };
    match record_edit::attempt(form, TIME_OFF_FIELDS, "time off", TimeOffForm::change, save).await?
    {
        None => Ok(Notice::TimeOffSaved
            .redirect(&format!("/projects/{key}/team#time-off"))
            .into_response()),
        Some(refused) => render(&state, &user, &visible, id, Some(refused)).await,
    }
}
