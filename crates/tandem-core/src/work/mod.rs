//! Work items: their kinds, priorities, workflow categories and dependency types, plus the pure
//! rules built on them (blocked items, roll-ups, dependency cycles, duration text).

mod blocking;
mod duration;
mod graph;
mod key;
mod rollup;

pub use blocking::{blocks, is_blocked};
pub use duration::{MINUTES_PER_DAY, format_minutes, parse_minutes};
pub use graph::find_cycle;
pub use key::ItemKey;
pub use rollup::{Rollup, RollupNode, rollup};

use crate::ValidationError;
use serde::{Deserialize, Serialize};
use std::fmt;

text_enum! {
    /// What kind of work an item is. Epics group stories; milestones are zero-length dates.
    ItemType, "type" {
        /// A large body of work made of stories and tasks.
        Epic = "epic",
        /// A user-facing increment.
        Story = "story",
        /// A piece of work with no direct user value of its own.
        Task = "task",
        /// Something that does not work as it should.
        Bug = "bug",
        /// A date the plan must hit (no work of its own).
        Milestone = "milestone",
    }
}

text_enum! {
    /// How urgent an item is, lowest first.
    Priority, "priority" {
        /// Can wait indefinitely.
        Lowest = "lowest",
        /// Nice to have soon.
        Low = "low",
        /// The default.
        Medium = "medium",
        /// Should be done next.
        High = "high",
        /// Drop everything.
        Highest = "highest",
    }
}

text_enum! {
    /// What a workflow status means for reports: every status belongs to one category, so
    /// burndown, cumulative flow and "blocked" work whatever the statuses are called.
    StatusCategory, "category" {
        /// Not started.
        Todo = "todo",
        /// Started, not finished.
        InProgress = "in_progress",
        /// Finished.
        Done = "done",
    }
}

impl ItemType {
    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            ItemType::Epic => "Epic",
            ItemType::Story => "Story",
            ItemType::Task => "Task",
            ItemType::Bug => "Bug",
            ItemType::Milestone => "Milestone",
        }
    }
}

impl Priority {
    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Priority::Lowest => "Lowest",
            Priority::Low => "Low",
            Priority::Medium => "Medium",
            Priority::High => "High",
            Priority::Highest => "Highest",
        }
    }

    /// 1 (lowest) to 5 (highest), for sorting.
    pub fn weight(self) -> i64 {
        match self {
            Priority::Lowest => 1,
            Priority::Low => 2,
            Priority::Medium => 3,
            Priority::High => 4,
            Priority::Highest => 5,
        }
    }
}

impl StatusCategory {
    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            StatusCategory::Todo => "To do",
            StatusCategory::InProgress => "In progress",
            StatusCategory::Done => "Done",
        }
    }
}

/// How a dependency ties two items: the first letter is about the predecessor (Finish or
/// Start), the second about the successor. Written in capitals everywhere (`FS`), as in
/// scheduling tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DependencyKind {
    /// The successor starts after the predecessor finishes (the usual case).
    #[serde(rename = "FS")]
    FinishToStart,
    /// The successor starts after the predecessor starts.
    #[serde(rename = "SS")]
    StartToStart,
    /// The successor finishes after the predecessor finishes.
    #[serde(rename = "FF")]
    FinishToFinish,
    /// The successor finishes after the predecessor starts.
    #[serde(rename = "SF")]
    StartToFinish,
}

impl DependencyKind {
    /// Every kind, the usual one first.
    pub const ALL: &'static [DependencyKind] = &[
        DependencyKind::FinishToStart,
        DependencyKind::StartToStart,
        DependencyKind::FinishToFinish,
        DependencyKind::StartToFinish,
    ];

    /// The stable text form (`FS`, `SS`, `FF`, `SF`).
    pub fn as_str(self) -> &'static str {
        match self {
            DependencyKind::FinishToStart => "FS",
            DependencyKind::StartToStart => "SS",
            DependencyKind::FinishToFinish => "FF",
            DependencyKind::StartToFinish => "SF",
        }
    }

    /// Parses the text form, in either case.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let upper = raw.trim().to_ascii_uppercase();
        DependencyKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == upper)
            .ok_or_else(|| {
                ValidationError::new("kind", format!("'{raw}' is not one of: FS, SS, FF, SF"))
            })
    }

    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            DependencyKind::FinishToStart => "Finish → start",
            DependencyKind::StartToStart => "Start → start",
            DependencyKind::FinishToFinish => "Finish → finish",
            DependencyKind::StartToFinish => "Start → finish",
        }
    }
}

