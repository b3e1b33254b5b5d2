//! What every rule shares: the inputs, the configuration, whether a kind
//! can be read, the live pods grouped by the workload that owns them
//! (built once, on first use), and the little texts of messages.

use std::cell::OnceCell;
use std::collections::HashMap;

use super::catalog::rule;
use super::{Config, Finding, Inputs, Severity};
use crate::cluster::store::records::{PodPhase, PodRecord};
use crate::cluster::store::{Kind, Store, SyncState};
use crate::signals::zones::deployment_of;

pub(crate) struct Ctx<'a> {
    pub inputs: &'a Inputs<'a>,
    pub store: &'a Store,
    pub config: &'a Config,
    /// The pods the timed rules over pods read (`None`: every pod), as
    /// the steady pass kept them ([`super::parts::TimedPods`]).
    pub timed_pods: Option<&'a [PodKey]>,
    groups: OnceCell<Groups<'a>>,
}

/// A pod's namespace and name, as the store keys it.
pub type PodKey = (std::sync::Arc<str>, Box<str>);

/// The live pods of one workload: its namespace, kind (`Deployment`,
/// `StatefulSet`, `DaemonSet`, `ReplicaSet`, `CronJob`, `Job`, another
/// controller's kind, or `Pod` for a pod with no controller) and name.
#[derive(Debug)]
pub(crate) struct Group<'a> {
    pub namespace: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    /// By name.
    pub pods: Vec<&'a PodRecord>,
}

type Key<'a> = (&'a str, &'a str, &'a str);

#[derive(Debug, Default)]
pub(crate) struct Groups<'a> {
    /// By namespace, kind, name.
    pub list: Vec<Group<'a>>,
    index: HashMap<Key<'a>, usize>,
}

impl<'a> Groups<'a> {
    pub fn get(&self, namespace: &str, kind: &str, name: &str) -> Option<&Group<'a>> {
        self.index.get(&(namespace, kind, name)).map(|&i| &self.list[i])
    }
}

/// Not terminating, not finished.
pub(crate) fn live(p: &PodRecord) -> bool {
    !p.terminating && !matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed)
}

/// Why a kind's data cannot be used (`None`: it can). Stale data (a watch
/// that failed after a sync) is used; a kind that is not served (`Absent`)
/// has no objects.
pub(crate) fn unusable(state: &SyncState) -> Option<&'static str> {
    match state {
        SyncState::Synced | SyncState::Stale { .. } | SyncState::Absent => None,
        SyncState::NotStarted | SyncState::Syncing { .. } => Some("not read yet"),
        SyncState::Forbidden { .. } => Some("forbidden"),
        SyncState::Unreachable { .. } => Some("unreachable"),
    }
}

/// The kind as `not_checked` names it: `pods`, `secrets`, `leases`.
pub(crate) fn kind_name(kind: Kind) -> &'static str {
    let r = kind.resource();
    r.split('.').next().unwrap_or(r)
}

impl<'a> Ctx<'a> {
    pub fn new(inputs: &'a Inputs<'a>, config: &'a Config) -> Self {
        Self {
            inputs,
            store: inputs.store,
            config,
            timed_pods: None,
            groups: OnceCell::new(),
        }
    }

    /// `Ok` when every kind can be read, else why not, one line per kind.
    pub fn need(&self, kinds: &[Kind]) -> Result<(), Vec<String>> {
        let why: Vec<String> = kinds
            .iter()
            .filter_map(|&k| unusable(self.store.state(k)).map(|w| format!("{}: {w}", kind_name(k))))
            .collect();
        if why.is_empty() { Ok(()) } else { Err(why) }
    }

    /// Whether one kind can be read.
    pub fn can_read(&self, kind: Kind) -> bool {
        unusable(self.store.state(kind)).is_none()
    }

    /// The live pods by workload (static pods left out); built on first use.
    pub fn groups(&self) -> &Groups<'a> {
        self.groups.get_or_init(|| build_groups(self.store))
    }
}

fn build_groups(store: &Store) -> Groups<'_> {
    let readable = |s: &SyncState| unusable(s).is_none();
    // A ReplicaSet's Deployment as the ReplicaSet says (None: its own).
    let rs_owner: HashMap<(&str, &str), Option<&str>> = if readable(&store.replicasets.state) {
        store
            .replicasets
            .items
            .iter()
            .map(|((ns, name), rs)| ((&**ns, &**name), rs.deployment.as_deref()))
            .collect()
    } else {
        HashMap::new()
    };
    // A CronJob's Jobs.
    let job_owner: HashMap<(&str, &str), &str> = if readable(&store.jobs.state) {
        store
            .jobs
            .items
            .values()
            .filter_map(|j| Some(((&*j.namespace, &*j.name), j.cronjob.as_deref()?)))
            .collect()
    } else {
        HashMap::new()
    };
    let mut groups = Groups::default();
    for p in store.pods.items.values().filter(|p| live(p) && !p.mirror) {
        let ns = &*p.namespace;
        let (kind, name): (&str, &str) = match &p.owner {
            None => ("Pod", &p.name),
            Some((kind, owner)) => match &**kind {
                "ReplicaSet" => match rs_owner.get(&(ns, &**owner)) {
                    Some(Some(d)) => ("Deployment", *d),
                    Some(None) => ("ReplicaSet", &**owner),
                    None => {
                        let hash = p
                            .labels
                            .iter()
                            .find(|(k, _)| &**k == "pod-template-hash")
                            .map(|(_, v)| &**v);
                        match deployment_of(owner, hash) {
                            Some(d) => ("Deployment", d),
                            None => ("ReplicaSet", &**owner),
                        }
                    }
                },
                "Job" => match job_owner.get(&(ns, &**owner)) {
                    Some(c) => ("CronJob", *c),
                    None => ("Job", &**owner),
                },
                k => (k, &**owner),
            },
        };
        let next = groups.list.len();
        let i = *groups.index.entry((ns, kind, name)).or_insert(next);
        if i == next {
            groups.list.push(Group {
                namespace: ns,
                kind,
                name,
                pods: Vec::new(),
            });
        }
        groups.list[i].pods.push(p);
    }
    for g in &mut groups.list {
        g.pods.sort_by(|a, b| a.name.cmp(&b.name));
    }
    groups
        .list
        .sort_by(|a, b| (a.namespace, a.kind, a.name).cmp(&(b.namespace, b.kind, b.name)));
    groups.index = groups
        .list
        .iter()
        .enumerate()
        .map(|(i, g)| ((g.namespace, g.kind, g.name), i))
        .collect();
    groups
}

