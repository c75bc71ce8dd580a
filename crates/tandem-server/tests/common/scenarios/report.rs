//! What the diagnosis said about each generated project, and the confusion tables that sum
//! it up (planted cause × first diagnosed cause, planted side × diagnosed side).

use super::{Scenario, signal_name};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The severities above which a healthy project counts as misdiagnosed.
const HEALTHY_CEILING: [&str; 2] = ["ok", "watch"];

/// The diagnosis of one generated project.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub key: String,
    pub scenario: Scenario,
    /// The first-ranked raised signal, if any.
    pub first: Option<String>,
    pub first_severity: String,
    /// The verdict's dominant side (`none` when healthy).
    pub side: String,
    pub sentence: String,
    /// Every raised signal, most important first.
    pub raised: Vec<String>,
    /// Whether the verdict's sentence quotes the first raised signal's explanation.
    pub explained: bool,
}

impl Outcome {
    /// Reads the answer of `GET /api/v1/projects/{key}/health`.
    pub fn read(key: &str, scenario: Scenario, health: &Value) -> Self {
        let verdict = &health["verdict"];
        let signals: Vec<&Value> = verdict["signals"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|signal| signal["severity"] != "ok")
            .collect();
        let raised = signals.first().copied();
        Self {
            key: key.to_owned(),
            scenario,
            first: raised.and_then(|s| s["id"].as_str()).map(str::to_owned),
            first_severity: raised
                .and_then(|s| s["severity"].as_str())
                .unwrap_or("ok")
                .to_owned(),
            side: verdict["dominant_side"]
                .as_str()
                .unwrap_or("none")
                .to_owned(),
            sentence: verdict["sentence"].as_str().unwrap_or_default().to_owned(),
            explained: raised.is_none_or(|first| {
                first["explanation"].as_str().is_some_and(|text| {
                    verdict["sentence"]
                        .as_str()
                        .is_some_and(|sentence| sentence.contains(text))
                })
            }),
            raised: signals
                .iter()
                .filter_map(|s| s["id"].as_str().map(str::to_owned))
                .collect(),
        }
    }

    /// The cause the table files this outcome under: the first raised signal, except that a
    /// healthy project whose worst signal is only "watch" counts as `none` (healthy).
    pub fn diagnosed(&self) -> String {
        let healthy_enough = self.scenario.expected().is_none()
            && HEALTHY_CEILING.contains(&self.first_severity.as_str());
        match &self.first {
            Some(id) if !healthy_enough => id.clone(),
            _ => "none".to_owned(),
        }
    }

    /// The side the table files this outcome under.
    pub fn diagnosed_side(&self) -> String {
        if self.diagnosed() == "none" {
            "none".to_owned()
        } else {
            self.side.clone()
        }
    }

    /// The planted cause's name (`none` when healthy).
    pub fn planted(&self) -> String {
        self.scenario
            .expected()
            .map_or_else(|| "none".to_owned(), signal_name)
    }

    /// The planted side (`none` when healthy).
    pub fn planted_side(&self) -> String {
        self.scenario
            .expected_side()
            .map_or_else(|| "none".to_owned(), |side| side.as_str().to_owned())
    }

    /// True when the diagnosis names the planted cause first and on its side (healthy: no
    /// signal above watch), raises everything else planted too (a mixture's secondary cause,
    /// a cause's symptom: seen, just ranked after the dominant cause), and its sentence
    /// explains the first cause with that signal's own words and numbers.
    pub fn is_correct(&self) -> bool {
        let all_seen = self
            .scenario
            .must_raise()
            .iter()
            .all(|id| self.raised.contains(&signal_name(*id)));
        self.diagnosed() == self.planted()
            && self.diagnosed_side() == self.planted_side()
            && all_seen
            && self.explained
    }
}

/// Counts of `(row, column)` pairs: rows in first-seen order, columns in a preferred order
/// (then first-seen).
struct Matrix {
    rows: Vec<String>,
    columns: Vec<String>,
    counts: BTreeMap<(String, String), u32>,
}

