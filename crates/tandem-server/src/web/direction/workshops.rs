//! `/projects/{key}/workshops`: the list with a form to plan or record one, and a workshop's
//! page with its notes (Markdown), participants, what it produced, its edit form and "create
//! from this workshop" forms (features, hypotheses, decisions, risks, feedback) plus linking
//! an existing risk. All forms go through `direction::workshops`, so the web keeps the API's
//! rules (participants from the project, the version read, the risk register's ratings).

use super::vision::visibility_options;
use super::{Frame, lines, loaded_version, project};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::workshops::{self, OutcomeBody, ParticipantView, WorkshopBody, WorkshopView};
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::markdown;
use crate::people::risks;
use crate::projects::PersonInput;
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, FormErrors, SelectOption, Typed};
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use crate::web::risks as risk_page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::product::direction::{WorkshopKind, WorkshopStatus};
use tandem_store::RiskFilter;

const FIELDS: &[Field] = &[
    ("title", "Title"),
    ("kind", "Kind"),
    ("held_on", "Date"),
    ("status", "Status"),
    ("agenda", "Agenda"),
    ("notes", "Notes"),
    ("contacts", "Other participants"),
    ("participants", "Participants"),
    ("text", "Text"),
    ("importance", "Importance"),
    ("visibility", "Visibility"),
    ("probability", "Probability"),
    ("impact", "Impact"),
    ("link_id", "Risk"),
];

/// The kinds of the "create from this workshop" forms, in page order.
const OUTCOME_KINDS: [&str; 5] = ["feature", "hypothesis", "decision", "risk", "feedback"];

/// The new-workshop form's name; a "create from this workshop" form is `outcome-{kind}`.
const NEW: &str = "workshop";
/// The edit form's name on a workshop's page.
const EDIT: &str = "edit";

/// Ticked `person_<user id>` boxes name the participants with an account.
const PERSON: &str = "person_";

/// What the new-workshop and edit forms post; participants are ticked `person_<user id>` boxes.
#[derive(Debug, Deserialize, Serialize)]
pub struct WorkshopForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    agenda: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    contacts: String,
    #[serde(default)]
    visibility: String,
    /// The version the edit form was loaded with (kept when a refused form is shown again).
    #[serde(default)]
    version: String,
    #[serde(flatten)]
    people: HashMap<String, String>,
}

impl Default for WorkshopForm {
    /// A vision workshop already held, internal.
    fn default() -> Self {
        Self {
            title: String::new(),
            kind: WorkshopKind::Vision.as_str().to_owned(),
            held_on: String::new(),
            status: WorkshopStatus::Held.as_str().to_owned(),
            agenda: String::new(),
            notes: String::new(),
            contacts: String::new(),
            visibility: "internal".to_owned(),
            version: String::new(),
            people: HashMap::new(),
        }
    }
}

