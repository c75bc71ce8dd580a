//! `/projects/{key}/roadmap`: the roadmap a product manager can put in front of a client — the
//! now / next / later board of features (with the unplanned ones apart) and the release
//! timeline drawn on the server. Staff move a feature between horizons with the buttons on
//! its card; the move is the feature edit at the version shown, so a stale page is refused
//! with a message instead of overwriting someone's change. A client contact opening the same
//! URL sees only shared features and releases, without scores or move buttons.
//!
//! A GET form above the board narrows the page to a persona, a release (or none), a MoSCoW
//! priority and the MVP in or out, as `GET /api/v1/projects/{key}/roadmap` does with the same
//! parameters; the choice stays in the URL (and in the move buttons' address) so a filtered
//! view can be bookmarked and shared. A link whose filter names what is no longer there
//! comes back without that part, and says so.

use super::forms::{self, Sent, finish};
use super::{Frame, ModelLink, model_links};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::releases::ReleaseView;
use crate::params::given;
use crate::product::filter::{NO_RELEASE, RoadmapQuery};
use crate::product::input::FeatureChange;
use crate::product::roadmap::{self, ReleasePlan};
use crate::product::scope::ProductScope;
use crate::product::scores::SortModel;
use crate::product::service;
use crate::product::views::{FeatureView, PersonaView};
use crate::state::AppState;
use crate::web::chrome::{self, Chrome};
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, SelectOption, Typed};
use crate::web::notice::Notice;
use crate::web::page::{self, percent_encode};
use crate::web::timeline::{self, Chart};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tandem_core::product::artefacts::Horizon;
use tandem_core::product::direction::{Outcome, ReleaseStatus};
use tandem_core::product::moscow::Moscow;

/// The move form's inputs, with the labels their messages carry.
const FIELDS: &[Field] = &[("horizon", "Roadmap horizon")];

/// The models a card's score may come from (manual order has no score).
const SCORED: [SortModel; 3] = [SortModel::Rice, SortModel::Wsjf, SortModel::ValueEffort];

/// The page's query: the model of the cards' score, a notice after a move, and the filters.
#[derive(Debug, Default, Deserialize)]
pub struct RoadmapPageQuery {
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    notice: Option<String>,
    #[serde(flatten)]
    filters: RoadmapQuery,
}

/// What a card's move buttons post: the horizon chosen (empty: off the roadmap) and the
/// feature's version the page showed.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct MoveForm {
    #[serde(default)]
    horizon: String,
    #[serde(default)]
    version: String,
}

/// A move button: the horizon it posts and its label.
struct Target {
    value: &'static str,
    label: &'static str,
}

/// One feature card.
struct Card {
    feature: FeatureView,
    /// The chosen model's score (staff only; empty for clients).
    score: String,
    /// Share of the readiness conditions that hold, in percent.
    readiness_percent: u32,
    /// The release the feature is planned into, when the visitor may see it.
    release: Option<(i64, String)>,
    /// Where the card may move to (empty for visitors who may not edit).
    targets: Vec<Target>,
    /// The move of this card was refused (its message is in the summary).
    refused: bool,
}

impl Card {
    /// The form name of this card's move buttons (a refusal names it).
    fn form_name(id: i64) -> String {
        format!("move-{id}")
    }
}

/// A column of the board.
struct Column {
    label: &'static str,
    horizon: &'static str,
    cards: Vec<Card>,
}

/// A release under the timeline, with its status in words and its features.
struct Entry {
    release: ReleaseView,
    summary: String,
    cards: Vec<Card>,
    /// The release the page is filtered to (highlighted).
    chosen: bool,
}

/// The filter form above the board: each select with the current choice.
struct Filters {
    personas: Vec<SelectOption>,
    releases: Vec<SelectOption>,
    moscow: Vec<SelectOption>,
    mvp: Vec<SelectOption>,
    /// The score model the form keeps when filtering (staff only).
    sort: &'static str,
    /// True when any filter is set ("Clear" and the match count show).
    active: bool,
    /// The filters as a query string (`?persona=3`), which the move buttons post to so the
    /// page comes back filtered.
    query: String,
}

#[derive(Template)]
#[template(path = "pages/product_roadmap.html")]
struct RoadmapPage {
    chrome: Chrome,
    frame: Frame,
    models: Vec<ModelLink>,
    sort_label: &'static str,
    filters: Filters,
    /// Features on the board (columns and unplanned), shown with the filters.
    matching: usize,
    columns: Vec<Column>,
    unplanned: Vec<Card>,
    chart: Option<Chart>,
    releases: Vec<Entry>,
    /// Releases without a target date (listed, not drawn).
    undated: usize,
}

/// The label of a horizon (`None`: off the roadmap).
fn horizon_label(horizon: Option<&str>) -> &'static str {
    match horizon {
        Some("now") => "Now",
        Some("next") => "Next",
        Some("later") => "Later",
        _ => "Unplanned",
    }
}

