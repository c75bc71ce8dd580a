//! Releases and their go/no-go records. The go/no-go outcome is one transaction: the decision
//! record, the record's outcome, the release's new date or the descoped features, and the
//! due dates of the release's open items (with their history events) all change together or
//! not at all (ADR 0044).

use super::decisions::{insert_decision, insert_links};
use super::{DecisionInput, DecisionLink, stored, stored_json, to_json};
use crate::error::stale_or_missing;
use crate::work::{Draft, insert_events};
use crate::{Store, StoreError, clock};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::product::direction::{
    CriterionTemplate, LinkKind, Outcome, ReleaseStatus, Visibility,
};

/// A release as entered.
#[derive(Debug, Clone)]
pub struct ReleaseInput {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub target_date: Option<String>,
    pub status: ReleaseStatus,
    pub description: String,
    pub visibility: Visibility,
}

/// A stored release.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub target_date: Option<String>,
    pub status: ReleaseStatus,
    pub description: String,
    pub visibility: Visibility,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// One line of a go/no-go checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// product, quality, operations, customer (or a project's own area).
    pub area: String,
    /// What must hold.
    pub text: String,
    /// Whether it holds.
    #[serde(default)]
    pub met: bool,
    /// A link or note proving it.
    #[serde(default)]
    pub evidence: String,
    /// Who answers for it.
    #[serde(default)]
    pub owner_id: Option<i64>,
}

impl From<CriterionTemplate> for Criterion {
    fn from(template: CriterionTemplate) -> Self {
        Self {
            area: template.area,
            text: template.text,
            met: false,
            evidence: String::new(),
            owner_id: None,
        }
    }
}

/// The go/no-go record of a release.
#[derive(Debug, Clone, Serialize)]
pub struct GoNoGo {
    pub release_id: i64,
    pub criteria: Vec<Criterion>,
    /// Who decides (the product manager by default).
    pub decider_id: Option<i64>,
    pub outcome: Option<Outcome>,
    /// For a delay: the new date.
    pub new_date: Option<String>,
    /// For a descope: the features moved out.
    pub descoped: Vec<i64>,
    pub rationale: String,
    pub decided_at: Option<i64>,
    /// The decision record the outcome wrote.
    pub decision_id: Option<i64>,
    /// 0 while nothing is stored (the checklist comes from the template).
    pub version: i64,
}

/// A project's go/no-go checklist template with its version.
#[derive(Debug, Clone, PartialEq)]
pub struct GoNoGoTemplate {
    pub criteria: Vec<CriterionTemplate>,
    /// 0 while Tandem's default applies.
    pub version: i64,
}

/// The go/no-go outcome to record.
#[derive(Debug, Clone)]
pub struct DecideInput {
    pub outcome: Outcome,
    /// Required for a delay.
    pub new_date: Option<String>,
    /// Required for a descope: features of the release to move out.
    pub descope: Vec<i64>,
    pub rationale: String,
    /// Who decided (also the actor of the items' history events).
    pub decider_id: i64,
    /// The decision record to write; links to the items the outcome moves or takes out of
    /// the release are added to its links.
    pub decision: DecisionInput,
    /// The checklist as it stood when deciding (the template's when none was saved).
    pub criteria: Vec<Criterion>,
}

/// An open item of the release whose due date followed a delay.
#[derive(Debug, Clone, Serialize)]
pub struct DueDateShift {
    pub item_id: i64,
    /// The item's key, e.g. `SHOP-4`.
    pub item_key: String,
    /// Who holds the item, to be told of the move.
    pub assignee_id: Option<i64>,
    /// `None` for a milestone that had no due date (it takes the release's new date).
    pub from: Option<String>,
    pub to: String,
}

/// What a go/no-go outcome changed.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseOutcome {
    pub release: Release,
    pub go_no_go: GoNoGo,
    /// The decision record written.
    pub decision_id: i64,
    /// Features moved out of the release (descope).
    pub descoped: Vec<i64>,
    /// Open items whose due dates moved with the release (delay).
    pub moved: Vec<DueDateShift>,
    /// Open items of the descoped features: they stay on their features, which are no longer
    /// in the release (descope).
    pub left_scope: Vec<i64>,
}

#[derive(sqlx::FromRow)]
struct ReleaseRow {
    id: i64,
    project_id: i64,
    name: String,
    target_date: Option<String>,
    status: String,
    description: String,
    visibility: String,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    version: i64,
}

