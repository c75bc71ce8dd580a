//! A line diff of two texts (longest common subsequence), so a vision board revision can show
//! what was removed and what was added. Board boxes are short, so the quadratic table is fine.

use serde::Serialize;

/// What happened to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    /// In both texts.
    Same,
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
}

impl LineChange {
    /// The stable text form (also a CSS class suffix in the web UI).
    pub fn as_str(self) -> &'static str {
        match self {
            LineChange::Same => "same",
            LineChange::Removed => "removed",
            LineChange::Added => "added",
        }
    }
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// What happened to it.
    pub change: LineChange,
    /// The line's text.
    pub text: String,
}

/// The lines of `before` and `after` in order, each marked same, removed or added; removals
/// come before the additions that replace them.
pub fn diff_lines(before: &str, after: &str) -> Vec<DiffLine> {
    let old: Vec<&str> = if before.is_empty() {
        Vec::new()
    } else {
        before.lines().collect()
    };
    let new: Vec<&str> = if after.is_empty() {
        Vec::new()
    } else {
        after.lines().collect()
    };
    // common[i][j] = length of the LCS of old[i..] and new[j..].
    let mut common = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let line = |change, text: &str| DiffLine {
        change,
        text: text.to_owned(),
    };
    let (mut i, mut j) = (0, 0);
    let mut lines = Vec::with_capacity(old.len() + new.len());
    while i < old.len() && j < new.len() {
        if old[i] == new[j] {
            lines.push(line(LineChange::Same, old[i]));
            i += 1;
            j += 1;
        } else if common[i + 1][j] >= common[i][j + 1] {
            lines.push(line(LineChange::Removed, old[i]));
            i += 1;
        } else {
            lines.push(line(LineChange::Added, new[j]));
            j += 1;
        }
    }
    lines.extend(old[i..].iter().map(|text| line(LineChange::Removed, text)));
    lines.extend(new[j..].iter().map(|text| line(LineChange::Added, text)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(lines: &[DiffLine]) -> Vec<(char, &str)> {
        lines
            .iter()
            .map(|line| {
                let mark = match line.change {
                    LineChange::Same => ' ',
                    LineChange::Removed => '-',
                    LineChange::Added => '+',
                };
                (mark, line.text.as_str())
            })
            .collect()
    }

    #[test]
    fn replaced_line_shows_removal_then_addition() {
        let diff = diff_lines("Busy parents\nin cities", "Small shops\nin cities");
        assert_eq!(
            marks(&diff),
            vec![
                ('-', "Busy parents"),
                ('+', "Small shops"),
                (' ', "in cities")
            ]
        );
    }

    #[test]
    fn empty_sides() {
        assert_eq!(marks(&diff_lines("", "New")), vec![('+', "New")]);
        assert_eq!(marks(&diff_lines("Old", "")), vec![('-', "Old")]);
        assert!(diff_lines("", "").is_empty());
    }
}
