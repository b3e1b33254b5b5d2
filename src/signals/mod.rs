//! Pane models: pure functions from the store snapshot (and polled health)
//! to plain data that `ui/` draws and tests assert on.

pub mod backups;
pub mod certs;
pub mod control_plane;
pub mod etcd_live;
mod etcd_live_verdicts;
pub mod events;
pub mod health_text;
pub mod managed;
pub mod node_details;
pub mod nodes;
pub mod pods;
#[cfg(test)]
pub(crate) mod pods_fixtures;
pub mod pods_status;
pub mod pods_update;
pub mod quotas;
pub mod verdict;
pub mod workloads;
pub mod workloads_rows;
pub mod zones;

#[cfg(test)]
pub(crate) mod test_support;
