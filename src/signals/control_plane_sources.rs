//! Where the control-plane pane's instances come from: API server identity
//! leases, the leader leases, control-plane nodes and static pods.

use std::sync::Arc;

use super::{
    ApiServer, COMPONENTS, Component, ControlPlaneNode, DEFAULT_LEASE_SECS, Leader, LeaderStatus, StaticPod,
    staleness,
};
use crate::cluster::store::Store;

pub(super) fn apiservers(store: &Store, now: i64) -> Vec<ApiServer> {
    let mut v: Vec<ApiServer> = store
        .leases
        .items
        .values()
        .filter(|l| l.apiserver_identity)
        .map(|l| {
            let duration = l.duration_seconds.map_or(DEFAULT_LEASE_SECS, i64::from);
            let stale = staleness(l, duration, now);
            ApiServer {
                name: l.name.clone(),
                holder: l.holder.clone(),
                renewed: l.renewed,
                duration,
                stale,
            }
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

pub(super) fn leader(store: &Store, component: &'static str, leases_ok: bool, now: i64) -> Leader {
    let lease = store
        .leases
        .items
        .get(&(Arc::from("kube-system"), component.into()));
    let duration = lease
        .and_then(|l| l.duration_seconds)
        .map_or(DEFAULT_LEASE_SECS, i64::from);
    let stale = lease.is_some_and(|l| staleness(l, duration, now));
    let status = match lease {
        _ if !leases_ok => LeaderStatus::Unknown,
        None => LeaderStatus::Missing,
        Some(l) if l.holder.is_none() => LeaderStatus::NoHolder,
        Some(_) if stale => LeaderStatus::Stale,
        Some(_) => LeaderStatus::Fresh,
    };
    Leader {
        component,
        holder: lease.and_then(|l| l.holder.clone()),
        renewed: lease.and_then(|l| l.renewed),
        duration,
        status,
    }
}

pub(super) fn cp_nodes(store: &Store) -> Vec<ControlPlaneNode> {
    let mut v: Vec<ControlPlaneNode> = store
        .nodes
        .items
        .values()
        .filter(|n| n.control_plane)
        .map(|n| ControlPlaneNode {
            name: n.name.clone(),
            zone: n.zone.clone(),
            readiness: n.readiness,
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

pub(super) fn components(store: &Store, pods_ok: bool) -> Vec<Component> {
    let mut out: Vec<Component> = COMPONENTS
        .into_iter()
        .map(|name| Component {
            name,
            pods: Vec::new(),
        })
        .collect();
    if !pods_ok {
        return out;
    }
    for p in store.pods.items.values().filter(|p| !p.terminating) {
        let Some(comp) = p.control_plane_component.as_deref() else {
            continue;
        };
        let Some(c) = out.iter_mut().find(|c| c.name == comp) else {
            continue;
        };
        let zone = p
            .node
            .as_ref()
            .and_then(|n| store.nodes.items.get(n))
            .and_then(|n| n.zone.clone());
        c.pods.push(StaticPod {
            name: Box::from(&*p.name),
            node: p.node.clone(),
            zone,
            ready: p.ready,
        });
    }
    for c in &mut out {
        c.pods.sort_by(|a, b| (&a.node, &a.name).cmp(&(&b.node, &b.name)));
    }
    out
}
