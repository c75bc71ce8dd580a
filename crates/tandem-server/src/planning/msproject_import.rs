//! An MS Project XML (MSPDI) file as a plan for an existing project (see ADR 0014): tasks in
//! outline order become items (summaries → parents, epics at the top; milestones →
//! milestones), durations → estimates, predecessor links → dependencies with lags in working
//! days, start-no-earlier-than → the item's start date, a milestone's finish-no-later-than
//! (or a deadline) → its due date, resources → assignees when a project member has the
//! resource's name or e-mail. Whatever Tandem cannot hold is named in the warnings.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::json;
use tandem_core::roles::UserRole;
use tandem_core::work::{DependencyKind, ItemType, MAX_TITLE_CHARS};
use tandem_interop::mspdi::{
    self, ConstraintKind, DurationUnit, LinkKind, PredecessorLink, ReadError, Task,
};
use tandem_store::{ImportDependency, ImportItem, Member, NewItem, PlanImport};
use utoipa::ToSchema;

use super::network::MINUTES_PER_DAY;
use crate::error::ApiError;
use crate::items::service::MAX_LAG_DAYS;

/// What an import did, for the person who ran it.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportSummary {
    /// Items created (summaries, tasks and milestones).
    pub items_created: usize,
    /// Of those, parents made from summary tasks.
    pub summaries: usize,
    /// Of those, milestones.
    pub milestones: usize,
    /// Dependencies created from predecessor links.
    pub dependencies_created: usize,
    /// Items given an assignee from the file's resource assignments.
    pub assigned: usize,
    /// Key of the first created item.
    pub first_key: Option<String>,
    /// Key of the last created item.
    pub last_key: Option<String>,
    /// Whether the file's project calendar became the project's (only when the project had
    /// never saved one).
    pub calendar_imported: bool,
    /// The project start date set from the file (only when the project had none).
    pub start_date_set: Option<String>,
    /// What was not imported, or imported approximately, one sentence each.
    pub warnings: Vec<String>,
}

/// Why a file cannot be imported; nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The body is not UTF-8 text.
    #[error("malformed XML at line {line}, column {column}: the file is not UTF-8 text")]
    NotText {
        /// Line of the first bad byte.
        line: usize,
        /// Column of the first bad byte.
        column: usize,
    },
    /// The reader refused the document.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// No task below the project summary.
    #[error("the file has no tasks to import")]
    NoTasks,
    /// The predecessor links loop.
    #[error("the predecessor links form a cycle: {}", .0.join(" → "))]
    Cycle(Vec<String>),
    /// A lag longer than an item dependency can hold.
    #[error(
        "{successor} waits {days} working days on {predecessor}; lags are limited to {max} \
         working days either way",
        max = MAX_LAG_DAYS
    )]
    LagTooLong {
        /// The predecessor task.
        predecessor: String,
        /// The successor task.
        successor: String,
        /// The lag, in working days.
        days: i64,
    },
    /// The file's project calendar is not one Tandem can keep.
    #[error("the file's project calendar cannot be used: {0}")]
    Calendar(tandem_core::ValidationError),
}

impl From<ImportError> for ApiError {
    fn from(error: ImportError) -> Self {
        let status = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        let message = error.to_string();
        match &error {
            ImportError::NotText { line, column }
            | ImportError::Read(ReadError::Malformed {
                location: mspdi::Location { line, column },
                ..
            }) => ApiError::new(status, "malformed_xml", message)
                .with_details(json!({ "line": line, "column": column })),
            ImportError::Read(ReadError::InvalidValue { location, .. })
            | ImportError::Read(ReadError::MissingElement { location, .. }) => {
                ApiError::new(status, "invalid_msproject", message)
                    .with_details(json!({ "line": location.line, "column": location.column }))
            }
            ImportError::Cycle(tasks) => ApiError::new(status, "dependency_cycle", message)
                .with_details(json!({ "tasks": tasks })),
            ImportError::NoTasks => ApiError::new(status, "nothing_to_import", message),
            _ => ApiError::new(status, "invalid_msproject", message),
        }
    }
}

