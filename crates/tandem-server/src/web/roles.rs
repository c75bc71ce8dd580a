//! `/projects/{key}/roles`: the two roles side by side — what the product manager and the
//! project manager each own, what each decided and changed lately, and what waits for each,
//! as [`crate::raci::roles`] computes them for the API and the CLI too — and the full matrix,
//! editable one activity (row) at a time. A second "A" in a row is refused with the message
//! at the cell that asked for it, a row left without an "A" with the message on the row; a
//! new activity is added with its accountable chosen from the grid's columns.

use super::chrome::{self, Chrome, NavLink, Section};
use super::coverage::RoleCoverage;
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption};
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::api::views::ProjectView;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::projects::PersonInput;
use crate::raci::roles::{self, RolesView};
use crate::raci::{self, ActivityInput, AssignmentInput, Cell, role_label};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::health::Side;
use tandem_core::raci::{Letter, TEMPLATE_ROLES};
use tandem_core::roles::UserRole;
use tandem_store::{RaciActivity, RaciHolder, RaciMatrix};

/// The add form's fields; its accountable select posts the new activity's one cell, so it
/// is named as the API names cells.
const ADD_FIELDS: &[Field] = &[
    ("name", "Activity"),
    ("side", "Side"),
    ("assignments", "Accountable"),
];

/// A column of the grid: a role or a person.
pub struct Column {
    /// The select's name: `role:product_manager` or `user:12`.
    pub field: String,
    pub label: String,
    holder: RaciHolder,
}

/// One cell of the grid.
pub struct GridCell {
    pub field: String,
    /// The column's label, for the select's accessible name.
    pub label: String,
    pub letter: String,
    pub options: Vec<SelectOption>,
    pub error: Option<String>,
}

/// One activity of the grid.
pub struct GridRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub side: &'static str,
    pub missing_accountable: bool,
    pub cells: Vec<GridCell>,
    /// A message about the row as a whole (e.g. someone else changed the matrix).
    pub error: Option<String>,
}

/// A row that was refused, with what was submitted.
struct RowRefusal {
    activity_id: i64,
    submitted: HashMap<String, String>,
    field: Option<String>,
    message: String,
}

#[derive(Template)]
#[template(path = "pages/project_roles.html")]
struct RolesPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    project: ProjectView,
    coverage: RoleCoverage,
    /// The two panels, as the API gives them.
    roles: RolesView,
    columns: Vec<Column>,
    rows: Vec<GridRow>,
    can_edit: bool,
    version: i64,
    add_name: String,
    sides: Vec<SelectOption>,
    /// Who may be accountable for a new activity: the grid's columns.
    accountable: Vec<SelectOption>,
    add_errors: FormErrors,
    /// The workspace default's version, for admins (who may replace it with this matrix).
    template_version: Option<i64>,
}

/// `GET /projects/{key}/roles`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let chrome = Chrome::signed_in(&user, Section::Projects).with_notice(notice.notice());
    render(&state, &user, chrome, visible, Refused::None).await
}

enum Refused {
    None,
    Row(RowRefusal),
    Add(AddForm, FormErrors),
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    visible: VisibleProject,
    refused: Refused,
) -> Result<Response, WebError> {
    let actor = user.actor();
    let can_edit = actor.may_on(&visible.access, ProjectAction::Edit);
    let internal = actor.may_on(&visible.access, ProjectAction::ViewInternal);
    let matrix = raci::matrix(&state.store, &visible.project).await?;
    let view = ProjectView::new(visible.project, visible.my_roles, internal);
    let roles = roles::side_by_side(state, &view, &matrix, internal).await?;
    let columns = columns(&matrix);
    let template_version = match user.user.role {
        UserRole::Admin => Some(raci::template(&state.store).await?.version),
        _ => None,
    };
    let status = match refused {
        Refused::None => StatusCode::OK,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let (row_refusal, (add, add_errors)) = match refused {
        Refused::None => (None, (AddForm::default(), FormErrors::default())),
        Refused::Row(row) => (Some(row), (AddForm::default(), FormErrors::default())),
        Refused::Add(form, errors) => (None, (form, errors)),
    };
    let rows = matrix
        .activities
        .iter()
        .map(|activity| grid_row(activity, &columns, row_refusal.as_ref()))
        .collect();
    let side = match add.side.trim() {
        "" => Side::Product.as_str(),
        chosen => chosen,
    };
    let accountable = columns
        .iter()
        .map(|column| SelectOption::new(&column.field, &column.label, &add.assignments))
        .collect();
    let page = RolesPage {
        chrome,
        tabs: chrome::project_tabs(&view.key, "/roles"),
        coverage: RoleCoverage::of(&view),
        project: view,
        roles,
        columns,
        rows,
        can_edit,
        version: matrix.version,
        add_name: add.name,
        sides: Side::ALL
            .iter()
            .map(|option| SelectOption::new(option.as_str(), side_label(*option), side))
            .collect(),
        accountable,
        add_errors,
        template_version,
    };
    Ok(page::render_with_status(status, &page))
}

/// The choices of a matrix cell: none, or one of R, A, C, I; `letter` selected.
pub(super) fn letter_options(letter: &str) -> Vec<SelectOption> {
    let mut options = vec![SelectOption::new("", "–", letter)];
    options.extend(
        Letter::ALL
            .iter()
            .map(|l| SelectOption::new(l.as_str(), l.as_str(), letter)),
    );
    options
}

/// How a side is named on the pages ("Product", "Delivery").
pub(super) fn side_label(side: Side) -> &'static str {
    match side {
        Side::Product => "Product",
        Side::Delivery => "Delivery",
    }
}

