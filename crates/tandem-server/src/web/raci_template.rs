//! `/settings/raci`: the workspace's default responsibility matrix, which every new project's
//! matrix starts from. Staff read it; admins edit it as one grid (activities × the template
//! roles, blank rows to add, a box to remove), restore the built-in product/project split, or
//! make a project's matrix the default from that project's Roles page.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{FormErrors, SelectOption};
use super::notice::{Notice, NoticeQuery};
use super::page;
use super::roles::{letter_options, side_label};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::guard;
use crate::raci;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::health::Side;
use tandem_core::raci::{Letter, RoleLetter, TEMPLATE_ROLES, TemplateActivity, TemplateError};
use tandem_core::roles::{ProjectRole, UserRole};

/// Empty rows offered for new activities.
const BLANK_ROWS: usize = 2;

const STALE: &str = "Someone else changed the workspace default meanwhile. Reload the page to see their change, then apply yours again.";

/// One letter select of a row.
pub struct RoleCell {
    pub field: String,
    pub label: &'static str,
    pub letter: String,
    pub options: Vec<SelectOption>,
}

/// One activity row of the grid, as stored or as submitted.
pub struct TemplateRow {
    pub index: usize,
    pub name: String,
    pub description: String,
    pub side: String,
    pub sides: Vec<SelectOption>,
    pub cells: Vec<RoleCell>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/raci_template.html")]
struct TemplatePage {
    chrome: Chrome,
    roles: Vec<&'static str>,
    rows: Vec<TemplateRow>,
    version: i64,
    can_edit: bool,
    errors: FormErrors,
}

/// What one row's inputs hold, by field name (`name.3`, `product_manager.3`, …).
fn value<'f>(form: &'f HashMap<String, String>, field: &str, index: usize) -> &'f str {
    form.get(&format!("{field}.{index}"))
        .map(|v| v.trim())
        .unwrap_or_default()
}

fn row(index: usize, activity: &TemplateActivity) -> TemplateRow {
    let cells = TEMPLATE_ROLES
        .iter()
        .map(|role| {
            let letter = activity
                .assignments
                .iter()
                .find(|cell| cell.role == *role)
                .map(|cell| cell.letter.as_str().to_owned())
                .unwrap_or_default();
            let options = letter_options(&letter);
            RoleCell {
                field: format!("{}.{index}", role.as_str()),
                label: role.label(),
                letter,
                options,
            }
        })
        .collect();
    let side = activity.side.as_str().to_owned();
    TemplateRow {
        index,
        name: activity.name.clone(),
        description: activity.description.clone(),
        sides: Side::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), side_label(*s), &side))
            .collect(),
        side,
        cells,
        error: None,
    }
}

fn blank() -> TemplateActivity {
    TemplateActivity {
        name: String::new(),
        description: String::new(),
        side: Side::Product,
        assignments: Vec::new(),
    }
}

/// A submitted row: `Ok(None)` when it is blank or ticked for removal.
fn parse_row(
    form: &HashMap<String, String>,
    index: usize,
) -> Result<Option<TemplateActivity>, String> {
    let name = value(form, "name", index);
    let letters: Vec<(ProjectRole, &str)> = TEMPLATE_ROLES
        .iter()
        .map(|role| (*role, value(form, role.as_str(), index)))
        .filter(|(_, raw)| !raw.is_empty())
        .collect();
    if !value(form, "remove", index).is_empty() || (name.is_empty() && letters.is_empty()) {
        return Ok(None);
    }
    let side = Side::parse(value(form, "side", index)).map_err(|error| error.message)?;
    let mut assignments = Vec::new();
    for (role, raw) in letters {
        let letter = Letter::parse(raw).map_err(|error| error.message)?;
        assignments.push(RoleLetter { role, letter });
    }
    let activity = TemplateActivity {
        name: name.to_owned(),
        description: value(form, "description", index).to_owned(),
        side,
        assignments,
    };
    tandem_core::raci::check_template(std::slice::from_ref(&activity)).map_err(
        |error| match error {
            TemplateError::Invalid(invalid) => invalid.message,
            TemplateError::Accountable(accountable) => accountable.to_string(),
        },
    )?;
    Ok(Some(activity))
}

/// A posted row: what to show again, and what it means (a refusal names the row's problem).
struct Submitted {
    shown: TemplateActivity,
    parsed: Result<Option<TemplateActivity>, String>,
}

/// The rows the form posted, in order.
fn submitted(form: &HashMap<String, String>) -> Vec<Submitted> {
    (0..)
        .take_while(|index| form.contains_key(&format!("name.{index}")))
        .map(|index| Submitted {
            shown: TemplateActivity {
                name: value(form, "name", index).to_owned(),
                description: value(form, "description", index).to_owned(),
                side: Side::parse(value(form, "side", index)).unwrap_or(Side::Product),
                assignments: TEMPLATE_ROLES
                    .iter()
                    .filter_map(|role| {
                        let letter = Letter::parse(value(form, role.as_str(), index)).ok()?;
                        Some(RoleLetter {
                            role: *role,
                            letter,
                        })
                    })
                    .collect(),
            },
            parsed: parse_row(form, index),
        })
        .collect()
}

