//! The schedule and forecast as the API, the web pages and the CLI ask for them: check the
//! caller may see the project, load its plan, run the engine. One place, so all three agree.

use std::num::NonZeroU32;
use std::sync::Arc;

use serde_json::json;
use tandem_core::access::ProjectAction;
use tandem_core::work::StatusCategory;
use tandem_engine::forecast::SimulationSettings;
use tandem_store::{
    BaselineWithItems, FeatureFilter, MemberProfile, NewBaseline, Project, RiskFilter, Store,
    StoreError,
};

use super::actuals::Actuals;
use super::baselines::{self, BaselineInput, BaselineView};
use super::evm::{self, EarnedValuePlan, EvmSeries, EvmView, Spending};
use super::forecast::{self, ForecastFailure, ForecastView, MAX_TRIALS};
use super::forecast_warmer::Asked;
use super::msproject_import::{self, ImportSummary};
use super::network::{self, PlanData};
use super::schedule::{self, ScheduleView};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard;
use crate::state::AppState;

/// Trials when the caller names none.
pub const DEFAULT_TRIALS: u32 = 10_000;
/// Seed when the caller names none: the same request always gives the same forecast.
pub const DEFAULT_SEED: u64 = 1;
/// The forecast every page shows unless asked otherwise: [`DEFAULT_TRIALS`] trials from
/// [`DEFAULT_SEED`].
pub const DEFAULT_SIMULATION: SimulationSettings = SimulationSettings {
    trials: NonZeroU32::new(DEFAULT_TRIALS).expect("DEFAULT_TRIALS is not zero"),
    seed: DEFAULT_SEED,
};

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
    PlanData::load(&state.store, visible.project).await
}

/// Earned value of project `key` at `date` (`YYYY-MM-DD`, default today), planned value
/// from the latest baseline. Internal: client contacts get 403, like every other cost figure.
pub async fn earned_value(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    date: Option<&str>,
) -> Result<EvmView, ApiError> {
    let (data, saved, spending) = evm_inputs(state, user, key).await?;
    let today = data.days.today();
    let status_date = match date {
        Some(raw) => network::parse_date(raw)
            .ok_or_else(|| ApiError::invalid_field("date", "must be a date like 2026-11-23"))?,
        None => today,
    };
    evm::compute(&data, today, status_date, saved.as_ref(), &spending).map_err(evm_error)
}

/// The weekly PV/EV/AC series of project `key` (internal, like [`earned_value`]).
pub async fn earned_value_series(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<EvmSeries, ApiError> {
    let (data, saved, spending) = evm_inputs(state, user, key).await?;
    let today = data.days.today();
    EarnedValuePlan::of(&data, today, saved.as_ref())
        .and_then(|plan| plan.series(today, &spending))
        .map_err(evm_error)
}

/// Earned value today and its weekly series from one load of the plan: what the
/// earned-value page shows (internal, like [`earned_value`]).
pub async fn earned_value_today_and_series(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<(EvmView, EvmSeries), ApiError> {
    let (data, saved, spending) = evm_inputs(state, user, key).await?;
    let today = data.days.today();
    let plan = EarnedValuePlan::of(&data, today, saved.as_ref()).map_err(evm_error)?;
    let now = plan.at(today, &spending).map_err(evm_error)?;
    let series = plan.series(today, &spending).map_err(evm_error)?;
    Ok((now, series))
}

/// What earned value needs: the plan, the latest baseline and the spending so far.
async fn evm_inputs(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<(PlanData, Option<BaselineWithItems>, Spending), ApiError> {
    let data = plan_for(state, user, key, ProjectAction::ViewInternal).await?;
    let (saved, spending) = evm_context(&state.store, &data.project).await?;
    Ok((data, saved, spending))
}

/// What earned value needs besides the plan: the project's latest baseline (PV is phased from
/// it) and its spending so far (AC). Shared by the EVM pages, the diagnosis and the reports.
pub async fn evm_context(
    store: &Store,
    project: &Project,
) -> Result<(Option<BaselineWithItems>, Spending), ApiError> {
    let saved = store.latest_baseline(project.id).await?;
    let days = store.daily_costs(project.id).await?;
    Ok((saved, Spending::new(days, project.budget.is_none())))
}

fn evm_error(error: evm::EvmFailure) -> ApiError {
    unschedulable(&error)
}

fn unschedulable(error: &dyn std::fmt::Display) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        "unschedulable",
        error.to_string(),
    )
}

/// How to compute a schedule.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScheduleOptions {
    /// The baseline to compare with; the latest when `None`.
    pub baseline: Option<i64>,
    /// Level people's work against their capacity and time off (see `planning::levelling`).
    pub level: bool,
    /// Where the work not done yet is planned from (see `planning::network`).
    pub plan_from: PlanFrom,
}

