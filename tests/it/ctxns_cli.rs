//! `kubectx`/`kubens` as drop-ins: the real binary under both names (and
//! as `kon ctx`/`kon ns`, and `kubectl kon ctx` as a kubectl plugin), with a
//! private HOME, XDG_CACHE_HOME and KUBECONFIG; the real kubectl reading
//! what they wrote; kubens against `kon sim`; many writers at once; writers
//! killed mid-write.

use crate::test_support;
use crate::test_support::ctxns_env;

use std::process::Child;
use std::time::{Duration, Instant};

use ctxns_env::{Home, generated_kubeconfig, parsed};

const CONFIG: &str = "\
# hand-written: this comment stays
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:1
contexts:
- name: prod
  context:
    cluster: c
    user: u
    namespace: payments
- name: dev
  context:
    cluster: c
    user: u
current-context: prod
users:
- name: u
  user:
    token: t
x-extra: {kept: true}
";

/// The same kubectx command line through each way of calling it.
const CTX_CALLS: &[(&str, &[&str])] = &[("kubectx", &[]), ("kon", &["ctx"]), ("kubectl-kon", &["ctx"])];

fn ctx(home: &Home, call: (&str, &[&str]), args: &[&str]) -> ctxns_env::Out {
    let mut all: Vec<&str> = call.1.to_vec();
    all.extend_from_slice(args);
    home.run(call.0, &all)
}

#[test]
fn every_kubectx_form_under_every_name() {
    for &call in CTX_CALLS {
        let home = Home::new(CONFIG);
        let run = |args: &[&str]| ctx(&home, call, args);
        let check = |args: &[&str], code: i32, stdout: &str, stderr: &str| {
            let o = run(args);
            assert_eq!(
                (o.code, o.stdout.as_str(), o.stderr.as_str()),
                (code, stdout, stderr),
                "{call:?} {args:?}"
            );
        };
        check(&[], 0, "dev\nprod\n", "");
        check(&["-c"], 0, "prod\n", "");
        check(&["dev"], 0, "", "✔ Switched to context \"dev\".\n");
        assert_eq!(
            home.read(),
            CONFIG.replace("current-context: prod", "current-context: dev")
        );
        assert_eq!(home.kubectx_state().as_deref(), Some("prod"));
        check(&["--current"], 0, "dev\n", "");
        check(&["-"], 0, "", "✔ Switched to context \"prod\".\n");
        assert_eq!(home.read(), CONFIG);
        check(
            &["nope"],
            1,
            "",
            "error: failed to switch context: no context exists with the name: \"nope\"\n",
        );
        check(&["-x"], 1, "", "error: unsupported option '-x'\n");
        check(&["a", "b"], 1, "", "error: too many arguments\n");
        check(&["-d"], 1, "", "error: '-d' needs arguments\n");
        check(&["-V"], 0, concat!(env!("CARGO_PKG_VERSION"), "\n"), "");
        let help = run(&["-h"]);
        assert_eq!((help.code, help.stderr.as_str()), (0, ""));
        let prog = match call.0 {
            "kubectx" => "kubectx",
            "kon" => "kon ctx",
            _ => "kubectl kon ctx",
        };
        assert!(
            help.stdout.starts_with(&format!("USAGE:\n  {prog} ")),
            "{}",
            help.stdout
        );
        assert_eq!(run(&["--help"]).stdout, help.stdout);

        check(
            &["production=."],
            0,
            "",
            "✔ Context prod renamed to production.\n",
        );
        check(&["-c"], 0, "production\n", "");
        check(&["staging=dev"], 0, "", "✔ Context dev renamed to staging.\n");
        check(
            &["staging=production"],
            0,
            "",
            "warning: context \"staging\" exists, overwriting it.\n✔ Context production renamed to staging.\n",
        );
        check(
            &["x=nope"],
            1,
            "",
            "error: context \"nope\" not found, can't rename it\n",
        );
        check(&[], 0, "staging\n", "");
        check(
            &["-d", "."],
            0,
            "",
            &format!(
                "warning: You deleted the current context. Use \"{prog}\" to select a new context.\n✔ Deleted context staging.\n"
            ),
        );
        check(
            &["-d", "gone"],
            1,
            "",
            "error: error deleting context \"gone\": context does not exist\n",
        );
        check(&["-u"], 0, "", "✔ Active context unset for kubectl.\n");
        check(&["-c"], 1, "", "error: current-context is not set\n");
        let text = home.read();
        assert!(text.starts_with("# hand-written: this comment stays\n"), "{text}");
        assert!(
            text.contains("current-context: \"\"\n") && text.contains("x-extra: {kept: true}\n"),
            "{text}"
        );
    }
}

