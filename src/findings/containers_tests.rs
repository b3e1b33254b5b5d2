use super::unpinned;
use crate::cluster::store::records::ContainerRecord;
use crate::cluster::store::{Store, SyncState};
use crate::findings::test_support::*;
use crate::findings::{RuleResult, Severity};
use crate::signals::test_support::*;

/// Deployment web/api with `n` pods of `containers`, plus a bare pod
/// default/debug with `bare` (when given).
fn store(n: usize, containers: &[ContainerRecord], bare: Option<&[ContainerRecord]>) -> Store {
    let mut s = all_synced();
    add_replicaset(&mut s, "web", "api-5d4c", Some("api"));
    for i in 0..n {
        add_pod(
            &mut s,
            workload_pod(
                "web",
                &format!("api-5d4c-{i}"),
                None,
                ("ReplicaSet", "api-5d4c"),
                &[],
                containers.to_vec(),
            ),
        );
    }
    if let Some(c) = bare {
        let mut p = pod("default", "debug", None);
        p.containers = c.to_vec().into();
        add_pod(&mut s, p);
    }
    s
}

fn check(id: &str, s: &Store) -> RuleResult {
    run(id, &inputs(s))
}

fn with(f: impl FnOnce(&mut ContainerRecord)) -> ContainerRecord {
    let mut c = good_container();
    f(&mut c);
    c
}

#[test]
fn good_containers_have_no_findings() {
    let s = store(3, &[good_container()], Some(&[good_container()]));
    for id in [
        "container-no-requests",
        "container-no-limits",
        "container-no-readiness-probe",
        "container-no-liveness-probe",
        "container-privileged",
        "secret-in-env",
        "image-latest-tag",
    ] {
        let out = check(id, &s);
        assert!(
            out.findings.is_empty() && out.not_checked.is_empty(),
            "{id}: {out:?}"
        );
    }
}

#[test]
fn many_pods_of_one_deployment_make_one_finding() {
    let bad = with(|c| c.cpu_request_milli = None);
    let s = store(500, &[bad], None);
    let out = check("container-no-requests", &s);
    let f = only(&out);
    assert_eq!(object(f), "Deployment web/api");
    assert_eq!(
        f.message,
        "containers without requests: app:1.0 (cpu) in 500 of 500 pods"
    );
}

#[test]
fn no_requests_names_what_is_missing_per_image() {
    let none = ContainerRecord {
        image: "side:2".into(),
        ..with(|c| {
            c.cpu_request_milli = None;
            c.memory_request = None;
        })
    };
    let s = store(
        2,
        &[with(|c| c.memory_request = None), none.clone()],
        Some(&[none]),
    );
    let out = check("container-no-requests", &s);
    assert_eq!(objects(&out), ["Pod default/debug", "Deployment web/api"]);
    assert_eq!(
        out.findings[0].message,
        "containers without requests: side:2 (cpu, memory)"
    );
    assert_eq!(
        out.findings[1].message,
        "containers without requests: app:1.0 (memory), side:2 (cpu, memory) in 2 of 2 pods"
    );
}

#[test]
fn no_limits_fires_without_a_memory_limit() {
    let s = store(2, &[with(|c| c.memory_limit = None)], None);
    assert_eq!(
        only(&check("container-no-limits", &s)).message,
        "containers without a memory limit: app:1.0 in 2 of 2 pods"
    );
}

#[test]
fn readiness_probe_only_for_serving_containers() {
    let s = store(1, &[with(|c| c.readiness_probe = false)], None);
    assert_eq!(
        objects(&check("container-no-readiness-probe", &s)),
        ["Deployment web/api"]
    );
    // No ports: a worker, not a server.
    let s = store(
        1,
        &[with(|c| {
            c.readiness_probe = false;
            c.serving = false;
        })],
        None,
    );
    assert!(check("container-no-readiness-probe", &s).findings.is_empty());
}

