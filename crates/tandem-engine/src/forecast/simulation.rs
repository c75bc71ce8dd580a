//! Monte Carlo trials over a compiled [`Network`]: sample, forward pass, backward pass.

use std::ops::Range;

use rand::Rng;
use rand::rngs::SmallRng;

use super::estimate::QUANTILE_INTERVALS;
use super::network::{Edge, Network};
use super::summary::Distribution;
use super::trials::{SimulationSettings, run_chunks};

/// Total slack (working minutes) at or below which a task counts as critical; absorbs
/// floating-point rounding in the passes.
const CRITICAL_SLACK_TOLERANCE: f64 = 1e-6;

/// The outcome of a network forecast. Dates are working-minute offsets from the status
/// date; convert them at the edge with the project calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Finish of the whole project (the latest task finish) in each trial.
    pub project_finish: Distribution,
    /// Finish distribution of every tracked task, in input order.
    pub tracked: Vec<TrackedFinish>,
    /// Criticality index per task, in input order: the share of trials (0 to 1) in which
    /// the task had no total slack. Finished tasks are never critical.
    pub criticality: Vec<f64>,
}

/// The finish distribution of one tracked task (a milestone, a deliverable).
#[derive(Debug, Clone, PartialEq)]
pub struct TrackedFinish {
    /// Index of the task in the input list.
    pub task: usize,
    /// Its finish in each trial.
    pub finish: Distribution,
}

/// Per-thread buffers, reused from chunk to chunk.
struct Scratch {
    durations: Vec<f64>,
    early: Vec<f64>,
    late: Vec<f64>,
}

/// What one chunk of trials produced.
struct ChunkOutcome {
    project_finish: Vec<f64>,
    /// Tracked finishes, trial-major: `trial * tracked + which`.
    tracked_finish: Vec<f64>,
    /// Trials in which each position was critical.
    critical: Vec<u32>,
}

impl Network {
    /// Runs the trials (in parallel, deterministic for the seed) and summarises them.
    pub fn simulate(&self, settings: SimulationSettings) -> Forecast {
        let chunks = run_chunks(
            settings,
            || Scratch {
                durations: vec![0.0; self.len()],
                early: vec![0.0; 2 * self.len()],
                late: vec![0.0; 2 * self.len()],
            },
            |scratch, rng, trials| self.run_chunk(scratch, rng, trials),
        );
        self.summarise(chunks)
    }

    fn run_chunk(
        &self,
        scratch: &mut Scratch,
        rng: &mut SmallRng,
        trials: Range<usize>,
    ) -> ChunkOutcome {
        let mut outcome = ChunkOutcome {
            project_finish: Vec::with_capacity(trials.len()),
            tracked_finish: Vec::with_capacity(trials.len() * self.tracked.len()),
            critical: vec![0; self.len()],
        };
        for _ in trials {
            self.sample_durations(rng, &mut scratch.durations);
            let finish = self.forward_pass(&scratch.durations, &mut scratch.early);
            self.backward_pass(finish, scratch, &mut outcome.critical);
            outcome.project_finish.push(finish);
            outcome.tracked_finish.extend(
                self.tracked
                    .iter()
                    .map(|&position| scratch.early[2 * position as usize + 1]),
            );
        }
        outcome
    }

    /// One duration per task: a uniform draw mapped through the task's quantile table.
    fn sample_durations(&self, rng: &mut SmallRng, durations: &mut [f64]) {
        for (position, duration) in durations.iter_mut().enumerate() {
            let start = self.table_start[position] as usize;
            let table = &self.quantiles[start..start + QUANTILE_INTERVALS + 1];
            let scaled = rng.random::<f64>() * QUANTILE_INTERVALS as f64;
            let cell = (scaled as usize).min(QUANTILE_INTERVALS - 1);
            let (below, above) = (f64::from(table[cell]), f64::from(table[cell + 1]));
            let quantile = below + (above - below) * (scaled - cell as f64);
            *duration = self.low[position] + self.span[position] * quantile;
        }
    }

    /// Early dates in topological order; returns the project finish.
    fn forward_pass(&self, durations: &[f64], early: &mut [f64]) -> f64 {
        let mut project_finish = f64::NEG_INFINITY;
        for (position, &duration) in durations.iter().enumerate() {
            let edges = edges_of(&self.predecessor_offsets, &self.predecessor_edges, position);
            let ready = edges.iter().fold(self.floor[position], |ready, edge| {
                ready.max(early[edge.slot as usize] + edge.lag - own_share(edge, duration))
            });
            early[2 * position] = self.pinned_start[position].unwrap_or(ready);
            early[2 * position + 1] = ready + duration;
            project_finish = project_finish.max(ready + duration);
        }
        project_finish
    }

    /// Late dates in reverse topological order against the trial's project finish; counts
    /// the open tasks left without slack.
    fn backward_pass(&self, project_finish: f64, scratch: &mut Scratch, critical: &mut [u32]) {
        let Scratch {
            durations,
            early,
            late,
        } = scratch;
        for position in (0..durations.len()).rev() {
            let duration = durations[position];
            let edges = edges_of(&self.successor_offsets, &self.successor_edges, position);
            let late_finish = edges.iter().fold(project_finish, |latest, edge| {
                latest.min(late[edge.slot as usize] - edge.lag + own_share(edge, duration))
            });
            late[2 * position] = late_finish - duration;
            late[2 * position + 1] = late_finish;
            let slack = late_finish - early[2 * position + 1];
            if self.open[position] && slack <= CRITICAL_SLACK_TOLERANCE {
                critical[position] += 1;
            }
        }
    }

    fn summarise(&self, chunks: Vec<ChunkOutcome>) -> Forecast {
        let trials: usize = chunks.iter().map(|chunk| chunk.project_finish.len()).sum();
        let mut critical = vec![0_u64; self.len()];
        let mut project_finish = Vec::with_capacity(trials);
        let mut tracked_finish = vec![Vec::with_capacity(trials); self.tracked.len()];
        for chunk in chunks {
            for (total, count) in critical.iter_mut().zip(&chunk.critical) {
                *total += u64::from(*count);
            }
            project_finish.extend(chunk.project_finish);
            for trial in chunk.tracked_finish.chunks_exact(self.tracked.len().max(1)) {
                for (samples, &finish) in tracked_finish.iter_mut().zip(trial) {
                    samples.push(finish);
                }
            }
        }
        let mut criticality = vec![0.0; self.len()];
        for (position, &count) in critical.iter().enumerate() {
            criticality[self.input_index[position]] = count as f64 / trials as f64;
        }
        Forecast {
            project_finish: Distribution::from_samples(project_finish),
            tracked: self
                .tracked
                .iter()
                .zip(tracked_finish)
                .map(|(&position, samples)| TrackedFinish {
                    task: self.input_index[position as usize],
                    finish: Distribution::from_samples(samples),
                })
                .collect(),
            criticality,
        }
    }
}

fn edges_of<'a>(offsets: &[u32], edges: &'a [Edge], position: usize) -> &'a [Edge] {
    &edges[offsets[position] as usize..offsets[position + 1] as usize]
}

/// The task's own duration when the relation binds its far end, else nothing.
fn own_share(edge: &Edge, duration: f64) -> f64 {
    if edge.uses_own_duration {
        duration
    } else {
        0.0
    }
}
