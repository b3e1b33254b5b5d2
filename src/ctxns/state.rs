//! The previous context and previous namespaces, where the Go kubectx and
//! kubens keep them, so that both tools can be used side by side.
//!
//! The base is `$XDG_CACHE_HOME`, else `$HOME`, else `%USERPROFILE%`
//! (`cmdutil.HomeDir`); kubectx keeps `<base>/.kube/kubectx` and kubens
//! `<base>/.kube/kubens/<context>` (`:` written `__` on Windows).

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use super::Vars;

/// The base directory, or Go's error when no variable names one.
fn base(vars: &Vars) -> Result<PathBuf, String> {
    [&vars.xdg_cache_home, &vars.home, &vars.userprofile]
        .into_iter()
        .flatten()
        .find(|p| !p.as_os_str().is_empty())
        .cloned()
        .ok_or_else(|| "HOME or USERPROFILE environment variable not set".to_string())
}

/// kubectx's previous-context file.
pub fn kubectx_file(vars: &Vars) -> Result<PathBuf, String> {
    Ok(base(vars)?.join(".kube").join("kubectx"))
}

/// kubens's previous-namespace file for `context`. The name is joined the
/// way Go's `filepath.Join` does (a `/` makes subdirectories), except that
/// it never leads outside the kubens directory.
pub fn kubens_file(vars: &Vars, context: &str) -> Result<PathBuf, String> {
    let dir = base(vars)?.join(".kube").join("kubens");
    let name = if cfg!(windows) {
        context.replace(':', "__")
    } else {
        context.to_string()
    };
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for c in Path::new(&name).components() {
        match c {
            Component::Normal(p) => parts.push(p),
            Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    if parts.is_empty() {
        // A name like "" or "..": one file for all of them, inside the dir.
        return Ok(dir.join("_"));
    }
    Ok(parts.into_iter().fold(dir, |p, c| p.join(c)))
}

/// The saved value, `""` when the file does not exist (kubectx reads it
/// verbatim; kubens trims it).
pub fn read(path: &Path) -> io::Result<String> {
    match fs::read(path) {
        Ok(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e),
    }
}

/// Saves `value`, creating parent directories; replaced atomically so that
/// concurrent runs never leave a mix of two values.
pub fn write(path: &Path, value: &str) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(value.as_bytes())?;
        drop(f);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&tmp, fs::Permissions::from_mode(0o644))?;
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(xdg: Option<&str>, home: Option<&str>) -> Vars {
        Vars {
            xdg_cache_home: xdg.map(PathBuf::from),
            home: home.map(PathBuf::from),
            ..Vars::default()
        }
    }

    #[test]
    fn locations_follow_go() {
        let v = vars(Some("/x"), Some("/h"));
        assert_eq!(kubectx_file(&v).unwrap(), PathBuf::from("/x/.kube/kubectx"));
        let v = vars(Some(""), Some("/h"));
        assert_eq!(kubectx_file(&v).unwrap(), PathBuf::from("/h/.kube/kubectx"));
        assert_eq!(
            kubens_file(&v, "prod").unwrap(),
            PathBuf::from("/h/.kube/kubens/prod")
        );
        let up = Vars {
            userprofile: Some("/u".into()),
            ..Vars::default()
        };
        assert_eq!(kubectx_file(&up).unwrap(), PathBuf::from("/u/.kube/kubectx"));
        assert_eq!(
            kubectx_file(&vars(None, None)).unwrap_err(),
            "HOME or USERPROFILE environment variable not set"
        );
    }

    #[test]
    fn kubens_file_stays_inside_its_directory() {
        let v = vars(None, Some("/h"));
        let f = |c: &str| kubens_file(&v, c).unwrap();
        assert_eq!(
            f("arn:aws:eks:eu:1:cluster/prod"),
            PathBuf::from("/h/.kube/kubens/arn:aws:eks:eu:1:cluster/prod")
        );
        assert_eq!(f("/etc/passwd"), PathBuf::from("/h/.kube/kubens/etc/passwd"));
        assert_eq!(f("../../etc/x"), PathBuf::from("/h/.kube/kubens/etc/x"));
        assert_eq!(f(".."), PathBuf::from("/h/.kube/kubens/_"));
        assert_eq!(f(""), PathBuf::from("/h/.kube/kubens/_"));
    }

    #[test]
    fn read_and_write_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/kubectx");
        assert_eq!(read(&p).unwrap(), "");
        write(&p, "prod").unwrap();
        assert_eq!(read(&p).unwrap(), "prod");
        write(&p, "").unwrap();
        assert_eq!(read(&p).unwrap(), "");
        assert_eq!(fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }
}
