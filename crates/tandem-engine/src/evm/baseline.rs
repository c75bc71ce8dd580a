//! The approved plan: what each task may cost and when its work was planned.

use super::EvmError;

/// One task of the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BaselineTask {
    /// Budget at completion of the task.
    pub budget: f64,
    /// Baseline start, in working minutes from the project start.
    pub start: f64,
    /// Baseline finish, in working minutes from the project start.
    pub finish: f64,
}

/// A validated baseline; the source of planned value.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    tasks: Vec<BaselineTask>,
}

impl Baseline {
    /// Accepts tasks with finite, non-negative budgets and finite dates in order.
    pub fn new(tasks: Vec<BaselineTask>) -> Result<Self, EvmError> {
        for (index, task) in tasks.iter().enumerate() {
            if !(task.budget.is_finite() && task.budget >= 0.0) {
                return Err(EvmError::InvalidBudget { task: index });
            }
            if !(task.start.is_finite() && task.finish.is_finite() && task.start <= task.finish) {
                return Err(EvmError::InvalidDates { task: index });
            }
        }
        Ok(Self { tasks })
    }

    /// The tasks, in the order given.
    pub fn tasks(&self) -> &[BaselineTask] {
        &self.tasks
    }

    /// Budget at completion of the whole project (BAC).
    pub fn budget_at_completion(&self) -> f64 {
        self.tasks.iter().map(|task| task.budget).sum()
    }

    /// Cumulative planned value of the project at `at` (a finite offset).
    pub fn planned_value_at(&self, at: f64) -> f64 {
        self.tasks
            .iter()
            .map(|task| task.planned_value_at(at))
            .sum()
    }
}

impl BaselineTask {
    /// Cumulative planned value at `at`: the budget spread evenly over the task's working
    /// time; a zero-length task (a milestone) plans its whole budget at its finish.
    pub fn planned_value_at(&self, at: f64) -> f64 {
        if at >= self.finish {
            self.budget
        } else if at <= self.start {
            0.0
        } else {
            self.budget * (at - self.start) / (self.finish - self.start)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_value_is_linear_over_the_task() {
        // 900 over [100, 400]: 3 per minute → 300 at 200, all 900 from 400 on.
        let task = BaselineTask {
            budget: 900.0,
            start: 100.0,
            finish: 400.0,
        };
        assert_eq!(task.planned_value_at(50.0), 0.0);
        assert_eq!(task.planned_value_at(200.0), 300.0);
        assert_eq!(task.planned_value_at(400.0), 900.0);
        assert_eq!(task.planned_value_at(1e9), 900.0);
    }

    #[test]
    fn a_milestone_plans_its_budget_at_its_date() {
        let milestone = BaselineTask {
            budget: 50.0,
            start: 480.0,
            finish: 480.0,
        };
        assert_eq!(milestone.planned_value_at(479.0), 0.0);
        assert_eq!(milestone.planned_value_at(480.0), 50.0);
    }

    #[test]
    fn invalid_baselines_are_rejected() {
        let task = |budget, start, finish| BaselineTask {
            budget,
            start,
            finish,
        };
        assert_eq!(
            Baseline::new(vec![task(1.0, 0.0, 1.0), task(-1.0, 0.0, 1.0)]),
            Err(EvmError::InvalidBudget { task: 1 })
        );
        assert_eq!(
            Baseline::new(vec![task(1.0, 5.0, 1.0)]),
            Err(EvmError::InvalidDates { task: 0 })
        );
        assert_eq!(
            Baseline::new(vec![task(f64::NAN, 0.0, 1.0)]),
            Err(EvmError::InvalidBudget { task: 0 })
        );
    }
}
