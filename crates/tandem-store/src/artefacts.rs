//! What every product artefact row shares: visibility, the workshop it came from, who made it
//! and when, and the optimistic-concurrency dance for updates and deletes.

use crate::StoreError;
use crate::error::{corrupt, stale_or_missing};
use tandem_core::product::artefacts::Visibility;

/// Parses a stored visibility.
pub(crate) fn visibility(text: &str) -> Result<Visibility, StoreError> {
    Visibility::parse(text).map_err(|error| corrupt("visibility", error))
}

/// Parses a stored text enum with the parser of its type, naming the column on failure.
pub(crate) fn parsed<T>(
    column: &str,
    parse: impl Fn(&str) -> Result<T, tandem_core::ValidationError>,
    text: &str,
) -> Result<T, StoreError> {
    parse(text).map_err(|error| corrupt(column, error))
}

/// Parses an optional stored text enum.
pub(crate) fn parsed_opt<T>(
    column: &str,
    parse: impl Fn(&str) -> Result<T, tandem_core::ValidationError>,
    text: Option<&str>,
) -> Result<Option<T>, StoreError> {
    text.map(|text| parsed(column, parse, text)).transpose()
}

/// Checks the version read inside a transaction against the caller's: `NotFound` when the row
/// is gone, `VersionConflict` when someone else wrote first.
pub(crate) fn expect_version(current: Option<i64>, expected: i64) -> Result<(), StoreError> {
    match current {
        Some(current) if current == expected => Ok(()),
        other => Err(stale_or_missing(other)),
    }
}

/// The creation details every artefact carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// Who created it (gone when the account was removed).
    pub created_by: Option<i64>,
    /// Creation time, unix milliseconds.
    pub created_at: i64,
    /// Last change, unix milliseconds.
    pub updated_at: i64,
    /// Optimistic-concurrency version.
    pub version: i64,
}