impl TryFrom<ReleaseRow> for Release {
    type Error = StoreError;

    fn try_from(row: ReleaseRow) -> Result<Self, StoreError> {
        Ok(Release {
            status: stored("releases.status", &row.status, ReleaseStatus::parse)?,
            visibility: stored("releases.visibility", &row.visibility, Visibility::parse)?,
            id: row.id,
            project_id: row.project_id,
            name: row.name,
            target_date: row.target_date,
            description: row.description,
            created_by: row.created_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        })
    }
}

#[derive(sqlx::FromRow)]
struct GoNoGoRow {
    release_id: i64,
    criteria: String,
    decider_id: Option<i64>,
    outcome: Option<String>,
    new_date: Option<String>,
    descoped: String,
    rationale: String,
    decided_at: Option<i64>,
    decision_id: Option<i64>,
    version: i64,
}

impl TryFrom<GoNoGoRow> for GoNoGo {
    type Error = StoreError;

    fn try_from(row: GoNoGoRow) -> Result<Self, StoreError> {
        Ok(GoNoGo {
            criteria: stored_json("go_no_go.criteria", &row.criteria)?,
            outcome: row
                .outcome
                .as_deref()
                .map(|raw| stored("go_no_go.outcome", raw, Outcome::parse))
                .transpose()?,
            descoped: stored_json("go_no_go.descoped", &row.descoped)?,
            release_id: row.release_id,
            decider_id: row.decider_id,
            new_date: row.new_date,
            rationale: row.rationale,
            decided_at: row.decided_at,
            decision_id: row.decision_id,
            version: row.version,
        })
    }
}

/// Features of a deleted release leave it (product features, migration 0003).
macro_rules! detach_features {
    ($tx:ident, $project:expr, $release:expr) => {{
        sqlx::query(
            "UPDATE features SET release_id = NULL, version = version + 1 \
             WHERE project_id = $1 AND release_id = $2",
        )
        .bind($project)
        .bind($release)
        .execute(&mut *$tx)
        .await?;
    }};
}

/// Moves the named features out of the release; one not in it is `Invalid`.
macro_rules! descope_features {
    ($tx:ident, $project:expr, $release:expr, $features:expr, $now:expr) => {{
        for feature_id in $features {
            let moved = sqlx::query(
                "UPDATE features SET release_id = NULL, updated_at = $4, version = version + 1 \
                 WHERE project_id = $1 AND release_id = $2 AND id = $3",
            )
            .bind($project)
            .bind($release)
            .bind(feature_id)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
            if moved.rows_affected() == 0 {
                return Err(StoreError::Invalid(format!(
                    "features: feature {feature_id} is not in this release"
                )));
            }
        }
    }};
}

/// The open items (status not done) of the features in release `$release`, as
/// [`OpenDatedItem`]s: those with a due date, and milestones without one.
macro_rules! open_dated_items {
    ($tx:ident, $project:expr, $release:expr) => {{
        let rows: Vec<OpenDatedItem> = sqlx::query_as(
            "SELECT w.id, p.key || '-' || CAST(w.number AS TEXT), w.assignee_id, w.due_date \
             FROM work_items w JOIN projects p ON p.id = w.project_id \
             JOIN features f ON f.id = w.feature_id AND f.project_id = w.project_id \
             JOIN workflow_statuses s ON s.id = w.status_id \
             WHERE w.project_id = $1 AND f.release_id = $2 AND s.category <> 'done' \
             AND (w.due_date IS NOT NULL OR w.item_type = 'milestone') ORDER BY w.id",
        )
        .bind($project)
        .bind($release)
        .fetch_all(&mut *$tx)
        .await?;
        rows
    }};
}

/// The ids of the open items of the features `$features` that are in release `$release`.
macro_rules! open_items_of {
    ($tx:ident, $project:expr, $release:expr, $features:expr) => {{
        let mut ids = Vec::<i64>::new();
        for feature_id in $features {
            let of_feature: Vec<i64> = sqlx::query_scalar(
                "SELECT w.id FROM work_items w \
                 JOIN features f ON f.id = w.feature_id AND f.project_id = w.project_id \
                 JOIN workflow_statuses s ON s.id = w.status_id \
                 WHERE w.project_id = $1 AND f.release_id = $2 AND f.id = $3 \
                 AND s.category <> 'done' ORDER BY w.id",
            )
            .bind($project)
            .bind($release)
            .bind(feature_id)
            .fetch_all(&mut *$tx)
            .await?;
            ids.extend(of_feature);
        }
        ids
    }};
}

