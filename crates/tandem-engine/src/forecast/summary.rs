//! Summaries of simulated outcomes: percentiles, moments, chart data.

use std::num::NonZeroUsize;

use serde::Serialize;

/// The sorted outcomes of all trials (finish offsets in working minutes, or weeks).
///
/// Keeping every sample makes any percentile, probability or histogram exact with respect
/// to the simulation; 10,000 trials cost 80 KB.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    sorted: Vec<f64>,
}

/// One bar of a histogram, with the running share for a cumulative (S-) curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HistogramBin {
    /// Inclusive lower edge.
    pub lower: f64,
    /// Upper edge (exclusive, except for the last bin).
    pub upper: f64,
    /// Trials whose outcome falls in the bin.
    pub count: usize,
    /// Share of trials with an outcome up to and including this bin, from 0 to 1.
    pub cumulative: f64,
}

/// The figures a dashboard shows, ready to serialise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Number of trials summarised.
    pub trials: usize,
    /// Smallest outcome.
    pub min: f64,
    /// Largest outcome.
    pub max: f64,
    /// Arithmetic mean.
    pub mean: f64,
    /// Population standard deviation over the trials.
    pub std_dev: f64,
    /// Median.
    pub p50: f64,
    /// Outcome met or beaten in 85 % of trials.
    pub p85: f64,
    /// Outcome met or beaten in 95 % of trials.
    pub p95: f64,
}

impl Distribution {
    /// Sorts the samples; callers guarantee they are finite and that there is at least one.
    pub(crate) fn from_samples(mut samples: Vec<f64>) -> Self {
        samples.sort_by(f64::total_cmp);
        Self { sorted: samples }
    }

    /// Number of trials.
    pub fn trials(&self) -> usize {
        self.sorted.len()
    }

    /// All outcomes in ascending order, for callers that chart them their own way.
    pub fn samples(&self) -> &[f64] {
        &self.sorted
    }

    /// The nearest-rank percentile: the smallest outcome met or beaten in at least
    /// `percent` % of trials. `None` when `percent` is outside 0..=100 (or NaN).
    pub fn percentile(&self, percent: f64) -> Option<f64> {
        (0.0..=100.0)
            .contains(&percent)
            .then(|| self.nearest_rank(percent))
    }

    /// Nearest-rank percentile for a `percent` already known to be within 0..=100.
    fn nearest_rank(&self, percent: f64) -> f64 {
        let rank = (percent / 100.0 * self.sorted.len() as f64).ceil() as usize;
        self.sorted[rank.clamp(1, self.sorted.len()) - 1]
    }

    /// Share of trials (0 to 1) whose outcome is at or before `deadline`.
    pub fn probability_by(&self, deadline: f64) -> f64 {
        let met = self.sorted.partition_point(|&outcome| outcome <= deadline);
        met as f64 / self.sorted.len() as f64
    }

    /// Arithmetic mean of the outcomes.
    pub fn mean(&self) -> f64 {
        self.sorted.iter().sum::<f64>() / self.sorted.len() as f64
    }

    /// Population standard deviation of the outcomes (all trials are the population).
    pub fn std_dev(&self) -> f64 {
        let mean = self.mean();
        let squares: f64 = self.sorted.iter().map(|x| (x - mean).powi(2)).sum();
        (squares / self.sorted.len() as f64).sqrt()
    }

    /// Equal-width bins from the smallest to the largest outcome; a single bin when all
    /// outcomes are equal.
    pub fn histogram(&self, bins: NonZeroUsize) -> Vec<HistogramBin> {
        let (min, max) = (self.sorted[0], self.sorted[self.sorted.len() - 1]);
        let bins = if max > min { bins.get() } else { 1 };
        let width = (max - min) / bins as f64;
        let total = self.sorted.len() as f64;
        let mut below = 0;
        (0..bins)
            .map(|bin| {
                let lower = min + width * bin as f64;
                let upper = if bin + 1 == bins {
                    max
                } else {
                    min + width * (bin + 1) as f64
                };
                let through = if bin + 1 == bins {
                    self.sorted.len()
                } else {
                    self.sorted.partition_point(|&outcome| outcome < upper)
                };
                let count = through - below;
                below = through;
                HistogramBin {
                    lower,
                    upper,
                    count,
                    cumulative: through as f64 / total,
                }
            })
            .collect()
    }

    /// The usual dashboard figures in one value.
    pub fn summary(&self) -> Summary {
        Summary {
            trials: self.trials(),
            min: self.sorted[0],
            max: self.sorted[self.sorted.len() - 1],
            mean: self.mean(),
            std_dev: self.std_dev(),
            p50: self.nearest_rank(50.0),
            p85: self.nearest_rank(85.0),
            p95: self.nearest_rank(95.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_to_ten() -> Distribution {
        Distribution::from_samples((1..=10).rev().map(f64::from).collect())
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let outcomes = one_to_ten();
        assert_eq!(outcomes.percentile(50.0), Some(5.0));
        assert_eq!(outcomes.percentile(85.0), Some(9.0));
        assert_eq!(outcomes.percentile(100.0), Some(10.0));
        assert_eq!(outcomes.percentile(0.0), Some(1.0));
        assert_eq!(outcomes.percentile(101.0), None);
        assert_eq!(outcomes.percentile(f64::NAN), None);
    }

    #[test]
    fn moments_and_probabilities() {
        let outcomes = one_to_ten();
        assert_eq!(outcomes.mean(), 5.5);
        // Σ(x − 5.5)² = 82.5 → variance 8.25.
        assert!((outcomes.std_dev() - 8.25_f64.sqrt()).abs() < 1e-12);
        assert_eq!(outcomes.probability_by(3.0), 0.3);
        assert_eq!(outcomes.probability_by(0.5), 0.0);
    }

    #[test]
    fn histogram_counts_every_trial_once() {
        let bins = one_to_ten().histogram(NonZeroUsize::new(3).expect("3 is not zero"));
        let counts: Vec<usize> = bins.iter().map(|bin| bin.count).collect();
        // Width 3: [1, 4) holds 1–3, [4, 7) holds 4–6, [7, 10] holds 7–10.
        assert_eq!(counts, [3, 3, 4]);
        assert_eq!(bins[2].cumulative, 1.0);
    }

    #[test]
    fn a_point_distribution_has_one_bin() {
        let point = Distribution::from_samples(vec![7.0; 4]);
        let bins = point.histogram(NonZeroUsize::new(10).expect("10 is not zero"));
        assert_eq!(bins.len(), 1);
        assert_eq!(bins[0].count, 4);
        assert_eq!(point.std_dev(), 0.0);
    }
}
