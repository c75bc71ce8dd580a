//! `/projects/{key}/sprints`: the sprint list (planned, active, completed) with velocity and
//! cumulative flow, and one sprint's page: plan it from a filterable backlog against the
//! team's velocity, start it, complete it saying where each unfinished item goes, and read its
//! burndown and burn-up. Every action is a plain form calling the same services as the API.

use super::charts::{self, Chart, Series};
use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::delivery::history;
use crate::delivery::sprints::{self, SprintInput};
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::BTreeMap;
use tandem_core::access::ProjectAction;
use tandem_core::days::WorkspaceDays;
use tandem_core::delivery::{HistoryEvent, SprintOutcome};
use tandem_core::work::{ItemType, StatusCategory};
use tandem_store::{Item, ItemFilter, Sprint, Unfinished};

const SPRINT_FIELDS: &[Field] = &[
    ("name", "Name"),
    ("goal", "Goal"),
    ("starts_on", "First day"),
    ("ends_on", "Last day"),
    ("unfinished", "Unfinished items"),
];

/// How many completed sprints the velocity average looks back over.
const VELOCITY_WINDOW: usize = 3;
/// Backlog rows shown on the planning page (filter to find the rest).
const BACKLOG_ROWS: usize = 50;
/// Days of cumulative flow on the sprint list.
const FLOW_DAYS: i64 = 42;

/// A sprint as listed.
pub struct SprintRow {
    pub id: i64,
    pub name: String,
    pub goal: String,
    pub dates: String,
    pub state: String,
    pub items: usize,
    pub points: i64,
    pub version: i64,
}

impl SprintRow {
    fn new(sprint: &Sprint, items: &[&Item]) -> Self {
        let dates = match (&sprint.starts_on, &sprint.ends_on) {
            (None, None) => "No dates yet".to_owned(),
            (start, end) => format!(
                "{} – {}",
                format::date(start.as_deref()),
                format::date(end.as_deref())
            ),
        };
        SprintRow {
            id: sprint.id,
            name: sprint.name.clone(),
            goal: sprint.goal.clone(),
            dates,
            state: sprint.state.clone(),
            items: items.len(),
            points: points(items),
            version: sprint.version,
        }
    }
}

fn points(items: &[&Item]) -> i64 {
    items.iter().filter_map(|item| item.story_points).sum()
}

/// An item as the sprint page lists it.
pub struct ItemRow {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub kind: &'static str,
    pub status: String,
    pub points: String,
    pub assignee: String,
}

impl From<&Item> for ItemRow {
    fn from(item: &Item) -> Self {
        ItemRow {
            id: item.id,
            key: item.key.clone(),
            title: item.title.clone(),
            kind: item.item_type.label(),
            status: item.status.name.clone(),
            points: item
                .story_points
                .map(|p| p.to_string())
                .unwrap_or_else(|| "–".to_owned()),
            assignee: item
                .assignee
                .as_ref()
                .map_or_else(|| "Unassigned".to_owned(), |user| user.name.clone()),
        }
    }
}

/// The items of one status column on the sprint page.
pub struct StatusGroup {
    pub name: String,
    pub category: &'static str,
    pub items: Vec<ItemRow>,
}

#[derive(Template)]
#[template(path = "pages/sprints.html")]
struct SprintsPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    can_plan: bool,
    active: Vec<SprintRow>,
    planned: Vec<SprintRow>,
    completed: Vec<SprintRow>,
    velocity: Chart,
    velocity_average: Option<String>,
    flow: Chart,
    errors: FormErrors,
}

/// The project's items grouped by sprint id (backlog items are left out).
fn by_sprint(items: &[Item]) -> BTreeMap<i64, Vec<&Item>> {
    let mut grouped: BTreeMap<i64, Vec<&Item>> = BTreeMap::new();
    for item in items {
        if let Some(sprint_id) = item.sprint_id {
            grouped.entry(sprint_id).or_default().push(item);
        }
    }
    grouped
}

