//! Kubeconfig writes respect the file: a file we may not write is refused,
//! and a writer killed with -9 at any moment leaves nothing that blocks
//! the next one (its lock is taken over, its temporary files removed).

use crate::test_support::ctxns_env;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use ctxns_env::{Home, generated_kubeconfig, parsed};

/// What a writer may leave next to the kubeconfig: lock and temp files.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "config")
        .collect();
    v.sort();
    v
}

#[test]
fn a_read_only_kubeconfig_is_refused() {
    let home = Home::new(&generated_kubeconfig(3, 10, "ctx-0"));
    let before = home.read();
    for mode in [0o400, 0o444] {
        std::fs::set_permissions(&home.config, std::fs::Permissions::from_mode(mode)).unwrap();
        for args in [&["ctx", "ctx-1"][..], &["ns", "-f", "team"][..]] {
            let o = home.run("kon", args);
            assert_eq!(o.code, 1, "{args:?}: {o:?}");
            let want = format!("open {}: permission denied", home.config.display());
            assert!(o.stderr.contains(&want), "{args:?}: {}", o.stderr);
            assert_eq!(home.read(), before);
            let mode_now = std::fs::metadata(&home.config).unwrap().permissions().mode();
            assert_eq!(mode_now & 0o777, mode);
            assert_eq!(leftovers(&home.path("home/.kube")), Vec::<String>::new());
        }
    }
    std::fs::set_permissions(&home.config, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(home.run("kon", &["ctx", "ctx-1"]).code, 0);
}

/// A normal switch after the kills: it must succeed, take over whatever
/// lock a killed writer left, and leave a parseable file and nothing else.
fn switch_cleanly(home: &Home, to: &str) {
    let o = home.run("kon", &["ctx", to]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let (contexts, current) = parsed(&home.config);
    assert_eq!(contexts.len(), 400);
    assert_eq!(current.as_deref(), Some(to));
    assert_eq!(leftovers(&home.path("home/.kube")), Vec::<String>::new());
}

#[test]
fn writers_killed_at_random_moments_never_block_the_next_one() {
    let home = Home::new(&generated_kubeconfig(400, 900, "ctx-0"));
    let kube = home.path("home/.kube");
    let start = Instant::now();
    assert_eq!(home.run("kon", &["ctx", "ctx-1"]).code, 0);
    let span = start.elapsed().max(Duration::from_millis(20)).as_micros() as u64;
    let mut seen_locks = 0;
    for i in 0..40u64 {
        let target = if i % 2 == 0 { "ctx-2" } else { "ctx-3" };
        let mut child = home
            .cmd("kon")
            .args(["ctx", target])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread over the whole run, and a little after.
        std::thread::sleep(Duration::from_micros((i * 7919) % (span * 6 / 5 + 1)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let (contexts, _) = parsed(&home.config);
        assert_eq!(contexts.len(), 400, "iteration {i}");
        seen_locks += usize::from(kube.join("config.lock").exists());
        // Nothing is cleaned by hand: the next writer must cope.
    }
    eprintln!("40 kills within {span} µs left a lock {seen_locks} times");
    switch_cleanly(&home, "ctx-9");
}

#[test]
fn a_writer_killed_holding_the_lock_leaves_a_lock_that_the_next_takes_over() {
    let home = Home::new(&generated_kubeconfig(400, 900, "ctx-0"));
    let lock = home.path("home/.kube/config.lock");
    let mut stale = 0;
    for i in 0..10 {
        let target = format!("ctx-{}", 10 + i);
        let mut child = home
            .cmd("kon")
            .args(["ctx", &target])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill it the moment its lock appears (or give up once it is done).
        let deadline = Instant::now() + Duration::from_secs(120);
        while !lock.exists() && Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if lock.exists() {
            stale += 1;
            let text = std::fs::read_to_string(&lock).unwrap();
            assert!(text.starts_with(&format!("kon pid={} ", child.id())), "{text}");
        }
        switch_cleanly(&home, &format!("ctx-{}", 100 + i));
    }
    assert!(stale > 0, "no writer was killed holding the lock");
}
