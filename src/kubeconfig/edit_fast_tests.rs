use super::super::edit::{set_current_context, set_current_context_in, set_namespace};
use super::*;

const TEXT: &str = "\
apiVersion: v1
# where we are
current-context: prod   # keep me
contexts:
- name: prod
  context:
    cluster: c1
    namespace: payments  # team default
    user: admin
- name: dev
  context:
    cluster: c1
    user: admin
";

fn layout(text: &str) -> Layout {
    fast::scan(text).expect("in the fast subset").layout
}

#[test]
fn current_context_changes_the_one_line() {
    let out = current_context(TEXT, "dev", &layout(TEXT)).unwrap();
    assert_eq!(
        out,
        TEXT.replace("current-context: prod ", "current-context: dev ")
    );
    // Names that are not plain are quoted, and read back.
    for name in ["", "true", "a b", "dev's", "123", "é"] {
        let out = current_context(TEXT, name, &layout(TEXT)).unwrap();
        assert_eq!(Ok(out), set_current_context_in(TEXT, name, None), "{name}");
    }
    // What the quoting writes as an escape the fast reader does not decode.
    assert_eq!(current_context(TEXT, "a\u{1}", &layout(TEXT)), None);
    assert!(set_current_context(TEXT, "a\u{1}").is_ok());
}

#[test]
fn current_context_keeps_crlf_and_appends_when_missing() {
    let crlf = TEXT.replace('\n', "\r\n");
    let out = current_context(&crlf, "dev", &layout(&crlf)).unwrap();
    assert_eq!(
        out,
        crlf.replace("current-context: prod ", "current-context: dev ")
    );
    let none = "contexts: []\n";
    assert_eq!(
        current_context(none, "a", &layout(none)).as_deref(),
        Some("contexts: []\ncurrent-context: a\n")
    );
    assert_eq!(
        current_context("", "a", &layout("")).as_deref(),
        Some("current-context: a\n")
    );
    // A text without a final line break is left to the full check (a block
    // scalar ending the file would change).
    let open = "x: |\n  a";
    assert_eq!(current_context(open, "a", &layout(open)), None);
    assert_eq!(
        set_current_context(open, "a").unwrap(),
        "x: |\n  a\ncurrent-context: a\n"
    );
    // An empty value is filled in.
    let empty = "current-context:\nkind: Config\n";
    assert_eq!(
        current_context(empty, "a", &layout(empty)).as_deref(),
        Some("current-context: a\nkind: Config\n")
    );
}

#[test]
fn a_layout_of_another_text_is_not_used() {
    let other = layout("current-context: a\n");
    let out = set_current_context_in(TEXT, "dev", Some(&other)).unwrap();
    assert_eq!(
        out,
        TEXT.replace("current-context: prod ", "current-context: dev ")
    );
}

#[test]
fn namespace_replaced_inserted_and_removed() {
    let before = fast::scan(TEXT).unwrap().raw;
    let replaced = TEXT.replace("namespace: payments", "namespace: billing");
    assert!(namespace_only(TEXT, &replaced, &before, "prod", Some("billing")));
    let inserted = TEXT.replace(
        "    cluster: c1\n    user: admin\n",
        "    cluster: c1\n    namespace: web\n    user: admin\n",
    );
    assert!(namespace_only(TEXT, &inserted, &before, "dev", Some("web")));
    let removed = TEXT.replace("    namespace: payments  # team default\n", "");
    assert!(namespace_only(TEXT, &removed, &before, "prod", None));
    // And set_namespace gives exactly these.
    assert_eq!(set_namespace(TEXT, "prod", Some("billing")).unwrap(), replaced);
    assert_eq!(set_namespace(TEXT, "dev", Some("web")).unwrap(), inserted);
    assert_eq!(set_namespace(TEXT, "prod", None).unwrap(), removed);
}

#[test]
fn anything_else_is_left_to_the_full_check() {
    let before = fast::scan(TEXT).unwrap().raw;
    let ok = |out: &str, ctx: &str, ns: Option<&str>| namespace_only(TEXT, out, &before, ctx, ns);
    // The wrong context, or more than the namespace changed.
    let replaced = TEXT.replace("namespace: payments", "namespace: billing");
    assert!(!ok(&replaced, "dev", Some("billing")));
    assert!(!ok(
        &replaced.replace("user: admin\n-", "user: root\n-"),
        "prod",
        Some("billing")
    ));
    assert!(!ok(
        &replaced.replace("apiVersion: v1", "apiVersion: v2"),
        "prod",
        Some("billing")
    ));
    // Not what was asked for.
    assert!(!ok(&replaced, "prod", Some("other")));
    assert!(!ok(&replaced, "prod", None));
    // Same value, other spelling: no change to see, so not checked here.
    let requoted = TEXT.replace("namespace: payments", "namespace: \"payments\"");
    assert!(!ok(&requoted, "prod", Some("payments")));
    assert!(ok(TEXT, "prod", Some("payments")));
    // Into a mapping it does not belong to.
    let misplaced = TEXT.replace("- name: dev\n", "- name: dev\n  namespace: web\n");
    assert!(!ok(&misplaced, "dev", Some("web")));
}

#[test]
fn one_line_diffs() {
    assert_eq!(one_line_diff("a\nb\nc\n", "a\nx\nc\n"), Some(("b\n", "x\n")));
    assert_eq!(one_line_diff("a\nb\nc\n", "a\nc\n"), Some(("b\n", "")));
    assert_eq!(one_line_diff("a\nc\n", "a\nb\nc\n"), Some(("", "b\n")));
    assert_eq!(one_line_diff("a\nb", "a\nbc"), Some(("b", "bc")));
    assert_eq!(one_line_diff("a\nb\n", "a\nb\n"), Some(("", "")));
    assert_eq!(one_line_diff("ab\n", "a\nb\n"), None);
    assert_eq!(one_line_diff("a\nb\nc\n", "x\nb\ny\n"), None);
    assert_eq!(
        one_line_diff("x: 1\nx: 1\n", "x: 1\nx: 1\nx: 1\n"),
        Some(("", "x: 1\n"))
    );
    // Long texts go through the block comparison.
    let long = "k: v\n".repeat(100);
    let changed = format!("{long}n: 1\n{long}");
    let other = format!("{long}n: 2\n{long}");
    assert_eq!(one_line_diff(&changed, &other), Some(("n: 1\n", "n: 2\n")));
    assert_eq!(
        one_line_diff(&format!("{long}{long}"), &changed),
        Some(("", "n: 1\n"))
    );
}
