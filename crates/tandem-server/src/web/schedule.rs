//! `/projects/{key}/gantt` and `/projects/{key}/forecast`: the schedule as a Gantt chart
//! (critical path highlighted, table beside it) and the forecast as a histogram with its
//! cumulative curve. Both SVGs are drawn server-side and work without JavaScript.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::SignedIn;
use super::extract::{CsrfForm, CsrfUpload, NoFields};
use super::form::{Field, FormErrors, SelectOption};
use super::gantt::{self, Chart};
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::api::schedule::{EvmQuery, ForecastQuery};
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::guard;
use crate::people::writer;
use crate::planning::baselines::BaselineInput;
use crate::planning::evm::{EvmSeries, EvmView};
use crate::planning::forecast::ForecastView;
use crate::planning::msproject_import::ImportSummary;
use crate::planning::network;
use crate::planning::schedule::ScheduleView;
use crate::planning::service;
use crate::planning::status::StatusReport;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tandem_core::access::ProjectAction;

#[derive(Template)]
#[template(path = "pages/gantt.html")]
struct GanttPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    schedule: ScheduleView,
    chart: Chart,
    critical_path: String,
    /// Saved baselines to compare with (`selected` marks the compared one).
    baselines: Vec<SelectOption>,
    level: bool,
    /// The "Plan from" choice the chart shows: `start`, `today` or a status date.
    plan_from: String,
    /// The status date the page was opened with, offered beside "today".
    plan_date: Option<String>,
    /// Managers see the "Save baseline" form.
    can_save_baseline: bool,
    errors: FormErrors,
    /// Contributors see the "Import from MS Project" form.
    can_import: bool,
    /// What the import just done created and what it could not keep.
    imported: Option<ImportSummary>,
    /// Why the import just tried was refused.
    import_errors: FormErrors,
}

/// Gantt options from the query string: which baseline, levelled or not, and where the
/// open work is planned from (`remaining_from=start|today|YYYY-MM-DD`; absent: from today
/// once the project runs, ADR 0037). The page's form sends `remaining_from=date` with the
/// day in `status_date`, from its date field.
#[derive(Debug, Default, Deserialize)]
pub struct GanttQuery {
    baseline: Option<String>,
    level: Option<String>,
    remaining_from: Option<String>,
    status_date: Option<String>,
}

/// The "Plan from" choice that takes its day from the date field.
const CHOSEN_DATE: &str = "date";

impl GanttQuery {
    fn options(&self) -> Result<service::ScheduleOptions, ApiError> {
        let remaining_from = match self.remaining_from.as_deref().map(str::trim) {
            Some(CHOSEN_DATE) => match self.status_date.as_deref().map(str::trim) {
                Some(day) if !day.is_empty() => Some(day),
                _ => {
                    return Err(ApiError::invalid_field(
                        "status_date",
                        "choose the status date to plan the remaining work from",
                    ));
                }
            },
            other => other,
        };
        Ok(service::ScheduleOptions {
            baseline: self
                .baseline
                .as_deref()
                .and_then(|id| id.trim().parse().ok()),
            level: self.level.as_deref() == Some("true"),
            plan_from: service::PlanFrom::parse_choice(remaining_from, "remaining_from")?,
        })
    }
}

/// The Gantt chart of the project.
pub async fn gantt(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<GanttQuery>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let chrome = Chrome::signed_in(&user, Section::Projects).with_notice(notice.notice());
    let page = gantt_page(
        &state,
        &user,
        key,
        query.options()?,
        chrome,
        FormErrors::default(),
    )
    .await?;
    Ok(page::render(&page))
}

async fn gantt_page(
    state: &AppState,
    user: &CurrentUser,
    key: String,
    options: service::ScheduleOptions,
    chrome: Chrome,
    errors: FormErrors,
) -> Result<GanttPage, WebError> {
    let schedule = service::schedule(state, user, &key, options).await?;
    let visible = guard::project(state, user, &key, ProjectAction::View).await?;
    let can_save_baseline = user.actor().may_on(&visible.access, ProjectAction::Edit);
    let can_import = user
        .actor()
        .may_on(&visible.access, ProjectAction::Contribute);
    let compared = schedule.baseline.as_ref().map(|b| b.id);
    let baselines = service::list_baselines(state, user, &key)
        .await?
        .into_iter()
        .map(|b| SelectOption {
            value: b.id.to_string(),
            label: format!("{} ({})", b.name, chrome.time(b.created_at)),
            selected: Some(b.id) == compared,
        })
        .collect();
    // Rescheduled, the line marks the start of the status date the open work runs from.
    let line = match schedule
        .status_date
        .as_deref()
        .and_then(network::parse_date)
    {
        Some(status_date) => status_date.at(0, 0, 0, 0),
        None => crate::clock::today(&state.store).await?.at(12, 30, 0, 0),
    };
    let chart = gantt::layout(&schedule, line);
    let critical_path = schedule
        .critical_paths
        .first()
        .map(|path| path.join(" → "))
        .unwrap_or_default();
    let plan_from = plan_choice(options.plan_from, schedule.status_date.is_some());
    Ok(GanttPage {
        chrome,
        tabs: chrome::project_tabs(&key, "/gantt"),
        key,
        schedule,
        chart,
        critical_path,
        baselines,
        level: options.level,
        plan_from,
        plan_date: match options.plan_from {
            service::PlanFrom::Remaining(service::StatusDate::On(date)) => Some(date.to_string()),
            _ => None,
        },
        can_save_baseline,
        errors,
        can_import,
        imported: None,
        import_errors: FormErrors::default(),
    })
}

