//! Scenarios: multi-document YAML of ordinary Kubernetes objects plus one
//! `SimCluster` document; parsing with line:column errors, the kinds they
//! hold, and the generator for large clusters.

pub mod builtin;
pub mod generate;
pub mod kinds;
pub mod scenario;
pub mod sim_cluster;
pub mod sim_time;
pub mod yaml_tree;
