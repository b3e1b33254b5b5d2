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
fn only_the_api_endpoints_tls_secrets_and_kubeadm_config_are_read_with_selectors() {
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
fn a_job_kon_does_not_keep_is_skipped_when_listed_and_deleted_when_updated() {
    let mut store = Store::default();
    let key = || ("ns".to_string(), "j".to_string());
    store.apply(Event::Job(Delta::InitStart));
    store.apply(Event::Job(Delta::InitApply(key(), SlimJob::default())));
    store.apply(Event::Job(Delta::InitDone));
    assert!(store.jobs.is_empty(), "a Job no CronJob owns is not kept");
    assert!(store.apply(Event::Job(Delta::Apply(key(), SlimJob::default()))));
    assert!(store.jobs.is_empty());
}
