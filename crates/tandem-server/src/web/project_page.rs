//! `/projects/{key}`: a project's overview — its product manager and project manager side by
//! side, role gaps, members, key dates and budget — with the forms that change it. A project
//! the visitor may not see is the same 404 page as one that does not exist.

use super::chrome::{self, Chrome, NavLink, Section};
use super::coverage::RoleCoverage;
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption, loaded_version, optional_id};
use super::format;
use super::health::VerdictLine;
use super::notice::{Notice, NoticeQuery};
use super::page;
use super::projects::budget;
use crate::api::members;
use crate::api::views::ProjectView;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::diagnosis;
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::projects::{self, PersonInput, ProjectChange};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::access::ProjectAction;
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_store::Member;

const EDIT_FIELDS: &[Field] = &[
    ("name", "Name"),
    ("client_id", "Client"),
    ("description", "Description"),
    ("start_date", "Start date"),
    ("target_launch_date", "Target launch date"),
    ("budget_amount", "Budget"),
    ("budget_currency", "Currency"),
];

const MEMBER_FIELDS: &[Field] = &[("user", "Person"), ("role", "Role")];

/// What the edit form posts, with the version the editor loaded.
#[derive(Debug, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    target_launch_date: String,
    #[serde(default)]
    budget_amount: String,
    #[serde(default)]
    budget_currency: String,
    #[serde(default)]
    version: String,
}

impl EditForm {
    /// The form filled with the project as it is now.
    fn current(view: &ProjectView) -> Self {
        let (budget_amount, budget_currency) = match &view.budget {
            Some(budget) => (plain_amount(budget.amount), budget.currency.clone()),
            None => (String::new(), "EUR".to_owned()),
        };
        Self {
            name: view.name.clone(),
            client_id: view.client_id.map(|id| id.to_string()).unwrap_or_default(),
            description: view.description.clone(),
            start_date: view.start_date.clone().unwrap_or_default(),
            target_launch_date: view.target_launch_date.clone().unwrap_or_default(),
            budget_amount,
            budget_currency,
            version: view.version.to_string(),
        }
    }

    /// The change `projects::patch` validates; the budget only for people who may see it.
    fn to_change(&self, with_budget: bool) -> Result<ProjectChange, FormErrors> {
        Ok(ProjectChange {
            name: Some(self.name.clone()),
            description: Some(self.description.clone()),
            client_id: Some(optional_id(EDIT_FIELDS, "client_id", &self.client_id)?),
            start_date: Some(Some(self.start_date.clone())),
            target_launch_date: Some(Some(self.target_launch_date.clone())),
            budget: if with_budget {
                Some(budget(
                    EDIT_FIELDS,
                    &self.budget_amount,
                    &self.budget_currency,
                )?)
            } else {
                None
            },
            archived: None,
            version: Some(loaded_version(&self.version)?),
        })
    }
}

/// An amount as the edit form shows it: no decimals when there are no cents.
fn plain_amount(amount: f64) -> String {
    if amount.fract() == 0.0 {
        format!("{amount:.0}")
    } else {
        format!("{amount:.2}")
    }
}

/// What the add-member form posts.
#[derive(Debug, Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    role: String,
}

impl Default for MemberForm {
    fn default() -> Self {
        Self {
            user: String::new(),
            role: ProjectRole::Member.as_str().to_owned(),
        }
    }
}

/// What the archive / restore form posts.
#[derive(Debug, Deserialize)]
pub struct ArchiveForm {
    #[serde(default)]
    archived: String,
    #[serde(default)]
    version: String,
}

/// What a member's remove button posts.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    role: String,
}

/// One row of the members list.
pub struct MemberRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub role_label: &'static str,
}

impl From<Member> for MemberRow {
    fn from(member: Member) -> Self {
        Self {
            user_id: member.user_id,
            name: member.name,
            email: member.email,
            role: member.role.as_str(),
            role_label: member.role.label(),
        }
    }
}