/// Average completed points of the last few completed sprints (`outcomes` oldest first).
fn velocity_average(outcomes: &[(Sprint, SprintOutcome)]) -> Option<f64> {
    let recent: Vec<i64> = outcomes
        .iter()
        .rev()
        .take(VELOCITY_WINDOW)
        .map(|(_, outcome)| outcome.completed_points)
        .collect();
    (!recent.is_empty()).then(|| recent.iter().sum::<i64>() as f64 / recent.len() as f64)
}

/// `GET /projects/{key}/sprints`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let chrome = Chrome::signed_in(&user, Section::Projects).with_notice(notice.notice());
    render_list(&state, &user, chrome, &visible, None).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    visible: &VisibleProject,
    refused: Option<FormErrors>,
) -> Result<Response, WebError> {
    let project = &visible.project;
    let sprints = state.store.list_sprints(project.id).await?;
    let items = state.store.items_for_planning(project.id).await?;
    let grouped = by_sprint(&items);
    let row = |sprint: &Sprint| {
        SprintRow::new(
            sprint,
            grouped.get(&sprint.id).map(Vec::as_slice).unwrap_or(&[]),
        )
    };
    let in_state = |wanted: &str| -> Vec<SprintRow> {
        sprints
            .iter()
            .filter(|sprint| sprint.state == wanted)
            .map(row)
            .collect()
    };
    let events = history::project_history(state, project.id).await?;
    let outcomes = history::velocity_over(state, project.id, &events).await?;
    let labels: Vec<String> = outcomes.iter().map(|(s, _)| s.name.clone()).collect();
    let velocity = charts::grouped_bars(
        &labels,
        &[
            (
                "Committed".to_owned(),
                "bar-committed",
                outcomes
                    .iter()
                    .map(|(_, o)| Some(o.committed_points as f64))
                    .collect(),
            ),
            (
                "Completed".to_owned(),
                "bar-completed",
                outcomes
                    .iter()
                    .map(|(_, o)| Some(o.completed_points as f64))
                    .collect(),
            ),
        ],
    );
    let days = crate::clock::days(&state.store).await?;
    let to = days.today();
    let from = to
        .checked_sub(jiff::Span::new().days(FLOW_DAYS - 1))
        .unwrap_or(to);
    let flow_points =
        tandem_core::delivery::cumulative_flow(&events, from, to, crate::clock::now_ms(), &days);
    let flow_labels: Vec<String> = flow_points
        .iter()
        .map(|p| p.date.strftime("%-d %b").to_string())
        .collect();
    let band = |pick: fn(&tandem_core::delivery::FlowPoint) -> i64| -> Vec<Option<f64>> {
        flow_points.iter().map(|p| Some(pick(p) as f64)).collect()
    };
    let flow = charts::stacked(
        &flow_labels,
        &[
            ("Done".to_owned(), "area-done", band(|p| p.done)),
            (
                "In progress".to_owned(),
                "area-progress",
                band(|p| p.in_progress),
            ),
            ("To do".to_owned(), "area-todo", band(|p| p.todo)),
        ],
    );
    let (status, errors) = refusal(refused);
    let page = SprintsPage {
        chrome,
        tabs: chrome::project_tabs(&project.key, "/sprints"),
        key: project.key.clone(),
        name: project.name.clone(),
        can_plan: user
            .actor()
            .may_on(&visible.access, ProjectAction::Contribute),
        active: in_state("active"),
        planned: in_state("planned"),
        completed: in_state("completed"),
        velocity,
        velocity_average: velocity_average(&outcomes).map(|avg| format!("{avg:.1}")),
        flow,
        errors,
    };
    Ok(page::render_with_status(status, &page))
}

fn refusal(refused: Option<FormErrors>) -> (StatusCode, FormErrors) {
    match refused {
        Some(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        None => (StatusCode::OK, FormErrors::default()),
    }
}

/// What the new-sprint and edit-sprint forms post.
#[derive(Debug, Default, Deserialize)]
pub struct SprintForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    goal: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    /// The version the edit form was loaded with (absent when creating).
    #[serde(default)]
    version: String,
}

