//! Scenario files: multi-document YAML holding Kubernetes objects exactly as
//! `kubectl get -o yaml` prints them (separate documents or `kind: List`),
//! plus at most one `apiVersion: sim.kon/v1`, `kind: SimCluster` document.
//! See `assets/scenarios/README.md` for the format.
//!
//! Parsing is pure: the caller reads the file and passes the load time.
//! Every error carries `path:line:column`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Number, Value};

use super::generate;
use super::kinds::{KindRegistry, split_api_version};
use super::sim_cluster::{FieldError, SIM_API_VERSION, SIM_KIND, SimCluster};
use super::sim_time::{format_rfc3339, format_rfc3339_micro, parse_relative};
use super::yaml_tree::{self, Node, NodeValue, Pos};

/// A scenario that could not be loaded, with where and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct ScenarioError {
    /// The scenario file, as the caller named it.
    pub path: PathBuf,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// A loaded scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The objects written in the file, as Kubernetes JSON: `now…` times
    /// resolved, `metadata.namespace` set to `default` on namespaced objects
    /// that had none and removed from cluster-scoped ones, plus an empty
    /// `kubernetes.io/tls` Secret for every `certificates.secrets` entry the
    /// file does not hold. Generated objects are not here: see
    /// [`Scenario::generate_each`] and [`Scenario::expand`].
    pub objects: Vec<Value>,
    /// The SimCluster document (defaults when the file has none).
    pub cluster: SimCluster,
    /// How every kind is served: built-ins, the file's CRDs, `kinds` hints,
    /// and inference for other kinds found in the file.
    pub kinds: KindRegistry,
    /// The load time the `now…` times were resolved against (Unix seconds).
    pub now: i64,
}

/// The load time: the current clock, in Unix seconds.
pub use crate::clock::unix_now;

/// Parses a scenario read from `path`, resolving `now…` times against the
/// current clock. Use [`parse_at`] to choose the load time.
pub fn parse(path: &Path, text: &str) -> Result<Scenario, ScenarioError> {
    parse_at(path, text, unix_now())
}

/// Parses a scenario read from `path` as if loaded at Unix time `now`.
pub fn parse_at(path: &Path, text: &str, now: i64) -> Result<Scenario, ScenarioError> {
    let fail = |pos: Pos, message: String| ScenarioError {
        path: path.to_owned(),
        line: pos.line,
        column: pos.column,
        message,
    };
    let docs = yaml_tree::parse_documents(text).map_err(|(pos, m)| fail(pos, m))?;
    let mut loader = Loader {
        now,
        objects: Vec::new(),
        cluster: None,
    };
    for doc in &docs {
        loader.document(doc, None).map_err(|(pos, m)| fail(pos, m))?;
    }
    let Loader { objects, cluster, .. } = loader;
    let (cluster, cluster_node) = match cluster {
        Some((c, node)) => (c, Some(node)),
        None => (SimCluster::default(), None),
    };

    let mut kinds = KindRegistry::new();
    for (obj, _) in &objects {
        kinds.add_crd(obj);
    }
    for hint in &cluster.kinds {
        kinds.add_hint(hint);
    }
    for (obj, _) in &objects {
        kinds.observe(obj);
    }

    let mut seen: HashMap<Identity, Pos> = HashMap::with_capacity(objects.len());
    let mut out = Vec::with_capacity(objects.len() + cluster.certificates.secrets.len());
    for (mut obj, pos) in objects {
        let namespaced = kinds.resource_for(&obj).is_none_or(|r| r.namespaced);
        if let Some(Value::Object(meta)) = obj.get_mut("metadata") {
            if namespaced {
                let empty = meta
                    .get("namespace")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty);
                if empty {
                    meta.insert("namespace".into(), Value::String("default".into()));
                }
            } else {
                meta.remove("namespace");
            }
        }
        let id = identity(&obj);
        fill_server_fields(&mut obj, &id, now);
        if let Some(first) = seen.get(&id) {
            return Err(fail(
                pos,
                format!("{} is already defined at line {}", id.describe(), first.line),
            ));
        }
        seen.insert(id, pos);
        out.push(obj);
    }

    for (i, entry) in cluster.certificates.secrets.iter().enumerate() {
        let id = Identity {
            group: String::new(),
            kind: "Secret".into(),
            namespace: entry.namespace.clone(),
            name: entry.name.clone(),
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = seen.entry(id.clone()) {
            let mut secret = tls_secret_placeholder(&entry.namespace, &entry.name, now);
            fill_server_fields(&mut secret, slot.key(), now);
            out.push(secret);
            slot.insert(Pos::default());
        } else {
            let existing = out.iter().find(|o| identity(o) == id);
            let ty = existing.and_then(|o| o.get("type")).and_then(Value::as_str);
            if ty != Some("kubernetes.io/tls") {
                let path = ["certificates", "secrets", &i.to_string()];
                let at = cluster_node
                    .as_ref()
                    .map(|n| locate(n, &path))
                    .unwrap_or_default();
                return Err(fail(
                    at,
                    format!(
                        "Secret {}/{} exists but is not of type kubernetes.io/tls",
                        entry.namespace, entry.name
                    ),
                ));
            }
        }
    }

    Ok(Scenario {
        objects: out,
        cluster,
        kinds,
        now,
    })
}