#[test]
fn colour_is_for_terminals_or_forced() {
    let home = Home::new(CONFIG);
    let out = home
        .cmd("kubectx")
        .env("_KUBECTX_FORCE_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "dev\n\x1b[32;1mprod\x1b[0m\n"
    );
    let out = home
        .cmd("kubectx")
        .env("_KUBECTX_FORCE_COLOR", "1")
        .env("KUBECTX_CURRENT_FGCOLOR", "\x1b[36m")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "dev\n\x1b[36mprod\x1b[0m\n");
    let out = home
        .cmd("kubectx")
        .arg("nope")
        .env("_KUBECTX_FORCE_COLOR", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("\x1b[31;1merror: \x1b[0m"));
    // No terminal: plain, whatever NO_COLOR says.
    assert_eq!(home.run("kubectx", &[]).stdout, "dev\nprod\n");
}

#[test]
fn kubectl_reads_what_kubectx_wrote_and_the_other_way_round() {
    let home = Home::new(CONFIG);
    assert_eq!(home.run("kubectx", &["dev"]).code, 0);
    let k = home.run("kubectl", &["config", "current-context"]);
    assert_eq!((k.code, k.stdout.as_str()), (0, "dev\n"), "{}", k.stderr);
    assert_eq!(home.run("kubectl", &["config", "use-context", "prod"]).code, 0);
    assert_eq!(home.run("kubectx", &["-c"]).stdout, "prod\n");
    assert_eq!(home.run("kubectl", &["config", "use-context", "dev"]).code, 0);
    // The previous context is kubectx's own state (prod), whatever kubectl did.
    let o = home.run("kubectx", &["-"]);
    assert_eq!(o.stderr, "✔ Switched to context \"prod\".\n");
    assert_eq!(
        home.run("kubectl", &["config", "current-context"]).stdout,
        "prod\n"
    );
    assert_eq!(
        home.run("kubectx", &["-"]).stderr,
        "✔ Switched to context \"dev\".\n"
    );
    assert_eq!(home.run("kubectx", &["d2=dev"]).code, 0);
    let k = home.run("kubectl", &["config", "get-contexts", "-o", "name"]);
    assert_eq!(k.stdout, "d2\nprod\n");
    assert_eq!(home.run("kubectl", &["config", "current-context"]).stdout, "d2\n");
    assert_eq!(home.run("kubens", &["-c"]).stdout, "default\n");
    assert_eq!(
        home.run(
            "kubectl",
            &["config", "set-context", "--current", "--namespace=ops"]
        )
        .code,
        0
    );
    assert_eq!(home.run("kubens", &["-c"]).stdout, "ops\n");
}

#[test]
fn kubectl_runs_kon_as_a_plugin() {
    let home = Home::new(CONFIG);
    let o = home.run("kubectl", &["kon", "ctx", "dev"]);
    assert_eq!(
        (o.code, o.stderr.as_str()),
        (0, "✔ Switched to context \"dev\".\n")
    );
    let o = home.run("kubectl", &["kon", "ctx"]);
    assert_eq!(o.stdout, "dev\nprod\n");
    let o = home.run("kubectl", &["ctx", "-c"]);
    assert_eq!(o.stdout, "dev\n");
    let o = home.run("kubectl-ctx", &["-h"]);
    assert!(o.stdout.starts_with("USAGE:\n  kubectl ctx "), "{}", o.stdout);
    let o = home.run("kubectl-ns", &["-h"]);
    assert!(o.stdout.starts_with("USAGE:\n  kubectl ns "), "{}", o.stdout);
}

#[test]
fn kon_ctx_takes_the_kubeconfig_flag() {
    let home = Home::new(CONFIG);
    let other = home.path("other.yaml");
    std::fs::write(
        &other,
        CONFIG.replace("current-context: prod", "current-context: dev"),
    )
    .unwrap();
    let flag = other.to_str().unwrap();
    assert_eq!(
        home.run("kon", &["--kubeconfig", flag, "ctx", "-c"]).stdout,
        "dev\n"
    );
    assert_eq!(home.run("kon", &["ctx", "--kubeconfig", flag, "prod"]).code, 0);
    assert!(
        std::fs::read_to_string(&other)
            .unwrap()
            .contains("current-context: prod")
    );
    assert_eq!(home.read(), CONFIG, "KUBECONFIG untouched");
    let o = home.run("kon", &["--readonly", "ctx", "dev"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("read-only"), "{}", o.stderr);
}

#[test]
fn stale_lock_names_the_lock_file() {
    let home = Home::new(CONFIG);
    let lock = home.path("home/.kube/config.lock");
    std::fs::write(&lock, "").unwrap();
    // kubectl refuses too, naming the lock.
    let k = home.run("kubectl", &["config", "use-context", "dev"]);
    assert_eq!(k.code, 1);
    assert!(k.stderr.contains("config.lock"), "{}", k.stderr);
    let start = Instant::now();
    let o = home.run("kubectx", &["dev"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains(&lock.display().to_string()), "{}", o.stderr);
    assert!(
        start.elapsed() >= Duration::from_secs(4),
        "waited for the other writer first"
    );
    assert_eq!(home.read(), CONFIG);
    std::fs::remove_file(&lock).unwrap();
    assert_eq!(home.run("kubectx", &["dev"]).code, 0);
}

#[test]
fn kubens_against_the_simulated_cluster() {
    let sim = test_support::process::sim(&["--scenario", "healthy"]);
    let text = std::fs::read_to_string(&sim.kubeconfig).unwrap();
    for (program, pre) in [("kubens", &[][..]), ("kon", &["ns"][..])] {
        let home = Home::new(&text);
        let run = |args: &[&str]| {
            let mut all: Vec<&str> = pre.to_vec();
            all.extend_from_slice(args);
            home.run(program, &all)
        };
        let o = run(&[]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let names: Vec<&str> = o.stdout.lines().collect();
        for ns in ["default", "kube-system", "shop", "cert-manager"] {
            assert!(names.contains(&ns), "{ns} in {names:?}");
        }
        assert_eq!(run(&["-c"]).stdout, "default\n");
        let o = run(&["shop"]);
        assert_eq!(
            (o.code, o.stderr.as_str()),
            (0, "✔ Active namespace is \"shop\"\n")
        );
        let k = home.run(
            "kubectl",
            &["config", "view", "--minify", "-o", "jsonpath={..namespace}"],
        );
        assert_eq!(k.stdout, "shop");
        let before = home.read();
        let o = run(&["nope"]);
        assert_eq!(
            (o.code, o.stderr.as_str()),
            (1, "error: no namespace exists with name \"nope\"\n")
        );
        assert_eq!(home.read(), before, "nothing written");
        let o = run(&["nope", "-f"]);
        assert_eq!(
            (o.code, o.stderr.as_str()),
            (0, "✔ Active namespace is \"nope\"\n")
        );
        let o = run(&["-"]);
        assert_eq!(
            (o.code, o.stderr.as_str()),
            (0, "✔ Active namespace is \"shop\"\n")
        );
        assert_eq!(run(&["-c"]).stdout, "shop\n");
        let state = std::fs::read_to_string(home.path("cache/.kube/kubens/kon-sim")).unwrap();
        assert_eq!(state, "nope");
        let o = run(&["-u"]);
        assert_eq!(
            (o.code, o.stderr.as_str()),
            (0, "✔ Active namespace is \"default\".\n")
        );
        assert_eq!(run(&["--current"]).stdout, "default\n");
    }
}

#[test]
fn kubens_with_an_unreachable_cluster_fails_clearly() {
    let home = Home::new(CONFIG);
    for args in [&[][..], &["kube-system"]] {
        let start = Instant::now();
        let o = home.run("kubens", args);
        assert_eq!(o.code, 1, "{args:?}");
        assert!(o.stderr.starts_with("error: "), "{}", o.stderr);
        // Go's words: "(is the cluster accessible?)" listing, "(is cluster accessible?)" checking.
        assert!(o.stderr.contains("cluster accessible?)"), "{}", o.stderr);
        assert!(o.stderr.contains("Connection refused"), "{}", o.stderr);
        assert!(start.elapsed() < Duration::from_secs(15));
    }
    assert_eq!(home.read(), CONFIG);
    // --force needs no cluster.
    assert_eq!(home.run("kubens", &["-f", "ops"]).code, 0);
}

#[test]
fn concurrent_switches_lose_nothing() {
    let home = Home::new(&generated_kubeconfig(50, 40, "ctx-0"));
    let mut children: Vec<Child> = Vec::new();
    for i in 0..16 {
        let target = if i % 2 == 0 { "ctx-1" } else { "ctx-2" };
        children.push(home.cmd("kubectx").arg(target).spawn().unwrap());
    }
    for i in 0..4 {
        children.push(
            home.cmd("kubens")
                .args(["-f", &format!("team-{i}")])
                .spawn()
                .unwrap(),
        );
    }
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let (contexts, current) = parsed(&home.config);
    assert_eq!(contexts.len(), 50);
    assert!(
        matches!(current.as_deref(), Some("ctx-1" | "ctx-2")),
        "{current:?}"
    );
    let k = home.run("kubectl", &["config", "get-contexts", "-o", "name"]);
    assert_eq!(k.stdout.lines().count(), 50);
    assert!(!home.path("home/.kube/config.lock").exists());
}

#[test]
fn killed_writers_never_leave_a_broken_kubeconfig() {
    let home = Home::new(&generated_kubeconfig(1000, 900, "ctx-0"));
    assert!(home.read().len() > 1_000_000);
    // How long one unkilled switch takes here (debug builds are slower):
    // half the kills spread over 0..max(20 ms, that), half over its last
    // fifth and a little after, where the file is written.
    let start = Instant::now();
    assert_eq!(home.run("kon", &["ctx", "ctx-1"]).code, 0);
    let span = start.elapsed().max(Duration::from_millis(20)).as_micros() as u64;
    let (mut stale_locks, mut temp_files, mut switched) = (0, 0, 0);
    let mut current = Some("ctx-1".to_string());
    for i in 0..60u64 {
        let mut child = home
            .cmd("kon")
            .args(["ctx", &format!("ctx-{}", i % 7)])
            .spawn()
            .unwrap();
        let jitter = (i * 7919) % (span + 1);
        let delay = if i % 2 == 0 {
            jitter
        } else {
            span * 4 / 5 + jitter * 3 / 10
        };
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        let (contexts, now) = parsed(&home.config);
        assert_eq!(contexts.len(), 1000, "iteration {i}");
        assert!(now.as_deref().is_some_and(|c| c.starts_with("ctx-")), "{now:?}");
        if now != current {
            switched += 1;
            current = now;
        }
        for entry in std::fs::read_dir(home.path("home/.kube")).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name == "config.lock" {
                stale_locks += 1;
                std::fs::remove_file(home.path("home/.kube/config.lock")).unwrap();
            } else if name.ends_with(".tmp") {
                temp_files += 1;
                std::fs::remove_file(home.path(&format!("home/.kube/{name}"))).unwrap();
            }
        }
    }
    eprintln!(
        "60 kills within {span} µs: {switched} switches landed, {stale_locks} stale locks, \
         {temp_files} temp files left"
    );
    let o = home.run("kubectx", &["ctx-999"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(parsed(&home.config).1.as_deref(), Some("ctx-999"));
}
