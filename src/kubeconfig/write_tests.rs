use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn replaces_contents_and_leaves_no_temp_or_lock() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    fs::write(&file, "old\n").unwrap();
    write_locked(&file, "new\n").unwrap();
    assert_eq!(fs::read_to_string(&file).unwrap(), "new\n");
    assert_eq!(names(dir.path()), ["config"]);
}

#[cfg(unix)]
#[test]
fn keeps_permissions_and_creates_new_files_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    fs::write(&file, "old\n").unwrap();
    for mode in [0o600, 0o640, 0o644] {
        fs::set_permissions(&file, fs::Permissions::from_mode(mode)).unwrap();
        write_locked(&file, "x\n").unwrap();
        assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, mode);
    }
    let fresh = dir.path().join("fresh");
    write_locked(&fresh, "y\n").unwrap();
    assert_eq!(fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn an_existing_lock_refuses_the_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    fs::write(&file, "old\n").unwrap();
    let held = Lock::acquire(&file).unwrap();
    assert_eq!(lock_path(&file), dir.path().join("config.lock"));
    let err = write_locked(&file, "new\n").unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    assert!(err.to_string().contains("config.lock"), "{err}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "old\n");
    drop(held);
    assert_eq!(names(dir.path()), ["config"]);
    write_locked(&file, "new\n").unwrap();
    assert_eq!(fs::read_to_string(&file).unwrap(), "new\n");
}

#[test]
fn a_failed_write_leaves_the_original_and_no_temp() {
    let dir = tempfile::tempdir().unwrap();
    // The target is a directory: the rename fails after the temp is written.
    let target = dir.path().join("config");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("inside"), "keep").unwrap();
    assert!(write_atomic(&target, "new\n").is_err());
    assert_eq!(names(dir.path()), ["config"]);
    assert_eq!(fs::read_to_string(target.join("inside")).unwrap(), "keep");
}

#[test]
fn update_edits_under_the_lock_and_reports_malformed_files() {
    use crate::kubeconfig::edit;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    fs::write(&file, "# keep\ncurrent-context: a # here\n").unwrap();
    let wait = Duration::from_millis(50);
    assert!(update_locked(&file, wait, |t| edit::set_current_context(t, "b")).unwrap());
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "# keep\ncurrent-context: b # here\n"
    );
    assert!(!update_locked(&file, wait, |t| edit::set_current_context(t, "b")).unwrap());
    fs::write(&file, "current-context: [\n").unwrap();
    let err = update_locked(&file, wait, |t| edit::set_current_context(t, "c")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("{}:", file.display())), "{msg}");
    assert!(matches!(
        err,
        UpdateError::Edit {
            source: EditError::Malformed {
                position: Some(_),
                ..
            },
            ..
        }
    ));
    assert_eq!(fs::read_to_string(&file).unwrap(), "current-context: [\n");
    assert_eq!(names(dir.path()), ["config"]);
}

#[test]
fn concurrent_updates_lose_nothing() {
    use crate::kubeconfig::edit;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let mut text = String::from("contexts:\n");
    for i in 0..16 {
        text.push_str(&format!("- name: c{i}\n  context:\n    cluster: x\n"));
    }
    fs::write(&file, &text).unwrap();
    std::thread::scope(|s| {
        for i in 0..16 {
            let file = &file;
            s.spawn(move || {
                let ns = format!("ns{i}");
                update_locked(file, Duration::from_secs(10), |t| {
                    edit::set_namespace(t, &format!("c{i}"), Some(&ns))
                })
                .unwrap();
            });
        }
    });
    let merged = crate::kubeconfig::load(std::slice::from_ref(&file)).unwrap();
    assert_eq!(merged.contexts.len(), 16);
    for i in 0..16 {
        assert_eq!(
            merged.context(&format!("c{i}")).unwrap().namespace,
            Some(format!("ns{i}"))
        );
    }
    assert_eq!(names(dir.path()), ["config"]);
}

