//! `/projects/{key}/risks`: the risk register (create, edit, remove), the 5×5 heat map of
//! active risks and the roadblocks. Client contacts see the shared risks only, read-only.
//! A risk's linked items are typed as comma-separated keys and listed as links; a risk that
//! came out of a workshop links back to it ("From workshop …").

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption};
use super::format;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::workshops;
use crate::guard::{self, VisibleProject};
use crate::people::risks::{self, RiskChange, RiskInput, RiskItemView};
use crate::people::roadblocks::{self, RoadblockView};
use crate::people::writer;
use crate::projects::PersonInput;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::people::risk::{self, Rating, RiskStatus, Severity, Visibility};
use tandem_core::roles::UserRole;
use tandem_store::{Risk, RiskFilter};

const RISK_FIELDS: &[Field] = &[
    ("title", "Title"),
    ("description", "Description"),
    ("probability", "Probability"),
    ("impact", "Impact"),
    ("owner", "Owner"),
    ("mitigation", "Mitigation"),
    ("status", "Status"),
    ("review_date", "Review date"),
    ("visibility", "Visibility"),
    ("item_keys", "Linked items"),
];

/// A risk as listed, with the options of its edit form.
pub struct RiskRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub probability: u8,
    pub impact: u8,
    pub exposure: u8,
    pub severity: &'static str,
    pub owner: String,
    pub mitigation: String,
    pub status: &'static str,
    pub review: String,
    pub review_value: String,
    pub shared: bool,
    pub items: Vec<RiskItemView>,
    /// The linked items' keys as the edit form shows them, `SHOP-1, SHOP-2`.
    pub item_keys: String,
    /// The workshop it came out of, `(id, title)`, when the visitor may see that workshop.
    pub origin: Option<(i64, String)>,
    pub version: i64,
    pub statuses: Vec<SelectOption>,
    pub owners: Vec<SelectOption>,
    pub probabilities: Vec<SelectOption>,
    pub impacts: Vec<SelectOption>,
}

/// One cell of the heat map.
pub struct HeatCell {
    pub probability: u8,
    pub count: u32,
    pub severity: &'static str,
}

/// One impact row of the heat map (5 at the top).
pub struct HeatRow {
    pub impact: u8,
    pub label: &'static str,
    pub cells: Vec<HeatCell>,
}

#[derive(Template)]
#[template(path = "pages/project_risks.html")]
struct RisksPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    internal: bool,
    can_contribute: bool,
    can_delete: bool,
    risks: Vec<RiskRow>,
    heat: Vec<HeatRow>,
    heat_total: u32,
    probability_labels: [&'static str; 5],
    new_owners: Vec<SelectOption>,
    new_probabilities: Vec<SelectOption>,
    new_impacts: Vec<SelectOption>,
    visibilities: Vec<SelectOption>,
    roadblocks: Vec<RoadblockView>,
    errors: FormErrors,
}

/// Words for the 1–5 ratings.
pub(crate) const PROBABILITY: [&str; 5] =
    ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
pub(crate) const IMPACT: [&str; 5] = ["Negligible", "Minor", "Moderate", "Major", "Severe"];

fn rating_options(labels: &[&str; 5], current: u8) -> Vec<SelectOption> {
    rating_choices(labels, &current.to_string())
}

/// The options of a 1–5 rating select worded by `labels`, `current` (as posted) selected;
/// shared with the workshop page's new-risk form.
pub(crate) fn rating_choices(labels: &[&str; 5], current: &str) -> Vec<SelectOption> {
    labels
        .iter()
        .zip(1u8..)
        .map(|(label, value)| {
            SelectOption::new(value.to_string(), format!("{value} – {label}"), current)
        })
        .collect()
}

fn severity_label(severity: Severity) -> &'static str {
    severity.as_str()
}