/// Writes the new due dates `$shifts`, each with the `due_date` history event by `$actor`
/// that an edit of the item writes, so reports rebuilt from the history see the move.
macro_rules! apply_shifts {
    ($tx:ident, $project:expr, $shifts:expr, $actor:expr, $now:expr) => {{
        for shift in $shifts {
            sqlx::query(
                "UPDATE work_items SET due_date = $2, updated_at = $3, version = version + 1 \
                 WHERE id = $1",
            )
            .bind(shift.item_id)
            .bind(&shift.to)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
            let change = Draft::change("due_date", json!(shift.from), json!(shift.to));
            insert_events!($tx, $project, shift.item_id, $actor, $now, [change]);
        }
    }};
}

/// An open item of a release with a due date (or a milestone): `(id, key, assignee, due)`.
type OpenDatedItem = (i64, String, Option<i64>, Option<String>);

/// Where the due dates of the release's open items `rows` go when the
/// release moves from `from` to `to`: each by as many calendar days as the release moved (so
/// the plan keeps its shape); a milestone without a due date takes `to`. Without both
/// dates nothing moves.
fn plan_shifts(
    rows: Vec<OpenDatedItem>,
    from: Option<&str>,
    to: Option<&str>,
) -> Vec<DueDateShift> {
    let Some(days) = days_between(from, to) else {
        return Vec::new();
    };
    rows.into_iter()
        .filter_map(|(item_id, item_key, assignee_id, due)| {
            let moved = due
                .as_deref()
                .and_then(|date| shift_date(date, days))
                .or_else(|| to.map(str::to_owned))?;
            Some(DueDateShift {
                item_id,
                item_key,
                assignee_id,
                from: due,
                to: moved,
            })
        })
        .collect()
}

/// Days from `from` to `to` (both `YYYY-MM-DD`), when both are dates.
fn days_between(from: Option<&str>, to: Option<&str>) -> Option<i64> {
    let from: jiff::civil::Date = from?.parse().ok()?;
    let to: jiff::civil::Date = to?.parse().ok()?;
    let span = from.until(to).ok()?;
    Some(i64::from(span.get_days()))
}

/// `date` moved by `days`.
fn shift_date(date: &str, days: i64) -> Option<String> {
    let date: jiff::civil::Date = date.parse().ok()?;
    date.checked_add(jiff::Span::new().days(days))
        .ok()
        .map(|moved| moved.to_string())
}

const SELECT_RELEASES: &str = "SELECT id, project_id, name, target_date, status, description, \
    visibility, created_by, created_at, updated_at, version FROM releases \
    WHERE project_id = $1 AND ($2 IS NULL OR id = $2) \
    ORDER BY target_date IS NULL, target_date, id";

const SELECT_GO_NO_GO: &str = "SELECT release_id, criteria, decider_id, outcome, new_date, \
    descoped, rationale, decided_at, decision_id, version FROM go_no_go WHERE release_id = $1";

/// The current version of release `$id` of project `$project` as a stale-or-missing error.
macro_rules! release_conflict {
    ($tx:ident, $project:expr, $id:expr) => {{
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM releases WHERE project_id = $1 AND id = $2")
                .bind($project)
                .bind($id)
                .fetch_optional(&mut *$tx)
                .await?;
        stale_or_missing(current)
    }};
}

/// Updates a release row still at `$expected` inside `$tx`; returns the conflict from the
/// enclosing function otherwise.
macro_rules! update_release_row {
    ($tx:ident, $project:expr, $id:expr, $input:expr, $expected:expr, $now:expr) => {{
        let input: &ReleaseInput = $input;
        let changed = sqlx::query(
            "UPDATE releases SET name = $4, target_date = $5, status = $6, description = $7, \
             visibility = $8, updated_at = $9, version = version + 1 \
             WHERE project_id = $1 AND id = $2 AND version = $3",
        )
        .bind($project)
        .bind($id)
        .bind($expected)
        .bind(&input.name)
        .bind(&input.target_date)
        .bind(input.status.as_str())
        .bind(&input.description)
        .bind(input.visibility.as_str())
        .bind($now)
        .execute(&mut *$tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(release_conflict!($tx, $project, $id));
        }
    }};
}

