//! `/users` (admins): the workspace's accounts. Creating one is how a teammate or a client
//! contact is invited: the admin sets an initial password and shares it with them.
//! `/users/{id}` changes an account's e-mail, name, role or client, and sets a new password
//! for someone who forgot theirs.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption, Typed, optional_id};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::accounts::{self, AccountEdit, AccountInput};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::guard;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tandem_core::access::WorkspaceAction;
use tandem_core::roles::UserRole;
use tandem_store::User;

const FIELDS: &[Field] = &[
    ("name", "Name"),
    ("email", "E-mail"),
    ("role", "Role"),
    ("client_id", "Client"),
    ("password", "Initial password"),
];

/// What the new-account form posts.
#[derive(Debug, Deserialize)]
pub struct UserForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    password: String,
}

impl Default for UserForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            email: String::new(),
            role: UserRole::Member.as_str().to_owned(),
            client_id: String::new(),
            password: String::new(),
        }
    }
}

impl UserForm {
    fn to_input(&self) -> Result<AccountInput, FormErrors> {
        let role = UserRole::parse(&self.role)
            .map_err(|error| FormErrors::field(FIELDS, error.field, error.message))?;
        Ok(AccountInput {
            email: self.email.clone(),
            name: self.name.clone(),
            password: self.password.clone(),
            role,
            client_id: optional_id(FIELDS, "client_id", &self.client_id)?,
        })
    }
}

/// What an activate / deactivate button posts.
#[derive(Debug, Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
    #[serde(default)]
    version: String,
}

/// An account as listed.
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub client: Option<String>,
    pub active: bool,
    pub version: i64,
    /// The admin looking at the list (who cannot deactivate themselves).
    pub is_me: bool,
}

#[derive(Template)]
#[template(path = "pages/users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserRow>,
    form: UserForm,
    errors: FormErrors,
    roles: Vec<SelectOption>,
    clients: Vec<SelectOption>,
}

/// `GET /users`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let chrome = Chrome::signed_in(&user, Section::Users).with_notice(notice.notice());
    render(
        &state,
        &user,
        chrome,
        UserForm::default(),
        FormErrors::default(),
    )
    .await
}

/// `POST /users`: creates an account with an initial password.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<UserForm>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let created = match form.to_input() {
        Ok(input) => accounts::create_audited(&writer, input)
            .await
            .map_err(|error| FormErrors::from_api(error, FIELDS)),
        Err(errors) => Err(Ok(errors)),
    };
    match created {
        Ok(_) => Ok(Notice::UserCreated.redirect("/users").into_response()),
        Err(errors) => {
            let chrome = Chrome::signed_in(&user, Section::Users);
            render(&state, &user, chrome, form, errors?).await
        }
    }
}

/// `POST /users/{id}/active`: deactivates (ending the account's sessions) or reactivates.
pub async fn set_active(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<ActiveForm>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let active = form.active == "true";
    let version = form
        .version
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid_field("version", "reload the page and try again"))?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    accounts::set_active(&writer, id, active, version).await?;
    let notice = if active {
        Notice::UserReactivated
    } else {
        Notice::UserDeactivated
    };
    Ok(notice.redirect("/users").into_response())
}

async fn render(
    state: &AppState,
    me: &CurrentUser,
    chrome: Chrome,
    form: UserForm,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let clients = state.store.list_clients().await?;
    let client_names: HashMap<i64, &str> = clients
        .iter()
        .map(|client| (client.id, client.name.as_str()))
        .collect();
    let users = state
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|user| row(user, me, &client_names))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = UsersPage {
        chrome,
        users,
        roles: role_options(&form.role),
        clients: client_options(&clients, &form.client_id),
        form,
        errors,
    };
    Ok(page::render_with_status(status, &page))
}

fn row(user: User, me: &CurrentUser, client_names: &HashMap<i64, &str>) -> UserRow {
    UserRow {
        id: user.id,
        is_me: user.id == me.user.id,
        client: user
            .client_id
            .and_then(|id| client_names.get(&id))
            .map(|name| (*name).to_owned()),
        role: format::user_role(user.role),
        name: user.name,
        email: user.email,
        active: user.active,
        version: user.version,
    }
}

/// Every workspace role, `selected` chosen.
fn role_options(selected: &str) -> Vec<SelectOption> {
    UserRole::ALL
        .iter()
        .map(|role| SelectOption::new(role.as_str(), format::user_role(*role), selected))
        .collect()
}

/// Every client organisation, `selected` (an id) chosen.
fn client_options(clients: &[tandem_store::Client], selected: &str) -> Vec<SelectOption> {
    clients
        .iter()
        .map(|client| SelectOption::new(client.id.to_string(), client.name.clone(), selected))
        .collect()
}

