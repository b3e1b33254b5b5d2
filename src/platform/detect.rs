//! Which platform the evidence points to: a pure function of [`Evidence`].
//!
//! | Evidence | Where kon reads it | Says |
//! |---|---|---|
//! | `gitVersion` contains `-eks-` | `/version` | EKS (or EKS Distro, see below) |
//! | `gitVersion` contains `-gke.` | `/version` | GKE |
//! | `gitVersion` contains `+k3s` / `+rke2` | `/version` | k3s / RKE2 |
//! | an API group `*.openshift.io` | `/apis` | OpenShift |
//! | node label `eks.amazonaws.com/*` | nodes | EKS |
//! | node label `cloud.google.com/gke-*` | nodes | GKE |
//! | node label `kubernetes.azure.com/*` | nodes | AKS |
//! | node label/annotation `k3s.io/*`, `instance-type=k3s`, providerID `k3s://` | nodes | k3s |
//! | node label/annotation `rke2.io/*`, `instance-type=rke2`, providerID `rke2://` | nodes | RKE2 |
//! | node label `node.openshift.io/*` | nodes | OpenShift |
//! | ConfigMap `kube-system/kubeadm-config` | configmaps | kubeadm |
//! | providerID `aws://`, `gce://`, `azure://` | nodes | the cloud only (weak) |
//! | control-plane static pods in kube-system | pods | a self-managed control plane (weak: kubeadm's layout) |
//! | nodes labelled `node-role.kubernetes.io/control-plane` | nodes | a self-managed control plane |
//! | `[contexts."NAME"] platform = "eks"` | config.toml | overrides all of the above |
//!
//! How it settles:
//! - A control plane the customer can see (static pods, control-plane
//!   nodes, kubeadm-config) rules out a managed platform, whatever else
//!   says so (EKS Anywhere runs EKS Distro, `-eks-` versions, on kubeadm).
//! - One platform named by what is left: that platform, with its evidence.
//! - Two or more named: `unknown`, with what each one rests on (conflict).
//! - None named: kubeadm when its static pods are seen; else `unknown`,
//!   saying what was seen (nodes on a cloud do not tell the provider's
//!   managed service from a cluster someone runs there).
//! - config.toml names one: that one, saying what detection would have
//!   said when it disagrees.

use std::collections::BTreeSet;

use super::evidence::{Evidence, INSTANCE_TYPE, MARKS};
use super::{Detection, Platform};

/// One clue: the platform it points to, whether it names it (or only
/// hints at it), and how the pane words it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clue {
    platform: Platform,
    names: bool,
    text: String,
}

/// The platform the evidence points to, and why (see the table above).
pub fn detect(e: &Evidence) -> Detection {
    let detected = judge(e);
    let Some(p) = e.configured else {
        return detected;
    };
    let mut evidence = vec![format!("config.toml: platform = \"{}\"", p.key())];
    if detected.platform != p && !detected.evidence.is_empty() {
        evidence.push(format!(
            "detected {} from: {}",
            detected.platform,
            detected.evidence.join("; ")
        ));
    }
    Detection {
        platform: p,
        evidence,
        configured: true,
    }
}

fn judge(e: &Evidence) -> Detection {
    let clues = clues(e);
    let visible = visible_control_plane(e);
    let mut evidence = Vec::new();
    let mut named: BTreeSet<Platform> = BTreeSet::new();
    for c in clues.iter().filter(|c| c.names) {
        match &visible {
            Some(seen) if c.platform.is_managed() => evidence.push(format!(
                "{} names {}, but the control plane is visible ({seen}): not managed",
                c.text, c.platform
            )),
            _ => {
                named.insert(c.platform);
            }
        }
    }
    let chosen = match named.len() {
        1 => named.first().copied(),
        0 if !e.static_pods.is_empty() => Some(Platform::Kubeadm),
        _ => None,
    };
    let Some(platform) = chosen else {
        if named.len() > 1 {
            evidence.insert(0, "conflicting evidence".to_string());
            let conflicting = clues.iter().filter(|c| c.names && named.contains(&c.platform));
            evidence.extend(conflicting.map(|c| format!("{}: {}", c.platform, c.text)));
        } else {
            evidence.extend(
                clues
                    .iter()
                    .map(|c| format!("{} (the cloud, not who runs the control plane)", c.text)),
            );
            if let Some(seen) = visible {
                evidence.push(format!("the control plane is visible ({seen}): self-managed"));
            }
        }
        return Detection {
            platform: Platform::Unknown,
            evidence,
            configured: false,
        };
    };
    let own = clues
        .iter()
        .filter(|c| c.platform == platform)
        .map(|c| c.text.clone());
    let mut used: Vec<String> = own.collect();
    used.extend(evidence);
    Detection {
        platform,
        evidence: used,
        configured: false,
    }
}

