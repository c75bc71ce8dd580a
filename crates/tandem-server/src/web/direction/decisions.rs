//! `/projects/{key}/decisions`: the decision log (overdue open decisions flagged) with the
//! form that records a decision — also used by the vision board's "record the decision" —
//! and `/projects/{key}/decisions/{id}`: one decision with its edit form. Both forms go
//! through `direction::decisions`, so the web keeps the API's rules (one decider once
//! decided, people from the project, the version read).

use super::vision::visibility_options;
use super::{Frame, lines, loaded_version, project};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::decisions::{self, Consequences, DecisionBody, DecisionView, LinkBody};
use crate::direction::{ensure_visible, sees_internal};
use crate::guard::{self, VisibleProject};
use crate::projects::PersonInput;
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, FormErrors, SelectOption, Typed, optional_id};
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::DecisionStatus;
use tandem_core::roles::ProjectRole;
use tandem_store::direction::DecisionFilter;

const FIELDS: &[Field] = &[
    ("title", "Title"),
    ("status", "Status"),
    ("context", "Context"),
    ("options", "Options considered"),
    ("decision", "Decision"),
    ("rationale", "Rationale"),
    ("decider", "Decider"),
    ("consulted", "Consulted"),
    ("consequences_scope", "Consequences for scope"),
    ("consequences_time", "Consequences for time"),
    ("consequences_cost", "Consequences for cost"),
    ("due_on", "Due"),
    ("revisit_on", "Revisit on"),
    ("superseded_by", "Superseded by"),
    ("visibility", "Visibility"),
];

/// The decision form's name on the decision log, on the vision board (where it records
/// the decision behind a direction change) and on a decision's page.
const LOG: &str = "decision";
pub(super) const DIRECTION: &str = "direction";
const EDIT: &str = "edit";

/// Ticked `consulted_<user id>` boxes name the people consulted.
const CONSULTED: &str = "consulted_";

/// What the decision forms post.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    context: String,
    #[serde(default)]
    options: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    pub(super) rationale: String,
    #[serde(default)]
    decider: String,
    #[serde(default)]
    consequences_scope: String,
    #[serde(default)]
    consequences_time: String,
    #[serde(default)]
    consequences_cost: String,
    #[serde(default)]
    due_on: String,
    #[serde(default)]
    revisit_on: String,
    /// The decision that replaces this one (edit form).
    #[serde(default)]
    superseded_by: String,
    #[serde(default)]
    visibility: String,
    /// Vision revisions the decision covers (comma-separated ids).
    #[serde(default)]
    revisions: String,
    /// `vision` to return to the vision board.
    #[serde(default)]
    back: String,
    /// The version the edit form was loaded with (kept when a refused form is shown again).
    #[serde(default)]
    version: String,
    /// The ticked `consulted_<user id>` boxes.
    #[serde(flatten)]
    consulted: HashMap<String, String>,
}

impl DecisionForm {
    /// The edit form filled with the stored decision.
    fn of(decision: &DecisionView) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let id = |value: Option<i64>| value.map(|id| id.to_string()).unwrap_or_default();
        Self {
            title: decision.title.clone(),
            status: decision.status.as_str().to_owned(),
            context: decision.context.clone(),
            options: decision.options.join("\n"),
            decision: decision.decision.clone(),
            rationale: decision.rationale.clone(),
            decider: id(decision.decider_id),
            consequences_scope: decision.consequences.scope.clone(),
            consequences_time: decision.consequences.time.clone(),
            consequences_cost: decision.consequences.cost.clone(),
            due_on: text(&decision.due_on),
            revisit_on: text(&decision.revisit_on),
            superseded_by: id(decision.superseded_by),
            visibility: decision.visibility.as_str().to_owned(),
            version: decision.version.to_string(),
            consulted: decision
                .consulted
                .iter()
                .map(|id| (format!("{CONSULTED}{id}"), "1".to_owned()))
                .collect(),
            ..Self::default()
        }
    }

    /// Whether the box of person `user_id` is ticked.
    fn consults(&self, user_id: i64) -> bool {
        self.consulted
            .contains_key(&format!("{CONSULTED}{user_id}"))
    }

    /// The service's body for what was typed, with the decider and successor as read from
    /// their selects and `links` (what the form does not show).
    fn body(
        &self,
        decider: Option<i64>,
        superseded_by: Option<i64>,
        links: Vec<LinkBody>,
    ) -> DecisionBody {
        DecisionBody {
            title: self.title.clone(),
            status: Some(self.status.clone()).filter(|s| !s.is_empty()),
            context: Some(self.context.clone()),
            options: lines(&self.options),
            decision: Some(self.decision.clone()),
            rationale: Some(self.rationale.clone()),
            decider: decider.map(PersonInput::Id),
            consulted: self
                .consulted
                .keys()
                .filter_map(|name| name.strip_prefix(CONSULTED)?.parse().ok())
                .map(PersonInput::Id)
                .collect(),
            due_on: Some(self.due_on.clone()),
            consequences: Some(Consequences {
                scope: self.consequences_scope.clone(),
                time: self.consequences_time.clone(),
                cost: self.consequences_cost.clone(),
            }),
            revisit_on: Some(self.revisit_on.clone()),
            superseded_by,
            visibility: Some(self.visibility.clone()).filter(|s| !s.is_empty()),
            links,
            ..DecisionBody::default()
        }
    }
}

