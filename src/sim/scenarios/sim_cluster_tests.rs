use super::*;

const NOW: i64 = 1_800_000_000;

#[test]
fn defaults() {
    let c = SimCluster::default();
    assert_eq!(c.kubernetes_version, "v1.35.0");
    assert_eq!(c.kubernetes_version_parts(), Ok((1, 35)));
    assert_eq!(c.validate(NOW), Ok(()));
    let (b, a) = c.certificates.ca_window(NOW).unwrap();
    assert_eq!((b, a - b), (NOW - 3_600, 10 * 365 * 86_400));
    assert_eq!(c.faults.error_code, 500);
    assert!(!c.faults.paused_at(0));
}

#[test]
fn version_format() {
    let mut c = SimCluster::default();
    for good in ["v1.30.2", "v1.35.0-rc.1", "v1.29.3+k3s1"] {
        c.kubernetes_version = good.into();
        assert!(c.kubernetes_version_parts().is_ok(), "{good}");
    }
    for bad in ["1.35.0", "v1.35", "v1.x.0", "v1.35.0.1", ""] {
        c.kubernetes_version = bad.into();
        assert!(c.validate(NOW).is_err(), "{bad}");
    }
}

#[test]
fn served_minor_marks_vendor_builds() {
    let mut c = SimCluster::default();
    for (version, minor) in [
        ("v1.35.0", "35"),
        ("v1.31.2-eks-7f9249a", "31+"),
        ("v1.31.1-gke.1678000", "31+"),
        ("v1.31.2", "31"),
        ("v1.29.3+k3s1", "29"),
    ] {
        c.kubernetes_version = version.into();
        assert_eq!(c.served_minor().as_deref(), Ok(minor), "{version}");
    }
    c.kubernetes_version = "1.35".into();
    assert!(c.served_minor().is_err());
}

#[test]
fn cert_windows() {
    let w = |nb: Option<&str>, na: Option<&str>, vf: Option<&str>| {
        CertLifetime {
            not_before: nb.map(|s| TimeSpec::parse(s).unwrap()),
            not_after: na.map(|s| TimeSpec::parse(s).unwrap()),
            valid_for: vf.map(|s| SimDuration::parse(s).unwrap()),
        }
        .window(NOW, DEFAULT_LEAF_VALIDITY)
    };
    let d = 86_400;
    assert_eq!(
        w(None, None, Some("20d")),
        Ok((NOW - 3_600, NOW - 3_600 + 20 * d))
    );
    assert_eq!(
        w(None, Some("now+10d"), Some("365d")),
        Ok((NOW - 355 * d, NOW + 10 * d))
    );
    assert_eq!(
        w(Some("now-30d"), None, Some("90d")),
        Ok((NOW - 30 * d, NOW + 60 * d))
    );
    assert_eq!(
        w(Some("now-30d"), Some("now-1d"), None),
        Ok((NOW - 30 * d, NOW - d))
    );
    // Already expired with no validFor: a year-long certificate.
    assert_eq!(w(None, Some("now-5d"), None), Ok((NOW - 370 * d, NOW - 5 * d)));
    assert!(
        w(Some("now"), Some("now-1d"), None)
            .unwrap_err()
            .contains("before")
    );
    assert!(
        w(Some("now"), Some("now+1d"), Some("1d"))
            .unwrap_err()
            .contains("at most two")
    );
    assert!(w(None, None, Some("0s")).is_err());
}

#[test]
fn health_lists_and_failures() {
    let health = Health {
        failing: vec![
            FailingCheck {
                check: "etcd".into(),
                endpoints: vec![HealthEndpoint::Readyz],
                reason: Some("etcd timeout".into()),
            },
            FailingCheck {
                check: "kms-providers".into(),
                endpoints: vec![],
                reason: None,
            },
        ],
    };
    let ready = health.checks(HealthEndpoint::Readyz);
    let names: Vec<&str> = ready.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        &names[..5],
        &["ping", "log", "etcd", "etcd-readiness", "informer-sync"]
    );
    assert_eq!(names[names.len() - 2], "shutdown");
    assert_eq!(
        ready.last().unwrap(),
        &("kms-providers".to_owned(), Some("check failed".to_owned()))
    );
    assert_eq!(ready[2].1.as_deref(), Some("etcd timeout"));
    let live = health.checks(HealthEndpoint::Livez);
    assert!(
        live.iter()
            .all(|(n, r)| n != "informer-sync" && (r.is_none() || n == "kms-providers"))
    );
    assert_eq!(health.validate(), Ok(()));
    let bad = Health {
        failing: vec![FailingCheck {
            check: "informer-sync".into(),
            endpoints: vec![HealthEndpoint::Livez],
            reason: None,
        }],
    };
    assert_eq!(
        bad.validate().unwrap_err().path,
        vec!["health", "failing", "0", "endpoints"]
    );
}