/// The submitted rows as the grid shows them again.
fn shown_again(rows: Vec<Submitted>) -> Vec<(TemplateActivity, Option<String>)> {
    rows.into_iter()
        .map(|row| (row.shown, row.parsed.err()))
        .collect()
}

fn render(
    user: &CurrentUser,
    chrome: Chrome,
    version: i64,
    rows: Vec<(TemplateActivity, Option<String>)>,
    errors: FormErrors,
) -> Response {
    let can_edit = user.user.role == UserRole::Admin;
    let blanks = if can_edit { BLANK_ROWS } else { 0 };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let rows = rows
        .into_iter()
        .chain(std::iter::repeat_with(|| (blank(), None)).take(blanks))
        .enumerate()
        .map(|(index, (activity, error))| TemplateRow {
            error,
            ..row(index, &activity)
        })
        .collect();
    page::render_with_status(
        status,
        &TemplatePage {
            chrome,
            roles: TEMPLATE_ROLES.iter().map(|role| role.label()).collect(),
            rows,
            version,
            can_edit,
            errors,
        },
    )
}

fn staff_only(user: &CurrentUser) -> Result<(), WebError> {
    if user.user.role == UserRole::Client {
        return Err(ApiError::forbidden("workspace settings are for staff").into());
    }
    Ok(())
}

/// `GET /settings/raci` (staff).
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    staff_only(&user)?;
    let template = raci::template(&state.store).await?;
    let chrome = Chrome::signed_in(&user, Section::Settings).with_notice(notice.notice());
    let rows = template.activities.into_iter().map(|a| (a, None)).collect();
    Ok(render(
        &user,
        chrome,
        template.version,
        rows,
        FormErrors::default(),
    ))
}

fn version_of(form: &HashMap<String, String>) -> i64 {
    form.get("version")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(-1)
}

/// What the page says when saving the template was refused: a stale version or a broken
/// rule (its message); anything else is a page error.
fn refusal_message(error: ApiError) -> Result<String, WebError> {
    match error.status {
        StatusCode::PRECONDITION_FAILED => Ok(STALE.to_owned()),
        StatusCode::UNPROCESSABLE_ENTITY => Ok(error.message),
        _ => Err(error.into()),
    }
}

/// Saves `activities` as the template, or shows the grid again with what was typed.
async fn save_or_refuse(
    state: &AppState,
    meta: &RequestMeta,
    user: &CurrentUser,
    activities: &[TemplateActivity],
    form: &HashMap<String, String>,
    notice: Notice,
) -> Result<Response, WebError> {
    let writer = Writer {
        state,
        meta,
        actor: &user.user,
    };
    let refused = match raci::save_template(&writer, activities, version_of(form)).await {
        Ok(_) => return Ok(notice.redirect("/settings/raci").into_response()),
        Err(error) => refusal_message(error)?,
    };
    let current = raci::template(&state.store).await?;
    let chrome = Chrome::signed_in(user, Section::Settings);
    let errors = FormErrors::general(refused);
    Ok(render(
        user,
        chrome,
        current.version,
        shown_again(submitted(form)),
        errors,
    ))
}

/// `POST /settings/raci` (admins): replaces the default with the grid as submitted.
pub async fn save(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    staff_only(&user)?;
    let rows = submitted(&form);
    if rows.iter().any(|row| row.parsed.is_err()) {
        let current = raci::template(&state.store).await?;
        let chrome = Chrome::signed_in(&user, Section::Settings);
        let errors = FormErrors::general("Some activities need a fix; see the rows marked below.");
        return Ok(render(
            &user,
            chrome,
            current.version,
            shown_again(rows),
            errors,
        ));
    }
    let activities: Vec<TemplateActivity> = rows
        .into_iter()
        .filter_map(|row| row.parsed.ok().flatten())
        .collect();
    save_or_refuse(
        &state,
        &meta,
        &user,
        &activities,
        &form,
        Notice::RaciTemplateSaved,
    )
    .await
}

/// `POST /settings/raci/reset` (admins): back to the built-in product/project split.
pub async fn reset(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    staff_only(&user)?;
    let built_in = tandem_core::raci::default_template();
    save_or_refuse(
        &state,
        &meta,
        &user,
        &built_in,
        &form,
        Notice::RaciTemplateReset,
    )
    .await
}

/// `POST /projects/{key}/roles/make-default` (admins): the project's matrix becomes the
/// workspace default (its role letters; cells naming a person stay with the project). A
/// refusal (a stale version, a person accountable somewhere) shows the default unchanged
/// with the reason.
pub async fn from_project(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    match raci::save_template_from(&writer, &visible.project, version_of(&form)).await {
        Ok(_) => Ok(Notice::RaciTemplateFromProject
            .redirect("/settings/raci")
            .into_response()),
        Err(error) => {
            let errors = FormErrors::general(refusal_message(error)?);
            let template = raci::template(&state.store).await?;
            let chrome = Chrome::signed_in(&user, Section::Settings);
            let rows = template.activities.into_iter().map(|a| (a, None)).collect();
            Ok(render(&user, chrome, template.version, rows, errors))
        }
    }
}
