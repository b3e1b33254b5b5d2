//! Views of Namespaces and of what constrains them: ResourceQuotas (used
//! and hard, as numbers) and LimitRanges (only that they exist).

use std::sync::Arc;

use super::intern::Interner;
use super::records::{bytes, cpu_milli};
use crate::cluster::slim::namespace::{SlimLimitRange, SlimNamespace, SlimResourceQuota};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceRecord {
    pub name: Arc<str>,
    /// `pod-security.kubernetes.io/enforce`, if set.
    pub pod_security_enforce: Option<Arc<str>>,
    pub terminating: bool,
}

impl NamespaceRecord {
    pub fn from_slim(n: &SlimNamespace, i: &mut Interner) -> Self {
        Self {
            name: i.get(n.metadata.name.as_deref().unwrap_or("")),
            pod_security_enforce: n
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.get("pod-security.kubernetes.io/enforce"))
                .map(|v| i.get(v)),
            terminating: n.metadata.deletion_timestamp.is_some(),
        }
    }
}

/// A quantity as a number in the resource's natural unit: cores for `cpu`
/// (and `*.cpu`), bytes for memory and storage, a count otherwise.
pub fn quantity(resource: &str, q: &str) -> Option<f64> {
    if resource == "cpu" || resource.ends_with(".cpu") {
        cpu_milli(q).map(|m| m as f64 / 1000.0)
    } else {
        bytes(q).map(|b| b as f64).or_else(|| q.trim().parse().ok())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuotaRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// (resource, used, hard) for every resource with a hard limit.
    pub resources: Vec<(Arc<str>, f64, f64)>,
}

impl QuotaRecord {
    pub fn from_slim(q: &SlimResourceQuota, i: &mut Interner) -> Self {
        let resources = q
            .status
            .hard
            .iter()
            .filter_map(|(r, hard)| {
                let hard = quantity(r, hard)?;
                let used = q.status.used.get(r).and_then(|u| quantity(r, u)).unwrap_or(0.0);
                Some((i.get(r), used, hard))
            })
            .collect();
        Self {
            namespace: i.get(q.metadata.namespace.as_deref().unwrap_or("")),
            name: i.get(q.metadata.name.as_deref().unwrap_or("")),
            resources,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitRangeRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
}

impl LimitRangeRecord {
    pub fn from_slim(l: &SlimLimitRange, i: &mut Interner) -> Self {
        Self {
            namespace: i.get(l.metadata.namespace.as_deref().unwrap_or("")),
            name: i.get(l.metadata.name.as_deref().unwrap_or("")),
        }
    }
}
