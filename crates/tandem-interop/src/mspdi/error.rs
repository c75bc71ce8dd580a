//! Why an MSPDI file could not be read, with the place in the file when there is one.

use std::fmt;

/// A position in the input, 1-based, in characters, as editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column number (in characters), from 1.
    pub column: usize,
}

impl Location {
    /// Converts a byte offset into `input` to a line and column.
    pub(crate) fn of_offset(input: &str, offset: usize) -> Self {
        let offset = offset.min(input.len());
        let before = input.as_bytes().get(..offset).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Self { line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Everything that makes an MSPDI document unusable, each with a message a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The bytes are not well-formed XML.
    #[error("malformed XML at {location}: {message}")]
    Malformed {
        /// Where the parser stopped.
        location: Location,
        /// What the XML parser found wrong.
        message: String,
    },
    /// Well-formed XML, but not an MSPDI project.
    #[error("not an MS Project XML file: the root element is <{found}>, expected <Project>")]
    NotAProject {
        /// The root element's name.
        found: String,
    },
    /// An element held text that is not a valid value of its type.
    #[error("invalid <{element}> value {value:?} at {location}: expected {expected}")]
    InvalidValue {
        /// The element's name.
        element: String,
        /// The offending text.
        value: String,
        /// What the element should contain.
        expected: &'static str,
        /// Where the value starts.
        location: Location,
    },
    /// A required child element is absent.
    #[error("<{parent}> ending at {location} has no <{element}>")]
    MissingElement {
        /// The element that should contain it.
        parent: String,
        /// The missing child.
        element: &'static str,
        /// Where the parent ends.
        location: Location,
    },
    /// Two items of one collection share a UID.
    #[error("duplicate {kind} UID {uid}")]
    DuplicateUid {
        /// "task", "calendar" or "resource".
        kind: &'static str,
        /// The repeated UID.
        uid: i32,
    },
    /// Something refers to a UID that no item has.
    #[error("{owner} refers to {kind} UID {uid}, which does not exist")]
    MissingReference {
        /// Who holds the reference, e.g. `task 4 "Build"`.
        owner: String,
        /// "task", "calendar" or "resource".
        kind: &'static str,
        /// The dangling UID.
        uid: i32,
    },
    /// A calendar's base calendars refer back to it.
    #[error("calendar {uid} derives from itself through its base calendars")]
    CalendarBaseCycle {
        /// A calendar on the loop.
        uid: i32,
    },
    /// A recurring exception or a work week that cannot be turned into dated exceptions:
    /// reading it as anything else would give silently wrong working days.
    #[error("calendar {uid} {calendar:?}: {item}: {problem}")]
    CalendarExpansion {
        /// The calendar's UID.
        uid: i32,
        /// The calendar's name, if any.
        calendar: String,
        /// What could not be expanded, e.g. `exception "Team day"` or `work week "Summer"`.
        item: String,
        /// What is wrong with it.
        problem: ExpansionProblem,
    },
    /// A calendar with no working time in its week: no task could ever finish on it.
    #[error("calendar {uid} {name:?} has no working time in its week")]
    NoWorkingTime {
        /// The calendar's UID.
        uid: i32,
        /// The calendar's name, if any.
        name: String,
    },
}

/// Why a recurring exception or a work week could not be expanded into dated exceptions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpansionProblem {
    /// `<Type>` is not one of MS Project's recurrences (1–7).
    #[error("<Type> {0} is not a recurrence this reader knows (1–7)")]
    UnknownType(u8),
    /// The recurrence type needs an element the exception lacks.
    #[error("its recurrence needs <{0}>")]
    MissingField(&'static str),
    /// A recurrence element holds a value outside its range.
    #[error("<{element}> {value} is out of range")]
    FieldOutOfRange {
        /// The element's name.
        element: &'static str,
        /// The value found.
        value: u32,
    },
    /// The calendar's recurring exceptions and work weeks would list more days than
    /// any real calendar needs.
    #[error("with it, the calendar's exceptions would cover more than {limit} single days")]
    TooManyDays {
        /// The most days one calendar may expand to.
        limit: usize,
    },
}