/// How the page presents features to this visitor.
struct Presenter<'a> {
    sort: SortModel,
    internal: bool,
    can_edit: bool,
    /// The releases the visitor may see: id and name.
    releases: &'a [(i64, String)],
    typed: &'a Typed,
}

impl Presenter<'_> {
    fn card(&self, feature: FeatureView) -> Card {
        let score = if self.internal {
            feature
                .scores
                .by(self.sort)
                .map_or_else(|| "–".to_owned(), |s| format!("{s:.2}"))
        } else {
            String::new()
        };
        let release = feature
            .release_id
            .and_then(|id| self.releases.iter().find(|(seen, _)| *seen == id).cloned());
        let current = feature.horizon.as_deref().unwrap_or_default();
        let targets = if self.can_edit {
            Horizon::ALL
                .iter()
                .map(|h| h.as_str())
                .chain([""])
                .filter(|value| *value != current)
                .map(|value| Target {
                    value,
                    label: if value.is_empty() {
                        "Unplan"
                    } else {
                        horizon_label(Some(value))
                    },
                })
                .collect()
        } else {
            Vec::new()
        };
        Card {
            readiness_percent: (feature.readiness.score * 100.0).round() as u32,
            refused: self.typed.is(&Card::form_name(feature.id)),
            feature,
            score,
            release,
            targets,
        }
    }

    fn cards(&self, features: Vec<FeatureView>) -> Vec<Card> {
        features.into_iter().map(|f| self.card(f)).collect()
    }
}

/// A release's status, go/no-go outcome and readiness in words; `filtered` speaks of the
/// features matching the filters.
fn release_summary(plan: &ReleasePlan, filtered: bool) -> String {
    let release = &plan.release;
    let mut parts = vec![release.status.as_str().to_owned()];
    if let Some(outcome) = release.outcome {
        parts.push(format!("go/no-go: {}", outcome.as_str()));
    }
    let kind = if filtered {
        "matching feature"
    } else {
        "feature"
    };
    parts.push(match plan.features.len() {
        0 if filtered => "no matching features".to_owned(),
        0 => "no features yet".to_owned(),
        1 => format!("{} of 1 {kind} ready", plan.ready),
        total => format!("{} of {total} {kind}s ready", plan.ready),
    });
    parts.join(" · ")
}

/// The CSS class of a release's mark: its outcome when decided, else its status.
fn release_class(release: &ReleaseView) -> &'static str {
    match (release.outcome, release.status) {
        (_, ReleaseStatus::Released) => "released",
        (Some(Outcome::Delay), _) => "delayed",
        (Some(Outcome::Descope), _) => "descoped",
        (_, ReleaseStatus::Approved) | (Some(Outcome::Go), _) => "approved",
        _ => "planned",
    }
}

/// The timeline of the dated releases, with the workspace's `today` marked.
fn chart(key: &str, entries: &[Entry], today: jiff::civil::Date) -> Option<Chart> {
    let dated = entries
        .iter()
        .filter_map(|entry| {
            let release = &entry.release;
            let date = release.target_date.as_deref()?.parse().ok()?;
            Some(timeline::Release {
                href: format!("/projects/{key}/releases/{}", release.id),
                date,
                name: release.name.clone(),
                summary: format!("{date} · {}", entry.summary),
                class: release_class(release),
                chosen: entry.chosen,
            })
        })
        .collect();
    timeline::layout(dated, today)
}

