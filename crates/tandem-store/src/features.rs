//! Features: the backlog the product manager scores and cuts. The store keeps the scoring
//! *inputs*; scores are computed on read by `tandem_core::product::scoring`, so changing a
//! rule never leaves stale numbers behind. A feature comes with its persona and hypothesis
//! links and its acceptance-criteria counts, loaded in a fixed number of queries for a whole
//! backlog (no query per feature).

use crate::artefacts::{Provenance, expect_version, parsed, parsed_opt, visibility};
use crate::error::{broken_reference, stale_or_missing};
use crate::feature_items::{CountRow, ItemCounts, counts_sql};
use crate::personas::{replace_project_links, set};
use crate::{Store, StoreError, clock};
use std::collections::HashMap;
use tandem_core::product::artefacts::{FeatureStatus, Horizon, HypothesisStatus, Visibility};
use tandem_core::product::assumptions::Evidence;
use tandem_core::product::moscow::Moscow;
use tandem_core::product::scoring::{Confidence, Impact};

/// What a product manager decides about a feature: description, life cycle, scope and the
/// inputs of every scoring model.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureFields {
    /// Short name.
    pub title: String,
    /// The user problem it solves.
    pub problem: String,
    /// Life-cycle stage.
    pub status: FeatureStatus,
    /// MoSCoW priority (unset until prioritised).
    pub moscow: Option<Moscow>,
    /// Part of the minimum viable product.
    pub mvp: bool,
    /// Roadmap column.
    pub horizon: Option<Horizon>,
    /// The release it ships in.
    pub release_id: Option<i64>,
    /// RICE reach: people or events per quarter.
    pub reach: Option<f64>,
    /// RICE impact.
    pub impact: Option<Impact>,
    /// RICE confidence as entered; `None` derives it from the linked hypotheses.
    pub confidence: Option<Confidence>,
    /// RICE effort in person-months.
    pub effort_months: Option<f64>,
    /// WSJF business value (Fibonacci).
    pub business_value: Option<i64>,
    /// WSJF time criticality (Fibonacci).
    pub time_criticality: Option<i64>,
    /// WSJF risk reduction / opportunity enablement (Fibonacci).
    pub risk_reduction: Option<i64>,
    /// WSJF job size (Fibonacci).
    pub job_size: Option<i64>,
    /// Value for the value/effort matrix (1–10).
    pub value_score: Option<f64>,
    /// Effort for the value/effort matrix (1–10).
    pub effort_score: Option<f64>,
    /// Estimated effort in person-days (MVP sums, MoSCoW guard).
    pub estimate_days: Option<f64>,
    /// Whether client contacts see it.
    pub visibility: Visibility,
    /// The workshop it came out of.
    pub workshop_id: Option<i64>,
}

impl FeatureFields {
    /// A fresh idea with a title and nothing scored.
    pub fn idea(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            problem: String::new(),
            status: FeatureStatus::Idea,
            moscow: None,
            mvp: false,
            horizon: None,
            release_id: None,
            reach: None,
            impact: None,
            confidence: None,
            effort_months: None,
            business_value: None,
            time_criticality: None,
            risk_reduction: None,
            job_size: None,
            value_score: None,
            effort_score: None,
            estimate_days: None,
            visibility: Visibility::Internal,
            workshop_id: None,
        }
    }
}

/// A feature to create, placed last in the manual order.
#[derive(Debug, Clone)]
pub struct NewFeature {
    /// Project.
    pub project_id: i64,
    /// Creator.
    pub created_by: Option<i64>,
    /// Content.
    pub fields: FeatureFields,
    /// Linked personas (same project).
    pub persona_ids: Vec<i64>,
    /// Linked hypotheses (same project).
    pub hypothesis_ids: Vec<i64>,
}