#[cfg(unix)]
#[test]
fn a_symlinked_kubeconfig_is_written_through_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let dotfiles = dir.path().join("dotfiles");
    fs::create_dir(&dotfiles).unwrap();
    fs::write(dotfiles.join("kubeconfig"), "old\n").unwrap();
    let kube = dir.path().join("kube");
    fs::create_dir(&kube).unwrap();
    let link = kube.join("config");
    // A relative link, resolved from the link's own directory.
    std::os::unix::fs::symlink("../dotfiles/kubeconfig", &link).unwrap();
    write_locked(&link, "new\n").unwrap();
    assert!(
        fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "the link stays"
    );
    assert_eq!(fs::read_to_string(dotfiles.join("kubeconfig")).unwrap(), "new\n");
    assert_eq!(
        names(&dotfiles),
        ["kubeconfig"],
        "no temp file left by the target"
    );
    assert_eq!(names(&kube), ["config"], "no lock or temp file left by the link");
    // A dangling link: the target is created.
    let dangling = kube.join("other");
    std::os::unix::fs::symlink(dotfiles.join("new-file"), &dangling).unwrap();
    write_locked(&dangling, "x\n").unwrap();
    assert_eq!(fs::read_to_string(dotfiles.join("new-file")).unwrap(), "x\n");
    // A loop is an error, not a hang.
    let a = kube.join("a");
    let b = kube.join("b");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    let err = write_locked(&a, "x\n").unwrap_err();
    assert!(err.to_string().contains("symbolic links"), "{err}");
}

#[test]
fn temp_files_of_killed_writers_are_cleaned_up_by_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    fs::write(&file, "old\n").unwrap();
    // pid 0 is never a live writer's; a live process's temp file is kept.
    let stale = dir.path().join(".config.0.7.tmp");
    let live = dir.path().join(format!(".config.{}.999.tmp", std::process::id()));
    let other = dir.path().join(".other.0.1.tmp");
    for f in [&stale, &live, &other] {
        fs::write(f, "partial").unwrap();
    }
    write_locked(&file, "new\n").unwrap();
    assert!(!stale.exists(), "a dead writer's temp file is removed");
    assert!(live.exists(), "a live writer's temp file is left alone");
    assert!(other.exists(), "another file's temp file is left alone");
}

#[cfg(unix)]
#[test]
fn a_file_we_may_not_write_is_refused_like_kubectl_does() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    for mode in [0o400, 0o444, 0o500] {
        fs::write(&file, "current-context: a\n").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(mode)).unwrap();
        let err = update_locked(&file, Duration::from_millis(50), |t| {
            crate::kubeconfig::edit::set_current_context(t, "b")
        })
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with(&format!("open {}: permission denied", file.display())),
            "{mode:o}: {msg}"
        );
        assert_eq!(fs::read_to_string(&file).unwrap(), "current-context: a\n");
        assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, mode);
        assert_eq!(names(dir.path()), ["config"], "no lock or temp file left");
        assert!(write_locked(&file, "x\n").is_err());
        fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    }
}

/// Whether this process may write files whatever their mode (root).
#[cfg(unix)]
fn writes_anything(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    fs::write(&probe, "").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o400)).unwrap();
    let anything = OpenOptions::new().write(true).open(&probe).is_ok();
    fs::remove_file(&probe).unwrap();
    anything
}

#[cfg(unix)]
#[test]
fn a_file_writable_by_others_only_follows_the_os() {
    // 0420: the group may write, we (the owner) may not. As a
    // normal user the open() refuses; as root only a file with no write bit
    // at all is refused, so mode 0020 (group may write) is written.
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    fs::write(&file, "old\n").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o420)).unwrap();
    let result = write_locked(&file, "new\n");
    if writes_anything(dir.path()) {
        result.unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "new\n");
    } else {
        let err = result.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read_to_string(&file).unwrap(), "old\n");
    }
}
