//! How many connections and requests the server received (requests by
//! method and path, `?watch` marking watches), so that tests can bound how
//! often a client retries.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Requests(Mutex<BTreeMap<String, u64>>, AtomicU64);

impl Requests {
    /// Counts one TCP connection accepted (even one dropped at once).
    pub fn connected(&self) {
        self.1.fetch_add(1, Ordering::Relaxed);
    }

    pub fn connections(&self) -> u64 {
        self.1.load(Ordering::Relaxed)
    }

    /// Counts one request: `GET /api/v1/pods`, or `GET /api/v1/pods?watch`.
    pub fn record(&self, method: &str, path: &str, query: Option<&str>) {
        let watch = query.is_some_and(|q| q.split('&').any(|p| p == "watch=true" || p == "watch=1"));
        let key = format!("{method} {path}{}", if watch { "?watch" } else { "" });
        *self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_default() += 1;
    }

    /// Every count so far.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_watches_are_counted_apart() {
        let r = Requests::default();
        r.record("GET", "/api/v1/pods", Some("limit=500"));
        r.record("GET", "/api/v1/pods", Some("limit=500"));
        r.record("GET", "/api/v1/pods", Some("watch=true&resourceVersion=3"));
        let c = r.counts();
        assert_eq!(c["GET /api/v1/pods"], 2);
        assert_eq!(c["GET /api/v1/pods?watch"], 1);
    }
}