#[test]
fn faults_validation_and_queries() {
    let mut f = Faults {
        forbidden: vec!["secrets".into(), "velero.io/backups".into()],
        ..Faults::default()
    };
    assert_eq!(f.validate(), Ok(()));
    assert!(f.is_forbidden("", "secrets"));
    assert!(f.is_forbidden("velero.io", "backups"));
    assert!(!f.is_forbidden("", "backups"));
    // Forbidden only when read in every namespace: a list of its own.
    assert!(!f.is_forbidden_all_namespaces("", "secrets"));
    f.forbidden_all_namespaces.push("events.k8s.io/events".into());
    assert!(f.is_forbidden_all_namespaces("events.k8s.io", "events"));
    assert!(!f.is_forbidden("events.k8s.io", "events"));
    f.forbidden.push("leases.coordination.k8s.io".into());
    assert_eq!(f.validate(), Ok(()));
    f.forbidden.push("se crets".into());
    assert_eq!(f.validate().unwrap_err().path, vec!["faults", "forbidden", "3"]);
    let f = Faults {
        error_rate: 1.5,
        ..Faults::default()
    };
    assert_eq!(f.validate().unwrap_err().path, vec!["faults", "errorRate"]);
    let f = Faults {
        error_rate: 0.6,
        too_many_requests_rate: 0.6,
        ..Faults::default()
    };
    assert!(f.validate().is_err());
    let f = Faults {
        error_code: 502,
        ..Faults::default()
    };
    assert_eq!(f.validate().unwrap_err().path, vec!["faults", "errorCode"]);
    let f = Faults {
        paused_seconds: Some(10),
        pause_after_seconds: 5,
        ..Faults::default()
    };
    assert!(!f.paused_at(4) && f.paused_at(5) && f.paused_at(14) && !f.paused_at(15));
}

#[test]
fn generate_validation() {
    let g = Generate {
        nodes: 5000,
        pods_per_node: 30,
        ..Generate::default()
    };
    assert_eq!(g.validate(), Ok(()));
    assert_eq!(g.total_pods(), 150_000);
    assert_eq!(g.zone_names(), vec!["region-1a", "region-1b", "region-1c"]);
    let g = Generate {
        nodes: 3,
        pods_per_node: 4,
        ..Generate::default()
    };
    let e = g.validate().unwrap_err();
    assert_eq!(e.path, vec!["generate", "podsPerNode"]);
    assert!(e.message.contains("at least 5"), "{}", e.message);
    let g = Generate {
        nodes: 2,
        ..Generate::default()
    };
    assert_eq!(
        g.validate().unwrap_err().path,
        vec!["generate", "controlPlaneNodes"]
    );
    let g = Generate {
        nodes: 10,
        namespaces: NamesOrCount::Names(vec!["kube-system".into()]),
        ..Generate::default()
    };
    assert!(g.validate().unwrap_err().message.contains("generated anyway"));
    let g = Generate {
        nodes: 10,
        zones: NamesOrCount::Names(vec!["a".into(), "a".into()]),
        ..Generate::default()
    };
    assert!(g.validate().unwrap_err().message.contains("distinct"));
    let g = Generate {
        nodes: 10,
        zones: NamesOrCount::Count(0),
        ..Generate::default()
    };
    assert!(g.validate().is_err());
    let g = Generate {
        nodes: 10,
        workloads_per_namespace: 0,
        ..Generate::default()
    };
    assert_eq!(
        g.validate().unwrap_err().path,
        vec!["generate", "workloadsPerNamespace"]
    );
    let g = Generate {
        nodes: 100_000,
        pods_per_node: 110,
        ..Generate::default()
    };
    assert!(g.validate().is_err());
}

#[test]
fn names() {
    assert!(is_dns_label("team-01") && !is_dns_label("Team") && !is_dns_label("-a") && !is_dns_label(""));
    assert!(is_dns_subdomain("velero.io") && !is_dns_subdomain("velero..io"));
    assert!(
        is_label_value("") && is_label_value("eu-west-1a") && !is_label_value("-x") && !is_label_value("a b")
    );
}