/// The value of the "Plan from" choice for a chart computed with `plan_from`, rescheduled
/// or not: what the options form and the baseline form send back.
fn plan_choice(plan_from: service::PlanFrom, rescheduled: bool) -> String {
    match plan_from {
        service::PlanFrom::Remaining(service::StatusDate::On(date)) if rescheduled => {
            date.to_string()
        }
        _ if rescheduled => "today".to_owned(),
        _ => "start".to_owned(),
    }
}

/// What the "Save baseline" form posts: the name, and the status date of the chart shown
/// when its open work is rescheduled (absent: the plan from the project start), so the
/// baseline records the plan on the screen.
#[derive(Debug, Deserialize)]
pub struct BaselineForm {
    #[serde(default)]
    name: String,
    remaining_from: Option<String>,
}

/// `POST /projects/{key}/baselines`: saves the plan the Gantt shows as a baseline, and
/// shows the Gantt again with the same "Plan from" choice.
pub async fn save_baseline(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<BaselineForm>,
) -> Result<Response, WebError> {
    let choice = form
        .remaining_from
        .as_deref()
        .map_or("start", str::trim)
        .to_owned();
    let input = BaselineInput {
        name: form.name,
        remaining_from: form.remaining_from,
    };
    match service::save_baseline(&writer(&state, &meta, &user), &user, &key, &input).await {
        Ok(_) => Ok(Notice::BaselineSaved
            .redirect(&format!("/projects/{key}/gantt?remaining_from={choice}"))
            .into_response()),
        Err(error) => {
            let chrome = Chrome::signed_in(&user, Section::Projects);
            let errors = FormErrors::from_api(error, BASELINE_FIELDS)?;
            let options = service::ScheduleOptions {
                plan_from: service::PlanFrom::parse_choice(Some(&choice), "remaining_from")?,
                ..service::ScheduleOptions::default()
            };
            let page = gantt_page(&state, &user, key, options, chrome, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page::render(&page)).into_response())
        }
    }
}

/// `POST /projects/{key}/baselines/{id}/delete`: deletes a baseline of the project (project
/// managers, as `DELETE /api/v1/baselines/{id}`), and shows the Gantt again.
pub async fn delete_baseline(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, .. }: CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    // Only a baseline of the project in the address: an id of another project is not found.
    let baselines = service::list_baselines(&state, &user, &key).await?;
    if !baselines.iter().any(|b| b.id == id) {
        return Err(ApiError::not_found("baseline").into());
    }
    service::delete_baseline(&writer(&state, &meta, &user), &user, id).await?;
    Ok(Redirect::to(&format!("/projects/{key}/gantt")).into_response())
}

/// Fields of the baseline form that errors can point at.
const BASELINE_FIELDS: &[Field] = &[("name", "Baseline name")];

/// `POST /projects/{key}/import/msproject`: imports the uploaded MS Project XML file and shows
/// the Gantt with what was created and what was not kept, or why the file was refused.
pub async fn import_msproject(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfUpload { user, file }: CsrfUpload,
) -> Result<Response, WebError> {
    let result = if file.is_empty() {
        Err(ApiError::invalid_field(
            "file",
            "choose an MS Project XML file to import",
        ))
    } else {
        service::msproject_import(&writer(&state, &meta, &user), &user, &key, file).await
    };
    let (status, imported, import_errors) = match result {
        Ok(summary) => (StatusCode::OK, Some(summary), FormErrors::default()),
        Err(error) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            FormErrors::from_api(error, IMPORT_FIELDS)?,
        ),
    };
    let chrome = Chrome::signed_in(&user, Section::Projects);
    let mut page = gantt_page(
        &state,
        &user,
        key,
        GanttQuery::default().options()?,
        chrome,
        FormErrors::default(),
    )
    .await?;
    page.imported = imported;
    page.import_errors = import_errors;
    Ok((status, page::render(&page)).into_response())
}