/// Where a schedule plans the work not done yet from. The surfaces differ in what they show
/// unless asked (ADR 0037): the API and the CLI the plan from the project start (the
/// MPXJ-checked network), the Gantt the remaining work from today once the project runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PlanFrom {
    /// Everything from the project start, done work included.
    #[default]
    ProjectStart,
    /// The remaining work rescheduled from a status date (ADR 0026).
    Remaining(StatusDate),
    /// The remaining work from today when the project [is running](is_running), else
    /// everything from the project start: the two charts are the same before it runs.
    TodayWhenRunning,
}

impl From<Option<StatusDate>> for PlanFrom {
    /// A status date asked for reschedules from it; none plans from the project start.
    fn from(status: Option<StatusDate>) -> Self {
        status.map_or(Self::ProjectStart, Self::Remaining)
    }
}

impl PlanFrom {
    /// Reads a choice of the Gantt page: `start`, `today` or `YYYY-MM-DD`; absent is
    /// [`Self::TodayWhenRunning`]. Anything else is a validation error naming `field`.
    pub fn parse_choice(raw: Option<&str>, field: &str) -> Result<Self, ApiError> {
        match raw.map(str::trim) {
            None => Ok(Self::TodayWhenRunning),
            Some("start") => Ok(Self::ProjectStart),
            Some(other) => StatusDate::parse(other, field)
                .map(Self::Remaining)
                .map_err(|_| {
                    ApiError::invalid_field(field, "must be start, today or a date like 2026-11-23")
                }),
        }
    }

    /// The status date the open work of `data` runs from (`None`: from the project start).
    fn status_day(
        self,
        data: &PlanData,
        actuals: &Actuals,
        today: jiff::civil::Date,
    ) -> Option<jiff::civil::Date> {
        match self {
            Self::ProjectStart => None,
            Self::Remaining(status) => Some(status.on(today)),
            Self::TodayWhenRunning => is_running(data, actuals, today).then_some(today),
        }
    }
}

/// Whether the project of `data` is running on `today`: its start date is past, or, without
/// one, some item has begun (its history gives an actual start). Before that, the plan from
/// the project start and the remaining work from today are the same chart (ADR 0037).
pub fn is_running(data: &PlanData, actuals: &Actuals, today: jiff::civil::Date) -> bool {
    match data
        .project
        .start_date
        .as_deref()
        .and_then(network::parse_date)
    {
        Some(start) => start < today,
        None => actuals.any_started(),
    }
}

/// The status date remaining work is rescheduled from: the API's `remaining_from`, the
/// Gantt toggle and `tandem plan --from` all read `today` or a `YYYY-MM-DD` date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusDate {
    /// The server's date when the schedule is computed.
    Today,
    /// A chosen date.
    On(jiff::civil::Date),
}

impl StatusDate {
    /// Reads `today` or `YYYY-MM-DD`; anything else is a validation error naming `field`.
    pub fn parse(raw: &str, field: &str) -> Result<Self, ApiError> {
        match raw.trim() {
            "today" => Ok(Self::Today),
            other => network::parse_date(other).map(Self::On).ok_or_else(|| {
                ApiError::invalid_field(field, "must be today or a date like 2026-11-23")
            }),
        }
    }

