//! `/projects/{key}/releases/{id}/edit`: one form for a release's fields (name, target date,
//! status, description, visibility) and its go/no-go record's people (the decider and each
//! checklist line's owner). The release and the record keep their own versions; the form
//! carries both, and a save writes what changed of both in one transaction, checked by the
//! same rules as `PUT …/releases/{id}` and `PUT …/releases/{id}/go-no-go`, so a refusal of
//! either saves neither. When someone else saved either meanwhile, the form comes back with
//! everything typed still in it, the stored values beside it and the new versions, so saving
//! again is a deliberate choice.

use super::vision::visibility_options;
use super::{Frame, loaded_version};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::releases::{self, CriterionBody, GoNoGoBody, ReleaseBody, ReleaseView};
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, FormErrors, SelectOption, Typed, optional_id};
use crate::web::notice::Notice;
use crate::web::page;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::ReleaseStatus;
use tandem_core::roles::ProjectRole;
use tandem_store::direction::{GoNoGo, Release};

const FIELDS: &[Field] = &[
    ("name", "Name"),
    ("target_date", "Target date"),
    ("status", "Status"),
    ("description", "Description"),
    ("visibility", "Visibility"),
    ("decider", "Decider"),
];

/// The edit form's name on the page.
const EDIT: &str = "release_edit";

/// Owner selects are named `owner_<line index>`.
const OWNER: &str = "owner_";

/// What the page says when the release or its checklist changed since the form was loaded.
const STALE: &str = "Someone else saved this release meanwhile. Your changes are still in the \
                     form; what is stored now is listed beside it. Check them and save again.";

/// What the edit form posts.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct EditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    target_date: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    visibility: String,
    /// The decider's user id.
    #[serde(default)]
    decider: String,
    /// The release version the form was loaded with.
    #[serde(default)]
    version: String,
    /// The go/no-go record version the form was loaded with (0: not saved yet).
    #[serde(default)]
    checklist_version: String,
    /// The `owner_<i>` selects, by name.
    #[serde(flatten)]
    owners: HashMap<String, String>,
}

impl EditForm {
    /// The form filled with the stored release and record.
    fn of(release: &Release, record: &GoNoGo) -> Self {
        let id = |value: Option<i64>| value.map(|id| id.to_string()).unwrap_or_default();
        Self {
            name: release.name.clone(),
            target_date: release.target_date.clone().unwrap_or_default(),
            status: release.status.as_str().to_owned(),
            description: release.description.clone(),
            visibility: release.visibility.as_str().to_owned(),
            decider: id(record.decider_id),
            version: release.version.to_string(),
            checklist_version: record.version.to_string(),
            owners: record
                .criteria
                .iter()
                .enumerate()
                .map(|(index, line)| (format!("{OWNER}{index}"), id(line.owner_id)))
                .collect(),
        }
    }

    /// The owner chosen for checklist line `index` (empty: nobody).
    fn owner(&self, index: usize) -> &str {
        self.owners
            .get(&format!("{OWNER}{index}"))
            .map_or("", String::as_str)
    }

    /// The service body of the release fields as typed.
    fn release_body(&self, version: i64) -> ReleaseBody {
        ReleaseBody {
            name: self.name.clone(),
            target_date: Some(self.target_date.clone()),
            status: Some(self.status.clone()),
            description: Some(self.description.clone()),
            visibility: Some(self.visibility.clone()),
            version: Some(version),
        }
    }
}

/// One checklist line with its owner select.
pub struct OwnerRow {
    pub index: usize,
    pub area: String,
    pub text: String,
    pub options: Vec<SelectOption>,
}

#[derive(Template)]
#[template(path = "pages/direction_release_edit.html")]
struct EditPage {
    chrome: Chrome,
    frame: Frame,
    release: ReleaseView,
    form: EditForm,
    statuses: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
    deciders: Vec<SelectOption>,
    owners: Vec<OwnerRow>,
    /// What is stored now, `(label, value)`, shown beside a form refused as stale.
    stored_now: Vec<(String, String)>,
}

