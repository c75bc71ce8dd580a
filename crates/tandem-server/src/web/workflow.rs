//! `/projects/{key}/settings/workflow`: the project's statuses (name, category, order, WIP
//! limit; add, rename, remove) and optional transition rules, saved as one whole workflow
//! through the same service as `PUT /api/v1/projects/{key}/workflow`. Removing a status that
//! still holds items is refused with a message naming it.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{FormErrors, SelectOption};
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::guard::{self, VisibleProject};
use crate::items::service::{self, StatusChange, TransitionChange, WorkflowChange};
use crate::items::view::{WorkflowStatusView, WorkflowView};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::BTreeMap;
use tandem_core::access::ProjectAction;
use tandem_core::work::StatusCategory;

/// A status row of the form.
pub struct StatusRow {
    pub index: usize,
    pub status: WorkflowStatusView,
    pub categories: Vec<SelectOption>,
}

#[derive(Template)]
#[template(path = "pages/workflow.html")]
struct WorkflowPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    can_edit: bool,
    rows: Vec<StatusRow>,
    new_categories: Vec<SelectOption>,
    transitions: String,
    version: i64,
    errors: FormErrors,
}

fn categories(current: &str) -> Vec<SelectOption> {
    StatusCategory::ALL
        .iter()
        .map(|c| SelectOption::new(c.as_str(), c.label(), current))
        .collect()
}

