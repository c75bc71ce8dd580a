//! The delivery-side signals: one evaluation function per signal, from the plain numbers it
//! needs (earned value, forecasts, schedule, people, budget, sprints, time). `evidence` are
//! the records behind the numbers (items, milestones, people, sprints, ...).

use super::bands::Direction;
use super::product::role_coverage;
use super::signal::{Evidence, Signal, SignalId, graded, percent, plural};
use super::thresholds::Thresholds;

use Direction::{HigherIsWorse, LowerIsWorse};

/// Project manager coverage: critical when the project has none.
pub fn no_project_manager(holder: Option<&str>) -> Signal {
    role_coverage(SignalId::NoProjectManager, holder, "project manager")
}

/// An earned-value index; `None` before there is earned value to compare.
fn index(
    id: SignalId,
    name: &str,
    value: Option<f64>,
    bands: &super::Bands,
    evidence: Vec<Evidence>,
    action: &str,
) -> Signal {
    let measured = value.unwrap_or(1.0);
    let grade = bands.grade(measured, LowerIsWorse);
    let explanation = match value {
        Some(value) => format!("{name} is {value:.2} (threshold {:.2})", grade.threshold),
        None => format!("{name} is not measured yet: nothing was planned or earned so far"),
    };
    graded(id, measured, grade, explanation, evidence, action)
}

/// Schedule performance index (EV / PV).
pub fn spi(value: Option<f64>, thresholds: &Thresholds, evidence: Vec<Evidence>) -> Signal {
    index(
        SignalId::Spi,
        "SPI",
        value,
        &thresholds.spi,
        evidence,
        "Find the late work on the critical path and re-plan or add capacity",
    )
}

/// Cost performance index (EV / AC).
pub fn cpi(value: Option<f64>, thresholds: &Thresholds, evidence: Vec<Evidence>) -> Signal {
    index(
        SignalId::Cpi,
        "CPI",
        value,
        &thresholds.cpi,
        evidence,
        "Find where actual cost exceeds earned value and correct rates, scope or staffing",
    )
}

/// The P85 forecast against the target date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastInput {
    /// The date by which the scope is done with 85 % confidence, `YYYY-MM-DD`.
    pub p85: String,
    /// The target date, `YYYY-MM-DD`.
    pub target: String,
    /// Calendar days from target to P85 (negative when the forecast is early).
    pub days_late: i64,
}

/// The P85 forecast lands after the target date.
pub fn forecast_after_target(
    input: Option<&ForecastInput>,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let action = "Cut scope with the product manager or move the date in a recorded decision";
    let Some(input) = input else {
        let grade = thresholds.forecast_late_days.grade(0.0, HigherIsWorse);
        return graded(
            SignalId::ForecastAfterTarget,
            0.0,
            grade,
            "No forecast or no target date yet".to_owned(),
            evidence,
            action,
        );
    };
    let days = input.days_late as f64;
    let grade = thresholds.forecast_late_days.grade(days, HigherIsWorse);
    let explanation = if input.days_late > 0 {
        format!(
            "The P85 forecast {} is {} days after the target {} (threshold {} days)",
            input.p85, input.days_late, input.target, grade.threshold
        )
    } else {
        format!(
            "The P85 forecast {} meets the target {}",
            input.p85, input.target
        )
    };
    graded(
        SignalId::ForecastAfterTarget,
        days,
        grade,
        explanation,
        evidence,
        action,
    )
}

/// The critical path's finish against the baseline, in working days (positive is late).
pub fn critical_path_slip(
    slip_days: i64,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let days = slip_days as f64;
    let grade = thresholds
        .critical_path_slip_days
        .grade(days, HigherIsWorse);
    graded(
        SignalId::CriticalPathSlip,
        days,
        grade,
        format!(
            "The critical path finishes {slip_days} working days later than the baseline (threshold {} days)",
            grade.threshold
        ),
        evidence,
        "Recover the slipping critical-path tasks or re-baseline in a recorded decision",
    )
}

/// Milestones past their date and not done.
pub fn overdue_milestones(
    count: u32,
    oldest_days_overdue: u32,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let grade = thresholds
        .overdue_milestones
        .grade(f64::from(count), HigherIsWorse);
    let explanation = if count == 0 {
        "No milestone is overdue".to_owned()
    } else {
        format!(
            "{} overdue, the oldest by {oldest_days_overdue} days (threshold {})",
            plural(count, "milestone is", "milestones are"),
            grade.threshold
        )
    };
    graded(
        SignalId::OverdueMilestones,
        f64::from(count),
        grade,
        explanation,
        evidence,
        "Agree new milestone dates with the client or recover the work",
    )
}

/// Items blocked longer than the threshold's days.
pub fn blocked_items(
    count: u32,
    longest_days: u32,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let grade = thresholds
        .blocked_items
        .grade(f64::from(count), HigherIsWorse);
    graded(
        SignalId::BlockedItems,
        f64::from(count),
        grade,
        format!(
            "{} blocked for more than {} days, the longest {longest_days} days (threshold {})",
            plural(count, "item is", "items are"),
            thresholds.blocked_days,
            grade.threshold
        ),
        evidence,
        "Escalate the blockers and name who removes each one",
    )
}

/// The most loaded person, as a share of their capacity, and how many are above 100 %.
pub fn over_allocation(
    peak_load: f64,
    people_over: u32,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let grade = thresholds.peak_allocation.grade(peak_load, HigherIsWorse);
    graded(
        SignalId::OverAllocation,
        peak_load,
        grade,
        format!(
            "{} over capacity, the most loaded at {} (threshold {})",
            plural(people_over, "person is", "people are"),
            percent(peak_load),
            percent(grade.threshold)
        ),
        evidence,
        "Level the plan: move work off the over-allocated people or add capacity",
    )
}

