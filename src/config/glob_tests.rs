use super::*;

#[test]
fn stars_and_question_marks_match_whole_names() {
    for (p, n) in [
        ("prod-*", "prod-eu"),
        ("prod-*", "prod-"),
        ("*-prod", "eu-1-prod"),
        ("eu-?-prod", "eu-1-prod"),
        ("*", "anything"),
        ("a*b*c", "axxbyyc"),
        ("exact", "exact"),
        (
            "arn:aws:eks:*:cluster/prod*",
            "arn:aws:eks:eu-west-1:1:cluster/prod-a",
        ),
    ] {
        assert!(matches(p, n), "{p} should match {n}");
    }
    for (p, n) in [
        ("prod-*", "staging-prod-eu"),
        ("prod-*", "prod"),
        ("eu-?-prod", "eu-12-prod"),
        ("exact", "exact2"),
        ("a*b*c", "axxbyy"),
        ("", "x"),
    ] {
        assert!(!matches(p, n), "{p} should not match {n}");
    }
}

#[test]
fn only_wildcards_make_a_glob() {
    assert!(is_glob("prod-*"));
    assert!(is_glob("eu-?"));
    assert!(!is_glob("prod"));
    assert!(!is_glob("arn:aws:eks:eu-west-1:1:cluster/prod"));
}
