//! kubens against kubeconfig files in a temp dir and a fake cluster.

use super::test_support::{FakeCluster, KUBECONFIG, Sandbox, replaced};

fn cluster() -> FakeCluster {
    FakeCluster::new(&["default", "kube-system", "payments"])
}

#[test]
fn lists_the_namespaces_with_the_current_highlighted() {
    let mut sb = Sandbox::new(Some(KUBECONFIG));
    let api = cluster();
    let r = sb.kubens(&[], &api);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(r.stdout, "default\nkube-system\npayments\n");
    sb.vars.force_color = Some("1".into());
    assert_eq!(
        sb.kubens(&[], &api).stdout,
        "default\nkube-system\n\x1b[32;1mpayments\x1b[0m\n"
    );
    // A context without a namespace is in "default".
    sb.kubectx(&["dev"]);
    assert_eq!(
        sb.kubens(&[], &api).stdout,
        "\x1b[32;1mdefault\x1b[0m\nkube-system\npayments\n"
    );
}

#[test]
fn list_errors() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let mut api = cluster();
    api.down = true;
    let r = sb.kubens(&[], &api);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: could not list namespaces (is the cluster accessible?): connection refused\n"
    );
    sb.kubectx(&["-u"]);
    let r = sb.kubens(&[], &cluster());
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "error: current-context is not set\n")
    );
    let missing = Sandbox::new(None);
    let r = missing.kubens(&[], &cluster());
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("error: kubeconfig error: failed to load: kubeconfig file not found")
    );
}

#[test]
fn switch_checks_once_and_writes_the_context_namespace() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let api = cluster();
    let r = sb.kubens(&["kube-system"], &api);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(r.stderr, "✔ Active namespace is \"kube-system\"\n");
    assert_eq!(*api.calls.borrow(), ["get kube-system"]);
    assert_eq!(
        sb.config(),
        replaced(KUBECONFIG, "namespace: payments", "namespace: kube-system")
    );
    assert_eq!(sb.kubens_state("prod").as_deref(), Some("payments"));

    let r = sb.kubens(&["-"], &api);
    assert_eq!(r.stderr, "✔ Active namespace is \"payments\"\n");
    assert_eq!(sb.config(), KUBECONFIG);
    assert_eq!(sb.kubens_state("prod").as_deref(), Some("kube-system"));

    let r = sb.kubens(&["-c"], &api);
    assert_eq!((r.code, r.stdout.as_str()), (0, "payments\n"));
}

#[test]
fn switch_adds_a_namespace_to_a_context_without_one() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    sb.kubectx(&["dev"]);
    let before = sb.config();
    let r = sb.kubens(&["payments"], &cluster());
    assert_eq!(r.code, 0);
    assert_eq!(
        sb.config(),
        replaced(
            &before,
            "    cluster: c2\n    user: admin\n- name: ctx10",
            "    cluster: c2\n    namespace: payments\n    user: admin\n- name: ctx10"
        )
    );
    assert_eq!(sb.kubens_state("dev").as_deref(), Some("default"));
    let r = sb.kubens(&["-c"], &cluster());
    assert_eq!(r.stdout, "payments\n");
}

#[test]
fn missing_namespace_is_refused_unless_forced() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let api = cluster();
    let r = sb.kubens(&["nope"], &api);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "error: no namespace exists with name \"nope\"\n")
    );
    assert_eq!(sb.config(), KUBECONFIG);
    assert!(sb.kubens_state("prod").is_none());

    for args in [&["nope", "-f"][..], &["--force", "nope"]] {
        let api = cluster();
        let r = sb.kubens(args, &api);
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (0, "✔ Active namespace is \"nope\"\n")
        );
        assert!(api.calls.borrow().is_empty(), "no API call with --force");
    }
    assert_eq!(
        sb.config(),
        replaced(KUBECONFIG, "namespace: payments", "namespace: nope")
    );
}

#[test]
fn unreachable_cluster_is_a_clear_error_and_writes_nothing() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let mut api = cluster();
    api.down = true;
    let r = sb.kubens(&["kube-system"], &api);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: failed to query if namespace exists (is cluster accessible?), connection refused\n"
    );
    assert_eq!(sb.config(), KUBECONFIG);
}