/// Reads an uploaded file: UTF-8 (a byte-order mark is skipped), then MSPDI.
pub fn read(bytes: &[u8]) -> Result<mspdi::Project, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let good = &bytes[..error.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        ImportError::NotText { line, column }
    })?;
    Ok(mspdi::read(text)?)
}

/// A plan mapped from a file, with the warnings of the mapping.
#[derive(Debug)]
pub struct Mapped {
    /// What to store.
    pub plan: PlanImport,
    /// The summary so far (counts and warnings; keys and flags come from the store).
    pub summary: ImportSummary,
}

/// Maps `document` onto project `project_id` whose members are `members`.
pub fn map(
    document: &mspdi::Project,
    project_id: i64,
    project_start: Option<&str>,
    members: &[Member],
    actor_id: i64,
) -> Result<Mapped, ImportError> {
    let tasks: Vec<&Task> = document
        .tasks
        .iter()
        .filter(|task| task.outline_level > 0)
        .collect();
    if tasks.is_empty() {
        return Err(ImportError::NoTasks);
    }
    let mut summary = ImportSummary::default();
    let warnings = &mut summary.warnings;
    let parents = parents(&tasks);
    let has_children: HashSet<usize> = parents.iter().flatten().copied().collect();
    let index: HashMap<i32, usize> = tasks
        .iter()
        .enumerate()
        .map(|(position, task)| (task.uid, position))
        .collect();
    let assignees = assignees(document, members, warnings);
    let project_calendar = document.properties.calendar_uid;
    let mut items = Vec::with_capacity(tasks.len());
    let mut progress = 0;
    for (position, task) in tasks.iter().enumerate() {
        let summary_task = has_children.contains(&position);
        let item_type = match (summary_task, parents[position], task.milestone) {
            (true, None, _) => ItemType::Epic,
            (true, Some(_), _) => ItemType::Story,
            (false, _, true) => ItemType::Milestone,
            (false, _, false) => ItemType::Task,
        };
        let mut new = NewItem::new(project_id, item_type, title(task, warnings));
        new.created_by = Some(actor_id);
        new.assignee_id = assignees.get(&task.uid).copied();
        if !summary_task {
            leaf_fields(task, &mut new, warnings);
        } else if task.constraint.kind != ConstraintKind::AsSoonAsPossible {
            warnings.push(format!(
                "{}: the {:?} constraint of a summary task is not imported",
                describe(task),
                task.constraint.kind
            ));
        }
        if task
            .calendar_uid
            .is_some_and(|uid| Some(uid) != project_calendar)
        {
            warnings.push(format!(
                "{}: its own calendar is not imported; it follows the project calendar",
                describe(task)
            ));
        }
        if task.percent_complete > 0 {
            progress += 1;
        }
        summary.summaries += usize::from(summary_task);
        summary.milestones += usize::from(item_type == ItemType::Milestone);
        summary.assigned += usize::from(new.assignee_id.is_some());
        items.push(ImportItem {
            item: new,
            parent: parents[position],
        });
    }
    if progress > 0 {
        warnings.push(format!(
            "{progress} task(s) had progress recorded; progress is not imported (every item \
             starts in the workflow's first status)"
        ));
    }
    let dependencies = dependencies(&tasks, &index, warnings)?;
    let calendar = calendar(document)?;
    if !document.properties.schedule_from_start {
        warnings.push(
            "the file is scheduled back from its finish date; Tandem schedules forward from \
             the project start"
                .to_owned(),
        );
    }
    let start_date = document
        .properties
        .start_date
        .map(|start| start.date().to_string());
    if let (Some(ours), Some(theirs)) = (project_start, &start_date)
        && ours != theirs
    {
        warnings.push(format!(
            "the project keeps its start date {ours} (the file starts on {theirs})"
        ));
    }
    summary.items_created = items.len();
    summary.dependencies_created = dependencies.len();
    Ok(Mapped {
        plan: PlanImport {
            project_id,
            items,
            dependencies,
            calendar,
            start_date,
            actor_id: Some(actor_id),
        },
        summary,
    })
}