/// The people of the project, each once: `(user id, label, on the team)`.
async fn people(
    state: &AppState,
    visible: &VisibleProject,
) -> Result<Vec<(i64, String, bool)>, WebError> {
    let mut people: Vec<(i64, String, bool)> = Vec::new();
    for member in state.store.list_members(visible.project.id).await? {
        let team = member.role != ProjectRole::Client;
        match people.iter_mut().find(|(id, _, _)| *id == member.user_id) {
            Some(known) => known.2 |= team,
            None => people.push((member.user_id, member.name, team)),
        }
    }
    Ok(people)
}

/// The label of user `id`: their name among `people`, else their account's name (someone who
/// left the project but is still named on the record).
async fn name_of(state: &AppState, people: &[(i64, String, bool)], id: i64) -> String {
    match people.iter().find(|(person, _, _)| *person == id) {
        Some((_, name, _)) => name.clone(),
        None => state
            .store
            .user_by_id(id)
            .await
            .map_or_else(|_| format!("User #{id}"), |user| user.name),
    }
}

/// Options for a person select: `people` (filtered), plus the stored `current` one when it
/// is no longer among them, so showing the form never changes the record.
async fn person_options(
    state: &AppState,
    people: &[(i64, String, bool)],
    team_only: bool,
    current: Option<i64>,
    selected: &str,
) -> Vec<SelectOption> {
    let mut options: Vec<SelectOption> = people
        .iter()
        .filter(|(_, _, team)| *team || !team_only)
        .map(|(id, name, _)| SelectOption::new(id.to_string(), name, selected))
        .collect();
    if let Some(id) = current
        && !options.iter().any(|option| option.value == id.to_string())
    {
        let label = name_of(state, people, id).await;
        options.push(SelectOption::new(id.to_string(), label, selected));
    }
    options
}

/// `GET /projects/{key}/releases/{id}/edit`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let frame = Frame::new(&user, &visible, "/releases", Typed::default());
    render(&state, &visible, id, frame, false).await
}

async fn render(
    state: &AppState,
    visible: &VisibleProject,
    id: i64,
    frame: Frame,
    stale: bool,
) -> Result<Response, WebError> {
    let release = state.store.release(visible.project.id, id).await?;
    let record = releases::go_no_go(&state.store, visible, id).await?;
    let form = frame
        .typed
        .restore(EDIT)
        .unwrap_or_else(|| EditForm::of(&release, &record));
    let people = people(state, visible).await?;
    let deciders = person_options(state, &people, true, record.decider_id, &form.decider).await;
    let mut owners = Vec::with_capacity(record.criteria.len());
    for (index, line) in record.criteria.iter().enumerate() {
        owners.push(OwnerRow {
            index,
            area: line.area.clone(),
            text: line.text.clone(),
            options: person_options(state, &people, false, line.owner_id, form.owner(index)).await,
        });
    }
    let stored_now = if stale {
        stored_values(state, &people, &release, &record).await
    } else {
        Vec::new()
    };
    let status_now = if form.status.is_empty() {
        release.status.as_str().to_owned()
    } else {
        form.status.clone()
    };
    let page = EditPage {
        chrome: frame.chrome.clone(),
        statuses: ReleaseStatus::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), s.as_str(), &status_now))
            .collect(),
        visibilities: visibility_options(&form.visibility),
        deciders,
        owners,
        stored_now,
        release: ReleaseView::new(release, Some(&record)),
        form,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// The stored values a stale form is compared with.
async fn stored_values(
    state: &AppState,
    people: &[(i64, String, bool)],
    release: &Release,
    record: &GoNoGo,
) -> Vec<(String, String)> {
    let person = |id: Option<i64>| async move {
        match id {
            Some(id) => name_of(state, people, id).await,
            None => "nobody".to_owned(),
        }
    };
    let mut values = vec![
        ("Name".to_owned(), release.name.clone()),
        (
            "Target date".to_owned(),
            release
                .target_date
                .clone()
                .unwrap_or_else(|| "not set".to_owned()),
        ),
        ("Status".to_owned(), release.status.as_str().to_owned()),
        (
            "Visibility".to_owned(),
            release.visibility.as_str().to_owned(),
        ),
        ("Decider".to_owned(), person(record.decider_id).await),
    ];
    for line in &record.criteria {
        values.push((
            format!("Owner of “{}”", line.text),
            person(line.owner_id).await,
        ));
    }
    values
}