/// Fields of the import form that errors can point at.
const IMPORT_FIELDS: &[Field] = &[("file", "MS Project file")];

/// One histogram bar in SVG coordinates.
struct Bar {
    x: i64,
    y: i64,
    width: i64,
    height: i64,
    label: String,
}

/// A labelled vertical line (P50, P85, P95, target).
struct Marker {
    x: i64,
    label: String,
    class: &'static str,
}

impl Marker {
    /// Labels near the right edge are drawn to the left of their line.
    fn anchor(&self) -> &'static str {
        if self.x > CHART_W - 150 {
            "end"
        } else {
            "start"
        }
    }

    /// Where the label starts (or ends), beside the line.
    fn label_x(&self) -> i64 {
        if self.x > CHART_W - 150 {
            self.x - 3
        } else {
            self.x + 3
        }
    }
}

#[derive(Template)]
#[template(path = "pages/forecast.html")]
struct ForecastPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    /// The forecast shown is levelled (the plan chooser says so).
    level: bool,
    forecast: Option<ForecastView>,
    problem: Option<String>,
    bars: Vec<Bar>,
    curve: String,
    markers: Vec<Marker>,
    target_percent: Option<String>,
}

const CHART_W: i64 = 720;
const CHART_H: i64 = 220;

/// The forecast of the project.
pub async fn forecast(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<ForecastQuery>,
) -> Result<Response, WebError> {
    let chrome = Chrome::signed_in(&user, Section::Projects);
    let tabs = chrome::project_tabs(&key, "/forecast");
    let result = service::forecast(&state, &user, &key, query.request()).await;
    let (forecast, problem) = match result {
        Ok(view) => (Some(view), None),
        // A project that cannot be forecast yet is a message on the page, not an error.
        Err(error) if error.status == axum::http::StatusCode::UNPROCESSABLE_ENTITY => {
            (None, Some(error.message.clone()))
        }
        Err(error) => return Err(error.into()),
    };
    let (bars, curve, markers) = forecast.as_ref().map(geometry).unwrap_or_default();
    let target_percent = forecast
        .as_ref()
        .and_then(|f| f.target_probability)
        .map(percent);
    let page = ForecastPage {
        chrome,
        tabs,
        key,
        level: forecast
            .as_ref()
            .map_or(query.level == Some(true), |shown| shown.levelled),
        forecast,
        problem,
        bars,
        curve,
        markers,
        target_percent,
    };
    Ok(page::render(&page))
}

