//! `/items/{item_key}`: one item — its fields in an edit form (a stale version says so), the
//! description rendered from Markdown, children with the roll-up, dependencies, comments
//! (internal ones for staff only, each editable by whoever the API lets change it), the
//! history timeline and a confirmed delete.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::{CsrfForm, NoFields, SignedIn};
use super::form::{Field, FormErrors, SelectOption};
use super::format;
use super::notice::Notice;
use super::page;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::etag;
use crate::items::fields::minutes_to_hours;
use crate::items::service::{self, CommentInput, DependencyInput, VisibleItem};
use crate::items::view::event_text;
use crate::items::{ItemContext, ItemFields, ItemView};
use crate::markdown;
use crate::people::writer;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tandem_core::access::ProjectAction;
use tandem_core::roles::UserRole;
use tandem_core::work::{DependencyKind, ItemType, Priority};
use tandem_store::ItemFilter;

const EDIT_FIELDS: &[Field] = &[
    ("title", "Title"),
    ("type", "Type"),
    ("status", "Status"),
    ("priority", "Priority"),
    ("assignee", "Assignee"),
    ("assignee_id", "Assignee"),
    ("parent", "Parent"),
    ("story_points", "Story points"),
    ("estimate_hours", "Estimate (hours)"),
    ("optimistic_hours", "Optimistic (hours)"),
    ("most_likely_hours", "Most likely (hours)"),
    ("pessimistic_hours", "Pessimistic (hours)"),
    ("remaining_hours", "Remaining (hours)"),
    ("due_date", "Due date"),
    ("start_date", "Start date"),
    ("labels", "Labels"),
    ("description", "Description"),
];

const LINK_FIELDS: &[Field] = &[
    ("predecessor", "Waits for"),
    ("successor", "Blocks"),
    ("kind", "Kind"),
    ("lag_days", "Lag"),
];
const COMMENT_FIELDS: &[Field] = &[("body", "Comment")];

/// The edit form's values (all text, as posted).
#[derive(Debug, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    title: String,
    #[serde(default, rename = "type")]
    item_type: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    story_points: String,
    #[serde(default)]
    estimate_hours: String,
    #[serde(default)]
    optimistic_hours: String,
    #[serde(default)]
    most_likely_hours: String,
    #[serde(default)]
    pessimistic_hours: String,
    #[serde(default)]
    remaining_hours: String,
    #[serde(default)]
    due_date: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    labels: String,
    #[serde(default)]
    blocking: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    version: String,
}

fn hours_text(value: Option<f64>) -> String {
    value.map(|h| h.to_string()).unwrap_or_default()
}

impl EditForm {
    fn current(view: &ItemView) -> Self {
        Self {
            title: view.title.clone(),
            item_type: view.item_type.clone(),
            status: view.status.id.to_string(),
            priority: view.priority.clone(),
            assignee: view
                .assignee
                .as_ref()
                .map(|p| p.id.to_string())
                .unwrap_or_default(),
            parent: view
                .parent
                .as_ref()
                .map(|p| p.key.clone())
                .unwrap_or_default(),
            story_points: view.story_points.map(|p| p.to_string()).unwrap_or_default(),
            estimate_hours: hours_text(view.estimate_hours),
            optimistic_hours: hours_text(view.optimistic_hours),
            most_likely_hours: hours_text(view.most_likely_hours),
            pessimistic_hours: hours_text(view.pessimistic_hours),
            remaining_hours: hours_text(view.remaining_hours),
            due_date: view.due_date.clone().unwrap_or_default(),
            start_date: view.start_date.clone().unwrap_or_default(),
            labels: view.labels.join(", "),
            blocking: view.blocking.then(|| "on".to_owned()),
            description: view.description.clone(),
            version: view.version.to_string(),
        }
    }

