//! Free capacity per resource and period: the one data structure every schedule
//! generation scheme and justification pass works on.

use super::problem::{Problem, Time};

/// Free units of every resource in every period, stored period-major so that checking
/// all requests of one period touches one cache line. Grows on demand, so no horizon has
/// to be guessed up front.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    resources: usize,
    /// Capacity with nothing scheduled, as far as it has been needed so far.
    capacity: Vec<u32>,
    free: Vec<u32>,
}

impl Profile {
    pub(crate) fn new(problem: &Problem) -> Self {
        Self {
            resources: problem.resources().len(),
            capacity: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Frees every period again, ready for the next schedule.
    pub(crate) fn clear(&mut self) {
        self.free.clear();
        self.free.extend_from_slice(&self.capacity);
    }

    /// Whether `activity` fits when started at `start`.
    pub(crate) fn fits(&mut self, problem: &Problem, activity: usize, start: Time) -> bool {
        let end = start + problem.duration(activity);
        self.first_conflict(problem, activity, start, end).is_none()
    }

    /// The earliest start at or after `from` where `activity` fits.
    pub(crate) fn earliest_fit(&mut self, problem: &Problem, activity: usize, from: Time) -> Time {
        let duration = problem.duration(activity);
        let requests = problem.requests(activity);
        let mut start = from;
        'search: loop {
            self.ensure(problem, start + duration);
            // Scanning backwards finds the last conflict, which allows the longest jump.
            for period in (start..start + duration).rev() {
                if self.overloaded(requests, period) {
                    start = period + 1;
                    continue 'search;
                }
            }
            return start;
        }
    }

    /// The latest start at or before `latest` where `activity` fits, if any.
    pub(crate) fn latest_fit(
        &mut self,
        problem: &Problem,
        activity: usize,
        latest: Time,
    ) -> Option<Time> {
        let duration = problem.duration(activity);
        let mut start = latest;
        loop {
            match self.first_conflict(problem, activity, start, start + duration) {
                None => return Some(start),
                Some(period) => start = period.checked_sub(duration)?,
            }
        }
    }

    /// Takes the units `activity` requests for the periods it runs when started at `start`.
    pub(crate) fn reserve(&mut self, problem: &Problem, activity: usize, start: Time) {
        let end = start + problem.duration(activity);
        self.ensure(problem, end);
        for period in start..end {
            let row = period as usize * self.resources;
            for &(resource, units) in problem.requests(activity) {
                self.free[row + resource] -= units;
            }
        }
    }

    fn first_conflict(
        &mut self,
        problem: &Problem,
        activity: usize,
        start: Time,
        end: Time,
    ) -> Option<Time> {
        self.ensure(problem, end);
        let requests = problem.requests(activity);
        (start..end).find(|&period| self.overloaded(requests, period))
    }

    fn overloaded(&self, requests: &[(usize, u32)], period: Time) -> bool {
        let row = period as usize * self.resources;
        requests
            .iter()
            .any(|&(resource, units)| self.free[row + resource] < units)
    }

    /// Makes periods `0..end` addressable.
    fn ensure(&mut self, problem: &Problem, end: Time) {
        let needed = end as usize * self.resources;
        if self.free.len() >= needed {
            return;
        }
        let known = Time::try_from(self.capacity.len() / self.resources.max(1)).unwrap_or(0);
        for period in known..end {
            for capacity in problem.resources() {
                self.capacity.push(capacity.at(period));
            }
        }
        let have = self.free.len();
        self.free.extend_from_slice(&self.capacity[have..needed]);
    }
}