    /// Reads an optional parameter: absent is `None`, otherwise as [`Self::parse`].
    pub fn parse_given(raw: Option<&str>, field: &str) -> Result<Option<Self>, ApiError> {
        raw.map(|raw| Self::parse(raw, field)).transpose()
    }

    /// The date itself, `today` being the server's.
    pub fn on(self, today: jiff::civil::Date) -> jiff::civil::Date {
        match self {
            Self::Today => today,
            Self::On(date) => date,
        }
    }
}

/// The schedule of project `key`, compared with a baseline when the project has one.
pub async fn schedule(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    options: ScheduleOptions,
) -> Result<ScheduleView, ApiError> {
    let data = plan(state, user, key).await?;
    schedule_of(state, &data, options).await
}

/// The schedule of an already loaded (and permitted) plan.
async fn schedule_of(
    state: &AppState,
    data: &PlanData,
    options: ScheduleOptions,
) -> Result<ScheduleView, ApiError> {
    // The baseline and the history behind the actual dates are independent reads.
    let (saved, actuals) = tokio::try_join!(
        chosen_baseline(state, data.project.id, options.baseline),
        Actuals::load(&state.store, data),
    )?;
    let today = data.days.today();
    let remaining_from = options.plan_from.status_day(data, &actuals, today);
    let mut view = if options.level {
        let profiles = state.store.member_profiles(data.project.id).await?;
        let levelled = state
            .levelled
            .levelled_from(data, &profiles, today, remaining_from)
            .map_err(|e| unschedulable(&e))?;
        levelled.schedule.clone()
    } else {
        schedule::compute_from(data, today, remaining_from).map_err(|e| unschedulable(&e))?
    };
    // Actual dates first: a done item's variance is that of its actual dates.
    actuals.apply(&mut view, data);
    if let Some(saved) = &saved {
        baselines::compare(&mut view, data, saved);
    }
    Ok(view)
}

/// Baseline `id` of the project (404 when it belongs to another), or the latest.
async fn chosen_baseline(
    state: &AppState,
    project_id: i64,
    id: Option<i64>,
) -> Result<Option<BaselineWithItems>, ApiError> {
    match id {
        None => Ok(state.store.latest_baseline(project_id).await?),
        Some(id) => match state.store.baseline_with_items(id).await {
            Ok(found) if found.baseline.project_id == project_id => Ok(Some(found)),
            Ok(_) | Err(StoreError::NotFound) => Err(ApiError::not_found("baseline")),
            Err(other) => Err(other.into()),
        },
    }
}