/// A finding of rule `id` at its default severity, with its remediation.
pub(crate) fn finding(
    id: &'static str,
    kind: &str,
    namespace: Option<&str>,
    name: &str,
    message: String,
) -> Finding {
    let r = rule(id);
    Finding {
        id,
        severity: r.map_or(Severity::Warning, |r| r.severity),
        kind: kind.to_owned(),
        namespace: namespace.map(str::to_owned),
        name: name.to_owned(),
        message,
        remediation: r.map_or_else(String::new, |r| r.remediation.to_owned()),
    }
}

impl Finding {
    /// The same finding at severity `s`.
    pub(crate) fn at(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }
}

/// A finding about the cluster as a whole.
pub(crate) fn cluster_finding(id: &'static str, message: String) -> Finding {
    finding(id, "Cluster", None, "cluster", message)
}

/// `1 pod`, `3 pods`.
pub(crate) fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Names shown in a message before `(+N more)`.
pub(crate) const SHOWN: usize = 3;

/// `a, b, c (+2 more)`.
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let mut s = items
        .iter()
        .take(SHOWN)
        .map(|i| i.as_ref())
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        s.push_str(&format!(" (+{} more)", items.len() - SHOWN));
    }
    s
}

/// An image as a message shows it: the last path segment, a digest cut
/// short (`registry.example.com/team/app:1.2` is `app:1.2`).
pub(crate) fn short_image(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once("@sha256:") {
        Some((name, digest)) => format!("{name}@sha256:{}", &digest[..digest.len().min(12)]),
        None => last.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::test_support::{add_pod, owned, pod, synced};

    #[test]
    fn texts() {
        assert_eq!(count(1, "pod"), "1 pod");
        assert_eq!(count(2, "pod"), "2 pods");
        assert_eq!(list(&["a", "b"]), "a, b");
        assert_eq!(list(&["a", "b", "c", "d", "e"]), "a, b, c (+2 more)");
        assert_eq!(short_image("registry.example.com/team/app:1.2"), "app:1.2");
        assert_eq!(short_image("nginx"), "nginx");
        assert_eq!(
            short_image("host:5000/app@sha256:0123456789abcdef0123"),
            "app@sha256:0123456789ab"
        );
    }

    #[test]
    fn pods_group_by_their_workload() {
        let mut s = synced();
        s.replicasets.state = SyncState::Synced;
        s.jobs.state = SyncState::Synced;
        let hash = [("pod-template-hash", "7d9f8")];
        // ReplicaSets not listed: the Deployment is derived from the name.
        add_pod(
            &mut s,
            owned("web", "api-7d9f8-a", None, "ReplicaSet", "api-7d9f8", &hash),
        );
        add_pod(
            &mut s,
            owned("web", "api-7d9f8-b", None, "ReplicaSet", "api-7d9f8", &hash),
        );
        add_pod(&mut s, owned("web", "db-0", None, "StatefulSet", "db", &[]));
        add_pod(
            &mut s,
            owned("web", "one-off", None, "ReplicaSet", "one-off", &[]),
        );
        add_pod(&mut s, owned("web", "nightly-1-x", None, "Job", "nightly-1", &[]));
        add_pod(&mut s, pod("default", "debug", None));
        let mut gone = pod("default", "old", None);
        gone.phase = PodPhase::Succeeded;
        add_pod(&mut s, gone);
        let mut mirror = pod("kube-system", "etcd-cp-1", None);
        mirror.mirror = true;
        add_pod(&mut s, mirror);
        let inputs = Inputs {
            etcd: None,
            store: &s,
            control_plane: None,
            certs: None,
            backups: None,
            quotas: None,
            zones: None,
            platform: &crate::platform::UNKNOWN,
            now: 0,
        };
        let config = Config::default();
        let ctx = Ctx::new(&inputs, &config);
        let g = ctx.groups();
        let keys: Vec<_> = g
            .list
            .iter()
            .map(|g| (g.namespace, g.kind, g.name, g.pods.len()))
            .collect();
        assert_eq!(
            keys,
            [
                ("default", "Pod", "debug", 1),
                ("web", "Deployment", "api", 2),
                ("web", "Job", "nightly-1", 1),
                ("web", "ReplicaSet", "one-off", 1),
                ("web", "StatefulSet", "db", 1),
            ]
        );
        assert_eq!(
            g.get("web", "Deployment", "api").map(|g| g.pods[0].name.as_ref()),
            Some("api-7d9f8-a")
        );
    }
}
