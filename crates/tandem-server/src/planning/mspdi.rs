//! The project schedule as an MS Project XML (MSPDI) document: items become tasks in outline
//! order (summaries from the item hierarchy), planned durations, milestone and constraint
//! flags, dependencies with lags, the project calendar (work week, hours, holidays), and the
//! scheduled dates, slack and critical flags from the same engine run as the schedule API.
//!
//! People come along so MS Project keeps who does what: the project's staff (and anyone else
//! an item is assigned to) become work resources with their e-mail, their capacity as
//! `MaxUnits`, and a resource calendar derived from the project calendar whose exceptions are
//! their time off; each assigned task (not summaries, not milestones) gets one assignment of
//! all its work. Cost rates are never written: the export is open to client contacts.

use std::collections::HashMap;

use jiff::civil::Date;
use tandem_engine::cpm;
use tandem_interop::mspdi::{
    self, Assignment, Constraint, ConstraintKind, DurationFormat, DurationUnit, Lag, LinkKind,
    PredecessorLink, Project, ProjectProperties, Resource, ResourceKind, Task,
};
use tandem_store::{Member, UserRef};

use super::msproject_calendar::{export_calendar, resource_calendar};
use super::network::{self, CALENDAR, PlanData};
use crate::people::is_staff;

/// The project's people as an export may show them to its caller.
#[derive(Debug, Clone)]
pub struct People {
    /// The project's members in every role; the staff among them become resources.
    pub members: Vec<Member>,
    /// Weekly capacity in minutes by user id, for those who have stated one.
    pub weekly_capacity: HashMap<i64, i64>,
    /// Whether resource calendars carry time off. Time off is internal (client contacts get
    /// 404 on it), so only callers who may see internal figures get it; the others get the
    /// same resources on the plain project calendar.
    pub time_off: bool,
}