/// Changes to a feature; `None` keeps the current value, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct FeaturePatch {
    /// New title.
    pub title: Option<String>,
    /// New problem.
    pub problem: Option<String>,
    /// New status.
    pub status: Option<FeatureStatus>,
    /// New MoSCoW priority.
    pub moscow: Option<Option<Moscow>>,
    /// In or out of the MVP.
    pub mvp: Option<bool>,
    /// New roadmap column.
    pub horizon: Option<Option<Horizon>>,
    /// New release.
    pub release_id: Option<Option<i64>>,
    /// New reach.
    pub reach: Option<Option<f64>>,
    /// New impact.
    pub impact: Option<Option<Impact>>,
    /// New confidence (`Some(None)`: derive from hypotheses).
    pub confidence: Option<Option<Confidence>>,
    /// New effort (person-months).
    pub effort_months: Option<Option<f64>>,
    /// New business value.
    pub business_value: Option<Option<i64>>,
    /// New time criticality.
    pub time_criticality: Option<Option<i64>>,
    /// New risk reduction.
    pub risk_reduction: Option<Option<i64>>,
    /// New job size.
    pub job_size: Option<Option<i64>>,
    /// New value score.
    pub value_score: Option<Option<f64>>,
    /// New effort score.
    pub effort_score: Option<Option<f64>>,
    /// New estimate (person-days).
    pub estimate_days: Option<Option<f64>>,
    /// New visibility.
    pub visibility: Option<Visibility>,
    /// New origin workshop.
    pub workshop_id: Option<Option<i64>>,
    /// New place in the manual order (smaller first).
    pub rank: Option<i64>,
    /// Replaces the persona links.
    pub persona_ids: Option<Vec<i64>>,
    /// Replaces the hypothesis links.
    pub hypothesis_ids: Option<Vec<i64>>,
}

impl FeaturePatch {
    /// Applies the field changes (not rank or links) to the current content.
    pub fn apply(&self, f: &mut FeatureFields) {
        set(&mut f.title, &self.title);
        set(&mut f.problem, &self.problem);
        set(&mut f.status, &self.status);
        set(&mut f.moscow, &self.moscow);
        set(&mut f.mvp, &self.mvp);
        set(&mut f.horizon, &self.horizon);
        set(&mut f.release_id, &self.release_id);
        set(&mut f.reach, &self.reach);
        set(&mut f.impact, &self.impact);
        set(&mut f.confidence, &self.confidence);
        set(&mut f.effort_months, &self.effort_months);
        set(&mut f.business_value, &self.business_value);
        set(&mut f.time_criticality, &self.time_criticality);
        set(&mut f.risk_reduction, &self.risk_reduction);
        set(&mut f.job_size, &self.job_size);
        set(&mut f.value_score, &self.value_score);
        set(&mut f.effort_score, &self.effort_score);
        set(&mut f.estimate_days, &self.estimate_days);
        set(&mut f.visibility, &self.visibility);
        set(&mut f.workshop_id, &self.workshop_id);
    }
}

/// A persona a feature serves.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonaLink {
    /// Persona id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its visibility (clients only see shared links).
    pub visibility: Visibility,
}

/// A hypothesis a feature rests on, with what confidence derivation needs.
#[derive(Debug, Clone, PartialEq)]
pub struct HypothesisLink {
    /// Hypothesis id.
    pub id: i64,
    /// Its statement.
    pub statement: String,
    /// Its evidence.
    pub evidence: Evidence,
    /// Its status.
    pub status: HypothesisStatus,
    /// Its visibility (clients only see shared links).
    pub visibility: Visibility,
}

/// A stored feature with its links and criteria counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Id.
    pub id: i64,
    /// Project.
    pub project_id: i64,
    /// Place in the manual order (smaller first).
    pub rank: i64,
    /// Content.
    pub fields: FeatureFields,
    /// Personas it serves, by name.
    pub personas: Vec<PersonaLink>,
    /// Hypotheses it rests on, by id.
    pub hypotheses: Vec<HypothesisLink>,
    /// Acceptance criteria in total.
    pub criteria_total: u32,
    /// Acceptance criteria checked off.
    pub criteria_met: u32,
    /// Linked work items: how many, how many done, open blocking bugs.
    pub items: ItemCounts,
    /// Creation and version.
    pub provenance: Provenance,
}

impl Feature {
    /// The (evidence, invalidated) pairs `Confidence::from_hypotheses` derives from.
    pub fn hypothesis_evidence(&self) -> Vec<(Evidence, bool)> {
        self.hypotheses
            .iter()
            .map(|h| (h.evidence, h.status == HypothesisStatus::Invalidated))
            .collect()
    }
}