/// The choices of a decision form's selects and boxes.
struct Choices {
    statuses: Vec<SelectOption>,
    /// Team members (a client contact is never the accountable decider).
    deciders: Vec<SelectOption>,
    /// Every member of the project, ticked when consulted: `(user id, name, ticked)`.
    people: Vec<(i64, String, bool)>,
    visibilities: Vec<SelectOption>,
}

impl Choices {
    /// The choices for `form`, `decider` selected.
    async fn of(
        state: &AppState,
        visible: &VisibleProject,
        form: &DecisionForm,
        decider: &str,
    ) -> Result<Self, WebError> {
        let mut deciders: Vec<SelectOption> = Vec::new();
        let mut people: Vec<(i64, String, bool)> = Vec::new();
        for member in state.store.list_members(visible.project.id).await? {
            if people.iter().any(|(id, _, _)| *id == member.user_id) {
                continue;
            }
            let value = member.user_id.to_string();
            if member.role != ProjectRole::Client {
                deciders.push(SelectOption::new(&value, &member.name, decider));
            }
            people.push((member.user_id, member.name, form.consults(member.user_id)));
        }
        let status_now = if form.status.is_empty() {
            DecisionStatus::Proposed.as_str()
        } else {
            form.status.as_str()
        };
        Ok(Self {
            statuses: DecisionStatus::ALL
                .iter()
                .map(|s| SelectOption::new(s.as_str(), s.as_str(), status_now))
                .collect(),
            deciders,
            people,
            visibilities: visibility_options(&form.visibility),
        })
    }
}

/// Which decisions the log shows.
#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    overdue: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/direction_decisions.html")]
struct DecisionsPage {
    chrome: Chrome,
    frame: Frame,
    decisions: Vec<DecisionView>,
    overdue_only: bool,
    form: DecisionForm,
    choices: Choices,
}

#[derive(Template)]
#[template(path = "pages/direction_decision.html")]
struct DecisionPage {
    chrome: Chrome,
    frame: Frame,
    d: DecisionView,
    form: DecisionForm,
    choices: Choices,
    /// The project's other decisions, for "superseded by".
    successors: Vec<SelectOption>,
}

/// `GET /projects/{key}/decisions`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<LogQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let frame = Frame::shown(
        &user,
        &visible,
        "/decisions",
        query.notice.as_deref().and_then(Notice::parse),
    );
    let overdue = query.overdue.is_some();
    render(&state, &user, &visible, frame, overdue).await
}

