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

#[cfg(test)]
pub(crate) mod layout_tests;
#[cfg(test)]
mod redact_tests;
#[cfg(test)]
mod yaml_tests;
