//! A YAML document tree that remembers where every node and key came from.
//!
//! Scenario files are read into [`Node`]s first (through serde-saphyr's
//! `Spanned`), so that errors found after parsing — a missing `kind`, an
//! unknown `SimCluster` field, a bad duration — can still point at a
//! `line:column`. [`NodeDeserializer`] lets any serde type be read from a
//! [`Node`] with errors carrying the position of the innermost offending node.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde_saphyr::Spanned;

/// A 1-based line and column in the scenario text (0:0 when unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Pos {
    fn from_location(loc: &serde_saphyr::Location) -> Self {
        Pos {
            line: usize::try_from(loc.line()).unwrap_or(usize::MAX),
            column: usize::try_from(loc.column()).unwrap_or(usize::MAX),
        }
    }
}

/// One YAML node with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the node starts.
    pub pos: Pos,
    /// The node's content.
    pub value: NodeValue,
}

/// A mapping key with its position. YAML scalar keys of other types
/// (numbers, booleans) are kept as their text, as JSON requires.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// Where the key starts.
    pub pos: Pos,
    /// The key's text.
    pub name: String,
}

/// The content of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    /// `null`, `~` or an empty value.
    Null,
    /// A boolean.
    Bool(bool),
    /// A negative integer.
    I64(i64),
    /// A non-negative integer.
    U64(u64),
    /// A float.
    F64(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Key, Node)>),
}

