//! What callers send to create or change product artefacts, and its validation into store
//! values. Enumerations arrive as text so a wrong value is a 422 naming the field.
//! In changes, an absent field stays as it is and `null` clears an optional one.

use crate::projects::{double_option, parse_date};
use serde::Deserialize;
use tandem_core::ValidationError;
use tandem_core::product::artefacts::{
    ExperimentMethod, ExperimentOutcome, FeatureStatus, Horizon, HypothesisKind, HypothesisStatus,
    Visibility,
};
use tandem_core::product::assumptions::{Evidence, Importance};
use tandem_core::product::moscow::Moscow;
use tandem_core::product::scoring::{Confidence, Impact};
use tandem_store::{
    ExperimentFields, ExperimentPatch, FeatureFields, FeaturePatch, HypothesisFields,
    HypothesisPatch, PersonaFields, PersonaPatch,
};
use utoipa::ToSchema;

/// The WSJF scale (modified Fibonacci), as SAFe estimates relative size and value.
pub const FIBONACCI: [i64; 7] = [1, 2, 3, 5, 8, 13, 20];

/// A required, trimmed, non-empty text of at most `max` characters.
pub fn required(field: &'static str, raw: &str, max: usize) -> Result<String, ValidationError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(ValidationError::new(field, "must not be empty"));
    }
    optional_text(field, text, max)
}

/// A trimmed text of at most `max` characters (may be empty).
pub fn optional_text(
    field: &'static str,
    raw: &str,
    max: usize,
) -> Result<String, ValidationError> {
    let text = raw.trim();
    if text.chars().count() > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(text.to_owned())
}

fn visibility(raw: Option<&str>) -> Result<Option<Visibility>, ValidationError> {
    raw.map(Visibility::parse).transpose()
}

fn fibonacci(field: &'static str, value: Option<i64>) -> Result<Option<i64>, ValidationError> {
    match value {
        Some(v) if !FIBONACCI.contains(&v) => Err(ValidationError::new(
            field,
            "must be one of 1, 2, 3, 5, 8, 13, 20",
        )),
        other => Ok(other),
    }
}

fn within(
    field: &'static str,
    value: Option<f64>,
    min: f64,
    max: f64,
    positive: bool,
) -> Result<Option<f64>, ValidationError> {
    match value {
        Some(v) if !v.is_finite() || v < min || v > max || (positive && v <= 0.0) => {
            let low = if positive { "more than" } else { "at least" };
            Err(ValidationError::new(
                field,
                format!("must be {low} {min} and at most {max}"),
            ))
        }
        other => Ok(other),
    }
}

fn impact(value: Option<f64>) -> Result<Option<Impact>, ValidationError> {
    value
        .map(|v| {
            Impact::from_factor(v)
                .map_err(|_| ValidationError::new("impact", "must be one of 0.25, 0.5, 1, 2, 3"))
        })
        .transpose()
}

fn confidence(value: Option<i64>) -> Result<Option<Confidence>, ValidationError> {
    value
        .map(|v| {
            u32::try_from(v)
                .ok()
                .and_then(|v| Confidence::from_percent(v).ok())
                .ok_or_else(|| {
                    ValidationError::new(
                        "confidence",
                        "must be 50, 80 or 100 (or null to derive it from the hypotheses)",
                    )
                })
        })
        .transpose()
}

fn importance(value: i64) -> Result<Importance, ValidationError> {
    u8::try_from(value)
        .ok()
        .and_then(|v| Importance::new(v).ok())
        .ok_or_else(|| ValidationError::new("importance", "must be from 1 to 5"))
}

/// A new persona.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PersonaInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub goals: String,
    #[serde(default)]
    pub pains: String,
    /// Things they said, one entry each.
    #[serde(default)]
    pub quotes: Vec<String>,
    /// `internal` (default) or `shared`.
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub workshop_id: Option<i64>,
}

