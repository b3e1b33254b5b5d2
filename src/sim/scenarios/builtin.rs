//! The scenarios shipped with kon, embedded in the binary.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::scenario::{self, Scenario};

pub const BUILTIN: &[(&str, &str)] = &[
    ("demo", include_str!("../../../assets/scenarios/demo.yaml")),
    ("healthy", include_str!("../../../assets/scenarios/healthy.yaml")),
    ("large", include_str!("../../../assets/scenarios/large.yaml")),
    ("eks", include_str!("../../../assets/scenarios/eks.yaml")),
    ("gke", include_str!("../../../assets/scenarios/gke.yaml")),
    ("aks", include_str!("../../../assets/scenarios/aks.yaml")),
];

/// Loads a built-in scenario by name, or a file by path (a name that is
/// not built in is read as a path).
pub fn load(name_or_path: &str) -> Result<Scenario> {
    if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
        let path = PathBuf::from(format!("<built-in scenario {name}>"));
        return scenario::parse(&path, text).map_err(anyhow::Error::from);
    }
    let path = Path::new(name_or_path);
    let text = std::fs::read_to_string(path).with_context(|| {
        let names: Vec<_> = BUILTIN.iter().map(|(n, _)| *n).collect();
        format!(
            "reading scenario {} (built-in scenarios: {})",
            path.display(),
            names.join(", ")
        )
    })?;
    scenario::parse(path, &text).map_err(anyhow::Error::from)
}

#[cfg(test)]
#[path = "managed_tests.rs"]
mod managed_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        for (name, _) in BUILTIN {
            let s = load(name).unwrap_or_else(|e| panic!("{name}: {e:#}"));
            assert!(!s.objects.is_empty() || s.cluster.generate.is_some(), "{name}");
        }
    }

    #[test]
    fn missing_file_names_it_and_the_builtins() {
        let e = format!("{:#}", load("/nonexistent/x.yaml").unwrap_err());
        assert!(e.contains("/nonexistent/x.yaml") && e.contains("demo"), "{e}");
    }
}
