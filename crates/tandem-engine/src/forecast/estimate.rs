//! Duration estimates and their sampling tables.
//!
//! Sampling a Beta variate through two Gamma draws is far too slow for the hot loop, so each
//! estimate is turned once into an inverse-CDF table on the unit interval; a trial then needs
//! one uniform number and one linear interpolation per task.

use thiserror::Error;

/// Bits of a uniform draw that pick the interval of a quantile table.
pub(crate) const INTERVAL_BITS: u32 = 7;

/// Number of equal-probability intervals in a quantile table. 128 keeps the error of the
/// interpolated quantile well below the Monte Carlo noise, and with [`QuantileTable`]'s
/// 16-bit steps a 1,000-task network's tables (258 KB) stay in a core's L2 cache, which
/// is what makes sampling fast.
pub(crate) const QUANTILE_INTERVALS: usize = 1 << INTERVAL_BITS;

/// Resolution of a stored quantile: the unit interval is cut into this many steps
/// (a relative error of 1.5e-5 of the task's range).
pub(crate) const QUANTILE_STEPS: f64 = u16::MAX as f64;

/// Quantiles of a unit distribution at probabilities 0, 1/K, …, 1 (K =
/// [`QUANTILE_INTERVALS`]), each in units of 1/[`QUANTILE_STEPS`].
pub(crate) type QuantileTable = [u16; QUANTILE_INTERVALS + 1];

/// Integration steps used to build a PERT-beta cumulative distribution.
const BETA_INTEGRATION_STEPS: usize = 512;

/// Why an estimate was rejected.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EstimateError {
    /// A duration was NaN, infinite or negative: durations are working minutes, never less than zero.
    #[error("durations must be finite and not negative, got {0}")]
    InvalidDuration(f64),
    /// The three points were not ordered optimistic ≤ most likely ≤ pessimistic.
    #[error(
        "expected optimistic ≤ most likely ≤ pessimistic, got {optimistic}, {most_likely}, {pessimistic}"
    )]
    Unordered {
        /// The optimistic duration given.
        optimistic: f64,
        /// The most likely duration given.
        most_likely: f64,
        /// The pessimistic duration given.
        pessimistic: f64,
    },
}

/// How long a task may take, in working minutes: the input of a Monte Carlo forecast.
///
/// Built through validating constructors so a simulation never meets a negative or
/// disordered estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    shape: Shape,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Fixed(f64),
    Triangular(ThreePoint),
    PertBeta(ThreePoint),
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct ThreePoint {
    optimistic: f64,
    most_likely: f64,
    pessimistic: f64,
}

impl ThreePoint {
    fn new(optimistic: f64, most_likely: f64, pessimistic: f64) -> Result<Self, EstimateError> {
        for value in [optimistic, most_likely, pessimistic] {
            check_duration(value)?;
        }
        if optimistic <= most_likely && most_likely <= pessimistic {
            Ok(Self {
                optimistic,
                most_likely,
                pessimistic,
            })
        } else {
            Err(EstimateError::Unordered {
                optimistic,
                most_likely,
                pessimistic,
            })
        }
    }

    fn span(self) -> f64 {
        self.pessimistic - self.optimistic
    }

    /// Where the mode sits inside the range, from 0 (optimistic) to 1 (pessimistic).
    fn mode_position(self) -> f64 {
        (self.most_likely - self.optimistic) / self.span()
    }
}

fn check_duration(minutes: f64) -> Result<f64, EstimateError> {
    if minutes.is_finite() && minutes >= 0.0 {
        Ok(minutes)
    } else {
        Err(EstimateError::InvalidDuration(minutes))
    }
}

impl Estimate {
    /// No time at all: what finished work planned without dates takes.
    pub const NONE: Self = Self {
        shape: Shape::Fixed(0.0),
    };

    /// A duration known in advance (also how milestones, with zero minutes, are described).
    pub fn fixed(minutes: f64) -> Result<Self, EstimateError> {
        Ok(Self {
            shape: Shape::Fixed(check_duration(minutes)?),
        })
    }

    /// A triangular distribution over the three points: simple to explain, heavy tails.
    pub fn triangular(
        optimistic: f64,
        most_likely: f64,
        pessimistic: f64,
    ) -> Result<Self, EstimateError> {
        let points = ThreePoint::new(optimistic, most_likely, pessimistic)?;
        Ok(Self::collapse_or(points, Shape::Triangular(points)))
    }

    /// The classic PERT-beta distribution: α = 1 + 4(m−a)/(b−a), β = 1 + 4(b−m)/(b−a),
    /// which weighs the most likely value more than a triangle does.
    pub fn pert(
        optimistic: f64,
        most_likely: f64,
        pessimistic: f64,
    ) -> Result<Self, EstimateError> {
        let points = ThreePoint::new(optimistic, most_likely, pessimistic)?;
        Ok(Self::collapse_or(points, Shape::PertBeta(points)))
    }

