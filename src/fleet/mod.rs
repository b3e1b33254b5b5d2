//! The fleet: every context's health at once. Which contexts
//! ([`select`]: all of the merged kubeconfig, `--contexts a,b`, globs,
//! `[fleet] contexts`), one row per context ([`row`]: its figures, the
//! errors of what could not be read, the worst verdict), ordered worst
//! first. The pure parts live here; the probe that fills a row talks to
//! the cluster.

pub mod probe;
pub mod probe_figures;
pub mod row;
pub mod select;
pub mod words;