/// A form of the page that was refused, to show again with its messages.
enum Refused {
    Edit(EditForm, FormErrors),
    Member(MemberForm, FormErrors),
    Archive(FormErrors),
}

#[derive(Template)]
#[template(path = "pages/project_overview.html")]
struct OverviewPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    project: ProjectView,
    coverage: RoleCoverage,
    start: String,
    launch: String,
    /// `None` when the visitor may not see internal figures.
    budget: Option<String>,
    members: Vec<MemberRow>,
    can_edit: bool,
    can_manage: bool,
    clients: Vec<SelectOption>,
    edit_form: EditForm,
    edit_errors: FormErrors,
    candidates: Vec<SelectOption>,
    roles: Vec<SelectOption>,
    member_errors: FormErrors,
    archive_errors: FormErrors,
    /// The health verdict line; `None` for client contacts (the diagnosis is internal).
    health: Option<VerdictLine>,
}

/// `GET /projects/{key}`.
pub async fn overview(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let chrome = Chrome::signed_in(&user, Section::Projects).with_notice(notice.notice());
    render(&state, &user, chrome, visible, None).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    visible: VisibleProject,
    refused: Option<Refused>,
) -> Result<Response, WebError> {
    let actor = user.actor();
    let may = |action| actor.may_on(&visible.access, action);
    let (can_edit, can_manage, internal) = (
        may(ProjectAction::Edit),
        may(ProjectAction::ManageMembers),
        may(ProjectAction::ViewInternal),
    );
    let project_id = visible.project.id;
    let project_client = visible.project.client_id;
    let health = if internal {
        let today = crate::clock::today(&state.store).await?;
        let diagnosis = diagnosis::diagnose(state, &visible.project, today).await?;
        Some(VerdictLine::of(&diagnosis))
    } else {
        None
    };
    let view = ProjectView::new(visible.project, visible.my_roles, internal);
    let members = state.store.list_members(project_id).await?;
    let status = if refused.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let (mut edit_form, mut edit_errors) = (EditForm::current(&view), FormErrors::default());
    let (mut member_form, mut member_errors) = (MemberForm::default(), FormErrors::default());
    let mut archive_errors = FormErrors::default();
    match refused {
        Some(Refused::Edit(form, errors)) => (edit_form, edit_errors) = (form, errors),
        Some(Refused::Member(form, errors)) => (member_form, member_errors) = (form, errors),
        Some(Refused::Archive(errors)) => archive_errors = errors,
        None => {}
    }
    let clients = if can_edit {
        state
            .store
            .list_clients()
            .await?
            .into_iter()
            .map(|client| {
                SelectOption::new(client.id.to_string(), client.name, &edit_form.client_id)
            })
            .collect()
    } else {
        Vec::new()
    };
    let candidates = if can_manage {
        state
            .store
            .list_users()
            .await?
            .into_iter()
            .filter(|person| {
                person.active
                    && (person.role != UserRole::Client || person.client_id == project_client)
            })
            .map(|person| {
                let label = format!("{} ({})", person.name, person.email);
                SelectOption::new(person.id.to_string(), label, &member_form.user)
            })
            .collect()
    } else {
        Vec::new()
    };
    let roles = ProjectRole::ALL
        .iter()
        .map(|role| SelectOption::new(role.as_str(), role.label(), &member_form.role))
        .collect();
    let page = OverviewPage {
        chrome,
        tabs: chrome::project_tabs(&view.key, ""),
        coverage: RoleCoverage::of(&view),
        start: format::date(view.start_date.as_deref()),
        launch: format::date(view.target_launch_date.as_deref()),
        budget: internal.then(|| match &view.budget {
            Some(budget) => format::money(budget.amount, &budget.currency),
            None => "Not set".to_owned(),
        }),
        members: members.into_iter().map(MemberRow::from).collect(),
        project: view,
        can_edit,
        can_manage,
        clients,
        edit_form,
        edit_errors,
        candidates,
        roles,
        member_errors,
        archive_errors,
        health,
    };
    Ok(page::render_with_status(status, &page))
}