/// Why the export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The network cannot be scheduled.
    #[error("the project cannot be scheduled: {0}")]
    Schedule(#[from] cpm::ScheduleError),
    /// Writing the XML failed.
    #[error("the MSPDI document could not be written: {0}")]
    Write(#[from] std::io::Error),
}

/// The MSPDI document of the project's schedule, scheduled from its start date (or `today`),
/// with `people` as its resources.
pub fn export(data: &PlanData, people: &People, today: Date) -> Result<Vec<u8>, ExportError> {
    let input = network::cpm_project(data, data.start_date(today));
    let scheduled = cpm::schedule(&input)?;
    let mut project = document(data, &input);
    mspdi::apply(&mut project, &scheduled);
    project.properties.finish_date = Some(scheduled.finish);
    add_people(&mut project, data, people);
    let mut out = Vec::new();
    mspdi::write(&project, &mut out)?;
    Ok(out)
}

/// The unscheduled document: what the engine input holds, in MSPDI's terms.
fn document(data: &PlanData, input: &cpm::Project) -> Project {
    let calendar_uid = CALENDAR.0 as i32;
    let mut depth: std::collections::HashMap<u32, u32> = Default::default();
    let tasks = input
        .tasks
        .iter()
        .zip(&data.items)
        .enumerate()
        .map(|(index, (task, item))| {
            let level = task
                .parent
                .and_then(|p| depth.get(&p.0))
                .map_or(1, |d| d + 1);
            depth.insert(task.uid.0, level);
            Task {
                uid: task.uid.0 as i32,
                id: Some(index as i32 + 1),
                name: Some(format!("{} {}", item.key, item.title)),
                outline_level: level,
                summary: data.is_summary(item),
                milestone: task.milestone,
                duration_minutes: task.duration.minutes(),
                duration_format: DurationFormat {
                    unit: DurationUnit::Hours,
                    ..Default::default()
                },
                constraint: constraint(task.constraint),
                predecessors: input
                    .relations
                    .iter()
                    .filter(|r| r.successor == task.uid)
                    .map(|r| PredecessorLink {
                        predecessor_uid: r.predecessor.0 as i32,
                        kind: match r.kind {
                            cpm::RelationType::FinishStart => LinkKind::FinishToStart,
                            cpm::RelationType::StartStart => LinkKind::StartToStart,
                            cpm::RelationType::FinishFinish => LinkKind::FinishToFinish,
                            cpm::RelationType::StartFinish => LinkKind::StartToFinish,
                        },
                        lag: Lag {
                            amount: match r.lag {
                                cpm::Lag::Working(minutes) | cpm::Lag::Elapsed(minutes) => {
                                    minutes * 10
                                }
                                cpm::Lag::Percent(_) => 0,
                            },
                            format: DurationFormat {
                                unit: DurationUnit::Days,
                                ..Default::default()
                            },
                        },
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .collect();
    Project {
        properties: ProjectProperties {
            name: Some(data.project.name.clone()),
            start_date: Some(input.start),
            calendar_uid: Some(calendar_uid),
            ..Default::default()
        },
        calendars: data
            .calendars
            .first()
            .map(|calendar| export_calendar(calendar, calendar_uid))
            .into_iter()
            .collect(),
        tasks,
        ..Default::default()
    }
}

/// Adds the resources, their calendars and the assignments to a scheduled document (the
/// assignments take their dates from the tasks).
fn add_people(project: &mut Project, data: &PlanData, people: &People) {
    let base = CALENDAR.0 as i32;
    let regular = data
        .calendars
        .first()
        .map_or(0, |calendar| calendar.week.minutes());
    let mut resource_of: HashMap<i64, i32> = HashMap::new();
    for person in resource_people(data, people) {
        let uid = project.resources.len() as i32 + 1;
        let calendar_uid = base + uid;
        let time_off = data
            .person_calendar(person.id)
            .filter(|_| people.time_off)
            .map_or(&[][..], |calendar| &calendar.exceptions);
        project.calendars.push(resource_calendar(
            &person.name,
            calendar_uid,
            base,
            time_off,
        ));
        project.resources.push(Resource {
            uid,
            id: Some(uid),
            name: Some(person.name.clone()),
            kind: ResourceKind::Work,
            email: Some(person.email.clone()),
            max_units: Some(max_units(
                people.weekly_capacity.get(&person.id).copied(),
                regular,
            )),
            calendar_uid: Some(calendar_uid),
        });
        resource_of.insert(person.id, uid);
    }
    let assignments = project
        .tasks
        .iter()
        .zip(&data.items)
        .filter(|(task, _)| !task.summary && !task.milestone)
        .filter_map(|(task, item)| {
            let resource_uid = *resource_of.get(&item.assignee.as_ref()?.id)?;
            Some((task, resource_uid))
        })
        .enumerate()
        .map(|(index, (task, resource_uid))| Assignment {
            uid: index as i32 + 1,
            task_uid: task.uid,
            resource_uid,
            units: Some(1.0),
            work_minutes: Some(task.duration_minutes),
            start: task.start,
            finish: task.finish,
        })
        .collect();
    project.assignments = assignments;
}

/// The resource sheet: the project's staff in member order (the workload's people, assigned
/// or not, so MS Project can plan them), then anyone else an item is assigned to (a former
/// member, say), each once.
fn resource_people(data: &PlanData, people: &People) -> Vec<UserRef> {
    let staff = people
        .members
        .iter()
        .filter(|member| is_staff(member))
        .map(|member| UserRef {
            id: member.user_id,
            name: member.name.clone(),
            email: member.email.clone(),
        });
    let assignees = data.items.iter().filter_map(|item| item.assignee.clone());
    let mut listed = std::collections::HashSet::new();
    staff
        .chain(assignees)
        .filter(|person| listed.insert(person.id))
        .collect()
}

/// A person's share of a full-time week as MS Project's `MaxUnits`: their weekly capacity
/// over the project calendar's regular week, to two decimals; 1 (full time) when either is
/// unknown.
fn max_units(weekly_minutes: Option<i64>, regular_minutes: i64) -> f64 {
    match weekly_minutes {
        Some(weekly) if regular_minutes > 0 => {
            (weekly as f64 / regular_minutes as f64 * 100.0).round() / 100.0
        }
        _ => 1.0,
    }
}

fn constraint(constraint: cpm::Constraint) -> Constraint {
    let kind = match constraint {
        cpm::Constraint::AsSoonAsPossible => ConstraintKind::AsSoonAsPossible,
        cpm::Constraint::AsLateAsPossible => ConstraintKind::AsLateAsPossible,
        cpm::Constraint::StartNoEarlierThan(_) => ConstraintKind::StartNoEarlierThan,
        cpm::Constraint::StartNoLaterThan(_) => ConstraintKind::StartNoLaterThan,
        cpm::Constraint::FinishNoEarlierThan(_) => ConstraintKind::FinishNoEarlierThan,
        cpm::Constraint::FinishNoLaterThan(_) => ConstraintKind::FinishNoLaterThan,
        cpm::Constraint::MustStartOn(_) => ConstraintKind::MustStartOn,
        cpm::Constraint::MustFinishOn(_) => ConstraintKind::MustFinishOn,
    };
    Constraint {
        kind,
        date: constraint.date(),
    }
}

#[cfg(test)]
mod tests {
    use super::max_units;

    #[test]
    fn max_units_is_the_share_of_the_regular_week() {
        assert_eq!(max_units(Some(32 * 60), 40 * 60), 0.8);
        assert_eq!(max_units(Some(20 * 60), 37 * 60 + 30), 0.53);
        assert_eq!(max_units(None, 40 * 60), 1.0);
        assert_eq!(max_units(Some(32 * 60), 0), 1.0);
    }
}
