//! Issue 16: `kubectx -s`/`-r` (kon linked as kubectx) and `kon shell`
//! against `kon sim`, with `SHELL` a script that runs kubectl and writes
//! what it printed and its exit code to a file the test reads back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::test_support;
use test_support::ctxns_env::{Home, Out};
use test_support::process::{SimProcess, kubectl, sim};

/// A second kubeconfig file with a context the shells must not show.
const OTHER: &str = "apiVersion: v1
kind: Config
clusters:
- name: far
  cluster: { server: \"https://10.255.0.1:6443\" }
contexts:
- name: elsewhere
  context: { cluster: far, user: someone }
users:
- name: someone
  user: { token: not-for-the-shell }
";

struct Run {
    out: Out,
    /// `== name` sections of the script's file: what ran and `exit=N`.
    steps: BTreeMap<String, String>,
    /// The private TMPDIR the shell's kubeconfig went to.
    tmp: PathBuf,
}

impl Run {
    fn step(&self, name: &str) -> &str {
        self.steps.get(name).map(String::as_str).unwrap_or_else(|| {
            panic!(
                "no step {name:?}; stderr:\n{}\nsteps: {:?}",
                self.out.stderr, self.steps
            )
        })
    }

    fn refused(&self, name: &str, why: &str) {
        let s = self.step(name);
        assert!(!s.ends_with("exit=0\n"), "{name} passed:\n{s}");
        assert!(
            s.contains(&format!("[kubectx] readonly mode: {why}")),
            "{name}:\n{s}"
        );
    }

    fn ok(&self, name: &str) -> &str {
        let s = self.step(name);
        assert!(s.ends_with("exit=0\n"), "{name} failed:\n{s}");
        s
    }
}

/// Runs `program args` in `home` with the sim's kubeconfig first in
/// KUBECONFIG and `SHELL` a script of `steps` (`name`, shell command).
fn run(home: &Home, s: &SimProcess, program: &str, args: &[&str], steps: &[(&str, &str)]) -> Run {
    let out_file = home.path("steps.txt");
    let _ = std::fs::remove_file(&out_file);
    let tmp = home.path(&format!("tmp-{}", args.join("-").replace(['/', ' '], "_")));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut script = String::from("#!/bin/sh\n");
    for (name, cmd) in steps {
        script.push_str(&format!(
            "{{ echo '== {name}'; {cmd} 2>&1; echo \"exit=$?\"; }} >> \"$OUT\"\n"
        ));
    }
    let script_path = home.path("shell.sh");
    std::fs::write(&script_path, script).unwrap();
    std::fs::set_permissions(&script_path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let kubeconfig = format!("{}:{}", s.kubeconfig.display(), home.config.display());
    let out: Out = home
        .cmd(program)
        .args(args)
        .env("KUBECONFIG", kubeconfig)
        .env("SHELL", &script_path)
        .env("OUT", &out_file)
        .env("REAL_KUBECONFIG", &s.kubeconfig)
        .env("KON", test_support::ctxns_env::KON)
        .env("TMPDIR", &tmp)
        .env("KON_CONFIG_DIR", home.path("kon-config"))
        .env("KON_STATE_DIR", home.path("kon-state"))
        .output()
        .expect("runs")
        .into();
    let text = std::fs::read_to_string(&out_file).unwrap_or_default();
    let mut steps = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("== ") {
            steps.extend(current.take());
            current = Some((name.to_string(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    steps.extend(current);
    Run { out, steps, tmp }
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Namespace and name of a pod of the sim.
fn some_pod(s: &SimProcess) -> (String, String) {
    let (ok, out, err) = kubectl(
        &s.kubeconfig,
        &[
            "get",
            "pods",
            "-n",
            "kube-system",
            "-o",
            "jsonpath={.items[0].metadata.name}",
        ],
    );
    assert!(ok && !out.is_empty(), "{err}");
    ("kube-system".into(), out)
}

#[test]
fn isolated_shell_sees_only_its_context_and_leaves_the_kubeconfig_as_it_was() {
    let s = sim(&[]);
    let home = Home::new(OTHER);
    let before = (std::fs::read(&s.kubeconfig).unwrap(), home.read());
    let r = run(
        &home,
        &s,
        "kubectx",
        &["-s", "kon-sim"],
        &[
            (
                "vars",
                "echo \"guard=$KUBECTX_ISOLATED_SHELL ro=$KUBECTX_READONLY_SHELL\"",
            ),
            ("file", "echo \"$KUBECONFIG\"; stat -c %a \"$KUBECONFIG\""),
            ("contexts", "kubectl config get-contexts -o name"),
            ("nodes", "kubectl get nodes -o name"),
            ("token", "grep -c not-for-the-shell \"$KUBECONFIG\""),
            ("nested-s", "kubectx -s kon-sim"),
            ("nested-r", "kubectx -r kon-sim"),
            ("nested-list", "kubectx"),
            ("nested-kon", "\"$KON\" shell -r kon-sim"),
            ("help", "kubectx -h >/dev/null"),
        ],
    );
    assert_eq!(r.out.code, 0, "{}", r.out.stderr);
    assert_eq!(r.ok("vars"), "guard=1 ro=\nexit=0\n");
    assert_eq!(r.ok("contexts"), "kon-sim\nexit=0\n");
    assert!(r.ok("nodes").contains("node/"), "{}", r.step("nodes"));
    assert_eq!(
        r.step("token"),
        "0\nexit=1\n",
        "another user's credentials leaked in"
    );
    let file = r.ok("file");
    let path = file.lines().next().unwrap();
    assert!(path.starts_with(&r.tmp.display().to_string()), "{file}");
    assert_eq!(file.lines().nth(1), Some("600"));
    let locked =
        "error: you are in a locked single-context shell (\"kon-sim\"), use 'exit' to leave\nexit=1\n";
    for step in ["nested-s", "nested-r", "nested-list", "nested-kon"] {
        assert_eq!(r.step(step), locked, "{step}");
    }
    r.ok("help");
    assert_eq!(
        r.out.stderr,
        "[ISOLATED SHELL] kubectl context is kon-sim in this shell — type 'exit' to leave.\n\
         [ISOLATED SHELL EXITED] kubectl context is now kon-sim.\n"
    );
    assert!(
        !Path::new(path).exists() && files_in(&r.tmp).is_empty(),
        "temp file left"
    );
    let after = (std::fs::read(&s.kubeconfig).unwrap(), home.read());
    assert!(before == after, "the kubeconfig files changed");
    let audit = std::fs::read_to_string(home.path("kon-state/audit.log")).unwrap();
    assert!(
        audit.contains("\"outcome\":\"opened: writable sub-shell\""),
        "{audit}"
    );
}

#[test]
fn readonly_shell_reads_watches_and_logs_and_refuses_every_write() {
    let s = sim(&[]);
    let home = Home::new(OTHER);
    let (ns, pod) = some_pod(&s);
    let node = kubectl(
        &s.kubeconfig,
        &["get", "nodes", "-o", "jsonpath={.items[0].metadata.name}"],
    )
    .1;
    let watch = format!(
        "kubectl get pod {pod} -n {ns} -w -o 'jsonpath={{.metadata.labels.shell-test}}{{\"\\n\"}}' > \"$OUT.watch\" 2>&1 &
         w=$!
         until [ -s \"$OUT.watch\" ] || ! kill -0 $w 2>/dev/null; do sleep 0.1; done
         KUBECONFIG=\"$REAL_KUBECONFIG\" kubectl label pod {pod} -n {ns} shell-test=seen >/dev/null
         until grep -q seen \"$OUT.watch\" || ! kill -0 $w 2>/dev/null; do sleep 0.1; done
         kill $w; cat \"$OUT.watch\"; grep -q seen \"$OUT.watch\""
    );
    let apply = "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: from-shell, namespace: default}\\n' | kubectl apply -f -";
    let r = run(
        &home,
        &s,
        "kubectx",
        &["-r", "kon-sim"],
        &[
            (
                "vars",
                "echo \"guard=$KUBECTX_ISOLATED_SHELL ro=$KUBECTX_READONLY_SHELL\"",
            ),
            ("contexts", "kubectl config get-contexts -o name"),
            (
                "credentials",
                "grep -cE 'token|client-key|certificate' \"$KUBECONFIG\"",
            ),
            (
                "stranger",
                "s=$(kubectl config view -o 'jsonpath={.clusters[0].cluster.server}'); kubectl --server=\"${s%/*}\" get nodes",
            ),
            ("nodes", "kubectl get nodes -o name"),
            ("watch", &watch),
            ("logs", &format!("kubectl logs -n {ns} {pod}")),
            ("can-i", "kubectl auth can-i delete pods"),
            ("secrets", "kubectl get secrets -A -o name"),
            ("cordon", &format!("kubectl cordon {node}")),
            (
                "delete",
                &format!("kubectl delete pod -n {ns} {pod} --wait=false"),
            ),
            (
                "dry-run",
                &format!("kubectl delete pod -n {ns} {pod} --dry-run=server"),
            ),
            ("apply", apply),
            ("exec", &format!("kubectl exec -n {ns} {pod} -- true")),
            (
                "port-forward",
                &format!("kubectl port-forward -n {ns} pod/{pod} 0:80"),
            ),
        ],
    );
    assert_eq!(r.out.code, 0, "{}", r.out.stderr);
    assert_eq!(r.ok("vars"), "guard=1 ro=1\nexit=0\n");
    assert_eq!(r.ok("contexts"), "kon-sim[RO]\nexit=0\n");
    assert_eq!(r.step("credentials"), "0\nexit=1\n");
    // The proxy serves only under the shell's own token (another local user has not got it).
    let stranger = r.step("stranger");
    assert!(
        stranger.contains("You must be logged in to the server") && stranger.ends_with("exit=1\n"),
        "{stranger}"
    );
    assert!(r.ok("nodes").contains(&format!("node/{node}")));
    assert!(r.ok("watch").contains("\nseen\n"), "{}", r.step("watch"));
    assert!(r.ok("logs").contains(" log line 1\n"), "{}", r.step("logs"));
    assert_eq!(r.ok("can-i"), "yes\nexit=0\n");
    r.ok("secrets");
    // kubectl cordon says it failed yet exits 0: the node is checked below.
    assert!(
        r.step("cordon")
            .contains("[kubectx] readonly mode: PATCH requests are not allowed"),
        "{}",
        r.step("cordon")
    );
    r.refused("delete", "DELETE requests are not allowed");
    r.refused("dry-run", "DELETE requests are not allowed");
    r.refused("apply", "POST requests are not allowed");
    let streams = "operations like exec, cp, and port-forward are not allowed";
    r.refused("exec", streams);
    r.refused("port-forward", streams);
    assert_eq!(
        r.out.stderr,
        "[READONLY SHELL] kubectl context is kon-sim in READ-ONLY mode — type 'exit' to leave.\n\
         [READONLY SHELL EXITED] kubectl context is now kon-sim.\n"
    );
    assert!(
        files_in(&r.tmp).is_empty(),
        "temp file left: {:?}",
        files_in(&r.tmp)
    );
    // Nothing changed on the server.
    let (ok, pods, _) = kubectl(&s.kubeconfig, &["get", "pod", "-n", &ns, &pod, "-o", "name"]);
    assert!(ok && pods.contains(&pod));
    let unschedulable = kubectl(
        &s.kubeconfig,
        &["get", "node", &node, "-o", "jsonpath={.spec.unschedulable}"],
    )
    .1;
    assert_eq!(unschedulable, "");
    let (found, _, _) = kubectl(
        &s.kubeconfig,
        &["get", "configmap", "-n", "default", "from-shell"],
    );
    assert!(!found);
}

#[test]
fn deny_secrets_refuses_secrets_and_kon_shell_is_the_same_shell() {
    let s = sim(&[]);
    let home = Home::new(OTHER);
    let steps: &[(&str, &str)] = &[
        ("secrets", "kubectl get secrets -A"),
        ("secret", "kubectl get secret -n kube-system some-secret -o yaml"),
        ("pods", "kubectl get pods -A -o name"),
    ];
    for (program, args) in [
        ("kubectx", &["-r", "kon-sim", "--deny", "secrets"][..]),
        ("kon", &["shell", "--readonly", "--deny", "secrets", "kon-sim"]),
    ] {
        let r = run(&home, &s, program, args, steps);
        assert_eq!(r.out.code, 0, "{program}: {}", r.out.stderr);
        r.refused("secrets", "reading secrets is denied (--deny secrets)");
        r.refused("secret", "reading secrets is denied (--deny secrets)");
        assert!(r.ok("pods").contains("pod/"));
    }
    let r = run(
        &home,
        &s,
        "kon",
        &["shell", "--deny", "nope", "-r", "kon-sim"],
        steps,
    );
    assert_eq!(
        (r.out.code, r.out.stderr.as_str()),
        (1, "error: unknown --deny value \"nope\" (known: secrets)\n")
    );
}

#[test]
fn a_readonly_kon_refuses_a_writable_shell_and_offers_the_readonly_one() {
    let s = sim(&[]);
    let home = Home::new(OTHER);
    std::fs::create_dir_all(home.path("kon-config")).unwrap();
    std::fs::write(home.path("kon-config/config.toml"), "readonly = true\n").unwrap();
    let steps: &[(&str, &str)] = &[("ran", "true")];
    let r = run(&home, &s, "kubectx", &["-s", "kon-sim"], steps);
    assert_eq!(r.out.code, 1);
    assert!(r.steps.is_empty(), "the shell ran");
    let config = home.path("kon-config/config.toml");
    assert_eq!(
        r.out.stderr,
        format!(
            "error: refusing to open a writable shell on context \"kon-sim\": read-only \
             (readonly = true in {}); `kubectx -r kon-sim` opens a read-only one\n",
            config.display()
        )
    );
    let audit = std::fs::read_to_string(home.path("kon-state/audit.log")).unwrap();
    assert!(
        audit.contains("\"action\":\"shell\"") && audit.contains("refused: read-only"),
        "{audit}"
    );
    let r = run(&home, &s, "kubectx", &["-r", "kon-sim"], steps);
    assert_eq!(r.out.code, 0, "{}", r.out.stderr);
    assert_eq!(r.ok("ran"), "exit=0\n");
    // An unknown context, as upstream says it; no shell.
    let r = run(&home, &s, "kubectx", &["-r", "nope"], steps);
    assert_eq!(
        (r.out.code, r.out.stderr.as_str()),
        (1, "error: no context exists with the name: \"nope\"\n")
    );
}

#[test]
fn the_proxy_authenticates_with_a_token_too_and_passes_the_servers_review_answers() {
    let s = sim(&["--token-auth", "--forbid", "secrets"]);
    let home = Home::new(OTHER);
    let r = run(
        &home,
        &s,
        "kubectx",
        &["-r", "kon-sim"],
        &[
            ("nodes", "kubectl get nodes -o name"),
            ("can-i-pods", "kubectl auth can-i list pods"),
            ("can-i-secrets", "kubectl auth can-i get secrets"),
        ],
    );
    assert_eq!(r.out.code, 0, "{}", r.out.stderr);
    assert!(r.ok("nodes").contains("node/"), "{}", r.step("nodes"));
    assert_eq!(r.ok("can-i-pods"), "yes\nexit=0\n");
    assert_eq!(r.step("can-i-secrets"), "no\nexit=1\n");
}