impl PersonaInput {
    /// Validates into store fields.
    pub fn fields(&self) -> Result<PersonaFields, ValidationError> {
        Ok(PersonaFields {
            name: required("name", &self.name, 200)?,
            description: optional_text("description", &self.description, 5000)?,
            goals: optional_text("goals", &self.goals, 5000)?,
            pains: optional_text("pains", &self.pains, 5000)?,
            quotes: quotes(&self.quotes)?,
            visibility: visibility(self.visibility.as_deref())?.unwrap_or(Visibility::Internal),
            workshop_id: self.workshop_id,
        })
    }
}

fn quotes(list: &[String]) -> Result<Vec<String>, ValidationError> {
    list.iter()
        .map(|q| optional_text("quotes", q, 1000))
        .filter(|q| q.as_ref().map_or(true, |q| !q.is_empty()))
        .collect()
}

/// A change to a persona.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PersonaChange {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub goals: Option<String>,
    #[serde(default)]
    pub pains: Option<String>,
    #[serde(default)]
    pub quotes: Option<Vec<String>>,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub workshop_id: Option<Option<i64>>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

impl PersonaChange {
    /// Validates into a store patch.
    pub fn patch(&self) -> Result<PersonaPatch, ValidationError> {
        Ok(PersonaPatch {
            name: self
                .name
                .as_deref()
                .map(|v| required("name", v, 200))
                .transpose()?,
            description: self
                .description
                .as_deref()
                .map(|v| optional_text("description", v, 5000))
                .transpose()?,
            goals: self
                .goals
                .as_deref()
                .map(|v| optional_text("goals", v, 5000))
                .transpose()?,
            pains: self
                .pains
                .as_deref()
                .map(|v| optional_text("pains", v, 5000))
                .transpose()?,
            quotes: self.quotes.as_deref().map(quotes).transpose()?,
            visibility: visibility(self.visibility.as_deref())?,
            workshop_id: self.workshop_id,
        })
    }
}

/// A new hypothesis.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct HypothesisInput {
    /// "We believe that …"
    pub statement: String,
    /// desirability, viability or feasibility.
    pub kind: String,
    /// 1 (minor) to 5 (the concept fails without it).
    pub importance: i64,
    /// none (default), weak, moderate, strong.
    #[serde(default)]
    pub evidence: Option<String>,
    /// untested (default), testing, validated, invalidated.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub workshop_id: Option<i64>,
    /// The personas it is about (this project's).
    #[serde(default)]
    pub persona_ids: Vec<i64>,
}

impl HypothesisInput {
    /// Validates into store fields.
    pub fn fields(&self) -> Result<HypothesisFields, ValidationError> {
        Ok(HypothesisFields {
            statement: required("statement", &self.statement, 1000)?,
            kind: HypothesisKind::parse(&self.kind)?,
            importance: importance(self.importance)?,
            evidence: self
                .evidence
                .as_deref()
                .map(Evidence::parse)
                .transpose()?
                .unwrap_or(Evidence::None),
            status: self
                .status
                .as_deref()
                .map(HypothesisStatus::parse)
                .transpose()?
                .unwrap_or(HypothesisStatus::Untested),
            visibility: visibility(self.visibility.as_deref())?.unwrap_or(Visibility::Internal),
            workshop_id: self.workshop_id,
        })
    }
}

/// A change to a hypothesis.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct HypothesisChange {
    #[serde(default)]
    pub statement: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub importance: Option<i64>,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub workshop_id: Option<Option<i64>>,
    /// Replaces the personas it is about (this project's); absent keeps them.
    #[serde(default)]
    pub persona_ids: Option<Vec<i64>>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

impl HypothesisChange {
    /// Validates into a store patch.
    pub fn patch(&self) -> Result<HypothesisPatch, ValidationError> {
        Ok(HypothesisPatch {
            statement: self
                .statement
                .as_deref()
                .map(|v| required("statement", v, 1000))
                .transpose()?,
            kind: self
                .kind
                .as_deref()
                .map(HypothesisKind::parse)
                .transpose()?,
            importance: self.importance.map(importance).transpose()?,
            evidence: self.evidence.as_deref().map(Evidence::parse).transpose()?,
            status: self
                .status
                .as_deref()
                .map(HypothesisStatus::parse)
                .transpose()?,
            visibility: visibility(self.visibility.as_deref())?,
            workshop_id: self.workshop_id,
            persona_ids: self.persona_ids.clone(),
        })
    }
}

