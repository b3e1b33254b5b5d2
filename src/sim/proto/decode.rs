//! Protobuf wire format to the JSON the API takes, field by field from the
//! schema. Go's encoder writes every non-pointer field, empty or not: empty
//! strings, zero times and a zero `metadata.generation` are dropped here (as
//! `omitempty` drops them in JSON); other zeros are kept, since the schema
//! cannot tell a pointer set to zero (`replicas: 0`) from an unset value.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::schema::{Label, Schema, Ty};

/// A protobuf value as read off the wire.
enum Wire<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    fn done(&self) -> bool {
        self.pos >= self.buf.len()
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut out = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.buf.get(self.pos).ok_or("truncated varint")?;
            self.pos += 1;
            out |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(out);
            }
        }
        Err("varint too long".into())
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.buf.len());
        let end = end.ok_or("truncated field")?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// The next (field number, value).
    fn field(&mut self) -> Result<(u32, Wire<'a>), String> {
        let tag = self.varint()?;
        let number = u32::try_from(tag >> 3).map_err(|_| "field number out of range")?;
        let value = match tag & 7 {
            0 => Wire::Varint(self.varint()?),
            1 => Wire::Fixed64(u64::from_le_bytes(
                self.take(8)?.try_into().map_err(|_| "fixed64")?,
            )),
            2 => {
                let n = usize::try_from(self.varint()?).map_err(|_| "length out of range")?;
                Wire::Bytes(self.take(n)?)
            }
            5 => Wire::Fixed32(u32::from_le_bytes(
                self.take(4)?.try_into().map_err(|_| "fixed32")?,
            )),
            w => return Err(format!("unsupported wire type {w}")),
        };
        Ok((number, value))
    }
}

