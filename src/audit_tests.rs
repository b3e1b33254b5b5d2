use super::*;

#[test]
fn appends_one_json_line_per_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/audit.log");
    let who = Who {
        user: "alice".into(),
        context: "prod".into(),
    };
    append(&path, &Entry::now(&who, "cordon", "node/w-1", "ok")).unwrap();
    append(
        &path,
        &Entry::now(&who, "drain", "node/w-1", "refused: read-only"),
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["outcome"], "refused: read-only");
    assert_eq!(lines[0]["user"], "alice");
    assert!(lines[0]["time"].as_str().unwrap().ends_with('Z'));
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn who_comes_from_the_context() {
    let kc = kube::config::Kubeconfig::from_yaml(
        "contexts:\n- name: prod\n  context: {cluster: c, user: oidc-alice}\n",
    )
    .unwrap();
    assert_eq!(Who::from_kubeconfig(Some(&kc), "prod").user, "oidc-alice");
    assert_eq!(Who::from_kubeconfig(Some(&kc), "other").user, "?");
}

#[test]
fn a_line_names_the_local_user_uid_and_host() {
    let e = Entry::now(&Who::default(), "cordon", "node/a", "ok");
    let v = serde_json::to_value(&e).unwrap();
    let uid = std::fs::metadata("/proc/self").map(|m| {
        use std::os::unix::fs::MetadataExt as _;
        m.uid()
    });
    assert_eq!(v["uid"].as_u64(), uid.ok().map(u64::from));
    let user = std::env::var("USER").or_else(|_| std::env::var("LOGNAME"));
    if let Ok(user) = user.as_deref().map(str::trim)
        && !user.is_empty()
    {
        assert_eq!(v["local_user"].as_str(), Some(user));
    }
    assert_ne!(v["local_user"], "");
    assert_ne!(v["host"], "");
    // Fields with nothing to say are left out.
    assert!(v.get("retries").is_none() && v.get("pods_left").is_none());
}

#[test]
fn long_text_is_cut_readably() {
    let long = "x".repeat(1000);
    let e = Entry::now(&Who::default(), "evict", "pod/a/b", format!("failed: {long}"));
    assert_eq!(e.outcome.chars().count(), MAX_TEXT);
    assert!(e.outcome.ends_with('…'));
    assert_eq!(short("  ok "), "ok");
}

#[test]
fn the_demo_has_a_file_of_its_own() {
    let real = Path::new("/state/kon/audit.log");
    assert_eq!(demo_path(real), Path::new("/state/kon/audit-demo.log"));
}

#[test]
fn a_log_that_cannot_be_written_says_why() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the file should be.
    let path = dir.path().join("audit.log");
    std::fs::create_dir(&path).unwrap();
    let log = AuditLog::new(Some(path.clone()), Who::default());
    let err = log.record("cordon", "node/a", "ok").unwrap_err();
    assert!(err.starts_with("cannot write the audit log"), "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(
        AuditLog::new(None, Who::default())
            .record("cordon", "node/a", "ok")
            .is_ok()
    );
}

#[test]
fn without_user_in_the_environment_the_name_comes_from_passwd() {
    let passwd = "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/zsh\n";
    assert_eq!(passwd_name(passwd, 1000).as_deref(), Some("alice"));
    assert_eq!(passwd_name(passwd, 0).as_deref(), Some("root"));
    assert_eq!(passwd_name(passwd, 7), None);
}