/// A new experiment.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ExperimentInput {
    pub title: String,
    /// interview, prototype_test, landing_page, ab_test, spike, survey, concierge,
    /// wizard_of_oz, other.
    pub method: String,
    /// What result counts as validated; decided now, frozen once the experiment starts.
    pub success_criterion: String,
    #[serde(default)]
    pub starts_on: Option<String>,
    #[serde(default)]
    pub ends_on: Option<String>,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub workshop_id: Option<i64>,
}

fn check_period(starts_on: Option<&str>, ends_on: Option<&str>) -> Result<(), ValidationError> {
    match (starts_on, ends_on) {
        (Some(start), Some(end)) if end < start => Err(ValidationError::new(
            "ends_on",
            "must not be before starts_on",
        )),
        _ => Ok(()),
    }
}

impl ExperimentInput {
    /// Validates into store fields.
    pub fn fields(&self) -> Result<ExperimentFields, ValidationError> {
        let starts_on = parse_date("starts_on", self.starts_on.as_deref())?;
        let ends_on = parse_date("ends_on", self.ends_on.as_deref())?;
        check_period(starts_on.as_deref(), ends_on.as_deref())?;
        Ok(ExperimentFields {
            title: required("title", &self.title, 200)?,
            method: ExperimentMethod::parse(&self.method)?,
            success_criterion: required("success_criterion", &self.success_criterion, 1000)?,
            starts_on,
            ends_on,
            visibility: visibility(self.visibility.as_deref())?.unwrap_or(Visibility::Internal),
            workshop_id: self.workshop_id,
        })
    }
}

/// A change to an experiment's plan.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ExperimentChange {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    /// Refused (422) once the experiment has started or has a result.
    #[serde(default)]
    pub success_criterion: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub starts_on: Option<Option<String>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub ends_on: Option<Option<String>>,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub workshop_id: Option<Option<i64>>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

impl ExperimentChange {
    /// Validates into a store patch; the resulting period must still be in order.
    pub fn patch(&self, current: &ExperimentFields) -> Result<ExperimentPatch, ValidationError> {
        let starts_on = self
            .starts_on
            .as_ref()
            .map(|d| parse_date("starts_on", d.as_deref()))
            .transpose()?;
        let ends_on = self
            .ends_on
            .as_ref()
            .map(|d| parse_date("ends_on", d.as_deref()))
            .transpose()?;
        check_period(
            starts_on
                .clone()
                .unwrap_or(current.starts_on.clone())
                .as_deref(),
            ends_on
                .clone()
                .unwrap_or(current.ends_on.clone())
                .as_deref(),
        )?;
        Ok(ExperimentPatch {
            title: self
                .title
                .as_deref()
                .map(|v| required("title", v, 200))
                .transpose()?,
            method: self
                .method
                .as_deref()
                .map(ExperimentMethod::parse)
                .transpose()?,
            success_criterion: self
                .success_criterion
                .as_deref()
                .map(|v| required("success_criterion", v, 1000))
                .transpose()?,
            starts_on,
            ends_on,
            visibility: visibility(self.visibility.as_deref())?,
            workshop_id: self.workshop_id,
        })
    }
}

/// What an experiment showed.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ResultInput {
    /// What was observed.
    pub result: String,
    /// validated, invalidated or inconclusive; updates the hypothesis. Absent: notes only.
    #[serde(default)]
    pub outcome: Option<String>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

impl ResultInput {
    /// Validates the result text and outcome.
    pub fn parts(&self) -> Result<(String, Option<ExperimentOutcome>), ValidationError> {
        let result = optional_text("result", &self.result, 5000)?;
        let outcome = self
            .outcome
            .as_deref()
            .filter(|o| !o.is_empty())
            .map(ExperimentOutcome::parse)
            .transpose()?;
        if result.is_empty() && outcome.is_some() {
            return Err(ValidationError::new(
                "result",
                "describe what was observed before deciding the outcome",
            ));
        }
        Ok((result, outcome))
    }
}