/// `GET /projects/{key}/risks`.
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
    let actor = user.actor();
    let may = |action| actor.may_on(&visible.access, action);
    let internal = may(ProjectAction::ViewInternal);
    let project = &visible.project;
    let all = risks::visible(&state.store, project.id, RiskFilter::default(), internal).await?;
    let members = state.store.list_members(project.id).await?;
    let mut owners: Vec<(i64, String)> = Vec::new();
    for member in members {
        if member.user_role != UserRole::Client
            && !owners.iter().any(|(id, _)| *id == member.user_id)
        {
            owners.push((member.user_id, member.name));
        }
    }
    let owner_options = |current: Option<i64>| -> Vec<SelectOption> {
        let current = current.map(|id| id.to_string()).unwrap_or_default();
        owners
            .iter()
            .map(|(id, name)| SelectOption::new(id.to_string(), name.clone(), &current))
            .collect()
    };
    let heat = risks::heat_map(&all);
    let heat_rows = (1..=5u8)
        .rev()
        .map(|impact| HeatRow {
            impact,
            label: IMPACT[usize::from(impact - 1)],
            cells: (1..=5u8)
                .map(|probability| HeatCell {
                    probability,
                    count: heat.cells[usize::from(impact - 1)][usize::from(probability - 1)],
                    severity: severity_label(risk::severity(probability * impact)),
                })
                .collect(),
        })
        .collect();
    let mut linked = risks::linked_items(&state.store, project.id).await?;
    let workshops: HashMap<i64, String> = workshops::visible_list(&state.store, visible, user)
        .await?
        .into_iter()
        .map(|workshop| (workshop.id, workshop.title))
        .collect();
    let rows = all
        .into_iter()
        .map(|risk| {
            let items = linked.remove(&risk.id).unwrap_or_default();
            let origin = risk
                .workshop_id
                .and_then(|id| Some((id, workshops.get(&id)?.clone())));
            RiskRow {
                origin,
                ..row(risk, items, &owner_options)
            }
        })
        .collect();
    let (status, errors) = match refused {
        Some(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        None => (StatusCode::OK, FormErrors::default()),
    };
    let page = RisksPage {
        chrome,
        tabs: chrome::project_tabs(&project.key, "/risks"),
        key: project.key.clone(),
        name: project.name.clone(),
        internal,
        can_contribute: may(ProjectAction::Contribute),
        can_delete: may(ProjectAction::Edit),
        risks: rows,
        heat: heat_rows,
        heat_total: heat.total,
        probability_labels: PROBABILITY,
        new_owners: owner_options(None),
        new_probabilities: rating_options(&PROBABILITY, risks::PROPOSED_RATING),
        new_impacts: rating_options(&IMPACT, risks::PROPOSED_RATING),
        visibilities: vec![
            SelectOption::new("internal", "Internal (team only)", "internal"),
            SelectOption::new("shared", "Shared with the client", "internal"),
        ],
        roadblocks: roadblocks::roadblocks(&state.store, project.id, crate::clock::now_ms())
            .await?,
        errors,
    };
    Ok(page::render_with_status(status, &page))
}

fn row(
    risk: Risk,
    items: Vec<RiskItemView>,
    owner_options: &impl Fn(Option<i64>) -> Vec<SelectOption>,
) -> RiskRow {
    let exposure = risk::exposure(risk.probability, risk.impact);
    let keys: Vec<&str> = items.iter().map(|item| item.key.as_str()).collect();
    RiskRow {
        origin: None,
        item_keys: keys.join(", "),
        id: risk.id,
        exposure,
        severity: severity_label(risk::severity(exposure)),
        probability: risk.probability.value(),
        impact: risk.impact.value(),
        owners: owner_options(risk.owner.as_ref().map(|owner| owner.id)),
        owner: risk
            .owner
            .map_or_else(|| "Nobody".to_owned(), |owner| owner.name),
        statuses: RiskStatus::ALL
            .iter()
            .map(|status| SelectOption::new(status.as_str(), status.label(), risk.status.as_str()))
            .collect(),
        status: risk.status.label(),
        review: format::date(risk.review_date.as_deref()),
        review_value: risk.review_date.unwrap_or_default(),
        shared: risk.visibility == Visibility::Shared,
        probabilities: rating_options(&PROBABILITY, risk.probability.value()),
        impacts: rating_options(&IMPACT, risk.impact.value()),
        title: risk.title,
        description: risk.description,
        mitigation: risk.mitigation,
        items,
        version: risk.version,
    }
}

async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    errors: Result<FormErrors, WebError>,
) -> Result<Response, WebError> {
    let errors = errors?;
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    render(
        state,
        user,
        Chrome::signed_in(user, Section::Projects),
        &visible,
        Some(errors),
    )
    .await
}

fn back(key: &str, notice: Notice) -> Response {
    notice
        .redirect(&format!("/projects/{key}/risks"))
        .into_response()
}

