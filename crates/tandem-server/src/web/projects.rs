//! `/projects`: the projects a person may see, and the form that creates one with its product
//! manager and project manager.

use super::chrome::{Chrome, Section};
use super::coverage::RoleCoverage;
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption, optional_id};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::api::projects::visible_projects;
use crate::api::views::ProjectView;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::guard;
use crate::projects::{self, BudgetInput, PersonInput, ProjectInput};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::access::WorkspaceAction;
use tandem_core::roles::UserRole;
use tandem_store::User;

/// A project as a card of the list.
pub struct ProjectCard {
    pub key: String,
    pub name: String,
    pub client: Option<String>,
    pub product_manager: Option<String>,
    pub project_manager: Option<String>,
    pub start: String,
    pub launch: String,
    pub archived: bool,
    pub coverage: RoleCoverage,
}

impl From<ProjectView> for ProjectCard {
    fn from(view: ProjectView) -> Self {
        Self {
            coverage: RoleCoverage::of(&view),
            start: format::date(view.start_date.as_deref()),
            launch: format::date(view.target_launch_date.as_deref()),
            key: view.key,
            name: view.name,
            client: view.client_name,
            product_manager: view.product_manager.map(|person| person.name),
            project_manager: view.project_manager.map(|person| person.name),
            archived: view.archived,
        }
    }
}

#[derive(Template)]
#[template(path = "pages/projects.html")]
struct ProjectsPage {
    chrome: Chrome,
    projects: Vec<ProjectCard>,
    show_archived: bool,
    can_create: bool,
}

/// `?archived=1` includes archived projects.
#[derive(Debug, Default, Deserialize)]
pub struct ArchivedQuery {
    #[serde(default)]
    archived: Option<String>,
}

/// `GET /projects`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(filter): Query<ArchivedQuery>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let show_archived = filter.archived.as_deref() == Some("1");
    let views = visible_projects(&state, &user, show_archived).await?;
    Ok(page::render(&ProjectsPage {
        chrome: Chrome::signed_in(&user, Section::Projects).with_notice(notice.notice()),
        projects: views.into_iter().map(ProjectCard::from).collect(),
        show_archived,
        can_create: user.actor().may(WorkspaceAction::CreateProject),
    }))
}

const FIELDS: &[Field] = &[
    ("key", "Key"),
    ("name", "Name"),
    ("client_id", "Client"),
    ("product_manager", "Product manager"),
    ("project_manager", "Project manager"),
    ("start_date", "Start date"),
    ("target_launch_date", "Target launch date"),
    ("budget_amount", "Budget"),
    ("budget_currency", "Currency"),
    ("description", "Description"),
];

/// What the new-project form posts; all text, parsed by [`ProjectForm::to_input`].
#[derive(Debug, Deserialize)]
pub struct ProjectForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    product_manager: String,
    #[serde(default)]
    project_manager: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    target_launch_date: String,
    #[serde(default)]
    budget_amount: String,
    #[serde(default)]
    budget_currency: String,
    #[serde(default)]
    description: String,
}

impl Default for ProjectForm {
    fn default() -> Self {
        Self {
            key: String::new(),
            name: String::new(),
            client_id: String::new(),
            product_manager: String::new(),
            project_manager: String::new(),
            start_date: String::new(),
            target_launch_date: String::new(),
            budget_amount: String::new(),
            budget_currency: "EUR".to_owned(),
            description: String::new(),
        }
    }
}

impl ProjectForm {
    /// The form as the input `projects::create` validates.
    fn to_input(&self) -> Result<ProjectInput, FormErrors> {
        let manager = |field: &str, raw: &str| -> Result<Option<PersonInput>, FormErrors> {
            Ok(optional_id(FIELDS, field, raw)?.map(PersonInput::Id))
        };
        Ok(ProjectInput {
            key: self.key.trim().to_uppercase(),
            name: self.name.clone(),
            client_id: optional_id(FIELDS, "client_id", &self.client_id)?,
            product_manager: manager("product_manager", &self.product_manager)?,
            project_manager: manager("project_manager", &self.project_manager)?,
            start_date: Some(self.start_date.clone()),
            target_launch_date: Some(self.target_launch_date.clone()),
            budget: budget(FIELDS, &self.budget_amount, &self.budget_currency)?,
            description: Some(self.description.clone()),
        })
    }
}

/// Reads a budget from its two inputs; an empty amount means no budget.
pub fn budget(
    fields: &[Field],
    amount: &str,
    currency: &str,
) -> Result<Option<BudgetInput>, FormErrors> {
    let amount = amount.trim().replace([' ', '_', '\u{a0}'], "");
    if amount.is_empty() {
        return Ok(None);
    }
    let amount = amount.parse::<f64>().map_err(|_| {
        FormErrors::field(
            fields,
            "budget_amount",
            "enter an amount like 120000 or 120000.50",
        )
    })?;
    Ok(Some(BudgetInput {
        amount,
        currency: currency.trim().to_uppercase(),
    }))
}

#[derive(Template)]
#[template(path = "pages/project_new.html")]
struct NewProjectPage {
    chrome: Chrome,
    form: ProjectForm,
    errors: FormErrors,
    clients: Vec<SelectOption>,
    product_managers: Vec<SelectOption>,
    project_managers: Vec<SelectOption>,
}

/// `GET /projects/new`.
pub async fn new_form(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::CreateProject)?;
    form_page(&state, &user, ProjectForm::default(), FormErrors::default()).await
}

/// `POST /projects`: creates the project, or shows the form again with the messages at their
/// fields and every value kept.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<ProjectForm>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::CreateProject)?;
    let input = match form.to_input() {
        Ok(input) => input,
        Err(errors) => return form_page(&state, &user, form, errors).await,
    };
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    match projects::create_audited(&writer, &input).await {
        Ok(project) => Ok(Notice::ProjectCreated
            .redirect(&format!("/projects/{}", project.key))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, FIELDS)?;
            form_page(&state, &user, form, errors).await
        }
    }
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    form: ProjectForm,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let clients = state
        .store
        .list_clients()
        .await?
        .into_iter()
        .map(|client| SelectOption::new(client.id.to_string(), client.name, &form.client_id))
        .collect();
    let users = state.store.list_users().await?;
    let staff = active_staff(&users);
    let page = NewProjectPage {
        chrome: Chrome::signed_in(user, Section::Projects),
        clients,
        product_managers: person_options(&staff, &form.product_manager),
        project_managers: person_options(&staff, &form.project_manager),
        form,
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(page::render_with_status(status, &page))
}

/// The people who may manage a project: active staff accounts.
pub fn active_staff(users: &[User]) -> Vec<&User> {
    users
        .iter()
        .filter(|user| user.active && user.role != UserRole::Client)
        .collect()
}

/// People as select options, "Name (e-mail)", the one with id `current` selected.
pub fn person_options(people: &[&User], current: &str) -> Vec<SelectOption> {
    people
        .iter()
        .map(|person| {
            SelectOption::new(
                person.id.to_string(),
                format!("{} ({})", person.name, person.email),
                current,
            )
        })
        .collect()
}