impl SprintForm {
    /// The edit form filled from the stored sprint.
    fn of(sprint: &Sprint) -> Self {
        Self {
            name: sprint.name.clone(),
            goal: sprint.goal.clone(),
            starts_on: sprint.starts_on.clone().unwrap_or_default(),
            ends_on: sprint.ends_on.clone().unwrap_or_default(),
            version: sprint.version.to_string(),
        }
    }

    fn input(&self) -> SprintInput {
        SprintInput {
            name: Some(self.name.clone()),
            goal: Some(self.goal.clone()),
            starts_on: Some(self.starts_on.clone()),
            ends_on: Some(self.ends_on.clone()),
            version: None,
        }
    }
}

fn writer<'a>(state: &'a AppState, meta: &'a RequestMeta, user: &'a CurrentUser) -> Writer<'a> {
    Writer {
        state,
        meta,
        actor: &user.user,
    }
}

/// `POST /projects/{key}/sprints`: creates a planned sprint and opens it for planning.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<SprintForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let input = form.input();
    match sprints::create(&writer(&state, &meta, &user), visible.project.id, &input).await {
        Ok(sprint) => Ok(Notice::SprintCreated
            .redirect(&sprint_path(&key, sprint.id))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, SPRINT_FIELDS)?;
            let chrome = Chrome::signed_in(&user, Section::Projects);
            render_list(&state, &user, chrome, &visible, Some(errors)).await
        }
    }
}

fn sprint_path(key: &str, id: i64) -> String {
    format!("/projects/{key}/sprints/{id}")
}

/// The backlog filter of the planning panel.
#[derive(Debug, Default, Deserialize)]
pub struct BacklogQuery {
    #[serde(default)]
    q: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/sprint.html")]
struct SprintPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    sprint: SprintRow,
    can_plan: bool,
    groups: Vec<StatusGroup>,
    velocity_average: Option<String>,
    over_velocity: bool,
    backlog: Vec<ItemRow>,
    backlog_more: usize,
    query: String,
    types: Vec<SelectOption>,
    unfinished: Vec<ItemRow>,
    has_next: bool,
    burndown: Chart,
    burnup: Chart,
    spillover: Vec<ItemRow>,
    errors: FormErrors,
    /// The edit form: the stored sprint, or what was typed when it was refused.
    edit: SprintForm,
    /// Whether the edit form was the refused one (its panel opens).
    edit_refused: bool,
    /// The edit form's messages at its fields (none when another form was refused).
    edit_errors: FormErrors,
}

/// Loads a sprint of the project at `key`; a sprint of another project is not found.
async fn load(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    id: i64,
    action: ProjectAction,
) -> Result<(Sprint, VisibleProject), WebError> {
    let visible = guard::project(state, user, key, action).await?;
    let sprint = state
        .store
        .sprint_by_id(id)
        .await
        .map_err(|_| WebError::NotFound)?;
    if sprint.project_id != visible.project.id {
        return Err(WebError::NotFound);
    }
    Ok((sprint, visible))
}

/// `GET /projects/{key}/sprints/{id}`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
    Query(query): Query<BacklogQuery>,
) -> Result<Response, WebError> {
    let (sprint, visible) = load(&state, &user, &key, id, ProjectAction::View).await?;
    let notice = query.notice.as_deref().and_then(Notice::parse);
    let chrome = Chrome::signed_in(&user, Section::Projects).with_notice(notice);
    render_sprint(&state, &user, chrome, &visible, &sprint, &query, None).await
}

