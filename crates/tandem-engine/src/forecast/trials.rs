//! Parallel trials that give the same answer for a seed whatever the thread count.
//!
//! Trials are cut into fixed-size chunks; each chunk draws from its own generator seeded
//! from (seed, chunk index), and chunk results come back in chunk order. Which thread runs
//! a chunk therefore never changes a number.

use std::num::NonZeroU32;
use std::ops::Range;

use rand::SeedableRng;
use rand::rngs::SmallRng;
use rayon::prelude::*;

/// Trials per chunk: large enough to amortise scheduling, small enough to balance 2+ cores.
const CHUNK_TRIALS: usize = 256;

/// How many trials to run and from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulationSettings {
    /// Number of trials (at least one, so every summary is defined).
    pub trials: NonZeroU32,
    /// Seed: the same seed gives the same forecast, bit for bit.
    pub seed: u64,
}

/// Runs `chunk(state, rng, trial range)` for every chunk in parallel and returns the results
/// in chunk order. `init` builds per-thread scratch state that chunks reuse.
pub(crate) fn run_chunks<State, Output>(
    settings: SimulationSettings,
    init: impl Fn() -> State + Sync + Send,
    chunk: impl Fn(&mut State, &mut SmallRng, Range<usize>) -> Output + Sync + Send,
) -> Vec<Output>
where
    Output: Send,
{
    let trials = settings.trials.get() as usize;
    let chunks = trials.div_ceil(CHUNK_TRIALS);
    (0..chunks)
        .into_par_iter()
        .map_init(init, |state, index| {
            let mut rng = SmallRng::seed_from_u64(chunk_seed(settings.seed, index as u64));
            let first = index * CHUNK_TRIALS;
            chunk(state, &mut rng, first..trials.min(first + CHUNK_TRIALS))
        })
        .collect()
}

/// SplitMix64 finaliser over (seed, chunk): neighbouring chunks get unrelated streams.
fn chunk_seed(seed: u64, chunk: u64) -> u64 {
    let mut z = seed ^ chunk.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
