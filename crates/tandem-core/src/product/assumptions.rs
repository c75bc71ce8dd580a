//! Hypotheses on the assumption map: importance × evidence, riskiest first — test the
//! assumptions that matter most and are known least before building on them.

use crate::ValidationError;
use serde::{Deserialize, Serialize};

/// How much evidence supports a hypothesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Nothing but belief.
    None,
    /// Anecdotes, a few opinions.
    Weak,
    /// Several consistent signals.
    Moderate,
    /// Experiment results or hard data.
    Strong,
}

/// A quadrant of the assumption map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// Important and barely known: test these first.
    TestFirst,
    /// Important and well supported: proceed, keep watching.
    Proceed,
    /// Minor and barely known: test when cheap.
    TestLater,
    /// Minor and well supported: ignore.
    Safe,
}

/// Importance from 1 (minor) to 5 (the concept fails without it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Importance(u8);

impl Importance {
    /// Accepts 1 to 5.
    pub fn new(value: u8) -> Result<Self, ValidationError> {
        if (1..=5).contains(&value) {
            Ok(Self(value))
        } else {
            Err(ValidationError::new("importance", "must be from 1 to 5"))
        }
    }

    /// The number.
    pub fn value(self) -> u8 {
        self.0
    }
}

/// Places a hypothesis: importance 4–5 is "important", evidence moderate or strong is "known".
pub fn quadrant(importance: Importance, evidence: Evidence) -> Quadrant {
    let important = importance.0 >= 4;
    let known = evidence >= Evidence::Moderate;
    match (important, known) {
        (true, false) => Quadrant::TestFirst,
        (true, true) => Quadrant::Proceed,
        (false, false) => Quadrant::TestLater,
        (false, true) => Quadrant::Safe,
    }
}

/// Risk order: more important first, then less evidence first. Sort keys with this to put
/// the riskiest assumption at the top.
pub fn risk_rank(importance: Importance, evidence: Evidence) -> (std::cmp::Reverse<u8>, Evidence) {
    (std::cmp::Reverse(importance.0), evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadrants_and_order() {
        let five = Importance::new(5).unwrap();
        let two = Importance::new(2).unwrap();
        assert_eq!(quadrant(five, Evidence::Weak), Quadrant::TestFirst);
        assert_eq!(quadrant(five, Evidence::Strong), Quadrant::Proceed);
        assert_eq!(quadrant(two, Evidence::None), Quadrant::TestLater);
        assert_eq!(quadrant(two, Evidence::Moderate), Quadrant::Safe);
        assert!(Importance::new(0).is_err() && Importance::new(6).is_err());
        let mut list = [
            (two, Evidence::None),
            (five, Evidence::Strong),
            (five, Evidence::None),
        ];
        list.sort_by_key(|&(i, e)| risk_rank(i, e));
        assert_eq!(list[0], (five, Evidence::None));
        assert_eq!(list[2], (two, Evidence::None));
    }
}