async fn render_sprint(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    visible: &VisibleProject,
    sprint: &Sprint,
    query: &BacklogQuery,
    refused: Option<Refusal>,
) -> Result<Response, WebError> {
    let (refused, typed_edit) = match refused {
        Some(Refusal { errors, edit }) => (Some(errors), edit),
        None => (None, None),
    };
    let project = &visible.project;
    let store = &state.store;
    let mine = store
        .list_items(
            project.id,
            &ItemFilter {
                sprint: Some(Some(sprint.id)),
                ..Default::default()
            },
        )
        .await?
        .items;
    let workflow = store.workflow(project.id).await?;
    let groups = workflow
        .statuses
        .iter()
        .map(|status| StatusGroup {
            name: status.name.clone(),
            category: status.category.as_str(),
            items: mine
                .iter()
                .filter(|item| item.status.id == status.id)
                .map(ItemRow::from)
                .collect(),
        })
        .collect();
    let kind = ItemType::parse(query.kind.trim()).ok();
    let planning = sprint.state != "completed";
    let backlog_page = if planning {
        store
            .list_items(
                project.id,
                &ItemFilter {
                    sprint: Some(None),
                    item_type: kind,
                    text: Some(query.q.trim().to_owned()).filter(|q| !q.is_empty()),
                    ..Default::default()
                },
            )
            .await?
            .items
    } else {
        Vec::new()
    };
    let open_backlog: Vec<&Item> = backlog_page
        .iter()
        .filter(|item| item.status.category != StatusCategory::Done)
        .filter(|item| !matches!(item.item_type, ItemType::Epic | ItemType::Milestone))
        .collect();
    let events = history::project_history(state, project.id).await?;
    let average = velocity_average(&history::velocity_over(state, project.id, &events).await?);
    let all: Vec<&Item> = mine.iter().collect();
    let committed = points(&all);
    let (burndown, burnup) = if sprint.started_at.is_some() {
        sprint_charts(&events, sprint, crate::clock::days(&state.store).await?)?
    } else {
        (Chart::default(), Chart::default())
    };
    let unfinished = if sprint.state == "active" {
        mine.iter()
            .filter(|item| item.status.category != StatusCategory::Done)
            .map(ItemRow::from)
            .collect()
    } else {
        Vec::new()
    };
    let has_next = store
        .list_sprints(project.id)
        .await?
        .iter()
        .any(|s| s.state == "planned" && s.id != sprint.id);
    let spillover = if sprint.state == "completed" {
        spilled_items(state, sprint).await?
    } else {
        Vec::new()
    };
    let (status, errors) = refusal(refused);
    let page = SprintPage {
        chrome,
        tabs: chrome::project_tabs(&project.key, "/sprints"),
        key: project.key.clone(),
        sprint: SprintRow::new(sprint, &all),
        can_plan: user
            .actor()
            .may_on(&visible.access, ProjectAction::Contribute),
        groups,
        velocity_average: average.map(|avg| format!("{avg:.1}")),
        over_velocity: average.is_some_and(|avg| committed as f64 > avg),
        backlog_more: open_backlog.len().saturating_sub(BACKLOG_ROWS),
        backlog: open_backlog
            .into_iter()
            .take(BACKLOG_ROWS)
            .map(ItemRow::from)
            .collect(),
        query: query.q.clone(),
        types: [ItemType::Story, ItemType::Task, ItemType::Bug]
            .iter()
            .map(|t| SelectOption::new(t.as_str(), t.label(), query.kind.trim()))
            .collect(),
        unfinished,
        has_next,
        burndown,
        burnup,
        spillover,
        edit_errors: match typed_edit {
            Some(_) => errors.clone(),
            None => FormErrors::default(),
        },
        errors,
        edit_refused: typed_edit.is_some(),
        edit: typed_edit.unwrap_or_else(|| SprintForm::of(sprint)),
    };
    Ok(page::render_with_status(status, &page))
}

/// Burndown (points, ideal vs remaining) and burn-up (scope vs done) of a started sprint.
fn sprint_charts(
    events: &[HistoryEvent],
    sprint: &Sprint,
    days: WorkspaceDays,
) -> Result<(Chart, Chart), WebError> {
    let (down, up) = history::burn_charts(events, sprint, days)?;
    let labels: Vec<String> = down
        .iter()
        .map(|p| p.date.strftime("%-d %b").to_string())
        .collect();
    let down_series: [Series; 2] = [
        (
            "Ideal".to_owned(),
            "line-ideal",
            down.iter().map(|p| Some(p.ideal_points)).collect(),
        ),
        (
            "Remaining points".to_owned(),
            "line-actual",
            down.iter()
                .map(|p| p.remaining_points.map(|v| v as f64))
                .collect(),
        ),
    ];
    let up_labels: Vec<String> = up
        .iter()
        .map(|p| p.date.strftime("%-d %b").to_string())
        .collect();
    let up_series: [Series; 2] = [
        (
            "Scope".to_owned(),
            "line-scope",
            up.iter()
                .map(|p| p.scope_points.map(|v| v as f64))
                .collect(),
        ),
        (
            "Done".to_owned(),
            "line-done",
            up.iter().map(|p| p.done_points.map(|v| v as f64)).collect(),
        ),
    ];
    Ok((
        charts::lines(&labels, &down_series),
        charts::lines(&up_labels, &up_series),
    ))
}