/// Which features to list; every condition set must hold (AND). The roadmap's filters, the
/// MVP and a release's scope are all this one filter, so they cannot drift apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeatureFilter {
    /// Only those shared with the client.
    pub shared_only: bool,
    /// Only those planned into a release, or into none.
    pub release: Option<ReleaseFilter>,
    /// `Some(true)`: only those in the MVP; `Some(false)`: only those outside it.
    pub mvp: Option<bool>,
    /// Only those with this MoSCoW priority.
    pub moscow: Option<Moscow>,
    /// Only those linked to this persona.
    pub persona_id: Option<i64>,
}

impl FeatureFilter {
    /// `$3` of [`FEATURE_FILTER`]: 0 any release, 1 the one in `$4`, 2 none.
    fn release_mode(&self) -> i64 {
        match self.release {
            None => 0,
            Some(ReleaseFilter::Release(_)) => 1,
            Some(ReleaseFilter::NoRelease) => 2,
        }
    }

    /// The one release asked for (`$4` of [`FEATURE_FILTER`]); `None` for any release or
    /// none.
    pub fn release_id(&self) -> Option<i64> {
        match self.release {
            Some(ReleaseFilter::Release(id)) => Some(id),
            _ => None,
        }
    }
}

/// The release condition of a [`FeatureFilter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseFilter {
    /// Planned into this release.
    Release(i64),
    /// Planned into no release. With `shared_only`, a release not shared with the client
    /// counts as none: the client sees such a feature without a release, so it must not be
    /// missing from "no release" either (that would reveal the internal release).
    NoRelease,
}

/// One acceptance criterion of a feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Id.
    pub id: i64,
    /// Feature.
    pub feature_id: i64,
    /// What must hold.
    pub text: String,
    /// Checked off.
    pub met: bool,
    /// Place in the checklist.
    pub position: i64,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// Changes to a criterion.
#[derive(Debug, Clone, Default)]
pub struct CriterionPatch {
    /// New text.
    pub text: Option<String>,
    /// Checked or not.
    pub met: Option<bool>,
}

const FEATURE_COLUMNS: &str = "f.id, f.project_id, f.rank, f.title, f.problem, f.status, \
     f.moscow, f.mvp, f.horizon, f.release_id, f.reach, f.impact, f.confidence, \
     f.effort_months, f.business_value, f.time_criticality, f.risk_reduction, f.job_size, \
     f.value_score, f.effort_score, f.estimate_days, f.visibility, f.workshop_id, \
     f.created_by, f.created_at, f.updated_at, f.version";

/// The condition shared by the backlog queries: `$1` project, `$2` shared only, `$3` release
/// mode (0 any, 1 the release `$4`, 2 none), `$5` MVP in / out (NULL: any), `$6` MoSCoW
/// (NULL: any), `$7` linked persona (NULL: any), `$8` one feature (NULL: all).
const FEATURE_FILTER: &str = "f.project_id = $1 AND (NOT $2 OR f.visibility = 'shared') \
     AND ($3 = 0 OR ($3 = 1 AND f.release_id = $4) \
          OR ($3 = 2 AND (f.release_id IS NULL OR ($2 AND NOT EXISTS ( \
              SELECT 1 FROM releases r WHERE r.id = f.release_id AND r.visibility = 'shared'))))) \
     AND ($5 IS NULL OR f.mvp = $5) AND ($6 IS NULL OR f.moscow = $6) \
     AND ($7 IS NULL OR EXISTS (SELECT 1 FROM feature_personas fp \
          WHERE fp.feature_id = f.id AND fp.persona_id = $7)) \
     AND ($8 IS NULL OR f.id = $8)";

