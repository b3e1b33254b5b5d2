use std::sync::Arc;

use super::*;
use crate::cluster::slim::batch::SlimJob;
use crate::cluster::slim::node::SlimNode;

#[test]
fn each_kind_is_declared_once_with_its_own_resource_and_table() {
    let mut resources: Vec<_> = Kind::ALL.iter().map(|k| k.resource()).collect();
    resources.sort_unstable();
    resources.dedup();
    assert_eq!(resources.len(), Kind::COUNT);
    let store = Store::default();
    assert!(
        Kind::ALL
            .iter()
            .all(|k| *store.state(*k) == SyncState::NotStarted)
    );
}

#[test]
fn only_the_api_endpoints_tls_secrets_kubeadm_config_and_leases_are_narrowed() {
    for kind in Kind::ALL {
        let expected = match kind {
            Kind::ApiEndpoints => Query {
                namespace: Some("default"),
                labels: Some("kubernetes.io/service-name=kubernetes"),
                fields: None,
            },
            Kind::TlsSecrets => Query {
                namespace: None,
                labels: None,
                fields: Some("type=kubernetes.io/tls"),
            },
            // Node heartbeats (`kube-node-lease`) are never sent to kon.
            Kind::Leases => Query {
                namespace: Some("kube-system"),
                labels: None,
                fields: None,
            },
            Kind::KubeadmConfig => Query {
                namespace: Some("kube-system"),
                labels: None,
                fields: Some("metadata.name=kubeadm-config"),
            },
            _ => Query::ALL,
        };
        assert_eq!(kind.query(), expected, "{kind:?}");
    }
}

#[test]
fn an_event_lands_in_its_kinds_table_with_interned_keys() {
    let mut store = Store::default();
    let mut n = SlimNode::default();
    n.metadata.name = Some("n1".into());
    assert!(store.apply(Event::Node(Delta::Apply("n1".into(), n))));
    assert_eq!(store.nodes.len(), 1);
    assert_eq!(*store.state(Kind::Nodes), SyncState::NotStarted);
    assert!(store.apply(Event::Node(Delta::InitDone)));
    assert_eq!(*store.state(Kind::Nodes), SyncState::Synced);
}

#[test]
fn an_object_a_partial_normalizer_drops_is_skipped_when_listed_and_deleted_when_updated() {
    // No kind keeps only some objects today; the mechanism stays tested.
    fn only_named(j: &SlimJob, i: &mut Interner) -> Option<Arc<str>> {
        j.metadata.name.as_deref().map(|n| i.get(n))
    }
    let mut table = super::Table::default();
    let mut i = Interner::default();
    let key = || ("ns".to_string(), "j".to_string());
    let only = || Normalize::Only(only_named);
    apply_to(&mut table, &mut i, Delta::InitStart, only());
    apply_to(
        &mut table,
        &mut i,
        Delta::InitApply(key(), SlimJob::default()),
        only(),
    );
    apply_to(&mut table, &mut i, Delta::InitDone, only());
    assert!(table.is_empty(), "an object the normalizer drops is not kept");
    let mut named = SlimJob::default();
    named.metadata.name = Some("j".into());
    assert!(apply_to(&mut table, &mut i, Delta::Apply(key(), named), only()));
    assert_eq!(table.len(), 1);
    assert!(apply_to(
        &mut table,
        &mut i,
        Delta::Apply(key(), SlimJob::default()),
        only()
    ));
    assert!(table.is_empty(), "an update it drops deletes the object");
}

#[test]
fn every_job_is_kept_with_or_without_a_cronjob() {
    let mut store = Store::default();
    let key = || ("ns".to_string(), "j".to_string());
    store.apply(Event::Job(Delta::InitStart));
    store.apply(Event::Job(Delta::InitApply(key(), SlimJob::default())));
    store.apply(Event::Job(Delta::InitDone));
    assert_eq!(store.jobs.len(), 1, "the workloads view lists Jobs of their own");
    assert_eq!(
        store.jobs.items.values().next().and_then(|j| j.cronjob.clone()),
        None
    );
}
