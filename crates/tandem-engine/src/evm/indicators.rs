//! The earned value indicators derived from four totals: BAC, PV, EV and AC.

use serde::Serialize;

/// An estimate at completion with what follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Completion {
    /// Estimate at completion (EAC).
    pub estimate_at_completion: f64,
    /// Estimate to complete: EAC − AC.
    pub estimate_to_complete: f64,
    /// Variance at completion: BAC − EAC (negative = over budget).
    pub variance_at_completion: f64,
}

/// Earned value indicators of a project or a task.
///
/// `None` marks a ratio whose denominator is zero (or, for TCPI, not positive): the
/// indicator is undefined at this point, not infinite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Indicators {
    /// Budget at completion (BAC).
    pub budget_at_completion: f64,
    /// Planned value (PV, BCWS) at the status date.
    pub planned_value: f64,
    /// Earned value (EV, BCWP) at the status date.
    pub earned_value: f64,
    /// Actual cost (AC, ACWP) at the status date.
    pub actual_cost: f64,
    /// Schedule variance: EV − PV (negative = behind schedule).
    pub schedule_variance: f64,
    /// Cost variance: EV − AC (negative = over budget).
    pub cost_variance: f64,
    /// Schedule performance index: EV / PV; `None` while PV is zero.
    pub schedule_performance_index: Option<f64>,
    /// Cost performance index: EV / AC; `None` while AC is zero.
    pub cost_performance_index: Option<f64>,
    /// EAC = BAC / CPI: the cost efficiency so far continues. `None` without a CPI or
    /// when CPI is zero (nothing earned yet).
    pub completion_at_current_cpi: Option<Completion>,
    /// EAC = AC + (BAC − EV): the remaining work goes at the budgeted rate.
    pub completion_at_budget_rate: Completion,
    /// EAC = AC + (BAC − EV) / (CPI × SPI): both cost and schedule efficiency weigh on
    /// the remaining work. `None` when either index is undefined or their product is zero.
    pub completion_at_cpi_and_spi: Option<Completion>,
    /// To-complete performance index against BAC: (BAC − EV) / (BAC − AC); `None` once
    /// the budget is spent (BAC − AC ≤ 0).
    pub to_complete_index_for_budget: Option<f64>,
    /// To-complete performance index against the CPI-based EAC: (BAC − EV) / (EAC − AC);
    /// `None` when that EAC is undefined or nothing remains to spend.
    pub to_complete_index_for_estimate: Option<f64>,
}

impl Indicators {
    /// Derives every indicator from the four totals.
    pub fn from_totals(
        budget_at_completion: f64,
        planned_value: f64,
        earned_value: f64,
        actual_cost: f64,
    ) -> Self {
        let bac = budget_at_completion;
        let (pv, ev, ac) = (planned_value, earned_value, actual_cost);
        let spi = ratio(ev, pv);
        let cpi = ratio(ev, ac);
        let remaining_work = bac - ev;
        let completion = |eac: f64| Completion {
            estimate_at_completion: eac,
            estimate_to_complete: eac - ac,
            variance_at_completion: bac - eac,
        };
        let completion_at_current_cpi = cpi.and_then(|cpi| ratio(bac, cpi)).map(completion);
        Self {
            budget_at_completion: bac,
            planned_value: pv,
            earned_value: ev,
            actual_cost: ac,
            schedule_variance: ev - pv,
            cost_variance: ev - ac,
            schedule_performance_index: spi,
            cost_performance_index: cpi,
            completion_at_current_cpi,
            completion_at_budget_rate: completion(ac + remaining_work),
            completion_at_cpi_and_spi: cpi
                .zip(spi)
                .and_then(|(cpi, spi)| ratio(remaining_work, cpi * spi))
                .map(|remaining_cost| completion(ac + remaining_cost)),
            to_complete_index_for_budget: to_complete_index(remaining_work, bac - ac),
            to_complete_index_for_estimate: completion_at_current_cpi
                .and_then(|eac| to_complete_index(remaining_work, eac.estimate_to_complete)),
        }
    }
}

/// `numerator / denominator`, or `None` when the denominator is zero.
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// Work left over money left; `None` when no money is left (the target is already
/// missed or met, and no efficiency figure describes that).
fn to_complete_index(remaining_work: f64, remaining_funds: f64) -> Option<f64> {
    (remaining_funds > 0.0).then(|| remaining_work / remaining_funds)
}
