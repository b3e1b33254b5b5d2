use super::*;
use crate::config::readonly::{ReadOnly, effective};

fn parse(src: &str) -> (Settings, Vec<String>) {
    Settings::parse(Path::new("c.toml"), src)
}

/// Parses a file that must have no problems.
fn clean(src: &str) -> Settings {
    let (s, problems) = parse(src);
    assert!(problems.is_empty(), "{problems:?}");
    s
}

fn readonly(s: &Settings, context: Option<&str>) -> bool {
    effective(false, s, context).is_on()
}

#[test]
fn parses_and_applies_per_context_readonly() {
    let s = clean("theme = \"light\"\nreadonly = false\n[contexts.prod]\nreadonly = true\n");
    assert_eq!(s.theme, "light");
    assert_eq!(s.keymap, "default");
    assert!(readonly(&s, Some("prod")));
    assert!(!readonly(&s, Some("dev")));
    assert!(!readonly(&s, None));
    assert!(!s.persist_switch, "console switches stay in kon by default");
    assert!(clean("persist-switch = true\n").persist_switch);
}

#[test]
fn a_bad_value_drops_that_value_only() {
    // Before: one bad value dropped the whole file, `readonly = true` included.
    let cases = [
        (
            "[drain]\ngrace-period = \"30s\"\n",
            "c.toml:2:16:",
            "grace-period",
        ),
        ("[findings]\nskip = \"x\"\n", "c.toml:2:8:", "skip"),
        ("[backups]\nrpo = \"soon\"\n", "c.toml:2:7:", "soon"),
        ("[drain]\ntimeout = 300\n", "c.toml:2:11:", "timeout"),
        ("thme = \"light\"\n", "c.toml:1:1:", "thme"),
    ];
    for (bad, place, what) in cases {
        let src = format!("readonly = true\ntheme = \"light\"\n{bad}[certificates]\nwarn-days = 40\n");
        let (s, problems) = parse(&src);
        assert_eq!(problems.len(), 1, "{bad}: {problems:?}");
        // The bad value's place, counted in the whole file (two lines before it).
        let line: usize = place[7..].split(':').next().unwrap().parse().unwrap();
        let place = format!("c.toml:{}:{}", line + 2, &place[7..].split_once(':').unwrap().1);
        assert!(
            problems[0].starts_with(&place),
            "{bad}: {problems:?} (want {place})"
        );
        assert!(problems[0].contains(what), "{bad}: {problems:?}");
        assert!(problems[0].contains("ignored"), "{problems:?}");
        assert!(s.readonly, "{bad}: readonly = true kept");
        assert_eq!(s.theme, "light", "{bad}");
        assert_eq!(s.certificates.warn_days, 40, "{bad}");
        assert_eq!(
            s.broken, None,
            "{bad}: a bad value elsewhere is no reason for read-only"
        );
    }
    // The dropped value falls back to its default.
    let (s, _) = parse("[drain]\ngrace-period = \"30s\"\ntimeout = \"2m\"\n");
    assert_eq!((s.drain.grace_period, s.drain.timeout), (None, 120));
}

#[test]
fn per_context_readonly_survives_bad_values_elsewhere() {
    let src =
        "[drain]\ngrace-period = \"30s\"\n[findings]\nskip = \"x\"\n[contexts.\"prod\"]\nreadonly = true\n";
    let (s, problems) = parse(src);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(readonly(&s, Some("prod")));
    assert!(!readonly(&s, Some("dev")));
}

#[test]
fn a_syntax_error_leaves_kon_read_only() {
    let (s, problems) = parse("theme = \"light\"\n[drain]\ntimeout = 5m\n");
    assert!(problems[0].starts_with("c.toml:3:"), "{problems:?}");
    assert!(problems[0].contains("read-only"), "{problems:?}");
    assert_eq!(
        s.theme, "default",
        "nothing of a file that does not parse applies"
    );
    let r = effective(false, &s, Some("dev"));
    assert!(
        matches!(&r, ReadOnly::ConfigBroken(why) if why.contains("config file failed to load: c.toml:3:"))
    );
    // A context's `readonly = false` cannot lift it.
    let (s, _) = parse("[contexts.dev]\nreadonly = false\nx = [\n");
    assert!(readonly(&s, Some("dev")));
}