/// The decisions `user` may see, newest first; only open overdue ones when `overdue_only`.
async fn visible_decisions(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    overdue_only: bool,
) -> Result<Vec<DecisionView>, WebError> {
    let today = crate::clock::today_iso(&state.store).await?;
    let filter = DecisionFilter {
        overdue_on: overdue_only.then(|| today.clone()),
        shared_only: !sees_internal(user),
        ..DecisionFilter::default()
    };
    Ok(state
        .store
        .list_decisions(visible.project.id, &filter)
        .await?
        .into_iter()
        .map(|decision| DecisionView::new(decision, &today))
        .collect())
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
    overdue_only: bool,
) -> Result<Response, WebError> {
    let form: DecisionForm = frame.typed.restore(LOG).unwrap_or_default();
    let decisions = visible_decisions(state, user, visible, overdue_only).await?;
    // A new record names its author as decider until another is chosen.
    let decider = if form.decider.is_empty() {
        user.user.id.to_string()
    } else {
        form.decider.clone()
    };
    let choices = Choices::of(state, visible, &form, &decider).await?;
    let page = DecisionsPage {
        chrome: frame.chrome.clone(),
        decisions,
        overdue_only,
        form,
        choices,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// Shows the form again where it was sent from (the log or the vision board).
async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    form: &DecisionForm,
    typed: impl FnOnce(&'static str) -> Result<Typed, WebError>,
) -> Result<Response, WebError> {
    if form.back == "vision" {
        let frame = Frame::new(user, visible, "/vision", typed(DIRECTION)?);
        super::vision::render(state, user, visible, frame).await
    } else {
        let frame = Frame::new(user, visible, "/decisions", typed(LOG)?);
        render(state, user, visible, frame, false).await
    }
}

/// `POST /projects/{key}/decisions`.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<DecisionForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let decider = match optional_id(FIELDS, "decider", &form.decider) {
        Ok(id) => id,
        Err(errors) => {
            let typed = |name| Ok(Typed::refused(name, &form, errors));
            return refuse(&state, &user, &visible, &form, typed).await;
        }
    };
    let links = form
        .revisions
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .map(|id| LinkBody {
            kind: "vision_revision".to_owned(),
            id,
        })
        .collect();
    let decider = decider.or_else(|| (form.back == "vision").then_some(user.user.id));
    let body = form.body(decider, None, links);
    match decisions::create(&Writer::new(&state, &meta, &user), &visible, &body).await {
        Ok(_) => {
            let target = if form.back == "vision" {
                format!("/projects/{key}/vision")
            } else {
                format!("/projects/{key}/decisions")
            };
            Ok(Notice::DecisionRecorded.redirect(&target).into_response())
        }
        Err(error) => {
            let typed = |name| Typed::from_api(name, &form, error, FIELDS, "decision");
            refuse(&state, &user, &visible, &form, typed).await
        }
    }
}

/// `GET /projects/{key}/decisions/{id}`: the decision, with its edit form for the team.
pub async fn decision(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let frame = Frame::shown(&user, &visible, "/decisions", notice.notice());
    render_decision(&state, &user, &visible, id, frame).await
}

async fn render_decision(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
    frame: Frame,
) -> Result<Response, WebError> {
    let stored = state.store.decision(visible.project.id, id).await?;
    ensure_visible(visible, user, stored.visibility, "decision")?;
    let today = crate::clock::today_iso(&state.store).await?;
    let d = DecisionView::new(stored, &today);
    let form = frame
        .typed
        .restore(EDIT)
        .unwrap_or_else(|| DecisionForm::of(&d));
    let choices = Choices::of(state, visible, &form, &form.decider).await?;
    let successors = visible_decisions(state, user, visible, false)
        .await?
        .into_iter()
        .filter(|other| other.id != id)
        .map(|other| {
            let label = format!("#{} {}", other.id, other.title);
            SelectOption::new(other.id.to_string(), label, &form.superseded_by)
        })
        .collect();
    let page = DecisionPage {
        chrome: frame.chrome.clone(),
        d,
        form,
        choices,
        successors,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `POST /projects/{key}/decisions/{id}`: replaces every field the form shows at the
/// version it was loaded with; the links, workshop and decision date it does not show stay.
pub async fn update(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<DecisionForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let current = state.store.decision(visible.project.id, id).await?;
    let read = || -> Result<_, FormErrors> {
        Ok((
            loaded_version(&form.version)?,
            optional_id(FIELDS, "decider", &form.decider)?,
            optional_id(FIELDS, "superseded_by", &form.superseded_by)?,
        ))
    };
    let (version, decider, superseded_by) = match read() {
        Ok(read) => read,
        Err(errors) => {
            let frame = Frame::new(
                &user,
                &visible,
                "/decisions",
                Typed::refused(EDIT, &form, errors),
            );
            return render_decision(&state, &user, &visible, id, frame).await;
        }
    };
    let links = current.links.into_iter().map(LinkBody::from).collect();
    let body = DecisionBody {
        decided_on: current.decided_on,
        workshop_id: current.workshop_id,
        version: Some(version),
        ..form.body(decider, superseded_by, links)
    };
    let writer = Writer::new(&state, &meta, &user);
    match decisions::update(&writer, &visible, id, &body, version).await {
        Ok(_) => Ok(Notice::DecisionSaved
            .redirect(&format!("/projects/{key}/decisions/{id}"))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(EDIT, &form, error, FIELDS, "decision")?;
            let frame = Frame::new(&user, &visible, "/decisions", typed);
            render_decision(&state, &user, &visible, id, frame).await
        }
    }
}
