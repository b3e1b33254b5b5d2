//! The object store of the simulated API server: typed resources holding
//! plain Kubernetes JSON, resourceVersions, watch history, selectors, patches.

pub mod api_error;
pub mod field_selector;
pub mod name_rules;
pub mod object_meta;
pub mod patch;
pub mod resource_type;
pub mod rfc3339;
pub mod selector;
pub mod selector_parse;
pub mod store;
pub mod store_create;
mod store_index;
pub mod store_list;
pub mod store_watch;
pub mod store_write;
pub mod stored;
pub mod strategic_merge;
