use super::*;

fn p(s: &str) -> PathBuf {
    PathBuf::from(s)
}

pub(crate) const A: &str = "\
apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: c1
  cluster:
    server: https://a.example
contexts:
- name: prod
  context:
    cluster: c1
    user: u1
    namespace: payments
- name: shared
  context:
    cluster: c1
    user: u1
users:
- name: u1
  user: {}
";

pub(crate) const B: &str = "\
current-context: dev
clusters:
- name: c1
  cluster:
    server: https://b.example
- name: c2
  cluster:
    server: https://c2.example
contexts:
- name: shared
  context:
    cluster: c2
    user: u2
    namespace: other
- name: dev
  context:
    cluster: c2
    user: u2
users:
- name: u2
  user: {}
";

#[test]
fn first_file_wins_for_entries_and_current_context() {
    let m = merge(&[(p("/a"), Some(A.into())), (p("/b"), Some(B.into()))]).unwrap();
    assert_eq!(m.current_context.as_deref(), Some("prod"));
    assert_eq!(m.current_context_file, Some(p("/a")));
    let names: Vec<_> = m.contexts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["prod", "shared", "dev"]);
    let shared = m.context("shared").unwrap();
    assert_eq!(shared.file, p("/a"));
    assert_eq!(shared.cluster.as_deref(), Some("c1"));
    assert_eq!(shared.namespace, None);
    assert_eq!(m.context("dev").unwrap().file, p("/b"));
    assert_eq!(
        m.cluster("c1").unwrap().server.as_deref(),
        Some("https://a.example")
    );
    assert_eq!(m.cluster("c2").unwrap().file, p("/b"));
    assert_eq!(
        m.users,
        vec![("u1".to_owned(), p("/a")), ("u2".to_owned(), p("/b"))]
    );
    assert_eq!(m.current().unwrap().namespace.as_deref(), Some("payments"));
    assert_eq!(m.current_context_target(), Some(p("/a")));
}

#[test]
fn current_context_from_first_file_that_sets_it() {
    let no_cur = "contexts:\n- name: x\n  context: {}\ncurrent-context: \"\"\n";
    let files = [
        (p("/none"), None),
        (p("/a"), Some(no_cur.into())),
        (p("/b"), Some(B.into())),
    ];
    let m = merge(&files).unwrap();
    assert_eq!(m.current_context.as_deref(), Some("dev"));
    assert_eq!(m.current_context_file, Some(p("/b")));
    assert_eq!(m.files, [p("/none"), p("/a"), p("/b")]);
    assert_eq!(m.present, [p("/a"), p("/b")]);
    assert_eq!(m.current_context_target(), Some(p("/b")));
}

#[test]
fn duplicates_removed_and_missing_skipped() {
    let files = [
        (p("/missing"), None),
        (p("/b"), Some(B.into())),
        (p("/a"), Some(A.into())),
        (p("/b"), Some(A.into())),
    ];
    let m = merge(&files).unwrap();
    assert_eq!(m.files, [p("/missing"), p("/b"), p("/a")]);
    assert_eq!(m.current_context.as_deref(), Some("dev"));
    assert_eq!(m.context("shared").unwrap().file, p("/b"));
}

#[test]
fn target_without_current_context_follows_kubectl_default_file() {
    let empty = "contexts: []\n";
    // Only one file: that file, even when missing.
    let m = merge(&[(p("/only"), None)]).unwrap();
    assert_eq!(m.current_context_target(), Some(p("/only")));
    // Several: the first existing one.
    let m = merge(&[
        (p("/gone"), None),
        (p("/x"), Some(empty.into())),
        (p("/y"), Some(empty.into())),
    ])
    .unwrap();
    assert_eq!(m.current_context_target(), Some(p("/x")));
    // None exists: the last one.
    let m = merge(&[(p("/g1"), None), (p("/g2"), None)]).unwrap();
    assert_eq!(m.current_context_target(), Some(p("/g2")));
    assert_eq!(merge(&[]).unwrap().current_context_target(), None);
}

#[test]
fn later_duplicate_inside_one_file_wins() {
    let text = "contexts:\n- name: x\n  context: {namespace: a}\n- name: x\n  context: {namespace: b}\n";
    let m = merge(&[(p("/a"), Some(text.into()))]).unwrap();
    assert_eq!(m.contexts.len(), 1);
    assert_eq!(m.context("x").unwrap().namespace.as_deref(), Some("b"));
}

#[test]
fn empty_and_comment_only_files_are_empty_configs() {
    let m = merge(&[
        (p("/a"), Some(String::new())),
        (p("/b"), Some("# nothing\n---\n".into())),
    ])
    .unwrap();
    assert!(m.contexts.is_empty());
    assert_eq!(m.present.len(), 2);
}

#[test]
fn malformed_file_is_an_error_with_position() {
    let bad = "contexts:\n- name: x\n  context: [unclosed\n";
    let err = merge(&[(p("/a"), Some(A.into())), (p("/bad"), Some(bad.into()))]).unwrap_err();
    assert_eq!(err.path, p("/bad"));
    let (line, col) = err.position.expect("a position");
    assert!(line >= 3, "{err}");
    assert!(col >= 1);
    assert!(
        err.to_string().starts_with(&format!("/bad:{line}:{col}: ")),
        "{err}"
    );
    let wrong_type = "contexts: 5\n";
    let err = merge(&[(p("/w"), Some(wrong_type.into()))]).unwrap_err();
    assert_eq!(err.position.map(|p| p.0), Some(1), "{err}");
}

#[test]
fn paths_from_env_or_home() {
    let sep = if cfg!(windows) { ";" } else { ":" };
    let env = format!("/a{sep}{sep}/b{sep}/a");
    let paths = kubeconfig_paths(Some(OsStr::new(&env)), Some(Path::new("/home/me")));
    assert_eq!(paths, [p("/a"), p("/b")]);
    assert_eq!(
        kubeconfig_paths(Some(OsStr::new("")), Some(Path::new("/h"))),
        [p("/h/.kube/config")]
    );
    assert_eq!(kubeconfig_paths(None, None), Vec::<PathBuf>::new());
}

#[test]
fn load_reads_files_and_skips_missing() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    std::fs::write(&a, A).unwrap();
    let m = load(&[dir.path().join("missing"), a.clone()]).unwrap();
    assert_eq!(m.current_context_file, Some(a));
}

#[test]
fn last_wins_keeps_first_positions_and_last_entries() {
    let names = |v: Vec<(String, u8)>| v.into_iter().map(|(n, i)| format!("{n}{i}")).collect::<Vec<_>>();
    let items: Vec<(String, u8)> = [("a", 1), ("b", 1), ("a", 2), ("c", 1), ("b", 2), ("a", 3)]
        .map(|(n, i)| (n.to_owned(), i))
        .to_vec();
    assert_eq!(names(last_wins(items, |i| &i.0)), ["a3", "b2", "c1"]);
    let unique: Vec<(String, u8)> = vec![("x".into(), 1), ("y".into(), 1)];
    assert_eq!(names(last_wins(unique, |i| &i.0)), ["x1", "y1"]);
    assert!(last_wins(Vec::<(String, u8)>::new(), |i| &i.0).is_empty());
}