/// Gives an object the fields a server would have set when the file leaves
/// them out: `metadata.uid` (stable, derived from the object's identity) and
/// `metadata.creationTimestamp` (the load time). `resourceVersion` is left
/// to the store.
fn fill_server_fields(obj: &mut Value, id: &Identity, now: i64) {
    let Some(Value::Object(meta)) = obj.get_mut("metadata") else {
        return;
    };
    if !meta.get("uid").is_some_and(Value::is_string) {
        let key = format!("{}/{}/{}/{}", id.group, id.kind, id.namespace, id.name);
        // FNV-1a: a stable 64-bit hash of the identity.
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        meta.insert("uid".into(), Value::String(generate::uid(0x5CE7, 0, hash)));
    }
    if !meta.get("creationTimestamp").is_some_and(Value::is_string) {
        meta.insert("creationTimestamp".into(), Value::String(format_rfc3339(now)));
    }
}

/// Annotation marking a Secret whose certificate the loader must fill.
pub const GENERATED_CERT_ANNOTATION: &str = "sim.kon/generated-certificate";

fn tls_secret_placeholder(namespace: &str, name: &str, now: i64) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "creationTimestamp": format_rfc3339(now),
            "annotations": {GENERATED_CERT_ANNOTATION: "true"},
        },
        "type": "kubernetes.io/tls",
        "data": {"tls.crt": "", "tls.key": ""},
    })
}

impl Scenario {
    /// Hands every generated object (from the SimCluster `generate` block)
    /// to `emit`, except those the file itself defines (same group, kind,
    /// namespace and name): written objects override generated ones.
    pub fn generate_each(&self, emit: &mut dyn FnMut(Value)) {
        let Some(settings) = &self.cluster.generate else {
            return;
        };
        let written: HashSet<Identity> = self.objects.iter().map(identity).collect();
        generate::generate_each(settings, &self.cluster.kubernetes_version, self.now, &mut |v| {
            if written.is_empty() || !written.contains(&identity(&v)) {
                emit(v);
            }
        });
    }

    /// Appends the generated objects to `objects` (see [`Scenario::generate_each`]).
    pub fn expand(&mut self) {
        let mut generated = Vec::new();
        self.generate_each(&mut |v| generated.push(v));
        self.objects.append(&mut generated);
    }

    /// The object of `group` and `kind` named `name` (in `namespace` for
    /// namespaced kinds), e.g. to fill a generated certificate's Secret.
    pub fn object_mut(
        &mut self,
        group: &str,
        kind: &str,
        namespace: Option<&str>,
        name: &str,
    ) -> Option<&mut Value> {
        let wanted = Identity {
            group: group.to_owned(),
            kind: kind.to_owned(),
            namespace: namespace.unwrap_or_default().to_owned(),
            name: name.to_owned(),
        };
        self.objects.iter_mut().find(|o| identity(o) == wanted)
    }
}

/// What makes an object unique on a server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Identity {
    group: String,
    kind: String,
    namespace: String,
    name: String,
}

impl Identity {
    fn describe(&self) -> String {
        if self.namespace.is_empty() {
            format!("{} {}", self.kind, self.name)
        } else {
            format!("{} {}/{}", self.kind, self.namespace, self.name)
        }
    }
}

fn identity(obj: &Value) -> Identity {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
    let api_version = obj.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let meta = obj.get("metadata");
    Identity {
        group: split_api_version(api_version).0.to_owned(),
        kind: text(obj.get("kind")),
        namespace: text(meta.and_then(|m| m.get("namespace"))),
        name: text(meta.and_then(|m| m.get("name"))),
    }
}