/// The filters as a query string (`?persona=3&release=none`), empty when none is set.
fn query_string(filters: &RoadmapQuery) -> String {
    let pairs: Vec<String> = filters
        .pairs()
        .into_iter()
        .map(|(name, value)| format!("{name}={}", percent_encode(value)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// The filter form showing `filters`, over the personas and releases the visitor may see.
fn filter_form(
    filters: &RoadmapQuery,
    personas: &[PersonaView],
    releases: &[(i64, String)],
    sort: SortModel,
) -> Filters {
    let current = |raw: &Option<String>| given(raw).unwrap_or_default().to_owned();
    let fixed = |choices: &[(&str, &str)], current: &str| -> Vec<SelectOption> {
        choices
            .iter()
            .map(|(value, label)| SelectOption::new(*value, *label, current))
            .collect()
    };
    let persona = current(&filters.persona);
    let release = current(&filters.release);
    let mut persona_options = fixed(&[("", "Any persona")], &persona);
    persona_options.extend(
        personas
            .iter()
            .map(|p| SelectOption::new(p.id.to_string(), p.name.clone(), &persona)),
    );
    let mut release_options = fixed(&[("", "Any release"), (NO_RELEASE, "No release")], &release);
    release_options.extend(
        releases
            .iter()
            .map(|(id, name)| SelectOption::new(id.to_string(), name.clone(), &release)),
    );
    Filters {
        personas: persona_options,
        releases: release_options,
        moscow: forms::options(
            Moscow::ALL,
            Moscow::as_str,
            &current(&filters.moscow),
            Some("Any priority"),
        ),
        mvp: fixed(
            &[
                ("", "In or out"),
                ("in", "In the MVP"),
                ("out", "Outside the MVP"),
            ],
            &current(&filters.mvp),
        ),
        sort: sort.as_str(),
        active: !filters.pairs().is_empty(),
        query: query_string(filters),
    }
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    sort: SortModel,
    filters: &RoadmapQuery,
    notice: Option<Notice>,
    typed: Typed,
) -> Result<Response, WebError> {
    let scope = ProductScope::read(state, user, key).await?;
    let filter = filters.filter(state, &scope).await?;
    let plan = roadmap::plan(state, &scope, user, filter).await?;
    let personas = service::personas(state, &scope).await?;
    let names: Vec<(i64, String)> = plan
        .releases
        .iter()
        .map(|p| (p.release.id, p.release.name.clone()))
        .collect();
    let presenter = Presenter {
        sort,
        internal: scope.internal,
        can_edit: scope.can_edit,
        releases: &names,
        typed: &typed,
    };
    let columns: Vec<Column> = plan
        .board
        .columns
        .into_iter()
        .zip(Horizon::ALL)
        .map(|(column, horizon)| Column {
            label: horizon_label(Some(horizon.as_str())),
            horizon: horizon.as_str(),
            cards: presenter.cards(column.features),
        })
        .collect();
    let unplanned = presenter.cards(plan.board.unplaced);
    let form = filter_form(filters, &personas, &names, sort);
    let chosen = filter.release_id();
    let releases: Vec<Entry> = plan
        .releases
        .into_iter()
        .map(|p| Entry {
            summary: release_summary(&p, form.active),
            cards: presenter.cards(p.features),
            chosen: chosen == Some(p.release.id),
            release: p.release,
        })
        .collect();
    let mut frame = Frame::new(user, &scope, notice, typed);
    frame.tabs = chrome::project_tabs(&frame.key, "/roadmap");
    let also = form.query.replacen('?', "&", 1);
    let models = model_links(&frame.key, "roadmap", &SCORED, sort, &also);
    let page = RoadmapPage {
        chrome: frame.chrome.clone(),
        models,
        sort_label: sort.label(),
        chart: chart(
            &frame.key,
            &releases,
            crate::clock::today(&state.store).await?,
        ),
        undated: releases
            .iter()
            .filter(|e| e.release.target_date.is_none())
            .count(),
        matching: columns.iter().map(|c| c.cards.len()).sum::<usize>() + unplanned.len(),
        filters: form,
        columns,
        unplanned,
        releases,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `GET /projects/{key}/roadmap`. A filter parameter the API would refuse — most often a
/// bookmarked link naming a persona or release deleted or unshared since — is dropped with
/// a notice (a redirect to the rest of the filter) rather than a 422 page.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<RoadmapPageQuery>,
) -> Result<Response, WebError> {
    if !query.filters.pairs().is_empty() {
        let scope = ProductScope::read(&state, &user, &key).await?;
        if let Some(kept) = query.filters.without_refused(&state, &scope).await? {
            let mut path = format!("/projects/{key}/roadmap{}", query_string(&kept));
            if let Some(sort) = given(&query.sort) {
                let separator = if path.contains('?') { '&' } else { '?' };
                path.push_str(&format!("{separator}sort={}", percent_encode(sort)));
            }
            return Ok(Notice::RoadmapFilterCleared.redirect(&path).into_response());
        }
    }
    let notice = query.notice.as_deref().and_then(Notice::parse);
    let sort = query
        .sort
        .as_deref()
        .and_then(SortModel::parse)
        .filter(|m| SCORED.contains(m))
        .unwrap_or_default();
    render(
        &state,
        &user,
        &key,
        sort,
        &query.filters,
        notice,
        Typed::default(),
    )
    .await
}

/// `POST /projects/{key}/roadmap/features/{id}/move`: puts the feature on another horizon
/// (or off the roadmap) through the same feature edit as `PATCH …/features/{id}`, at the
/// version the page showed.
pub async fn move_feature(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    Query(filters): Query<RoadmapQuery>,
    CsrfForm { user, form }: CsrfForm<MoveForm>,
) -> Result<Response, WebError> {
    let scope = ProductScope::write(&state, &user, &key).await?;
    let moved = async {
        let expected = forms::version(&form.version)?;
        let change = FeatureChange {
            horizon: Some(forms::chosen(&form.horizon)),
            ..FeatureChange::default()
        };
        let writer = Writer::new(&state, &meta, &user);
        service::update_feature(&writer, &scope, id, &change, expected).await
    }
    .await;
    let sent = Sent::new(Card::form_name(id), &form, FIELDS, "feature");
    let back = |_: &_| {
        format!(
            "/projects/{key}/roadmap{}#feature-{id}",
            query_string(&filters)
        )
    };
    finish(moved, sent, Notice::FeatureMoved, back, |typed| {
        render(
            &state,
            &user,
            &key,
            SortModel::default(),
            &filters,
            None,
            typed,
        )
    })
    .await
}