/// A new feature. Scores are computed from these inputs; unset inputs leave a score absent.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct FeatureInput {
    pub title: String,
    #[serde(default)]
    pub problem: String,
    /// idea (default), discovery, validated, planned, in_delivery, ready, released, rejected.
    #[serde(default)]
    pub status: Option<String>,
    /// must, should, could, wont.
    #[serde(default)]
    pub moscow: Option<String>,
    #[serde(default)]
    pub mvp: bool,
    /// now, next, later.
    #[serde(default)]
    pub horizon: Option<String>,
    #[serde(default)]
    pub release_id: Option<i64>,
    #[serde(flatten)]
    pub scores: ScoreInputs,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub workshop_id: Option<i64>,
    #[serde(default)]
    pub persona_ids: Vec<i64>,
    #[serde(default)]
    pub hypothesis_ids: Vec<i64>,
}

/// The scoring inputs, as sent on creation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ScoreInputs {
    /// RICE reach: people or events per quarter.
    #[serde(default)]
    pub reach: Option<f64>,
    /// RICE impact: 0.25, 0.5, 1, 2 or 3.
    #[serde(default)]
    pub impact: Option<f64>,
    /// RICE confidence: 50, 80 or 100; absent to derive it from the linked hypotheses.
    #[serde(default)]
    pub confidence: Option<i64>,
    /// RICE effort in person-months (> 0).
    #[serde(default)]
    pub effort_months: Option<f64>,
    /// WSJF inputs on the scale 1, 2, 3, 5, 8, 13, 20.
    #[serde(default)]
    pub business_value: Option<i64>,
    #[serde(default)]
    pub time_criticality: Option<i64>,
    #[serde(default)]
    pub risk_reduction: Option<i64>,
    #[serde(default)]
    pub job_size: Option<i64>,
    /// Value/effort inputs, 1–10.
    #[serde(default)]
    pub value_score: Option<f64>,
    #[serde(default)]
    pub effort_score: Option<f64>,
    /// Estimated effort in person-days, for MVP sums and the MoSCoW guard.
    #[serde(default)]
    pub estimate_days: Option<f64>,
}

impl FeatureInput {
    /// Validates into store fields.
    pub fn fields(&self) -> Result<FeatureFields, ValidationError> {
        let s = &self.scores;
        Ok(FeatureFields {
            title: required("title", &self.title, 200)?,
            problem: optional_text("problem", &self.problem, 5000)?,
            status: self
                .status
                .as_deref()
                .map(FeatureStatus::parse)
                .transpose()?
                .unwrap_or(FeatureStatus::Idea),
            moscow: self.moscow.as_deref().map(Moscow::parse).transpose()?,
            mvp: self.mvp,
            horizon: self.horizon.as_deref().map(Horizon::parse).transpose()?,
            release_id: self.release_id,
            reach: within("reach", s.reach, 0.0, 1e12, false)?,
            impact: impact(s.impact)?,
            confidence: confidence(s.confidence)?,
            effort_months: within("effort_months", s.effort_months, 0.0, 10_000.0, true)?,
            business_value: fibonacci("business_value", s.business_value)?,
            time_criticality: fibonacci("time_criticality", s.time_criticality)?,
            risk_reduction: fibonacci("risk_reduction", s.risk_reduction)?,
            job_size: fibonacci("job_size", s.job_size)?,
            value_score: within("value_score", s.value_score, 1.0, 10.0, false)?,
            effort_score: within("effort_score", s.effort_score, 1.0, 10.0, false)?,
            estimate_days: within("estimate_days", s.estimate_days, 0.0, 100_000.0, false)?,
            visibility: visibility(self.visibility.as_deref())?.unwrap_or(Visibility::Internal),
            workshop_id: self.workshop_id,
        })
    }
}