    /// The fields to apply; a number that does not parse is a message at its field.
    fn to_fields(&self) -> Result<ItemFields, FormErrors> {
        let number = |name: &'static str, text: &str| -> Result<Option<f64>, FormErrors> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            text.replace(',', ".")
                .parse::<f64>()
                .map(Some)
                .map_err(|_| FormErrors::field(EDIT_FIELDS, name, "enter a number"))
        };
        let points = number("story_points", &self.story_points)?;
        if points.is_some_and(|p| p.fract() != 0.0) {
            return Err(FormErrors::field(
                EDIT_FIELDS,
                "story_points",
                "enter a whole number",
            ));
        }
        let text = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        Ok(ItemFields {
            title: Some(self.title.clone()),
            item_type: text(&self.item_type),
            status_id: self.status.trim().parse().ok(),
            priority: text(&self.priority),
            assignee: Some(
                self.assignee
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .map(crate::projects::PersonInput::Id),
            ),
            parent: Some(text(&self.parent)),
            story_points: Some(points.map(|p| p as i64)),
            estimate_hours: Some(number("estimate_hours", &self.estimate_hours)?),
            optimistic_hours: Some(number("optimistic_hours", &self.optimistic_hours)?),
            most_likely_hours: Some(number("most_likely_hours", &self.most_likely_hours)?),
            pessimistic_hours: Some(number("pessimistic_hours", &self.pessimistic_hours)?),
            remaining_hours: Some(number("remaining_hours", &self.remaining_hours)?),
            due_date: Some(text(&self.due_date)),
            start_date: Some(text(&self.start_date)),
            labels: Some(self.labels.split(',').map(str::to_owned).collect()),
            blocking: Some(self.blocking.is_some()),
            description: Some(self.description.clone()),
            version: self.version.trim().parse().ok(),
            ..ItemFields::default()
        })
    }
}

/// A child row with its own figures.
pub struct ChildRow {
    pub key: String,
    pub title: String,
    pub type_label: &'static str,
    pub status: String,
    pub estimate: String,
}

/// A dependency row.
pub struct LinkRow {
    pub id: i64,
    pub direction: &'static str,
    pub other_key: String,
    pub other_title: String,
    pub kind: &'static str,
    pub lag_days: i64,
    pub blocking_now: bool,
}

/// A comment as shown, with what its edit form needs.
pub struct CommentRow {
    pub id: i64,
    pub author: String,
    pub at: String,
    pub html: String,
    /// The Markdown source (or the refused edit as typed), prefilled in the edit form.
    pub body: String,
    pub version: i64,
    pub internal: bool,
    /// The same rule the service applies: the author or an admin, with Contribute.
    pub changeable: bool,
    /// Why an edit of this comment was refused; its edit form opens to show it.
    pub errors: FormErrors,
}

/// A history line.
pub struct EventRow {
    pub at: String,
    pub actor: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "pages/item.html")]
struct ItemPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    item: ItemView,
    description_html: String,
    progress_percent: String,
    rollup_estimate: String,
    children: Vec<ChildRow>,
    links: Vec<LinkRow>,
    comments: Vec<CommentRow>,
    events: Vec<EventRow>,
    can_contribute: bool,
    staff: bool,
    form: EditForm,
    errors: FormErrors,
    types: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    priorities: Vec<SelectOption>,
    people: Vec<SelectOption>,
    kinds: Vec<SelectOption>,
    link_errors: FormErrors,
    comment_errors: FormErrors,
    delete_errors: FormErrors,
}

/// A refused form of the page.
enum Refused {
    Edit(Box<EditForm>, FormErrors),
    Link(FormErrors),
    Comment(FormErrors),
    /// An edit of comment `id`, with the body as typed.
    CommentEdit {
        id: i64,
        body: String,
        errors: FormErrors,
    },
    Delete(FormErrors),
}