/// Writes a release's go/no-go checklist and decider inside `$tx` when the record is still at
/// `$expected` (0: none stored yet) and evaluates to the stored row; returns the conflict from
/// the enclosing function otherwise.
macro_rules! upsert_go_no_go_row {
    ($tx:ident, $release:expr, $criteria:expr, $decider:expr, $expected:expr, $now:expr) => {{
        let criteria: &[Criterion] = $criteria;
        let changed = sqlx::query(
            "INSERT INTO go_no_go (release_id, criteria, decider_id, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (release_id) DO UPDATE SET \
             criteria = $2, decider_id = $3, updated_at = $4, \
             version = go_no_go.version + 1 WHERE go_no_go.version = $5",
        )
        .bind($release)
        .bind(to_json(&criteria))
        .bind($decider)
        .bind($now)
        .bind($expected)
        .execute(&mut *$tx)
        .await
        .map_err(crate::error::broken_reference("decider_id: no such user"))?;
        let row: GoNoGoRow = sqlx::query_as(SELECT_GO_NO_GO)
            .bind($release)
            .fetch_one(&mut *$tx)
            .await?;
        // A fresh insert answers version 1 and must have been expected as 0.
        let inserted_fresh = row.version == 1 && $expected == 0;
        if changed.rows_affected() == 0 || (row.version == 1 && !inserted_fresh) {
            return Err(StoreError::VersionConflict {
                current: row.version,
            });
        }
        row
    }};
}

/// A release's fields as entered, with the version they were read at.
#[derive(Debug, Clone, Copy)]
pub struct ReleaseEdit<'a> {
    pub input: &'a ReleaseInput,
    pub expected_version: i64,
}

/// A go/no-go checklist and decider as entered, with the record's version they were read at
/// (0: none stored yet).
#[derive(Debug, Clone, Copy)]
pub struct ChecklistEdit<'a> {
    pub criteria: &'a [Criterion],
    pub decider_id: Option<i64>,
    pub expected_version: i64,
}