#[test]
fn liveness_probe_for_long_running_pods_only() {
    let no_probe = with(|c| c.liveness_probe = false);
    let mut s = store(
        1,
        std::slice::from_ref(&no_probe),
        Some(std::slice::from_ref(&no_probe)),
    );
    // A Job's pod runs to completion: no liveness probe needed.
    add_pod(
        &mut s,
        workload_pod("web", "migrate-x", None, ("Job", "migrate"), &[], vec![no_probe]),
    );
    let out = check("container-no-liveness-probe", &s);
    assert_eq!(objects(&out), ["Pod default/debug", "Deployment web/api"]);
    assert!(out.findings.iter().all(|f| f.severity == Severity::Info));
}

#[test]
fn privileged_is_a_warning_and_escalation_alone_info() {
    let s = store(
        2,
        &[with(|c| c.escalation_not_false = true)],
        Some(&[with(|c| c.privileged = true)]),
    );
    let out = check("container-privileged", &s);
    assert_eq!(objects(&out), ["Pod default/debug", "Deployment web/api"]);
    assert_eq!(severities(&out), [Severity::Warning, Severity::Info]);
    assert_eq!(
        out.findings[0].message,
        "containers with privilege: app:1.0 (privileged)"
    );
    assert_eq!(
        out.findings[1].message,
        "containers with privilege: app:1.0 (allowPrivilegeEscalation not false) in 2 of 2 pods"
    );
}

#[test]
fn secret_in_env_fires_per_workload() {
    let s = store(3, &[with(|c| c.secret_env = true), good_container()], None);
    let out = check("secret-in-env", &s);
    assert_eq!(
        only(&out).message,
        "Secret values in the environment of: app:1.0 in 3 of 3 pods"
    );
    assert_eq!(only(&out).severity, Severity::Info);
}

#[test]
fn image_tags() {
    assert_eq!(unpinned("nginx"), Some("no tag"));
    assert_eq!(unpinned("nginx:latest"), Some("latest"));
    assert_eq!(unpinned("registry.example.com:5000/team/app"), Some("no tag"));
    assert_eq!(unpinned("localhost:5000/app:latest"), Some("latest"));
    assert_eq!(unpinned("app:"), Some("no tag"));
    assert_eq!(unpinned("nginx:1.27"), None);
    assert_eq!(unpinned("registry.example.com:5000/app:1.2"), None);
    assert_eq!(unpinned("app@sha256:0123abcd"), None, "a digest pins it");
    assert_eq!(
        unpinned("app:latest@sha256:0123abcd"),
        None,
        "the digest wins over the tag"
    );
    assert_eq!(unpinned("nginx:Latest"), None, "tags are case-sensitive");
}

#[test]
fn image_latest_tag_fires_for_unpinned_images() {
    let latest = ContainerRecord {
        image: "docker.io/library/busybox:latest".into(),
        ..good_container()
    };
    let bare = ContainerRecord {
        image: "host:5000/tools".into(),
        ..good_container()
    };
    let s = store(2, &[latest, good_container()], Some(&[bare]));
    let out = check("image-latest-tag", &s);
    assert_eq!(objects(&out), ["Pod default/debug", "Deployment web/api"]);
    assert_eq!(out.findings[0].message, "unpinned images: tools (no tag)");
    assert_eq!(
        out.findings[1].message,
        "unpinned images: busybox:latest in 2 of 2 pods"
    );
}

#[test]
fn container_rules_are_not_checked_without_pods() {
    let mut s = store(1, &[with(|c| c.memory_limit = None)], None);
    s.pods.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "pods".into(),
    };
    let out = check("container-no-limits", &s);
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["pods: forbidden"]);
}

#[test]
fn static_and_finished_pods_are_not_judged() {
    let mut s = all_synced();
    let mut mirror = pod("kube-system", "kube-apiserver-cp-1", Some("cp-1"));
    mirror.mirror = true;
    mirror.containers = vec![container(Some(250), None)].into();
    add_pod(&mut s, mirror);
    let mut done = pod("default", "done", None);
    done.phase = crate::cluster::store::records::PodPhase::Succeeded;
    done.containers = vec![container(None, None)].into();
    add_pod(&mut s, done);
    assert!(check("container-no-requests", &s).findings.is_empty());
}
