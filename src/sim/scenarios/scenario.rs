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
pub fn unix_now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

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
    matches!(key, "renewTime" | "acquireTime" | "eventTime")
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
mod tests {
    use super::super::sim_time::parse_rfc3339;
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_800_000_000; // 2027-01-15T08:00:00Z

    fn load(text: &str) -> Result<Scenario, ScenarioError> {
        parse_at(Path::new("s.yaml"), text, NOW)
    }

    fn error(text: &str) -> (usize, usize, String) {
        match load(text) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => (e.line, e.column, e.message),
        }
    }

    #[test]
    fn error_display_is_path_line_column_message() {
        let e = ScenarioError {
            path: PathBuf::from("assets/scenarios/x.yaml"),
            line: 3,
            column: 7,
            message: "boom".into(),
        };
        assert_eq!(e.to_string(), "assets/scenarios/x.yaml:3:7: boom");
    }

    #[test]
    fn documents_and_lists() {
        let s = load(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n---\n\
             apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, namespace: web}\n\
             - apiVersion: v1\n  kind: Node\n  metadata: {name: n1, namespace: oops}\n---\n\
             apiVersion: v1\nkind: PodList\nmetadata: {resourceVersion: \"7\"}\nitems:\n- metadata: {name: p, namespace: web}\n---\n\
             apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n",
        )
        .unwrap();
        let ids: Vec<(String, String, String)> = s
            .objects
            .iter()
            .map(|o| {
                let i = identity(o);
                (i.kind, i.namespace, i.name)
            })
            .collect();
        assert_eq!(
            ids,
            vec![
                ("Namespace".into(), "".into(), "web".into()),
                ("ConfigMap".into(), "web".into(), "a".into()),
                ("Node".into(), "".into(), "n1".into()),
                ("Pod".into(), "web".into(), "p".into()),
                ("Deployment".into(), "default".into(), "d".into()),
            ]
        );
        assert_eq!(s.objects[3]["apiVersion"], "v1");
        assert_eq!(s.cluster, SimCluster::default());
    }

    #[test]
    fn unknown_kinds_are_accepted_and_crds_honoured() {
        let s = load(
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: backups.velero.io}\n\
             spec:\n  group: velero.io\n  scope: Namespaced\n  names: {kind: Backup, plural: backups}\n  versions: [{name: v1, served: true, storage: true}]\n---\n\
             apiVersion: velero.io/v1\nkind: Backup\nmetadata: {name: b1}\n---\n\
             apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
        )
        .unwrap();
        let backup = &s.objects[1];
        assert_eq!(backup["metadata"]["namespace"], "default");
        let info = s.kinds.resource_for(backup).unwrap();
        assert_eq!((info.plural.as_str(), info.namespaced), ("backups", true));
        let widget = s.kinds.resource_for(&s.objects[2]).unwrap();
        assert_eq!((widget.plural.as_str(), widget.namespaced), ("widgets", false));
        assert!(s.objects[2]["metadata"].get("namespace").is_none());
    }

    #[test]
    fn syntax_error_position() {
        let (line, col, msg) = error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a, b\n");
        assert_eq!(line, 4, "{msg}");
        assert!(col >= 9, "{col} {msg}");
        let (line, col, _) = error("a: 1\n---\nfoo: bar: baz\n");
        assert_eq!((line, col), (3, 9));
    }

    #[test]
    fn duplicate_yaml_keys_are_refused() {
        let (line, _, msg) = error("apiVersion: v1\nkind: Pod\nkind: Node\nmetadata: {name: x}\n");
        assert_eq!(line, 3, "{msg}");
    }

    #[test]
    fn non_mapping_document() {
        let (line, col, msg) =
            error("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n- just\n- a list\n");
        assert_eq!((line, col), (5, 1), "{msg}");
        assert!(msg.contains("found a sequence"), "{msg}");
        let (line, _, msg) = error("---\nplain text\n");
        assert_eq!(line, 2);
        assert!(msg.contains("found a string"), "{msg}");
    }

    #[test]
    fn missing_fields() {
        let (line, col, msg) = error(
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n\n# comment\napiVersion: v1\nmetadata: {name: b}\n",
        );
        assert_eq!((line, col), (7, 1));
        assert_eq!(msg, "a document has no kind");
        let (line, _, msg) = error("kind: Pod\nmetadata: {name: b}\n");
        assert_eq!((line, msg.as_str()), (1, "a document has no apiVersion"));
        let (line, col, msg) = error("apiVersion: v1\nkind: Pod\nspec: {}\nmetadata:\n  namespace: x\n");
        assert_eq!((line, col, msg.as_str()), (4, 1, "Pod has no metadata.name"));
        let (line, col, _) = error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: 42\n");
        assert_eq!((line, col), (4, 9));
        let (line, col, _) = error("apiVersion: v1\nkind: 7\nmetadata: {name: a}\n");
        assert_eq!((line, col), (2, 7));
        let (line, _, msg) =
            error("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata: {name: a}\n");
        assert_eq!((line, msg.as_str()), (4, "a List item has no kind"));
    }

    #[test]
    fn duplicate_objects() {
        let (line, _, msg) = error(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n",
        );
        assert_eq!(line, 5);
        assert_eq!(msg, "ConfigMap default/a is already defined at line 1");
    }

    #[test]
    fn duplicate_sim_cluster() {
        let (line, col, msg) = error(
            "apiVersion: sim.kon/v1\nkind: SimCluster\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: sim.kon/v1\nkind: SimCluster\n",
        );
        assert_eq!((line, col), (8, 1));
        assert!(msg.contains("first is at line 1"), "{msg}");
    }

    #[test]
    fn unknown_sim_cluster_field_points_at_the_key() {
        let (line, col, msg) =
            error("apiVersion: sim.kon/v1\nkind: SimCluster\nfaults:\n  latencyMs: 5\n  latncy: 3\n");
        assert_eq!((line, col), (5, 3));
        assert!(msg.contains("unknown field `latncy`"), "{msg}");
        let (line, col, _) =
            error("apiVersion: sim.kon/v1\nkind: SimCluster\nkubernetesVersion: v1.35.0\nhealthy: true\n");
        assert_eq!((line, col), (4, 1));
    }

    #[test]
    fn bad_duration_points_at_the_value() {
        let (line, col, msg) =
            error("apiVersion: sim.kon/v1\nkind: SimCluster\ncertificates:\n  serving:\n    validFor: 20x\n");
        assert_eq!((line, col), (5, 15));
        assert!(msg.contains("unknown unit \"x\""), "{msg}");
        let (line, col, msg) =
            error("apiVersion: sim.kon/v1\nkind: SimCluster\ncertificates:\n  client: {validFor: 30}\n");
        assert_eq!((line, col), (4, 22), "{msg}");
        assert!(msg.contains("needs a unit"), "{msg}");
    }

    #[test]
    fn semantic_sim_cluster_errors_point_at_the_field() {
        let (line, col, msg) = error("apiVersion: sim.kon/v1\nkind: SimCluster\nfaults:\n  errorRate: 2\n");
        assert_eq!((line, col), (4, 3));
        assert!(msg.contains("between 0 and 1"), "{msg}");
        let (line, col, _) = error(
            "apiVersion: sim.kon/v1\nkind: SimCluster\nfaults:\n  forbidden:\n  - secrets\n  - Bad Thing\n",
        );
        assert_eq!((line, col), (6, 5));
        let (line, _, msg) = error("apiVersion: sim.kon/v2\nkind: SimCluster\n");
        assert_eq!(line, 1);
        assert!(msg.contains("use sim.kon/v1"), "{msg}");
    }

    #[test]
    fn sim_cluster_fields_are_read() {
        let s = load(
            "apiVersion: sim.kon/v1\nkind: SimCluster\nmetadata: {name: t}\nkubernetesVersion: v1.34.2\n\
             health:\n  failing:\n  - {check: etcd, endpoints: [readyz], reason: etcd is slow}\n\
             certificates:\n  serving: {notAfter: now+10d, validFor: 365d}\n  secrets:\n  - {namespace: web, name: shop-tls, dnsNames: [shop.example.com], notAfter: now+5d}\n\
             faults: {latencyMs: 20, forbidden: [velero.io/backups], watchCutSeconds: 30}\n\
             generate: {nodes: 6, zones: [eu-1a, eu-1b], podsPerNode: 12, namespaces: [shop]}\n",
        )
        .unwrap();
        let c = &s.cluster;
        assert_eq!(c.kubernetes_version, "v1.34.2");
        assert_eq!(c.health.failing[0].reason.as_deref(), Some("etcd is slow"));
        assert_eq!(c.certificates.serving_window(NOW).unwrap().1, NOW + 10 * 86_400);
        assert_eq!(c.faults.watch_cut_seconds, Some(30));
        assert!(c.faults.is_forbidden("velero.io", "backups"));
        let g = c.generate.as_ref().unwrap();
        assert_eq!(g.zone_names(), vec!["eu-1a", "eu-1b"]);
        // The TLS Secret the loader will fill was added.
        let secret = s.objects.iter().find(|o| o["kind"] == "Secret").unwrap();
        assert_eq!(secret["metadata"]["namespace"], "web");
        assert_eq!(secret["type"], "kubernetes.io/tls");
    }

    #[test]
    fn tls_secret_entry_must_name_a_tls_secret() {
        let (line, col, msg) = error(
            "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: web}\ntype: Opaque\n---\n\
             apiVersion: sim.kon/v1\nkind: SimCluster\ncertificates:\n  secrets:\n  - {namespace: web, name: s}\n",
        );
        assert_eq!((line, col), (10, 5));
        assert!(msg.contains("not of type kubernetes.io/tls"), "{msg}");
    }

    #[test]
    fn relative_times_are_rewritten() {
        let s = load(
            "apiVersion: velero.io/v1\nkind: Backup\nmetadata:\n  name: b\n  namespace: velero\n  creationTimestamp: now-72h\n  \
             labels: {when: now}\nstatus:\n  phase: Completed\n  completionTimestamp: now-71h30m\n  expiration: now+27d\n  note: now-playing\n\
             ---\napiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: l, namespace: kube-system}\nspec: {renewTime: now-2s, holderIdentity: x}\n\
             ---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {literally: now-1h}\n",
        )
        .unwrap();
        let b = &s.objects[0];
        assert_eq!(b["metadata"]["creationTimestamp"], "2027-01-12T08:00:00Z");
        assert_eq!(b["status"]["completionTimestamp"], "2027-01-12T08:30:00Z");
        assert_eq!(b["status"]["expiration"], "2027-02-11T08:00:00Z");
        assert_eq!(b["status"]["note"], "now-playing");
        assert_eq!(b["metadata"]["labels"]["when"], "now");
        assert_eq!(s.objects[1]["spec"]["renewTime"], "2027-01-15T07:59:58.000000Z");
        assert_eq!(s.objects[2]["data"]["literally"], "now-1h");
        let (line, col, msg) =
            error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: now-3q\n");
        assert_eq!((line, col), (5, 22));
        assert!(msg.contains("unknown unit"), "{msg}");
    }

    #[test]
    fn written_objects_override_generated_ones() {
        let mut s = load(
            "apiVersion: sim.kon/v1\nkind: SimCluster\ngenerate: {nodes: 4, podsPerNode: 10, controlPlaneNodes: 1}\n---\n\
             apiVersion: v1\nkind: Node\nmetadata: {name: worker-001, labels: {custom: \"yes\"}}\n",
        )
        .unwrap();
        s.expand();
        let workers: Vec<&Value> = s
            .objects
            .iter()
            .filter(|o| o["kind"] == "Node" && o["metadata"]["name"] == "worker-001")
            .collect();
        assert_eq!(workers.len(), 1);
        assert_eq!(workers[0]["metadata"]["labels"]["custom"], "yes");
        assert_eq!(s.objects.iter().filter(|o| o["kind"] == "Node").count(), 4);
        assert_eq!(s.objects.iter().filter(|o| o["kind"] == "Pod").count(), 40);
        assert!(s.object_mut("", "Node", None, "control-plane-1").is_some());
    }

    #[test]
    fn missing_uid_and_creation_time_are_filled() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n\
                    apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d, uid: given, creationTimestamp: now-1h}\n";
        let a = load(text).unwrap();
        let b = load(text).unwrap();
        let uid = a.objects[0]["metadata"]["uid"].as_str().unwrap();
        assert_eq!(uid.len(), 36);
        assert_eq!(b.objects[0]["metadata"]["uid"], uid);
        assert_eq!(
            a.objects[0]["metadata"]["creationTimestamp"],
            "2027-01-15T08:00:00Z"
        );
        assert_eq!(a.objects[1]["metadata"]["uid"], "given");
        assert_eq!(
            a.objects[1]["metadata"]["creationTimestamp"],
            "2027-01-15T07:00:00Z"
        );
    }

    #[test]
    fn hostile_input_is_an_error_not_a_panic() {
        let deep = format!("a: {}{}\n", "[".repeat(500), "]".repeat(500));
        let inputs = [
            "\t- tab\n",
            "a: &x\n  b: *x\n",
            "? [complex, key]\n: value\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {n: 1e400}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {n: 999999999999999999999999999}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\ndata: !!binary aGVsbG8=\n",
            "apiVersion: v1\nkind: Pod\nmetadata: [a]\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: [x]}\n",
            "apiVersion: v1\nkind: List\nitems: 3\n",
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items: []\n",
            "apiVersion: sim.kon/v1\nkind: SimCluster\ngenerate: {nodes: 99999999999}\n",
            "apiVersion: sim.kon/v1\nkind: SimCluster\ngenerate: {nodes: 10, zones: -1}\n",
            "apiVersion: sim.kon/v1\nkind: SimCluster\ncertificates: {ca: {notBefore: 9999-12-31T23:59:59Z}}\n",
            "apiVersion: sim.kon/v1\nkind: Other\n",
            "\u{feff}apiVersion: v1\nkind: Namespace\nmetadata: {name: bom}\n",
            "",
            "---\n---\n",
            &deep,
        ];
        for input in inputs {
            let _ = load(input);
        }
        assert!(load(&deep).is_err());
        assert!(load("").unwrap().objects.is_empty());
    }

    #[test]
    fn object_mut_finds_by_identity() {
        let mut s = load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\n").unwrap();
        assert!(s.object_mut("", "ConfigMap", Some("x"), "c").is_some());
        assert!(s.object_mut("", "ConfigMap", Some("y"), "c").is_none());
        if let Some(obj) = s.object_mut("", "ConfigMap", Some("x"), "c") {
            obj["data"] = json!({"k": "v"});
        }
        assert_eq!(s.objects[0]["data"]["k"], "v");
    }

    // ----------------------------------------------------- shipped scenarios

    fn shipped(name: &str) -> Scenario {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios")
            .join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        parse_at(&path, &text, NOW).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Deserializes every object whose kind k8s-openapi knows into its
    /// typed form; returns how many were checked.
    fn check_typed(objects: &[Value]) -> usize {
        use k8s_openapi::api::{apps::v1 as apps, batch::v1 as batch, core::v1 as core};
        use k8s_openapi::api::{autoscaling::v2 as hpa, storage::v1 as storage};
        use k8s_openapi::api::{coordination::v1 as coord, discovery::v1 as disc, networking::v1 as net};
        use k8s_openapi::api::{policy::v1 as policy, rbac::v1 as rbac, scheduling::v1 as sched};
        use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1 as ext;
        macro_rules! try_types {
            ($obj:expr, $($t:ty),*) => {{
                let key = ($obj["apiVersion"].as_str().unwrap_or(""), $obj["kind"].as_str().unwrap_or(""));
                let mut matched = false;
                $(
                    if key == (<$t as k8s_openapi::Resource>::API_VERSION, <$t as k8s_openapi::Resource>::KIND) {
                        matched = true;
                        if let Err(e) = serde_json::from_value::<$t>($obj.clone()) {
                            panic!("{} {}: {e}", key.1, $obj["metadata"]["name"]);
                        }
                    }
                )*
                matched
            }};
        }
        let mut checked = 0;
        for o in objects {
            let typed = try_types!(
                o,
                core::Pod,
                core::Node,
                core::Namespace,
                core::Service,
                core::Endpoints,
                core::ConfigMap,
                core::Secret,
                core::ServiceAccount,
                core::ResourceQuota,
                core::LimitRange,
                core::PersistentVolumeClaim,
                core::PersistentVolume,
                core::Event,
                apps::Deployment,
                apps::ReplicaSet,
                apps::DaemonSet,
                apps::StatefulSet,
                batch::Job,
                batch::CronJob,
                coord::Lease,
                disc::EndpointSlice,
                net::NetworkPolicy,
                net::Ingress,
                policy::PodDisruptionBudget,
                rbac::ClusterRole,
                rbac::ClusterRoleBinding,
                rbac::Role,
                rbac::RoleBinding,
                sched::PriorityClass,
                storage::StorageClass,
                hpa::HorizontalPodAutoscaler,
                ext::CustomResourceDefinition
            );
            if typed {
                checked += 1;
            }
        }
        checked
    }

    fn count(s: &Scenario, kind: &str) -> usize {
        s.objects.iter().filter(|o| o["kind"] == kind).count()
    }

    #[test]
    fn shipped_demo_parses_and_is_typed() {
        let s = shipped("demo.yaml");
        let typed = check_typed(&s.objects);
        assert!(typed + 10 >= s.objects.len(), "{typed} of {}", s.objects.len());
        assert_eq!(count(&s, "Node"), 15);
        assert!(count(&s, "Deployment") + count(&s, "StatefulSet") >= 20);
    }

    #[test]
    fn shipped_healthy_parses_and_is_typed() {
        let s = shipped("healthy.yaml");
        let typed = check_typed(&s.objects);
        assert!(typed + 5 >= s.objects.len(), "{typed} of {}", s.objects.len());
        assert_eq!(count(&s, "Node"), 6);
    }

    #[test]
    fn shipped_large_describes_150000_pods() {
        let s = shipped("large.yaml");
        let g = s.cluster.generate.as_ref().unwrap();
        let expected = generate::expected_counts(g);
        assert_eq!((expected.nodes, expected.pods), (5_000, 150_000));
        let zones = g.zone_names();
        assert_eq!(zones.len(), 3);
    }

    fn find<'a>(s: &'a Scenario, kind: &str, ns: &str, name: &str) -> &'a Value {
        s.objects
            .iter()
            .find(|o| {
                o["kind"] == kind
                    && o["metadata"]["name"] == name
                    && o["metadata"]["namespace"].as_str().unwrap_or("") == ns
            })
            .unwrap_or_else(|| panic!("no {kind} {ns}/{name}"))
    }

    /// Mebibytes (or millicores) of a Kubernetes quantity; enough for the scenarios.
    fn quantity(q: &str) -> u64 {
        let (num, unit) = q.split_at(q.find(|c: char| !c.is_ascii_digit()).unwrap_or(q.len()));
        let n: u64 = num.parse().unwrap();
        match unit {
            "" => n * 1000,
            "m" => n,
            "Mi" => n,
            "Gi" => n * 1024,
            other => panic!("unit {other}"),
        }
    }

    fn pods_on<'a>(s: &'a Scenario, node: &str) -> Vec<&'a Value> {
        s.objects
            .iter()
            .filter(|o| o["kind"] == "Pod" && o["spec"]["nodeName"] == node)
            .collect()
    }

    fn owner_kind(pod: &Value) -> &str {
        pod["metadata"]["ownerReferences"][0]["kind"]
            .as_str()
            .unwrap_or("")
    }

    #[test]
    fn demo_holds_the_planted_problems() {
        let s = shipped("demo.yaml");
        let day = 86_400;
        // Control plane: 3 nodes in 3 zones; 12 workers.
        let nodes: Vec<&Value> = s.objects.iter().filter(|o| o["kind"] == "Node").collect();
        let cp: Vec<&str> = nodes
            .iter()
            .filter(|n| {
                n["metadata"]["labels"]
                    .get("node-role.kubernetes.io/control-plane")
                    .is_some()
            })
            .map(|n| {
                n["metadata"]["labels"]["topology.kubernetes.io/zone"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(cp, vec!["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
        // Stale backup: newest Completed Backup 74h ago, newest run not Completed.
        let mut backups: Vec<(&str, i64)> = s
            .objects
            .iter()
            .filter(|o| o["kind"] == "Backup")
            .map(|b| {
                let t = b["status"]["completionTimestamp"].as_str().unwrap();
                (b["status"]["phase"].as_str().unwrap(), parse_rfc3339(t).unwrap())
            })
            .collect();
        backups.sort_by_key(|b| b.1);
        let newest_good = backups
            .iter()
            .filter(|b| b.0 == "Completed")
            .map(|b| b.1)
            .max()
            .unwrap();
        assert_eq!(NOW - newest_good, 74 * 3_600);
        assert_ne!(backups.last().unwrap().0, "Completed");
        let cron = find(&s, "CronJob", "kube-system", "etcd-snapshot");
        let last_ok = parse_rfc3339(cron["status"]["lastSuccessfulTime"].as_str().unwrap()).unwrap();
        assert!(NOW - last_ok > 48 * 3_600);
        // Certificates near expiry.
        assert_eq!(
            s.cluster.certificates.serving_window(NOW).unwrap().1,
            NOW + 10 * day
        );
        let tls = &s.cluster.certificates.secrets[0];
        assert_eq!(
            (tls.namespace.as_str(), tls.name.as_str()),
            ("web", "storefront-tls")
        );
        assert!(tls.window(NOW).unwrap().1 - NOW < 14 * day);
        let cert = find(&s, "Certificate", "web", "storefront");
        let not_after = parse_rfc3339(cert["status"]["notAfter"].as_str().unwrap()).unwrap();
        assert!(not_after - NOW < 14 * day && not_after > NOW);
        let legacy = find(&s, "Secret", "web", "legacy-tls");
        assert!(legacy["data"]["tls.crt"].as_str().unwrap().len() > 100);
        // Namespace without Pod Security labels.
        let data = find(&s, "Namespace", "", "data");
        assert!(
            data["metadata"]["labels"]
                .get("pod-security.kubernetes.io/enforce")
                .is_none()
        );
        // Quota at 95%, consistent with the pods' requests.
        let quota = find(&s, "ResourceQuota", "payments", "compute");
        let used = quantity(quota["status"]["used"]["requests.memory"].as_str().unwrap());
        let hard = quantity(quota["status"]["hard"]["requests.memory"].as_str().unwrap());
        assert!((90..100).contains(&(used * 100 / hard)), "{used}/{hard}");
        let payments: Vec<&Value> = s
            .objects
            .iter()
            .filter(|o| o["kind"] == "Pod" && o["metadata"]["namespace"] == "payments")
            .collect();
        let mem: u64 = payments
            .iter()
            .flat_map(|p| p["spec"]["containers"].as_array().unwrap())
            .map(|c| quantity(c["resources"]["requests"]["memory"].as_str().unwrap()))
            .sum();
        assert_eq!(mem, used);
        assert_eq!(quota["status"]["used"]["pods"], payments.len().to_string());
        // A single-replica Deployment.
        assert_eq!(
            find(&s, "Deployment", "data", "report-generator")["spec"]["replicas"],
            1
        );
        // A NotReady node.
        let b4 = find(&s, "Node", "", "worker-b-4");
        let ready = b4["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == "Ready")
            .unwrap();
        assert_eq!(ready["status"], "Unknown");
        // A PDB that blocks eviction, and it protects a pod on worker-a-1.
        let pdb = find(&s, "PodDisruptionBudget", "payments", "api");
        assert_eq!(pdb["status"]["disruptionsAllowed"], 0);
        assert_eq!(
            pdb["spec"]["minAvailable"],
            find(&s, "Deployment", "payments", "api")["spec"]["replicas"]
        );
        assert!(
            pods_on(&s, "worker-a-1")
                .iter()
                .any(|p| p["metadata"]["labels"]["app"] == "api")
        );
        // DaemonSet pods on every node.
        for ds in ["kube-proxy", "node-exporter"] {
            for n in &nodes {
                let name = n["metadata"]["name"].as_str().unwrap();
                let on = pods_on(&s, name)
                    .into_iter()
                    .filter(|p| p["metadata"]["ownerReferences"][0]["name"] == ds)
                    .count();
                assert_eq!(on, 1, "{ds} on {name}");
            }
        }
        // worker-a-2 drains: no bare pod, no pod under a PDB allowing nothing, an emptyDir pod.
        let a2 = pods_on(&s, "worker-a-2");
        assert!(a2.iter().all(|p| !owner_kind(p).is_empty()));
        assert!(a2.iter().all(|p| p["metadata"]["labels"]["app"] != "api"));
        assert!(a2.iter().any(|p| {
            p["spec"]["volumes"]
                .as_array()
                .is_some_and(|v| v.iter().any(|v| v.get("emptyDir").is_some()))
        }));
        assert!(a2.iter().filter(|p| owner_kind(p) != "DaemonSet").count() >= 4);
        // worker-c-4 holds the bare pod.
        assert!(pods_on(&s, "worker-c-4").iter().any(|p| owner_kind(p).is_empty()));
        // Every written object has a uid and a creation time.
        for o in &s.objects {
            let generated = o["metadata"]["annotations"]
                .get(GENERATED_CERT_ANNOTATION)
                .is_some();
            assert!(
                generated || o["metadata"]["uid"].is_string(),
                "{}",
                o["metadata"]["name"]
            );
            assert!(
                o["metadata"]["creationTimestamp"].is_string(),
                "{}",
                o["metadata"]["name"]
            );
        }
    }

    #[test]
    fn healthy_follows_the_guidance() {
        let s = shipped("healthy.yaml");
        let system = ["kube-system", "kube-public", "kube-node-lease"];
        let namespaces: Vec<&str> = s
            .objects
            .iter()
            .filter(|o| o["kind"] == "Namespace")
            .map(|o| o["metadata"]["name"].as_str().unwrap())
            .filter(|n| !system.contains(n))
            .collect();
        assert_eq!(namespaces.len(), 3);
        for ns in &namespaces {
            assert!(
                find(&s, "Namespace", "", ns)["metadata"]["labels"]
                    .get("pod-security.kubernetes.io/enforce")
                    .is_some()
            );
            for kind in ["ResourceQuota", "NetworkPolicy", "LimitRange"] {
                assert!(
                    s.objects
                        .iter()
                        .any(|o| o["kind"] == kind && o["metadata"]["namespace"] == *ns),
                    "{kind} in {ns}"
                );
            }
        }
        for d in s
            .objects
            .iter()
            .filter(|o| o["kind"] == "Deployment" && o["metadata"]["namespace"] != "kube-system")
        {
            let ns = d["metadata"]["namespace"].as_str().unwrap();
            assert!(d["spec"]["replicas"].as_u64().unwrap() >= 2);
            let pdb = find(
                &s,
                "PodDisruptionBudget",
                ns,
                d["metadata"]["name"].as_str().unwrap(),
            );
            assert!(pdb["status"]["disruptionsAllowed"].as_u64().unwrap() >= 1);
            let spec = &d["spec"]["template"]["spec"];
            assert_ne!(spec["serviceAccountName"], "default");
            for c in spec["containers"].as_array().unwrap() {
                assert!(
                    c["resources"]["requests"]["cpu"].is_string()
                        && c["resources"]["requests"]["memory"].is_string()
                );
                assert!(c["resources"]["limits"]["memory"].is_string());
                assert_eq!(c["securityContext"]["allowPrivilegeEscalation"], false);
                assert!(c.get("env").is_none());
                assert!(
                    c["image"]
                        .as_str()
                        .unwrap()
                        .rsplit(':')
                        .next()
                        .is_some_and(|t| t != "latest")
                );
                if c.get("ports").is_some() {
                    assert!(c.get("readinessProbe").is_some() && c.get("livenessProbe").is_some());
                }
            }
        }
        for n in s.objects.iter().filter(|o| o["kind"] == "Node") {
            let ready = n["status"]["conditions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["type"] == "Ready")
                .unwrap();
            assert_eq!(ready["status"], "True");
        }
        let cron = find(&s, "CronJob", "kube-system", "etcd-snapshot");
        let last = parse_rfc3339(cron["status"]["lastSuccessfulTime"].as_str().unwrap()).unwrap();
        assert!(NOW - last <= 6 * 3_600);
        assert!(s.cluster.certificates.serving_window(NOW).unwrap().1 - NOW > 90 * 86_400);
        assert!(
            s.objects
                .iter()
                .any(|o| o["kind"] == "DaemonSet" && o["metadata"]["name"] == "node-problem-detector")
        );
        assert!(
            s.objects
                .iter()
                .any(|o| o["kind"] == "Deployment" && o["metadata"]["name"] == "dns-autoscaler")
        );
    }

    #[test]
    fn generated_objects_are_typed() {
        let mut s = load("apiVersion: sim.kon/v1\nkind: SimCluster\ngenerate: {nodes: 8, podsPerNode: 12, namespaces: 3}\n").unwrap();
        s.expand();
        assert_eq!(check_typed(&s.objects), s.objects.len());
    }
}