/// Bars, cumulative polyline and P/target lines over the histogram's bins.
fn geometry(view: &ForecastView) -> (Vec<Bar>, String, Vec<Marker>) {
    let bins = &view.histogram;
    if bins.is_empty() {
        return Default::default();
    }
    let step = CHART_W / bins.len() as i64;
    let most = bins.iter().map(|b| b.count).max().unwrap_or(1).max(1) as i64;
    let bars = bins
        .iter()
        .enumerate()
        .map(|(i, bin)| {
            let height = bin.count as i64 * (CHART_H - 20) / most;
            Bar {
                x: i as i64 * step,
                y: CHART_H - height,
                width: (step - 2).max(1),
                height,
                label: format!(
                    "{} – {}: {} trials",
                    &bin.from[..10],
                    &bin.to[..10],
                    bin.count
                ),
            }
        })
        .collect();
    let curve = bins
        .iter()
        .enumerate()
        .map(|(i, bin)| {
            format!(
                "{},{}",
                (i as i64 + 1) * step,
                CHART_H - (bin.cumulative * (CHART_H - 20) as f64).round() as i64
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let x_of = |date: &str| -> i64 {
        let index = bins
            .iter()
            .position(|bin| date <= bin.to.as_str())
            .unwrap_or(bins.len());
        (index as i64 * step + step / 2).min(CHART_W)
    };
    let mut markers = vec![
        Marker {
            x: x_of(&view.finish.p50),
            label: format!("P50 {}", &view.finish.p50[..10]),
            class: "fc-p",
        },
        Marker {
            x: x_of(&view.finish.p85),
            label: format!("P85 {}", &view.finish.p85[..10]),
            class: "fc-p",
        },
        Marker {
            x: x_of(&view.finish.p95),
            label: format!("P95 {}", &view.finish.p95[..10]),
            class: "fc-p",
        },
    ];
    if let Some(target) = &view.target_launch_date {
        let x = if target.as_str() < bins[0].from.as_str() {
            0
        } else {
            x_of(target)
        };
        markers.push(Marker {
            x,
            label: format!("Target {target}"),
            class: "fc-target",
        });
    }
    (bars, curve, markers)
}

/// A probability as a whole percentage.
fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// One labelled tick under the PV/EV chart.
struct AxisLabel {
    x: i64,
    label: String,
}

#[derive(Template)]
#[template(path = "pages/evm.html")]
struct EvmPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    evm: EvmView,
    /// The status date is today (the heading says so beside the date).
    today: bool,
    /// The date field: the status date shown, or what was asked when it was refused.
    date_field: String,
    lines: EvmLines,
    top_label: String,
    errors: FormErrors,
}

/// Fields of the status-date form that errors can point at (the API's `date` parameter).
const EVM_FIELDS: &[Field] = &[("date", "Status date")];

/// The earned value of the project at today or at the status date of `?date=YYYY-MM-DD`
/// (the API's parameter, read by the same service); a date it refuses is a message at the
/// date field over today's figures. Staff only: a client contact gets the 403 page.
pub async fn earned_value(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<EvmQuery>,
) -> Result<Response, WebError> {
    let asked = query.date.as_deref().map(str::trim).unwrap_or_default();
    let (now, series) = service::earned_value_today_and_series(&state, &user, &key).await?;
    let today = now.status_date.clone();
    let (evm, errors) = if asked.is_empty() {
        (now, FormErrors::default())
    } else {
        match service::earned_value(&state, &user, &key, Some(asked)).await {
            Ok(then) => (then, FormErrors::default()),
            Err(error) => (now, FormErrors::from_api(error, EVM_FIELDS)?),
        }
    };
    let lines = evm_lines(&series, &evm.status_date);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = EvmPage {
        chrome: Chrome::signed_in(&user, Section::Projects),
        tabs: chrome::project_tabs(&key, "/evm"),
        key,
        top_label: format!("{:.0} {}", lines.top, series.unit),
        today: evm.status_date == today,
        date_field: if errors.is_empty() {
            evm.status_date.clone()
        } else {
            asked.to_owned()
        },
        evm,
        lines,
        errors,
    };
    Ok(page::render_with_status(status, &page))
}

/// The PV, EV and AC polylines of the earned-value chart with their date labels.
struct EvmLines {
    pv: String,
    ev: String,
    ac: String,
    labels: Vec<AxisLabel>,
    /// The value at the top line: the budget, or the actual cost when it overran.
    top: f64,
    /// Where the status date of the figures falls, when it is within the weeks drawn.
    status_x: Option<i64>,
}

/// Most date labels under the earned-value chart: "28 Aug" is about 40 units wide, so
/// seven leave room between them on the 720-unit axis.
const EVM_LABELS: usize = 7;

/// Polylines of PV, EV and AC over the weekly points, scaled to the chart, date labels and
/// the place of `status_date` (the points are a week apart).
fn evm_lines(series: &EvmSeries, status_date: &str) -> EvmLines {
    let count = series.points.len().max(2) as i64;
    let top = series
        .points
        .iter()
        .filter_map(|p| p.actual_cost)
        .fold(series.budget_at_completion, f64::max)
        .max(1.0);
    let x = |i: usize| i as i64 * CHART_W / (count - 1);
    let y = |value: f64| CHART_H - (value / top * (CHART_H - 20) as f64).round() as i64;
    let line = |value: fn(&crate::planning::evm::EvmPoint) -> Option<f64>| {
        series
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some(format!("{},{}", x(i), y(value(p)?))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let every = series.points.len().div_ceil(EVM_LABELS).max(1);
    let labels = series
        .points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, p)| AxisLabel {
            x: x(i),
            label: super::format::day_month(&p.date),
        })
        .collect();
    let status_x = series
        .points
        .first()
        .and_then(|first| network::parse_date(&first.date))
        .zip(network::parse_date(status_date))
        .map(|(first, status)| (status - first).get_days() as i64 * CHART_W / (7 * (count - 1)))
        .filter(|x| (0..=CHART_W).contains(x));
    EvmLines {
        pv: line(|p| Some(p.planned_value)),
        ev: line(|p| p.earned_value),
        ac: line(|p| p.actual_cost),
        labels,
        top,
        status_x,
    }
}

#[derive(Template)]
#[template(path = "pages/status.html")]
struct StatusPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    report: StatusReport,
    target_percent: Option<String>,
}

/// The status report, with its Markdown download.
pub async fn status(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    let report = service::status_report(&state, &user, &key).await?;
    let page = StatusPage {
        chrome: Chrome::signed_in(&user, Section::Projects),
        tabs: chrome::project_tabs(&key, "/status"),
        key,
        target_percent: report.target_probability.map(percent),
        report,
    };
    Ok(page::render(&page))
}
