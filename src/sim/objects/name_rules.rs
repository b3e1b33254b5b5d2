//! Which names the API server accepts for a new object, per kind, with its
//! own messages (k8s.io/apimachinery/pkg/util/validation): namespaces are
//! RFC 1123 labels, services RFC 1035 labels, RBAC objects path segments,
//! everything else (custom resources included) RFC 1123 subdomains.

/// The rule a kind's names follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    Dns1123Label,
    Dns1123Subdomain,
    Dns1035Label,
    /// Anything but `.`, `..` and names holding `/` or `%` (checked for every kind).
    PathSegment,
}

const LABEL_MAX: usize = 63;
const SUBDOMAIN_MAX: usize = 253;
const LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1035_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";

pub fn rule_for(group: &str, kind: &str) -> NameRule {
    match (group, kind) {
        ("", "Namespace") => NameRule::Dns1123Label,
        ("", "Service") => NameRule::Dns1035Label,
        ("rbac.authorization.k8s.io", _) => NameRule::PathSegment,
        _ => NameRule::Dns1123Subdomain,
    }
}

/// apimachinery's `RegexError`: the message, its examples, the regex.
fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    let mut out = format!("{msg} (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push_str(&format!("'{e}', "));
    }
    out.push_str(&format!("regex used for validation is '{fmt}')"));
    out
}

fn max_len(n: usize) -> String {
    format!("must be no more than {n} characters")
}

/// Every problem with `name` under `rule`, each as the server words it.
pub fn problems(rule: NameRule, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    match rule {
        NameRule::PathSegment => {}
        NameRule::Dns1123Label => {
            if name.len() > LABEL_MAX {
                out.push(max_len(LABEL_MAX));
            }
            if !label_shaped(name) {
                if subdomain_shaped(name) {
                    out.push("must not contain dots".to_string());
                } else {
                    out.push(regex_error(
                        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                        LABEL_FMT,
                        &["my-name", "123-abc"],
                    ));
                }
            }
        }
        NameRule::Dns1123Subdomain => {
            if name.len() > SUBDOMAIN_MAX {
                out.push(max_len(SUBDOMAIN_MAX));
            }
            if !subdomain_shaped(name) {
                out.push(regex_error(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                    SUBDOMAIN_FMT,
                    &["example.com"],
                ));
            }
        }
        NameRule::Dns1035Label => {
            if name.len() > LABEL_MAX {
                out.push(max_len(LABEL_MAX));
            }
            let starts_alpha = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
            if !(label_shaped(name) && starts_alpha) {
                out.push(regex_error(
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                    DNS1035_FMT,
                    &["my-name", "abc-123"],
                ));
            }
        }
    }
    out
}

/// Matches the label regex (at any length: the length is reported on its own).
fn label_shaped(s: &str) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !s.is_empty()
        && s.bytes().all(|b| alnum(b) || b == b'-')
        && s.bytes().next().is_some_and(alnum)
        && s.bytes().last().is_some_and(alnum)
}

/// Matches the subdomain regex (at any length).
fn subdomain_shaped(s: &str) -> bool {
    s.split('.').all(label_shaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespace_names_are_labels_worded_as_the_apiserver_does() {
        let rule = rule_for("", "Namespace");
        assert_eq!(
            problems(rule, "Foo_bar"),
            [
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            ]
        );
        assert_eq!(problems(rule, "a.b"), ["must not contain dots"]);
        assert_eq!(
            problems(rule, &"a".repeat(64)),
            ["must be no more than 63 characters"]
        );
        assert!(problems(rule, "team-1").is_empty());
    }

    #[test]
    fn other_kinds_follow_their_rule() {
        let sub = rule_for("apps", "Deployment");
        assert_eq!(sub, NameRule::Dns1123Subdomain);
        assert!(problems(sub, "web.v2").is_empty());
        assert_eq!(
            problems(sub, "Web"),
            [
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
            ]
        );
        assert_eq!(rule_for("velero.io", "Backup"), NameRule::Dns1123Subdomain);
        let svc = rule_for("", "Service");
        assert!(problems(svc, "1web")[0].starts_with("a DNS-1035 label must consist"));
        assert!(problems(svc, "web-1").is_empty());
        let rbac = rule_for("rbac.authorization.k8s.io", "ClusterRole");
        assert!(problems(rbac, "system:controller:x").is_empty());
    }
}
