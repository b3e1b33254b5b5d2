//! `[findings] skip` of config.toml checked against the catalog: config
//! reads the ids as written, and an id no rule has is dropped here and
//! reported as `path:line:column`, the way config reports its own bad values.

use crate::config::error::FileError;
use crate::config::settings::Settings;

/// Drops the skip ids that no rule has; one problem line for each.
pub fn check_skip(settings: &mut Settings) -> Vec<String> {
    let path = settings.source.clone().unwrap_or_default();
    let f = &mut settings.findings;
    let known = |id: &str| super::catalog().iter().any(|r| r.id == id);
    let mut problems = Vec::new();
    let (mut skip, mut skip_at) = (Vec::new(), Vec::new());
    for (i, id) in f.skip.iter().enumerate() {
        let at = f.skip_at.get(i).copied().flatten();
        if known(id) {
            skip.push(id.clone());
            skip_at.push(at);
            continue;
        }
        let e = FileError {
            path: path.clone(),
            position: at,
            message: format!("findings: unknown rule `{id}` in skip"),
        };
        problems.push(format!("{e} (this rule id is ignored)"));
    }
    f.skip = skip;
    f.skip_at = skip_at;
    problems
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn findings_settings() {
        let (mut s, problems) = Settings::parse(
            Path::new("c.toml"),
            "[findings]\nskip = [\"no-such\", \"image-latest-tag\"]\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let problems = check_skip(&mut s);
        assert!(
            problems[0].contains("c.toml:2:") && problems[0].contains("no-such"),
            "{problems:?}"
        );
        assert_eq!(
            problems[0],
            "c.toml:2:9: findings: unknown rule `no-such` in skip (this rule id is ignored)"
        );
        assert_eq!(
            s.findings.skip,
            ["image-latest-tag"],
            "the known id still applies"
        );
    }
}