/// The baselines of project `key`, newest first.
pub async fn list_baselines(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<Vec<BaselineView>, ApiError> {
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    let found = state.store.list_baselines(visible.project.id).await?;
    Ok(found.into_iter().map(BaselineView::from).collect())
}

/// Saves the current plan and feature scope of project `key` as a baseline (project
/// managers), audited. The API, the Gantt page and `tandem baseline save` all come here, so
/// every baseline carries the scope that scope churn is measured against. The plan is the
/// unlevelled one, from the project start or, with the input's `remaining_from`, with the
/// remaining work rescheduled from that status date (what the Gantt of a running project
/// shows, ADR 0037).
pub async fn save_baseline(
    writer: &Writer<'_>,
    user: &CurrentUser,
    key: &str,
    input: &BaselineInput,
) -> Result<BaselineView, ApiError> {
    let name = baselines::name(input)?;
    let plan_from = PlanFrom::from(StatusDate::parse_given(
        input.remaining_from.as_deref(),
        "remaining_from",
    )?);
    let data = plan_for(writer.state, user, key, ProjectAction::Edit).await?;
    let today = data.days.today();
    let actuals = Actuals::load(&writer.state.store, &data).await?;
    let status_day = plan_from.status_day(&data, &actuals, today);
    let mut plan =
        schedule::compute_from(&data, today, status_day).map_err(|error| unschedulable(&error))?;
    // Done work is kept where it really happened, as its variance is measured later.
    actuals.apply(&mut plan, &data);
    let items = baselines::items(&data, &plan);
    let saved = store_baseline(
        &writer.state.store,
        data.project.id,
        name,
        Some(writer.actor.id),
        items,
    )
    .await?;
    writer
        .record(
            "baseline.create",
            "baseline",
            saved.id.to_string(),
            json!({
                "project": data.project.key, "name": saved.name,
                "items": saved.item_count, "features": saved.feature_count,
            }),
        )
        .await;
    Ok(BaselineView::from(saved))
}

/// Stores `items` as baseline `name` of the project with the project's feature scope as it
/// stands: the one way a baseline is saved (the API, the Gantt, the CLI and the demo).
pub async fn store_baseline(
    store: &Store,
    project_id: i64,
    name: String,
    created_by: Option<i64>,
    items: Vec<tandem_store::BaselineItem>,
) -> Result<tandem_store::Baseline, ApiError> {
    let features = store
        .list_features(project_id, &FeatureFilter::default())
        .await?;
    Ok(store
        .create_baseline(&NewBaseline {
            project_id,
            name,
            created_by,
            items,
            features: baselines::scope(&features),
        })
        .await?)
}

/// Deletes baseline `id` (project managers of its project), audited.
pub async fn delete_baseline(
    writer: &Writer<'_>,
    user: &CurrentUser,
    id: i64,
) -> Result<(), ApiError> {
    let store = &writer.state.store;
    let baseline = store
        .baseline(id)
        .await
        .map_err(|_| ApiError::not_found("baseline"))?;
    let key = store.project_key_of(baseline.project_id).await?;
    guard::project(writer.state, user, &key, ProjectAction::Edit)
        .await
        .map_err(|error| {
            if error.status == axum::http::StatusCode::NOT_FOUND {
                ApiError::not_found("baseline")
            } else {
                error
            }
        })?;
    store.delete_baseline(id).await?;
    writer
        .record(
            "baseline.delete",
            "baseline",
            id.to_string(),
            json!({ "project": key, "name": baseline.name }),
        )
        .await;
    Ok(())
}

/// What a person asks of the forecast: trials (1..=100,000) and seed, the defaults when
/// absent, and whether each person's open items run one after another in the levelled
/// plan's order (`planning::work_order`): `None` levels when open work is assigned, as the
/// diagnosis does ([`people_to_level`], ADR 0034).
#[derive(Debug, Clone, Copy, Default)]
pub struct ForecastRequest {
    pub trials: Option<u32>,
    pub seed: Option<u64>,
    pub level: Option<bool>,
}

impl ForecastRequest {
    /// The simulation asked for; 422 on `trials` out of range.
    fn settings(&self) -> Result<SimulationSettings, ApiError> {
        let trials = NonZeroU32::new(self.trials.unwrap_or(DEFAULT_TRIALS))
            .filter(|t| t.get() <= MAX_TRIALS)
            .ok_or_else(|| {
                ApiError::invalid_field("trials", format!("must be between 1 and {MAX_TRIALS}"))
            })?;
        Ok(SimulationSettings {
            trials,
            seed: self.seed.unwrap_or(DEFAULT_SEED),
        })
    }
}

/// The forecast of project `key` as `request` asks.
pub async fn forecast(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    request: ForecastRequest,
) -> Result<ForecastView, ApiError> {
    let asked = Asked {
        settings: request.settings()?,
        level: request.level,
    };
    let data = plan(state, user, key).await?;
    run_watched_forecast(state, data, asked).await
}

/// Runs the forecast a person asked for and keeps the project watched, so it is run again in
/// the background after the next change (`planning::forecast_warmer`).
async fn run_watched_forecast(
    state: &AppState,
    data: PlanData,
    asked: Asked,
) -> Result<ForecastView, ApiError> {
    let people = people_for(&state.store, &data, asked.level).await?;
    state.warmer.watch(&data.project.key, asked);
    run_forecast(state, data, asked.settings, people).await
}

/// Whose work a forecast levels: everyone's on the project when `level` is asked for,
/// nobody's when it is refused, and as [`people_to_level`] decides when not said.
pub async fn people_for(
    store: &Store,
    data: &PlanData,
    level: Option<bool>,
) -> Result<Option<Vec<MemberProfile>>, ApiError> {
    match level {
        Some(true) => Ok(Some(store.member_profiles(data.project.id).await?)),
        Some(false) => Ok(None),
        None => people_to_level(store, data).await,
    }
}

/// Runs the forecast of an already loaded (and permitted) plan: the project forecast and the
/// portfolio, which loads each plan once per request, share it. With `levelled_over` (the
/// project's member profiles), each person's open items run in the levelled plan's order.
pub async fn run_forecast(
    state: &AppState,
    data: PlanData,
    settings: SimulationSettings,
    levelled_over: Option<Vec<MemberProfile>>,
) -> Result<ForecastView, ApiError> {
    let today = data.days.today();
    let now = crate::clock::now_ms();
    let memo = Arc::clone(&state.forecasts);
    let levellings = Arc::clone(&state.levelled);
    // Levelling and simulation are CPU-bound: keep them off the async workers.
    let result = tokio::task::spawn_blocking(move || {
        let status = forecast::status_day(&data, today);
        let levelled = levelled_over
            .map(|people| levellings.levelled(&data, &people, status))
            .transpose()?;
        let order = levelled.as_ref().map(|levelled| &levelled.order);
        forecast::compute(&data, today, now, settings, order, &memo)
    })
    .await
    .map_err(|error| ApiError::internal(&error))?;
    result.map_err(|error| {
        let code = match error {
            ForecastFailure::NothingOpen => "nothing_to_forecast",
            ForecastFailure::NoBasis => "no_forecast_basis",
            ForecastFailure::Levelling(_) => "unschedulable",
            ForecastFailure::BadEstimate { .. } | ForecastFailure::Engine(_) => "unforecastable",
        };
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            code,
            error.to_string(),
        )
    })
}