/// A change to a feature: any field, scores included (`null` clears an input; for
/// `confidence`, `null` means "derive it from the hypotheses").
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct FeatureChange {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub problem: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub moscow: Option<Option<String>>,
    #[serde(default)]
    pub mvp: Option<bool>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub horizon: Option<Option<String>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub release_id: Option<Option<i64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub reach: Option<Option<f64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub impact: Option<Option<f64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub confidence: Option<Option<i64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub effort_months: Option<Option<f64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub business_value: Option<Option<i64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub time_criticality: Option<Option<i64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub risk_reduction: Option<Option<i64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub job_size: Option<Option<i64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub value_score: Option<Option<f64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub effort_score: Option<Option<f64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<f64>)]
    pub estimate_days: Option<Option<f64>>,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub workshop_id: Option<Option<i64>>,
    /// Place in the manual order (smaller first).
    #[serde(default)]
    pub rank: Option<i64>,
    /// Replaces the linked personas.
    #[serde(default)]
    pub persona_ids: Option<Vec<i64>>,
    /// Replaces the linked hypotheses.
    #[serde(default)]
    pub hypothesis_ids: Option<Vec<i64>>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Validates a clearable input with `check`.
fn clearable<T, U>(
    value: &Option<Option<T>>,
    check: impl Fn(Option<T>) -> Result<Option<U>, ValidationError>,
) -> Result<Option<Option<U>>, ValidationError>
where
    T: Clone,
{
    value.clone().map(check).transpose()
}

impl FeatureChange {
    /// Validates into a store patch.
    pub fn patch(&self) -> Result<FeaturePatch, ValidationError> {
        Ok(FeaturePatch {
            title: self
                .title
                .as_deref()
                .map(|v| required("title", v, 200))
                .transpose()?,
            problem: self
                .problem
                .as_deref()
                .map(|v| optional_text("problem", v, 5000))
                .transpose()?,
            status: self
                .status
                .as_deref()
                .map(FeatureStatus::parse)
                .transpose()?,
            moscow: clearable(&self.moscow, |v| {
                v.as_deref().map(Moscow::parse).transpose()
            })?,
            mvp: self.mvp,
            horizon: clearable(&self.horizon, |v| {
                v.as_deref().map(Horizon::parse).transpose()
            })?,
            release_id: self.release_id,
            reach: clearable(&self.reach, |v| within("reach", v, 0.0, 1e12, false))?,
            impact: clearable(&self.impact, impact)?,
            confidence: clearable(&self.confidence, confidence)?,
            effort_months: clearable(&self.effort_months, |v| {
                within("effort_months", v, 0.0, 10_000.0, true)
            })?,
            business_value: clearable(&self.business_value, |v| fibonacci("business_value", v))?,
            time_criticality: clearable(&self.time_criticality, |v| {
                fibonacci("time_criticality", v)
            })?,
            risk_reduction: clearable(&self.risk_reduction, |v| fibonacci("risk_reduction", v))?,
            job_size: clearable(&self.job_size, |v| fibonacci("job_size", v))?,
            value_score: clearable(&self.value_score, |v| {
                within("value_score", v, 1.0, 10.0, false)
            })?,
            effort_score: clearable(&self.effort_score, |v| {
                within("effort_score", v, 1.0, 10.0, false)
            })?,
            estimate_days: clearable(&self.estimate_days, |v| {
                within("estimate_days", v, 0.0, 100_000.0, false)
            })?,
            visibility: visibility(self.visibility.as_deref())?,
            workshop_id: self.workshop_id,
            rank: self.rank,
            persona_ids: self.persona_ids.clone(),
            hypothesis_ids: self.hypothesis_ids.clone(),
        })
    }
}

/// A new acceptance criterion.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CriterionInput {
    pub text: String,
}

/// A change to an acceptance criterion.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CriterionChange {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub met: Option<bool>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Which work item to link to a feature.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ItemLinkInput {
    /// The item key, e.g. `ACME-42`.
    pub key: String,
}
