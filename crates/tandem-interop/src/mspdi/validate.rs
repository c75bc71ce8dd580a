//! Cross-reference checks run after parsing: every UID a document mentions exists, UIDs
//! are unique, base calendars do not loop, and the calendars tasks run on have working time.

use std::collections::{HashMap, HashSet};

use jiff::civil::Weekday;

use super::error::ReadError;
use super::model::{Calendar, Project, Task};

/// MS Project's `ResourceUID` for an assignment without a resource.
const UNASSIGNED_RESOURCE: i32 = -65535;

/// Checks the references inside `project`.
pub(crate) fn validate(project: &Project) -> Result<(), ReadError> {
    let calendars = index(&project.calendars, "calendar", |calendar| calendar.uid)?;
    let tasks = index(&project.tasks, "task", |task| task.uid)?;
    let resources = index(&project.resources, "resource", |resource| resource.uid)?;

    let calendar_exists = |owner: &dyn Fn() -> String, uid: Option<i32>| match uid {
        Some(uid) if !calendars.contains_key(&uid) => Err(ReadError::MissingReference {
            owner: owner(),
            kind: "calendar",
            uid,
        }),
        _ => Ok(()),
    };
    calendar_exists(
        &|| "the project".to_owned(),
        project.properties.calendar_uid,
    )?;
    for calendar in &project.calendars {
        calendar_exists(
            &|| format!("calendar {}", calendar.uid),
            calendar.base_calendar_uid,
        )?;
        // Walking the base chain for any one day finds loops of base calendars.
        works_on(calendar, Weekday::Monday, &calendars)?;
    }
    for task in &project.tasks {
        calendar_exists(&|| describe(task), task.calendar_uid)?;
        for link in &task.predecessors {
            if !tasks.contains_key(&link.predecessor_uid) {
                return Err(ReadError::MissingReference {
                    owner: describe(task),
                    kind: "task",
                    uid: link.predecessor_uid,
                });
            }
        }
    }
    for resource in &project.resources {
        calendar_exists(
            &|| format!("resource {}", resource.uid),
            resource.calendar_uid,
        )?;
    }
    for assignment in &project.assignments {
        let owner = || format!("assignment {}", assignment.uid);
        if !tasks.contains_key(&assignment.task_uid) {
            return Err(ReadError::MissingReference {
                owner: owner(),
                kind: "task",
                uid: assignment.task_uid,
            });
        }
        if assignment.resource_uid != UNASSIGNED_RESOURCE
            && !resources.contains_key(&assignment.resource_uid)
        {
            return Err(ReadError::MissingReference {
                owner: owner(),
                kind: "resource",
                uid: assignment.resource_uid,
            });
        }
    }
    check_working_time(project, &calendars)
}

/// Maps UIDs to items, refusing duplicates.
fn index<'p, T>(
    items: &'p [T],
    kind: &'static str,
    uid: impl Fn(&T) -> i32,
) -> Result<HashMap<i32, &'p T>, ReadError> {
    let mut by_uid = HashMap::with_capacity(items.len());
    for item in items {
        if by_uid.insert(uid(item), item).is_some() {
            return Err(ReadError::DuplicateUid {
                kind,
                uid: uid(item),
            });
        }
    }
    Ok(by_uid)
}

/// `task 4 "Build"`, for messages.
pub(crate) fn describe(task: &Task) -> String {
    match &task.name {
        Some(name) => format!("task {} {name:?}", task.uid),
        None => format!("task {}", task.uid),
    }
}

/// The calendars that tasks are scheduled on (the project's and the tasks' own) must
/// have a working day in their week, or no task on them could ever finish.
fn check_working_time(
    project: &Project,
    calendars: &HashMap<i32, &Calendar>,
) -> Result<(), ReadError> {
    let used: HashSet<i32> = project
        .properties
        .calendar_uid
        .into_iter()
        .chain(project.tasks.iter().filter_map(|task| task.calendar_uid))
        .collect();
    for uid in used {
        let Some(calendar) = calendars.get(&uid) else {
            continue;
        };
        let has_work = WEEK.iter().try_fold(false, |found, &day| {
            Ok::<_, ReadError>(found || works_on(calendar, day, calendars)?)
        })?;
        if !has_work {
            return Err(ReadError::NoWorkingTime {
                uid,
                name: calendar.name.clone().unwrap_or_default(),
            });
        }
    }
    Ok(())
}

const WEEK: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// Whether `day` is a working day of `calendar`, following base calendars for days it
/// does not define; a loop of base calendars is an error.
fn works_on(
    calendar: &Calendar,
    day: Weekday,
    calendars: &HashMap<i32, &Calendar>,
) -> Result<bool, ReadError> {
    let mut current = calendar;
    let mut visited = HashSet::new();
    loop {
        if !visited.insert(current.uid) {
            return Err(ReadError::CalendarBaseCycle { uid: current.uid });
        }
        if let Some(week_day) = current
            .week_days
            .iter()
            .find(|week_day| week_day.day == day)
        {
            return Ok(week_day.working);
        }
        match current
            .base_calendar_uid
            .and_then(|uid| calendars.get(&uid))
        {
            Some(base) => current = base,
            None => return Ok(false),
        }
    }
}