impl WorkshopForm {
    /// The edit form filled with the stored workshop: members ticked, contacts one per line.
    fn of(workshop: &WorkshopView) -> Self {
        Self {
            title: workshop.title.clone(),
            kind: workshop.kind.as_str().to_owned(),
            held_on: workshop.held_on.clone().unwrap_or_default(),
            status: workshop.status.as_str().to_owned(),
            agenda: workshop.agenda.clone(),
            notes: workshop.notes.clone(),
            contacts: workshop
                .participants
                .iter()
                .filter(|participant| participant.user_id.is_none())
                .map(|contact| contact.name.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            visibility: workshop.visibility.as_str().to_owned(),
            version: workshop.version.to_string(),
            people: workshop
                .participants
                .iter()
                .filter_map(|participant| participant.user_id)
                .map(|id| (format!("{PERSON}{id}"), "1".to_owned()))
                .collect(),
        }
    }

    /// Whether the box of person `user_id` is ticked.
    fn ticks(&self, user_id: i64) -> bool {
        self.people.contains_key(&format!("{PERSON}{user_id}"))
    }

    /// The service's body for what was typed (no version: the caller adds the one read).
    fn body(&self) -> WorkshopBody {
        WorkshopBody {
            title: self.title.clone(),
            kind: self.kind.clone(),
            held_on: Some(self.held_on.clone()),
            agenda: Some(self.agenda.clone()),
            notes: Some(self.notes.clone()),
            status: Some(self.status.clone()),
            visibility: Some(self.visibility.clone()),
            participants: self
                .people
                .keys()
                .filter_map(|name| name.strip_prefix(PERSON)?.parse().ok())
                .map(PersonInput::Id)
                .collect(),
            contacts: lines(&self.contacts),
            version: None,
        }
    }
}

/// The choices of a workshop form's selects and boxes.
struct Choices {
    kinds: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
    /// Members who may be ticked as participants, and those of `attended` who have left the
    /// project since: `(user id, name, ticked)`.
    people: Vec<(i64, String, bool)>,
}

impl Choices {
    /// The choices for `form`, its values selected and its participants ticked. Participants
    /// of the stored workshop (`attended`) who are no longer members keep their box, so that
    /// saving the edit form does not drop them.
    async fn of(
        state: &AppState,
        visible: &VisibleProject,
        form: &WorkshopForm,
        attended: &[ParticipantView],
    ) -> Result<Self, WebError> {
        let mut people: Vec<(i64, String, bool)> = Vec::new();
        for member in state.store.list_members(visible.project.id).await? {
            if !people.iter().any(|(id, _, _)| *id == member.user_id) {
                people.push((member.user_id, member.name, form.ticks(member.user_id)));
            }
        }
        for participant in attended {
            let Some(user_id) = participant.user_id else {
                continue;
            };
            if !people.iter().any(|(id, _, _)| *id == user_id) {
                let name = format!("{} (no longer on the project)", participant.name);
                people.push((user_id, name, form.ticks(user_id)));
            }
        }
        Ok(Self {
            kinds: WorkshopKind::ALL
                .iter()
                .map(|k| SelectOption::new(k.as_str(), k.as_str().replace('_', " "), &form.kind))
                .collect(),
            statuses: WorkshopStatus::ALL
                .iter()
                .map(|s| SelectOption::new(s.as_str(), s.as_str(), &form.status))
                .collect(),
            visibilities: visibility_options(&form.visibility),
            people,
        })
    }
}

#[derive(Template)]
#[template(path = "pages/direction_workshops.html")]
struct ListPage {
    chrome: Chrome,
    frame: Frame,
    workshops: Vec<WorkshopView>,
    form: WorkshopForm,
    choices: Choices,
}

#[derive(Template)]
#[template(path = "pages/direction_workshop.html")]
struct WorkshopPage {
    chrome: Chrome,
    frame: Frame,
    workshop: WorkshopView,
    /// The agenda and notes rendered from Markdown (raw HTML escaped).
    agenda_html: String,
    notes_html: String,
    /// The edit form: the stored workshop, or the refused form as typed.
    form: WorkshopForm,
    choices: Choices,
    /// The refused "create from this workshop" form as typed.
    outcome: OutcomeForm,
    /// The new-risk form's rating choices (the register's, 3 preselected or as typed).
    risk_probabilities: Vec<SelectOption>,
    risk_impacts: Vec<SelectOption>,
    /// The project's risks that did not come out of this workshop, to link one.
    linkable_risks: Vec<SelectOption>,
}

/// `GET /projects/{key}/workshops`.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let frame = Frame::shown(&user, &visible, "/workshops", notice.notice());
    render_list(&state, &user, &visible, frame).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
) -> Result<Response, WebError> {
    let views = workshops::visible_list(&state.store, visible, user).await?;
    let form: WorkshopForm = frame.typed.restore(NEW).unwrap_or_default();
    let choices = Choices::of(state, visible, &form, &[]).await?;
    let page = ListPage {
        chrome: frame.chrome.clone(),
        frame,
        workshops: views,
        form,
        choices,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `POST /projects/{key}/workshops`: participants come as checkboxes `person_<user id>`.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<WorkshopForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    match workshops::create(&Writer::new(&state, &meta, &user), &visible, &form.body()).await {
        Ok(workshop) => Ok(Notice::WorkshopSaved
            .redirect(&format!("/projects/{key}/workshops/{}", workshop.id))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(NEW, &form, error, FIELDS, "workshop")?;
            let frame = Frame::new(&user, &visible, "/workshops", typed);
            render_list(&state, &user, &visible, frame).await
        }
    }
}

/// `GET /projects/{key}/workshops/{id}`: the workshop, with its edit form for the team.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((key, id)): Path<(String, i64)>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = project(&state, &user, &key).await?;
    let frame = Frame::shown(&user, &visible, "/workshops", notice.notice());
    render_page(&state, &user, &visible, id, frame).await
}