/// Decodes `bytes` as the message `name`.
pub fn message(schema: &Schema, name: &str, bytes: &[u8]) -> Result<Value, String> {
    if let Some(v) = special(name, bytes)? {
        return Ok(v);
    }
    let mut out = Map::new();
    let mut r = Reader::new(bytes);
    while !r.done() {
        let (number, wire) = r.field()?;
        // Fields this schema does not know are skipped, as the API server does.
        let Some(field) = schema.field(name, number) else {
            continue;
        };
        match &field.label {
            Label::Optional => {
                if let Some(v) = value(schema, &field.ty, wire)? {
                    out.insert(field.name.clone(), v);
                }
            }
            Label::Repeated => {
                let list = out
                    .entry(field.name.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(items) = list else { continue };
                match (wire, &field.ty) {
                    // Packed numbers: several in one length-delimited field.
                    (Wire::Bytes(b), ty) if is_varint(ty) => {
                        let mut packed = Reader::new(b);
                        while !packed.done() {
                            items.extend(value(schema, ty, Wire::Varint(packed.varint()?))?);
                        }
                    }
                    // An empty string in a list is still an element.
                    (wire, ty) => {
                        let empty = if *ty == Ty::String {
                            Value::from("")
                        } else {
                            Value::Null
                        };
                        items.push(value(schema, ty, wire)?.unwrap_or(empty));
                    }
                }
            }
            Label::Map(key_ty) => {
                let Wire::Bytes(entry) = wire else {
                    return Err(format!("{}: a map entry is not a message", field.name));
                };
                let (k, v) = map_entry(schema, key_ty, &field.ty, entry)?;
                let map = out
                    .entry(field.name.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(m) = map {
                    m.insert(k, v);
                }
            }
        }
    }
    // Never set by clients; zero would read as a real generation.
    if name == OBJECT_META && out.get("generation").is_some_and(|g| g == 0) {
        out.remove("generation");
    }
    Ok(Value::Object(out))
}

const OBJECT_META: &str = "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta";

fn is_varint(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool | Ty::Int32 | Ty::Int64 | Ty::Uint32 | Ty::Uint64)
}

fn map_entry(schema: &Schema, key_ty: &Ty, value_ty: &Ty, bytes: &[u8]) -> Result<(String, Value), String> {
    let (mut key, mut val) = (String::new(), None);
    let mut r = Reader::new(bytes);
    while !r.done() {
        match r.field()? {
            (1, w) => {
                key = match value(schema, key_ty, w)? {
                    Some(Value::String(s)) => s,
                    Some(other) => other.to_string(),
                    None => String::new(),
                }
            }
            (2, w) => val = value(schema, value_ty, w)?,
            _ => {}
        }
    }
    let empty = match value_ty {
        Ty::Message(_) => Value::Object(Map::new()),
        _ => Value::String(String::new()),
    };
    Ok((key, val.unwrap_or(empty)))
}

/// One value; `None` for what JSON leaves out (an empty string).
fn value(schema: &Schema, ty: &Ty, wire: Wire<'_>) -> Result<Option<Value>, String> {
    let v = match (ty, wire) {
        (Ty::String, Wire::Bytes(b)) => {
            let s = std::str::from_utf8(b).map_err(|_| "a string is not UTF-8")?;
            return Ok((!s.is_empty()).then(|| Value::from(s)));
        }
        (Ty::Bytes, Wire::Bytes(b)) => Value::from(base64::engine::general_purpose::STANDARD.encode(b)),
        (Ty::Bool, Wire::Varint(v)) => Value::from(v != 0),
        (Ty::Int32, Wire::Varint(v)) => Value::from(v as i64 as i32),
        (Ty::Int64, Wire::Varint(v)) => Value::from(v as i64),
        (Ty::Uint32, Wire::Varint(v)) => Value::from(v as u32),
        (Ty::Uint64, Wire::Varint(v)) => Value::from(v),
        (Ty::Double, Wire::Fixed64(v)) => Value::from(f64::from_bits(v)),
        (Ty::Float, Wire::Fixed32(v)) => Value::from(f32::from_bits(v)),
        (Ty::Message(m), Wire::Bytes(b)) => {
            if is_time(m) && time_is_zero(b)? {
                return Ok(None);
            }
            message(schema, m, b)?
        }
        (ty, _) => return Err(format!("a {ty:?} field has the wrong wire type")),
    };
    Ok(Some(v))
}

const META: &str = "k8s.io.apimachinery.pkg.apis.meta.v1.";

fn is_time(name: &str) -> bool {
    name.strip_prefix(META)
        .is_some_and(|n| n == "Time" || n == "MicroTime")
}

/// (seconds, nanos) of a Time or MicroTime.
fn seconds_nanos(bytes: &[u8]) -> Result<(i64, i64), String> {
    let (mut secs, mut nanos) = (0i64, 0i64);
    let mut r = Reader::new(bytes);
    while !r.done() {
        match r.field()? {
            (1, Wire::Varint(v)) => secs = v as i64,
            (2, Wire::Varint(v)) => nanos = i64::from(v as i64 as i32),
            _ => {}
        }
    }
    Ok((secs, nanos))
}

fn time_is_zero(bytes: &[u8]) -> Result<bool, String> {
    Ok(seconds_nanos(bytes)? == (0, 0))
}

/// The types whose JSON is not an object of their fields.
fn special(name: &str, bytes: &[u8]) -> Result<Option<Value>, String> {
    let field1 = |bytes: &[u8]| -> Result<Option<Vec<u8>>, String> {
        let mut r = Reader::new(bytes);
        let mut out = None;
        while !r.done() {
            if let (1, Wire::Bytes(b)) = r.field()? {
                out = Some(b.to_vec());
            }
        }
        Ok(out)
    };
    let raw_json = |b: Option<Vec<u8>>| -> Result<Value, String> {
        match b {
            Some(b) if !b.is_empty() => serde_json::from_slice(&b).map_err(|e| format!("embedded JSON: {e}")),
            _ => Ok(Value::Null),
        }
    };
    let v = match name {
        "k8s.io.apimachinery.pkg.api.resource.Quantity" => {
            Value::from(String::from_utf8_lossy(&field1(bytes)?.unwrap_or_default()).into_owned())
        }
        "k8s.io.apimachinery.pkg.runtime.RawExtension" => raw_json(field1(bytes)?)?,
        n if n == format!("{META}FieldsV1") => raw_json(field1(bytes)?)?,
        n if n == format!("{META}Time") || n == format!("{META}MicroTime") => {
            let (secs, nanos) = seconds_nanos(bytes)?;
            let base = super::super::objects::rfc3339::format(secs);
            if n.ends_with("MicroTime") {
                let micros = format!(".{:06}Z", nanos / 1000);
                Value::from(base.trim_end_matches('Z').to_string() + &micros)
            } else {
                Value::from(base)
            }
        }
        n if n == format!("{META}Duration") => {
            let mut r = Reader::new(bytes);
            let mut ns = 0i64;
            while !r.done() {
                if let (1, Wire::Varint(v)) = r.field()? {
                    ns = v as i64;
                }
            }
            Value::from(go_duration(ns))
        }
        "k8s.io.apimachinery.pkg.util.intstr.IntOrString" => {
            let (mut kind, mut int, mut text) = (0u64, 0i64, String::new());
            let mut r = Reader::new(bytes);
            while !r.done() {
                match r.field()? {
                    (1, Wire::Varint(v)) => kind = v,
                    (2, Wire::Varint(v)) => int = i64::from(v as i64 as i32),
                    (3, Wire::Bytes(b)) => text = String::from_utf8_lossy(b).into_owned(),
                    _ => {}
                }
            }
            if kind == 1 {
                Value::from(text)
            } else {
                Value::from(int)
            }
        }
        // `ExtraValue` and the like: a list in JSON, one field in protobuf.
        n if n.ends_with(".ExtraValue") => {
            let mut items = Vec::new();
            let mut r = Reader::new(bytes);
            while !r.done() {
                if let (1, Wire::Bytes(b)) = r.field()? {
                    items.push(Value::from(String::from_utf8_lossy(b).into_owned()));
                }
            }
            Value::Array(items)
        }
        _ => return Ok(None),
    };
    Ok(Some(v))
}

/// Go's `time.Duration.String()` for whole and fractional seconds: `1h2m3s`, `1.5s`, `0s`.
fn go_duration(ns: i64) -> String {
    if ns == 0 {
        return "0s".into();
    }
    let sign = if ns < 0 { "-" } else { "" };
    let ns = ns.unsigned_abs();
    let (h, rest) = (ns / 3_600_000_000_000, ns % 3_600_000_000_000);
    let (m, rest) = (rest / 60_000_000_000, rest % 60_000_000_000);
    let (s, frac) = (rest / 1_000_000_000, rest % 1_000_000_000);
    let secs = if frac == 0 {
        format!("{s}s")
    } else {
        format!("{s}.{}s", format!("{frac:09}").trim_end_matches('0'))
    };
    match (h, m) {
        (0, 0) => format!("{sign}{secs}"),
        (0, m) => format!("{sign}{m}m{secs}"),
        (h, m) => format!("{sign}{h}h{m}m{secs}"),
    }
}
