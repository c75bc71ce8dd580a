//! `/projects/{key}/roadmap`: the roadmap a product manager can put in front of a client — the
//! now / next / later board of features (with the unplanned ones apart) and the release
//! timeline drawn on the server. Staff move a feature between horizons with the buttons on
//! its card; the move is the feature edit at the version shown, so a stale page is refused
//! with a message instead of overwriting someone's change. A client contact opening the same
//! URL sees only shared features and releases, without scores or move buttons.

use super::forms::{self, Sent, finish};
use super::{Frame, ModelLink, PageQuery, model_links};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::releases::ReleaseView;
use crate::product::input::FeatureChange;
use crate::product::roadmap::{self, ReleasePlan};
use crate::product::scope::ProductScope;
use crate::product::scores::SortModel;
use crate::product::service;
use crate::product::views::FeatureView;
use crate::state::AppState;
use crate::web::chrome::{self, Chrome};
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{Field, Typed};
use crate::web::notice::Notice;
use crate::web::page;
use crate::web::timeline::{self, Chart};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tandem_core::product::artefacts::Horizon;
use tandem_core::product::direction::{Outcome, ReleaseStatus};

/// The move form's inputs, with the labels their messages carry.
const FIELDS: &[Field] = &[("horizon", "Roadmap horizon")];

/// The models a card's score may come from (manual order has no score).
const SCORED: [SortModel; 3] = [SortModel::Rice, SortModel::Wsjf, SortModel::ValueEffort];

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
}

#[derive(Template)]
#[template(path = "pages/product_roadmap.html")]
struct RoadmapPage {
    chrome: Chrome,
    frame: Frame,
    models: Vec<ModelLink>,
    sort_label: &'static str,
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

/// A release's status, go/no-go outcome and readiness in words.
fn release_summary(plan: &ReleasePlan) -> String {
    let release = &plan.release;
    let mut parts = vec![release.status.as_str().to_owned()];
    if let Some(outcome) = release.outcome {
        parts.push(format!("go/no-go: {}", outcome.as_str()));
    }
    parts.push(match plan.features.len() {
        0 => "no features yet".to_owned(),
        1 => format!("{} of 1 feature ready", plan.ready),
        total => format!("{} of {total} features ready", plan.ready),
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

/// The timeline of the dated releases.
fn chart(key: &str, entries: &[Entry]) -> Option<Chart> {
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
            })
        })
        .collect();
    timeline::layout(dated, crate::clock::today())
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    sort: SortModel,
    notice: Option<Notice>,
    typed: Typed,
) -> Result<Response, WebError> {
    let scope = ProductScope::read(state, user, key).await?;
    let plan = roadmap::plan(state, &scope, user).await?;
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
    let columns = plan
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
    let releases: Vec<Entry> = plan
        .releases
        .into_iter()
        .map(|p| Entry {
            summary: release_summary(&p),
            cards: presenter.cards(p.features),
            release: p.release,
        })
        .collect();
    let mut frame = Frame::new(user, &scope, notice, typed);
    frame.tabs = chrome::project_tabs(&frame.key, "/roadmap");
    let page = RoadmapPage {
        chrome: frame.chrome.clone(),
        models: model_links(&frame.key, "roadmap", &SCORED, sort),
        sort_label: sort.label(),
        chart: chart(&frame.key, &releases),
        undated: releases
            .iter()
            .filter(|e| e.release.target_date.is_none())
            .count(),
        columns,
        unplanned,
        releases,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `GET /projects/{key}/roadmap`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    let notice = query.notice.as_deref().and_then(Notice::parse);
    let sort = query
        .sort
        .as_deref()
        .and_then(SortModel::parse)
        .filter(|m| SCORED.contains(m))
        .unwrap_or_default();
    render(&state, &user, &key, sort, notice, Typed::default()).await
}

/// `POST /projects/{key}/roadmap/features/{id}/move`: puts the feature on another horizon
/// (or off the roadmap) through the same feature edit as `PATCH …/features/{id}`, at the
/// version the page showed.
pub async fn move_feature(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
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
    let back = |_: &_| format!("/projects/{key}/roadmap#feature-{id}");
    finish(moved, sent, Notice::FeatureMoved, back, |typed| {
        render(&state, &user, &key, SortModel::default(), None, typed)
    })
    .await
}
