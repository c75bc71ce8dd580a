//! The few most recently used results of a costly pure computation, found by comparing
//! their inputs in full: what [`super::forecast_memo`] and [`super::levelled_memo`] keep.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Up to `capacity` entries, most recently used first.
pub struct Recent<E> {
    entries: Mutex<VecDeque<E>>,
    capacity: usize,
}

impl<E> Recent<E> {
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(VecDeque::with_capacity(capacity)),
            capacity,
        }
    }

    /// What `read` takes from the first entry that `matches`, which moves to the front
    /// (the least recently used goes first).
    pub fn recall<R>(&self, matches: impl Fn(&E) -> bool, read: impl FnOnce(&E) -> R) -> Option<R> {
        let mut entries = self.lock();
        let at = entries.iter().position(matches)?;
        let entry = entries.remove(at)?;
        let result = read(&entry);
        entries.push_front(entry);
        Some(result)
    }

    /// Keeps `entry` in front, dropping the least recently used beyond the capacity.
    pub fn remember(&self, entry: E) {
        let mut entries = self.lock();
        entries.push_front(entry);
        entries.truncate(self.capacity);
    }

    /// How many entries are kept.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<E>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recalled_entry_moves_to_the_front_and_the_least_recent_goes_first() {
        let recent = Recent::new(2);
        recent.remember((1, "one"));
        recent.remember((2, "two"));
        assert_eq!(recent.recall(|e| e.0 == 1, |e| e.1), Some("one"));
        recent.remember((3, "three"));
        assert_eq!(recent.count(), 2);
        assert_eq!(recent.recall(|e| e.0 == 2, |e| e.1), None);
        assert_eq!(recent.recall(|e| e.0 == 1, |e| e.1), Some("one"));
        assert_eq!(recent.recall(|e| e.0 == 3, |e| e.1), Some("three"));
    }
}
