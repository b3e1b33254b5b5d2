//! Reading certificates: DER into a [`CertInfo`], and PEM text (a chain,
//! possibly with keys and junk around it) into the certificates it holds.
//!
//! PEM is scanned line by line the way OpenSSL reads it: text before, between
//! and after the blocks is ignored; blocks that are not certificates (private
//! keys above all) are skipped without their contents being decoded or kept.

use std::net::{Ipv4Addr, Ipv6Addr};

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use x509_parser::asn1_rs::Tag;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

use super::CertInfo;

/// Why certificate data could not be read. The messages are meant for the
/// on-call engineer reading them in a pane.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertError {
    /// No certificate in the data at all; the text says what was there.
    #[error("no certificate found: {0}")]
    NoCertificate(String),
    /// The bytes are not a DER-encoded X.509 certificate.
    #[error("not a valid X.509 certificate: {0}")]
    InvalidDer(String),
    /// A PEM block's base64 does not decode.
    #[error("the base64 is corrupt: {0}")]
    Base64(String),
    /// A PEM block has no END line (`BEGIN` tag given).
    #[error("no -----END {0}----- line: the PEM is cut short")]
    Unterminated(String),
    /// A PEM block ends with another tag than it began with.
    #[error("-----BEGIN {begin}----- ends with -----END {end}-----")]
    MismatchedEnd { begin: String, end: String },
    /// One certificate of several (1-based `index`) is bad.
    #[error("certificate {index} of {total}: {source}")]
    InBlock { index: usize, total: usize, source: Box<CertError> },
}

/// Parses one DER-encoded certificate. Trailing bytes after it are an error.
pub fn parse_der(der: &[u8]) -> Result<CertInfo, CertError> {
    parse_der_inner(der, false)
}

/// Every certificate of a PEM text, in the order given (a chain: leaf first
/// as the file has it). Accepts `CERTIFICATE`, `X509 CERTIFICATE` and
/// `TRUSTED CERTIFICATE` blocks; skips any other block unread.
pub fn parse_pem(pem: &[u8]) -> Result<Vec<CertInfo>, CertError> {
    let blocks = scan(pem);
    let certs: Vec<&Block> = blocks.iter().filter(|b| is_cert_tag(b.tag)).collect();
    if certs.is_empty() {
        return Err(CertError::NoCertificate(describe_absence(pem, &blocks)));
    }
    let total = certs.len();
    certs
        .iter()
        .enumerate()
        .map(|(i, b)| {
            decode_block(b).map_err(|e| CertError::InBlock { index: i + 1, total, source: Box::new(e) })
        })
        .collect()
}

fn parse_der_inner(der: &[u8], allow_trailing: bool) -> Result<CertInfo, CertError> {
    if der.is_empty() {
        return Err(CertError::InvalidDer("no data".into()));
    }
    let (rest, cert) = x509_parser::parse_x509_certificate(der).map_err(|e| CertError::InvalidDer(nom_message(&e, der.len())))?;
    if !rest.is_empty() && !allow_trailing {
        return Err(CertError::InvalidDer(format!("{} bytes of unexpected data after the certificate", rest.len())));
    }
    Ok(info(&cert))
}

fn nom_message(e: &x509_parser::nom::Err<x509_parser::error::X509Error>, len: usize) -> String {
    use x509_parser::nom::Err;
    match e {
        Err::Incomplete(_) => format!("the data is cut short ({len} bytes)"),
        Err::Error(x) | Err::Failure(x) => {
            let s = x.to_string();
            if s.contains("Incomplete") {
                format!("the data is cut short ({len} bytes)")
            } else {
                s
            }
        }
    }
}

fn info(cert: &X509Certificate<'_>) -> CertInfo {
    let validity = cert.validity();
    CertInfo {
        subject: format_name(cert.subject()),
        common_name: cert.subject().iter_common_name().next().map(attr_text_or_hex),
        issuer: format_name(cert.issuer()),
        sans: sans(cert),
        not_before: validity.not_before.timestamp(),
        not_after: validity.not_after.timestamp(),
        is_ca: cert.is_ca(),
        serial: serial_hex(cert.raw_serial()),
    }
}

