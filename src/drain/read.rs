//! What a headless drain reads to plan: the node, its pods, every
//! PodDisruptionBudget and DaemonSet, into a store of its own. Each read is
//! retried when throttled, failing or unanswered, within the command's
//! deadline.

use kube::api::{Api, ListParams};

use super::run::failure_text;
use crate::cluster::retry::{self, Budget};
use crate::cluster::slim::apps::SlimDaemonSet;
use crate::cluster::slim::node::SlimNode;
use crate::cluster::slim::pod::SlimPod;
use crate::cluster::slim::policy::SlimPdb;
use crate::cluster::store::kinds::Event;
use crate::cluster::store::{Delta, Store};

type Meta = k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

fn key(m: &Meta) -> (String, String) {
    (
        m.namespace.clone().unwrap_or_default(),
        m.name.clone().unwrap_or_default(),
    )
}

/// The objects a drain plan of `node` needs; the error says which read failed and why.
pub async fn for_plan(client: &kube::Client, node: &str, budget: Budget) -> Result<Store, String> {
    let nodes = Api::<SlimNode>::all(client.clone());
    let n = retry::retry(budget, || nodes.get_opt(node))
        .await
        .map_err(|f| format!("reading node {node}: {}", failure_text(&f)))?
        .ok_or_else(|| format!("Error from server (NotFound): nodes \"{node}\" not found"))?;
    let on_node = ListParams::default().fields(&format!("spec.nodeName={node}"));
    let pods_api = Api::<SlimPod>::all(client.clone());
    let pods = retry::retry(budget, || pods_api.list(&on_node))
        .await
        .map_err(|f| format!("listing the pods on {node}: {}", failure_text(&f)))?;
    let all = ListParams::default();
    let pdb_api = Api::<SlimPdb>::all(client.clone());
    let pdbs = retry::retry(budget, || pdb_api.list(&all))
        .await
        .map_err(|f| format!("listing PodDisruptionBudgets: {}", failure_text(&f)))?;
    let ds_api = Api::<SlimDaemonSet>::all(client.clone());
    let dss = retry::retry(budget, || ds_api.list(&all))
        .await
        .map_err(|f| format!("listing DaemonSets: {}", failure_text(&f)))?;
    let mut store = Store::default();
    store.apply(Event::Node(Delta::InitStart));
    store.apply(Event::Node(Delta::InitApply(node.into(), n)));
    store.apply(Event::Node(Delta::InitDone));
    store.apply(Event::Pod(Delta::InitStart));
    for p in pods {
        store.apply(Event::Pod(Delta::InitApply(key(&p.metadata), p)));
    }
    store.apply(Event::Pod(Delta::InitDone));
    store.apply(Event::Pdb(Delta::InitStart));
    for p in pdbs {
        store.apply(Event::Pdb(Delta::InitApply(key(&p.metadata), p)));
    }
    store.apply(Event::Pdb(Delta::InitDone));
    store.apply(Event::DaemonSet(Delta::InitStart));
    for d in dss {
        store.apply(Event::DaemonSet(Delta::InitApply(key(&d.metadata), d)));
    }
    store.apply(Event::DaemonSet(Delta::InitDone));
    Ok(store)
}
