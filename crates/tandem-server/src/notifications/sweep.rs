//! The sweep: conditions that arise with time rather than with a write — open decisions past
//! their due or revisit date, critical signals in a project's health diagnosis. `serve` runs
//! it every hour; admins can run it on demand (`POST /api/v1/notifications/sweep`).

use super::{Raise, raise};
use crate::error::ApiError;
use crate::state::AppState;
use jiff::civil::Date;
use serde::Serialize;
use std::time::Duration;
use tandem_core::health::{Severity, Signal};
use tandem_core::notifications::NotificationKind;
use tandem_core::roles::ProjectRole;
use tandem_store::{Project, ProjectFilter};
use utoipa::ToSchema;

/// How often `serve` sweeps.
pub const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// What one sweep raised.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct SweepReport {
    /// Notifications about decisions past due.
    pub decisions_overdue: u32,
    /// Notifications about critical health signals.
    pub critical_signals: u32,
}

/// Raises every notification the conditions of `today` call for (each at most once).
pub async fn run(state: &AppState, today: Date) -> Result<SweepReport, ApiError> {
    Ok(SweepReport {
        decisions_overdue: overdue_decisions(state, today).await?,
        critical_signals: critical_signals(state, today).await?,
    })
}

/// Sweeps now and then every [`INTERVAL`] until the process ends; failures are logged.
pub async fn every_hour(state: AppState) {
    let mut ticks = tokio::time::interval(INTERVAL);
    loop {
        ticks.tick().await;
        let swept = match crate::clock::today(&state.store).await {
            Ok(today) => run(&state, today).await,
            Err(error) => Err(error),
        };
        match swept {
            Ok(report) => tracing::info!(?report, "notification sweep"),
            Err(error) => tracing::error!(?error, "notification sweep failed"),
        }
    }
}

async fn overdue_decisions(state: &AppState, today: Date) -> Result<u32, ApiError> {
    let mut raised = 0;
    for decision in state
        .store
        .overdue_open_decisions(&today.to_string())
        .await?
    {
        let Some(user_id) = decision.accountable_id else {
            continue;
        };
        let notification = Raise {
            kind: NotificationKind::DecisionOverdue,
            user_id,
            project_id: Some(decision.project_id),
            link: format!("/projects/{}/decisions", decision.project_key),
            label: decision.title.clone(),
            text: format!(
                "The decision \"{}\" is still open and was due on {}.",
                decision.title, decision.past_date
            ),
            condition: format!("{}:{}", decision.decision_id, decision.past_date),
        };
        raised += u32::from(raise(&state.store, notification).await?);
    }
    Ok(raised)
}

async fn critical_signals(state: &AppState, today: Date) -> Result<u32, ApiError> {
    let projects = state
        .store
        .list_projects(&ProjectFilter {
            visible_to: None,
            include_archived: false,
        })
        .await?;
    let mut raised = 0;
    for project in projects {
        let diagnosis = crate::diagnosis::diagnose(state, &project, today).await?;
        for signal in diagnosis
            .verdict
            .signals
            .iter()
            .filter(|signal| signal.severity == Severity::Critical)
        {
            let Some(user_id) = owner(&project, signal) else {
                continue;
            };
            let notification = Raise {
                kind: NotificationKind::CriticalSignal,
                user_id,
                project_id: Some(project.id),
                link: format!("/projects/{}/health", project.key),
                label: format!("{}: {}", project.key, signal.id.title()),
                text: format!(
                    "{} Next step: {}",
                    signal.explanation, signal.next_step.action
                ),
                condition: format!("{}:{}", project.id, signal_key(signal)),
            };
            raised += u32::from(raise(&state.store, notification).await?);
        }
    }
    Ok(raised)
}

/// Who holds the role that owns the signal's next step; the other manager while that role is
/// vacant (a missing manager is itself a critical signal someone must act on).
fn owner(project: &Project, signal: &Signal) -> Option<i64> {
    let product = project.product_manager.as_ref().map(|user| user.id);
    let delivery = project.project_manager.as_ref().map(|user| user.id);
    match signal.next_step.owner {
        ProjectRole::ProductManager => product.or(delivery),
        ProjectRole::ProjectManager => delivery.or(product),
        _ => product.or(delivery),
    }
}

/// The signal's stable name (`no_product_manager`), for the dedupe key.
fn signal_key(signal: &Signal) -> String {
    serde_json::to_value(signal.id)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| signal.id.title().to_owned())
}
