//! `/projects/{key}/gantt` and `/projects/{key}/forecast`: the schedule as a Gantt chart
//! (critical path highlighted, table beside it) and the forecast as a histogram with its
//! cumulative curve. Both SVGs are drawn server-side and work without JavaScript.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::SignedIn;
use super::gantt::{self, Chart};
use super::page;
use crate::planning::evm::{EvmSeries, EvmView};
use crate::planning::forecast::ForecastView;
use crate::planning::network;
use crate::planning::schedule::ScheduleView;
use crate::planning::service;
use crate::planning::status::StatusReport;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pages/gantt.html")]
struct GanttPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    schedule: ScheduleView,
    chart: Chart,
    critical_path: String,
}

/// The Gantt chart of the project.
pub async fn gantt(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    let schedule =
        service::schedule(&state, &user, &key, service::ScheduleOptions::default()).await?;
    let chart = gantt::layout(&schedule, network::today());
    let critical_path = schedule
        .critical_paths
        .first()
        .map(|path| path.join(" → "))
        .unwrap_or_default();
    let page = GanttPage {
        chrome: Chrome::signed_in(&user, Section::Projects),
        tabs: chrome::project_tabs(&key, "/gantt"),
        key,
        schedule,
        chart,
        critical_path,
    };
    Ok(page::render(&page))
}

/// Forecast options from the query string.
#[derive(Debug, Deserialize)]
pub struct ForecastQuery {
    trials: Option<u32>,
    seed: Option<u64>,
}

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
    let result = service::forecast(&state, &user, &key, query.trials, query.seed).await;
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
    pv_line: String,
    ev_line: String,
    labels: Vec<AxisLabel>,
    top_label: String,
}

/// The earned value of the project (staff only: a client contact gets the 403 page).
pub async fn earned_value(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    let evm = service::earned_value(&state, &user, &key, None).await?;
    let series = service::earned_value_series(&state, &user, &key).await?;
    let (pv_line, ev_line, labels) = evm_lines(&series);
    let page = EvmPage {
        chrome: Chrome::signed_in(&user, Section::Projects),
        tabs: chrome::project_tabs(&key, "/evm"),
        key,
        top_label: format!("{:.0} {}", series.budget_at_completion, series.unit),
        evm,
        pv_line,
        ev_line,
        labels,
    };
    Ok(page::render(&page))
}

/// Polylines of PV and EV over the weekly points, scaled to the chart, and date labels.
fn evm_lines(series: &EvmSeries) -> (String, String, Vec<AxisLabel>) {
    let count = series.points.len().max(2) as i64;
    let top = series.budget_at_completion.max(1.0);
    let x = |i: usize| i as i64 * CHART_W / (count - 1);
    let y = |value: f64| CHART_H - (value / top * (CHART_H - 20) as f64).round() as i64;
    let pv = series
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", x(i), y(p.planned_value)))
        .collect::<Vec<_>>()
        .join(" ");
    let ev = series
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some(format!("{},{}", x(i), y(p.earned_value?))))
        .collect::<Vec<_>>()
        .join(" ");
    let every = (series.points.len() / 8).max(1);
    let labels = series
        .points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, p)| AxisLabel {
            x: x(i),
            label: p.date.clone(),
        })
        .collect();
    (pv, ev, labels)
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