impl fmt::Display for DependencyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Longest item title, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 50;

/// A trimmed, non-empty title of at most [`MAX_TITLE_CHARS`] characters.
pub fn parse_title(raw: &str) -> Result<String, ValidationError> {
    let title = raw.trim();
    if title.is_empty() {
        return Err(ValidationError::new("title", "must not be empty"));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(ValidationError::new(
            "title",
            format!("must be at most {MAX_TITLE_CHARS} characters"),
        ));
    }
    if title.chars().any(char::is_control) {
        return Err(ValidationError::new(
            "title",
            "must not contain control characters",
        ));
    }
    Ok(title.to_owned())
}

/// Labels as stored: trimmed, lower-cased, without duplicates, in input order. A label is
/// one word-like token (letters, digits, `-`, `_`, `.`, `:`), at most [`MAX_LABEL_CHARS`].
pub fn parse_labels<'a>(
    raw: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, ValidationError> {
    let mut labels: Vec<String> = Vec::new();
    for label in raw {
        let label = label.trim().to_lowercase();
        if label.is_empty() {
            continue;
        }
        let allowed = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
        if !label.chars().all(allowed) || label.chars().count() > MAX_LABEL_CHARS {
            return Err(ValidationError::new(
                "labels",
                format!(
                    "'{label}' is not a label (letters, digits, - _ . : and at most \
                     {MAX_LABEL_CHARS} characters)"
                ),
            ));
        }
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    Ok(labels)
}

/// A calendar date in `YYYY-MM-DD` form, checked.
pub fn parse_date(field: &'static str, raw: &str) -> Result<String, ValidationError> {
    let raw = raw.trim();
    raw.parse::<jiff::civil::Date>()
        .map(|date| date.to_string())
        .map_err(|_| ValidationError::new(field, format!("'{raw}' is not a date (YYYY-MM-DD)")))
}

/// Checks a three-point estimate: every value is optional, but those given must be ordered
/// optimistic ≤ most likely ≤ pessimistic (in any unit).
pub fn check_three_point(
    optimistic: Option<i64>,
    most_likely: Option<i64>,
    pessimistic: Option<i64>,
) -> Result<(), ValidationError> {
    let named = [
        ("optimistic", optimistic),
        ("most_likely", most_likely),
        ("pessimistic", pessimistic),
    ];
    let given: Vec<(&str, i64)> = named
        .iter()
        .filter_map(|(name, value)| value.map(|value| (*name, value)))
        .collect();
    for pair in given.windows(2) {
        if pair[0].1 > pair[1].1 {
            return Err(ValidationError::new(
                "three_point",
                format!(
                    "the {} estimate must not exceed the {} estimate",
                    pair[0].0.replace('_', " "),
                    pair[1].0.replace('_', " ")
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_point_estimates_are_ordered() {
        assert!(check_three_point(Some(60), Some(120), Some(240)).is_ok());
        assert!(check_three_point(None, Some(120), None).is_ok());
        assert!(check_three_point(Some(300), None, Some(240)).is_err());
        assert_eq!(
            check_three_point(Some(60), Some(30), None)
                .unwrap_err()
                .field,
            "three_point"
        );
    }

    #[test]
    fn text_forms_round_trip() {
        for kind in DependencyKind::ALL {
            assert_eq!(DependencyKind::parse(kind.as_str()).unwrap(), *kind);
        }
        assert_eq!(
            DependencyKind::parse("ss").unwrap(),
            DependencyKind::StartToStart
        );
        assert!(DependencyKind::parse("XX").is_err());
        assert_eq!(ItemType::parse("bug").unwrap(), ItemType::Bug);
        assert_eq!(
            StatusCategory::parse("in_progress").unwrap(),
            StatusCategory::InProgress
        );
        assert!(Priority::High.weight() > Priority::Low.weight());
    }

    #[test]
    fn titles_and_labels_are_cleaned() {
        assert_eq!(parse_title("  Checkout  ").unwrap(), "Checkout");
        assert_eq!(parse_title(" ").unwrap_err().field, "title");
        assert_eq!(
            parse_labels(["UX", "ux", " backend ", ""]).unwrap(),
            vec!["ux", "backend"]
        );
        assert_eq!(parse_labels(["two words"]).unwrap_err().field, "labels");
        assert_eq!(parse_date("due_date", "2026-02-28").unwrap(), "2026-02-28");
        assert!(parse_date("due_date", "2026-02-30").is_err());
    }
}