/// Budget spent against work done, both as shares of their totals.
pub fn budget_burn(
    spent_share: f64,
    done_share: f64,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let gap = spent_share - done_share;
    let grade = thresholds.budget_burn_gap.grade(gap, HigherIsWorse);
    graded(
        SignalId::BudgetBurn,
        gap,
        grade,
        format!(
            "{} of the budget is spent for {} of the work ({:.0} points ahead; threshold {:.0})",
            percent(spent_share),
            percent(done_share),
            gap * 100.0,
            grade.threshold * 100.0
        ),
        evidence,
        "Review cost to date against progress and re-forecast the budget",
    )
}

/// Share of committed work that spilled over, oldest sprint first; the last three count.
pub fn sprint_spillover(
    shares: &[f64],
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let recent = &shares[shares.len().saturating_sub(3)..];
    let average = if recent.is_empty() {
        0.0
    } else {
        recent.iter().sum::<f64>() / recent.len() as f64
    };
    let rising = recent.windows(2).all(|pair| pair[1] > pair[0]) && recent.len() > 1;
    let grade = thresholds
        .sprint_spillover_share
        .grade(average, HigherIsWorse);
    let mut explanation = format!(
        "{} of committed work spilled over on average in the last {} (threshold {})",
        percent(average),
        plural(recent.len() as u32, "sprint", "sprints"),
        percent(grade.threshold)
    );
    if rising {
        explanation.push_str(", rising every sprint");
    }
    graded(
        SignalId::SprintSpillover,
        average,
        grade,
        explanation,
        evidence,
        "Commit to less per sprint, based on measured velocity",
    )
}

/// Expected hours against logged hours, last week.
pub fn time_not_logged(
    expected_hours: f64,
    logged_hours: f64,
    thresholds: &Thresholds,
    evidence: Vec<Evidence>,
) -> Signal {
    let missing = if expected_hours > 0.0 {
        ((expected_hours - logged_hours) / expected_hours).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let grade = thresholds
        .time_not_logged_share
        .grade(missing, HigherIsWorse);
    graded(
        SignalId::TimeNotLogged,
        missing,
        grade,
        format!(
            "{logged_hours:.0} of {expected_hours:.0} expected hours were logged last week ({} missing; threshold {})",
            percent(missing),
            percent(grade.threshold)
        ),
        evidence,
        "Ask the team to log last week's time: cost and progress figures rest on it",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::{Severity, Side};
    use crate::roles::ProjectRole;

    #[test]
    fn spi_below_its_thresholds() {
        let t = Thresholds::default();
        let signal = spi(Some(0.85), &t, Vec::new());
        assert_eq!(signal.severity, Severity::AtRisk);
        assert_eq!(signal.side, Side::Delivery);
        assert_eq!(signal.explanation, "SPI is 0.85 (threshold 0.90)");
        assert_eq!(signal.next_step.owner, ProjectRole::ProjectManager);
        assert_eq!(spi(None, &t, Vec::new()).severity, Severity::Ok);
        assert_eq!(cpi(Some(0.7), &t, Vec::new()).severity, Severity::Critical);
    }

    #[test]
    fn forecast_after_target_counts_days() {
        let t = Thresholds::default();
        let late = ForecastInput {
            p85: "2026-07-20".into(),
            target: "2026-06-30".into(),
            days_late: 20,
        };
        let signal = forecast_after_target(Some(&late), &t, Vec::new());
        assert_eq!(signal.severity, Severity::AtRisk);
        assert!(
            signal
                .explanation
                .contains("20 days after the target 2026-06-30")
        );
        let early = ForecastInput {
            days_late: -3,
            ..late
        };
        assert_eq!(
            forecast_after_target(Some(&early), &t, Vec::new()).severity,
            Severity::Ok
        );
    }

    #[test]
    fn budget_burning_faster_than_progress() {
        let t = Thresholds::default();
        let signal = budget_burn(0.6, 0.45, &t, Vec::new());
        assert_eq!(signal.severity, Severity::AtRisk);
        assert_eq!(
            signal.explanation,
            "60 % of the budget is spent for 45 % of the work (15 points ahead; threshold 10)"
        );
    }

    #[test]
    fn spillover_averages_the_last_three_sprints_and_notes_a_rising_trend() {
        let t = Thresholds::default();
        let signal = sprint_spillover(&[0.0, 0.1, 0.2, 0.3], &t, Vec::new());
        assert!((signal.value - 0.2).abs() < 1e-9);
        assert_eq!(signal.severity, Severity::Watch);
        assert!(signal.explanation.ends_with("rising every sprint"));
        assert_eq!(sprint_spillover(&[], &t, Vec::new()).severity, Severity::Ok);
    }

    #[test]
    fn other_delivery_signals_grade_their_numbers() {
        let t = Thresholds::default();
        assert_eq!(no_project_manager(None).severity, Severity::Critical);
        assert_eq!(
            critical_path_slip(8, &t, Vec::new()).severity,
            Severity::AtRisk
        );
        assert_eq!(
            overdue_milestones(1, 4, &t, Vec::new()).severity,
            Severity::Watch
        );
        assert_eq!(
            blocked_items(12, 20, &t, Vec::new()).severity,
            Severity::Critical
        );
        assert_eq!(
            over_allocation(1.3, 2, &t, Vec::new()).severity,
            Severity::AtRisk
        );
        assert_eq!(
            time_not_logged(40.0, 20.0, &t, Vec::new()).severity,
            Severity::AtRisk
        );
        assert_eq!(
            time_not_logged(0.0, 0.0, &t, Vec::new()).severity,
            Severity::Ok
        );
    }
}