/// The forecast the diagnosis, the portfolio and the status report read: levelled over the
/// project's people when open work is assigned to them ([`people_to_level`], ADR 0034).
pub async fn run_delivery_forecast(
    state: &AppState,
    data: PlanData,
    settings: SimulationSettings,
) -> Result<ForecastView, ApiError> {
    let people = people_to_level(&state.store, &data).await?;
    run_forecast(state, data, settings, people).await
}

/// The project's member profiles when some open leaf item is assigned to someone, else
/// `None`. A forecast that lets a person work all their items at once is optimistic exactly
/// where a team is short of capacity, so what judges a project levels each person's work in
/// turn (everyone assigned is a resource; a profile only sets a part-time capacity).
pub async fn people_to_level(
    store: &Store,
    data: &PlanData,
) -> Result<Option<Vec<MemberProfile>>, ApiError> {
    if !has_open_assigned_work(data) {
        return Ok(None);
    }
    Ok(Some(store.member_profiles(data.project.id).await?))
}

/// Whether some open leaf item of `data` is assigned to someone: what makes judging the
/// project level its people's work ([`people_to_level`]).
pub fn has_open_assigned_work(data: &PlanData) -> bool {
    data.items.iter().any(|item| {
        item.assignee.is_some()
            && !data.is_summary(item)
            && item.status.category != StatusCategory::Done
    })
}