/// `GET /items/{item_key}`.
pub async fn show(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(item_key): Path<String>,
) -> Result<Response, WebError> {
    let found = service::find(&state, &user, &item_key, ProjectAction::View).await?;
    render(&state, &user, found, None).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    found: VisibleItem,
    refused: Option<Refused>,
) -> Result<Response, WebError> {
    let VisibleItem { visible, item } = found;
    let project = &visible.project;
    let actor = user.actor();
    let can_contribute = actor.may_on(&visible.access, ProjectAction::Contribute);
    let staff = actor.may_on(&visible.access, ProjectAction::ViewInternal);
    let item_id = item.id;
    let context = ItemContext::load_for(state, &item).await?;
    let view = context.view(item);
    let children_filter = ItemFilter {
        parent_id: Some(item_id),
        ..ItemFilter::default()
    };
    let children = state
        .store
        .list_items(project.id, &children_filter)
        .await?
        .items
        .into_iter()
        .map(|child| ChildRow {
            type_label: child.item_type.label(),
            estimate: context
                .rollup(child.id)
                .map(|sum| sum.estimate_minutes)
                .or(child.estimate_minutes)
                .map(|m| format!("{}h", minutes_to_hours(m)))
                .unwrap_or_default(),
            key: child.key,
            title: child.title,
            status: child.status.name,
        })
        .collect();
    let links = state
        .store
        .item_dependencies(item_id)
        .await?
        .into_iter()
        .map(|dependency| {
            let waits = dependency.successor.id == item_id;
            let blocking_now = dependency.successor.category
                != tandem_core::work::StatusCategory::Done
                && tandem_core::work::blocks(dependency.kind, dependency.predecessor.category);
            let other = if waits {
                dependency.predecessor
            } else {
                dependency.successor
            };
            LinkRow {
                id: dependency.id,
                direction: if waits { "Waits for" } else { "Blocks" },
                other_key: other.key,
                other_title: other.title,
                kind: dependency.kind.as_str(),
                lag_days: dependency.lag_days,
                blocking_now,
            }
        })
        .collect();
    let chrome = Chrome::signed_in(user, Section::Projects);
    let is_admin = user.user.role == UserRole::Admin;
    let mut comments: Vec<CommentRow> = state
        .store
        .comments(item_id, staff)
        .await?
        .into_iter()
        .map(|comment| CommentRow {
            id: comment.id,
            changeable: can_contribute && (is_admin || comment.author.id == user.user.id),
            author: comment.author.name,
            at: format::timestamp(comment.created_at, &chrome.zone),
            html: markdown::to_html(&comment.body),
            body: comment.body,
            version: comment.version,
            internal: comment.internal,
            errors: FormErrors::default(),
        })
        .collect();
    let events = state
        .store
        .item_history(item_id)
        .await?
        .iter()
        .rev()
        .map(|event| EventRow {
            at: format::timestamp(event.at, &chrome.zone),
            actor: event
                .actor
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_else(|| "System".to_owned()),
            text: event_text(event),
        })
        .collect();
    let (mut form, mut errors) = (EditForm::current(&view), FormErrors::default());
    let (mut link_errors, mut comment_errors) = (FormErrors::default(), FormErrors::default());
    let mut delete_errors = FormErrors::default();
    let status = if refused.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    match refused {
        Some(Refused::Edit(refused_form, refused_errors)) => {
            (form, errors) = (*refused_form, refused_errors)
        }
        Some(Refused::Link(e)) => link_errors = e,
        Some(Refused::Comment(e)) => comment_errors = e,
        Some(Refused::CommentEdit { id, body, errors }) => {
            if let Some(row) = comments.iter_mut().find(|row| row.id == id) {
                (row.body, row.errors) = (body, errors);
            }
        }
        Some(Refused::Delete(e)) => delete_errors = e,
        None => {}
    }
    let workflow = state.store.workflow(project.id).await?;
    let statuses = workflow
        .statuses
        .iter()
        .map(|s| SelectOption::new(s.id.to_string(), s.name.clone(), &form.status))
        .collect();
    let types = ItemType::ALL
        .iter()
        .map(|t| SelectOption::new(t.as_str(), t.label(), &form.item_type))
        .collect();
    let priorities = Priority::ALL
        .iter()
        .map(|p| SelectOption::new(p.as_str(), p.label(), &form.priority))
        .collect();
    let mut people: Vec<SelectOption> = Vec::new();
    for member in state.store.list_members(project.id).await? {
        if member.role.is_manager() || member.role == tandem_core::roles::ProjectRole::Member {
            let id = member.user_id.to_string();
            if !people.iter().any(|p| p.value == id) {
                people.push(SelectOption::new(id, member.name, &form.assignee));
            }
        }
    }
    let kinds = DependencyKind::ALL
        .iter()
        .map(|k| SelectOption::new(k.as_str(), format!("{} ({})", k.as_str(), k.label()), "FS"))
        .collect();
    let page = ItemPage {
        chrome,
        tabs: chrome::project_tabs(&project.key, "/items"),
        description_html: markdown::to_html(&view.description),
        progress_percent: view
            .rollup
            .as_ref()
            .map(|r| format!("{:.0}%", r.progress * 100.0))
            .unwrap_or_default(),
        rollup_estimate: view
            .rollup
            .as_ref()
            .map(|r| format!("{}h", r.estimate_hours))
            .unwrap_or_default(),
        item: view,
        children,
        links,
        comments,
        events,
        can_contribute,
        staff,
        form,
        errors,
        types,
        statuses,
        priorities,
        people,
        kinds,
        link_errors,
        comment_errors,
        delete_errors,
    };
    Ok(page::render_with_status(status, &page))
}

