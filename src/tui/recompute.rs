//! When the pane models are recomputed, off the event loop: debounced
//! after store changes, at most one in flight, the requests made meanwhile
//! coalesced into the next one, the gap before it growing with what the
//! last one cost (at 150000 pods a recompute takes a few hundred ms and the
//! store changes all the time: node leases).

use std::time::Duration;

use tokio::time::Instant;

/// How long store changes are gathered before the pane models are recomputed.
pub const DELAY: Duration = Duration::from_millis(200);

/// The recompute's timer and the one in flight.
#[derive(Debug, Default)]
pub struct Schedule {
    /// When the next one is due (asked for, not started).
    at: Option<Instant>,
    /// When the one in flight started.
    in_flight: Option<Instant>,
    /// How long the last one took, from its snapshot to its result.
    cost: Duration,
}

impl Schedule {
    /// The store changed at `now`: a recompute is due after the delay,
    /// unless one is already due (that one will see this change too).
    pub fn request(&mut self, now: Instant) {
        let delay = DELAY.max(self.cost * 3);
        self.at.get_or_insert(now + delay);
    }

    /// When to start the next one: none while one is in flight.
    pub fn due(&self) -> Option<Instant> {
        match self.in_flight {
            Some(_) => None,
            None => self.at,
        }
    }

    /// The one due was started at `now` (its snapshot taken).
    pub fn started(&mut self, now: Instant) {
        self.at = None;
        self.in_flight = Some(now);
    }

    /// Its result arrived at `now`.
    pub fn finished(&mut self, now: Instant) {
        if let Some(started) = self.in_flight.take() {
            self.cost = now.saturating_duration_since(started);
        }
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_in_flight_and_the_requests_meanwhile_coalesced_into_the_next() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        assert_eq!(s.due(), None);
        s.request(t0);
        s.request(t0 + Duration::from_millis(50));
        assert_eq!(s.due(), Some(t0 + DELAY), "the first request sets the time");
        s.started(t0 + DELAY);
        assert!(s.in_flight());
        for ms in [10, 20, 30] {
            s.request(t0 + DELAY + Duration::from_millis(ms));
        }
        assert_eq!(s.due(), None, "never two at once");
        let done = t0 + DELAY + Duration::from_millis(100);
        s.finished(done);
        assert!(!s.in_flight());
        // The three requests made meanwhile are one recompute, due at the first's time.
        assert_eq!(s.due(), Some(t0 + DELAY + Duration::from_millis(10) + DELAY));
        s.started(done);
        s.finished(done);
        assert_eq!(s.due(), None, "nothing asked since");
    }

    #[test]
    fn the_gap_grows_with_what_the_last_one_cost() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        s.request(t0);
        s.started(t0);
        let cost = Duration::from_millis(300);
        s.finished(t0 + cost);
        s.request(t0 + cost);
        assert_eq!(s.due(), Some(t0 + cost + cost * 3));
    }
}