/// Shows the overview again with a refused form, or propagates an error that is not about
/// the form.
async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    refused: Refused,
) -> Result<Response, WebError> {
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    render(
        state,
        user,
        Chrome::signed_in(user, Section::Projects),
        visible,
        Some(refused),
    )
    .await
}

/// `POST /projects/{key}/edit`: saves the project unless someone else changed it since the
/// form was loaded (then says so and keeps the values).
pub async fn edit(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<EditForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let with_budget = user
        .actor()
        .may_on(&visible.access, ProjectAction::ViewInternal);
    let saved = match form.to_change(with_budget) {
        Ok(change) => save(&writer, &visible, &change).await,
        Err(errors) => Err(Ok(errors)),
    };
    match saved {
        Ok(()) => Ok(Notice::ProjectUpdated
            .redirect(&format!("/projects/{key}"))
            .into_response()),
        Err(errors) => refuse(&state, &user, &key, Refused::Edit(form, errors?)).await,
    }
}

/// Validates `change` and stores it at the version it was made against. The error is the
/// form's messages, or a page error when it is not about the form.
async fn save(
    writer: &Writer<'_>,
    visible: &VisibleProject,
    change: &ProjectChange,
) -> Result<(), Result<FormErrors, WebError>> {
    let expected = change.version.unwrap_or(visible.project.version);
    projects::apply_change(writer, &visible.project, change, expected)
        .await
        .map(drop)
        .map_err(|error| FormErrors::from_api(error, EDIT_FIELDS))
}

/// `POST /projects/{key}/archive`: archives or restores the project.
pub async fn archive(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<ArchiveForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let archived = form.archived == "true";
    let saved = match loaded_version(&form.version) {
        Ok(version) => {
            let change = ProjectChange {
                archived: Some(archived),
                version: Some(version),
                ..ProjectChange::default()
            };
            save(&writer, &visible, &change).await
        }
        Err(errors) => Err(Ok(errors)),
    };
    match saved {
        Ok(()) => {
            let notice = if archived {
                Notice::ProjectArchived
            } else {
                Notice::ProjectRestored
            };
            Ok(notice.redirect(&format!("/projects/{key}")).into_response())
        }
        Err(errors) => refuse(&state, &user, &key, Refused::Archive(errors?)).await,
    }
}

/// `POST /projects/{key}/members`: adds a person in a role; naming a manager replaces the
/// current one.
pub async fn add_member(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<MemberForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::ManageMembers).await?;
    let person = match optional_id(MEMBER_FIELDS, "user", &form.user) {
        Ok(Some(id)) => PersonInput::Id(id),
        Ok(None) => {
            let errors = FormErrors::field(MEMBER_FIELDS, "user", "choose a person");
            return refuse(&state, &user, &key, Refused::Member(form, errors)).await;
        }
        Err(errors) => return refuse(&state, &user, &key, Refused::Member(form, errors)).await,
    };
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    match members::add(&writer, &visible.project, &person, &form.role).await {
        Ok(_) => Ok(Notice::MemberAdded
            .redirect(&format!("/projects/{key}"))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, MEMBER_FIELDS)?;
            refuse(&state, &user, &key, Refused::Member(form, errors)).await
        }
    }
}

/// `POST /projects/{key}/members/{user_id}/remove`: removes one role of a person.
pub async fn remove_member(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, user_id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<RemoveForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::ManageMembers).await?;
    let role = ProjectRole::parse(&form.role).map_err(ApiError::from)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    members::remove(&writer, &visible.project, user_id, Some(role)).await?;
    Ok(Notice::MemberRemoved
        .redirect(&format!("/projects/{key}"))
        .into_response())
}