async fn render_page(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
    frame: Frame,
) -> Result<Response, WebError> {
    let workshop = state.store.workshop(visible.project.id, id).await?;
    if !workshops::may_see(visible, user, &workshop) {
        return Err(ApiError::not_found("workshop").into());
    }
    let outcomes = state.store.workshop_outcomes(id).await?;
    let outcome: OutcomeForm = OUTCOME_KINDS
        .into_iter()
        .map(|kind| format!("outcome-{kind}"))
        .chain([LINK_RISK.to_owned()])
        .find_map(|name| frame.typed.restore(&name))
        .unwrap_or_default();
    let rated = |typed: &str| {
        Some(typed.trim().to_owned())
            .filter(|value| !value.is_empty() && outcome.kind == "risk")
            .unwrap_or_else(|| risks::PROPOSED_RATING.to_string())
    };
    let (risk_probabilities, risk_impacts) = (
        risk_page::rating_choices(&risk_page::PROBABILITY, &rated(&outcome.probability)),
        risk_page::rating_choices(&risk_page::IMPACT, &rated(&outcome.impact)),
    );
    let linkable_risks = if frame.can_edit {
        let all = state
            .store
            .list_risks(visible.project.id, &RiskFilter::default())
            .await?;
        all.into_iter()
            .filter(|risk| risk.workshop_id != Some(id))
            .map(|risk| SelectOption::new(risk.id.to_string(), risk.title, &outcome.link_id))
            .collect()
    } else {
        Vec::new()
    };
    let workshop = WorkshopView::new(workshop, outcomes, user);
    let form = frame
        .typed
        .restore(EDIT)
        .unwrap_or_else(|| WorkshopForm::of(&workshop));
    let choices = Choices::of(state, visible, &form, &workshop.participants).await?;
    let page = WorkshopPage {
        chrome: frame.chrome.clone(),
        frame,
        agenda_html: markdown::to_html(&workshop.agenda),
        notes_html: markdown::to_html(&workshop.notes),
        workshop,
        form,
        choices,
        outcome,
        risk_probabilities,
        risk_impacts,
        linkable_risks,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `POST /projects/{key}/workshops/{id}`: replaces every field the form shows at the
/// version it was loaded with (what it produced stays).
pub async fn update(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<WorkshopForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let version = match loaded_version(&form.version) {
        Ok(version) => version,
        Err(errors) => {
            let typed = Typed::refused(EDIT, &form, errors);
            let frame = Frame::new(&user, &visible, "/workshops", typed);
            return render_page(&state, &user, &visible, id, frame).await;
        }
    };
    let body = WorkshopBody {
        version: Some(version),
        ..form.body()
    };
    let writer = Writer::new(&state, &meta, &user);
    match workshops::update(&writer, &visible, id, &body, version).await {
        Ok(_) => Ok(Notice::WorkshopSaved
            .redirect(&format!("/projects/{key}/workshops/{id}"))
            .into_response()),
        Err(error) => {
            let typed = Typed::from_api(EDIT, &form, error, FIELDS, "workshop")?;
            let frame = Frame::new(&user, &visible, "/workshops", typed);
            render_page(&state, &user, &visible, id, frame).await
        }
    }
}

/// The name of the form that posted `form`: `outcome-{kind}` creating one, `link-risk`
/// linking an existing risk.
fn outcome_form(form: &OutcomeForm) -> String {
    if form.link_id.trim().is_empty() {
        format!("outcome-{}", form.kind)
    } else {
        LINK_RISK.to_owned()
    }
}

/// The name of the "link an existing risk" form.
const LINK_RISK: &str = "link-risk";

/// What a "create from this workshop" form posts.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct OutcomeForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    importance: String,
    #[serde(default)]
    description: String,
    /// A new risk's rating selects, 1–5.
    #[serde(default)]
    probability: String,
    #[serde(default)]
    impact: String,
    /// The existing artefact to link instead of creating one (the risk select).
    #[serde(default)]
    link_id: String,
}

impl OutcomeForm {
    /// A number typed into `field`: blank is `None`, anything but a whole number is refused.
    fn number(field: &'static str, raw: &str) -> Result<Option<i64>, FormErrors> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse()
            .map(Some)
            .map_err(|_| FormErrors::field(FIELDS, field, "choose one of the values offered"))
    }

    /// The service's body for what was posted.
    fn body(&self) -> Result<OutcomeBody, FormErrors> {
        let given = |text: &str| Some(text.to_owned()).filter(|t| !t.trim().is_empty());
        Ok(OutcomeBody {
            kind: self.kind.clone(),
            link_id: Self::number("link_id", &self.link_id)?,
            title: given(&self.title),
            text: given(&self.text),
            importance: given(&self.importance),
            description: given(&self.description),
            probability: Self::number("probability", &self.probability)?,
            impact: Self::number("impact", &self.impact)?,
            owner: None,
        })
    }
}

/// `POST /projects/{key}/workshops/{id}/outcomes`: creates an artefact from the workshop, or
/// links the existing one the form names (`link_id`).
pub async fn outcome(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<OutcomeForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let body = match form.body() {
        Ok(body) => body,
        Err(errors) => {
            let typed = Typed::refused(outcome_form(&form), &form, errors);
            let frame = Frame::new(&user, &visible, "/workshops", typed);
            return render_page(&state, &user, &visible, id, frame).await;
        }
    };
    let writer = Writer::new(&state, &meta, &user);
    match workshops::add_outcome(&writer, &visible, id, &body, None).await {
        Ok(_) => Ok(Notice::OutcomeAdded
            .redirect(&format!("/projects/{key}/workshops/{id}"))
            .into_response()),
        Err(error) => {
            let name = outcome_form(&form);
            let typed = Typed::from_api(name, &form, error, FIELDS, "workshop")?;
            let frame = Frame::new(&user, &visible, "/workshops", typed);
            render_page(&state, &user, &visible, id, frame).await
        }
    }
}
