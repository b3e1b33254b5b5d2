//! What a change to the cluster is, before it runs: its verb, the objects
//! it acts on, what a confirmation shows and asks, and its time bounds.

use std::time::Duration;

use super::etcd::EtcdOp;
use super::object::ObjectOp;
use crate::drain::plan::Plan;
use crate::drain::run::{CORDON_TIMEOUT, PER_REQUEST, RunSettings};

/// A change to the cluster, as the user asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Cordon (`on`) or uncordon the nodes, one after the other.
    SetUnschedulable {
        nodes: Vec<String>,
        on: bool,
        /// The whole request's bound.
        timeout: Duration,
    },
    /// Cordon each plan's node and evict its pods, one node after the other.
    Drain { plans: Vec<Plan>, settings: RunSettings },
    /// One operation on one object (delete a pod, …): one request to the
    /// API, run by [`super::OneShot`].
    Object(ObjectOp),
    /// An etcd action (snapshot, defrag, alarm disarm), run by [`super::OneShot`].
    Etcd(EtcdOp),
}

impl Request {
    /// Cordon (`on`) or uncordon `nodes`, within the console's default bound.
    pub fn cordon(nodes: Vec<String>, on: bool) -> Self {
        Request::SetUnschedulable {
            nodes,
            on,
            timeout: CORDON_TIMEOUT,
        }
    }

    /// The action's name in the audit log and in messages (`cordon`, `drain`).
    pub fn verb(&self) -> &'static str {
        match self {
            Request::SetUnschedulable { on: true, .. } => "cordon",
            Request::SetUnschedulable { on: false, .. } => "uncordon",
            Request::Drain { .. } => "drain",
            Request::Object(op) => op.change.verb(),
            Request::Etcd(op) => op.verb(),
        }
    }

    /// The nodes acted on, in order.
    pub fn nodes(&self) -> Vec<String> {
        match self {
            Request::SetUnschedulable { nodes, .. } => nodes.clone(),
            Request::Drain { plans, .. } => plans.iter().map(|p| p.node.clone()).collect(),
            Request::Object(_) | Request::Etcd(_) => vec![],
        }
    }

    /// The objects acted on, as the audit log names them (`node/a`, `pod/shop/x`).
    pub fn targets(&self) -> Vec<String> {
        match self {
            Request::Object(op) => vec![op.object.audit_target()],
            Request::Etcd(op) => op.targets(),
            _ => node_targets(&self.nodes()),
        }
    }

    /// The options the audit log records with it (`--grace-period=0 --force`);
    /// a drain records its own, per node.
    pub fn options(&self) -> Option<String> {
        match self {
            Request::Object(op) => op.change.options(),
            Request::Etcd(op) => op.options(),
            _ => None,
        }
    }

    /// The whole request's bound (the texts say `timed out after …`).
    pub fn timeout(&self) -> Duration {
        match self {
            Request::SetUnschedulable { timeout, .. } => *timeout,
            Request::Drain { settings, .. } => settings.timeout,
            Request::Object(op) => op.timeout,
            Request::Etcd(op) => op.timeout(),
        }
    }

    /// How long one API request may take.
    pub fn per_request(&self) -> Duration {
        match self {
            Request::SetUnschedulable { .. } => PER_REQUEST,
            Request::Drain { settings, .. } => settings.per_request,
            Request::Object(op) => op.timeout,
            Request::Etcd(_) => crate::etcd::client::REQUEST_TIMEOUT,
        }
    }

    /// kubectl's text and the audit outcome of a request that has nothing
    /// to do and sends nothing (a rollout undo to the running template).
    pub fn skipped(&self) -> Option<(String, String)> {
        match self {
            Request::Object(op) => op.skipped(),
            _ => None,
        }
    }

    /// What must be typed to confirm it when asked: the node's name, or
    /// the count of nodes.
    pub fn confirm_token(&self) -> String {
        if let Request::Object(op) = self {
            return op.object.name.clone();
        }
        if let Request::Etcd(op) = self {
            return op.confirm_token();
        }
        match self.nodes().as_slice() {
            [one] => one.clone(),
            all => all.len().to_string(),
        }
    }

    /// What a confirmation shows: `drain node/a, node/b`,
    /// `delete pod/x -n shop --grace-period=0 --force`.
    pub fn describe(&self) -> String {
        match self {
            Request::Object(op) => {
                let mut text = format!("{} {}", self.verb(), op.object.with_namespace());
                if let Some(o) = op.change.options() {
                    text.push(' ');
                    text.push_str(&o);
                }
                text
            }
            Request::Etcd(op) => op.describe(),
            _ => format!("{} {}", self.verb(), self.targets().join(", ")),
        }
    }
}

impl Request {
    /// What a confirmation says will change, on one line
    /// (`scale deployment.apps/checkout -n web 5 → 3`).
    pub fn summary(&self) -> String {
        match self {
            Request::Object(op) => op.summary(),
            _ => self.describe(),
        }
    }

    /// The risk a second confirmation must name (a forced deletion).
    pub fn risk(&self) -> Option<&'static str> {
        match self {
            Request::Object(op) => op.risk(),
            _ => None,
        }
    }

    /// What must be typed to complete the request (`replicas (now 5)`).
    pub fn prompt(&self) -> Option<String> {
        match self {
            Request::Object(op) => op.prompt(),
            _ => None,
        }
    }

    /// The request completed with the typed `value`, or why not.
    pub fn with_value(&self, value: &str) -> Result<Request, String> {
        match self {
            Request::Object(op) => op.with_value(value).map(Request::Object),
            _ => Ok(self.clone()),
        }
    }
}

/// `node/NAME` for each node.
pub fn node_targets(nodes: &[String]) -> Vec<String> {
    nodes.iter().map(|n| format!("node/{n}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_confirmation() {
        let r = Request::cordon(vec!["a".into(), "b".into()], false);
        assert_eq!(r.verb(), "uncordon");
        assert_eq!(r.targets(), ["node/a", "node/b"]);
        assert_eq!(r.confirm_token(), "2");
        assert_eq!(r.describe(), "uncordon node/a, node/b");
        assert_eq!(r.timeout(), CORDON_TIMEOUT);
        let one = Request::cordon(vec!["a".into()], true);
        assert_eq!((one.verb(), one.confirm_token()), ("cordon", "a".into()));
        assert_eq!(one.options(), None);
    }

    #[test]
    fn one_object_names_and_options() {
        use crate::actions::object::{Change, ObjectOp};
        use crate::cluster::ObjectRef;
        let r = Request::Object(ObjectOp::new(
            ObjectRef::pod("shop", "web-1"),
            Change::Delete {
                grace: Some(0),
                force: true,
            },
        ));
        assert_eq!(r.verb(), "delete");
        assert_eq!(r.targets(), ["pod/shop/web-1"]);
        assert_eq!(r.options().as_deref(), Some("--grace-period=0 --force"));
        assert_eq!(r.describe(), "delete pod/web-1 -n shop --grace-period=0 --force");
        assert_eq!(r.confirm_token(), "web-1");
        assert!(r.nodes().is_empty());
        assert_eq!(r.timeout(), crate::actions::object::TIMEOUT);
    }
}