#[derive(sqlx::FromRow)]
struct FeatureRow {
    id: i64,
    project_id: i64,
    rank: i64,
    title: String,
    problem: String,
    status: String,
    moscow: Option<String>,
    mvp: bool,
    horizon: Option<String>,
    release_id: Option<i64>,
    reach: Option<f64>,
    impact: Option<f64>,
    confidence: Option<i64>,
    effort_months: Option<f64>,
    business_value: Option<i64>,
    time_criticality: Option<i64>,
    risk_reduction: Option<i64>,
    job_size: Option<i64>,
    value_score: Option<f64>,
    effort_score: Option<f64>,
    estimate_days: Option<f64>,
    visibility: String,
    workshop_id: Option<i64>,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl TryFrom<FeatureRow> for Feature {
    type Error = StoreError;

    fn try_from(row: FeatureRow) -> Result<Self, StoreError> {
        let confidence = row
            .confidence
            .map(|percent| {
                u32::try_from(percent)
                    .map_err(|_| tandem_core::ValidationError::new("confidence", "negative"))
                    .and_then(Confidence::from_percent)
                    .map_err(|error| crate::error::corrupt("features.confidence", error))
            })
            .transpose()?;
        let impact = row
            .impact
            .map(|factor| {
                Impact::from_factor(factor)
                    .map_err(|error| crate::error::corrupt("features.impact", error))
            })
            .transpose()?;
        Ok(Feature {
            id: row.id,
            project_id: row.project_id,
            rank: row.rank,
            fields: FeatureFields {
                title: row.title,
                problem: row.problem,
                status: parsed("features.status", FeatureStatus::parse, &row.status)?,
                moscow: parsed_opt("features.moscow", Moscow::parse, row.moscow.as_deref())?,
                mvp: row.mvp,
                horizon: parsed_opt("features.horizon", Horizon::parse, row.horizon.as_deref())?,
                release_id: row.release_id,
                reach: row.reach,
                impact,
                confidence,
                effort_months: row.effort_months,
                business_value: row.business_value,
                time_criticality: row.time_criticality,
                risk_reduction: row.risk_reduction,
                job_size: row.job_size,
                value_score: row.value_score,
                effort_score: row.effort_score,
                estimate_days: row.estimate_days,
                visibility: visibility(&row.visibility)?,
                workshop_id: row.workshop_id,
            },
            personas: Vec::new(),
            hypotheses: Vec::new(),
            criteria_total: 0,
            criteria_met: 0,
            items: ItemCounts::default(),
            provenance: Provenance {
                created_by: row.created_by,
                created_at: row.created_at,
                updated_at: row.updated_at,
                version: row.version,
            },
        })
    }
}

/// The percent a confidence is stored as.
fn confidence_percent(confidence: Confidence) -> i64 {
    (confidence.fraction() * 100.0).round() as i64
}

#[derive(sqlx::FromRow)]
struct PersonaLinkRow {
    feature_id: i64,
    id: i64,
    name: String,
    visibility: String,
}

#[derive(sqlx::FromRow)]
struct HypothesisLinkRow {
    feature_id: i64,
    id: i64,
    statement: String,
    evidence: String,
    status: String,
    visibility: String,
}

/// What the five backlog queries return: features, persona links, hypothesis links,
/// criteria counts, linked item counts.
type BacklogRows = (
    Vec<FeatureRow>,
    Vec<PersonaLinkRow>,
    Vec<HypothesisLinkRow>,
    Vec<CriteriaCountRow>,
    Vec<CountRow>,
);

#[derive(sqlx::FromRow)]
struct CriteriaCountRow {
    feature_id: i64,
    total: i64,
    met: i64,
}

#[derive(sqlx::FromRow)]
struct CriterionRow {
    id: i64,
    feature_id: i64,
    text: String,
    met: bool,
    position: i64,
    version: i64,
}

impl From<CriterionRow> for Criterion {
    fn from(row: CriterionRow) -> Self {
        Criterion {
            id: row.id,
            feature_id: row.feature_id,
            text: row.text,
            met: row.met,
            position: row.position,
            version: row.version,
        }
    }
}

/// Binds the eight [`FEATURE_FILTER`] parameters.
macro_rules! bind_filter {
    ($query:expr, $project_id:expr, $filter:expr, $one:expr) => {
        $query
            .bind($project_id)
            .bind($filter.shared_only)
            .bind($filter.release_mode())
            .bind($filter.release_id())
            .bind($filter.mvp)
            .bind($filter.moscow.map(Moscow::as_str))
            .bind($filter.persona_id)
            .bind($one)
    };
}

impl Store {
    /// Creates a feature at the end of the manual order, with its links, in one transaction.
    /// A persona or hypothesis of another project is `Invalid("persona_ids: …")` /
    /// `Invalid("hypothesis_ids: …")`.
    #[tracing::instrument(skip_all)]
    pub async fn create_feature(&self, new: &NewFeature) -> Result<Feature, StoreError> {
        let now = clock::now_ms();
        let f = &new.fields;
        let id: i64 = in_transaction!(self, |tx| {
            let last: Option<i64> =
                sqlx::query_scalar("SELECT MAX(rank) FROM features WHERE project_id = $1")
                    .bind(new.project_id)
                    .fetch_one(&mut *tx)
                    .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO features (project_id, rank, title, problem, status, moscow, mvp, \
                 horizon, release_id, reach, impact, confidence, effort_months, \
                 business_value, time_criticality, risk_reduction, job_size, value_score, \
                 effort_score, estimate_days, visibility, workshop_id, created_by, \
                 created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                 $16, $17, $18, $19, $20, $21, $22, $23, $24, $24) RETURNING id",
            )
            .bind(new.project_id)
            .bind(last.unwrap_or(0) + 1)
            .bind(&f.title)
            .bind(&f.problem)
            .bind(f.status.as_str())
            .bind(f.moscow.map(Moscow::as_str))
            .bind(f.mvp)
            .bind(f.horizon.map(Horizon::as_str))
            .bind(f.release_id)
            .bind(f.reach)
            .bind(f.impact.map(Impact::factor))
            .bind(f.confidence.map(confidence_percent))
            .bind(f.effort_months)
            .bind(f.business_value)
            .bind(f.time_criticality)
            .bind(f.risk_reduction)
            .bind(f.job_size)
            .bind(f.value_score)
            .bind(f.effort_score)
            .bind(f.estimate_days)
            .bind(f.visibility.as_str())
            .bind(f.workshop_id)
            .bind(new.created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(broken_reference("project_id: no such project or creator"))?;
            replace_project_links!(
                tx,
                "feature_personas",
                "feature_id",
                "persona_id",
                "personas",
                id,
                new.project_id,
                new.persona_ids,
                "persona_ids",
                "persona"
            );
            replace_project_links!(
                tx,
                "feature_hypotheses",
                "feature_id",
                "hypothesis_id",
                "hypotheses",
                id,
                new.project_id,
                new.hypothesis_ids,
                "hypothesis_ids",
                "hypothesis"
            );
            id
        });
        self.feature(new.project_id, id).await
    }

