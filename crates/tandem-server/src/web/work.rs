//! The board (`/projects/{key}/board`) and the item list (`/projects/{key}/items`): columns
//! by status with WIP counts, cards that move by drag-and-drop or with a "Move" menu, swimlanes,
//! a filterable, sortable table with saved views, and quick create on both.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::api::workflow::{SavedViewInput, save_view};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::guard;
use crate::items::fields::minutes_to_hours;
use crate::items::service;
use crate::items::{ItemContext, ItemFields, ListParams};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::work::ItemType;
use tandem_store::{BoardCard, Item, Workflow};

/// Items per list page.
const LIST_PAGE: i64 = 500;

/// A row of the item list.
pub struct ListRow {
    pub key: String,
    pub title: String,
    pub type_label: &'static str,
    pub status: String,
    pub priority: &'static str,
    pub assignee: String,
    pub points: String,
    pub estimate: String,
    pub due: String,
    pub labels: String,
    pub blocked_by: String,
}

impl ListRow {
    fn new(item: Item, context: &ItemContext) -> Self {
        Self {
            blocked_by: context.blockers(item.id).join(", "),
            key: item.key,
            title: item.title,
            type_label: item.item_type.label(),
            status: item.status.name,
            priority: item.priority.as_str(),
            assignee: item.assignee.map(|user| user.name).unwrap_or_default(),
            points: item.story_points.map(|p| p.to_string()).unwrap_or_default(),
            estimate: item
                .estimate_minutes
                .map(|m| format!("{}h", minutes_to_hours(m)))
                .unwrap_or_default(),
            due: item.due_date.unwrap_or_default(),
            labels: item.labels.join(", "),
        }
    }
}

/// A status column head.
pub struct ColumnHead {
    pub id: i64,
    pub name: String,
    pub count: i64,
    pub limit: String,
    pub over: bool,
}

/// A card on the board: what [`BoardCard`] holds, ready to print.
pub struct BoardCardView {
    pub key: String,
    pub title: String,
    pub item_type: &'static str,
    pub type_label: &'static str,
    pub status_id: i64,
    pub assignee: String,
    pub points: String,
    pub blocked_by: String,
    pub version: i64,
}

impl BoardCardView {
    fn new(card: BoardCard, context: &ItemContext) -> Self {
        Self {
            blocked_by: context.blockers(card.id).join(", "),
            key: card.key,
            title: card.title,
            item_type: card.item_type.as_str(),
            type_label: card.item_type.label(),
            status_id: card.status_id,
            assignee: card.assignee.unwrap_or_default(),
            points: card.story_points.map(|p| p.to_string()).unwrap_or_default(),
            version: card.version,
        }
    }
}

/// One swimlane: its title and a column of cards per status.
pub struct Lane {
    pub title: String,
    pub columns: Vec<Vec<BoardCardView>>,
}

#[derive(Template)]
#[template(path = "pages/board.html")]
struct BoardPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    heads: Vec<ColumnHead>,
    lanes: Vec<Lane>,
    swimlane: String,
    can_contribute: bool,
    problem: Option<String>,
}

/// `?swimlane=` of the board.
#[derive(Debug, Default, Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    swimlane: String,
}

/// `GET /projects/{key}/board`.
pub async fn board(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<BoardQuery>,
) -> Result<Response, WebError> {
    render_board(&state, &user, &key, &query.swimlane, None).await
}

