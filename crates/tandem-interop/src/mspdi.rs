//! MS Project XML (MSPDI): read a plan written by MS Project, MPXJ or ProjectLibre into
//! a [`Project`], and write it back with scheduled dates and slack.
//!
//! The reader streams through the file once (quick-xml), keeps only what scheduling and
//! a faithful rewrite need, ignores everything else, and reports malformed XML with its
//! line and column, and dangling references by the UIDs involved.

mod codes;
mod cursor;
mod engine;
mod error;
mod expansion;
mod model;
mod reader;
mod recurrence;
mod validate;
mod values;
mod writer;

use std::io::{self, Write};

pub use engine::{ScheduleError, apply, schedule, to_engine};
pub use error::{ExpansionProblem, Location, ReadError};
pub use model::{
    Assignment, Calendar, CalendarException, Constraint, ConstraintKind, DurationFormat,
    DurationUnit, Lag, LinkKind, PathAnalysis, PredecessorLink, Project, ProjectProperties,
    Resource, ResourceKind, Task, WeekDay, WorkingTime,
};
pub use values::format_date_time;

/// Reads an MSPDI document held in memory and checks its cross-references.
pub fn read(xml: &str) -> Result<Project, ReadError> {
    let project = reader::parse(xml)?;
    validate::validate(&project)?;
    Ok(project)
}

/// Writes `project` as an MSPDI document. Pass a buffered writer: output is many small writes.
pub fn write(project: &Project, out: impl Write) -> io::Result<()> {
    writer::write_project(project, out)
}
