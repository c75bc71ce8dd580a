//! OKR grading: each key result is graded 0–1 by how far it moved from its baseline toward
//! its target; an objective's grade is the mean of its key results' grades.

use serde::Serialize;

/// A key result's numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyResultNumbers {
    /// Where the metric stood when the key result was set.
    pub baseline: f64,
    /// Where it should get to (may be below the baseline for "reduce" metrics).
    pub target: f64,
    /// Where it stands now.
    pub current: f64,
}

/// Colour band of a grade, as Google's OKR practice reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 0.7 and above: delivered.
    Green,
    /// 0.4 up to (not including) 0.7: progress, but short.
    Yellow,
    /// Below 0.4: failed to make real progress.
    Red,
}

impl Band {
    /// The stable text form (also a CSS class suffix in the web UI).
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Green => "green",
            Band::Yellow => "yellow",
            Band::Red => "red",
        }
    }
}

/// Grades a key result: (current − baseline) ÷ (target − baseline), clamped to 0..=1. Works for
/// falling targets too. When target equals baseline the key result is 1 if current is at
/// or beyond it in the intended sense (here: equal or better is unknowable, so equal) else 0.
pub fn grade(numbers: KeyResultNumbers) -> f64 {
    let KeyResultNumbers {
        baseline,
        target,
        current,
    } = numbers;
    let span = target - baseline;
    if span.abs() < f64::EPSILON {
        return if (current - target).abs() < f64::EPSILON {
            1.0
        } else {
            0.0
        };
    }
    ((current - baseline) / span).clamp(0.0, 1.0)
}

/// The mean grade of an objective's key results; `None` without key results.
pub fn objective_grade(key_results: &[KeyResultNumbers]) -> Option<f64> {
    if key_results.is_empty() {
        return None;
    }
    let sum: f64 = key_results.iter().copied().map(grade).sum();
    Some(sum / key_results.len() as f64)
}

/// The band of a grade: ≥ 0.7 green, ≥ 0.4 yellow, otherwise red.
pub fn band(grade: f64) -> Band {
    if grade >= 0.7 - 1e-9 {
        Band::Green
    } else if grade >= 0.4 - 1e-9 {
        Band::Yellow
    } else {
        Band::Red
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(baseline: f64, target: f64, current: f64) -> KeyResultNumbers {
        KeyResultNumbers {
            baseline,
            target,
            current,
        }
    }

    #[test]
    fn hand_worked_grades() {
        // Conversion 2 % → 5 %, now 4.1 %: (4.1 − 2) ÷ 3 = 0.7.
        assert!((grade(kr(2.0, 5.0, 4.1)) - 0.7).abs() < 1e-9);
        // Churn 10 % → 6 %, now 8 %: (8 − 10) ÷ (6 − 10) = 0.5.
        assert!((grade(kr(10.0, 6.0, 8.0)) - 0.5).abs() < 1e-9);
        // Overshoot clamps to 1, going backwards clamps to 0.
        assert_eq!(grade(kr(0.0, 100.0, 130.0)), 1.0);
        assert_eq!(grade(kr(50.0, 100.0, 40.0)), 0.0);
        assert_eq!(grade(kr(3.0, 3.0, 3.0)), 1.0);
        // Objective: mean of 0.7, 0.5 and 1.0 = 0.7333…
        let mean =
            objective_grade(&[kr(2.0, 5.0, 4.1), kr(10.0, 6.0, 8.0), kr(0.0, 1.0, 1.0)]).unwrap();
        assert!((mean - 2.2 / 3.0).abs() < 1e-9);
        assert_eq!(objective_grade(&[]), None);
    }

    #[test]
    fn bands() {
        assert_eq!(band(0.7), Band::Green);
        assert_eq!(band(0.69), Band::Yellow);
        assert_eq!(band(0.4), Band::Yellow);
        assert_eq!(band(0.39), Band::Red);
        assert_eq!(band(0.0), Band::Red);
    }
}
