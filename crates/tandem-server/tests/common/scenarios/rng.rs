//! A tiny seeded generator (SplitMix64) so every scenario is reproducible from its seed
//! without another dependency.

/// Deterministic pseudo-random numbers from a seed.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`; the same seed always gives the same sequence.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `low..=high`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        assert!(low <= high, "empty range {low}..={high}");
        let span = u64::try_from(high - low + 1).expect("positive span");
        low + i64::try_from(self.next() % span).expect("fits")
    }

    /// A count in `low..=high`.
    pub fn count(&mut self, low: usize, high: usize) -> usize {
        usize::try_from(self.range(low as i64, high as i64)).expect("non-negative")
    }

    /// A real number in `low..high`.
    pub fn real(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        low + unit * (high - low)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.real(0.0, 1.0) < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.count(0, items.len() - 1)]
    }
}