#[test]
fn previous_namespace_errors_and_unset() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let r = sb.kubens(&["-"], &cluster());
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "error: No previous namespace found for current context (prod)\n"
        )
    );
    let r = sb.kubens(&["-u"], &cluster());
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (0, "✔ Active namespace is \"default\".\n")
    );
    assert_eq!(
        sb.config(),
        replaced(KUBECONFIG, "namespace: payments", "namespace: default")
    );
    // Unset does not touch the previous-namespace state.
    assert!(sb.kubens_state("prod").is_none());
}

#[test]
fn state_file_is_per_context_and_read_trimmed() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let dir = sb.file("cache/.kube/kubens");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("prod"), "kube-system\n").unwrap();
    let r = sb.kubens(&["-"], &cluster());
    assert_eq!(r.stderr, "✔ Active namespace is \"kube-system\"\n");
    sb.kubectx(&["dev"]);
    let r = sb.kubens(&["-"], &cluster());
    assert_eq!(r.code, 1, "dev has no previous namespace");
}

#[test]
fn namespace_goes_to_the_file_of_the_context() {
    let mut sb = Sandbox::new(None);
    let (a, b) = (sb.file("a"), sb.file("b"));
    let a_text = "current-context: b1\n";
    let b_text = "contexts:\n- name: b1\n  context:\n    cluster: c\n";
    std::fs::write(&a, a_text).unwrap();
    std::fs::write(&b, b_text).unwrap();
    sb.files = vec![a.clone(), b.clone()];
    let r = sb.kubens(&["payments"], &cluster());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(sb.read(&a), a_text);
    assert_eq!(
        sb.read(&b),
        "contexts:\n- name: b1\n  context:\n    cluster: c\n    namespace: payments\n"
    );
}

#[test]
fn unknown_current_context_and_arguments() {
    let sb = Sandbox::new(Some("current-context: ghost\ncontexts: []\n"));
    let r = sb.kubens(&["x"], &cluster());
    assert_eq!(
        r.stderr,
        "error: failed to get current namespace, context with name \"ghost\" not found\n"
    );
    let r = sb.kubens(&["-c"], &cluster());
    assert_eq!(
        r.stderr,
        "error: failed to read namespace of \"ghost\": context with name \"ghost\" not found\n"
    );
    let r = sb.kubens(&["a", "b"], &cluster());
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "error: unsupported arguments [\"a\" \"b\"]\n")
    );
    let r = sb.kubens(&["-h"], &cluster());
    assert!(r.stdout.starts_with("USAGE:\n  kubens "));
    assert_eq!(
        sb.kubens(&["-V"], &cluster()).stdout,
        format!("{}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn malformed_kubeconfig_is_reported_with_its_place() {
    let text = "contexts:\n- name: a\n  context: {cluster: [\n";
    let sb = Sandbox::new(Some(text));
    let r = sb.kubens(&["x", "-f"], &cluster());
    assert_eq!(r.code, 1);
    let place = format!("error: kubeconfig error, {}:", sb.files[0].display());
    assert!(r.stderr.starts_with(&place), "{}", r.stderr);
    assert_eq!(sb.config(), text);
}

#[test]
fn pick_switches_like_a_name() {
    let sb = Sandbox::new(Some(KUBECONFIG)).interactive(Some("kube-system"));
    let api = cluster();
    let r = sb.kubens(&[], &api);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (0, "✔ Active namespace is \"kube-system\".\n")
    );
    let (title, items) = &r.picks[0];
    assert_eq!(title, "Switch namespace (prod)");
    let names: Vec<(&str, bool)> = items.iter().map(|i| (i.name.as_str(), i.current)).collect();
    assert_eq!(
        names,
        [("default", false), ("kube-system", false), ("payments", true)]
    );
    assert!(items.iter().all(|i| i.detail.is_empty()));
    assert_eq!(*api.calls.borrow(), ["list", "get kube-system"]);

    let sb = Sandbox::new(Some(KUBECONFIG)).interactive(None);
    let r = sb.kubens(&[], &api);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "error: you did not choose any of the options\n")
    );
    assert_eq!(sb.config(), KUBECONFIG);
}