/// The position of the deepest node of `path` (keys, or list indexes) that
/// exists under `root`: the key itself when the path ends on a key.
fn locate(root: &Node, path: &[&str]) -> Pos {
    let mut pos = root.pos;
    let mut node = root;
    for step in path {
        match &node.value {
            NodeValue::Map(_) => match node.entry(step) {
                Some((key, value)) => {
                    pos = key.pos;
                    node = value;
                }
                None => break,
            },
            NodeValue::Seq(items) => match step.parse::<usize>().ok().and_then(|i| items.get(i)) {
                Some(item) => {
                    pos = item.pos;
                    node = item;
                }
                None => break,
            },
            _ => break,
        }
    }
    pos
}

type Failure = (Pos, String);

struct Loader {
    now: i64,
    objects: Vec<(Value, Pos)>,
    cluster: Option<(SimCluster, Node)>,
}

/// For items of a typed list (`PodList`): the apiVersion and kind they
/// inherit when they lack their own.
struct ListContext<'a> {
    api_version: &'a str,
    item_kind: Option<&'a str>,
}

impl Loader {
    fn document(&mut self, doc: &Node, list: Option<&ListContext<'_>>) -> Result<(), Failure> {
        let what = if list.is_some() {
            "a List item"
        } else {
            "a document"
        };
        if !matches!(doc.value, NodeValue::Map(_)) {
            return Err((
                doc.pos,
                format!(
                    "{what} must be a Kubernetes object (a mapping), found {}",
                    doc.type_name()
                ),
            ));
        }
        let api_version = match string_field(doc, "apiVersion")? {
            Some(v) => v,
            None => match list {
                Some(ctx) if ctx.item_kind.is_some() => ctx.api_version,
                _ => return Err((doc.pos, format!("{what} has no apiVersion"))),
            },
        };
        let kind = match string_field(doc, "kind")? {
            Some(k) => k,
            None => match list.and_then(|ctx| ctx.item_kind) {
                Some(k) => k,
                None => return Err((doc.pos, format!("{what} has no kind"))),
            },
        };

        if kind == SIM_KIND || api_version.starts_with("sim.kon/") {
            return self.sim_cluster(doc, api_version, kind, list.is_some());
        }

        let has_items = doc.get("items").is_some();
        let has_name = doc.get("metadata").and_then(|m| m.get("name")).is_some();
        if kind == "List" || (kind.ends_with("List") && has_items && !has_name) {
            if list.is_some() {
                return Err((doc.pos, "a List inside a List is not supported".into()));
            }
            return self.list(doc, api_version, kind);
        }

        let metadata = match doc.entry("metadata") {
            None => return Err((doc.pos, format!("{kind} has no metadata.name"))),
            Some((key, m)) => match &m.value {
                NodeValue::Map(_) => (key, m),
                _ => {
                    return Err((
                        m.pos,
                        format!("metadata must be a mapping, found {}", m.type_name()),
                    ));
                }
            },
        };
        match metadata.1.entry("name") {
            None => return Err((metadata.0.pos, format!("{kind} has no metadata.name"))),
            Some((_, name)) => match name.as_str() {
                Some(n) if !n.is_empty() => {}
                _ => return Err((name.pos, "metadata.name must be a non-empty string".into())),
            },
        }
        if let Some(ns) = metadata.1.get("namespace")
            && !matches!(ns.value, NodeValue::Str(_) | NodeValue::Null)
        {
            return Err((ns.pos, "metadata.namespace must be a string".into()));
        }

        let mut value = self.object_value(doc)?;
        if let Value::Object(map) = &mut value {
            map.entry("apiVersion")
                .or_insert_with(|| Value::String(api_version.to_owned()));
            map.entry("kind")
                .or_insert_with(|| Value::String(kind.to_owned()));
            if let Some(Value::Object(meta)) = map.get_mut("metadata")
                && meta.get("namespace").is_some_and(Value::is_null)
            {
                meta.remove("namespace");
            }
        }
        self.objects.push((value, doc.pos));
        Ok(())
    }

