//! MSPDI's integer codes for enumerations, both ways. Unknown codes map to `None`
//! so the reader can say which element held them.

use jiff::civil::Weekday;

use super::model::{ConstraintKind, DurationFormat, DurationUnit, LinkKind, ResourceKind};

/// Estimated formats are the plain ones plus this offset (`d?` = 7 + 32 = 39).
const ESTIMATED_OFFSET: u8 = 32;

impl DurationFormat {
    /// Decodes MSPDI's `DurationFormat` / `LagFormat` code.
    pub fn from_code(code: u8) -> Option<Self> {
        let (estimated, base) = if code > ESTIMATED_OFFSET {
            (true, code - ESTIMATED_OFFSET)
        } else {
            (false, code)
        };
        let (unit, elapsed) = match base {
            3 => (DurationUnit::Minutes, false),
            4 => (DurationUnit::Minutes, true),
            5 => (DurationUnit::Hours, false),
            6 => (DurationUnit::Hours, true),
            7 => (DurationUnit::Days, false),
            8 => (DurationUnit::Days, true),
            9 => (DurationUnit::Weeks, false),
            10 => (DurationUnit::Weeks, true),
            11 => (DurationUnit::Months, false),
            12 => (DurationUnit::Months, true),
            19 => (DurationUnit::Percent, false),
            20 => (DurationUnit::Percent, true),
            21 => (DurationUnit::Unspecified, false),
            _ => return None,
        };
        Some(Self {
            unit,
            elapsed,
            estimated,
        })
    }

    /// Encodes this format as MSPDI's code.
    pub fn code(self) -> u8 {
        let base = match (self.unit, self.elapsed) {
            (DurationUnit::Minutes, false) => 3,
            (DurationUnit::Minutes, true) => 4,
            (DurationUnit::Hours, false) => 5,
            (DurationUnit::Hours, true) => 6,
            (DurationUnit::Days, false) => 7,
            (DurationUnit::Days, true) => 8,
            (DurationUnit::Weeks, false) => 9,
            (DurationUnit::Weeks, true) => 10,
            (DurationUnit::Months, false) => 11,
            (DurationUnit::Months, true) => 12,
            (DurationUnit::Percent, false) => 19,
            (DurationUnit::Percent, true) => 20,
            (DurationUnit::Unspecified, _) => 21,
        };
        if self.estimated {
            base + ESTIMATED_OFFSET
        } else {
            base
        }
    }
}

impl ConstraintKind {
    /// Decodes MSPDI's `ConstraintType` (0 = ASAP … 7 = FNLT).
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::AsSoonAsPossible,
            1 => Self::AsLateAsPossible,
            2 => Self::MustStartOn,
            3 => Self::MustFinishOn,
            4 => Self::StartNoEarlierThan,
            5 => Self::StartNoLaterThan,
            6 => Self::FinishNoEarlierThan,
            7 => Self::FinishNoLaterThan,
            _ => return None,
        })
    }

    /// Encodes this constraint type as MSPDI's code.
    pub fn code(self) -> u8 {
        match self {
            Self::AsSoonAsPossible => 0,
            Self::AsLateAsPossible => 1,
            Self::MustStartOn => 2,
            Self::MustFinishOn => 3,
            Self::StartNoEarlierThan => 4,
            Self::StartNoLaterThan => 5,
            Self::FinishNoEarlierThan => 6,
            Self::FinishNoLaterThan => 7,
        }
    }
}

impl LinkKind {
    /// Decodes MSPDI's `PredecessorLink/Type` (0 = FF, 1 = FS, 2 = SF, 3 = SS).
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::FinishToFinish,
            1 => Self::FinishToStart,
            2 => Self::StartToFinish,
            3 => Self::StartToStart,
            _ => return None,
        })
    }

    /// Encodes this relation type as MSPDI's code.
    pub fn code(self) -> u8 {
        match self {
            Self::FinishToFinish => 0,
            Self::FinishToStart => 1,
            Self::StartToFinish => 2,
            Self::StartToStart => 3,
        }
    }
}

impl ResourceKind {
    /// Decodes MSPDI's `Resource/Type` (0 = material, 1 = work, 2 = cost).
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::Material,
            1 => Self::Work,
            2 => Self::Cost,
            _ => return None,
        })
    }

    /// Encodes this resource kind as MSPDI's code.
    pub fn code(self) -> u8 {
        match self {
            Self::Material => 0,
            Self::Work => 1,
            Self::Cost => 2,
        }
    }
}

/// Decodes `WeekDay/DayType` 1..=7 (Sunday first); 0, the exception form, is not a weekday.
pub(crate) fn weekday_from_code(code: u8) -> Option<Weekday> {
    let offset = i8::try_from(code).ok().filter(|c| (1..=7).contains(c))?;
    Weekday::from_sunday_one_offset(offset).ok()
}

/// Encodes a weekday as `WeekDay/DayType`.
pub(crate) fn weekday_code(day: Weekday) -> u8 {
    day.to_sunday_one_offset().unsigned_abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_duration_format_code_round_trips() {
        let codes = (3..=12)
            .chain([19, 20, 21])
            .chain((35..=44).chain([51, 52, 53]));
        for code in codes {
            let format = DurationFormat::from_code(code).expect("known code");
            assert_eq!(format.code(), code);
        }
        assert_eq!(DurationFormat::from_code(13), None);
        assert!(DurationFormat::from_code(8).unwrap().elapsed);
        assert_eq!(
            DurationFormat::from_code(19).unwrap().unit,
            DurationUnit::Percent
        );
    }

    #[test]
    fn constraint_link_and_weekday_codes_round_trip() {
        for code in 0..8 {
            assert_eq!(ConstraintKind::from_code(code).unwrap().code(), code);
        }
        for code in 0..4 {
            assert_eq!(LinkKind::from_code(code).unwrap().code(), code);
        }
        for code in 0..3 {
            assert_eq!(ResourceKind::from_code(code).unwrap().code(), code);
        }
        for code in 1..=7 {
            assert_eq!(weekday_code(weekday_from_code(code).unwrap()), code);
        }
        assert_eq!(weekday_from_code(1), Some(Weekday::Sunday));
        assert_eq!(weekday_from_code(0), None);
        assert_eq!(ConstraintKind::from_code(8), None);
        assert_eq!(LinkKind::from_code(4), None);
        assert_eq!(ResourceKind::from_code(3), None);
    }
}
