//! Item keys: the project key, a dash and the item's number within the project (`ACME-42`).

use crate::ValidationError;
use crate::values::ProjectKey;
use std::fmt;

/// A parsed item key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemKey {
    /// The project's key.
    pub project: ProjectKey,
    /// The number within the project (1, 2, …).
    pub number: i64,
}

impl ItemKey {
    /// Parses `PROJECT-123` (the project part is case-insensitive, as people type it).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let invalid =
            || ValidationError::new("item", format!("'{raw}' is not an item key like ACME-42"));
        let (project, number) = raw.trim().rsplit_once('-').ok_or_else(invalid)?;
        let number: i64 = number.parse().map_err(|_| invalid())?;
        if number < 1 {
            return Err(invalid());
        }
        let project = ProjectKey::parse(&project.to_ascii_uppercase()).map_err(|_| invalid())?;
        Ok(ItemKey { project, number })
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.project.as_str(), self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print() {
        let key = ItemKey::parse("acme-42").unwrap();
        assert_eq!(key.project.as_str(), "ACME");
        assert_eq!(key.number, 42);
        assert_eq!(key.to_string(), "ACME-42");
        for bad in ["ACME", "ACME-", "ACME-0", "ACME-x", "-3"] {
            assert!(ItemKey::parse(bad).is_err(), "{bad}");
        }
    }
}