/// `GET /projects/{key}/settings/workflow`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let chrome = Chrome::signed_in(&user, Section::Projects).with_notice(notice.notice());
    render(&state, &user, chrome, &visible, None).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    visible: &VisibleProject,
    refused: Option<FormErrors>,
) -> Result<Response, WebError> {
    let project = &visible.project;
    let workflow = state.store.workflow(project.id).await?;
    let counts = state.store.status_counts(project.id).await?;
    let view = WorkflowView::new(workflow, &counts);
    let transitions = view
        .transitions
        .iter()
        .map(|t| format!("{} -> {}", t.from, t.to))
        .collect::<Vec<_>>()
        .join("\n");
    let (status, errors) = match refused {
        Some(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        None => (StatusCode::OK, FormErrors::default()),
    };
    let page = WorkflowPage {
        chrome,
        tabs: chrome::project_tabs(&project.key, "/board"),
        key: project.key.clone(),
        can_edit: user.actor().may_on(&visible.access, ProjectAction::Edit),
        version: view.version,
        rows: view
            .statuses
            .into_iter()
            .enumerate()
            .map(|(index, status)| StatusRow {
                index,
                categories: categories(&status.category),
                status,
            })
            .collect(),
        new_categories: categories("todo"),
        transitions,
        errors,
    };
    Ok(page::render_with_status(status, &page))
}

/// The posted form: per row `id_N`, `name_N`, `category_N`, `wip_N`, `order_N`, `remove_N`;
/// a new row `name_new`, `category_new`, `wip_new`; `transitions` one `From -> To` per line.
#[derive(Debug, Deserialize)]
pub struct WorkflowForm {
    #[serde(flatten)]
    fields: BTreeMap<String, String>,
}

impl WorkflowForm {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |v| v.trim())
    }

    /// A WIP limit: empty is none; otherwise a whole number of at least 1.
    fn wip(&self, name: &str, label: &str) -> Result<Option<i64>, String> {
        let raw = self.get(name);
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<i64>()
            .ok()
            .filter(|limit| *limit >= 1)
            .map(Some)
            .ok_or_else(|| format!("{label}: a WIP limit is a whole number of 1 or more."))
    }

    /// The workflow change the form asks for, or every problem with it.
    fn change(&self) -> Result<WorkflowChange, Vec<String>> {
        let mut problems = Vec::new();
        let mut rows: Vec<(f64, usize, StatusChange)> = Vec::new();
        let indexes: Vec<usize> = self
            .fields
            .keys()
            .filter_map(|name| name.strip_prefix("id_")?.parse().ok())
            .collect();
        for index in indexes {
            if !self.get(&format!("remove_{index}")).is_empty() {
                continue;
            }
            let name = self.get(&format!("name_{index}")).to_owned();
            let wip = self
                .wip(&format!("wip_{index}"), &name)
                .unwrap_or_else(|problem| {
                    problems.push(problem);
                    None
                });
            let order = self
                .get(&format!("order_{index}"))
                .parse::<f64>()
                .unwrap_or(index as f64);
            rows.push((
                order,
                index,
                StatusChange {
                    id: self.get(&format!("id_{index}")).parse().ok(),
                    name,
                    category: self.get(&format!("category_{index}")).to_owned(),
                    wip_limit: wip,
                },
            ));
        }
        let new_name = self.get("name_new");
        if !new_name.is_empty() {
            let wip = self.wip("wip_new", new_name).unwrap_or_else(|problem| {
                problems.push(problem);
                None
            });
            rows.push((
                f64::MAX,
                usize::MAX,
                StatusChange {
                    id: None,
                    name: new_name.to_owned(),
                    category: self.get("category_new").to_owned(),
                    wip_limit: wip,
                },
            ));
        }
        rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut transitions = Vec::new();
        for line in self.get("transitions").lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match line.split_once("->") {
                Some((from, to)) => transitions.push(TransitionChange {
                    from: from.trim().to_owned(),
                    to: to.trim().to_owned(),
                }),
                None => problems.push(format!(
                    "Transition rules: '{line}' is not of the form From -> To."
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(WorkflowChange {
            statuses: rows.into_iter().map(|(_, _, change)| change).collect(),
            transitions,
            version: self.get("version").parse().ok(),
        })
    }
}

/// `POST /projects/{key}/settings/workflow`: saves the whole workflow (managers only).
pub async fn save(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<WorkflowForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let refuse = |errors: FormErrors| {
        let chrome = Chrome::signed_in(&user, Section::Projects);
        render(&state, &user, chrome, &visible, Some(errors))
    };
    let change = match form.change() {
        Ok(change) => change,
        Err(problems) => return refuse(FormErrors::general(problems.join(" "))).await,
    };
    let Some(version) = change.version else {
        let errors =
            FormErrors::general("This form is out of date. Reload the page and try again.");
        return refuse(errors).await;
    };
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    match service::replace_workflow(&writer, &visible.project, &change, version).await {
        Ok(_) => Ok(Notice::WorkflowSaved
            .redirect(&format!("/projects/{key}/settings/workflow"))
            .into_response()),
        Err(error) => {
            let message = error.message.clone();
            let errors = match FormErrors::from_api(error, &[]) {
                Ok(errors) => errors,
                Err(_) => FormErrors::general(message),
            };
            refuse(errors).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> WorkflowForm {
        WorkflowForm {
            fields: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn rows_follow_their_order_and_removed_rows_leave() {
        let change = form(&[
            ("id_0", "1"),
            ("name_0", "To do"),
            ("category_0", "todo"),
            ("order_0", "2"),
            ("id_1", "2"),
            ("name_1", "Doing"),
            ("category_1", "in_progress"),
            ("order_1", "1"),
            ("wip_1", "3"),
            ("id_2", "3"),
            ("name_2", "Old"),
            ("remove_2", "1"),
            ("name_new", "Done"),
            ("category_new", "done"),
            ("transitions", "To do -> Doing\n\n"),
            ("version", "4"),
        ])
        .change()
        .unwrap_or_else(|problems| panic!("{problems:?}"));
        let names: Vec<&str> = change.statuses.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Doing", "To do", "Done"]);
        assert_eq!(change.statuses[0].wip_limit, Some(3));
        assert_eq!(change.transitions.len(), 1);
        assert_eq!(change.version, Some(4));
    }

    #[test]
    fn bad_limits_and_rules_are_all_reported() {
        let problems = form(&[
            ("id_0", "1"),
            ("name_0", "To do"),
            ("wip_0", "many"),
            ("transitions", "To do to Done"),
        ])
        .change()
        .err()
        .unwrap_or_default();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