#[test]
fn an_unreadable_readonly_is_read_only() {
    for src in [
        "readonly = \"yes\"\n",
        "read-only = true\n",
        "readOnly = false\n",
        "contexts = \"prod\"\n",
    ] {
        let (s, problems) = parse(src);
        assert!(readonly(&s, None), "{src}");
        assert!(readonly(&s, Some("dev")), "{src}");
        assert!(
            problems[0].contains("read-only until this is fixed"),
            "{src}: {problems:?}"
        );
    }
    let (s, problems) = parse("readonly = \"yes\"\n");
    assert!(problems[0].starts_with("c.toml:1:12:"), "{problems:?}");
    assert!(effective(false, &s, None).why().contains("c.toml:1:12"));
    // A context's: that context only.
    for src in [
        "[contexts.prod]\nreadonly = \"yes\"\n",
        "[contexts.prod]\nread-only = true\n",
        "[contexts]\nprod = true\n",
    ] {
        let (s, problems) = parse(src);
        assert!(readonly(&s, Some("prod")), "{src}");
        assert!(!readonly(&s, Some("dev")), "{src}");
        assert!(problems[0].contains("context prod is read-only"), "{problems:?}");
    }
}

#[test]
fn bad_file_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "theme = \"light\"\nreadonly = \"yes\"\n").unwrap();
    let (s, problems) = Settings::load(&path);
    assert_eq!(s.theme, "light");
    assert!(problems[0].contains("config.toml:2:12:"), "{problems:?}");
    std::fs::write(&path, [b'a', b' ', b'=', 0xff]).unwrap();
    let (s, problems) = Settings::load(&path);
    assert!(problems[0].contains("UTF-8"), "{problems:?}");
    assert!(readonly(&s, None));
}

#[test]
fn certificate_and_backup_settings() {
    let s = clean(
        "[certificates]\nwarn-days = 30\ncritical-days = 7\npki-dir = \"/x/pki\"\n\
         [backups]\nrpo = \"6h\"\ncronjob-label = \"backup=etcd\"\ndir = \"/var/backups\"\n",
    );
    assert_eq!((s.certificates.warn_days, s.certificates.critical_days), (30, 7));
    assert_eq!(s.backups.rpo, 6 * 3600);
    assert_eq!(s.backups.cronjob_label.as_deref(), Some("backup=etcd"));
    let d = Settings::default();
    assert_eq!(
        (
            d.certificates.warn_days,
            d.certificates.critical_days,
            d.backups.rpo
        ),
        (28, 14, 86_400)
    );
    let (s, problems) = parse("[backups]\nrpo = \"soon\"\ndir = \"/b\"\n");
    assert!(
        problems[0].contains("c.toml:2:7") && problems[0].contains("soon"),
        "{problems:?}"
    );
    assert_eq!(
        (s.backups.rpo, s.backups.dir.as_deref()),
        (86_400, Some(Path::new("/b")))
    );
    let (s, problems) = parse("[certificates]\ncritical-days = 30\npki-dir = \"/p\"\n");
    assert!(
        problems[0].contains("c.toml:2:1") && problems[0].contains("less than"),
        "{problems:?}"
    );
    assert_eq!((s.certificates.warn_days, s.certificates.critical_days), (28, 14));
    assert_eq!(s.certificates.pki_dir.as_deref(), Some(Path::new("/p")));
    for (text, secs) in [("30s", 30), ("90m", 5400), ("2d", 172_800)] {
        assert_eq!(parse_duration(text), Ok(secs));
    }
    for bad in ["", "0h", "h", "5w", "99999999999999999d"] {
        assert!(parse_duration(bad).is_err(), "{bad}");
    }
}

#[test]
fn findings_settings() {
    let s = clean(
        "[findings]\nsystem-namespaces = [\"kube-system\", \"platform\"]\njudge-system = true\nskip = [\"image-latest-tag\"]\n",
    );
    assert_eq!(
        s.findings.system_namespaces.as_deref().map(<[String]>::len),
        Some(2)
    );
    assert!(s.findings.judge_system);
    // The ids stay as written, with where they are: the findings check
    // (`findings::check_skip`, tested there) drops the unknown ones.
    let s = clean("[findings]\nskip = [\"no-such\", \"image-latest-tag\"]\n");
    assert_eq!(s.findings.skip, ["no-such", "image-latest-tag"]);
    assert_eq!(s.findings.skip_at, [Some((2, 9)), Some((2, 20))]);
}

#[test]
fn missing_file_is_not_a_problem() {
    let (s, problems) = Settings::load(Path::new("/nonexistent/kon/config.toml"));
    assert_eq!(s, Settings::default());
    assert!(problems.is_empty());
    assert!(!readonly(&s, None));
}

