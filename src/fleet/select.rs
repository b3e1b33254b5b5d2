//! Which contexts the fleet shows: all of the merged kubeconfig, or those
//! named (exactly or by a glob such as `prod-*`) on the command line or in
//! `[fleet] contexts`, in the kubeconfig's order.

use crate::config::glob;

/// The contexts of `all` (the kubeconfig's, in its order) that `wanted`
/// names; every one when `wanted` is empty. A name that is not a context,
/// or a glob that matches none, is an error (kubectl's wording): a fleet
/// that silently lost a cluster would read as healthy.
pub fn select(all: &[String], wanted: &[String]) -> Result<Vec<String>, String> {
    if wanted.is_empty() {
        return Ok(all.to_vec());
    }
    for w in wanted {
        if !all.iter().any(|c| glob::matches(w, c)) {
            return Err(if glob::is_glob(w) {
                format!("no context matches the pattern: \"{w}\"")
            } else {
                format!("no context exists with the name: \"{w}\"")
            });
        }
    }
    Ok((all.iter())
        .filter(|c| wanted.iter().any(|w| glob::matches(w, c)))
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn all_names_and_globs_in_kubeconfig_order() {
        let all = names(&["staging", "prod-eu", "dev", "prod-us"]);
        assert_eq!(select(&all, &[]).unwrap(), all);
        assert_eq!(
            select(&all, &names(&["prod-*", "staging"])).unwrap(),
            names(&["staging", "prod-eu", "prod-us"])
        );
        // Named twice (by a glob and by name): listed once.
        assert_eq!(select(&all, &names(&["dev", "d*"])).unwrap(), names(&["dev"]));
    }

    #[test]
    fn a_name_or_glob_that_matches_nothing_is_an_error() {
        let all = names(&["prod-eu"]);
        assert_eq!(
            select(&all, &names(&["prod-eu", "nope"])).unwrap_err(),
            "no context exists with the name: \"nope\""
        );
        assert_eq!(
            select(&all, &names(&["dev-*"])).unwrap_err(),
            "no context matches the pattern: \"dev-*\""
        );
    }
}
