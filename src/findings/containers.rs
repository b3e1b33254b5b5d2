//! Container rules: requests, limits, probes, privilege, Secrets in env,
//! image tags. One finding per workload (see `context::Group`), naming the
//! containers by image and saying in how many of its live pods.

use std::collections::BTreeSet;

use super::Severity::{Info, Warning};
use super::context::{Ctx, Group, count, finding, list, short_image};
use super::{Finding, RuleResult};
use crate::cluster::store::Kind;
use crate::cluster::store::records::{ContainerRecord, PodRecord};

/// What a rule says of a bad container: a short note (`""` for none).
type Bad = fn(&PodRecord, &ContainerRecord) -> Option<&'static str>;

/// The pods of `g` with a bad container, and the distinct (image, note) pairs.
fn scan<'a>(g: &Group<'a>, bad: Bad) -> Option<(usize, BTreeSet<(&'a str, &'static str)>)> {
    let mut pods = 0;
    let mut items = BTreeSet::new();
    for p in &g.pods {
        let mut hit = false;
        for c in p.containers.iter() {
            if let Some(note) = bad(p, c) {
                hit = true;
                items.insert((&*c.image, note));
            }
        }
        pods += usize::from(hit);
    }
    (pods > 0).then_some((pods, items))
}

/// `in 3 of 12 pods`, or nothing for a workload of one pod.
pub(super) fn in_pods(hit: usize, total: usize) -> String {
    if total <= 1 {
        String::new()
    } else {
        format!(" in {hit} of {}", count(total, "pod"))
    }
}

/// One finding per workload with a bad container: `{what}: {images}{in pods}`.
fn per_workload(ctx: &Ctx, id: &'static str, what: &str, keep: fn(&Group) -> bool, bad: Bad) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Pods]) {
        return RuleResult::blocked(why);
    }
    let mut out = RuleResult::default();
    for g in ctx.groups().list.iter().filter(|g| keep(g)) {
        let Some((hit, items)) = scan(g, bad) else {
            continue;
        };
        out.findings.push(workload_finding(id, g, what, &items, hit));
    }
    out
}

pub(super) fn workload_finding(
    id: &'static str,
    g: &Group,
    what: &str,
    items: &BTreeSet<(&str, &str)>,
    hit: usize,
) -> Finding {
    let names: Vec<String> = items
        .iter()
        .map(|(image, note)| match *note {
            "" => short_image(image),
            n => format!("{} ({n})", short_image(image)),
        })
        .collect();
    let message = format!("{what}: {}{}", list(&names), in_pods(hit, g.pods.len()));
    finding(id, g.kind, Some(g.namespace), g.name, message)
}

fn any(_: &Group) -> bool {
    true
}

/// No cpu or no memory request.
pub(super) fn no_requests(ctx: &Ctx) -> RuleResult {
    per_workload(
        ctx,
        "container-no-requests",
        "containers without requests",
        any,
        |_, c| match (c.cpu_request_milli.is_some(), c.memory_request.is_some()) {
            (true, true) => None,
            (false, true) => Some("cpu"),
            (true, false) => Some("memory"),
            (false, false) => Some("cpu, memory"),
        },
    )
}

/// No memory limit.
pub(super) fn no_limits(ctx: &Ctx) -> RuleResult {
    per_workload(
        ctx,
        "container-no-limits",
        "containers without a memory limit",
        any,
        |_, c| c.memory_limit.is_none().then_some(""),
    )
}

/// A container that declares ports (it serves) without a readiness probe.
pub(super) fn no_readiness_probe(ctx: &Ctx) -> RuleResult {
    per_workload(
        ctx,
        "container-no-readiness-probe",
        "serving containers without a readiness probe",
        any,
        |_, c| (c.serving && !c.readiness_probe).then_some(""),
    )
}

/// A long-running container (not of a Job or CronJob) without a liveness probe.
pub(super) fn no_liveness_probe(ctx: &Ctx) -> RuleResult {
    per_workload(
        ctx,
        "container-no-liveness-probe",
        "containers without a liveness probe",
        |g| !matches!(g.kind, "Job" | "CronJob"),
        |_, c| (!c.liveness_probe).then_some(""),
    )
}

/// Privileged (warning), or only allowPrivilegeEscalation not set to
/// false (info: it is the default, and Pod Security's restricted level
/// forbids it).
pub(super) fn privileged(ctx: &Ctx) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Pods]) {
        return RuleResult::blocked(why);
    }
    let bad: Bad = |_, c| {
        if c.privileged {
            Some(PRIVILEGED)
        } else if c.escalation_not_false {
            Some("allowPrivilegeEscalation not false")
        } else {
            None
        }
    };
    let mut out = RuleResult::default();
    for g in &ctx.groups().list {
        let Some((hit, items)) = scan(g, bad) else {
            continue;
        };
        let severity = if items.iter().any(|(_, n)| *n == PRIVILEGED) {
            Warning
        } else {
            Info
        };
        let f = workload_finding(
            "container-privileged",
            g,
            "containers with privilege",
            &items,
            hit,
        );
        out.findings.push(f.at(severity));
    }
    out
}

const PRIVILEGED: &str = "privileged";

/// `secretKeyRef` or `envFrom.secretRef`.
pub(super) fn secret_in_env(ctx: &Ctx) -> RuleResult {
    per_workload(
        ctx,
        "secret-in-env",
        "Secret values in the environment of",
        any,
        |_, c| c.secret_env.then_some(""),
    )
}

/// Why `image` is not pinned: `no tag` or `latest`; `None` when it has a
/// tag other than `latest`, or a digest. A registry port (`host:5000/app`)
/// is not a tag.
pub(crate) fn unpinned(image: &str) -> Option<&'static str> {
    let image = image.trim();
    if image.is_empty() || image.contains('@') {
        return None;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        None | Some((_, "")) => Some("no tag"),
        Some((_, "latest")) => Some("latest"),
        Some(_) => None,
    }
}

pub(super) fn image_latest_tag(ctx: &Ctx) -> RuleResult {
    per_workload(ctx, "image-latest-tag", "unpinned images", any, |_, c| {
        unpinned(&c.image).map(|why| if why == "latest" { "" } else { why })
    })
}

#[cfg(test)]
#[path = "containers_tests.rs"]
mod tests;
