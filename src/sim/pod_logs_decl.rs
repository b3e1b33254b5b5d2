//! What a scenario's pods log: the SimCluster document's `logs` list. Each
//! entry names a pod, or a workload whose pods (recreated ones too) it
//! covers, and says what their containers write: `lines` (cycled), a
//! `rate` in lines per second, and a `crash` message written before a
//! container exits with an error. The declaration stays in the SimCluster
//! document: the served objects carry no trace of it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::scenarios::sim_cluster::FieldError;

/// The highest rate a declaration may ask for (lines per second).
pub const MAX_RATE: f64 = 1_000_000.0;

/// Workload kinds a declaration may name, with where they are served.
const WORKLOADS: &[(&str, &str, &str)] = &[
    ("Deployment", "apps", "deployments"),
    ("ReplicaSet", "apps", "replicasets"),
    ("StatefulSet", "apps", "statefulsets"),
    ("DaemonSet", "apps", "daemonsets"),
    ("Job", "batch", "jobs"),
    ("CronJob", "batch", "cronjobs"),
];

/// One `logs` entry of the SimCluster document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodLogDecl {
    /// The pod's namespace (default `default`).
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// One pod, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod: Option<String>,
    /// Every pod of a workload, `KIND/NAME` (`Deployment/ledger`): pods it
    /// owns directly or through a ReplicaSet or Job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    /// One container (default: every container of the pod).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// What the container writes, one entry a line, cycled.
    pub lines: Vec<String>,
    /// Lines per second while the container runs (default 1).
    #[serde(default = "default_rate")]
    pub rate: f64,
    /// Written when the container exits with an error (a stack trace,
    /// an out-of-memory line); may hold several lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crash: Option<String>,
}

fn default_namespace() -> String {
    "default".into()
}

fn default_rate() -> f64 {
    1.0
}

fn err(index: usize, field: &str, message: String) -> FieldError {
    FieldError {
        path: vec!["logs".into(), index.to_string(), field.into()],
        message,
    }
}

impl PodLogDecl {
    /// Checks entry `index` of the `logs` list.
    pub fn validate(&self, index: usize) -> Result<(), FieldError> {
        match (&self.pod, &self.workload) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(err(index, "pod", "name either a pod or a workload".into()));
            }
            (Some(p), None) if p.is_empty() => {
                return Err(err(index, "pod", "pod must not be empty".into()));
            }
            (None, Some(w)) if workload_ref(w).is_none() => {
                let kinds: Vec<&str> = WORKLOADS.iter().map(|(k, _, _)| *k).collect();
                return Err(err(
                    index,
                    "workload",
                    format!("{w:?} is not KIND/NAME with KIND one of {}", kinds.join(", ")),
                ));
            }
            _ => {}
        }
        if self.lines.is_empty() {
            return Err(err(index, "lines", "lines must hold at least one line".into()));
        }
        if !(self.rate > 0.0 && self.rate <= MAX_RATE) {
            return Err(err(
                index,
                "rate",
                format!("rate must be above 0 and at most {MAX_RATE} lines per second"),
            ));
        }
        if self.container.as_deref() == Some("") {
            return Err(err(index, "container", "container must not be empty".into()));
        }
        Ok(())
    }

    /// The crash message's lines (none when not declared).
    pub fn crash_lines(&self) -> Vec<String> {
        self.crash
            .as_deref()
            .map(|c| c.trim_end_matches('\n').lines().map(str::to_string).collect())
            .unwrap_or_default()
    }
}

/// `KIND/NAME` of a workload: (kind, group, plural, name).
pub fn workload_ref(text: &str) -> Option<(&'static str, &'static str, &'static str, &str)> {
    let (kind, name) = text.split_once('/')?;
    let (k, g, p) = WORKLOADS.iter().find(|(k, _, _)| k.eq_ignore_ascii_case(kind))?;
    (!name.is_empty()).then_some((*k, *g, *p, name))
}

/// An owner: (kind, name).
pub type Owner = (String, String);

/// The controller owner of `obj`.
pub fn controller_of(obj: &Value) -> Option<Owner> {
    obj.pointer("/metadata/ownerReferences")?
        .as_array()?
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        .map(|r| {
            let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            (s("kind"), s("name"))
        })
}

/// The declaration for `container` of `pod`, the first that matches.
/// `parent(kind, name)` is the controller owner of the namespace's object
/// of that kind (a ReplicaSet's Deployment, a Job's CronJob).
pub fn find<'a>(
    decls: &'a [PodLogDecl],
    pod: &Value,
    container: &str,
    parent: &dyn Fn(&str, &str) -> Option<Owner>,
) -> Option<&'a PodLogDecl> {
    let s = |p: &str| pod.pointer(p).and_then(Value::as_str).unwrap_or("");
    let (ns, name) = (s("/metadata/namespace"), s("/metadata/name"));
    let mut owners: Vec<Owner> = Vec::new();
    let mut next = controller_of(pod);
    while let Some((kind, owner)) = next.take() {
        if owners.len() < 3 {
            next = parent(&kind, &owner);
            owners.push((kind, owner));
        }
    }
    decls.iter().find(|d| {
        d.namespace == ns
            && d.container.as_deref().is_none_or(|c| c == container)
            && match (&d.pod, d.workload.as_deref().and_then(workload_ref)) {
                (Some(p), _) => p == name,
                (None, Some((kind, _, _, wname))) => owners.iter().any(|(k, n)| k == kind && n == wname),
                _ => false,
            }
    })
}

/// Where a workload kind is served: (group, plural).
pub fn served_at(kind: &str) -> Option<(&'static str, &'static str)> {
    WORKLOADS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, g, p)| (*g, *p))
}