/// Each task's parent (index of the nearest earlier task one outline level up).
fn parents(tasks: &[&Task]) -> Vec<Option<usize>> {
    let mut open: Vec<(u32, usize)> = Vec::new();
    tasks
        .iter()
        .enumerate()
        .map(|(position, task)| {
            while open
                .last()
                .is_some_and(|&(level, _)| level >= task.outline_level)
            {
                open.pop();
            }
            let parent = open.last().map(|&(_, parent)| parent);
            open.push((task.outline_level, position));
            parent
        })
        .collect()
}

/// `task 4 "Build"`, as warnings and errors name tasks.
fn describe(task: &Task) -> String {
    match &task.name {
        Some(name) => format!("task {} \"{name}\"", task.uid),
        None => format!("task {}", task.uid),
    }
}

/// A valid item title from the task's name: control characters become spaces, a long name is
/// cut (and said so), a nameless task is called by its UID.
fn title(task: &Task, warnings: &mut Vec<String>) -> String {
    let cleaned: String = task
        .name
        .as_deref()
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return format!("Task {}", task.uid);
    }
    if cleaned.chars().count() > MAX_TITLE_CHARS {
        warnings.push(format!(
            "{}: the name is cut to {MAX_TITLE_CHARS} characters",
            describe(task)
        ));
        return cleaned.chars().take(MAX_TITLE_CHARS).collect::<String>();
    }
    cleaned.to_owned()
}

/// Duration, constraint and deadline of a task without children.
fn leaf_fields(task: &Task, new: &mut NewItem, warnings: &mut Vec<String>) {
    if task.milestone {
        if task.duration_minutes > 0 {
            warnings.push(format!(
                "{}: a milestone takes no time in Tandem; its duration is dropped",
                describe(task)
            ));
        }
    } else {
        if task.duration_format.elapsed {
            warnings.push(format!(
                "{}: its elapsed duration is imported as working time",
                describe(task)
            ));
        }
        new.estimate_minutes = Some(task.duration_minutes.max(0));
    }
    let date = task.constraint.date.map(|date| date.date().to_string());
    match (task.constraint.kind, task.milestone) {
        (ConstraintKind::AsSoonAsPossible, _) => {}
        (ConstraintKind::StartNoEarlierThan, false) => new.start_date = date,
        (ConstraintKind::FinishNoLaterThan, true) => new.due_date = date,
        (kind, _) => warnings.push(format!(
            "{}: the {kind:?} constraint is not imported (Tandem keeps start-no-earlier-than \
             on tasks and finish-no-later-than on milestones)",
            describe(task)
        )),
    }
    if new.due_date.is_none() {
        new.due_date = task.deadline.map(|deadline| deadline.date().to_string());
    }
}

/// Item assignees by task UID: the first assigned resource that is a project member (by its
/// `<EmailAddress>`, else by its name as e-mail or name, ignoring case). Unmatched resources
/// and extra assignments are warned about.
fn assignees(
    document: &mspdi::Project,
    members: &[Member],
    warnings: &mut Vec<String>,
) -> HashMap<i32, i64> {
    let staff = || {
        members
            .iter()
            .filter(|member| member.user_role != UserRole::Client)
    };
    let member_of = |resource: &mspdi::Resource| {
        let by_email = resource
            .email
            .as_deref()
            .map(str::trim)
            .and_then(|email| staff().find(|member| member.email.eq_ignore_ascii_case(email)));
        let by_name = || {
            let name = resource.name.as_deref()?.trim();
            staff().find(|member| {
                member.email.eq_ignore_ascii_case(name) || member.name.eq_ignore_ascii_case(name)
            })
        };
        by_email.or_else(by_name).map(|member| member.user_id)
    };
    let resources: HashMap<i32, (&str, Option<i64>)> = document
        .resources
        .iter()
        .filter_map(|resource| {
            let label = resource.name.as_deref().or(resource.email.as_deref())?;
            Some((resource.uid, (label, member_of(resource))))
        })
        .collect();
    let mut chosen: HashMap<i32, i64> = HashMap::new();
    let mut unmatched: HashMap<&str, usize> = HashMap::new();
    let mut extra = 0;
    for assignment in &document.assignments {
        let Some(&(name, member)) = resources.get(&assignment.resource_uid) else {
            continue;
        };
        match member {
            None => *unmatched.entry(name).or_default() += 1,
            Some(user) => match chosen.entry(assignment.task_uid) {
                Entry::Occupied(_) => extra += 1,
                Entry::Vacant(slot) => {
                    slot.insert(user);
                }
            },
        }
    }
    let mut unmatched: Vec<_> = unmatched.into_iter().collect();
    unmatched.sort();
    for (name, tasks) in unmatched {
        warnings.push(format!(
            "resource \"{name}\" matches no project member by e-mail or name: its {tasks} \
             task(s) are left unassigned"
        ));
    }
    if extra > 0 {
        warnings.push(format!(
            "{extra} further resource assignment(s) are not imported: an item has one assignee"
        ));
    }
    chosen
}