/// Lower-case hex of the serial's magnitude, an even number of digits
/// (`0a1b…`), without the DER sign byte.
fn serial_hex(raw: &[u8]) -> String {
    let first = raw.iter().position(|b| *b != 0).unwrap_or(raw.len().saturating_sub(1));
    let bytes = raw.get(first..).unwrap_or_default();
    if bytes.is_empty() { "00".into() } else { hex(bytes) }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sans(cert: &X509Certificate<'_>) -> Vec<String> {
    let Ok(Some(ext)) = cert.subject_alternative_name() else {
        return Vec::new();
    };
    ext.value.general_names.iter().map(general_name).collect()
}

fn general_name(g: &GeneralName<'_>) -> String {
    match g {
        GeneralName::DNSName(s) => format!("DNS:{}", printable(s)),
        GeneralName::IPAddress(b) => format!("IP:{}", ip_text(b)),
        GeneralName::URI(s) => format!("URI:{}", printable(s)),
        GeneralName::RFC822Name(s) => format!("email:{}", printable(s)),
        GeneralName::DirectoryName(n) => format!("DirName:{}", format_name(n)),
        GeneralName::RegisteredID(oid) => format!("RID:{}", oid.to_id_string()),
        GeneralName::OtherName(oid, _) => format!("othername:{}", oid.to_id_string()),
        GeneralName::X400Address(_) => "X400Name:<unsupported>".into(),
        GeneralName::EDIPartyName(_) => "EdiPartyName:<unsupported>".into(),
        GeneralName::Invalid(_, b) => format!("invalid:#{}", hex(b)),
    }
}

fn ip_text(b: &[u8]) -> String {
    if let Ok(v4) = <[u8; 4]>::try_from(b) {
        Ipv4Addr::from(v4).to_string()
    } else if let Ok(v6) = <[u8; 16]>::try_from(b) {
        Ipv6Addr::from(v6).to_string()
    } else {
        format!("#{}", hex(b))
    }
}

/// Control characters (a certificate may carry terminal escapes) as `\xNN`.
fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\x{:02x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// RFC 4514 order (the most specific RDN first, so `CN=…` usually leads),
/// joined with `, ` for reading; multi-valued RDNs joined with `+`.
fn format_name(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter()
        .map(|rdn| rdn.iter().map(format_attr).collect::<Vec<_>>().join("+"))
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(", ")
}

fn format_attr(a: &AttributeTypeAndValue<'_>) -> String {
    let oid = a.attr_type().to_id_string();
    let key = match oid.as_str() {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.5" => "serialNumber",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.2.840.113549.1.9.1" => "emailAddress",
        other => other,
    };
    match attr_text(a) {
        Some(v) => format!("{key}={}", escape_value(&v)),
        None => format!("{key}=#{}", hex(a.as_slice())),
    }
}

fn attr_text_or_hex(a: &AttributeTypeAndValue<'_>) -> String {
    attr_text(a).map(|s| printable(&s)).unwrap_or_else(|| format!("#{}", hex(a.as_slice())))
}

/// The value as text for the string types X.509 names use.
fn attr_text(a: &AttributeTypeAndValue<'_>) -> Option<String> {
    let data = a.as_slice();
    match a.attr_value().tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::NumericString | Tag::VisibleString => {
            std::str::from_utf8(data).ok().map(str::to_string)
        }
        Tag::TeletexString => Some(data.iter().map(|b| char::from(*b)).collect()),
        Tag::BmpString if data.len() % 2 == 0 => {
            let units: Vec<u16> = data.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16(&units).ok()
        }
        Tag::UniversalString if data.len() % 4 == 0 => data
            .chunks_exact(4)
            .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
            .collect(),
        _ => None,
    }
}

/// RFC 4514 escaping, plus control characters as `\XX` hex pairs.
fn escape_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let last = v.chars().count().saturating_sub(1);
    for (i, c) in v.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (i == 0 && (c == '#' || c == ' '))
            || (i == last && c == ' ');
        if c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\{b:02X}"));
            }
        } else {
            if special {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

// ---- PEM scanning ----

/// One `-----BEGIN TAG-----` block as found; `lines` kept only for certificates.
struct Block<'a> {
    tag: &'a str,
    lines: Vec<&'a [u8]>,
    /// The END tag seen, or None when the block was never closed.
    end: Option<&'a str>,
}

fn is_cert_tag(tag: &str) -> bool {
    matches!(tag, "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE")
}

/// `-----BEGIN X-----` / `-----END X-----` → `X`, for a trimmed line.
fn marker<'a>(line: &'a [u8], kind: &str) -> Option<&'a str> {
    let line = line.trim_ascii();
    let rest = line.strip_prefix(b"-----")?.strip_prefix(kind.as_bytes())?.strip_prefix(b" ")?;
    let tag = rest.strip_suffix(b"-----")?;
    std::str::from_utf8(tag).ok().map(str::trim)
}