/// The grid's columns: the template roles, then every person named in a cell.
fn columns(matrix: &RaciMatrix) -> Vec<Column> {
    let mut columns: Vec<Column> = TEMPLATE_ROLES
        .iter()
        .map(|role| Column {
            field: format!("role:{}", role.as_str()),
            label: role.label().to_owned(),
            holder: RaciHolder::Role(*role),
        })
        .collect();
    for activity in &matrix.activities {
        for cell in &activity.assignments {
            let (holder, label) = raci::holder_of(&cell.assignee);
            if !columns.iter().any(|column| column.holder == holder) {
                let field = match (&cell.assignee, holder) {
                    (_, RaciHolder::User(id)) => format!("user:{id}"),
                    (_, RaciHolder::Role(role)) => format!("role:{}", role.as_str()),
                };
                let label = match holder {
                    RaciHolder::Role(role) => role.label().to_owned(),
                    RaciHolder::User(_) => label,
                };
                columns.push(Column {
                    field,
                    label,
                    holder,
                });
            }
        }
    }
    columns
}

fn grid_row(activity: &RaciActivity, columns: &[Column], refused: Option<&RowRefusal>) -> GridRow {
    let refused = refused.filter(|r| r.activity_id == activity.id);
    let cells = columns
        .iter()
        .map(|column| {
            let stored = activity
                .assignments
                .iter()
                .find(|cell| raci::holder_of(&cell.assignee).0 == column.holder)
                .map(|cell| cell.letter.as_str().to_owned())
                .unwrap_or_default();
            let letter = refused
                .and_then(|r| r.submitted.get(&column.field).cloned())
                .unwrap_or(stored);
            let options = letter_options(&letter);
            GridCell {
                error: refused
                    .filter(|r| r.field.as_deref() == Some(column.field.as_str()))
                    .map(|r| r.message.clone()),
                field: column.field.clone(),
                label: column.label.clone(),
                letter,
                options,
            }
        })
        .collect();
    GridRow {
        id: activity.id,
        name: activity.name.clone(),
        description: activity.description.clone(),
        side: side_label(activity.side),
        missing_accountable: raci::current_accountable(activity).is_none(),
        cells,
        error: refused
            .filter(|r| r.field.is_none())
            .map(|r| r.message.clone()),
    }
}

/// The version a form was loaded with; unreadable means "reload".
fn version_of(form: &HashMap<String, String>) -> Option<i64> {
    form.get("version").and_then(|v| v.trim().parse().ok())
}

const STALE: &str = "Someone else changed the responsibilities while you were editing. Reload the page to see their change, then apply yours again.";