impl Node {
    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key and value under `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The string content, when this node is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A short name of the node's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            NodeValue::Null => "null",
            NodeValue::Bool(_) => "a boolean",
            NodeValue::I64(_) | NodeValue::U64(_) => "an integer",
            NodeValue::F64(_) => "a number",
            NodeValue::Str(_) => "a string",
            NodeValue::Seq(_) => "a sequence",
            NodeValue::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<NodeValue>::deserialize(deserializer)?;
        Ok(Node {
            pos: Pos::from_location(&spanned.referenced),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<KeyText>::deserialize(deserializer)?;
        Ok(Key {
            pos: Pos::from_location(&spanned.referenced),
            name: spanned.value.0,
        })
    }
}

/// A scalar mapping key turned into text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText, E> {
                Ok(KeyText(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".to_owned()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for NodeValue {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = NodeValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<NodeValue, E> {
                Ok(NodeValue::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NodeValue, E> {
                Ok(match u64::try_from(v) {
                    Ok(u) => NodeValue::U64(u),
                    Err(_) => NodeValue::I64(v),
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeValue, E> {
                Ok(NodeValue::U64(v))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<NodeValue, E> {
                if let Ok(u) = u64::try_from(v) {
                    Ok(NodeValue::U64(u))
                } else if let Ok(i) = i64::try_from(v) {
                    Ok(NodeValue::I64(i))
                } else {
                    Ok(NodeValue::Str(v.to_string()))
                }
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<NodeValue, E> {
                match u64::try_from(v) {
                    Ok(u) => Ok(NodeValue::U64(u)),
                    Err(_) => Ok(NodeValue::Str(v.to_string())),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<NodeValue, E> {
                Ok(NodeValue::F64(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NodeValue, E> {
                Ok(NodeValue::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<NodeValue, E> {
                Ok(NodeValue::Str(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<NodeValue, E> {
                Ok(NodeValue::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<NodeValue, E> {
                Ok(NodeValue::Null)
            }
            fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<NodeValue, D::Error> {
                NodeValue::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<NodeValue, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(NodeValue::Seq(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<NodeValue, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some((k, v)) = map.next_entry::<Key, Node>()? {
                    entries.push((k, v));
                }
                Ok(NodeValue::Map(entries))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// An error raised while reading a serde type from a [`Node`], with the
/// position of the innermost node involved (when known).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeError {
    /// What went wrong.
    pub message: String,
    /// Where, when known.
    pub pos: Option<Pos>,
}

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NodeError {}

impl de::Error for NodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        NodeError {
            message: msg.to_string(),
            pos: None,
        }
    }
}

fn at<T>(result: Result<T, NodeError>, pos: Pos) -> Result<T, NodeError> {
    result.map_err(|mut e| {
        e.pos.get_or_insert(pos);
        e
    })
}

/// A serde deserializer reading from a [`Node`].
pub struct NodeDeserializer<'a>(pub &'a Node);

impl<'de, 'a> de::Deserializer<'de> for NodeDeserializer<'a> {
    type Error = NodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        let node = self.0;
        let result = match &node.value {
            NodeValue::Null => visitor.visit_unit(),
            NodeValue::Bool(b) => visitor.visit_bool(*b),
            NodeValue::I64(i) => visitor.visit_i64(*i),
            NodeValue::U64(u) => visitor.visit_u64(*u),
            NodeValue::F64(f) => visitor.visit_f64(*f),
            NodeValue::Str(s) => visitor.visit_str(s),
            NodeValue::Seq(items) => visitor.visit_seq(SeqAccess { iter: items.iter() }),
            NodeValue::Map(entries) => visitor.visit_map(MapAccess {
                iter: entries.iter(),
                value: None,
            }),
        };
        at(result, node.pos)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, NodeError> {
        let node = self.0;
        let result = match node.value {
            NodeValue::Null => visitor.visit_none(),
            _ => visitor.visit_some(NodeDeserializer(node)),
        };
        at(result, node.pos)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        let pos = self.0.pos;
        at(visitor.visit_newtype_struct(self), pos)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        let node = self.0;
        let result = match &node.value {
            NodeValue::Str(s) => {
                let d: de::value::StrDeserializer<'_, NodeError> = s.as_str().into_deserializer();
                visitor.visit_enum(d)
            }
            NodeValue::Map(entries) if entries.len() == 1 => match entries.first() {
                Some((key, value)) => visitor.visit_enum(EnumAccess { key, value }),
                None => Err(de::Error::custom("expected an enum")),
            },
            _ => Err(de::Error::custom(format!(
                "expected a string or a single-key mapping, found {}",
                node.type_name()
            ))),
        };
        at(result, node.pos)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

struct SeqAccess<'a> {
    iter: std::slice::Iter<'a, Node>,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_> {
    type Error = NodeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, NodeError> {
        match self.iter.next() {
            Some(node) => seed.deserialize(NodeDeserializer(node)).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct MapAccess<'a> {
    iter: std::slice::Iter<'a, (Key, Node)>,
    value: Option<&'a Node>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_> {
    type Error = NodeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, NodeError> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                let d: de::value::StrDeserializer<'_, NodeError> = key.name.as_str().into_deserializer();
                at(seed.deserialize(d), key.pos).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, NodeError> {
        match self.value.take() {
            Some(node) => seed.deserialize(NodeDeserializer(node)),
            None => Err(de::Error::custom("a mapping value was read before its key")),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct EnumAccess<'a> {
    key: &'a Key,
    value: &'a Node,
}

impl<'de, 'a> de::EnumAccess<'de> for EnumAccess<'a> {
    type Error = NodeError;
    type Variant = NodeDeserializer<'a>;
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, NodeDeserializer<'a>), NodeError> {
        let d: de::value::StrDeserializer<'_, NodeError> = self.key.name.as_str().into_deserializer();
        let variant = at(seed.deserialize(d), self.key.pos)?;
        Ok((variant, NodeDeserializer(self.value)))
    }
}

impl<'de> de::VariantAccess<'de> for NodeDeserializer<'_> {
    type Error = NodeError;
    fn unit_variant(self) -> Result<(), NodeError> {
        de::Deserialize::deserialize(self)
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, NodeError> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, NodeError> {
        de::Deserializer::deserialize_any(self, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, NodeError> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

/// Parses every document of a YAML stream into [`Node`]s. Empty and null
/// documents are skipped. YAML 1.2 booleans (`true`/`false` only), so `no`,
/// `on` or `y` stay strings; numbers with a leading `0` are octal, as
/// Kubernetes' YAML reader takes them (`defaultMode: 0644` is 420).
///
/// The error is the position and the message without a position suffix.
pub fn parse_documents(text: &str) -> Result<Vec<Node>, (Pos, String)> {
    use serde_saphyr::MessageFormatter;
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 1 << 32,
            max_nodes: 1 << 31,
            max_documents: 1 << 24,
            max_total_scalar_bytes: 1 << 33,
            max_depth: 128,
        },
        strict_booleans: true,
        legacy_octal_numbers: true,
        with_snippet: false,
    };
    serde_saphyr::from_multiple_with_options::<Node>(text, options).map_err(|e| {
        let pos = e.location().map(|l| Pos::from_location(&l)).unwrap_or_default();
        let message = serde_saphyr::DefaultMessageFormatter
            .format_message(e.without_snippet())
            .into_owned();
        (pos, plain_message(message))
    })
}

/// Rewords the parser's messages that speak of its own API.
fn plain_message(message: String) -> String {
    if let Some((head, _)) = message.split_once(", set DuplicateKeyPolicy") {
        return head.to_owned();
    }
    if message.contains("recursive references") {
        return "an alias refers to a node that contains it (recursive YAML is not supported)".to_owned();
    }
    message
}

/// Reads `T` from `node`, with errors positioned at the offending node.
pub fn from_node<T: de::DeserializeOwned>(node: &Node) -> Result<T, NodeError> {
    T::deserialize(NodeDeserializer(node))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str) -> Vec<Node> {
        match parse_documents(text) {
            Ok(d) => d,
            Err((pos, msg)) => panic!("parse failed at {pos:?}: {msg}"),
        }
    }

    #[test]
    fn syntax_errors_carry_a_position_and_a_bare_message() {
        let (pos, msg) = parse_documents("a: 1\n---\nfoo: bar: baz\n").unwrap_err();
        assert_eq!(pos, Pos { line: 3, column: 9 });
        assert!(!msg.contains("line"), "{msg}");
        assert!(msg.contains("mapping values"), "{msg}");
    }

    #[test]
    fn parser_messages_are_reworded() {
        let (pos, msg) = parse_documents("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((pos.line, msg.as_str()), (3, "duplicate mapping key: a"));
        let (_, msg) = parse_documents("a: &x\n  b: *x\n").unwrap_err();
        assert!(msg.contains("recursive YAML"), "{msg}");
    }

    #[test]
    fn yaml_1_1_octal_and_strict_booleans() {
        let d = docs("mode: 0644\nanswer: no\non: yes\nreal: true\n");
        assert_eq!(d[0].get("mode").unwrap().value, NodeValue::U64(420));
        assert_eq!(d[0].get("answer").and_then(Node::as_str), Some("no"));
        assert_eq!(d[0].get("on").and_then(Node::as_str), Some("yes"));
        assert_eq!(d[0].get("real").unwrap().value, NodeValue::Bool(true));
    }

    #[test]
    fn empty_documents_are_skipped() {
        let d = docs("a: 1\n---\n---\n# only a comment\n---\nb: 2\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].pos.line, 6);
    }

    #[test]
    fn positions_of_keys_and_values() {
        let d = docs("a: 1\nmeta:\n  name: x\nlist:\n  - q\n  - {k: v}\n");
        assert_eq!(d.len(), 1);
        let root = &d[0];
        let (k, v) = root.entry("meta").unwrap();
        assert_eq!((k.pos.line, k.pos.column), (2, 1));
        let (nk, nv) = v.entry("name").unwrap();
        assert_eq!((nk.pos.line, nk.pos.column), (3, 3));
        assert_eq!((nv.pos.line, nv.pos.column), (3, 9));
        assert_eq!(nv.as_str(), Some("x"));
        let NodeValue::Seq(items) = &root.get("list").unwrap().value else {
            panic!("not a seq")
        };
        assert_eq!(items[1].pos.line, 6);
        assert_eq!(items[1].get("k").and_then(Node::as_str), Some("v"));
    }

    #[test]
    fn scalar_keys_become_text_and_numbers_keep_sign() {
        let d = docs("1: a\ntrue: b\nn: -3\nu: 3\nf: 1.5\nz: ~\n");
        let root = &d[0];
        assert_eq!(root.get("1").and_then(Node::as_str), Some("a"));
        assert_eq!(root.get("true").and_then(Node::as_str), Some("b"));
        assert_eq!(root.get("n").unwrap().value, NodeValue::I64(-3));
        assert_eq!(root.get("u").unwrap().value, NodeValue::U64(3));
        assert_eq!(root.get("f").unwrap().value, NodeValue::F64(1.5));
        assert_eq!(root.get("z").unwrap().value, NodeValue::Null);
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        a: u32,
        #[serde(default)]
        inner: Option<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        b: String,
    }

    #[test]
    fn errors_point_at_the_innermost_node() {
        let d = docs("a: 1\ninner:\n  b: ok\n  bogus: 2\n");
        let err = from_node::<Probe>(&d[0]).unwrap_err();
        assert!(err.message.contains("bogus"), "{}", err.message);
        assert_eq!(err.pos, Some(Pos { line: 4, column: 3 }));

        let d = docs("a: nope\n");
        let err = from_node::<Probe>(&d[0]).unwrap_err();
        assert_eq!(err.pos, Some(Pos { line: 1, column: 4 }));

        let d = docs("inner:\n  b: x\n");
        let err = from_node::<Probe>(&d[0]).unwrap_err();
        assert!(err.message.contains("missing field `a`"), "{}", err.message);
        assert_eq!(err.pos.map(|p| p.line), Some(1));
    }
}
