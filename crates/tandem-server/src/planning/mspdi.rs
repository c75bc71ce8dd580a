//! The project schedule as an MS Project XML (MSPDI) document: items become tasks in outline
//! order (summaries from the item hierarchy), planned durations, milestone and constraint
//! flags, dependencies with lags, the project calendar (work week, hours, holidays), and the
//! scheduled dates, slack and critical flags from the same engine run as the schedule API.

use jiff::civil::Date;
use tandem_engine::cpm;
use tandem_interop::mspdi::{
    self, Constraint, ConstraintKind, DurationFormat, DurationUnit, Lag, LinkKind, PredecessorLink,
    Project, ProjectProperties, Task,
};

use super::msproject_calendar::export_calendar;
use super::network::{self, CALENDAR, PlanData};

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

/// The MSPDI document of the project's schedule, scheduled from its start date (or `today`).
pub fn export(data: &PlanData, today: Date) -> Result<Vec<u8>, ExportError> {
    let input = network::cpm_project(data, data.start_date(today));
    let scheduled = cpm::schedule(&input)?;
    let mut project = document(data, &input);
    mspdi::apply(&mut project, &scheduled);
    project.properties.finish_date = Some(scheduled.finish);
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