/// Dependencies from predecessor links, refused when they loop.
fn dependencies(
    tasks: &[&Task],
    index: &HashMap<i32, usize>,
    warnings: &mut Vec<String>,
) -> Result<Vec<ImportDependency>, ImportError> {
    let mut dependencies = Vec::new();
    let mut pairs = HashSet::new();
    for (successor, task) in tasks.iter().enumerate() {
        for link in &task.predecessors {
            let Some(&predecessor) = index.get(&link.predecessor_uid) else {
                warnings.push(format!(
                    "{}: its link to the project summary task is not imported",
                    describe(task)
                ));
                continue;
            };
            if !pairs.insert((predecessor, successor)) {
                warnings.push(format!(
                    "{}: a second link to {} is not imported (two items have one dependency)",
                    describe(task),
                    describe(tasks[predecessor])
                ));
                continue;
            }
            let lag_days = lag_days(link, tasks[predecessor], task, warnings)?;
            dependencies.push(ImportDependency {
                predecessor,
                successor,
                kind: kind(link.kind),
                lag_days,
            });
        }
    }
    if let Some(cycle) = find_cycle(tasks.len(), &dependencies) {
        return Err(ImportError::Cycle(
            cycle.into_iter().map(|at| describe(tasks[at])).collect(),
        ));
    }
    Ok(dependencies)
}

fn kind(kind: LinkKind) -> DependencyKind {
    match kind {
        LinkKind::FinishToStart => DependencyKind::FinishToStart,
        LinkKind::StartToStart => DependencyKind::StartToStart,
        LinkKind::FinishToFinish => DependencyKind::FinishToFinish,
        LinkKind::StartToFinish => DependencyKind::StartToFinish,
    }
}

/// A link's lag in working days of [`MINUTES_PER_DAY`]. Percentages cannot be held (0);
/// elapsed time counts 24-hour days; anything not a whole number of days is rounded.
fn lag_days(
    link: &PredecessorLink,
    predecessor: &Task,
    successor: &Task,
    warnings: &mut Vec<String>,
) -> Result<i64, ImportError> {
    let minutes = link.lag.amount as f64 / 10.0;
    let link_name = || format!("{} → {}", describe(predecessor), describe(successor));
    let days = match (link.lag.format.unit, link.lag.format.elapsed) {
        (DurationUnit::Percent, _) => {
            if link.lag.amount != 0 {
                warnings.push(format!(
                    "{}: a lag of {}% of the predecessor is not imported (lag 0)",
                    link_name(),
                    link.lag.amount
                ));
            }
            return Ok(0);
        }
        (_, true) => {
            warnings.push(format!(
                "{}: an elapsed lag is imported as working days",
                link_name()
            ));
            minutes / (24.0 * 60.0)
        }
        (_, false) => minutes / MINUTES_PER_DAY as f64,
    };
    let whole = days.round() as i64;
    if (days - whole as f64).abs() > 1e-9 {
        warnings.push(format!(
            "{}: a lag of {:.2} working days is rounded to {whole}",
            link_name(),
            days
        ));
    }
    if whole.abs() > MAX_LAG_DAYS {
        return Err(ImportError::LagTooLong {
            predecessor: describe(predecessor),
            successor: describe(successor),
            days: whole,
        });
    }
    Ok(whole)
}