/// The items a completed sprint left unfinished, with where they went.
async fn spilled_items(state: &AppState, sprint: &Sprint) -> Result<Vec<ItemRow>, WebError> {
    let spillover = state.store.project_spillover(sprint.project_id).await?;
    let sprints = state.store.list_sprints(sprint.project_id).await?;
    let mut rows = Vec::new();
    for spilled in spillover.iter().filter(|s| s.sprint_id == sprint.id) {
        let Ok(item) = state.store.item(spilled.item_id).await else {
            continue;
        };
        let mut row = ItemRow::from(&item);
        row.status = match spilled.moved_to_sprint_id {
            Some(target) => sprints
                .iter()
                .find(|s| s.id == target)
                .map_or_else(|| "a later sprint".to_owned(), |s| s.name.clone()),
            None => "Backlog".to_owned(),
        };
        rows.push(row);
    }
    Ok(rows)
}

/// A form whose fields are named per item (`add_12`, `remove_12`, `to_12`) plus a few fixed
/// ones, read as a map because HTML forms cannot post lists to serde.
#[derive(Debug, Deserialize)]
pub struct ItemsForm {
    #[serde(flatten)]
    fields: BTreeMap<String, String>,
}

impl ItemsForm {
    /// Item ids of checked boxes named `{prefix}{id}`.
    fn ids(&self, prefix: &str) -> Vec<i64> {
        self.fields
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .filter_map(|(name, _)| name.strip_prefix(prefix)?.parse().ok())
            .collect()
    }

    fn version(&self) -> Result<i64, FormErrors> {
        self.fields
            .get("version")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| {
                FormErrors::general("This form is out of date. Reload the page and try again.")
            })
    }
}

/// The sprint page again with `errors`; `typed_edit` when the edit form was the refused one.
async fn refuse_sprint(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    id: i64,
    errors: FormErrors,
    typed_edit: Option<SprintForm>,
) -> Result<Response, WebError> {
    let (sprint, visible) = load(state, user, key, id, ProjectAction::View).await?;
    let chrome = Chrome::signed_in(user, Section::Projects);
    let query = BacklogQuery::default();
    let refused = Some(Refusal {
        errors,
        edit: typed_edit,
    });
    render_sprint(state, user, chrome, &visible, &sprint, &query, refused).await
}

/// Why the sprint page is shown again: the messages, and the edit form as typed when it was
/// the refused one.
struct Refusal {
    errors: FormErrors,
    edit: Option<SprintForm>,
}

/// `POST /projects/{key}/sprints/{id}/edit`: name, goal and dates, against the version the
/// form was loaded with; a refusal keeps what was typed.
pub async fn edit(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<SprintForm>,
) -> Result<Response, WebError> {
    let (sprint, _) = load(&state, &user, &key, id, ProjectAction::Contribute).await?;
    let Ok(version) = form.version.trim().parse() else {
        let errors =
            FormErrors::general("This form is out of date. Reload the page and try again.");
        return refuse_sprint(&state, &user, &key, id, errors, None).await;
    };
    let writer = writer(&state, &meta, &user);
    let outcome = sprints::update(&writer, &sprint, &form.input(), version).await;
    match outcome {
        Ok(_) => Ok(Notice::SprintSaved
            .redirect(&sprint_path(&key, id))
            .into_response()),
        Err(error) if error.status == StatusCode::PRECONDITION_FAILED => {
            let errors = FormErrors::general(
                "Someone else changed this sprint meanwhile; the page now shows their version. Apply your change again.",
            );
            refuse_sprint(&state, &user, &key, id, errors, None).await
        }
        Err(error) => {
            let errors = FormErrors::from_api(error, SPRINT_FIELDS)?;
            refuse_sprint(&state, &user, &key, id, errors, Some(form)).await
        }
    }
}