async fn render_board(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    swimlane: &str,
    problem: Option<String>,
) -> Result<Response, WebError> {
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    let project = &visible.project;
    let workflow = state.store.workflow(project.id).await?;
    let cards = state.store.board_cards(project.id, &project.key).await?;
    let context = ItemContext::load_blockers(state, project.id).await?;
    let column_of = |status_id: i64| {
        workflow
            .statuses
            .iter()
            .position(|status| status.id == status_id)
            .unwrap_or(0)
    };
    let epics: HashMap<i64, String> = cards
        .iter()
        .filter(|card| card.item_type == ItemType::Epic)
        .map(|card| (card.id, format!("{} {}", card.key, card.title)))
        .collect();
    let parents: HashMap<i64, Option<i64>> =
        cards.iter().map(|card| (card.id, card.parent_id)).collect();
    let epic_of = |card: &BoardCard| -> Option<String> {
        let mut cursor = card.parent_id;
        for _ in 0..parents.len() {
            let id = cursor?;
            if let Some(title) = epics.get(&id) {
                return Some(title.clone());
            }
            cursor = parents.get(&id).copied().flatten();
        }
        None
    };
    let mut counts = vec![0_i64; workflow.statuses.len()];
    let mut lanes: Vec<Lane> = Vec::new();
    let mut lane_index: HashMap<String, usize> = HashMap::new();
    for card in cards {
        if swimlane == "epic" && card.item_type == ItemType::Epic {
            continue;
        }
        let lane_title = match swimlane {
            "assignee" => card
                .assignee
                .clone()
                .unwrap_or_else(|| "Unassigned".to_owned()),
            "epic" => epic_of(&card).unwrap_or_else(|| "No epic".to_owned()),
            _ => String::new(),
        };
        let column = column_of(card.status_id);
        counts[column] += 1;
        let index = *lane_index.entry(lane_title.clone()).or_insert_with(|| {
            lanes.push(Lane {
                title: lane_title,
                columns: (0..workflow.statuses.len()).map(|_| Vec::new()).collect(),
            });
            lanes.len() - 1
        });
        lanes[index].columns[column].push(BoardCardView::new(card, &context));
    }
    lanes.sort_by(|a, b| a.title.cmp(&b.title));
    if lanes.is_empty() {
        lanes.push(Lane {
            title: String::new(),
            columns: (0..workflow.statuses.len()).map(|_| Vec::new()).collect(),
        });
    }
    let heads = workflow
        .statuses
        .iter()
        .zip(&counts)
        .map(|(status, count)| ColumnHead {
            id: status.id,
            name: status.name.clone(),
            count: *count,
            limit: status.wip_limit.map(|l| l.to_string()).unwrap_or_default(),
            over: status.wip_limit.is_some_and(|limit| *count > limit),
        })
        .collect();
    let can_contribute = user
        .actor()
        .may_on(&visible.access, ProjectAction::Contribute);
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = BoardPage {
        chrome: Chrome::signed_in(user, Section::Projects),
        tabs: chrome::project_tabs(&project.key, "/board"),
        key: project.key.clone(),
        name: project.name.clone(),
        heads,
        lanes,
        swimlane: swimlane.to_owned(),
        can_contribute,
        problem,
    };
    Ok(page::render_with_status(status, &page))
}

/// What a card's move button posts through the board's one shared form: `to` is
/// "ITEM-KEY VERSION STATUS-ID", so 5,000 cards need no form (and CSRF token) of their own.
#[derive(Debug, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    swimlane: String,
}

/// A parsed move: which item, at which version, to which status.
struct Move<'a> {
    item: &'a str,
    version: i64,
    status: &'a str,
}

impl MoveForm {
    /// The move the button names, or `None` for a value no board button writes.
    fn parse(&self) -> Option<Move<'_>> {
        let mut parts = self.to.split_whitespace();
        let (item, version, status) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Some(Move {
            item,
            version: version.parse().ok()?,
            status,
        })
    }
}

/// A refusal as one sentence for the page banner.
fn sentence(error: ApiError) -> Result<String, WebError> {
    match error.status {
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT => Ok(error.message),
        StatusCode::PRECONDITION_FAILED => Ok(
            "Someone else changed this item meanwhile; the board now shows their change. Try again."
                .to_owned(),
        ),
        _ => Err(error.into()),
    }
}

/// `POST /projects/{key}/board/move`: moves a card to another status (the same form serves
/// the button and drag-and-drop).
pub async fn move_card(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<MoveForm>,
) -> Result<Response, WebError> {
    let Some(wanted) = form.parse() else {
        let message = "That move was not understood; pick the card's new status again.";
        return render_board(
            &state,
            &user,
            &key,
            &form.swimlane,
            Some(message.to_owned()),
        )
        .await;
    };
    let found = service::find(&state, &user, wanted.item, ProjectAction::Contribute).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let fields = ItemFields {
        status_id: wanted.status.parse().ok(),
        status: Some(wanted.status.to_owned()),
        ..ItemFields::default()
    };
    let outcome = service::update(
        &writer,
        &found.visible.project,
        &found.item,
        &fields,
        wanted.version,
    )
    .await;
    match outcome {
        Ok(_) => {
            let lane = crate::web::percent_encode(&form.swimlane);
            Ok(Redirect::to(&format!("/projects/{key}/board?swimlane={lane}")).into_response())
        }
        Err(error) => {
            let message = sentence(error)?;
            render_board(&state, &user, &key, &form.swimlane, Some(message)).await
        }
    }
}

