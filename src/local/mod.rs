//! Sources kon reads from the local machine (not from the cluster): each a
//! small, synchronous read whose result a pane model takes as plain data.

pub mod backup_dir;
pub mod snapshot_check;