/// The account page's forms, by name.
const ACCOUNT: &str = "account";
const PASSWORD: &str = "password";

/// What the account form posts; `version` is the account's version when the page was read.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    version: String,
}

impl EditForm {
    /// The account as the form shows it.
    fn of(user: &User) -> Self {
        Self {
            name: user.name.clone(),
            email: user.email.clone(),
            role: user.role.as_str().to_owned(),
            client_id: user.client_id.map(|id| id.to_string()).unwrap_or_default(),
            version: user.version.to_string(),
        }
    }

    fn to_edit(&self) -> Result<AccountEdit, FormErrors> {
        Ok(AccountEdit {
            email: Some(self.email.clone()),
            name: Some(self.name.clone()),
            role: Some(self.role.clone()),
            client_id: optional_id(FIELDS, "client_id", &self.client_id)?,
            version: None,
        })
    }
}

#[derive(Template)]
#[template(path = "pages/user_edit.html")]
struct EditPage {
    chrome: Chrome,
    account: User,
    /// The admin is looking at their own account (whose password changes on their profile).
    is_me: bool,
    form: EditForm,
    roles: Vec<SelectOption>,
    clients: Vec<SelectOption>,
    errors: FormErrors,
    /// Why a new password was refused.
    password_errors: FormErrors,
}

/// The new-password form's one field.
const PASSWORD_FIELDS: &[Field] = &[("password", "New password")];

/// What the new-password form posts.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// `GET /users/{id}`: the account's form.
pub async fn edit_page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let account = load_account(&state, id).await?;
    let chrome = Chrome::signed_in(&user, Section::Users).with_notice(notice.notice());
    render_edit(&state, &user, chrome, account, Typed::default()).await
}

/// `POST /users/{id}/password`: sets a new password for someone who forgot theirs; their
/// sessions end.
pub async fn reset_password(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let writer = Writer::new(&state, &meta, &user);
    match accounts::reset_password_audited(&writer, id, &form.password).await {
        Ok(()) => Ok(Notice::PasswordReset
            .redirect(&format!("/users/{id}"))
            .into_response()),
        Err(error) => {
            // Nothing typed is shown again: a refused password is typed anew.
            let errors = FormErrors::from_api(error, PASSWORD_FIELDS)?;
            let typed = Typed::refused(PASSWORD, &(), errors);
            let account = load_account(&state, id).await?;
            let chrome = Chrome::signed_in(&user, Section::Users);
            render_edit(&state, &user, chrome, account, typed).await
        }
    }
}

async fn load_account(state: &AppState, id: i64) -> Result<User, WebError> {
    Ok(state
        .store
        .user_by_id(id)
        .await
        .map_err(accounts::missing_user)?)
}

/// `POST /users/{id}`: saves the account, or shows the form again as sent with the reason;
/// when someone changed the account meanwhile, the form shows it as stored now and says so.
pub async fn save(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(id): Path<i64>,
    CsrfForm { user, form }: CsrfForm<EditForm>,
) -> Result<Response, WebError> {
    guard::workspace(&user, WorkspaceAction::ManageUsers)?;
    let expected = form.version.trim().parse().unwrap_or(-1);
    let typed = match form.to_edit() {
        Ok(edit) => {
            let writer = Writer::new(&state, &meta, &user);
            match accounts::update(&writer, id, &edit, expected).await {
                Ok(_) => return Ok(Notice::UserUpdated.redirect("/users").into_response()),
                Err(error) => Typed::from_api_saying(
                    ACCOUNT,
                    &form,
                    error,
                    FIELDS,
                    "Someone changed this account while you edited it; the form now shows it \
                     as stored. Apply your change again.",
                )?,
            }
        }
        Err(errors) => Typed::refused(ACCOUNT, &form, errors),
    };
    let account = load_account(&state, id).await?;
    let chrome = Chrome::signed_in(&user, Section::Users);
    render_edit(&state, &user, chrome, account, typed).await
}

/// The account page; `typed` is the refused form, if any (the account form shows the stored
/// account unless it holds what was typed).
async fn render_edit(
    state: &AppState,
    me: &CurrentUser,
    chrome: Chrome,
    account: User,
    typed: Typed,
) -> Result<Response, WebError> {
    let clients = state.store.list_clients().await?;
    let form = typed
        .restore(ACCOUNT)
        .unwrap_or_else(|| EditForm::of(&account));
    let page = EditPage {
        chrome,
        is_me: account.id == me.user.id,
        roles: role_options(&form.role),
        clients: client_options(&clients, &form.client_id),
        account,
        form,
        errors: typed.errors(ACCOUNT).clone(),
        password_errors: typed.errors(PASSWORD).clone(),
    };
    Ok(page::render_with_status(typed.status(), &page))
}
