//! Monte Carlo trials over a compiled [`Network`]: sample, forward pass, backward pass.

use std::ops::Range;

use rand::RngCore;
use rand::rngs::SmallRng;

use super::blocked::TaskCalendar;
use super::estimate::INTERVAL_BITS;
use super::network::{Edge, Network, PROJECT_CALENDAR, PercentEdge};
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

/// Trials run side by side in one sweep over the network: each date is a small array,
/// one trial per lane, so every edge is read once for four trials and the lane arithmetic
/// compiles to vector instructions.
const LANES: usize = 4;

/// One value per lane (per simultaneous trial).
type Lanes = [f64; LANES];

/// Per-thread buffers, reused from chunk to chunk.
struct Scratch {
    durations: Vec<Lanes>,
    early: Vec<Lanes>,
    late: Vec<Lanes>,
    /// Per position and lane, whether a milestone's date is a finish (see
    /// [`Network::early_dates_on`]); unused for other tasks.
    at_finish: Vec<[bool; LANES]>,
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
        let live_slots = 2 * self.len();
        let history = self.actual_starts.iter().map(|&start| [start; LANES]);
        let chunks = run_chunks(
            settings,
            || Scratch {
                durations: vec![[0.0; LANES]; self.len()],
                early: std::iter::repeat_n([0.0; LANES], live_slots)
                    .chain(history.clone())
                    .collect(),
                late: vec![[0.0; LANES]; live_slots],
                at_finish: vec![[false; LANES]; self.len()],
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
        let mut remaining = trials.len();
        while remaining > 0 {
            // The last group of a chunk may fill only some lanes; the others are ignored.
            let active = remaining.min(LANES);
            remaining -= active;
            self.sample_durations(rng, &mut scratch.durations);
            let finish = self.forward_pass(
                &scratch.durations,
                &mut scratch.early,
                &mut scratch.at_finish,
            );
            self.backward_pass(&finish, active, scratch, &mut outcome.critical);
            outcome.project_finish.extend(&finish[..active]);
            for lane in 0..active {
                outcome.tracked_finish.extend(
                    self.tracked
                        .iter()
                        .map(|&position| scratch.early[2 * position as usize + 1][lane]),
                );
            }
        }
        outcome
    }

    /// One duration per task and lane: a uniform draw mapped through the task's quantile
    /// table. The top bits of one 64-bit draw pick the interval, the next 53 place the
    /// point in it.
    fn sample_durations(&self, rng: &mut SmallRng, durations: &mut [Lanes]) {
        const FRACTION_SCALE: f64 = 1.0 / (1_u64 << 53) as f64;
        let tasks = durations
            .iter_mut()
            .zip(&self.table_start)
            .zip(self.low.iter().zip(&self.step));
        for ((lanes, &table_start), (&low, &step)) in tasks {
            for duration in lanes {
                let bits = rng.next_u64();
                let cell = table_start as usize + (bits >> (64 - INTERVAL_BITS)) as usize;
                // Below 2⁵³, so the signed conversion (one instruction) is exact.
                let fraction = ((bits << INTERVAL_BITS) >> 11) as i64 as f64 * FRACTION_SCALE;
                let (below, above) = match self.quantiles.get(cell..cell + 2) {
                    Some(&[below, above]) => (f64::from(below), f64::from(above)),
                    _ => unreachable!("every table has QUANTILE_INTERVALS + 1 entries"),
                };
                *duration = low + step * (below + (above - below) * fraction);
            }
        }
    }

    /// Early dates in topological order; returns the project finish per lane.
    fn forward_pass(
        &self,
        durations: &[Lanes],
        early: &mut [Lanes],
        at_finish: &mut [[bool; LANES]],
    ) -> Lanes {
        let mut project_finish = [f64::NEG_INFINITY; LANES];
        let mut first_edge = 0;
        let tasks = durations.iter().zip(&self.floor).zip(
            self.predecessors.offsets[1..]
                .iter()
                .zip(&self.early_per_lane),
        );
        for (position, ((duration, &floor), (&end_edge, &per_lane))) in tasks.enumerate() {
            let edges = &self.predecessors.edges[first_edge..end_edge as usize];
            first_edge = end_edge as usize;
            let (start, finish) = if !per_lane {
                let mut ready = [floor; LANES];
                for edge in edges {
                    let other = &early[edge.slot as usize];
                    raise_to_edge(&mut ready, edge, &[edge.lag; LANES], other, duration);
                }
                for percent in self.percent_predecessors.of(position) {
                    let other = &early[percent.edge.slot as usize];
                    let lag = percent.lags(durations);
                    raise_to_edge(&mut ready, &percent.edge, &lag, other, duration);
                }
                let finish: Lanes = std::array::from_fn(|lane| ready[lane] + duration[lane]);
                (ready, finish)
            } else {
                self.early_dates_on(position, durations, edges, early, at_finish)
            };
            for lane in 0..LANES {
                project_finish[lane] = later(project_finish[lane], finish[lane]);
            }
            early[2 * position] = start;
            early[2 * position + 1] = finish;
        }
        project_finish
    }

    /// Late dates in reverse topological order against each trial's project finish;
    /// counts, over the first `active` lanes, the open tasks left without slack.
    fn backward_pass(
        &self,
        project_finish: &Lanes,
        active: usize,
        scratch: &mut Scratch,
        critical: &mut [u32],
    ) {
        let Scratch {
            durations,
            early,
            late,
            ..
        } = scratch;
        let counted: [bool; LANES] = std::array::from_fn(|lane| lane < active);
        let mut end_edge = self.successors.edges.len();
        for position in (0..durations.len()).rev() {
            let duration = durations[position];
            let first_edge = self.successors.offsets[position] as usize;
            let edges = &self.successors.edges[first_edge..end_edge];
            end_edge = first_edge;
            let calendar = self.calendar[position];
            let (late_start, late_finish) = if calendar != PROJECT_CALENDAR {
                self.late_dates_on(position, project_finish, durations, edges, late)
            } else {
                let mut late_finish = *project_finish;
                for edge in edges {
                    let other = late[edge.slot as usize];
                    let lag = [edge.lag; LANES];
                    self.lower_to_edge(&mut late_finish, edge, &lag, &other, &duration);
                }
                for percent in self.percent_successors.of(position) {
                    let other = late[percent.edge.slot as usize];
                    let lag = percent.lags(durations);
                    self.lower_to_edge(&mut late_finish, &percent.edge, &lag, &other, &duration);
                }
                let late_start = std::array::from_fn(|lane| late_finish[lane] - duration[lane]);
                (late_start, late_finish)
            };
            late[2 * position] = late_start;
            late[2 * position + 1] = late_finish;
            let early_finish = early[2 * position + 1];
            // Branch-free: whether a task is critical changes from trial to trial.
            let open = self.open[position];
            critical[position] += (0..LANES)
                .map(|lane| {
                    let slack = late_finish[lane] - early_finish[lane];
                    u32::from(open & counted[lane] & (slack <= CRITICAL_SLACK_TOLERANCE))
                })
                .sum::<u32>();
        }
    }

    /// Lowers `late_finish` of a task on the project calendar to what `edge` with `lag`
    /// allows, given the successor's late dates `other`: plain lane arithmetic when the
    /// lag counts on the project calendar, the calendar's rules lane by lane when it
    /// counts on a successor's calendar with time off.
    #[inline(always)]
    fn lower_to_edge(
        &self,
        late_finish: &mut Lanes,
        edge: &Edge,
        lag: &Lanes,
        other: &Lanes,
        duration: &Lanes,
    ) {
        if edge.lag_calendar == PROJECT_CALENDAR {
            for lane in 0..LANES {
                let bound = other[lane] - lag[lane] + edge.own_duration_weight * duration[lane];
                late_finish[lane] = earlier(late_finish[lane], bound);
            }
        } else {
            let own = &self.calendars[PROJECT_CALENDAR as usize];
            for lane in 0..LANES {
                let bound = self.allowed_finish(own, edge, lag[lane], other[lane], duration[lane]);
                late_finish[lane] = earlier(late_finish[lane], bound);
            }
        }
    }

    /// Late start and finish of a task on a calendar with time off, trial by trial.
    /// Mirrors the critical path's backward pass: a late finish inside time off moves
    /// back to where it began.
    fn late_dates_on(
        &self,
        position: usize,
        project_finish: &Lanes,
        durations: &[Lanes],
        edges: &[Edge],
        late: &[Lanes],
    ) -> (Lanes, Lanes) {
        let own = &self.calendars[self.calendar[position] as usize];
        let percent = self.percent_successors.of(position);
        let mut late_start = [0.0; LANES];
        let mut late_finish = [0.0; LANES];
        for lane in 0..LANES {
            let length = durations[position][lane];
            let allowed = |edge: &Edge, lag: f64| {
                self.allowed_finish(own, edge, lag, late[edge.slot as usize][lane], length)
            };
            let plain = edges.iter().fold(project_finish[lane], |bound, edge| {
                earlier(bound, allowed(edge, edge.lag))
            });
            let bound = percent.iter().fold(plain, |bound, percent| {
                earlier(bound, allowed(&percent.edge, percent.lag(durations, lane)))
            });
            late_finish[lane] = own.previous_finish(bound);
            late_start[lane] = own.add(late_finish[lane], -length);
        }
        (late_start, late_finish)
    }

    /// The latest finish that `edge` with `lag` allows a task on calendar `own` lasting
    /// `length`, given the successor's late date `other`, as the critical path's backward
    /// pass has it: the lag counts on the successor's calendar, the duration on the task's.
    fn allowed_finish(
        &self,
        own: &TaskCalendar,
        edge: &Edge,
        lag: f64,
        other: f64,
        length: f64,
    ) -> f64 {
        let lag_calendar = &self.calendars[edge.lag_calendar as usize];
        if edge.own_duration_weight == 0.0 {
            // Finish to start or to finish: the task's finish is bound directly.
            lag_calendar.add(other, -lag)
        } else if edge.slot.is_multiple_of(2) {
            // Start to start: the task's start, then its duration.
            let start = lag_calendar.add(own.next_work_start(other), -lag);
            own.add(start, length)
        } else {
            // Start to finish: the duration, then the lag.
            lag_calendar.add(own.add(other, length), -lag)
        }
    }

    /// Early start and finish of a task on a calendar with time off, or of a milestone in
    /// a network with such tasks, trial by trial. Mirrors the critical path's forward
    /// pass: lags and the duration count on the task's calendar, and the task starts at
    /// the next working instant of its calendar once its predecessors allow; a
    /// start-no-earlier-than date later than that holds the start as given, even inside
    /// time off ([`Network::held_start`]), while the finish still works around it.
    ///
    /// The schedule keeps a milestone at the end of a working period: a milestone that a
    /// finish (a predecessor's, or a positive lag) leaves where time off begins stays
    /// there; one left there by a start (a task's start, a lead, the floor) moves past the
    /// time off. Where bounds tie, the start wins, as the schedule's later instant does.
    /// Which form a milestone's own date has is kept in `at_finish` for its successors (a
    /// held date is a start).
    fn early_dates_on(
        &self,
        position: usize,
        durations: &[Lanes],
        edges: &[Edge],
        early: &[Lanes],
        at_finish: &mut [[bool; LANES]],
    ) -> (Lanes, Lanes) {
        let calendar = &self.calendars[self.calendar[position] as usize];
        let percent = self.percent_predecessors.of(position);
        let held = self.held_start[position];
        // A held date is not part of the floor the logic starts from: the status date is.
        let floor = if held > f64::NEG_INFINITY {
            0.0
        } else {
            self.floor[position]
        };
        let mut start = [0.0; LANES];
        let mut finish = [0.0; LANES];
        for lane in 0..LANES {
            let length = durations[position][lane];
            // The latest start the edges allow, and whether it is a finish (see above).
            let mut driven = f64::NEG_INFINITY;
            let mut by_finish = false;
            let mut bind = |edge: &Edge, lag: f64| {
                let other = early[edge.slot as usize][lane];
                let bound_end = if edge.own_duration_weight == 0.0 {
                    other
                } else {
                    // The relation binds the finish: the start is the duration before it.
                    calendar.add(other, -length)
                };
                let mut bound = calendar.add(bound_end, lag);
                // A finish-to-finish link never asks for a start before the project start,
                // which is a start, not a finish.
                let floored = bound < 0.0 && self.is_finish_to_finish(edge);
                if floored {
                    bound = 0.0;
                }
                if bound >= driven {
                    let finish_form = !floored
                        && (lag > 0.0
                            || (lag == 0.0 && self.is_finish(edge.slot, lane, at_finish)));
                    by_finish = finish_form && (bound > driven || by_finish);
                    driven = bound;
                }
            };
            for edge in edges {
                bind(edge, edge.lag);
            }
            for percent in percent {
                bind(&percent.edge, percent.lag(durations, lane));
            }
            let stays =
                length == 0.0 && driven > floor && by_finish && calendar.ends_work_at(driven);
            let logic = if stays {
                driven
            } else {
                calendar.next_work_start(later(driven, floor))
            };
            // The schedule holds the date when it is later than the logic alone, which
            // may lie before the status date (a lead).
            let held_here = held > f64::NEG_INFINITY && {
                let stays_alone = length == 0.0 && by_finish && calendar.ends_work_at(driven);
                held > if stays_alone {
                    driven
                } else {
                    calendar.next_work_start(driven)
                }
            };
            start[lane] = if held_here { held } else { logic };
            finish[lane] = calendar.add(start[lane], length);
            at_finish[position][lane] = stays && !held_here;
        }
        (start, finish)
    }

    /// Whether a forward edge links the predecessor's finish to the task's own finish.
    fn is_finish_to_finish(&self, edge: &Edge) -> bool {
        edge.own_duration_weight != 0.0
            && (edge.slot as usize) < 2 * self.len()
            && edge.slot % 2 == 1
    }

    /// Whether the date in `slot` is a finish: a finish slot of a task with duration, a
    /// milestone's date when it stayed at a finish; never an actual start.
    fn is_finish(&self, slot: u32, lane: usize, at_finish: &[[bool; LANES]]) -> bool {
        let position = slot as usize / 2;
        match self.milestone.get(position) {
            Some(true) => at_finish[position][lane],
            Some(false) => slot % 2 == 1,
            None => false,
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

/// The later of two dates. Dates are never NaN (inputs are validated finite), so a plain
/// comparison does, and compiles to one instruction unlike `f64::max`.
fn later(a: f64, b: f64) -> f64 {
    if b > a { b } else { a }
}

/// The earlier of two dates; see [`later`].
fn earlier(a: f64, b: f64) -> f64 {
    if b < a { b } else { a }
}

/// Raises `ready` (a task's early start per lane) to what `edge` with `lag` allows, given
/// the predecessor's dates `other` and the task's `duration`.
#[inline(always)]
fn raise_to_edge(ready: &mut Lanes, edge: &Edge, lag: &Lanes, other: &Lanes, duration: &Lanes) {
    for lane in 0..LANES {
        let bound = other[lane] + lag[lane] - edge.own_duration_weight * duration[lane];
        ready[lane] = later(ready[lane], bound);
    }
}

impl PercentEdge {
    /// The lag in trial `lane`: the fixed part plus the share of the predecessor's sampled
    /// duration.
    fn lag(&self, durations: &[Lanes], lane: usize) -> f64 {
        self.edge.lag + self.share * durations[self.predecessor as usize][lane]
    }

    /// [`Self::lag`] in every lane.
    fn lags(&self, durations: &[Lanes]) -> Lanes {
        std::array::from_fn(|lane| self.lag(durations, lane))
    }
}
