use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A pid that is certainly gone: a child that has exited and been reaped.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// Sets the lock file's mtime `secs` seconds back.
fn age(path: &Path, secs: u64) {
    let f = OpenOptions::new().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn a_lock_names_its_writer_and_is_removed_on_release() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let lock = Lock::acquire(&file).unwrap();
    let text = fs::read_to_string(dir.path().join("config.lock")).unwrap();
    assert_eq!(parse_record(&text), Some((std::process::id(), host())), "{text}");
    assert_eq!(names(dir.path()), ["config.lock"], "no temp file left");
    drop(lock);
    assert!(names(dir.path()).is_empty());
}

#[test]
fn a_live_writers_lock_is_respected() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let held = Lock::acquire(&file).unwrap();
    let err = Lock::acquire(&file).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("kon (pid {})", std::process::id())),
        "{msg}"
    );
    assert!(msg.contains("config.lock exists"), "{msg}");
    drop(held);
    Lock::acquire(&file).unwrap();
}

#[test]
fn a_dead_kon_writers_lock_is_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let lock = dir.path().join("config.lock");
    // What a kon killed with -9 leaves: its record, no flock held.
    fs::write(&lock, format!("kon pid={} host={}\n", dead_pid(), host())).unwrap();
    // And the temporary lock file of one killed before linking it.
    let temp = dir.path().join(format!(".config.lock.{}.3.tmp", dead_pid()));
    fs::write(&temp, "kon pid=1 host=x\n").unwrap();
    let taken = Lock::acquire(&file).unwrap();
    assert_eq!(
        parse_record(&fs::read_to_string(&lock).unwrap()).map(|r| r.0),
        Some(std::process::id())
    );
    assert!(!temp.exists(), "a dead writer's temporary lock file is removed");
    // Another writer now waits for us, not for the dead one.
    assert!(Lock::acquire(&file).is_err());
    drop(taken);
    assert!(names(dir.path()).is_empty());
}

#[test]
fn a_lock_from_another_host_is_respected() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let lock = dir.path().join("config.lock");
    fs::write(
        &lock,
        format!("kon pid={} host=elsewhere-{}\n", dead_pid(), host()),
    )
    .unwrap();
    age(&lock, 3600);
    let msg = Lock::acquire(&file).unwrap_err().to_string();
    assert!(msg.contains(&format!("on host elsewhere-{}", host())), "{msg}");
    assert!(lock.exists());
}

#[test]
fn kubectls_empty_lock_is_respected_until_it_is_old() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let lock = dir.path().join("config.lock");
    fs::write(&lock, "").unwrap();
    let msg = Lock::acquire(&file).unwrap_err().to_string();
    assert!(msg.contains("kubectl perhaps"), "{msg}");
    assert!(msg.contains("once it is 30 s old"), "{msg}");
    age(&lock, FOREIGN_STALE.as_secs() - 5);
    assert!(Lock::acquire(&file).is_err(), "25 s old: still respected");
    age(&lock, FOREIGN_STALE.as_secs() + 5);
    let taken = Lock::acquire(&file).unwrap();
    assert!(fs::read_to_string(&lock).unwrap().starts_with("kon pid="));
    drop(taken);
    assert!(!lock.exists());
}

#[cfg(unix)]
#[test]
fn kubectls_mode_0_lock_is_judged_by_its_age() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let lock = dir.path().join("config.lock");
    fs::write(&lock, "").unwrap();
    age(&lock, 10);
    fs::set_permissions(&lock, fs::Permissions::from_mode(0o000)).unwrap();
    assert!(Lock::acquire(&file).is_err());
    fs::set_permissions(&lock, fs::Permissions::from_mode(0o600)).unwrap();
    age(&lock, 3600);
    fs::set_permissions(&lock, fs::Permissions::from_mode(0o000)).unwrap();
    drop(Lock::acquire(&file).unwrap());
    assert!(!lock.exists());
}

#[test]
fn an_old_lock_whose_flock_is_held_is_never_taken_over() {
    // A writer holding the flock (kon on a file system without hard links,
    // between creating its lock and writing its record) is alive, however
    // old and empty its file looks.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let lock = dir.path().join("config.lock");
    fs::write(&lock, "").unwrap();
    age(&lock, 3600);
    let holder = File::open(&lock).unwrap();
    holder.try_lock().unwrap();
    let msg = Lock::acquire(&file).unwrap_err().to_string();
    assert!(msg.contains("locked by another writer"), "{msg}");
    drop(holder);
    drop(Lock::acquire(&file).unwrap());
}

#[test]
fn release_leaves_a_lock_that_replaced_ours() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let lock_file = dir.path().join("config.lock");
    let lock = Lock::acquire(&file).unwrap();
    fs::remove_file(&lock_file).unwrap();
    fs::write(&lock_file, "someone else's").unwrap();
    drop(lock);
    assert_eq!(fs::read_to_string(&lock_file).unwrap(), "someone else's");
}

#[test]
fn judging_without_flock_falls_back_to_the_pid() {
    let me = std::process::id();
    let here = host();
    assert_eq!(
        judge(Some((me, here.clone())), None, None),
        Holder::Live { pid: Some(me) }
    );
    assert_eq!(judge(Some((dead_pid(), here.clone())), None, None), Holder::Dead);
    assert_eq!(judge(Some((me, here)), Some(true), None), Holder::Dead);
    assert_eq!(
        judge(Some((7, "other".into())), Some(true), None),
        Holder::OtherHost {
            pid: 7,
            host: "other".into()
        }
    );
    // A clock that runs behind the file's: not old.
    let future = SystemTime::now() + Duration::from_secs(3600);
    assert!(matches!(
        judge(None, Some(true), Some(future)),
        Holder::Foreign { .. }
    ));
    assert_eq!(parse_record("kon pid=12 host=a\n"), Some((12, "a".into())));
    assert_eq!(parse_record(""), None);
    assert_eq!(parse_record("kon pid=x host=a"), None);
    assert_eq!(parse_record("other tool"), None);
}

#[test]
fn racing_writers_take_over_a_dead_lock_one_at_a_time() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config");
    let lock = dir.path().join("config.lock");
    fs::write(&lock, format!("kon pid={} host={}\n", dead_pid(), host())).unwrap();
    let inside = AtomicBool::new(false);
    let entered = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..12 {
            s.spawn(|| {
                for _ in 0..5 {
                    let held = Lock::acquire_wait(&file, Duration::from_secs(60)).unwrap();
                    assert!(!inside.swap(true, Ordering::SeqCst), "two writers at once");
                    entered.fetch_add(1, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_micros(200));
                    inside.store(false, Ordering::SeqCst);
                    drop(held);
                }
            });
        }
    });
    assert_eq!(entered.load(Ordering::SeqCst), 60);
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
}

#[test]
fn without_hard_links_the_lock_is_made_in_place_and_flocked() {
    let dir = tempfile::tempdir().unwrap();
    let lock_file = dir.path().join("config.lock");
    let lock = create_in_place(&lock_file).unwrap().expect("made");
    assert!(create_in_place(&lock_file).unwrap().is_none(), "exclusive");
    let text = fs::read_to_string(&lock_file).unwrap();
    assert_eq!(parse_record(&text).map(|r| r.0), Some(std::process::id()));
    let other = File::open(&lock_file).unwrap();
    assert!(matches!(other.try_lock(), Err(fs::TryLockError::WouldBlock)));
    assert_eq!(
        inspect(&lock_file).unwrap().0,
        Holder::Live {
            pid: Some(std::process::id())
        }
    );
    drop(lock);
    assert!(!lock_file.exists());
}
