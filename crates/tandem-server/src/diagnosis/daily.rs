//! Once a day, the server diagnoses every active project so the weekly trend fills in even
//! when nobody opens the health page, then runs the default forecasts of the first few
//! (`planning::forecast_warmer::warm_defaults`), so their forecast and status pages open
//! without waiting for ten thousand trials after a restart. Cheap (one diagnosis per project
//! per day) and stopped with the server.

use crate::state::AppState;
use std::time::Duration;
use tandem_store::ProjectFilter;

/// Time between two rounds.
pub const INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

/// Diagnoses every active project once now, then once per [`INTERVAL`], until `shutdown`
/// resolves. A failing project is logged and skipped; the others still get their snapshot.
pub async fn run(state: AppState, shutdown: impl std::future::Future<Output = ()>) {
    let rounds = async {
        let mut ticks = tokio::time::interval(INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let done = snapshot_all(&state).await;
            tracing::info!(projects = done, "daily health snapshots recorded");
            let warmed = crate::planning::forecast_warmer::warm_defaults(&state).await;
            tracing::info!(projects = warmed, "default forecasts warmed");
        }
    };
    tokio::select! {
        () = rounds => {},
        () = shutdown => {},
    }
}

/// Diagnoses (and so snapshots) every project that is not archived; returns how many.
pub async fn snapshot_all(state: &AppState) -> usize {
    let projects = match state.store.list_projects(&ProjectFilter::default()).await {
        Ok(projects) => projects,
        Err(error) => {
            tracing::warn!(%error, "daily health snapshots: cannot list projects");
            return 0;
        }
    };
    let today = match crate::clock::today(&state.store).await {
        Ok(today) => today,
        Err(error) => {
            tracing::warn!(message = %error.message, "daily health snapshots: no today");
            return 0;
        }
    };
    let mut done = 0;
    for project in projects {
        match super::diagnose(state, &project, today).await {
            Ok(_) => done += 1,
            Err(error) => tracing::warn!(
                project = %project.key, code = error.code, message = %error.message,
                "daily health snapshot failed"
            ),
        }
    }
    done
}
