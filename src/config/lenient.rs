//! Reading a TOML file value by value: a value that does not fit (a string
//! where a number belongs, an unknown key) is dropped and reported with its
//! path:line:column, and everything else applies. Only a file that is not
//! TOML at all fails as a whole.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use super::error::FileError;

/// A value read from a file, and what had to be left out of it.
#[derive(Debug)]
pub struct Lenient<T> {
    pub value: T,
    pub dropped: Vec<Dropped>,
}

/// A key left out, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The keys from the top of the file (`["drain", "timeout"]`).
    pub keys: Vec<String>,
    pub error: FileError,
}

/// Parses `src` into `T`, dropping each key whose value `T` refuses.
/// `Err` when the text is not TOML (or a problem has no place to drop).
pub fn parse<T: DeserializeOwned>(path: &Path, src: &str) -> Result<Lenient<T>, FileError> {
    let mut root = DeTable::parse(src).map_err(|e| FileError::from_toml(path, src, &e))?;
    let mut dropped = Vec::new();
    loop {
        let err = match T::deserialize(toml::de::Deserializer::from(root.clone())) {
            Ok(value) => return Ok(Lenient { value, dropped }),
            Err(e) => e,
        };
        let span = err.span();
        let message = err.message().trim_end();
        let keys = span.clone().and_then(|s| locate(root.get_ref(), &s));
        // Each turn removes one key, so this ends.
        match keys {
            Some(keys) if remove(root.get_mut(), &keys) => {
                let message = format!("{}: {message}", keys.join("."));
                let error = FileError::at(path, src, span, message);
                dropped.push(Dropped { keys, error });
            }
            _ => return Err(FileError::at(path, src, span, message)),
        }
    }
}

/// The keys of the deepest entry whose key or value holds `at`.
fn locate(table: &DeTable<'_>, at: &Range<usize>) -> Option<Vec<String>> {
    for (k, v) in table.iter() {
        if let DeValue::Table(t) = v.get_ref()
            && let Some(mut keys) = locate(t, at)
        {
            keys.insert(0, k.get_ref().to_string());
            return Some(keys);
        }
        if covers(&k.span(), at) || covers(&v.span(), at) {
            return Some(vec![k.get_ref().to_string()]);
        }
    }
    None
}

fn covers(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start < outer.end && outer.start <= inner.start && inner.end <= outer.end
}

fn remove(table: &mut DeTable<'_>, keys: &[String]) -> bool {
    match keys {
        [] => false,
        [last] => table.remove(last.as_str()).is_some(),
        [first, rest @ ..] => match table.get_mut(first.as_str()).map(|v| v.get_mut()) {
            Some(DeValue::Table(t)) => remove(t, rest),
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        n: Option<i64>,
        s: Option<String>,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        flag: Option<bool>,
        list: Option<Vec<String>>,
        #[serde(default)]
        inner: Inner,
    }

    fn run(src: &str) -> Lenient<Doc> {
        parse(Path::new("f.toml"), src).expect("parses")
    }

    #[test]
    fn each_bad_value_is_dropped_alone_with_its_place() {
        let src = "flag = true\nlist = \"x\"\n[inner]\nn = \"30s\"\ns = \"kept\"\nextra = 1\n";
        let r = run(src);
        assert_eq!(r.value.flag, Some(true));
        assert_eq!(r.value.list, None);
        assert_eq!(r.value.inner.s.as_deref(), Some("kept"));
        assert_eq!(r.value.inner.n, None);
        type Place = (Vec<String>, Option<(usize, usize)>);
        let places: Vec<Place> = r
            .dropped
            .iter()
            .map(|d| (d.keys.clone(), d.error.position))
            .collect();
        let k = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(places.contains(&(k(&["list"]), Some((2, 8)))), "{places:?}");
        assert!(places.contains(&(k(&["inner", "n"]), Some((4, 5)))), "{places:?}");
        assert!(
            places.contains(&(k(&["inner", "extra"]), Some((6, 1)))),
            "{places:?}"
        );
        assert_eq!(places.len(), 3);
    }

    #[test]
    fn inline_and_dotted_tables_are_searched_too() {
        let r = run("inner = { n = true, s = \"a\" }\n");
        assert_eq!(r.value.inner.s.as_deref(), Some("a"));
        assert_eq!(r.dropped[0].keys, ["inner", "n"]);
        let r = run("inner.n = \"x\"\nflag = false\n");
        assert_eq!((r.value.flag, r.dropped[0].keys.len()), (Some(false), 2));
    }

    #[test]
    fn text_that_is_not_toml_fails_whole() {
        let e = parse::<Doc>(Path::new("f.toml"), "flag = true\nn = 5m\n").unwrap_err();
        assert_eq!(e.position.map(|p| p.0), Some(2), "{e}");
        assert!(e.to_string().starts_with("f.toml:2:"), "{e}");
    }
}