/// What quick create posts.
#[derive(Debug, Deserialize)]
pub struct QuickForm {
    #[serde(default)]
    title: String,
    #[serde(default, rename = "type")]
    item_type: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    parent: String,
    /// `board` or `list`: where to go back to.
    #[serde(default)]
    back: String,
}

/// `POST /projects/{key}/items/new`: quick create from the board or the list.
pub async fn quick_create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<QuickForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let given = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let fields = ItemFields {
        title: Some(form.title.clone()),
        item_type: given(&form.item_type),
        status_id: form.status.trim().parse().ok(),
        parent: given(&form.parent).map(Some),
        ..ItemFields::default()
    };
    let outcome = service::create(&writer, &visible.project, &fields).await;
    let back_to_item = form.back.starts_with("item:");
    match (outcome, form.back.as_str()) {
        (Ok(_), _) if back_to_item => {
            let parent = form.back.trim_start_matches("item:");
            Ok(
                Redirect::to(&format!("/items/{}", crate::web::percent_encode(parent)))
                    .into_response(),
            )
        }
        (Ok(_), "board") => Ok(Redirect::to(&format!("/projects/{key}/board")).into_response()),
        (Ok(view), _) => {
            Ok(Redirect::to(&format!("/projects/{key}/items#{}", view.key)).into_response())
        }
        (Err(error), "board") => {
            let message = sentence(error)?;
            render_board(&state, &user, &key, "", Some(message)).await
        }
        (Err(error), _) => {
            let message = sentence(error)?;
            render_list(
                &state,
                &user,
                &key,
                &ListParams::default(),
                Some(message),
                None,
            )
            .await
        }
    }
}

/// A sortable column head of the list.
pub struct SortLink {
    pub label: &'static str,
    pub href: String,
    /// `ascending`, `descending` or empty (for `aria-sort`).
    pub sorted: &'static str,
}

/// An option of a filter select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choices(
    pairs: impl IntoIterator<Item = (String, String)>,
    current: &Option<String>,
) -> Vec<Choice> {
    let current = current.as_deref().unwrap_or_default();
    pairs
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

/// A saved view in the menu.
pub struct ViewLink {
    pub id: i64,
    pub name: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "pages/items.html")]
struct ListPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    rows: Vec<ListRow>,
    total: i64,
    sort_links: Vec<SortLink>,
    statuses: Vec<Choice>,
    types: Vec<Choice>,
    assignees: Vec<Choice>,
    labels: Vec<Choice>,
    q: String,
    query: String,
    views: Vec<ViewLink>,
    next_page: Option<String>,
    previous_page: Option<String>,
    can_contribute: bool,
    problem: Option<String>,
}

/// `GET /projects/{key}/items`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(params): Query<ListParams>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    render_list(&state, &user, &key, &params, None, notice.notice()).await
}