/// A refusal as form messages (412 becomes the stale-version message).
fn form_errors(error: ApiError, fields: &[Field]) -> Result<FormErrors, WebError> {
    if error.status == StatusCode::PRECONDITION_FAILED {
        return Ok(FormErrors::general(
            "Someone else changed this item while you were editing it. Reload the page to see their change, then apply yours again.",
        ));
    }
    if error.code == "dependency_cycle" {
        let field = error
            .details
            .get("field")
            .and_then(|f| f.as_str())
            .unwrap_or("predecessor");
        let message = error
            .message
            .split_once(": ")
            .map(|(_, m)| m)
            .unwrap_or(&error.message);
        return Ok(FormErrors::field(fields, field, message));
    }
    FormErrors::from_api(error, fields)
}

/// `POST /items/{item_key}/edit`.
pub async fn edit(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(item_key): Path<String>,
    CsrfForm { user, form }: CsrfForm<EditForm>,
) -> Result<Response, WebError> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = writer(&state, &meta, &user);
    let outcome = match form.to_fields() {
        Ok(fields) => {
            let expected = fields.version.unwrap_or(found.item.version);
            service::update(
                &writer,
                &found.visible.project,
                &found.item,
                &fields,
                expected,
            )
            .await
            .map_err(|error| form_errors(error, EDIT_FIELDS))
        }
        Err(errors) => Err(Ok(errors)),
    };
    match outcome {
        Ok(view) => Ok(Redirect::to(&format!("/items/{}", view.key)).into_response()),
        Err(errors) => {
            let errors = errors?;
            let found = service::find(&state, &user, &item_key, ProjectAction::View).await?;
            render(
                &state,
                &user,
                found,
                Some(Refused::Edit(Box::new(form), errors)),
            )
            .await
        }
    }
}

/// What the dependency form posts.
#[derive(Debug, Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    predecessor: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    lag_days: String,
}

/// `POST /items/{item_key}/dependencies`: this item waits for `predecessor`.
pub async fn add_link(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(item_key): Path<String>,
    CsrfForm { user, form }: CsrfForm<LinkForm>,
) -> Result<Response, WebError> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = writer(&state, &meta, &user);
    let lag = form.lag_days.trim();
    let lag_days = if lag.is_empty() {
        Ok(0)
    } else {
        lag.parse::<i64>()
    };
    let outcome = match lag_days {
        Err(_) => Err(Ok(FormErrors::field(
            LINK_FIELDS,
            "lag_days",
            "enter whole working days",
        ))),
        Ok(lag_days) => {
            let input = DependencyInput {
                predecessor: Some(form.predecessor.trim().to_uppercase()),
                successor: None,
                kind: Some(form.kind.clone()),
                lag_days: Some(lag_days),
            };
            service::link(&writer, &found.visible.project, &found.item, &input)
                .await
                .map(drop)
                .map_err(|error| form_errors(error, LINK_FIELDS))
        }
    };
    match outcome {
        Ok(()) => {
            Ok(Redirect::to(&format!("/items/{}#dependencies", found.item.key)).into_response())
        }
        Err(errors) => render(&state, &user, found, Some(Refused::Link(errors?))).await,
    }
}

