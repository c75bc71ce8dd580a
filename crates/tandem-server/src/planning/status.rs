//! The project status report: schedule (forecast against the target, milestones that slip),
//! budget (earned value — internal, absent for client contacts), scope (done and open items).
//! Risks and roadblocks come from the risk register, which is not part of this build yet:
//! the report says so instead of inventing them.

use serde::Serialize;
use utoipa::ToSchema;

use super::evm::EvmView;
use super::forecast::ForecastView;
use super::schedule::{DueDateViolation, ScheduleView};

/// Budget health (internal).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetStatus {
    pub unit: String,
    pub budget_at_completion: f64,
    pub earned_value: f64,
    pub spi: Option<f64>,
    pub cpi: Option<f64>,
    pub actual_cost_available: bool,
}

/// A project status report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusReport {
    pub project_key: String,
    pub project_name: String,
    pub target_launch_date: Option<String>,
    /// Scheduled finish (critical path, `YYYY-MM-DD`).
    pub scheduled_finish: String,
    /// Forecast finish at 85 % confidence, when a forecast can be made.
    pub forecast_p85: Option<String>,
    pub target_probability: Option<f64>,
    /// Milestones that cannot meet their due date.
    pub slipping_milestones: Vec<DueDateViolation>,
    pub items_done: usize,
    pub items_open: usize,
    /// Absent for client contacts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetStatus>,
    /// Sections left out, and why.
    pub notes: Vec<String>,
}

impl StatusReport {
    /// Assembles the report from the schedule, the forecast (if any) and the earned value
    /// (if the reader may see it).
    pub fn new(
        name: String,
        schedule: ScheduleView,
        forecast: Option<ForecastView>,
        evm: Option<EvmView>,
    ) -> Self {
        let leaves = schedule.items.iter().filter(|i| !i.summary);
        let items_done = leaves.clone().filter(|i| i.done).count();
        let items_open = leaves.count() - items_done;
        let mut notes = vec![
            "Risks and roadblocks: the risk register is not available in this build.".to_owned(),
        ];
        if forecast.is_none() {
            notes.push("Forecast: not enough estimates or history to forecast.".to_owned());
        }
        Self {
            project_key: schedule.project_key,
            project_name: name,
            target_launch_date: schedule.target_launch_date,
            scheduled_finish: schedule.finish.get(..10).unwrap_or_default().to_owned(),
            forecast_p85: forecast
                .as_ref()
                .map(|f| f.finish.p85.get(..10).unwrap_or_default().to_owned()),
            target_probability: forecast.and_then(|f| f.target_probability),
            slipping_milestones: schedule.violations,
            items_done,
            items_open,
            budget: evm.map(|e| BudgetStatus {
                unit: e.unit,
                budget_at_completion: e.budget_at_completion,
                earned_value: e.earned_value,
                spi: e.spi,
                cpi: e.cpi,
                actual_cost_available: e.actual_cost_available,
            }),
            notes,
        }
    }

    /// The report as Markdown, for pasting into an e-mail or a wiki.
    pub fn to_markdown(&self) -> String {
        let mut md = format!(
            "# Status: {} ({})\n\n## Schedule\n\n",
            self.project_name, self.project_key
        );
        md.push_str(&format!("- Scheduled finish: {}\n", self.scheduled_finish));
        if let Some(p85) = &self.forecast_p85 {
            md.push_str(&format!("- Forecast finish (85 %): {p85}\n"));
        }
        if let Some(target) = &self.target_launch_date {
            md.push_str(&format!("- Target launch: {target}"));
            if let Some(p) = self.target_probability {
                md.push_str(&format!(" ({:.0} % chance)", p * 100.0));
            }
            md.push('\n');
        }
        for m in &self.slipping_milestones {
            md.push_str(&format!(
                "- Milestone {} due {} slips to {} ({} working days)\n",
                m.key,
                m.due_date,
                m.logic_finish.get(..10).unwrap_or_default(),
                m.late_by_days
            ));
        }
        md.push_str(&format!(
            "\n## Scope\n\n- Done: {}\n- Open: {}\n",
            self.items_done, self.items_open
        ));
        if let Some(b) = &self.budget {
            md.push_str(&format!(
                "\n## Budget\n\n- Budget at completion: {:.0} {}\n- Earned value: {:.0} {}\n",
                b.budget_at_completion, b.unit, b.earned_value, b.unit
            ));
            if let Some(spi) = b.spi {
                md.push_str(&format!("- SPI: {spi:.2}\n"));
            }
            if let Some(cpi) = b.cpi {
                md.push_str(&format!("- CPI: {cpi:.2}\n"));
            }
        }
        if !self.notes.is_empty() {
            md.push_str("\n## Notes\n\n");
            for note in &self.notes {
                md.push_str(&format!("- {note}\n"));
            }
        }
        md
    }
}
