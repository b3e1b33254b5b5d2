//! How many requests the server received, by method and path (`?watch`
//! marks watches), so that tests can bound how often a client retries.

use std::collections::BTreeMap;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct Requests(Mutex<BTreeMap<String, u64>>);

impl Requests {
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
