use super::*;
use crate::findings::NotApplicable;

fn report(not_applicable: Vec<NotApplicable>) -> Report {
    Report {
        findings: Vec::new(),
        checked: 3,
        clean: 3,
        score: Some(100),
        grade: Some('A'),
        complete: true,
        unread: Vec::new(),
        critical: 0,
        warning: 0,
        info: 0,
        not_checked: Vec::new(),
        not_applicable,
    }
}

fn eks() -> crate::platform::Detection {
    crate::platform::Detection {
        platform: crate::platform::Platform::Eks,
        evidence: vec!["gitVersion v1.31.2-eks-7f9249a".into()],
        configured: false,
    }
}

fn eks_rules() -> Vec<NotApplicable> {
    vec![NotApplicable {
        id: "etcd-backup-missing",
        reason: "EKS runs etcd and backs it up".into(),
    }]
}

#[test]
fn text_lists_the_rules_that_do_not_apply_with_their_reason() {
    let scope = Scope::default();
    let t = Target {
        context: "eks",
        server: "https://x.eks.amazonaws.com",
        scope: &scope,
        platform: &eks(),
    };
    let out = text(&report(eks_rules()), &t, false);
    assert!(
        out.contains("\nplatform EKS (gitVersion v1.31.2-eks-7f9249a)\n"),
        "the report names the platform and its evidence:\n{out}"
    );
    assert!(
        out.contains(
            "\nnot applicable on this platform (not run, not scored):\n  etcd-backup-missing: EKS runs etcd and backs it up\n"
        ),
        "{out}"
    );
    let out = text(&report(Vec::new()), &t, false);
    assert!(
        !out.contains("not applicable"),
        "self-managed: nothing more:\n{out}"
    );
}

#[test]
fn json_lists_them_too() {
    let scope = Scope::default();
    let t = Target {
        context: "eks",
        server: "https://x.eks.amazonaws.com",
        scope: &scope,
        platform: &eks(),
    };
    let v: serde_json::Value =
        serde_json::from_str(&json(&report(eks_rules()), &t).expect("json")).expect("parse");
    assert_eq!(
        v["notApplicable"],
        serde_json::json!([{"id": "etcd-backup-missing", "reason": "EKS runs etcd and backs it up"}])
    );
    let v: serde_json::Value =
        serde_json::from_str(&json(&report(Vec::new()), &t).expect("json")).expect("parse");
    assert_eq!(v["notApplicable"], serde_json::json!([]));
    assert_eq!(v["platform"], "eks");
    assert_eq!(
        v["platformEvidence"],
        serde_json::json!(["gitVersion v1.31.2-eks-7f9249a"])
    );
}

#[test]
fn docs_findings_md_holds_the_rule_table() {
    let doc = include_str!("../../docs/findings.md");
    assert!(
        doc.contains(&rule_table()),
        "docs/findings.md's table is not --list-rules'"
    );
}