/// What shows a control plane the customer can see, if anything.
fn visible_control_plane(e: &Evidence) -> Option<String> {
    let mut seen = Vec::new();
    if !e.static_pods.is_empty() {
        seen.push("static pods".to_string());
    }
    if e.kubeadm_config {
        seen.push("kubeadm-config".to_string());
    }
    let cp = e.nodes.iter().filter(|n| n.control_plane).count();
    if cp > 0 {
        seen.push(format!(
            "{cp} control-plane node{}",
            if cp == 1 { "" } else { "s" }
        ));
    }
    (!seen.is_empty()).then(|| seen.join(", "))
}

/// Every clue, in the order the pane lists them.
fn clues(e: &Evidence) -> Vec<Clue> {
    let mut out = Vec::new();
    let mut clue = |platform, names, text: String| {
        out.push(Clue {
            platform,
            names,
            text,
        })
    };
    if let Some(v) = &e.git_version {
        let by_version = [
            ("-eks-", Platform::Eks),
            ("-gke.", Platform::Gke),
            ("+k3s", Platform::K3s),
            ("+rke2", Platform::Rke2),
        ];
        if let Some((_, p)) = by_version.iter().find(|(s, _)| v.contains(s)) {
            clue(*p, true, format!("gitVersion {v}"));
        }
    }
    let openshift: Vec<&String> = e
        .api_groups
        .iter()
        .filter(|g| g.ends_with(".openshift.io"))
        .collect();
    if let Some(first) = openshift.first() {
        clue(
            Platform::OpenShift,
            true,
            format!("API group {first}{}", more(openshift.len())),
        );
    }
    for (prefix, p) in MARKS {
        node_clue(e, |m| m.starts_with(prefix), *p, true, &mut clue);
    }
    for (value, p) in [("k3s", Platform::K3s), ("rke2", Platform::Rke2)] {
        let mark = format!("{INSTANCE_TYPE}={value}");
        node_clue(e, |m| m == mark, p, true, &mut clue);
    }
    for (scheme, p, names) in [
        ("k3s", Platform::K3s, true),
        ("rke2", Platform::Rke2, true),
        ("aws", Platform::Eks, false),
        ("gce", Platform::Gke, false),
        ("azure", Platform::Aks, false),
    ] {
        let nodes: Vec<&str> = (e.nodes.iter())
            .filter(|n| n.provider.as_deref() == Some(scheme))
            .map(|n| n.name.as_str())
            .collect();
        if let Some(first) = nodes.first() {
            let text = format!("node {first}{}: providerID {scheme}://", more(nodes.len()));
            clue(p, names, text);
        }
    }
    if e.kubeadm_config {
        clue(
            Platform::Kubeadm,
            true,
            "ConfigMap kube-system/kubeadm-config".into(),
        );
    }
    if !e.static_pods.is_empty() {
        let text = format!("static pods in kube-system: {}", e.static_pods.join(", "));
        clue(Platform::Kubeadm, false, text);
    }
    out
}

/// The clue of the nodes carrying a mark that `matches`: the first such
/// node and mark, and how many more nodes.
fn node_clue(
    e: &Evidence,
    matches: impl Fn(&str) -> bool,
    platform: Platform,
    names: bool,
    clue: &mut impl FnMut(Platform, bool, String),
) {
    let mut hits = e.nodes.iter().filter_map(|n| {
        n.marks
            .iter()
            .find(|m| matches(m))
            .map(|m| (n.name.as_str(), m.as_str()))
    });
    if let Some((node, mark)) = hits.next() {
        let count = 1 + hits.count();
        clue(platform, names, format!("node {node}{}: {mark}", more(count)));
    }
}

/// ` (+2 more)` for three things, nothing for one.
fn more(count: usize) -> String {
    if count > 1 {
        format!(" (+{} more)", count - 1)
    } else {
        String::new()
    }
}

#[cfg(test)]
#[path = "detect_tests.rs"]
mod tests;
