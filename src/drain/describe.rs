//! A drain plan as the user reads it before anything changes (the CLI and
//! the console show the same text).

use super::plan::{Plan, PodRef};

/// The plan as the user reads it before anything changes.
pub fn describe(p: &Plan) -> String {
    let name = |r: &PodRef| format!("{}/{}", r.namespace, r.name);
    let mut out = format!("{}\n", p.summary());
    for r in &p.evict {
        out.push_str(&format!("  evict   {}\n", name(r)));
    }
    for (r, why) in &p.skipped {
        out.push_str(&format!("  skip    {} ({})\n", name(r), why.text()));
    }
    for (r, why) in &p.refused {
        let why: Vec<&str> = why.iter().map(|w| w.text()).collect();
        out.push_str(&format!("  REFUSED {} ({})\n", name(r), why.join("; ")));
    }
    for b in &p.blockers {
        out.push_str(&format!(
            "  BLOCKED by PodDisruptionBudget {}/{} ({} disruption(s) allowed now) for {} pod(s)\n",
            b.pdb.namespace,
            b.pdb.name,
            b.allowed,
            b.pods.len()
        ));
    }
    for w in &p.warnings {
        out.push_str(&format!("  warning: {w}\n"));
    }
    out
}
