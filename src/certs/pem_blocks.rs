//! PEM framing, read line by line the way OpenSSL reads it: text before,
//! between and after the blocks is ignored; blocks that are not certificates
//! (private keys above all) are skipped with their contents neither decoded
//! nor kept.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::parse::CertError;

/// One `-----BEGIN TAG-----` block as found; `lines` kept only for certificates.
pub(super) struct Block<'a> {
    pub tag: &'a str,
    pub lines: Vec<&'a [u8]>,
    /// The END tag seen, or None when the block was never closed.
    pub end: Option<&'a str>,
}

/// The tags OpenSSL reads as an X.509 certificate.
pub(super) fn is_cert_tag(tag: &str) -> bool {
    matches!(tag, "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE")
}

/// `-----BEGIN X-----` / `-----END X-----` → `X`, for a trimmed line.
fn marker<'a>(line: &'a [u8], kind: &str) -> Option<&'a str> {
    let line = line.trim_ascii();
    let rest = line
        .strip_prefix(b"-----")?
        .strip_prefix(kind.as_bytes())?
        .strip_prefix(b" ")?;
    let tag = rest.strip_suffix(b"-----")?;
    std::str::from_utf8(tag).ok().map(str::trim)
}

/// Every block of `input`, in order; unterminated ones have no `end`.
pub(super) fn scan(input: &[u8]) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut open: Option<Block<'_>> = None;
    for line in input.split(|b| *b == b'\n') {
        if let Some(tag) = marker(line, "BEGIN") {
            // A BEGIN inside a block: that block was never closed.
            blocks.extend(open.take());
            open = Some(Block {
                tag,
                lines: Vec::new(),
                end: None,
            });
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

/// Standard base64 that does not insist on padding (hand-edited PEM).
pub(crate) fn lenient_base64() -> GeneralPurpose {
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    GeneralPurpose::new(&base64::alphabet::STANDARD, config)
}

/// The DER inside a certificate block, once its framing and base64 are checked.
pub(super) fn block_der(b: &Block<'_>) -> Result<Vec<u8>, CertError> {
    match b.end {
        None => return Err(CertError::Unterminated(b.tag.to_string())),
        Some(end) if end != b.tag => {
            return Err(CertError::MismatchedEnd {
                begin: b.tag.to_string(),
                end: end.to_string(),
            });
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
    let text: Vec<u8> = lines
        .flat_map(|l| l.iter().copied())
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if text.is_empty() {
        return Err(CertError::InvalidDer("the block is empty".into()));
    }
    lenient_base64()
        .decode(&text)
        .map_err(|e| CertError::Base64(base64_message(&e)))
}

/// Why there is no certificate, in words that point at the likely mistake.
pub(super) fn describe_absence(input: &[u8], blocks: &[Block<'_>]) -> String {
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
        return format!(
            "only {} block(s), no -----BEGIN CERTIFICATE-----",
            tags.join(", ")
        );
    }
    if trimmed.starts_with(b"LS0tLS1CRUdJTi") {
        return "the data is base64 of PEM (base64-encoded twice?)".into();
    }
    if trimmed.first() == Some(&0x30) && x509_parser::parse_x509_certificate(input).is_ok() {
        return "the data is binary DER, PEM (-----BEGIN CERTIFICATE-----) was expected".into();
    }
    "no -----BEGIN CERTIFICATE----- line".into()
}

/// A base64 error in words, positions counted in the block's base64 text.
pub(crate) fn base64_message(e: &base64::DecodeError) -> String {
    use base64::DecodeError as D;
    let shown = |b: u8| {
        if b.is_ascii_graphic() {
            format!("{:?}", char::from(b))
        } else {
            format!("byte 0x{b:02x}")
        }
    };
    match e {
        D::InvalidByte(at, b) => format!("invalid character {} at position {at}", shown(*b)),
        D::InvalidLastSymbol(at, b) => format!("invalid last character {} at position {at}", shown(*b)),
        D::InvalidLength(n) => format!("{n} characters cannot be base64: cut short?"),
        D::InvalidPadding => "bad padding".into(),
    }
}