const SORTABLE: &[(&str, &str)] = &[
    ("key", "Key"),
    ("title", "Title"),
    ("status", "Status"),
    ("priority", "Priority"),
    ("assignee", "Assignee"),
    ("points", "Points"),
    ("due", "Due"),
];

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    params: &ListParams,
    problem: Option<String>,
    notice: Option<Notice>,
) -> Result<Response, WebError> {
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    let project = &visible.project;
    let workflow: Workflow = state.store.workflow(project.id).await?;
    let offset = params.offset.unwrap_or(0).max(0);
    let (rows, total, problem) = match params
        .to_filter(state, project, &workflow, user.user.id)
        .await
    {
        Ok(mut filter) => {
            filter.limit = Some(LIST_PAGE);
            filter.offset = offset;
            let page = state.store.list_items(project.id, &filter).await?;
            let context = ItemContext::load_blockers(state, project.id).await?;
            let rows = page
                .items
                .into_iter()
                .map(|item| ListRow::new(item, &context))
                .collect();
            (rows, page.total, problem)
        }
        Err(error) => (Vec::new(), 0, Some(sentence(error)?)),
    };
    let query = params.to_query_string();
    let base = format!("/projects/{key}/items");
    let sort_links = SORTABLE
        .iter()
        .map(|(name, label)| {
            let current = params.sort.as_deref() == Some(*name);
            let descending = params.order.as_deref() == Some("desc");
            let next = ListParams {
                sort: Some((*name).to_owned()),
                order: Some(
                    if current && !descending {
                        "desc"
                    } else {
                        "asc"
                    }
                    .to_owned(),
                ),
                offset: None,
                ..params.clone()
            };
            SortLink {
                label,
                href: format!("{base}?{}", next.to_query_string()),
                sorted: match (current, descending) {
                    (true, false) => "ascending",
                    (true, true) => "descending",
                    _ => "",
                },
            }
        })
        .collect();
    let members = state.store.list_members(project.id).await?;
    let mut assignee_pairs = vec![
        ("me".to_owned(), "Me".to_owned()),
        ("none".to_owned(), "Unassigned".to_owned()),
    ];
    for member in members {
        let id = member.user_id.to_string();
        if !assignee_pairs.iter().any(|(value, _)| *value == id) {
            assignee_pairs.push((id, member.name));
        }
    }
    let page_link = |offset: i64| {
        let next = ListParams {
            offset: Some(offset),
            ..params.clone()
        };
        format!("{base}?{}&offset={offset}", next.to_query_string())
    };
    let views = state
        .store
        .saved_views(project.id, user.user.id)
        .await?
        .into_iter()
        .map(|view| ViewLink {
            href: format!("{base}?{}", view.query),
            id: view.id,
            name: view.name,
        })
        .collect();
    let labels = state.store.project_label_names(project.id).await?;
    let page = ListPage {
        chrome: Chrome::signed_in(user, Section::Projects).with_notice(notice),
        tabs: chrome::project_tabs(&project.key, "/items"),
        key: project.key.clone(),
        name: project.name.clone(),
        rows,
        total,
        sort_links,
        statuses: choices(
            workflow
                .statuses
                .iter()
                .map(|s| (s.name.clone(), s.name.clone())),
            &params.status,
        ),
        types: choices(
            ItemType::ALL
                .iter()
                .map(|t| (t.as_str().to_owned(), t.label().to_owned())),
            &params.item_type,
        ),
        assignees: choices(assignee_pairs, &params.assignee),
        labels: choices(labels.into_iter().map(|l| (l.clone(), l)), &params.label),
        q: params.q.clone().unwrap_or_default(),
        query,
        views,
        next_page: (offset + LIST_PAGE < total).then(|| page_link(offset + LIST_PAGE)),
        previous_page: (offset > 0).then(|| page_link((offset - LIST_PAGE).max(0))),
        can_contribute: user
            .actor()
            .may_on(&visible.access, ProjectAction::Contribute),
        problem: problem.clone(),
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(page::render_with_status(status, &page))
}

/// What "save this view" posts.
#[derive(Debug, Deserialize)]
pub struct ViewForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
}

/// `POST /projects/{key}/views`: saves the current filters under a name.
pub async fn save_current_view(
    State(state): State<AppState>,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<ViewForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let input = SavedViewInput {
        name: form.name.clone(),
        query: form.query.clone(),
    };
    match save_view(&state, visible.project.id, user.user.id, &input).await {
        Ok(view) => {
            Ok(Redirect::to(&format!("/projects/{key}/items?{}", view.query)).into_response())
        }
        Err(error) => {
            let message = sentence(error)?;
            render_list(
                &state,
                &user,
                &key,
                &ListParams::default(),
                Some(message),
                None,
            )
            .await
        }
    }
}

/// `POST /projects/{key}/views/{id}/delete`.
pub async fn delete_view(
    State(state): State<AppState>,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form: _ }: CsrfForm<super::extract::NoFields>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    match state
        .store
        .delete_saved_view(visible.project.id, user.user.id, id)
        .await
    {
        Ok(()) | Err(tandem_store::StoreError::NotFound) => {
            Ok(Redirect::to(&format!("/projects/{key}/items")).into_response())
        }
        Err(other) => Err(ApiError::from(other).into()),
    }
}
