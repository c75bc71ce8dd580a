//! The health diagnosis as JSON: `GET /projects/{key}/health` (the verdict with every signal)
//! and `GET /projects/{key}/health/history` (the weekly snapshots). Staff only: client
//! contacts get 404, because signals carry costs and internal records (ADR 0006).

use crate::api::views::timestamp;
use crate::auth::CurrentUser;
use crate::diagnosis;
use crate::error::ApiResult;
use crate::params::ApiPath;
use crate::people::internal_project;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use tandem_core::access::ProjectAction;
use tandem_core::health::Verdict;
use utoipa::ToSchema;

/// A project's diagnosis today.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthView {
    pub project_key: String,
    /// The day diagnosed, `YYYY-MM-DD`.
    pub today: String,
    /// The verdict: its severity, the dominant side, the sentence naming the causes, and
    /// every signal, most important first.
    pub verdict: Verdict,
}

/// One week's snapshot.
#[derive(Debug, Serialize, ToSchema)]
pub struct SnapshotView {
    /// Monday of the ISO week, `YYYY-MM-DD`.
    pub week: String,
    /// When it was last recorded, RFC 3339.
    pub recorded_at: String,
    /// The verdict as recorded (same shape as `HealthView.verdict`).
    #[schema(value_type = Verdict)]
    pub verdict: serde_json::Value,
}

/// A project's weekly health, newest week first.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryView {
    pub project_key: String,
    pub weeks: Vec<SnapshotView>,
}

/// The project's health diagnosis, computed now from stored data (and recorded as this
/// week's snapshot). Client contacts get 404.
#[utoipa::path(get, path = "/api/v1/projects/{key}/health", tag = "bridge",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = HealthView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_health(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<HealthView>> {
    Ok(Json(health_view(&state, &user, &key).await?))
}

/// The diagnosis of project `key` as `user` may see it (404 for client contacts): the API's
/// answer, also printed by `tandem health --json`.
pub async fn health_view(state: &AppState, user: &CurrentUser, key: &str) -> ApiResult<HealthView> {
    let visible =
        internal_project(state, user, key, ProjectAction::ViewInternal, "project").await?;
    let diagnosis = diagnosis::diagnose(
        state,
        &visible.project,
        crate::clock::today(&state.store).await?,
    )
    .await?;
    Ok(HealthView {
        project_key: visible.project.key,
        today: diagnosis.today,
        verdict: diagnosis.verdict,
    })
}

/// The project's weekly health snapshots, newest first (at most two years). Client contacts
/// get 404.
#[utoipa::path(get, path = "/api/v1/projects/{key}/health/history", tag = "bridge",
    params(("key" = String, Path, description = "Project key")),
    responses((status = 200, body = HistoryView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_history(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<HistoryView>> {
    let visible =
        internal_project(&state, &user, &key, ProjectAction::ViewInternal, "project").await?;
    let weeks = diagnosis::history(&state, &visible.project)
        .await?
        .into_iter()
        .map(|snapshot| SnapshotView {
            week: snapshot.week,
            recorded_at: timestamp(snapshot.recorded_at),
            verdict: snapshot.verdict,
        })
        .collect();
    Ok(Json(HistoryView {
        project_key: visible.project.key,
        weeks,
    }))
}
