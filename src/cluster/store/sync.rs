//! How far a kind's watch has got, and the worst of several.

/// A kind's sync state, ordered from best to worst for the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncState {
    NotStarted,
    Synced,
    /// Listing: objects received so far.
    Syncing {
        count: usize,
    },
    /// Was synced; the watch failed at `since` (Unix seconds) and is retrying.
    Stale {
        since: i64,
        reason: String,
    },
    /// The user may not `verb` this `resource`.
    Forbidden {
        verb: String,
        resource: String,
    },
    /// Never synced: the API server cannot be reached.
    Unreachable {
        reason: String,
    },
    /// The API does not serve this resource (its CRD is not installed):
    /// not a failure, the source is simply not there.
    Absent,
}

impl SyncState {
    /// Rank for "the worst": larger is worse.
    pub fn severity(&self) -> u8 {
        match self {
            SyncState::Synced | SyncState::Absent => 0,
            SyncState::NotStarted => 1,
            SyncState::Syncing { .. } => 2,
            SyncState::Stale { .. } => 3,
            SyncState::Forbidden { .. } => 4,
            SyncState::Unreachable { .. } => 5,
        }
    }

    /// Nothing more to wait for: synced, or not served at all.
    pub fn is_settled(&self) -> bool {
        matches!(self, SyncState::Synced | SyncState::Absent)
    }

    /// Stale, forbidden or unreachable.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            SyncState::Stale { .. } | SyncState::Forbidden { .. } | SyncState::Unreachable { .. }
        )
    }

    /// The state after a report `next`: a kind that stays stale keeps the
    /// time it first went stale.
    pub fn then(self, next: SyncState) -> SyncState {
        match (self, next) {
            (SyncState::Stale { since, .. }, SyncState::Stale { reason, .. }) => {
                SyncState::Stale { since, reason }
            }
            (_, n) => n,
        }
    }

    /// A short label, readable without colour.
    pub fn label(&self) -> String {
        match self {
            SyncState::NotStarted => "… waiting".into(),
            SyncState::Synced => "✔ synced".into(),
            SyncState::Syncing { count } => format!("… syncing ({count})"),
            SyncState::Stale { since, .. } => format!("▲ stale since {}", clock_time(*since)),
            SyncState::Forbidden { verb, resource } => format!("✖ forbidden: {verb} {resource}"),
            SyncState::Unreachable { .. } => "✖ unreachable".into(),
            SyncState::Absent => "not installed".into(),
        }
    }
}

/// `HH:MM:SS UTC` of a Unix time (UTC: the same on every operator's screen).
fn clock_time(unix: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix) {
        Ok(t) => format!("{:02}:{:02}:{:02} UTC", t.hour(), t.minute(), t.second()),
        Err(_) => "an unknown time".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_keeps_its_start() {
        let first = SyncState::Stale {
            since: 10,
            reason: "a".into(),
        };
        let later = first.then(SyncState::Stale {
            since: 20,
            reason: "b".into(),
        });
        assert_eq!(
            later,
            SyncState::Stale {
                since: 10,
                reason: "b".into()
            }
        );
        assert!(
            SyncState::Forbidden {
                verb: "list".into(),
                resource: "secrets".into()
            }
            .severity()
                > SyncState::Synced.severity()
        );
        assert_eq!(later.label(), "▲ stale since 00:00:10 UTC");
        let huge = SyncState::Stale {
            since: i64::MAX,
            reason: "x".into(),
        };
        assert_eq!(huge.label(), "▲ stale since an unknown time");
    }
}
