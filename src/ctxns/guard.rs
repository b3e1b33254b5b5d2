//! Read-only for kubeconfig writes (kubectx, kubens, `kon ctx`/`kon ns`,
//! the console's saved switches): the same setting as every other write
//! ([`crate::config::readonly::effective`]), and each refusal recorded in
//! the audit log.
//!
//! A write is refused when read-only is in force without a context
//! (`--readonly`, `readonly = true`, a config.toml that did not load) —
//! then every kubeconfig write is refused, whatever a context says — or
//! for any context the write touches: kubens the current context; a
//! kubectx switch both the context it leaves and the one it makes current;
//! a rename or delete the contexts it names; an unset the current one.

use std::path::PathBuf;

use crate::audit::{self, Entry, Who};
use crate::config::readonly::{ReadOnly, effective};
use crate::config::settings::Settings;

/// What decides whether the kubeconfig may be written, and where refusals go.
#[derive(Debug, Clone, Default)]
pub struct WriteGuard {
    /// `--readonly` on the command line.
    pub flag: bool,
    /// config.toml as read (a broken one leaves kon read-only).
    pub settings: Settings,
    /// The audit log (none: refusals are not recorded, as in unit tests).
    pub audit: Option<PathBuf>,
}

/// A kubeconfig write to be checked: what, on what, touching which contexts.
#[derive(Debug, Clone, Copy)]
pub struct Write<'a> {
    /// `switch-context`, `set-namespace`, `rename-context`…
    pub action: &'a str,
    /// `context/prod`, `context/prod namespace/payments`…
    pub target: &'a str,
    /// The contexts the write touches (the first is the one recorded as acted in).
    pub contexts: &'a [&'a str],
    /// The kubeconfig user of that context (`?` when unknown).
    pub user: &'a str,
}

impl WriteGuard {
    /// The read-only setting for `write` (off when it may go ahead).
    pub fn readonly(&self, write: &Write<'_>) -> ReadOnly {
        let contexts = write.contexts.iter().map(|c| Some(*c));
        ReadOnly::any(
            std::iter::once(None)
                .chain(contexts)
                .map(|c| effective(self.flag, &self.settings, c)),
        )
    }

    /// `Ok` when `write` may go ahead; else the refusal, recorded in the
    /// audit log, as the message to print.
    pub fn check(&self, write: &Write<'_>) -> Result<(), String> {
        let ro = self.readonly(write);
        if !ro.is_on() {
            return Ok(());
        }
        let message = format!("refusing to change the kubeconfig: {ro}");
        Err(self.record(write, "refused: read-only", message))
    }

    /// A writable sub-shell (`kubectx -s`) on `context`: refused (and
    /// recorded) when read-only is in force for it, pointing at `-r`; when
    /// allowed, recorded as opened, since what is done in it escapes kon's
    /// audit log. `Ok` carries a warning when the log cannot be written.
    pub fn open_shell(&self, prog: &str, context: &str, user: &str) -> Result<Option<String>, String> {
        let contexts = [context];
        let write = Write {
            action: "shell",
            target: &format!("context/{context}"),
            contexts: &contexts,
            user,
        };
        let ro = self.readonly(&write);
        if ro.is_on() {
            let message = format!(
                "refusing to open a writable shell on context \"{context}\": {ro}; \
                 `{prog} -r {context}` opens a read-only one"
            );
            return Err(self.record(&write, "refused: read-only", message));
        }
        let note = self.record(&write, "opened: writable sub-shell", String::new());
        Ok((!note.is_empty()).then(|| note.trim_start().to_string()))
    }

    /// Appends the audit line; `message` with what went wrong writing it.
    fn record(&self, write: &Write<'_>, outcome: &str, mut message: String) -> String {
        if let Some(path) = &self.audit {
            let who = Who {
                user: write.user.to_string(),
                context: write.contexts.first().map(|c| c.to_string()).unwrap_or_default(),
            };
            let entry = Entry::now(&who, write.action, write.target, outcome);
            if let Err(e) = audit::append(path, &entry) {
                message.push_str(&format!(
                    " (and the audit log {} cannot be written: {e})",
                    path.display()
                ));
            }
        }
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn guard(src: &str, audit: Option<PathBuf>) -> WriteGuard {
        WriteGuard {
            flag: false,
            settings: Settings::parse(Path::new("/c/config.toml"), src).0,
            audit,
        }
    }

    fn write<'a>(contexts: &'a [&'a str]) -> Write<'a> {
        Write {
            action: "switch-context",
            target: "context/x",
            contexts,
            user: "alice",
        }
    }

    #[test]
    fn global_readonly_refuses_every_write_whatever_a_context_says() {
        let g = guard("readonly = true\n[contexts.dev]\nreadonly = false\n", None);
        let e = g.check(&write(&["dev"])).unwrap_err();
        assert_eq!(
            e,
            "refusing to change the kubeconfig: read-only (readonly = true in /c/config.toml)"
        );
        assert!(g.check(&write(&[])).is_err());
    }

    #[test]
    fn a_context_refuses_writes_that_touch_it() {
        let g = guard("[contexts.prod]\nreadonly = true\n", None);
        assert!(g.check(&write(&["dev"])).is_ok());
        assert!(
            g.check(&write(&["dev", "prod"]))
                .unwrap_err()
                .contains("context prod")
        );
        assert!(g.check(&write(&["prod", "dev"])).is_err());
        let flag = WriteGuard {
            flag: true,
            ..WriteGuard::default()
        };
        assert!(flag.check(&write(&["dev"])).unwrap_err().contains("(--readonly)"));
    }

    #[test]
    fn a_writable_shell_is_refused_in_readonly_mode_and_audited_either_way() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.log");
        let g = guard("[contexts.prod]\nreadonly = true\n", Some(log.clone()));
        let e = g.open_shell("kubectx", "prod", "alice").unwrap_err();
        assert_eq!(
            e,
            "refusing to open a writable shell on context \"prod\": read-only (context prod is read-only in /c/config.toml); \
             `kubectx -r prod` opens a read-only one"
        );
        assert_eq!(g.open_shell("kubectx", "dev", "bob"), Ok(None));
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (
                lines[0]["action"].as_str(),
                lines[0]["target"].as_str(),
                lines[0]["outcome"].as_str()
            ),
            (Some("shell"), Some("context/prod"), Some("refused: read-only"))
        );
        assert_eq!(
            (
                lines[1]["context"].as_str(),
                lines[1]["user"].as_str(),
                lines[1]["outcome"].as_str()
            ),
            (Some("dev"), Some("bob"), Some("opened: writable sub-shell"))
        );
        let flag = WriteGuard {
            flag: true,
            ..WriteGuard::default()
        };
        assert!(
            flag.open_shell("kon shell", "dev", "?")
                .unwrap_err()
                .contains("(--readonly)")
        );
    }

    #[test]
    fn a_broken_config_refuses_and_every_refusal_is_audited() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.log");
        let g = guard("readonly = false\ntimeout = 5m\n", Some(log.clone()));
        let e = g.check(&write(&["dev"])).unwrap_err();
        assert!(e.contains("config file failed to load: /c/config.toml:2:"), "{e}");
        let g = guard("", Some(log.clone()));
        assert!(g.check(&write(&["dev"])).is_ok(), "nothing recorded when allowed");
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["action"], "switch-context");
        assert_eq!(lines[0]["context"], "dev");
        assert_eq!(lines[0]["user"], "alice");
        assert_eq!(lines[0]["outcome"], "refused: read-only");
    }
}
