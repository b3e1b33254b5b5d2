//! Views of ClusterRoleBindings: the role and its subjects.

use std::sync::Arc;

use super::intern::Interner;
use crate::cluster::slim::rbac::SlimClusterRoleBinding;

/// A subject of a binding: kind (`User`, `Group`, `ServiceAccount`), name,
/// and namespace for service accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectRecord {
    pub kind: Arc<str>,
    pub name: Arc<str>,
    pub namespace: Option<Arc<str>>,
}

/// A ClusterRoleBinding: the ClusterRole it grants and to whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterRoleBindingRecord {
    pub name: Arc<str>,
    pub role: Arc<str>,
    pub subjects: Vec<SubjectRecord>,
}

impl ClusterRoleBindingRecord {
    pub fn from_slim(b: &SlimClusterRoleBinding, i: &mut Interner) -> Self {
        Self {
            name: i.get(b.metadata.name.as_deref().unwrap_or("")),
            role: i.get(&b.role_ref.name),
            subjects: b
                .subjects
                .iter()
                .map(|s| SubjectRecord {
                    kind: i.get(&s.kind),
                    name: i.get(&s.name),
                    namespace: s.namespace.as_deref().map(|n| i.get(n)),
                })
                .collect(),
        }
    }
}