/// The MSPDI (MS Project XML) document of project `key`'s schedule with its people as
/// resources; their time off only for callers who may see internal figures.
pub async fn msproject_export(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<Vec<u8>, ApiError> {
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    let store = &state.store;
    let project_id = visible.project.id;
    let people = super::mspdi::People {
        members: store.list_members(project_id).await?,
        weekly_capacity: store
            .member_profiles(project_id)
            .await?
            .into_iter()
            .filter_map(|profile| Some((profile.user_id, profile.weekly_capacity_minutes?)))
            .collect(),
        time_off: user
            .actor()
            .may_on(&visible.access, ProjectAction::ViewInternal),
    };
    let data = PlanData::load(store, visible.project).await?;
    super::mspdi::export(&data, &people, data.days.today()).map_err(|error| unschedulable(&error))
}

/// Imports an MS Project XML file into project `key` (contributors; never client contacts):
/// every item, dependency, and the calendar and start date the project lacks, in one
/// transaction, audited. Nothing is written when the file is refused.
pub async fn msproject_import(
    writer: &Writer<'_>,
    user: &CurrentUser,
    key: &str,
    file: Vec<u8>,
) -> Result<ImportSummary, ApiError> {
    let visible = guard::project(writer.state, user, key, ProjectAction::Contribute).await?;
    let project = &visible.project;
    // Parsing a large plan is CPU-bound: keep it off the async workers.
    let document = tokio::task::spawn_blocking(move || msproject_import::read(&file))
        .await
        .map_err(|error| ApiError::internal(&error))??;
    let store = &writer.state.store;
    let members = store.list_members(project.id).await?;
    let mapped = msproject_import::map(
        &document,
        project.id,
        project.start_date.as_deref(),
        &members,
        writer.actor.id,
    )?;
    let imported = store.import_plan(&mapped.plan).await?;
    let mut summary = mapped.summary;
    summary.first_key = imported.items.first().map(|item| item.key.clone());
    summary.last_key = imported.items.last().map(|item| item.key.clone());
    summary.calendar_imported = imported.calendar_set;
    if mapped.plan.calendar.is_some() && !imported.calendar_set {
        summary.warnings.push(
            "the project keeps the calendar it already had; the file's calendar is not imported"
                .to_owned(),
        );
    }
    if imported.start_date_set {
        summary.start_date_set = mapped.plan.start_date.clone();
    }
    writer
        .record(
            "project.import.msproject",
            "project",
            &project.key,
            json!({
                "items": summary.items_created,
                "dependencies": summary.dependencies_created,
                "warnings": summary.warnings.len(),
            }),
        )
        .await;
    Ok(summary)
}

/// The status report of project `key`; budget figures only for people who may see them, and
/// the risks they may see.
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
    let store = &state.store;
    // One plan for every part: the report reads 5,000 items once, not once per part.
    let data = PlanData::load(store, visible.project).await?;
    let schedule = schedule_of(state, &data, ScheduleOptions::default()).await?;
    let budget = if internal {
        let (saved, spending) = evm_context(store, &data.project).await?;
        let today = data.days.today();
        let evm =
            evm::compute(&data, today, today, saved.as_ref(), &spending).map_err(evm_error)?;
        let burn = crate::portfolio::row::burn(state, &data.project).await?;
        Some(super::status::BudgetStatus::new(evm, burn))
    } else {
        None
    };
    let project_id = data.project.id;
    let active = RiskFilter {
        active_only: true,
        ..RiskFilter::default()
    };
    let open = crate::people::risks::visible(store, project_id, active, internal).await?;
    let risks = crate::people::risks::views(store, project_id, open).await?;
    let created = data.items.iter().map(|i| (i.id, i.created_at)).collect();
    let roadblocks = crate::people::roadblocks::blocked(
        &data.dependencies,
        &store.status_changes(project_id).await?,
        &created,
        crate::clock::now_ms(),
    );
    let asked = Asked {
        settings: DEFAULT_SIMULATION,
        level: None,
    };
    let forecast = run_watched_forecast(state, data, asked).await.ok();
    Ok(super::status::StatusReport::new(
        name, schedule, forecast, budget, risks, roadblocks,
    ))
}