impl Matrix {
    fn of(pairs: &[(String, String)], preferred: &[String]) -> Self {
        let mut rows: Vec<String> = Vec::new();
        let mut counts = BTreeMap::new();
        for (row, column) in pairs {
            if !rows.contains(row) {
                rows.push(row.clone());
            }
            *counts.entry((row.clone(), column.clone())).or_insert(0) += 1;
        }
        let mut columns: Vec<String> = Vec::new();
        let seen = pairs.iter().map(|(_, column)| column);
        for column in preferred.iter().chain(seen) {
            let used = pairs.iter().any(|(_, c)| c == column);
            if used && !columns.contains(column) {
                columns.push(column.clone());
            }
        }
        Self {
            rows,
            columns,
            counts,
        }
    }

    /// A Markdown table; the cells where the diagnosis is right are bold.
    fn markdown(&self, corner: &str) -> String {
        let mut text = format!("| {corner} | {} |\n", self.columns.join(" | "));
        text.push_str(&format!("|---|{}\n", "---:|".repeat(self.columns.len())));
        for row in &self.rows {
            let cells: Vec<String> = self
                .columns
                .iter()
                .map(|column| {
                    let key = (row.clone(), column.clone());
                    let n = self.counts.get(&key).copied().unwrap_or(0);
                    let cell = if n == 0 {
                        "·".to_owned()
                    } else {
                        n.to_string()
                    };
                    if is_diagonal(row, column) {
                        format!("**{cell}**")
                    } else {
                        cell
                    }
                })
                .collect();
            text.push_str(&format!("| {row} | {} |\n", cells.join(" | ")));
        }
        text
    }
}

/// Whether `column` is the right answer for row `row`.
fn is_diagonal(row: &str, column: &str) -> bool {
    row == column
        || (row == "healthy" && column == "none")
        || row.starts_with(&format!("mix: {column} +"))
}

/// The report: accuracy, both confusion tables and every misdiagnosis with its sentence.
pub fn confusion_report(outcomes: &[Outcome]) -> String {
    let correct = outcomes.iter().filter(|o| o.is_correct()).count();
    let side_correct = outcomes
        .iter()
        .filter(|o| o.diagnosed_side() == o.planted_side())
        .count();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{correct} of {} generated projects diagnosed correctly (planted cause ranked first, on its side); sides right in {side_correct} of {}.\n",
        outcomes.len(),
        outcomes.len()
    );
    let case_pairs: Vec<(String, String)> = outcomes
        .iter()
        .map(|o| (o.scenario.case(), o.diagnosed()))
        .collect();
    let planted_order: Vec<String> = outcomes.iter().map(|o| o.planted()).collect();
    text.push_str("### Planted cause × first diagnosed cause\n\n");
    text.push_str(&Matrix::of(&case_pairs, &planted_order).markdown("planted \\ diagnosed"));
    text.push_str("\n### Planted side × diagnosed dominant side\n\n");
    let side_pairs: Vec<(String, String)> = outcomes
        .iter()
        .map(|o| (o.planted_side(), o.diagnosed_side()))
        .collect();
    let sides = ["product", "delivery", "none"].map(str::to_owned);
    text.push_str(&Matrix::of(&side_pairs, &sides).markdown("planted \\ diagnosed"));
    let wrong: Vec<&Outcome> = outcomes.iter().filter(|o| !o.is_correct()).collect();
    if !wrong.is_empty() {
        text.push_str("\n### Misdiagnosed\n\n");
        for o in wrong {
            let _ = writeln!(
                text,
                "- {} ({}, seed {}): first {} ({}), side {}, raised [{}] — {}",
                o.key,
                o.scenario.case(),
                o.scenario.seed,
                o.diagnosed(),
                o.first_severity,
                o.side,
                o.raised.join(", "),
                o.sentence
            );
        }
    }
    text
}