/// `POST /projects/{key}/roles/activities/{id}`: saves one row of the grid.
pub async fn save_row(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let matrix = raci::matrix(&state.store, &visible.project).await?;
    let columns = columns(&matrix);
    let mut cells = Vec::new();
    for column in &columns {
        let raw = form
            .get(&column.field)
            .map(|v| v.trim())
            .unwrap_or_default();
        if raw.is_empty() {
            continue;
        }
        let letter = Letter::parse(raw).map_err(ApiError::from)?;
        let label = match column.holder {
            RaciHolder::Role(role) => role_label(role),
            RaciHolder::User(_) => column.label.clone(),
        };
        cells.push(Cell {
            holder: column.holder,
            label,
            letter,
        });
    }
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let expected = version_of(&form).unwrap_or(-1);
    match raci::set_cells(&writer, &visible.project, id, &cells, expected).await {
        Ok(_) => Ok(Notice::RaciSaved
            .redirect(&format!("/projects/{key}/roles"))
            .into_response()),
        Err(error) => {
            let field = match (error.status, error.code) {
                (StatusCode::UNPROCESSABLE_ENTITY, "raci_single_accountable") => {
                    second_a_field(&matrix, id, &columns, &form)
                }
                (StatusCode::UNPROCESSABLE_ENTITY | StatusCode::PRECONDITION_FAILED, _) => None,
                _ => return Err(error.into()),
            };
            let message = if error.status == StatusCode::PRECONDITION_FAILED {
                STALE.to_owned()
            } else {
                error.message
            };
            let refusal = RowRefusal {
                activity_id: id,
                submitted: form,
                field,
                message,
            };
            let chrome = Chrome::signed_in(&user, Section::Projects);
            render(&state, &user, chrome, visible, Refused::Row(refusal)).await
        }
    }
}

/// The cell that asked for a second "A": an A in the form that is not the current holder's.
fn second_a_field(
    matrix: &RaciMatrix,
    activity_id: i64,
    columns: &[Column],
    form: &HashMap<String, String>,
) -> Option<String> {
    let current = matrix
        .activities
        .iter()
        .find(|a| a.id == activity_id)
        .and_then(raci::current_accountable);
    columns
        .iter()
        .filter(|column| {
            form.get(&column.field)
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("A"))
        })
        .find(|column| current.as_ref().is_none_or(|c| c.holder != column.holder))
        .map(|column| column.field.clone())
}

/// What the add-activity form posts.
#[derive(Debug, Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    side: String,
    /// The accountable: a grid column's field (`role:product_manager`, `user:12`), empty when
    /// none was chosen.
    #[serde(default)]
    assignments: String,
    #[serde(default)]
    version: String,
}

/// The add form's accountable as the new activity's one cell, an "A"; none when nothing was
/// chosen, which the service refuses naming the activity.
fn accountable_cell(field: &str) -> Vec<AssignmentInput> {
    let (role, user) = match field.trim().split_once(':') {
        Some(("role", role)) => (Some(role.to_owned()), None),
        Some(("user", id)) => (None, id.parse().ok().map(PersonInput::Id)),
        _ => return Vec::new(),
    };
    vec![AssignmentInput {
        role,
        user,
        letter: Letter::A.as_str().to_owned(),
    }]
}

/// `POST /projects/{key}/roles/activities`: adds an activity with its accountable (the other
/// cells are set in the grid).
pub async fn add(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<AddForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let input = ActivityInput {
        name: form.name.clone(),
        description: None,
        side: form.side.clone(),
        assignments: accountable_cell(&form.assignments),
        position: None,
        version: None,
    };
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let expected = form.version.trim().parse().unwrap_or(-1);
    match raci::add_activity(&writer, &visible.project, &input, expected).await {
        Ok(_) => Ok(Notice::RaciActivityAdded
            .redirect(&format!("/projects/{key}/roles"))
            .into_response()),
        Err(error) => {
            let errors = match error.status {
                StatusCode::PRECONDITION_FAILED => FormErrors::general(STALE),
                _ => FormErrors::from_api(error, ADD_FIELDS)?,
            };
            let chrome = Chrome::signed_in(&user, Section::Projects);
            render(&state, &user, chrome, visible, Refused::Add(form, errors)).await
        }
    }
}

/// What a row's delete button posts.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    version: String,
}

/// `POST /projects/{key}/roles/activities/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<DeleteForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let expected = form.version.trim().parse().unwrap_or(-1);
    match raci::delete_activity(&writer, &visible.project, id, expected).await {
        Ok(_) => Ok(Notice::RaciActivityDeleted
            .redirect(&format!("/projects/{key}/roles"))
            .into_response()),
        Err(error) if error.status == StatusCode::PRECONDITION_FAILED => {
            let refusal = RowRefusal {
                activity_id: id,
                submitted: HashMap::new(),
                field: None,
                message: STALE.to_owned(),
            };
            let chrome = Chrome::signed_in(&user, Section::Projects);
            render(&state, &user, chrome, visible, Refused::Row(refusal)).await
        }
        Err(error) => Err(error.into()),
    }
}