/// `POST /projects/{key}/releases/{id}/edit`: saves what changed — the release at the
/// version the form was loaded with, the decider and owners at the record's.
pub async fn save(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<EditForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let release = state.store.release(visible.project.id, id).await?;
    let record = releases::go_no_go(&state.store, &visible, id).await?;
    let read = || -> Result<_, FormErrors> {
        let mut owners = Vec::with_capacity(record.criteria.len());
        for index in 0..record.criteria.len() {
            owners.push(optional_id(FIELDS, "owners", form.owner(index))?);
        }
        Ok((
            loaded_version(&form.version)?,
            loaded_version(&form.checklist_version)?,
            optional_id(FIELDS, "decider", &form.decider)?,
            owners,
        ))
    };
    let (version, checklist_version, decider, owners) = match read() {
        Ok(read) => read,
        Err(errors) => {
            let typed = Typed::refused(EDIT, &form, errors);
            let frame = Frame::new(&user, &visible, "/releases", typed);
            return render(&state, &visible, id, frame, false).await;
        }
    };
    // The owner selects are by line: a checklist saved meanwhile may have other lines.
    if checklist_version != record.version {
        return stale(&state, &user, &visible, id, form).await;
    }
    let body = form.release_body(version);
    let release_changed = release_differs(&release, &body);
    let decider_changed = decider.is_some() && decider != record.decider_id;
    let owners_changed = record
        .criteria
        .iter()
        .zip(&owners)
        .any(|(line, owner)| line.owner_id != *owner);
    let people = (decider_changed || owners_changed).then(|| GoNoGoBody {
        criteria: record
            .criteria
            .iter()
            .zip(owners)
            .map(|(line, owner_id)| CriterionBody {
                owner_id,
                ..CriterionBody::from(line.clone())
            })
            .collect(),
        decider_id: decider.filter(|_| decider_changed),
        version: Some(checklist_version),
    });
    let saved = releases::save_release_and_checklist(
        &Writer::new(&state, &meta, &user),
        &visible,
        id,
        release_changed.then_some((&body, version)),
        people.as_ref().map(|people| (people, checklist_version)),
    )
    .await;
    if let Err(error) = saved {
        return refused(&state, &user, &visible, id, form, error).await;
    }
    Ok(Notice::ReleaseSaved
        .redirect(&format!("/projects/{key}/releases/{id}"))
        .into_response())
}

/// True when the typed release fields would change the stored release (invalid input counts
/// as a change, so the service says what is wrong with it).
fn release_differs(release: &Release, body: &ReleaseBody) -> bool {
    match releases::input(body) {
        Ok(input) => {
            input.name != release.name
                || input.target_date != release.target_date
                || input.status != release.status
                || input.description != release.description
                || input.visibility != release.visibility
        }
        Err(_) => true,
    }
}

/// Shows the form again after the service refused it: a stale version as [`stale`], bad input
/// with its messages at the fields.
async fn refused(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
    form: EditForm,
    error: ApiError,
) -> Result<Response, WebError> {
    if error.status == StatusCode::PRECONDITION_FAILED {
        return stale(state, user, visible, id, form).await;
    }
    let typed = Typed::from_api(EDIT, &form, error, FIELDS, "release")?;
    let frame = Frame::new(user, visible, "/releases", typed);
    render(state, visible, id, frame, false).await
}

/// The form as typed, now carrying the stored versions, with the stale message and the
/// stored values beside it.
async fn stale(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
    mut form: EditForm,
) -> Result<Response, WebError> {
    let release = state.store.release(visible.project.id, id).await?;
    let record = releases::go_no_go(&state.store, visible, id).await?;
    form.version = release.version.to_string();
    form.checklist_version = record.version.to_string();
    let typed = Typed::refused(EDIT, &form, FormErrors::general(STALE));
    let frame = Frame::new(user, visible, "/releases", typed);
    render(state, visible, id, frame, true).await
}