/// `POST /items/{item_key}/dependencies/{id}/remove`.
pub async fn remove_link(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((item_key, id)): Path<(String, i64)>,
    CsrfForm { user, form: _ }: CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = writer(&state, &meta, &user);
    service::unlink(&writer, &found.item, id).await?;
    Ok(Redirect::to(&format!("/items/{}#dependencies", found.item.key)).into_response())
}

/// The version a web form posted (as text: forms read through `CsrfForm` only take strings).
/// Like the API, a write that names none is refused (428) rather than applied to whatever is
/// stored now.
fn posted_version(text: &str) -> Result<i64, ApiError> {
    etag::expected_version(&HeaderMap::new(), text.trim().parse().ok())
}

/// What the comment forms post (a new comment, or an edit with the version it started from).
#[derive(Debug, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    internal: Option<String>,
    #[serde(default)]
    version: String,
}

impl CommentForm {
    /// What the service takes; the version travels separately (see [`posted_version`]).
    fn input(&self) -> CommentInput {
        CommentInput {
            body: self.body.clone(),
            internal: self.internal.is_some(),
            version: None,
        }
    }
}

/// `POST /items/{item_key}/comments`.
pub async fn add_comment(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(item_key): Path<String>,
    CsrfForm { user, form }: CsrfForm<CommentForm>,
) -> Result<Response, WebError> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = writer(&state, &meta, &user);
    match service::comment(&writer, &found.visible, &found.item, &form.input()).await {
        Ok(_) => Ok(Redirect::to(&format!("/items/{}#comments", found.item.key)).into_response()),
        Err(error) => {
            let errors = form_errors(error, COMMENT_FIELDS)?;
            render(&state, &user, found, Some(Refused::Comment(errors))).await
        }
    }
}

/// `POST /items/{item_key}/comments/{id}/delete`: deletes one's own comment.
pub async fn delete_comment(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((item_key, id)): Path<(String, i64)>,
    CsrfForm { user, form: _ }: CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = writer(&state, &meta, &user);
    service::delete_comment(&writer, &found.item, id).await?;
    Ok(Redirect::to(&format!("/items/{}#comments", found.item.key)).into_response())
}

/// `POST /items/{item_key}/comments/{id}`: edits a comment at the version its form showed.
/// Staff see the internal box prefilled, so an internal note stays internal unless unticked.
pub async fn edit_comment(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((item_key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<CommentForm>,
) -> Result<Response, WebError> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = writer(&state, &meta, &user);
    let input = form.input();
    let outcome = async {
        let expected = posted_version(&form.version)?;
        service::edit_comment(&writer, &found.visible, &found.item, id, &input, expected).await
    }
    .await;
    match outcome {
        Ok(_) => {
            Ok(Redirect::to(&format!("/items/{}#comment-{id}", found.item.key)).into_response())
        }
        Err(error) => {
            let errors = FormErrors::from_api(error, COMMENT_FIELDS)?;
            let refused = Refused::CommentEdit {
                id,
                body: form.body,
                errors,
            };
            render(&state, &user, found, Some(refused)).await
        }
    }
}

/// What the delete form posts: the version the person confirmed, so a change made since then
/// is not deleted unseen.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    version: String,
}

/// `POST /items/{item_key}/delete`: deletes the item like the API (an item with children is
/// refused with the API's message), then shows the project's items with a notice.
pub async fn delete(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(item_key): Path<String>,
    CsrfForm { user, form }: CsrfForm<DeleteForm>,
) -> Result<Response, WebError> {
    let found = service::find(&state, &user, &item_key, ProjectAction::Contribute).await?;
    let writer = writer(&state, &meta, &user);
    let outcome = async {
        let expected = posted_version(&form.version)?;
        service::delete(&writer, &found.item, expected).await
    }
    .await;
    match outcome {
        Ok(()) => {
            let items = format!("/projects/{}/items", found.visible.project.key);
            Ok(Notice::ItemDeleted.redirect(&items).into_response())
        }
        Err(error) => {
            let errors = form_errors(error, &[])?;
            render(&state, &user, found, Some(Refused::Delete(errors))).await
        }
    }
}