#[test]
fn a_context_names_its_platform_and_a_bad_one_is_dropped_not_read_only() {
    use crate::platform::Platform;
    let s = clean("[contexts.\"prod-eks\"]\nplatform = \"eks\"\n[contexts.lab]\nplatform = \"K3S\"\n");
    assert_eq!(s.platform_of("prod-eks"), Some(Platform::Eks));
    assert_eq!(s.platform_of("lab"), Some(Platform::K3s));
    assert_eq!(s.platform_of("other"), None);
    let (s, problems) = parse("[contexts.prod]\nreadonly = true\nplatform = \"eksctl\"\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("c.toml:3:"), "{problems:?}");
    assert!(
        problems[0].contains("unknown platform \"eksctl\""),
        "{problems:?}"
    );
    assert!(problems[0].contains("eks, gke, aks"), "{problems:?}");
    assert_eq!(s.platform_of("prod"), None);
    assert!(readonly(&s, Some("prod")), "the context's other settings stay");
    let (s, _) = parse("[contexts.dev]\nplatform = \"nope\"\n");
    assert!(
        !readonly(&s, Some("dev")),
        "a bad platform is no reason for read-only"
    );
}

#[test]
fn etcd_section_reads_endpoints_files_poll_and_quota_and_drops_bad_values_with_their_place() {
    let src = "[etcd]\nendpoints = [\"https://10.0.0.5:2379\"]\ncacert = \"/ca.crt\"\npoll = \"30s\"\nquota-bytes = 8589934592\n";
    let (s, problems) = Settings::parse(Path::new("/c/config.toml"), src);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(s.etcd.endpoints, vec!["https://10.0.0.5:2379"]);
    assert_eq!(s.etcd.cacert.as_deref(), Some(Path::new("/ca.crt")));
    assert_eq!((s.etcd.poll, s.etcd.quota_bytes), (30, Some(8 << 30)));
    let src = "[etcd]\nendpoints = [\"10.0.0.5:2379\"]\npoll = \"soon\"\n";
    let (s, problems) = Settings::parse(Path::new("/c/config.toml"), src);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("/c/config.toml:2:")
            && problems[0].contains("not an http:// or https:// URL"),
        "{problems:?}"
    );
    assert!(problems[1].starts_with("/c/config.toml:3:"), "{problems:?}");
    assert_eq!((s.etcd.endpoints.len(), s.etcd.poll), (0, 10));
    assert!(s.broken.is_none(), "a bad etcd value never makes kon read-only");
}

#[test]
fn etcd_defrag_pause_defaults_to_a_minute_and_takes_a_duration() {
    let (s, _) = Settings::parse(
        Path::new("/c/config.toml"),
        "[etcd]
",
    );
    assert_eq!(s.etcd.defrag_pause, 60);
    let (s, problems) = Settings::parse(
        Path::new("/c/config.toml"),
        "[etcd]
defrag-pause = \"2m\"
",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(s.etcd.defrag_pause, 120);
    let (s, problems) = Settings::parse(
        Path::new("/c/config.toml"),
        "[etcd]
defrag-pause = \"later\"
",
    );
    assert!(problems[0].starts_with("/c/config.toml:2:"), "{problems:?}");
    assert_eq!(s.etcd.defrag_pause, 60);
}

#[test]
fn logs_settings_default_and_a_bad_value_is_dropped_with_its_place() {
    let s = clean("");
    assert_eq!((s.logs.buffer_lines, s.logs.tail), (10_000, 500));
    let s = clean("[logs]\nbuffer-lines = 20000\ntail = 100\n");
    assert_eq!((s.logs.buffer_lines, s.logs.tail), (20_000, 100));
    assert_eq!(clean("[logs]\nbuffer_lines = 500\n").logs.buffer_lines, 500);
    let (s, problems) = parse("[logs]\nbuffer-lines = 5\ntail = 0\n");
    assert_eq!((s.logs.buffer_lines, s.logs.tail), (10_000, 500));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("c.toml:2:") && problems[0].contains("100 to 1000000"),
        "{problems:?}"
    );
    assert!(problems[1].contains("at least 1"), "{problems:?}");
}

#[test]
fn fleet_settings_default_and_a_bad_value_is_dropped_with_its_place() {
    let s = clean("[fleet]\ncontexts = [\"prod-*\", \"staging\"]\ntimeout = \"10s\"\n");
    assert_eq!(s.fleet.contexts, ["prod-*", "staging"]);
    assert_eq!(s.fleet.timeout, 10);
    assert_eq!(Settings::default().fleet.timeout, 5);
    let (s, problems) = parse("readonly = true\n[fleet]\ntimeout = \"soon\"\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("c.toml:3:11"), "{problems:?}");
    assert_eq!(s.fleet.timeout, 5);
    assert!(s.readonly, "a bad fleet value never turns read-only off");
}

#[test]
fn fleet_refresh_and_concurrency_have_defaults_and_bounds() {
    let d = Settings::default().fleet;
    assert_eq!((d.refresh, d.concurrency), (60, 8));
    let s = clean("[fleet]\nrefresh = \"2m\"\nconcurrency = 16\n");
    assert_eq!((s.fleet.refresh, s.fleet.concurrency), (120, 16));
    let (s, problems) = parse("[fleet]\nconcurrency = 0\n");
    assert_eq!(s.fleet.concurrency, 8);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("c.toml:2:") && problems[0].contains("1 to 64"),
        "{problems:?}"
    );
}
