//! The two roles side by side: what the product manager and the project manager each own (from
//! the responsibility matrix), what each decided lately (the decision log, go/no-go outcomes
//! included), what each changed lately, and what waits for each (decisions they are to take,
//! go/no-go records awaiting them, activities of their side nobody is accountable for).
//!
//! One computation for the roles page, `GET /api/v1/projects/{key}/roles` and `tandem roles`,
//! so the three never disagree. Who sees what mirrors the page: anyone who may see the project
//! gets the owners and the matrix-derived lists; the decision log, go/no-go records and the
//! audit trail are internal, so client contacts get no `decided` or `recent` and only the
//! matrix gaps under `pending`.

use crate::api::views::{PersonRef, ProjectView, timestamp};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard;
use crate::raci;
use crate::state::AppState;
use serde::{Serialize, Serializer};
use tandem_core::access::ProjectAction;
use tandem_core::health::Side;
use tandem_core::product::direction::{DecisionStatus, decision_overdue};
use tandem_core::raci::Letter;
use tandem_core::roles::ProjectRole;
use tandem_store::direction::{Decision, DecisionFilter};
use tandem_store::{AuditEntry, RaciAssignee, RaciMatrix};
use utoipa::ToSchema;

/// How far back "decided lately" and "changed lately" look.
pub const RECENT_DAYS: i64 = 30;
/// How many recent writes each manager's panel lists.
const RECENT_LIMIT: i64 = 8;

/// The two manager roles of a project side by side.
#[derive(Debug, Serialize, ToSchema)]
pub struct RolesView {
    pub project_key: String,
    /// `missing_product_manager`, `missing_project_manager`: a project needs both.
    pub role_gaps: Vec<String>,
    /// One person holds both roles: allowed, but scope and schedule then have nobody to
    /// challenge each other.
    pub one_person_both_roles: bool,
    /// How many days "decided lately" and "changed lately" look back.
    pub recent_days: i64,
    /// Owns why and what.
    pub product_manager: RolePanel,
    /// Owns when, who and how much.
    pub project_manager: RolePanel,
}

impl RolesView {
    /// Both panels, product manager first (the order the page and the CLI show them in).
    pub fn panels(&self) -> [&RolePanel; 2] {
        [&self.product_manager, &self.project_manager]
    }
}

/// One manager role: who holds it, what it owns, what it decided, what waits for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RolePanel {
    /// `product_manager` or `project_manager`.
    #[schema(value_type = String, example = "product_manager")]
    pub role: ProjectRole,
    /// The side of the project the role owns.
    pub side: Side,
    /// "Product manager" or "Project manager".
    pub title: &'static str,
    /// What the role owns, in words ("Owns why & what").
    pub owns: &'static str,
    /// Who holds the role; null when nobody does (a gap, see `role_gaps`).
    pub person: Option<PersonRef>,
    /// Activities of the responsibility matrix the role (or its holder) is accountable for.
    pub accountable: Vec<String>,
    /// Activities the role (or its holder) is responsible for.
    pub responsible: Vec<String>,
    /// Decisions the holder took in the last `recent_days`, newest first (go/no-go outcomes
    /// included). Internal: absent for client contacts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided: Option<Vec<LinkedRow>>,
    /// The holder's recent audited writes on the project, newest first. Internal: absent for
    /// client contacts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent: Option<Vec<RecentRow>>,
    /// What waits for the role: decisions its holder is to take (soonest due first), go/no-go
    /// records awaiting them (internal), then activities of its side nobody is accountable
    /// for.
    pub pending: Vec<LinkedRow>,
}

/// What a linked row points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A decision of the decision log (`id` is the decision's).
    Decision,
    /// A release's go/no-go record (`id` is the release's).
    GoNoGo,
    /// An activity of the responsibility matrix (`id` is the activity's).
    Activity,
}

/// One decision a manager took, or one thing waiting for them, with where to see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkedRow {
    pub kind: RecordKind,
    pub id: i64,
    /// What it is, in words ("Decide “Pricing model”").
    pub text: String,
    /// The web page of the record.
    pub href: Option<String>,
    /// `YYYY-MM-DD`: when it was decided, or when it is due.
    pub on: Option<String>,
    /// Past its due date.
    pub overdue: bool,
}

/// One recent audited write of a manager.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecentRow {
    /// What they did ("Changed responsibilities").
    pub what: String,
    /// When, RFC 3339 (held as unix milliseconds, so the page can show it on the reader's
    /// clock).
    #[serde(serialize_with = "rfc3339")]
    #[schema(value_type = String)]
    pub at: i64,
}

fn rfc3339<S: Serializer>(ms: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&timestamp(*ms))
}

