//! Forecasting an unestimated backlog from the team's weekly throughput.
//!
//! Each trial replays randomly chosen past weeks (a bootstrap) until the remaining items
//! are done; the number of weeks needed, over all trials, is the forecast.

use rand::Rng;

use super::ForecastError;
use super::summary::Distribution;
use super::trials::{SimulationSettings, run_chunks};

/// Trials stop counting after this many weeks (a century), so a history with rare
/// non-zero weeks cannot stall a forecast; such trials report the cap.
pub const MAX_FORECAST_WEEKS: u32 = 5_200;

/// Completed-item counts of past weeks, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThroughputHistory {
    weekly_completed: Vec<u32>,
}

impl ThroughputHistory {
    /// Accepts a history with at least one week that completed something; otherwise no
    /// finish could ever be forecast.
    pub fn new(weekly_completed: Vec<u32>) -> Result<Self, ForecastError> {
        if weekly_completed.iter().any(|&count| count > 0) {
            Ok(Self { weekly_completed })
        } else {
            Err(ForecastError::NoThroughput)
        }
    }

    /// Distribution of the number of weeks needed to complete `remaining_items`.
    ///
    /// Ask [`Distribution::percentile`] for P50/P85/P95 and
    /// [`Distribution::probability_by`] for the chance to finish within a number of weeks.
    pub fn weeks_to_finish(
        &self,
        remaining_items: u32,
        settings: SimulationSettings,
    ) -> Distribution {
        let weeks = self.weekly_completed.len();
        let chunks = run_chunks(
            settings,
            || (),
            |(), rng, trials| {
                trials
                    .map(|_| {
                        let mut done = 0_u64;
                        let mut elapsed = 0_u32;
                        while done < u64::from(remaining_items) && elapsed < MAX_FORECAST_WEEKS {
                            done += u64::from(self.weekly_completed[rng.random_range(0..weeks)]);
                            elapsed += 1;
                        }
                        f64::from(elapsed)
                    })
                    .collect::<Vec<f64>>()
            },
        );
        Distribution::from_samples(chunks.concat())
    }
}
