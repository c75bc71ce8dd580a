//! The project status report: schedule (forecast against the target, milestones that slip),
//! scope (done and open items), the top open risks and the roadblocks, and budget (earned
//! value, actual cost and burn — internal, absent for client contacts, who also read only
//! the risks shared with them).

use serde::Serialize;
use utoipa::ToSchema;

use super::evm::EvmView;
use super::forecast::ForecastView;
use super::schedule::{DueDateViolation, ScheduleView};
use crate::people::risks::RiskView;
use crate::people::roadblocks::RoadblockView;

/// How many risks and roadblocks the report names; it counts the rest.
const TOP: usize = 5;

/// Budget health (internal).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BudgetStatus {
    pub unit: String,
    pub budget_at_completion: f64,
    pub earned_value: f64,
    /// Spent to date, in `unit`.
    pub actual_cost: f64,
    /// Actual cost over the budget (the project's overall budget, else its planned lines):
    /// 0.4 is 40 % spent; absent without a budget.
    pub burn: Option<f64>,
    pub spi: Option<f64>,
    pub cpi: Option<f64>,
    pub actual_cost_available: bool,
}

impl BudgetStatus {
    /// The budget figures of the earned value `evm`, beside the budget `burn`
    /// (`portfolio::row::burn`, as the portfolio shows it).
    pub fn new(evm: EvmView, burn: Option<f64>) -> Self {
        Self {
            unit: evm.unit,
            budget_at_completion: evm.budget_at_completion,
            earned_value: evm.earned_value,
            actual_cost: evm.actual_cost,
            burn,
            spi: evm.spi,
            cpi: evm.cpi,
            actual_cost_available: evm.actual_cost_available,
        }
    }
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
    /// The highest-exposure open and mitigating risks the reader may see (client contacts:
    /// the shared ones), at most five.
    pub risks: Vec<RiskView>,
    /// How many open and mitigating risks the reader may see in all.
    pub open_risks: usize,
    /// The items blocked longest, at most five.
    pub roadblocks: Vec<RoadblockView>,
    /// How many items are blocked in all.
    pub blocked_items: usize,
    /// Absent for client contacts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetStatus>,
    /// Sections left out, and why.
    pub notes: Vec<String>,
}

impl StatusReport {
    /// Assembles the report from the schedule, the forecast (if any), the budget (if the
    /// reader may see it), the open risks by exposure and the roadblocks, longest first.
    pub fn new(
        name: String,
        schedule: ScheduleView,
        forecast: Option<ForecastView>,
        budget: Option<BudgetStatus>,
        mut risks: Vec<RiskView>,
        mut roadblocks: Vec<RoadblockView>,
    ) -> Self {
        let leaves = schedule.items.iter().filter(|i| !i.summary);
        let items_done = leaves.clone().filter(|i| i.done).count();
        let items_open = leaves.count() - items_done;
        let (open_risks, blocked_items) = (risks.len(), roadblocks.len());
        risks.truncate(TOP);
        roadblocks.truncate(TOP);
        let mut notes = Vec::new();
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
            risks,
            open_risks,
            roadblocks,
            blocked_items,
            budget,
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
        md.push_str("\n## Risks\n\n");
        if self.risks.is_empty() {
            md.push_str("No open risk.\n");
        }
        for r in &self.risks {
            md.push_str(&format!(
                "- {} (exposure {}, {}; {}; owner: {})\n",
                r.title,
                r.exposure,
                r.severity,
                r.status,
                r.owner.as_ref().map_or("nobody", |o| o.name.as_str())
            ));
        }
        more(&mut md, self.open_risks - self.risks.len(), "open risks");
        md.push_str("\n## Roadblocks\n\n");
        if self.roadblocks.is_empty() {
            md.push_str("Nothing is blocked.\n");
        }
        for b in &self.roadblocks {
            md.push_str(&format!(
                "- {} {}: blocked for {} days, waiting for {}\n",
                b.key,
                b.title,
                b.days_blocked,
                b.blocked_by.join(", ")
            ));
        }
        more(
            &mut md,
            self.blocked_items - self.roadblocks.len(),
            "blocked items",
        );
        if let Some(b) = &self.budget {
            md.push_str(&format!(
                "\n## Budget\n\n- Budget at completion: {:.0} {u}\n- Earned value: {:.0} {u}\n- Actual cost: {:.0} {u}\n",
                b.budget_at_completion,
                b.earned_value,
                b.actual_cost,
                u = b.unit
            ));
            if let Some(spi) = b.spi {
                md.push_str(&format!("- SPI: {spi:.2}\n"));
            }
            if let Some(cpi) = b.cpi {
                md.push_str(&format!("- CPI: {cpi:.2}\n"));
            }
            if let Some(burn) = b.burn {
                md.push_str(&format!("- Burn: {:.0} % of the budget\n", burn * 100.0));
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

/// `- and 3 more open risks`, when the report left some out.
fn more(md: &mut String, left_out: usize, what: &str) {
    if left_out > 0 {
        md.push_str(&format!("- and {left_out} more {what}\n"));
    }
}
