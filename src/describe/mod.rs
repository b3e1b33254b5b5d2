//! One object, read whole: fetched by reference through the API (as JSON,
//! Secret values redacted before anything else sees them), and shown two
//! ways as plain lines tagged with theme scopes (like `pages`): the facts
//! `kubectl describe` leads with, per kind, and the object as YAML in
//! kubectl's `-o yaml` look. `app` scrolls and searches the lines, `ui`
//! styles them.

mod events;
pub mod fetch;
mod generic;
pub mod kinds;
mod layout;
mod node;
mod pod;
mod pod_containers;
pub mod redact;
mod workload;
pub mod yaml;

pub use layout::lines;

/// One line: pieces of text with the theme scope that styles them.
pub type Line = crate::pages::PaneLine;

/// The object to read: its kind (`Pod`, `Deployment`…), namespace (none
/// for a cluster-scoped kind) and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
}

impl Target {
    /// The kind as the API names it when kon knows it (`deploy` → `Deployment`).
    pub fn new(kind: &str, namespace: Option<&str>, name: &str) -> Self {
        Self {
            kind: kinds::lookup(kind).map_or(kind, |k| k.kind).to_string(),
            namespace: namespace.filter(|n| !n.is_empty()).map(str::to_string),
            name: name.to_string(),
        }
    }
}

impl std::fmt::Display for Target {
    /// kubectl's way of naming it: `pod/x`, `deployment.apps/x`, `node/x`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match kinds::lookup(&self.kind) {
            Some(k) => write!(f, "{}/{}", k.singular_group(), self.name),
            None => write!(f, "{}/{}", self.kind.to_lowercase(), self.name),
        }
    }
}

#[cfg(test)]
pub(crate) mod layout_tests;
#[cfg(test)]
mod redact_tests;
#[cfg(test)]
mod yaml_tests;