/// `POST /projects/{key}/sprints/{id}/delete`: removes a planned sprint; its items return
/// to the backlog.
pub async fn delete(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<ItemsForm>,
) -> Result<Response, WebError> {
    let (sprint, _) = load(&state, &user, &key, id, ProjectAction::Contribute).await?;
    let version = match form.version() {
        Ok(version) => version,
        Err(errors) => return refuse_sprint(&state, &user, &key, id, errors, None).await,
    };
    match sprints::delete(&writer(&state, &meta, &user), &sprint, version).await {
        Ok(()) => Ok(Notice::SprintDeleted
            .redirect(&format!("/projects/{key}/sprints"))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, SPRINT_FIELDS)?;
            refuse_sprint(&state, &user, &key, id, errors, None).await
        }
    }
}

/// `POST /projects/{key}/sprints/{id}/plan`: adds checked backlog items, removes checked
/// sprint items.
pub async fn plan(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<ItemsForm>,
) -> Result<Response, WebError> {
    let (sprint, _) = load(&state, &user, &key, id, ProjectAction::Contribute).await?;
    let add = form.ids("add_");
    let remove = form.ids("remove_");
    if add.is_empty() && remove.is_empty() {
        let errors = FormErrors::general("Tick the items to add or remove first.");
        return refuse_sprint(&state, &user, &key, id, errors, None).await;
    }
    match sprints::plan(&writer(&state, &meta, &user), &sprint, &add, &remove).await {
        Ok(_) => Ok(Notice::SprintPlanned
            .redirect(&sprint_path(&key, id))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, SPRINT_FIELDS)?;
            refuse_sprint(&state, &user, &key, id, errors, None).await
        }
    }
}

/// `POST /projects/{key}/sprints/{id}/start`.
pub async fn start(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<ItemsForm>,
) -> Result<Response, WebError> {
    let (sprint, _) = load(&state, &user, &key, id, ProjectAction::Contribute).await?;
    let version = match form.version() {
        Ok(version) => version,
        Err(errors) => return refuse_sprint(&state, &user, &key, id, errors, None).await,
    };
    match sprints::start(&writer(&state, &meta, &user), &sprint, version).await {
        Ok(_) => Ok(Notice::SprintStarted
            .redirect(&sprint_path(&key, id))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, SPRINT_FIELDS)?;
            refuse_sprint(&state, &user, &key, id, errors, None).await
        }
    }
}

/// A destination as the completion form names it.
fn destination(raw: &str) -> Option<Unfinished> {
    match raw {
        "next" => Some(Unfinished::Next),
        "backlog" => Some(Unfinished::Backlog),
        _ => None,
    }
}

/// `POST /projects/{key}/sprints/{id}/complete`: `all` sends every unfinished item one way;
/// `to_{item}` decides item by item (and wins over `all`).
pub async fn complete(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<ItemsForm>,
) -> Result<Response, WebError> {
    let (sprint, _) = load(&state, &user, &key, id, ProjectAction::Contribute).await?;
    let version = match form.version() {
        Ok(version) => version,
        Err(errors) => return refuse_sprint(&state, &user, &key, id, errors, None).await,
    };
    let all = form.fields.get("all").and_then(|raw| destination(raw));
    let per_item: Vec<(i64, Unfinished)> = form
        .fields
        .iter()
        .filter_map(|(name, value)| {
            let item = name.strip_prefix("to_")?.parse().ok()?;
            Some((item, destination(value)?))
        })
        .collect();
    match sprints::complete(
        &writer(&state, &meta, &user),
        &sprint,
        version,
        all,
        &per_item,
    )
    .await
    {
        Ok(_) => Ok(Notice::SprintCompleted
            .redirect(&sprint_path(&key, id))
            .into_response()),
        Err(error) => {
            let errors = FormErrors::from_api(error, SPRINT_FIELDS)?;
            refuse_sprint(&state, &user, &key, id, errors, None).await
        }
    }
}
