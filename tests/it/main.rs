//! The integration tests, as one test binary (`it`) so that the crate is
//! linked once for all of them rather than once per file. Each file here is
//! a module of it; `test_support` holds the helpers they share (processes, tmux,
//! simulated clusters, and the limit on how many of those run at once).
//! Their data stays beside them: tests/scenarios, tests/snapshots.
//!
//! One file's tests: `cargo test --test it check_cli::`.

mod test_support;

mod certs_backups;
mod check_cli;
mod cluster_watch;
mod completions;
mod console_actions;
mod console_describe;
mod console_drain;
mod console_logs;
mod console_shell;
mod console_switch;
mod console_undo;
mod console_visible;
mod console_workloads;
mod ctxns_cli;
mod drain_cli;
mod drain_cli_faults;
mod drain_runner_sim;
mod e2e_screen;
mod e2e_shell;
mod error_words;
mod etcd_demo;
mod etcd_live;
mod etcd_ops;
mod fleet_cli;
mod incident_demo;
mod kubeconfig_lock;
mod kubectx_shell;
mod platform_detect;
mod pods_live;
mod quiet_when_broken;
mod readonly_cli;
mod readonly_console;
mod readonly_glob;
mod sim_churn;
mod sim_cli;
mod sim_kube;
mod sim_kubectl;
mod sim_kubectl_writes;
mod sim_logs;
mod sim_logs_follow;
mod sim_managed;
mod sim_rollout;
mod sim_triage;
mod sim_triage_live;
mod ui_snapshots;

/// Every file beside this one is one of its modules (a file not declared
/// here would never be compiled nor run), and no test file sits directly in
/// tests/ (it would be a second test binary linking the whole crate again).
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(tests.join("it/main.rs")).expect("main.rs");
    for entry in std::fs::read_dir(tests.join("it")).expect("tests/it") {
        let path = entry.expect("entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && stem != "main" {
            assert!(
                main.contains(&format!("\nmod {stem};\n")),
                "tests/it/{stem}.rs is not declared in tests/it/main.rs"
            );
        }
    }
    for entry in std::fs::read_dir(&tests).expect("tests") {
        let path = entry.expect("entry").path();
        let binary = path.extension().is_some_and(|e| e == "rs") || path.join("main.rs").exists();
        assert!(
            !binary || path.ends_with("it"),
            "{} would be a test binary of its own: make it a module of tests/it",
            path.display()
        );
    }
}
