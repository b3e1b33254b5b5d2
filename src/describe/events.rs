//! The Events section at the bottom of a describe: what the store holds
//! about the object, newest first, Warnings marked.

use super::Line;
use super::layout::{heading, plain};
use crate::cluster::store::Store;

/// At most this many Events are listed (the newest).
pub const MAX_EVENTS: usize = 30;

pub fn lines(store: &Store, kind: &str, namespace: &str, name: &str, now: i64) -> Vec<Line> {
    let found = store.events_about(kind, namespace, name);
    let mut out = vec![heading(0, "Events")];
    if found.is_empty() {
        out.push(plain(
            2,
            "<none> (kon keeps the Events it watches; older ones may be gone)",
            "muted",
        ));
        return out;
    }
    out.push(plain(
        2,
        format!("{:<9}{:<22}{:<9}{}", "Type", "Reason", "Age", "From: Message"),
        "muted",
    ));
    for e in found.iter().take(MAX_EVENTS) {
        let (kind, scope) = if e.warning {
            ("Warning", "warn")
        } else {
            ("Normal", "text")
        };
        let age = e.last_seen.map_or_else(
            || "?".to_string(),
            |t| crate::signals::verdict::age((now - t).max(0)),
        );
        let count = if e.count > 1 {
            format!(" (x{})", e.count)
        } else {
            String::new()
        };
        let from = e.source.as_deref().map_or(String::new(), |s| format!("{s}: "));
        out.push(vec![
            (format!("  {kind:<9}"), scope),
            (format!("{:<22}", e.reason), scope),
            (format!("{:<9}", format!("{age}{count}")), "muted"),
            (format!("{from}{}", e.note), "text"),
        ]);
    }
    if found.len() > MAX_EVENTS {
        out.push(plain(
            2,
            format!("… {} older Events not shown", found.len() - MAX_EVENTS),
            "muted",
        ));
    }
    out
}