fn scan(input: &[u8]) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut open: Option<Block<'_>> = None;
    for line in input.split(|b| *b == b'\n') {
        if let Some(tag) = marker(line, "BEGIN") {
            // A BEGIN inside a block: that block was never closed.
            blocks.extend(open.take());
            open = Some(Block { tag, lines: Vec::new(), end: None });
            continue;
        }
        let Some(block) = open.as_mut() else { continue };
        if let Some(end) = marker(line, "END") {
            block.end = Some(end);
            blocks.extend(open.take());
        } else if is_cert_tag(block.tag) {
            block.lines.push(line);
        }
    }
    blocks.extend(open);
    blocks
}

fn lenient_base64() -> GeneralPurpose {
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    GeneralPurpose::new(&base64::alphabet::STANDARD, config)
}

fn decode_block(b: &Block<'_>) -> Result<CertInfo, CertError> {
    match b.end {
        None => return Err(CertError::Unterminated(b.tag.to_string())),
        Some(end) if end != b.tag => {
            return Err(CertError::MismatchedEnd { begin: b.tag.to_string(), end: end.to_string() });
        }
        Some(_) => {}
    }
    // RFC 1421 headers (`Name: value` up to a blank line) may open a block.
    let mut lines = b.lines.iter().map(|l| l.trim_ascii()).peekable();
    if lines.peek().is_some_and(|l| l.contains(&b':')) {
        for l in lines.by_ref() {
            if l.is_empty() {
                break;
            }
        }
    }
    let text: Vec<u8> = lines.flat_map(|l| l.iter().copied()).filter(|c| !c.is_ascii_whitespace()).collect();
    if text.is_empty() {
        return Err(CertError::InvalidDer("the block is empty".into()));
    }
    let der = lenient_base64().decode(&text).map_err(|e| CertError::Base64(e.to_string()))?;
    // A TRUSTED CERTIFICATE carries OpenSSL's trust settings after the DER.
    parse_der_inner(&der, b.tag == "TRUSTED CERTIFICATE")
}

/// Why there is no certificate, in words that point at the likely mistake.
fn describe_absence(input: &[u8], blocks: &[Block<'_>]) -> String {
    let trimmed = input.trim_ascii();
    if trimmed.is_empty() {
        return "the data is empty".into();
    }
    if !blocks.is_empty() {
        let mut tags: Vec<&str> = Vec::new();
        for b in blocks {
            if !tags.contains(&b.tag) {
                tags.push(b.tag);
            }
        }
        return format!("only {} block(s), no -----BEGIN CERTIFICATE-----", tags.join(", "));
    }
    if trimmed.starts_with(b"LS0tLS1CRUdJTi") {
        return "the data is base64 of PEM (base64-encoded twice?)".into();
    }
    if trimmed.first() == Some(&0x30) && x509_parser::parse_x509_certificate(input).is_ok() {
        return "the data is binary DER, PEM (-----BEGIN CERTIFICATE-----) was expected".into();
    }
    "no -----BEGIN CERTIFICATE----- line".into()
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