    /// One feature of a project, with links and criteria counts.
    #[tracing::instrument(skip_all)]
    pub async fn feature(&self, project_id: i64, id: i64) -> Result<Feature, StoreError> {
        self.load_features(project_id, &FeatureFilter::default(), Some(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// A project's features in manual order (rank, then id), with links, criteria counts and
    /// linked work item counts, in five queries whatever the backlog's size.
    #[tracing::instrument(skip_all)]
    pub async fn list_features(
        &self,
        project_id: i64,
        filter: &FeatureFilter,
    ) -> Result<Vec<Feature>, StoreError> {
        self.load_features(project_id, filter, None).await
    }

    async fn load_features(
        &self,
        project_id: i64,
        filter: &FeatureFilter,
        one: Option<i64>,
    ) -> Result<Vec<Feature>, StoreError> {
        let (rows, personas, hypotheses, counts, items): BacklogRows = with_reader!(self, |db| {
            let rows = bind_filter!(
                sqlx::query_as(&format!(
                    "SELECT {FEATURE_COLUMNS} FROM features f WHERE {FEATURE_FILTER} \
                     ORDER BY f.rank, f.id"
                )),
                project_id,
                filter,
                one
            )
            .fetch_all(db)
            .await?;
            let personas = bind_filter!(
                sqlx::query_as(&format!(
                    "SELECT l.feature_id, p.id, p.name, p.visibility \
                     FROM features f JOIN feature_personas l ON l.feature_id = f.id \
                     JOIN personas p ON p.id = l.persona_id WHERE {FEATURE_FILTER} \
                     ORDER BY p.name, p.id"
                )),
                project_id,
                filter,
                one
            )
            .fetch_all(db)
            .await?;
            let hypotheses = bind_filter!(
                sqlx::query_as(&format!(
                    "SELECT l.feature_id, h.id, h.statement, h.evidence, h.status, \
                     h.visibility \
                     FROM features f JOIN feature_hypotheses l ON l.feature_id = f.id \
                     JOIN hypotheses h ON h.id = l.hypothesis_id WHERE {FEATURE_FILTER} \
                     ORDER BY h.id"
                )),
                project_id,
                filter,
                one
            )
            .fetch_all(db)
            .await?;
            let counts = bind_filter!(
                sqlx::query_as(&format!(
                    "SELECT c.feature_id, COUNT(*) AS total, \
                     SUM(CASE WHEN c.met THEN 1 ELSE 0 END) AS met \
                     FROM features f JOIN feature_criteria c ON c.feature_id = f.id \
                     WHERE {FEATURE_FILTER} GROUP BY c.feature_id"
                )),
                project_id,
                filter,
                one
            )
            .fetch_all(db)
            .await?;
            let items = bind_filter!(
                sqlx::query_as(&counts_sql(FEATURE_FILTER)),
                project_id,
                filter,
                one
            )
            .fetch_all(db)
            .await?;
            Ok::<_, sqlx::Error>((rows, personas, hypotheses, counts, items))
        })?;
        let mut features = rows
            .into_iter()
            .map(Feature::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        let index: HashMap<i64, usize> = features
            .iter()
            .enumerate()
            .map(|(position, feature)| (feature.id, position))
            .collect();
        for link in personas {
            if let Some(&at) = index.get(&link.feature_id) {
                features[at].personas.push(PersonaLink {
                    id: link.id,
                    name: link.name,
                    visibility: visibility(&link.visibility)?,
                });
            }
        }
        for link in hypotheses {
            if let Some(&at) = index.get(&link.feature_id) {
                features[at].hypotheses.push(HypothesisLink {
                    id: link.id,
                    statement: link.statement,
                    evidence: parsed("hypotheses.evidence", Evidence::parse, &link.evidence)?,
                    status: parsed("hypotheses.status", HypothesisStatus::parse, &link.status)?,
                    visibility: visibility(&link.visibility)?,
                });
            }
        }
        for count in counts {
            if let Some(&at) = index.get(&count.feature_id) {
                features[at].criteria_total = u32::try_from(count.total).unwrap_or(u32::MAX);
                features[at].criteria_met = u32::try_from(count.met).unwrap_or(u32::MAX);
            }
        }
        for count in &items {
            if let Some(&at) = index.get(&count.feature_id) {
                features[at].items = count.into();
            }
        }
        Ok(features)
    }

    /// Applies a patch (fields, rank, links) if the feature is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_feature(
        &self,
        project_id: i64,
        id: i64,
        patch: &FeaturePatch,
        expected_version: i64,
    ) -> Result<Feature, StoreError> {
        let current = self.feature(project_id, id).await?;
        let mut f = current.fields.clone();
        patch.apply(&mut f);
        let rank = patch.rank.unwrap_or(current.rank);
        in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE features SET rank = $3, title = $4, problem = $5, status = $6, \
                 moscow = $7, mvp = $8, horizon = $9, release_id = $10, reach = $11, \
                 impact = $12, confidence = $13, effort_months = $14, business_value = $15, \
                 time_criticality = $16, risk_reduction = $17, job_size = $18, \
                 value_score = $19, effort_score = $20, estimate_days = $21, \
                 visibility = $22, workshop_id = $23, updated_at = $24, version = version + 1 \
                 WHERE id = $1 AND version = $2",
            )
            .bind(id)
            .bind(expected_version)
            .bind(rank)
            .bind(&f.title)
            .bind(&f.problem)
            .bind(f.status.as_str())
            .bind(f.moscow.map(Moscow::as_str))
            .bind(f.mvp)
            .bind(f.horizon.map(Horizon::as_str))
            .bind(f.release_id)
            .bind(f.reach)
            .bind(f.impact.map(Impact::factor))
            .bind(f.confidence.map(confidence_percent))
            .bind(f.effort_months)
            .bind(f.business_value)
            .bind(f.time_criticality)
            .bind(f.risk_reduction)
            .bind(f.job_size)
            .bind(f.value_score)
            .bind(f.effort_score)
            .bind(f.estimate_days)
            .bind(f.visibility.as_str())
            .bind(f.workshop_id)
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                // Read before the transaction, so another writer may have won meanwhile.
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM features WHERE project_id = $1 AND id = $2",
                )
                .bind(project_id)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(stale_or_missing(current));
            }
            if let Some(ids) = &patch.persona_ids {
                replace_project_links!(
                    tx,
                    "feature_personas",
                    "feature_id",
                    "persona_id",
                    "personas",
                    id,
                    project_id,
                    ids,
                    "persona_ids",
                    "persona"
                );
            }
            if let Some(ids) = &patch.hypothesis_ids {
                replace_project_links!(
                    tx,
                    "feature_hypotheses",
                    "feature_id",
                    "hypothesis_id",
                    "hypotheses",
                    id,
                    project_id,
                    ids,
                    "hypothesis_ids",
                    "hypothesis"
                );
            }
        });
        self.feature(project_id, id).await
    }

    /// Deletes a feature still at `expected_version`, with its links and criteria.
    #[tracing::instrument(skip_all)]
    pub async fn delete_feature(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let current: Option<i64> = sqlx::query_scalar(
                "SELECT version FROM features WHERE project_id = $1 AND id = $2",
            )
            .bind(project_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            expect_version(current, expected_version)?;
            sqlx::query("DELETE FROM features WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// A feature's acceptance criteria in checklist order (`NotFound` for a feature of
    /// another project).
    #[tracing::instrument(skip_all)]
    pub async fn list_criteria(
        &self,
        project_id: i64,
        feature_id: i64,
    ) -> Result<Vec<Criterion>, StoreError> {
        let rows: Vec<CriterionRow> = with_reader!(self, |db| {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM features WHERE project_id = $1 AND id = $2")
                    .bind(project_id)
                    .bind(feature_id)
                    .fetch_optional(db)
                    .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound);
            }
            sqlx::query_as(
                "SELECT id, feature_id, text, met, position, version FROM feature_criteria \
                 WHERE feature_id = $1 ORDER BY position, id",
            )
            .bind(feature_id)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().map(Criterion::from).collect())
    }

    /// Appends an acceptance criterion to a feature's checklist.
    #[tracing::instrument(skip_all)]
    pub async fn add_criterion(
        &self,
        project_id: i64,
        feature_id: i64,
        text: &str,
    ) -> Result<Criterion, StoreError> {
        let now = clock::now_ms();
        let row: CriterionRow = in_transaction!(self, |tx| {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM features WHERE project_id = $1 AND id = $2")
                    .bind(project_id)
                    .bind(feature_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound);
            }
            let last: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(position) FROM feature_criteria WHERE feature_id = $1",
            )
            .bind(feature_id)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query_as(
                "INSERT INTO feature_criteria (feature_id, text, met, position, created_at, \
                 updated_at) VALUES ($1, $2, FALSE, $3, $4, $4) \
                 RETURNING id, feature_id, text, met, position, version",
            )
            .bind(feature_id)
            .bind(text)
            .bind(last.unwrap_or(0) + 1)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
        });
        Ok(row.into())
    }

    /// Changes a criterion still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_criterion(
        &self,
        project_id: i64,
        feature_id: i64,
        id: i64,
        patch: &CriterionPatch,
        expected_version: i64,
    ) -> Result<Criterion, StoreError> {
        let row: CriterionRow = in_transaction!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE feature_criteria SET text = COALESCE($4, text), \
                 met = COALESCE($5, met), updated_at = $6, version = version + 1 \
                 WHERE id = $1 AND feature_id = $2 AND version = $3 \
                 AND feature_id IN (SELECT id FROM features WHERE project_id = $7)",
            )
            .bind(id)
            .bind(feature_id)
            .bind(expected_version)
            .bind(&patch.text)
            .bind(patch.met)
            .bind(clock::now_ms())
            .bind(project_id)
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT c.version FROM feature_criteria c \
                     JOIN features f ON f.id = c.feature_id \
                     WHERE c.id = $1 AND c.feature_id = $2 AND f.project_id = $3",
                )
                .bind(id)
                .bind(feature_id)
                .bind(project_id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(stale_or_missing(current));
            }
            sqlx::query_as(
                "SELECT id, feature_id, text, met, position, version FROM feature_criteria \
                 WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
        });
        Ok(row.into())
    }

    /// Removes a criterion still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_criterion(
        &self,
        project_id: i64,
        feature_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let current: Option<i64> = sqlx::query_scalar(
                "SELECT c.version FROM feature_criteria c \
                 JOIN features f ON f.id = c.feature_id \
                 WHERE c.id = $1 AND c.feature_id = $2 AND f.project_id = $3",
            )
            .bind(id)
            .bind(feature_id)
            .bind(project_id)
            .fetch_optional(&mut *tx)
            .await?;
            expect_version(current, expected_version)?;
            sqlx::query("DELETE FROM feature_criteria WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }
}