/// A cycle among `count` nodes linked by `dependencies`, as the nodes along it (first and last
/// equal), found by one depth-first search.
fn find_cycle(count: usize, dependencies: &[ImportDependency]) -> Option<Vec<usize>> {
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
    for link in dependencies {
        successors[link.predecessor].push(link.successor);
    }
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0_u8; count];
    let mut path: Vec<usize> = Vec::new();
    for root in 0..count {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        path.push(root);
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            let next = successors[node].get(top.1).copied();
            top.1 += 1;
            if let Some(successor) = next {
                match state[successor] {
                    0 => {
                        state[successor] = 1;
                        path.push(successor);
                        stack.push((successor, 0));
                    }
                    1 => {
                        let from = path.iter().position(|&n| n == successor).unwrap_or(0);
                        let mut cycle = path[from..].to_vec();
                        cycle.push(successor);
                        return Some(cycle);
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                path.pop();
                stack.pop();
            }
        }
    }
    None
}

/// The file's project calendar in the form the project calendar stores.
fn calendar(
    document: &mspdi::Project,
) -> Result<Option<tandem_store::ImportCalendar>, ImportError> {
    let Some(body) = super::msproject_calendar::project_calendar(document) else {
        return Ok(None);
    };
    let (_, exceptions) =
        crate::people::calendar::validate(&body).map_err(ImportError::Calendar)?;
    Ok(Some(tandem_store::ImportCalendar {
        work_week: json!(body.work_week).to_string(),
        exceptions,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(predecessor: usize, successor: usize) -> ImportDependency {
        ImportDependency {
            predecessor,
            successor,
            kind: DependencyKind::FinishToStart,
            lag_days: 0,
        }
    }

    #[test]
    fn a_loop_is_found_and_named_in_order() {
        assert_eq!(find_cycle(3, &[link(0, 1), link(1, 2)]), None);
        assert_eq!(
            find_cycle(4, &[link(0, 1), link(1, 2), link(2, 3), link(3, 1)]),
            Some(vec![1, 2, 3, 1])
        );
        assert_eq!(find_cycle(1, &[link(0, 0)]), Some(vec![0, 0]));
    }

    #[test]
    fn malformed_xml_is_a_422_with_its_place() {
        let error = ApiError::from(read(b"<Project><Tasks></Project>").unwrap_err());
        assert_eq!(error.code, "malformed_xml");
        assert_eq!(error.details["line"], 1);
        let error = ApiError::from(read(b"<Project>\n\xff</Project>").unwrap_err());
        assert_eq!(error.code, "malformed_xml");
        assert_eq!(error.details["line"], 2);
        assert_eq!(error.details["column"], 1);
    }

    #[test]
    fn the_e_mail_address_decides_between_namesakes() {
        let member = |user_id: i64, email: &str| Member {
            user_id,
            name: "Ann Example".to_owned(),
            email: email.to_owned(),
            user_role: UserRole::Member,
            role: tandem_core::roles::ProjectRole::Member,
            added_at: 0,
        };
        let members = [member(1, "ann@example.com"), member(2, "ann.e@example.com")];
        let resource = |uid: i32, email: Option<&str>| mspdi::Resource {
            uid,
            name: Some("Ann Example".to_owned()),
            email: email.map(str::to_owned),
            ..Default::default()
        };
        let assignment = |task_uid: i32, resource_uid: i32| mspdi::Assignment {
            uid: task_uid,
            task_uid,
            resource_uid,
            ..Default::default()
        };
        let document = mspdi::Project {
            resources: vec![
                resource(1, Some("ANN.E@example.com")),
                resource(2, None),
                resource(3, Some("nobody@example.com")),
            ],
            assignments: vec![assignment(1, 1), assignment(2, 2), assignment(3, 3)],
            ..Default::default()
        };
        let mut warnings = Vec::new();
        let chosen = assignees(&document, &members, &mut warnings);
        assert_eq!(chosen[&1], 2, "by e-mail");
        assert_eq!(chosen[&2], 1, "by name: the first namesake");
        assert_eq!(chosen[&3], 1, "an unknown e-mail falls back to the name");
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
