//! Forecasts remembered per network, so pages that show the same plan do not run the same
//! ten thousand trials again.
//!
//! A simulation is a pure function of its network (tasks, relations and people's blocked
//! time) and its settings (trials and seed), so a result is reused only when all of them are
//! *equal* to a remembered run — compared in full, not by a hash — and any change to an item,
//! a link, an estimate, a constraint, someone's time off or the status date gives a different
//! network and a fresh run. Nothing is ever
//! stale, and there is nothing to invalidate. A recalled run skips compiling the network as
//! well as the trials. The memo holds the last [`MEMO_ENTRIES`] runs.

use std::sync::Arc;

use tandem_engine::forecast::{
    BlockedTime, Forecast, ForecastError, Network, NetworkTask, Relation, SimulationSettings,
};

use super::recent::Recent;

/// The engine's input for one forecast, borrowed from the caller.
#[derive(Debug, Clone, Copy)]
pub struct NetworkInput<'a> {
    pub tasks: &'a [NetworkTask],
    pub relations: &'a [Relation],
    /// People's blocked time, indexed by [`NetworkTask::calendar`].
    pub calendars: &'a [BlockedTime],
}

/// Runs remembered: enough for the forecast page, the status page, the health diagnosis
/// and the portfolio of a few busy projects (about a megabyte each for 5,000 tasks).
pub const MEMO_ENTRIES: usize = 16;

/// The most recent simulations and their results, most recent first.
pub struct ForecastMemo {
    runs: Recent<Run>,
}

impl Default for ForecastMemo {
    fn default() -> Self {
        Self {
            runs: Recent::new(MEMO_ENTRIES),
        }
    }
}

struct Run {
    tasks: Vec<NetworkTask>,
    relations: Vec<Relation>,
    calendars: Vec<BlockedTime>,
    settings: SimulationSettings,
    forecast: Arc<Forecast>,
}

impl Run {
    fn is_for(&self, input: NetworkInput, settings: SimulationSettings) -> bool {
        self.settings == settings
            && self.tasks == input.tasks
            && self.relations == input.relations
            && self.calendars == input.calendars
    }
}

impl ForecastMemo {
    /// The forecast of the network `input` under `settings`: remembered when an equal run
    /// was made, compiled, simulated and remembered otherwise. Two callers racing on a new
    /// network both simulate; their results are equal, so either may be kept.
    pub fn simulate(
        &self,
        input: NetworkInput,
        settings: SimulationSettings,
    ) -> Result<Arc<Forecast>, ForecastError> {
        if let Some(forecast) = self.runs.recall(
            |run| run.is_for(input, settings),
            |run| Arc::clone(&run.forecast),
        ) {
            return Ok(forecast);
        }
        let network = Network::with_calendars(input.tasks, input.relations, input.calendars)?;
        let forecast = Arc::new(network.simulate(settings));
        self.runs.remember(Run {
            tasks: input.tasks.to_vec(),
            relations: input.relations.to_vec(),
            calendars: input.calendars.to_vec(),
            settings,
            forecast: Arc::clone(&forecast),
        });
        Ok(forecast)
    }

    /// How many runs are remembered.
    pub fn remembered(&self) -> usize {
        self.runs.count()
    }
}

impl std::fmt::Debug for ForecastMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForecastMemo")
            .field("runs", &self.remembered())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;

    use tandem_engine::forecast::{Estimate, NetworkTask, TaskState};

    use super::*;

    fn network(most_likely: f64) -> Vec<NetworkTask> {
        let estimate = Estimate::pert(most_likely / 2.0, most_likely, most_likely * 2.0)
            .expect("a valid estimate");
        vec![NetworkTask {
            state: TaskState::Planned(estimate),
            tracked: false,
            not_before: None,
            calendar: None,
        }]
    }

    fn run(memo: &ForecastMemo, most_likely: f64, seed: u64) -> Arc<Forecast> {
        let tasks = network(most_likely);
        let input = NetworkInput {
            tasks: &tasks,
            relations: &[],
            calendars: &[],
        };
        memo.simulate(input, settings(seed))
            .expect("a valid network")
    }

    fn settings(seed: u64) -> SimulationSettings {
        SimulationSettings {
            trials: NonZeroU32::new(500).expect("non-zero"),
            seed,
        }
    }

    #[test]
    fn an_equal_run_is_recalled_and_any_difference_runs_again() {
        let memo = ForecastMemo::default();
        let first = run(&memo, 480.0, 1);
        let again = run(&memo, 480.0, 1);
        assert!(Arc::ptr_eq(&first, &again));
        let other_seed = run(&memo, 480.0, 2);
        assert!(!Arc::ptr_eq(&first, &other_seed));
        let other_estimate = run(&memo, 481.0, 1);
        assert_ne!(*first, *other_estimate);
        let direct = Network::new(&network(480.0), &[]).expect("a valid network");
        assert_eq!(*first, direct.simulate(settings(1)));
        assert_eq!(memo.remembered(), 3);
    }

    #[test]
    fn the_least_recently_used_run_is_forgotten_first() {
        let memo = ForecastMemo::default();
        let kept = run(&memo, 100.0, 0);
        for extra in 1..MEMO_ENTRIES {
            let _ = run(&memo, 100.0 + extra as f64, 0);
        }
        // Using the oldest run makes it the newest; the next new run evicts another one.
        assert!(Arc::ptr_eq(&kept, &run(&memo, 100.0, 0)));
        let _ = run(&memo, 999.0, 0);
        assert_eq!(memo.remembered(), MEMO_ENTRIES);
        assert!(Arc::ptr_eq(&kept, &run(&memo, 100.0, 0)));
    }
}
