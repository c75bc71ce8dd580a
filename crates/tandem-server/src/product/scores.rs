//! Feature scores as the backlog shows them: every model's score from the stored inputs, the
//! confidence RICE used and where it came from, and the ranking by one model. All arithmetic
//! is `tandem_core::product::scoring`; this module only picks the inputs and orders.

use serde::{Deserialize, Serialize};
use tandem_core::product::scoring::{self, Confidence, ConfidenceSource};
use tandem_store::Feature;
use utoipa::ToSchema;

/// How the backlog is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortModel {
    /// RICE, highest first.
    #[default]
    Rice,
    /// WSJF, highest first.
    Wsjf,
    /// Value ÷ effort, highest first.
    ValueEffort,
    /// The product manager's own order.
    Manual,
}

impl SortModel {
    /// Every model, in switcher order.
    pub const ALL: [SortModel; 4] = [
        SortModel::Rice,
        SortModel::Wsjf,
        SortModel::ValueEffort,
        SortModel::Manual,
    ];

    /// The text form used in URLs and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            SortModel::Rice => "rice",
            SortModel::Wsjf => "wsjf",
            SortModel::ValueEffort => "value_effort",
            SortModel::Manual => "manual",
        }
    }

    /// Parses the text form (`value-effort` is accepted for the CLI).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "rice" => Some(SortModel::Rice),
            "wsjf" => Some(SortModel::Wsjf),
            "value_effort" | "value-effort" => Some(SortModel::ValueEffort),
            "manual" => Some(SortModel::Manual),
            _ => None,
        }
    }

    /// Label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            SortModel::Rice => "RICE",
            SortModel::Wsjf => "WSJF",
            SortModel::ValueEffort => "Value / effort",
            SortModel::Manual => "Manual",
        }
    }
}

/// A feature's scores. A score is absent while one of its inputs is missing.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FeatureScores {
    /// reach × impact × confidence ÷ effort (person-months).
    pub rice: Option<f64>,
    /// (business value + time criticality + risk reduction) ÷ job size.
    pub wsjf: Option<f64>,
    /// value ÷ effort.
    pub value_effort: Option<f64>,
    /// The RICE confidence used, in percent (50, 80 or 100).
    pub confidence: Option<u32>,
    /// `entered` by the product manager or derived from `hypotheses`.
    #[schema(value_type = Option<String>, example = "hypotheses")]
    pub confidence_source: Option<ConfidenceSource>,
    /// How many linked hypotheses a derived confidence came from.
    pub confidence_hypotheses: usize,
}

impl FeatureScores {
    /// The score of one model (`None` for manual order or a missing input).
    pub fn by(&self, model: SortModel) -> Option<f64> {
        match model {
            SortModel::Rice => self.rice,
            SortModel::Wsjf => self.wsjf,
            SortModel::ValueEffort => self.value_effort,
            SortModel::Manual => None,
        }
    }
}

/// Rounds a score to two decimals for display and JSON (ties and hand checks stay readable).
fn rounded(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The confidence RICE uses: the entered one, else the one the linked hypotheses earn.
pub fn confidence(feature: &Feature) -> Option<(Confidence, ConfidenceSource)> {
    match feature.fields.confidence {
        Some(entered) => Some((entered, ConfidenceSource::Entered)),
        None => Confidence::from_hypotheses(&feature.hypothesis_evidence())
            .map(|derived| (derived, ConfidenceSource::Hypotheses)),
    }
}

/// Every score of a feature.
pub fn score(feature: &Feature) -> FeatureScores {
    let f = &feature.fields;
    let used = confidence(feature);
    let rice = match (f.reach, f.impact, used, f.effort_months) {
        (Some(reach), Some(impact), Some((confidence, _)), Some(effort)) => {
            scoring::rice(reach, impact, confidence, effort).ok()
        }
        _ => None,
    };
    let wsjf = match (
        f.business_value,
        f.time_criticality,
        f.risk_reduction,
        f.job_size,
    ) {
        (Some(value), Some(time), Some(risk), Some(size)) => {
            scoring::wsjf(value as f64, time as f64, risk as f64, size as f64).ok()
        }
        _ => None,
    };
    let value_effort = match (f.value_score, f.effort_score) {
        (Some(value), Some(effort)) => scoring::value_per_effort(value, effort).ok(),
        _ => None,
    };
    FeatureScores {
        rice: rice.map(rounded),
        wsjf: wsjf.map(rounded),
        value_effort: value_effort.map(rounded),
        confidence: used.map(|(c, _)| (c.fraction() * 100.0).round() as u32),
        confidence_source: used.map(|(_, source)| source),
        confidence_hypotheses: match used {
            Some((_, ConfidenceSource::Hypotheses)) => feature.hypotheses.len(),
            _ => 0,
        },
    }
}

/// Scores every feature and orders them by `model`: highest score first, unscored features
/// last, ties (and manual order) by the manual rank.
pub fn rank(features: Vec<Feature>, model: SortModel) -> Vec<(Feature, FeatureScores)> {
    let mut scored: Vec<(Feature, FeatureScores)> = features
        .into_iter()
        .map(|feature| {
            let scores = score(&feature);
            (feature, scores)
        })
        .collect();
    scored.sort_by(|(a, sa), (b, sb)| {
        let by_score = match (sa.by(model), sb.by(model)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        by_score.then((a.rank, a.id).cmp(&(b.rank, b.id)))
    });
    scored
}
