//! kubectx and kubens under config.toml's read-only settings: global, per
//! context, and a config.toml that does not load; each refusal audited.

use super::test_support::{FakeCluster, KUBECONFIG, Sandbox};

fn with_config(toml: &str) -> Sandbox {
    let mut sb = Sandbox::new(Some(KUBECONFIG));
    sb.config_toml = Some(toml.into());
    sb.audit = Some(sb.file("state/audit.log"));
    sb
}

fn audit(sb: &Sandbox) -> Vec<serde_json::Value> {
    sb.read(&sb.file("state/audit.log"))
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

fn cluster() -> FakeCluster {
    FakeCluster::new(&["default", "kube-system", "payments"])
}

#[test]
fn global_readonly_in_config_refuses_every_kubeconfig_write() {
    // Before: only --readonly stopped kubectx and kubens.
    let sb = with_config("readonly = true\n[contexts.dev]\nreadonly = false\n");
    let why = "read-only (readonly = true in ";
    for args in [&["dev"][..], &["-u"], &["a=dev"], &["-d", "ctx2"], &["-"]] {
        let r = sb.kubectx(args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        if args != ["-"] {
            assert!(r.stderr.contains(why), "{args:?}: {}", r.stderr);
        }
    }
    let r = sb.kubens(&["kube-system"], &cluster());
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(why), "{}", r.stderr);
    assert_eq!(sb.kubens(&["-u"], &cluster()).code, 1);
    assert_eq!(sb.config(), KUBECONFIG, "nothing written");
    // Reading is fine.
    assert_eq!(sb.kubectx(&["-c"]).stdout, "prod\n");
    let log = audit(&sb);
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "switch-context",
            "unset-context",
            "rename-context",
            "delete-context",
            "set-namespace",
            "set-namespace"
        ]
    );
    assert!(log.iter().all(|e| e["outcome"] == "refused: read-only"));
    assert_eq!(log[0]["target"], "context/dev");
    assert_eq!(log[0]["user"], "admin");
    assert_eq!(log[4]["target"], "context/prod namespace/kube-system");
}

#[test]
fn a_read_only_context_refuses_writes_that_touch_it() {
    // prod is current and read-only: kubens on it, and leaving it, are refused.
    let sb = with_config("[contexts.\"prod\"]\nreadonly = true\n");
    let r = sb.kubens(&["kube-system"], &cluster());
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("context prod is read-only in"), "{}", r.stderr);
    assert_eq!(sb.kubectx(&["dev"]).code, 1);
    assert_eq!(sb.config(), KUBECONFIG);
    assert_eq!(audit(&sb).len(), 2);

    // From dev, the other contexts are writable; making prod current is not.
    let sb = with_config("[contexts.prod]\nreadonly = true\n");
    let mut plain = Sandbox::new(Some(KUBECONFIG));
    plain.files = sb.files.clone();
    assert_eq!(plain.kubectx(&["dev"]).code, 0);
    assert_eq!(sb.kubectx(&["ctx2"]).code, 0);
    assert_eq!(sb.kubens(&["kube-system"], &cluster()).code, 0);
    let r = sb.kubectx(&["prod"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("context prod is read-only"), "{}", r.stderr);
    assert_eq!(sb.kubectx(&["-d", "prod"]).code, 1);
    assert_eq!(sb.kubectx(&["p2=prod"]).code, 1);
    assert_eq!(sb.kubectx(&["-c"]).stdout, "ctx2\n");
    assert!(sb.config().contains("- name: prod\n"));
}

#[test]
fn a_config_that_does_not_load_refuses_with_its_place() {
    let sb = with_config("readonly = false\n[drain]\ntimeout = 5m\n");
    let r = sb.kubectx(&["dev"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("config file failed to load:") && r.stderr.contains("config.toml:3:"),
        "{}",
        r.stderr
    );
    assert_eq!(sb.config(), KUBECONFIG);
    assert_eq!(audit(&sb).len(), 1);
    // A bad value elsewhere is no reason to refuse.
    let sb = with_config("[drain]\ngrace-period = \"30s\"\n");
    assert_eq!(sb.kubectx(&["dev"]).code, 0);
    assert!(audit(&sb).is_empty());
}
