//! Pane models: pure functions from the store snapshot (and polled health)
//! to plain data that `ui/` draws and tests assert on.

pub mod backups;
pub mod certs;
pub mod control_plane;
pub mod etcd_live;
mod etcd_live_verdicts;
pub mod health_text;
pub mod managed;
pub mod nodes;
pub mod quotas;
pub mod verdict;
pub mod zones;

#[cfg(test)]
pub(crate) mod test_support;
