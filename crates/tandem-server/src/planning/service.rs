//! The schedule and forecast as the API, the web pages and the CLI ask for them: check the
//! caller may see the project, load its plan, run the engine. One place, so all three agree.

use std::num::NonZeroU32;

use tandem_core::access::ProjectAction;

use super::evm::{self, EvmSeries, EvmView};
use super::forecast::{self, ForecastFailure, ForecastView, MAX_TRIALS};
use super::network::{self, PlanData};
use super::schedule::{self, ScheduleView};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard;
use crate::state::AppState;

/// Trials when the caller names none.
pub const DEFAULT_TRIALS: u32 = 10_000;
/// Seed when the caller names none: the same request always gives the same forecast.
pub const DEFAULT_SEED: u64 = 1;

/// Loads the plan of project `key` if `user` may view it (404/403 otherwise).
pub async fn plan(state: &AppState, user: &CurrentUser, key: &str) -> Result<PlanData, ApiError> {
    plan_for(state, user, key, ProjectAction::View).await
}

async fn plan_for(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    action: ProjectAction,
) -> Result<PlanData, ApiError> {
    let visible = guard::project(state, user, key, action).await?;
    Ok(PlanData::load(&state.store, visible.project).await?)
}

/// Earned value of project `key` at `date` (`YYYY-MM-DD`, default today). Internal: client
/// contacts get 403, like every other cost figure.
pub async fn earned_value(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    date: Option<&str>,
) -> Result<EvmView, ApiError> {
    let today = network::today();
    let status_date = match date {
        Some(raw) => network::parse_date(raw)
            .ok_or_else(|| ApiError::invalid_field("date", "must be a date like 2026-11-23"))?,
        None => today,
    };
    let data = plan_for(state, user, key, ProjectAction::ViewInternal).await?;
    evm::compute(&data, today, status_date).map_err(evm_error)
}

/// The weekly PV/EV series of project `key` (internal, like [`earned_value`]).
pub async fn earned_value_series(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<EvmSeries, ApiError> {
    let data = plan_for(state, user, key, ProjectAction::ViewInternal).await?;
    evm::series(&data, network::today()).map_err(evm_error)
}

fn evm_error(error: evm::EvmFailure) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        "unschedulable",
        error.to_string(),
    )
}

/// The schedule of project `key`.
pub async fn schedule(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<ScheduleView, ApiError> {
    let data = plan(state, user, key).await?;
    schedule::compute(&data, network::today()).map_err(|error| {
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "unschedulable",
            error.to_string(),
        )
    })
}

/// The forecast of project `key` with `trials` (1..=100,000) trials from `seed`.
pub async fn forecast(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    trials: Option<u32>,
    seed: Option<u64>,
) -> Result<ForecastView, ApiError> {
    let trials = trials.unwrap_or(DEFAULT_TRIALS);
    let trials = NonZeroU32::new(trials)
        .filter(|t| t.get() <= MAX_TRIALS)
        .ok_or_else(|| {
            ApiError::invalid_field("trials", format!("must be between 1 and {MAX_TRIALS}"))
        })?;
    let data = plan(state, user, key).await?;
    run_forecast(data, trials, seed.unwrap_or(DEFAULT_SEED)).await
}

/// Runs the forecast of an already loaded (and permitted) plan: the project forecast and the
/// portfolio, which loads each plan once per request, share it.
pub async fn run_forecast(
    data: PlanData,
    trials: NonZeroU32,
    seed: u64,
) -> Result<ForecastView, ApiError> {
    let today = network::today();
    let now = crate::clock::now_ms();
    // Simulation is CPU-bound: keep it off the async workers.
    let result =
        tokio::task::spawn_blocking(move || forecast::compute(&data, today, now, trials, seed))
            .await
            .map_err(|error| ApiError::internal(&error))?;
    result.map_err(|error| {
        let code = match error {
            ForecastFailure::NothingOpen => "nothing_to_forecast",
            ForecastFailure::NoBasis => "no_forecast_basis",
            ForecastFailure::BadEstimate { .. } | ForecastFailure::Engine(_) => "unforecastable",
        };
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            code,
            error.to_string(),
        )
    })
}

/// The MSPDI (MS Project XML) document of project `key`'s schedule.
pub async fn msproject_export(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<Vec<u8>, ApiError> {
    let data = plan(state, user, key).await?;
    super::mspdi::export(&data, network::today()).map_err(|error| {
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "unschedulable",
            error.to_string(),
        )
    })
}

/// The status report of project `key`; budget figures only for people who may see them.
pub async fn status_report(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<super::status::StatusReport, ApiError> {
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    let internal = user
        .actor()
        .may_on(&visible.access, ProjectAction::ViewInternal);
    let name = visible.project.name.clone();
    let schedule = schedule(state, user, key).await?;
    let forecast = forecast(state, user, key, None, None).await.ok();
    let evm = if internal {
        Some(earned_value(state, user, key, None).await?)
    } else {
        None
    };
    Ok(super::status::StatusReport::new(
        name, schedule, forecast, evm,
    ))
}