    /// A range of zero width is a fixed duration; both distributions would divide by zero.
    fn collapse_or(points: ThreePoint, shape: Shape) -> Self {
        let shape = if points.span() > 0.0 {
            shape
        } else {
            Shape::Fixed(points.most_likely)
        };
        Self { shape }
    }

    /// The same estimate with every duration multiplied by `factor` (finite, ≥ 0): work done
    /// at a part of full time takes proportionally longer.
    pub fn scaled(&self, factor: f64) -> Result<Self, EstimateError> {
        let factor = check_duration(factor)?;
        let scale = |p: ThreePoint| ThreePoint {
            optimistic: p.optimistic * factor,
            most_likely: p.most_likely * factor,
            pessimistic: p.pessimistic * factor,
        };
        Ok(match self.shape {
            Shape::Fixed(minutes) => Self {
                shape: Shape::Fixed(minutes * factor),
            },
            Shape::Triangular(p) => Self::collapse_or(scale(p), Shape::Triangular(scale(p))),
            Shape::PertBeta(p) => Self::collapse_or(scale(p), Shape::PertBeta(scale(p))),
        })
    }

    /// The analytic mean, in working minutes: what a deterministic plan would use.
    pub fn mean(&self) -> f64 {
        match self.shape {
            Shape::Fixed(minutes) => minutes,
            Shape::Triangular(p) => (p.optimistic + p.most_likely + p.pessimistic) / 3.0,
            Shape::PertBeta(p) => (p.optimistic + 4.0 * p.most_likely + p.pessimistic) / 6.0,
        }
    }

    /// The smallest possible duration, which scales the unit quantile table.
    pub(crate) fn low(&self) -> f64 {
        match self.shape {
            Shape::Fixed(minutes) => minutes,
            Shape::Triangular(p) | Shape::PertBeta(p) => p.optimistic,
        }
    }

    /// The width of the range, which scales the unit quantile table.
    pub(crate) fn span(&self) -> f64 {
        match self.shape {
            Shape::Fixed(_) => 0.0,
            Shape::Triangular(p) | Shape::PertBeta(p) => p.span(),
        }
    }

    /// The shape on the unit interval; estimates with equal shapes share one table.
    pub(crate) fn unit_shape(&self) -> UnitShape {
        match self.shape {
            Shape::Fixed(_) => UnitShape::Point,
            Shape::Triangular(p) => UnitShape::Triangular {
                mode: p.mode_position(),
            },
            Shape::PertBeta(p) => {
                let mode = p.mode_position();
                UnitShape::Beta {
                    alpha: 1.0 + 4.0 * mode,
                    beta: 1.0 + 4.0 * (1.0 - mode),
                }
            }
        }
    }
}

/// A distribution on [0, 1], before scaling to a task's range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum UnitShape {
    Point,
    Triangular { mode: f64 },
    Beta { alpha: f64, beta: f64 },
}

impl UnitShape {
    /// A key under which equal shapes are shared (floats compared bit for bit).
    pub(crate) fn key(self) -> (u8, u64, u64) {
        match self {
            Self::Point => (0, 0, 0),
            Self::Triangular { mode } => (1, mode.to_bits(), 0),
            Self::Beta { alpha, beta } => (2, alpha.to_bits(), beta.to_bits()),
        }
    }

    /// The shape's inverse CDF, tabulated; `log_grid` is shared by all Beta shapes.
    pub(crate) fn quantile_table(self, log_grid: &LogGrid) -> QuantileTable {
        let unit_quantiles = match self {
            Self::Point => [0.0; QUANTILE_INTERVALS + 1],
            Self::Triangular { mode } => std::array::from_fn(|k| {
                triangular_quantile(mode, k as f64 / QUANTILE_INTERVALS as f64)
            }),
            Self::Beta { alpha, beta } => beta_quantiles(alpha, beta, log_grid),
        };
        unit_quantiles.map(|quantile| (quantile.clamp(0.0, 1.0) * QUANTILE_STEPS).round() as u16)
    }
}

/// ln x and ln(1 − x) at the midpoints of the integration grid: computed once per network
/// so that a Beta density costs one `exp` per point.
pub(crate) struct LogGrid {
    ln_x: Vec<f64>,
    ln_one_minus_x: Vec<f64>,
}