impl Store {
    /// Creates a release.
    #[tracing::instrument(skip_all)]
    pub async fn create_release(
        &self,
        project_id: i64,
        input: &ReleaseInput,
        created_by: i64,
    ) -> Result<Release, StoreError> {
        let now = clock::now_ms();
        let id: i64 = in_transaction!(self, |tx| {
            sqlx::query_scalar(
                "INSERT INTO releases (project_id, name, target_date, status, description, \
                 visibility, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(project_id)
            .bind(&input.name)
            .bind(&input.target_date)
            .bind(input.status.as_str())
            .bind(&input.description)
            .bind(input.visibility.as_str())
            .bind(created_by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
        });
        self.release(project_id, id).await
    }

    /// Replaces a release's fields if it is still at `expected_version`.
    #[tracing::instrument(skip_all)]
    pub async fn update_release(
        &self,
        project_id: i64,
        id: i64,
        input: &ReleaseInput,
        expected_version: i64,
    ) -> Result<Release, StoreError> {
        let now = clock::now_ms();
        in_transaction!(self, |tx| {
            update_release_row!(tx, project_id, id, input, expected_version, now);
        });
        self.release(project_id, id).await
    }

    /// Saves a release's fields and its go/no-go checklist and decider in one transaction,
    /// each at the version it was read: what one form editing both saves. Either stale
    /// version (or the release gone) changes nothing. Returns the checklist record as saved,
    /// when one was.
    #[tracing::instrument(skip_all)]
    pub async fn save_release_edit(
        &self,
        project_id: i64,
        id: i64,
        release: Option<ReleaseEdit<'_>>,
        checklist: Option<ChecklistEdit<'_>>,
    ) -> Result<Option<GoNoGo>, StoreError> {
        let now = clock::now_ms();
        let saved: Option<GoNoGoRow> = in_transaction!(self, |tx| {
            if let Some(edit) = &release {
                update_release_row!(tx, project_id, id, edit.input, edit.expected_version, now);
            }
            match &checklist {
                Some(edit) => Some(upsert_go_no_go_row!(
                    tx,
                    id,
                    edit.criteria,
                    edit.decider_id,
                    edit.expected_version,
                    now
                )),
                None => None,
            }
        });
        saved.map(GoNoGo::try_from).transpose()
    }

    /// Deletes a release if it is still at `expected_version`; its features leave it.
    #[tracing::instrument(skip_all)]
    pub async fn delete_release(
        &self,
        project_id: i64,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        in_transaction!(self, |tx| {
            let gone = sqlx::query(
                "DELETE FROM releases WHERE project_id = $1 AND id = $2 AND version = $3",
            )
            .bind(project_id)
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            if gone.rows_affected() == 0 {
                return Err(release_conflict!(tx, project_id, id));
            }
            detach_features!(tx, project_id, id);
        });
        Ok(())
    }

    /// One release of the project.
    #[tracing::instrument(skip_all)]
    pub async fn release(&self, project_id: i64, id: i64) -> Result<Release, StoreError> {
        self.load_releases(project_id, Some(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// The project's releases by target date (undated last).
    #[tracing::instrument(skip_all)]
    pub async fn list_releases(&self, project_id: i64) -> Result<Vec<Release>, StoreError> {
        self.load_releases(project_id, None).await
    }

    async fn load_releases(
        &self,
        project_id: i64,
        only: Option<i64>,
    ) -> Result<Vec<Release>, StoreError> {
        let rows: Vec<ReleaseRow> = with_reader!(self, |db| {
            sqlx::query_as(SELECT_RELEASES)
                .bind(project_id)
                .bind(only)
                .fetch_all(db)
                .await
        })?;
        rows.into_iter().map(Release::try_from).collect()
    }

    /// The project's go/no-go checklist template and its version (Tandem's default at
    /// version 0 until the project saves its own).
    #[tracing::instrument(skip_all)]
    pub async fn go_no_go_template(&self, project_id: i64) -> Result<GoNoGoTemplate, StoreError> {
        let row: Option<(String, i64)> = with_reader!(self, |db| {
            sqlx::query_as("SELECT criteria, version FROM go_no_go_templates WHERE project_id = $1")
                .bind(project_id)
                .fetch_optional(db)
                .await
        })?;
        match row {
            Some((raw, version)) => Ok(GoNoGoTemplate {
                criteria: stored_json("go_no_go_templates.criteria", &raw)?,
                version,
            }),
            None => Ok(GoNoGoTemplate {
                criteria: tandem_core::product::direction::default_criteria(),
                version: 0,
            }),
        }
    }

    /// Replaces the project's go/no-go checklist template (used by records created later) if
    /// it is still at `expected_version` (0: the default, never saved).
    #[tracing::instrument(skip_all)]
    pub async fn set_go_no_go_template(
        &self,
        project_id: i64,
        criteria: &[CriterionTemplate],
        expected_version: i64,
    ) -> Result<GoNoGoTemplate, StoreError> {
        let now = clock::now_ms();
        let json = to_json(&criteria);
        in_transaction!(self, |tx| {
            let changed = if expected_version == 0 {
                sqlx::query(
                    "INSERT INTO go_no_go_templates (project_id, criteria, updated_at, version) \
                     VALUES ($1, $2, $3, 1) ON CONFLICT (project_id) DO NOTHING",
                )
                .bind(project_id)
                .bind(&json)
                .bind(now)
                .execute(&mut *tx)
                .await?
            } else {
                sqlx::query(
                    "UPDATE go_no_go_templates SET criteria = $2, updated_at = $3, \
                     version = version + 1 WHERE project_id = $1 AND version = $4",
                )
                .bind(project_id)
                .bind(&json)
                .bind(now)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?
            };
            if changed.rows_affected() == 0 {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM go_no_go_templates WHERE project_id = $1",
                )
                .bind(project_id)
                .fetch_optional(&mut *tx)
                .await?;
                return Err(StoreError::VersionConflict {
                    current: current.unwrap_or(0),
                });
            }
        });
        Ok(GoNoGoTemplate {
            criteria: criteria.to_vec(),
            version: expected_version + 1,
        })
    }

    /// The stored go/no-go record of a release, if any.
    #[tracing::instrument(skip_all)]
    pub async fn go_no_go(&self, release_id: i64) -> Result<Option<GoNoGo>, StoreError> {
        let row: Option<GoNoGoRow> = with_reader!(self, |db| {
            sqlx::query_as(SELECT_GO_NO_GO)
                .bind(release_id)
                .fetch_optional(db)
                .await
        })?;
        row.map(GoNoGo::try_from).transpose()
    }

    /// Saves the checklist and decider of a release's go/no-go record if the record is still
    /// at `expected_version` (0 when none is stored yet).
    #[tracing::instrument(skip_all)]
    pub async fn save_go_no_go(
        &self,
        release_id: i64,
        criteria: &[Criterion],
        decider_id: Option<i64>,
        expected_version: i64,
    ) -> Result<GoNoGo, StoreError> {
        let now = clock::now_ms();
        let row: GoNoGoRow = in_transaction!(self, |tx| {
            upsert_go_no_go_row!(tx, release_id, criteria, decider_id, expected_version, now)
        });
        row.try_into()
    }

    /// Records the go/no-go outcome of a release that is still at `expected_version`, in one
    /// transaction: the decision record (linked to the release, any descoped features and the
    /// items the outcome touches), the record's outcome, and the consequence — `go` approves
    /// the release, `delay` moves its date and the due dates of its open items by the same
    /// number of days (each with a history event by the decider), `descope` moves the named
    /// features out of it (their open items stay on them and so leave the release too).
    #[tracing::instrument(skip_all)]
    pub async fn decide_release(
        &self,
        project_id: i64,
        release_id: i64,
        input: &DecideInput,
        expected_version: i64,
    ) -> Result<ReleaseOutcome, StoreError> {
        let now = clock::now_ms();
        let (decision_id, moved, left_scope) = in_transaction!(self, |tx| {
            let before: Option<ReleaseRow> = sqlx::query_as(SELECT_RELEASES)
                .bind(project_id)
                .bind(Some(release_id))
                .fetch_optional(&mut *tx)
                .await?;
            let Some(before) = before else {
                return Err(StoreError::NotFound);
            };
            if before.version != expected_version {
                return Err(StoreError::VersionConflict {
                    current: before.version,
                });
            }
            let (new_date, new_status) = match input.outcome {
                Outcome::Go => (before.target_date.clone(), ReleaseStatus::Approved.as_str()),
                Outcome::Delay => (input.new_date.clone(), before.status.as_str()),
                Outcome::Descope => (before.target_date.clone(), before.status.as_str()),
            };
            let new_status = new_status.to_owned();
            let moved = match input.outcome {
                Outcome::Delay => plan_shifts(
                    open_dated_items!(tx, project_id, release_id),
                    before.target_date.as_deref(),
                    new_date.as_deref(),
                ),
                _ => Vec::new(),
            };
            let left_scope = match input.outcome {
                Outcome::Descope => open_items_of!(tx, project_id, release_id, &input.descope),
                _ => Vec::new(),
            };
            let mut decision = input.decision.clone();
            let touched = moved.iter().map(|shift| shift.item_id);
            let items = touched.chain(left_scope.iter().copied());
            let kind = LinkKind::Item;
            decision
                .links
                .extend(items.map(|id| DecisionLink { kind, id }));
            let decision_id = insert_decision!(tx, project_id, &decision, input.decider_id, now);
            sqlx::query(
                "UPDATE releases SET target_date = $3, status = $4, updated_at = $5, \
                 version = version + 1 WHERE project_id = $1 AND id = $2",
            )
            .bind(project_id)
            .bind(release_id)
            .bind(&new_date)
            .bind(&new_status)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO go_no_go (release_id, criteria, decider_id, outcome, new_date, \
                 descoped, rationale, decided_at, decision_id, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) \
                 ON CONFLICT (release_id) DO UPDATE SET criteria = $2, decider_id = $3, \
                 outcome = $4, new_date = $5, descoped = $6, rationale = $7, decided_at = $8, \
                 decision_id = $9, updated_at = $8, version = go_no_go.version + 1",
            )
            .bind(release_id)
            .bind(to_json(&input.criteria))
            .bind(input.decider_id)
            .bind(input.outcome.as_str())
            .bind(&input.new_date)
            .bind(to_json(&input.descope))
            .bind(&input.rationale)
            .bind(now)
            .bind(decision_id)
            .execute(&mut *tx)
            .await?;
            if input.outcome == Outcome::Descope {
                descope_features!(tx, project_id, release_id, &input.descope, now);
            }
            apply_shifts!(tx, project_id, &moved, input.decider_id, now);
            (decision_id, moved, left_scope)
        });
        let release = self.release(project_id, release_id).await?;
        let go_no_go = self
            .go_no_go(release_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(ReleaseOutcome {
            release,
            go_no_go,
            decision_id,
            descoped: input.descope.clone(),
            moved,
            left_scope,
        })
    }
}
