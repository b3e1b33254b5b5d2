//! Reading certificates: DER into a [`CertInfo`], and PEM text (a chain,
//! possibly with keys and junk around it, see `pem_blocks`) into the
//! certificates it holds.

use std::net::{Ipv4Addr, Ipv6Addr};

use x509_parser::asn1_rs::Tag;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

use super::CertInfo;
use super::pem_blocks::{Block, block_der, describe_absence, is_cert_tag, scan};

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
    InBlock {
        index: usize,
        total: usize,
        source: Box<CertError>,
    },
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
            // A TRUSTED CERTIFICATE carries OpenSSL's trust settings after the DER.
            let trusted = b.tag == "TRUSTED CERTIFICATE";
            block_der(b)
                .and_then(|der| parse_der_inner(&der, trusted))
                .map_err(|e| CertError::InBlock {
                    index: i + 1,
                    total,
                    source: Box::new(e),
                })
        })
        .collect()
}

fn parse_der_inner(der: &[u8], allow_trailing: bool) -> Result<CertInfo, CertError> {
    if der.is_empty() {
        return Err(CertError::InvalidDer("no data".into()));
    }
    let (rest, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| CertError::InvalidDer(nom_message(&e, der.len())))?;
    if !rest.is_empty() && !allow_trailing {
        return Err(CertError::InvalidDer(format!(
            "{} bytes of unexpected data after the certificate",
            rest.len()
        )));
    }
    Ok(info(&cert))
}

fn nom_message(e: &x509_parser::nom::Err<x509_parser::error::X509Error>, len: usize) -> String {
    use x509_parser::nom::Err;
    let s = match e {
        Err::Incomplete(_) => String::new(),
        Err::Error(x) | Err::Failure(x) => x.to_string(),
    };
    if s.is_empty() || s.contains("Eof") || s.contains("Incomplete") {
        format!("the data ends early ({len} bytes): cut short, or not DER at all")
    } else if let Some(rest) = s.strip_prefix("BER error: ") {
        format!("bad DER encoding: {rest}")
    } else {
        s
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
    let first = raw
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(raw.len().saturating_sub(1));
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
    attr_text(a)
        .map(|s| printable(&s))
        .unwrap_or_else(|| format!("#{}", hex(a.as_slice())))
}

/// The value as text for the string types X.509 names use.
fn attr_text(a: &AttributeTypeAndValue<'_>) -> Option<String> {
    let data = a.as_slice();
    match a.attr_value().tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::NumericString | Tag::VisibleString => {
            std::str::from_utf8(data).ok().map(str::to_string)
        }
        Tag::TeletexString => Some(data.iter().map(|b| char::from(*b)).collect()),
        Tag::BmpString if data.len().is_multiple_of(2) => {
            let units: Vec<u16> = data
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        Tag::UniversalString if data.len().is_multiple_of(4) => data
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

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
