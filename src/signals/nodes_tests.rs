use super::*;
use crate::cluster::store::records::PodPhase;
use crate::signals::test_support::{add_node, add_pod, cp_node, node, pod, synced};

#[test]
fn rows_count_unfinished_pods_per_node_and_read_conditions() {
    let mut s = synced();
    let mut sick = node("b-node", None);
    sick.readiness = Readiness::NotReady;
    sick.unschedulable = true;
    sick.memory_pressure = true;
    sick.pid_pressure = true;
    add_node(&mut s, sick);
    add_node(&mut s, cp_node("a-cp", Some("zone-a")));
    add_pod(&mut s, pod("default", "p1", Some("a-cp")));
    add_pod(&mut s, pod("default", "p2", Some("a-cp")));
    let mut done = pod("default", "p3", Some("a-cp"));
    done.phase = PodPhase::Succeeded;
    add_pod(&mut s, done);
    add_pod(&mut s, pod("default", "pending", None));

    let r = rows(&s);
    assert_eq!(r.iter().map(|r| &*r.name).collect::<Vec<_>>(), ["a-cp", "b-node"]);
    let (cp, sick) = (&r[0], &r[1]);
    assert_eq!(
        (cp.pods, cp.pods_capacity),
        (2, 110),
        "the succeeded pod does not count"
    );
    assert_eq!(cp.roles, "control-plane");
    assert_eq!(cp.status_text(), "Ready");
    assert!(!cp.troubled());
    assert_eq!(sick.roles, "<none>");
    assert_eq!(sick.zone, None);
    assert_eq!(sick.status_text(), "NotReady,SchedulingDisabled");
    assert_eq!(sick.pressure, ["Memory", "PID"]);
    assert!(sick.troubled());
    let hay = sick.haystack();
    for word in [
        "b-node",
        "NotReady",
        "no-zone",
        "cordoned",
        "MemoryPressure",
        "PIDPressure",
    ] {
        assert!(hay.contains(word), "{word} in {hay}");
    }
}

#[test]
fn a_full_node_is_troubled_and_an_empty_store_has_no_rows() {
    assert!(rows(&synced()).is_empty());
    let mut s = synced();
    let mut small = node("small", Some("z"));
    small.pods_capacity = 2;
    small.readiness = Readiness::Unknown;
    add_node(&mut s, small);
    add_pod(&mut s, pod("ns", "a", Some("small")));
    add_pod(&mut s, pod("ns", "b", Some("small")));
    let r = rows(&s);
    assert!(r[0].full());
    assert_eq!(r[0].status, NodeStatus::Unknown);
    assert!(NodeStatus::Unknown < NodeStatus::NotReady && NodeStatus::NotReady < NodeStatus::Ready);
}

#[test]
fn status_reads_as_kubectl_prints_it() {
    // kubectl: Ready condition True -> Ready; False or Unknown -> NotReady;
    // no Ready condition -> Unknown; cordoned adds SchedulingDisabled.
    let mut s = synced();
    for (name, readiness, cordoned) in [
        ("a", Readiness::Ready, true),
        ("b", Readiness::NotReady, false),
        ("c", Readiness::Unknown, false),
        ("d", Readiness::Unknown, true),
        ("e", Readiness::Missing, false),
    ] {
        let mut n = node(name, Some("z"));
        n.readiness = readiness;
        n.unschedulable = cordoned;
        add_node(&mut s, n);
    }
    let shown: Vec<String> = rows(&s).iter().map(NodeRow::status_text).collect();
    assert_eq!(
        shown,
        [
            "Ready,SchedulingDisabled",
            "NotReady",
            "NotReady",
            "NotReady,SchedulingDisabled",
            "Unknown"
        ]
    );
    // The filter still finds a node whose readiness is not known by that word.
    let r = rows(&s);
    assert!(r[2].haystack().contains("Unknown") && !r[1].haystack().contains("Unknown"));
    assert!(NodeStatus::NoCondition < NodeStatus::Unknown);
}