/// What the new-risk and edit-risk forms post.
#[derive(Debug, Deserialize)]
pub struct RiskForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    probability: String,
    #[serde(default)]
    impact: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    mitigation: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    review_date: String,
    #[serde(default)]
    visibility: String,
    /// Item keys separated by commas or spaces.
    #[serde(default)]
    item_keys: String,
    #[serde(default)]
    version: String,
}

impl RiskForm {
    /// A 1–5 rating from a select; anything else is a message at the field.
    fn rating(field: &'static str, raw: &str) -> Result<i64, FormErrors> {
        raw.trim()
            .parse::<i64>()
            .ok()
            .and_then(|value| Rating::parse(field, value).ok())
            .map(|rating| i64::from(rating.value()))
            .ok_or_else(|| FormErrors::field(RISK_FIELDS, field, "choose a value from 1 to 5"))
    }

    fn owner(&self) -> Option<PersonInput> {
        self.owner.trim().parse().ok().map(PersonInput::Id)
    }

    fn review_date(&self) -> Option<String> {
        Some(self.review_date.trim().to_owned()).filter(|d| !d.is_empty())
    }

    fn item_keys(&self) -> Vec<String> {
        self.item_keys
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|key| !key.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// `POST /projects/{key}/risks`: registers a risk.
pub async fn create(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<RiskForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let ratings = RiskForm::rating("probability", &form.probability)
        .and_then(|p| Ok((p, RiskForm::rating("impact", &form.impact)?)));
    let (probability, impact) = match ratings {
        Ok(ratings) => ratings,
        Err(errors) => return refuse(&state, &user, &key, Ok(errors)).await,
    };
    let input = RiskInput {
        title: form.title.clone(),
        description: form.description.clone(),
        probability,
        impact,
        owner: form.owner(),
        mitigation: form.mitigation.clone(),
        status: form.status.clone(),
        review_date: form.review_date(),
        visibility: Some(form.visibility.clone()).filter(|v| !v.is_empty()),
        item_keys: form.item_keys(),
    };
    match risks::create(&writer(&state, &meta, &user), &visible.project, &input).await {
        Ok(_) => Ok(back(&key, Notice::RiskAdded)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                FormErrors::from_api(error, RISK_FIELDS),
            )
            .await
        }
    }
}

/// `POST /projects/{key}/risks/{id}`: saves an edited risk at the version it was loaded with.
pub async fn update(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<RiskForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let parsed = RiskForm::rating("probability", &form.probability).and_then(|p| {
        let impact = RiskForm::rating("impact", &form.impact)?;
        let version = form.version.trim().parse::<i64>().map_err(|_| {
            FormErrors::general("This form is out of date. Reload the page and try again.")
        })?;
        Ok((p, impact, version))
    });
    let (probability, impact, version) = match parsed {
        Ok(parsed) => parsed,
        Err(errors) => return refuse(&state, &user, &key, Ok(errors)).await,
    };
    let change = RiskChange {
        title: Some(form.title.clone()),
        description: Some(form.description.clone()),
        probability: Some(probability),
        impact: Some(impact),
        owner: Some(form.owner()),
        mitigation: Some(form.mitigation.clone()),
        status: form.status.clone(),
        review_date: Some(form.review_date()),
        visibility: Some(form.visibility.clone()).filter(|v| !v.is_empty()),
        item_keys: Some(form.item_keys()),
        version: Some(version),
    };
    match risks::update(
        &writer(&state, &meta, &user),
        &visible.project,
        id,
        &change,
        version,
    )
    .await
    {
        Ok(_) => Ok(back(&key, Notice::RiskSaved)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                FormErrors::from_api(error, RISK_FIELDS),
            )
            .await
        }
    }
}

/// `POST /projects/{key}/risks/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<RiskForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let Ok(version) = form.version.trim().parse::<i64>() else {
        let errors =
            FormErrors::general("This form is out of date. Reload the page and try again.");
        return refuse(&state, &user, &key, Ok(errors)).await;
    };
    match risks::delete(&writer(&state, &meta, &user), &visible.project, id, version).await {
        Ok(()) => Ok(back(&key, Notice::RiskRemoved)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                FormErrors::from_api(error, RISK_FIELDS),
            )
            .await
        }
    }
}
