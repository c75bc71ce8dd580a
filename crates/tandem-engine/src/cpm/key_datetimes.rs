//! Date-times of the numbered passes' keys, for the output. A schedule's keys repeat
//! (successors start where predecessors finish, many tasks share a date) while turning
//! one into a date-time takes a calendar lookup and a civil date, so conversions go
//! through a small direct-mapped cache, one per worker thread.

use jiff::civil::DateTime;

use crate::calendar::WorkCalendar;

use super::datetimes::DateTimes;
use super::numbered::Key;

/// Cache slots: a power of two, small enough to stay in the L2 cache (96 KiB).
const SLOT_BITS: u32 = 12;

/// Converts keys to date-times on one calendar (shared by all workers).
pub(crate) struct KeyDateTimes<'a> {
    calendar: &'a WorkCalendar,
    datetimes: DateTimes,
}

impl<'a> KeyDateTimes<'a> {
    /// A converter for keys between `earliest` and `latest` (others convert too, only
    /// more slowly).
    pub(crate) fn new(calendar: &'a WorkCalendar, earliest: Key, latest: Key) -> Self {
        let datetimes = DateTimes::covering(
            [earliest, latest]
                .into_iter()
                .map(|key| key.instant(calendar)),
        );
        Self {
            calendar,
            datetimes,
        }
    }

    /// The date-time `key` stands for.
    fn convert(&self, key: Key) -> DateTime {
        self.datetimes.get(key.instant(self.calendar))
    }

    /// A cache in front of this converter, for one worker.
    pub(crate) fn cached(&self) -> CachedKeyDateTimes<'_> {
        // Every slot starts as a real pair, so a hit is always right.
        let first = Key::default();
        CachedKeyDateTimes {
            converter: self,
            slots: vec![(first, self.convert(first)); 1 << SLOT_BITS],
        }
    }
}

/// A converter that remembers recent conversions.
pub(crate) struct CachedKeyDateTimes<'c> {
    converter: &'c KeyDateTimes<'c>,
    slots: Vec<(Key, DateTime)>,
}

impl CachedKeyDateTimes<'_> {
    /// The date-time `key` stands for.
    pub(crate) fn get(&mut self, key: Key) -> DateTime {
        // Fibonacci hashing spreads keys that are multiples of whole hours or days.
        let hash = key.hash().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOT_BITS);
        let slot = &mut self.slots[hash as usize];
        if slot.0 != key {
            *slot = (key, self.converter.convert(key));
        }
        slot.1
    }
}