    fn list(&mut self, doc: &Node, api_version: &str, kind: &str) -> Result<(), Failure> {
        let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty());
        let ctx = ListContext {
            api_version,
            item_kind,
        };
        match doc.get("items") {
            None => Ok(()),
            Some(items) => match &items.value {
                NodeValue::Null => Ok(()),
                NodeValue::Seq(entries) => {
                    for item in entries {
                        self.document(item, Some(&ctx))?;
                    }
                    Ok(())
                }
                _ => Err((
                    items.pos,
                    format!("items must be a sequence, found {}", items.type_name()),
                )),
            },
        }
    }

    fn sim_cluster(
        &mut self,
        doc: &Node,
        api_version: &str,
        kind: &str,
        in_list: bool,
    ) -> Result<(), Failure> {
        let field_pos = |key: &str| doc.get(key).map_or(doc.pos, |n| n.pos);
        if api_version != SIM_API_VERSION {
            return Err((
                field_pos("apiVersion"),
                format!("unsupported apiVersion {api_version:?} for {kind}: use {SIM_API_VERSION}"),
            ));
        }
        if kind != SIM_KIND {
            return Err((
                field_pos("kind"),
                format!("unknown kind {kind:?} in {SIM_API_VERSION}: the only one is {SIM_KIND}"),
            ));
        }
        if in_list {
            return Err((
                doc.pos,
                format!("{SIM_KIND} must be a document of its own, not a List item"),
            ));
        }
        if let Some((_, first)) = &self.cluster {
            return Err((
                doc.pos,
                format!(
                    "a second {SIM_KIND} document (the first is at line {}): a scenario holds at most one",
                    first.pos.line
                ),
            ));
        }
        let cluster: SimCluster =
            yaml_tree::from_node(doc).map_err(|e| (e.pos.unwrap_or(doc.pos), e.message))?;
        if let Err(FieldError { path, message }) = cluster.validate(self.now) {
            let steps: Vec<&str> = path.iter().map(String::as_str).collect();
            return Err((locate(doc, &steps), message));
        }
        self.cluster = Some((cluster, doc.clone()));
        Ok(())
    }

    /// An object's JSON, with `now…` times resolved except under `data`,
    /// `stringData`, `binaryData` and `metadata.labels`.
    fn object_value(&self, doc: &Node) -> Result<Value, Failure> {
        let NodeValue::Map(entries) = &doc.value else {
            return self.value(doc, true, "");
        };
        let mut map = Map::new();
        for (key, node) in entries {
            let value = match key.name.as_str() {
                "data" | "stringData" | "binaryData" => self.value(node, false, &key.name)?,
                "metadata" => self.metadata_value(node)?,
                _ => self.value(node, true, &key.name)?,
            };
            map.insert(key.name.clone(), value);
        }
        Ok(Value::Object(map))
    }

    fn metadata_value(&self, node: &Node) -> Result<Value, Failure> {
        let NodeValue::Map(entries) = &node.value else {
            return self.value(node, true, "metadata");
        };
        let mut map = Map::new();
        for (key, child) in entries {
            let rewrite = key.name != "labels";
            map.insert(key.name.clone(), self.value(child, rewrite, &key.name)?);
        }
        Ok(Value::Object(map))
    }

    fn value(&self, node: &Node, rewrite: bool, key: &str) -> Result<Value, Failure> {
        Ok(match &node.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b) => Value::Bool(*b),
            NodeValue::I64(i) => Value::Number(Number::from(*i)),
            NodeValue::U64(u) => Value::Number(Number::from(*u)),
            NodeValue::F64(f) => Number::from_f64(*f)
                .map(Value::Number)
                .ok_or((node.pos, format!("{f} is not a finite number")))?,
            NodeValue::Str(s) => match parse_relative(s).filter(|_| rewrite) {
                None => Value::String(s.clone()),
                Some(Err(e)) => return Err((node.pos, format!("invalid relative time {e}"))),
                Some(Ok(offset)) => {
                    let t = self.now.saturating_add(offset);
                    Value::String(if is_micro_time(key) {
                        format_rfc3339_micro(t)
                    } else {
                        format_rfc3339(t)
                    })
                }
            },
            NodeValue::Seq(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.value(item, rewrite, key))
                    .collect::<Result<_, _>>()?,
            ),
            NodeValue::Map(entries) => {
                let mut map = Map::new();
                for (k, child) in entries {
                    map.insert(k.name.clone(), self.value(child, rewrite, &k.name)?);
                }
                Value::Object(map)
            }
        })
    }
}

/// Fields Kubernetes types as `MicroTime` (printed with microseconds).
fn is_micro_time(key: &str) -> bool {
    matches!(
        key,
        "renewTime" | "acquireTime" | "eventTime" | "lastObservedTime"
    )
}

/// The string under `key`: `None` when absent, an error when not a string.
fn string_field<'a>(node: &'a Node, key: &str) -> Result<Option<&'a str>, Failure> {
    match node.get(key) {
        None => Ok(None),
        Some(v) => match v.as_str() {
            Some("") => Err((v.pos, format!("{key} must not be empty"))),
            Some(s) => Ok(Some(s)),
            None => Err((v.pos, format!("{key} must be a string, found {}", v.type_name()))),
        },
    }
}

#[cfg(test)]
#[path = "scenario_tests.rs"]
mod tests;
