//! etcd's actions as one-operation requests ([`super::OneShot`]): snapshot
//! now from one member into the backup directory, the guided defrag, and
//! the disarming of an alarm. What each changes and how it is named in the
//! audit log and the confirmation; the operations are `etcd::snapshot_io`
//! and `etcd::defrag_io`.

use std::path::PathBuf;
use std::time::Duration;

use crate::etcd::defrag::Plan;
use crate::etcd::resolve::TlsFiles;

/// The longest a snapshot may take (a multi-GiB DB over a slow link).
pub const SNAPSHOT_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// Disarming an alarm: one request.
pub const DISARM_TIMEOUT: Duration = Duration::from_secs(30);

/// One etcd action and the credentials it goes with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtcdOp {
    pub change: EtcdChange,
    pub tls: TlsFiles,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EtcdChange {
    /// Stream a snapshot of `member` into `dir`.
    Snapshot {
        member: String,
        endpoint: String,
        dir: PathBuf,
        /// The member's DB size when asked: the progress's estimate.
        expected: Option<u64>,
    },
    /// Defragment the plan's members, one at a time.
    Defrag(Plan),
    /// Disarm `alarm` (`NOSPACE`) of a member.
    Disarm {
        member: String,
        member_id: u64,
        endpoint: String,
        alarm: String,
    },
}

impl EtcdOp {
    pub fn verb(&self) -> &'static str {
        match self.change {
            EtcdChange::Snapshot { .. } => "etcd-snapshot",
            EtcdChange::Defrag(_) => "etcd-defrag",
            EtcdChange::Disarm { .. } => "etcd-alarm-disarm",
        }
    }

    /// The members acted on, in order.
    pub fn members(&self) -> Vec<String> {
        match &self.change {
            EtcdChange::Snapshot { member, .. } | EtcdChange::Disarm { member, .. } => vec![member.clone()],
            EtcdChange::Defrag(p) => p.order.iter().map(|m| m.name.clone()).collect(),
        }
    }

    /// As the audit log names them: `etcd-member/m1`.
    pub fn targets(&self) -> Vec<String> {
        self.members()
            .iter()
            .map(|m| format!("etcd-member/{m}"))
            .collect()
    }

    pub fn options(&self) -> Option<String> {
        Some(match &self.change {
            EtcdChange::Snapshot { dir, .. } => format!("--dir={}", dir.display()),
            EtcdChange::Defrag(p) => format!("--pause={}s", p.pause.as_secs()),
            EtcdChange::Disarm { alarm, .. } => format!("--alarm={alarm}"),
        })
    }

    pub fn timeout(&self) -> Duration {
        match &self.change {
            EtcdChange::Snapshot { .. } => SNAPSHOT_TIMEOUT,
            EtcdChange::Defrag(p) => {
                let n = u32::try_from(p.order.len()).unwrap_or(u32::MAX);
                (crate::etcd::defrag_io::DEFRAG_TIMEOUT + p.pause + Duration::from_secs(30)).saturating_mul(n)
            }
            EtcdChange::Disarm { .. } => DISARM_TIMEOUT,
        }
    }

    /// What must be typed: the member's name; for the defrag, the leader's
    /// (defragmented last, it holds every write while it is).
    pub fn confirm_token(&self) -> String {
        match &self.change {
            EtcdChange::Defrag(p) => p
                .order
                .iter()
                .find(|m| m.leader)
                .or(p.order.last())
                .map(|m| m.name.clone())
                .unwrap_or_default(),
            _ => self.members().join(","),
        }
    }

    /// `etcd snapshot of member m1 into /var/backups/etcd`.
    pub fn describe(&self) -> String {
        match &self.change {
            EtcdChange::Snapshot { member, dir, .. } => {
                format!("etcd snapshot of member {member} into {}", dir.display())
            }
            EtcdChange::Defrag(_) => format!(
                "etcd defrag of {}, one at a time, the leader last",
                self.members().join(", ")
            ),
            EtcdChange::Disarm { member, alarm, .. } => {
                format!("etcd alarm disarm {alarm} of member {member}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::Request;
    use crate::etcd::defrag::{Member, plan};

    fn m(name: &str, id: u64, leader: bool) -> Member {
        Member {
            name: name.into(),
            id,
            endpoint: format!("https://{name}:2379"),
            leader,
        }
    }

    #[test]
    fn names_targets_options_and_the_typed_name() {
        let snap = Request::Etcd(EtcdOp {
            change: EtcdChange::Snapshot {
                member: "m1".into(),
                endpoint: "https://m1:2379".into(),
                dir: "/var/backups/etcd".into(),
                expected: None,
            },
            tls: TlsFiles::default(),
        });
        assert_eq!(snap.verb(), "etcd-snapshot");
        assert_eq!(snap.targets(), ["etcd-member/m1"]);
        assert_eq!(snap.options().as_deref(), Some("--dir=/var/backups/etcd"));
        assert_eq!(snap.confirm_token(), "m1");
        assert_eq!(
            snap.describe(),
            "etcd snapshot of member m1 into /var/backups/etcd"
        );
        assert_eq!(snap.timeout(), SNAPSHOT_TIMEOUT);
        let p = plan(
            &[m("m0", 1, true), m("m1", 2, false), m("m2", 3, false)],
            &[],
            Duration::from_secs(60),
        )
        .unwrap();
        let defrag = Request::Etcd(EtcdOp {
            change: EtcdChange::Defrag(p),
            tls: TlsFiles::default(),
        });
        assert_eq!(defrag.verb(), "etcd-defrag");
        assert_eq!(
            defrag.targets(),
            ["etcd-member/m1", "etcd-member/m2", "etcd-member/m0"]
        );
        assert_eq!(defrag.confirm_token(), "m0");
        assert_eq!(defrag.options().as_deref(), Some("--pause=60s"));
        assert_eq!(
            defrag.describe(),
            "etcd defrag of m1, m2, m0, one at a time, the leader last"
        );
        assert!(defrag.timeout() > Duration::from_secs(3 * 60));
        let disarm = Request::Etcd(EtcdOp {
            change: EtcdChange::Disarm {
                member: "m2".into(),
                member_id: 3,
                endpoint: "https://m2:2379".into(),
                alarm: "NOSPACE".into(),
            },
            tls: TlsFiles::default(),
        });
        assert_eq!(disarm.describe(), "etcd alarm disarm NOSPACE of member m2");
        assert_eq!(disarm.confirm_token(), "m2");
    }
}