/// The roles of project `key` as `user` may see them: what the API answers and `tandem roles`
/// prints (404 for a project they may not see, like the page).
pub async fn for_user(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<RolesView, ApiError> {
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    let internal = user
        .actor()
        .may_on(&visible.access, ProjectAction::ViewInternal);
    let matrix = raci::matrix(&state.store, &visible.project).await?;
    let project = ProjectView::new(visible.project, visible.my_roles, internal);
    side_by_side(state, &project, &matrix, internal).await
}

/// The two panels of `project` from its `matrix` (which names the project's id); with `internal`, also what the decision
/// log, the go/no-go records and the audit trail say about the managers.
pub async fn side_by_side(
    state: &AppState,
    project: &ProjectView,
    matrix: &RaciMatrix,
    internal: bool,
) -> Result<RolesView, ApiError> {
    let records = if internal {
        Some(direction_records(state, matrix.project_id).await?)
    } else {
        None
    };
    let product_manager = panel(state, project, matrix, Side::Product, records.as_ref()).await?;
    let project_manager = panel(state, project, matrix, Side::Delivery, records.as_ref()).await?;
    Ok(RolesView {
        project_key: project.key.clone(),
        role_gaps: project.role_gaps.clone(),
        one_person_both_roles: project
            .role_warnings
            .iter()
            .any(|warning| warning == "same_person_holds_both_manager_roles"),
        recent_days: RECENT_DAYS,
        product_manager,
        project_manager,
    })
}

/// What the decision log and the go/no-go records say about the managers: loaded once for
/// both panels.
struct DirectionRecords {
    decisions: Vec<Decision>,
    awaiting: Vec<AwaitingGoNoGo>,
    today: String,
    /// The first day "decided lately" counts (`today` − [`RECENT_DAYS`]).
    since: String,
}

/// A release whose go/no-go has a decider but no outcome yet.
struct AwaitingGoNoGo {
    release_id: i64,
    release: String,
    target_date: Option<String>,
    decider_id: i64,
    met: usize,
    total: usize,
}

async fn direction_records(
    state: &AppState,
    project_id: i64,
) -> Result<DirectionRecords, ApiError> {
    let today = crate::clock::today(&state.store).await?;
    let since = today
        .checked_sub(jiff::Span::new().days(RECENT_DAYS))
        .unwrap_or(today);
    let decisions = state
        .store
        .list_decisions(project_id, &DecisionFilter::default())
        .await?;
    let mut awaiting = Vec::new();
    for release in state.store.list_releases(project_id).await? {
        let Some(record) = state.store.go_no_go(release.id).await? else {
            continue;
        };
        if let (None, Some(decider_id)) = (record.outcome, record.decider_id) {
            awaiting.push(AwaitingGoNoGo {
                release_id: release.id,
                release: release.name,
                target_date: release.target_date,
                decider_id,
                met: record.criteria.iter().filter(|c| c.met).count(),
                total: record.criteria.len(),
            });
        }
    }
    Ok(DirectionRecords {
        decisions,
        awaiting,
        today: today.to_string(),
        since: since.to_string(),
    })
}

/// True when a matrix cell is held by `role` or by `person`.
fn held_by(assignee: &RaciAssignee, role: ProjectRole, person: Option<&PersonRef>) -> bool {
    match assignee {
        RaciAssignee::Role(held) => *held == role,
        RaciAssignee::User(user) => person.is_some_and(|p| p.id == user.id),
    }
}

fn decision_href(key: &str, id: i64) -> String {
    format!("/projects/{key}/decisions#decision-{id}")
}

/// The decisions `person` took since `records.since`, newest first.
fn decided_by(records: &DirectionRecords, key: &str, person: i64) -> Vec<LinkedRow> {
    let mut decided: Vec<LinkedRow> = records
        .decisions
        .iter()
        .filter(|d| d.decider_id == Some(person) && d.status != DecisionStatus::Proposed)
        .filter(|d| {
            d.decided_on
                .as_deref()
                .is_some_and(|on| on >= records.since.as_str())
        })
        .map(|d| LinkedRow {
            kind: RecordKind::Decision,
            id: d.id,
            text: format!("{} — {}", d.title, d.status.as_str()),
            href: Some(decision_href(key, d.id)),
            on: d.decided_on.clone(),
            overdue: false,
        })
        .collect();
    decided.sort_by(|a, b| b.on.cmp(&a.on));
    decided
}

/// What waits for `person`: the decisions they are to take (soonest due first) and the
/// go/no-go records awaiting them (by release date).
fn waiting_for(records: &DirectionRecords, key: &str, person: i64) -> Vec<LinkedRow> {
    let mut open: Vec<&Decision> = records
        .decisions
        .iter()
        .filter(|d| d.decider_id == Some(person) && d.status == DecisionStatus::Proposed)
        .collect();
    open.sort_by(|a, b| (a.due_on.is_none(), &a.due_on).cmp(&(b.due_on.is_none(), &b.due_on)));
    let decisions = open.into_iter().map(|d| LinkedRow {
        kind: RecordKind::Decision,
        id: d.id,
        text: format!("Decide “{}”", d.title),
        href: Some(decision_href(key, d.id)),
        on: d.due_on.clone(),
        overdue: decision_overdue(d.status, d.due_on.as_deref(), &records.today),
    });
    let go_no_go = records
        .awaiting
        .iter()
        .filter(|record| record.decider_id == person)
        .map(|record| LinkedRow {
            kind: RecordKind::GoNoGo,
            id: record.release_id,
            text: format!(
                "Go/no-go of {} ({} of {} criteria met)",
                record.release, record.met, record.total
            ),
            href: Some(format!("/projects/{key}/releases/{}", record.release_id)),
            on: record.target_date.clone(),
            overdue: record
                .target_date
                .as_deref()
                .is_some_and(|target| target < records.today.as_str()),
        });
    decisions.chain(go_no_go).collect()
}

async fn panel(
    state: &AppState,
    project: &ProjectView,
    matrix: &RaciMatrix,
    side: Side,
    records: Option<&DirectionRecords>,
) -> Result<RolePanel, ApiError> {
    let role = side.owner();
    let person = match side {
        Side::Product => project.product_manager.as_ref(),
        Side::Delivery => project.project_manager.as_ref(),
    }
    .map(|p| PersonRef {
        id: p.id,
        name: p.name.clone(),
        email: p.email.clone(),
    });
    let with_letter = |letter: Letter| -> Vec<String> {
        matrix
            .activities
            .iter()
            .filter(|activity| {
                activity.assignments.iter().any(|cell| {
                    cell.letter == letter && held_by(&cell.assignee, role, person.as_ref())
                })
            })
            .map(|activity| activity.name.clone())
            .collect()
    };
    let unowned = matrix
        .activities
        .iter()
        .filter(|activity| activity.side == side && raci::current_accountable(activity).is_none())
        .map(|activity| LinkedRow {
            kind: RecordKind::Activity,
            id: activity.id,
            text: format!("Name who is accountable for “{}”", activity.name),
            href: Some(format!(
                "/projects/{}/roles#activity-{}",
                project.key, activity.id
            )),
            on: None,
            overdue: false,
        });
    let (decided, recent, waiting) = match (records, &person) {
        (Some(records), Some(person)) => (
            Some(decided_by(records, &project.key, person.id)),
            Some(recent_writes(state, &project.key, person.id).await?),
            waiting_for(records, &project.key, person.id),
        ),
        (Some(_), None) => (Some(Vec::new()), Some(Vec::new()), Vec::new()),
        (None, _) => (None, None, Vec::new()),
    };
    let (title, owns) = match side {
        Side::Product => ("Product manager", "Owns why & what"),
        Side::Delivery => ("Project manager", "Owns when, who & how much"),
    };
    Ok(RolePanel {
        role,
        side,
        title,
        owns,
        accountable: with_letter(Letter::A),
        responsible: with_letter(Letter::R),
        person,
        decided,
        recent,
        pending: waiting.into_iter().chain(unowned).collect(),
    })
}

/// "Changed lately": the person's recent audited writes on the project.
async fn recent_writes(
    state: &AppState,
    key: &str,
    user_id: i64,
) -> Result<Vec<RecentRow>, ApiError> {
    let since = crate::clock::now_ms() - RECENT_DAYS * 24 * 60 * 60 * 1000;
    let entries = state
        .store
        .recent_project_audit_by(key, user_id, since, RECENT_LIMIT)
        .await?;
    Ok(entries.iter().map(recent_row).collect())
}

fn recent_row(entry: &AuditEntry) -> RecentRow {
    let what = match entry.action.as_str() {
        "project.create" => "Created the project".to_owned(),
        "project.update" => "Changed the project".to_owned(),
        "project.archive" => "Archived the project".to_owned(),
        "project.unarchive" => "Restored the project".to_owned(),
        "project.member.add" => "Added a member".to_owned(),
        "project.member.remove" => "Removed a member".to_owned(),
        "raci.assignments.set" | "raci.replace" => "Changed responsibilities".to_owned(),
        "raci.activity.add" => "Added a responsibility".to_owned(),
        "raci.activity.update" => "Changed a responsibility".to_owned(),
        "raci.activity.delete" => "Removed a responsibility".to_owned(),
        other => format!("{} {}", other.replace(['.', '_'], " "), entry.object_id),
    };
    RecentRow { what, at: entry.at }
}