impl LogGrid {
    pub(crate) fn new() -> Self {
        let midpoints =
            (0..BETA_INTEGRATION_STEPS).map(|i| (i as f64 + 0.5) / BETA_INTEGRATION_STEPS as f64);
        Self {
            ln_x: midpoints.clone().map(f64::ln).collect(),
            ln_one_minus_x: midpoints.map(|x| (1.0 - x).ln()).collect(),
        }
    }
}

/// Closed-form inverse CDF of the triangular distribution on [0, 1] with the given mode.
fn triangular_quantile(mode: f64, u: f64) -> f64 {
    if u < mode {
        (u * mode).sqrt()
    } else {
        1.0 - ((1.0 - u) * (1.0 - mode)).sqrt()
    }
}

/// Inverts a Beta(α, β) CDF built by midpoint integration of its density.
///
/// α, β ≥ 1 for PERT, so the density is bounded and the midpoint rule converges well.
fn beta_quantiles(alpha: f64, beta: f64, grid: &LogGrid) -> [f64; QUANTILE_INTERVALS + 1] {
    let step = 1.0 / BETA_INTEGRATION_STEPS as f64;
    let mut cumulative = [0.0_f64; BETA_INTEGRATION_STEPS + 1];
    for i in 0..BETA_INTEGRATION_STEPS {
        let log_density = (alpha - 1.0) * grid.ln_x[i] + (beta - 1.0) * grid.ln_one_minus_x[i];
        cumulative[i + 1] = cumulative[i] + log_density.exp();
    }
    let total = cumulative[BETA_INTEGRATION_STEPS];
    let mut table = [0.0_f64; QUANTILE_INTERVALS + 1];
    let mut cell = 0;
    for (k, slot) in table.iter_mut().enumerate().skip(1) {
        let target = total * k as f64 / QUANTILE_INTERVALS as f64;
        while cell + 1 < BETA_INTEGRATION_STEPS && cumulative[cell + 1] < target {
            cell += 1;
        }
        let (below, above) = (cumulative[cell], cumulative[cell + 1]);
        let within = if above > below {
            ((target - below) / (above - below)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        *slot = (cell as f64 + within) * step;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_mean(shape: UnitShape) -> f64 {
        // Each interval holds 1/K of the probability; linear interpolation averages its ends.
        let table = shape.quantile_table(&LogGrid::new());
        table
            .windows(2)
            .map(|pair| (f64::from(pair[0]) + f64::from(pair[1])) / 2.0)
            .sum::<f64>()
            / QUANTILE_INTERVALS as f64
            / QUANTILE_STEPS
    }

    #[test]
    fn a_scaled_estimate_keeps_its_shape() {
        let pert = Estimate::pert(60.0, 120.0, 300.0).expect("ordered");
        let doubled = pert.scaled(2.0).expect("finite");
        assert_eq!(doubled.mean(), 2.0 * pert.mean());
        assert_eq!(doubled.unit_shape(), pert.unit_shape());
        assert_eq!(
            Estimate::fixed(90.0)
                .expect("fixed")
                .scaled(1.5)
                .expect("finite")
                .mean(),
            135.0
        );
        assert_eq!(pert.scaled(0.0).expect("zero").span(), 0.0);
        assert!(pert.scaled(f64::NAN).is_err());
        assert!(pert.scaled(-1.0).is_err());
    }

    #[test]
    fn beta_table_reproduces_the_pert_mean() {
        // a = 0, m = 0.2, b = 1 → α = 1.8, β = 4.2, mean = (0 + 0.8 + 1) / 6 = 0.3.
        let shape = UnitShape::Beta {
            alpha: 1.8,
            beta: 4.2,
        };
        assert!((table_mean(shape) - 0.3).abs() < 1e-3);
        let table = shape.quantile_table(&LogGrid::new());
        assert_eq!((table[0], table[QUANTILE_INTERVALS]), (0, u16::MAX));
    }

    #[test]
    fn triangular_table_reproduces_the_mean() {
        // mode 0.25 → mean = (0 + 0.25 + 1) / 3.
        let shape = UnitShape::Triangular { mode: 0.25 };
        assert!((table_mean(shape) - 1.25 / 3.0).abs() < 1e-3);
    }

    #[test]
    fn rejects_disordered_or_negative_points() {
        assert!(matches!(
            Estimate::pert(5.0, 3.0, 8.0),
            Err(EstimateError::Unordered { .. })
        ));
        assert_eq!(
            Estimate::fixed(-1.0),
            Err(EstimateError::InvalidDuration(-1.0))
        );
        assert!(Estimate::triangular(0.0, f64::NAN, 1.0).is_err());
    }

    #[test]
    fn a_zero_width_range_is_a_fixed_duration() {
        assert_eq!(Estimate::pert(4.0, 4.0, 4.0), Estimate::fixed(4.0));
    }
}
