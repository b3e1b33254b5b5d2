use rcgen::SanType;

use super::*;
use crate::certs::pem_blocks::base64_message;
use crate::certs::test_support::{DAY, dns, intermediate, leaf, now, root};

fn ca_and_leaf() -> (crate::certs::test_support::Ca, crate::certs::test_support::Made) {
    let t = now();
    let ca = root("test-ca", (t - 10 * DAY, t + 3650 * DAY));
    let sans = vec![
        dns("kubernetes"),
        dns("kubernetes.default.svc"),
        SanType::IpAddress("10.96.0.1".parse().unwrap()),
        SanType::IpAddress("fd00::1".parse().unwrap()),
        SanType::URI("spiffe://cluster.local/ns/a".try_into().unwrap()),
        SanType::Rfc822Name("ops@example.com".try_into().unwrap()),
    ];
    let l = leaf(
        &ca,
        "kube-apiserver",
        Some("kubeadm"),
        sans,
        (t - DAY, t + 365 * DAY),
        0x0102_abcd,
    );
    (ca, l)
}

#[test]
fn der_fields() {
    let t = now();
    let ca = root("test-ca", (t - 10 * DAY, t + 3650 * DAY));
    let l = leaf(
        &ca,
        "kube-apiserver",
        Some("kubeadm"),
        vec![dns("localhost")],
        (1_700_000_000, 1_731_536_000),
        0x0102_abcd,
    );
    let info = parse_der(&l.der).unwrap();
    assert_eq!(info.subject, "CN=kube-apiserver, O=kubeadm");
    assert_eq!(info.common_name.as_deref(), Some("kube-apiserver"));
    assert_eq!(info.issuer, "CN=test-ca");
    assert_eq!(info.sans, vec!["DNS:localhost"]);
    assert_eq!((info.not_before, info.not_after), (1_700_000_000, 1_731_536_000));
    assert!(!info.is_ca);
    assert_eq!(info.serial, "0102abcd");
}

#[test]
fn every_san_kind() {
    let (_, l) = ca_and_leaf();
    let info = parse_der(&l.der).unwrap();
    assert_eq!(
        info.sans,
        vec![
            "DNS:kubernetes",
            "DNS:kubernetes.default.svc",
            "IP:10.96.0.1",
            "IP:fd00::1",
            "URI:spiffe://cluster.local/ns/a",
            "email:ops@example.com",
        ]
    );
}

#[test]
fn ca_flag_and_self_issued() {
    let t = now();
    let ca = root("kubernetes", (t - DAY, t + DAY));
    let info = parse_der(&ca.cert.der).unwrap();
    assert!(info.is_ca);
    assert_eq!(info.subject, info.issuer);
    assert!(info.sans.is_empty());
    assert_eq!(info.serial, "01");
}

#[test]
fn expired_and_not_yet_valid_are_read_as_they_are() {
    let t = now();
    let ca = root("ca", (t - 1000 * DAY, t + 1000 * DAY));
    let expired = leaf(&ca, "old", None, vec![], (t - 400 * DAY, t - 35 * DAY), 7);
    let future = leaf(&ca, "new", None, vec![], (t + 10 * DAY, t + 375 * DAY), 8);
    let e = parse_der(&expired.der).unwrap();
    assert_eq!((e.not_before, e.not_after), (t - 400 * DAY, t - 35 * DAY));
    let f = parse_der(&future.der).unwrap();
    assert_eq!((f.not_before, f.not_after), (t + 10 * DAY, t + 375 * DAY));
    // Before 1970 and after 2049 (GeneralizedTime) too.
    let odd = leaf(&ca, "odd", None, vec![], (-86_400, 4_102_444_800), 9);
    let o = parse_der(&odd.der).unwrap();
    assert_eq!((o.not_before, o.not_after), (-86_400, 4_102_444_800));
}

#[test]
fn chain_in_order_and_keys_skipped() {
    let t = now();
    let root_ca = root("root", (t - DAY, t + 100 * DAY));
    let mid = intermediate(&root_ca, "intermediate", (t - DAY, t + 50 * DAY));
    let l = leaf(
        &mid,
        "leaf",
        None,
        vec![dns("a.example")],
        (t - DAY, t + 10 * DAY),
        3,
    );
    let text = format!(
        "{}{}{}{}{}",
        l.key_pem, l.pem, mid.cert.pem, root_ca.cert.pem, mid.cert.key_pem
    );
    let chain = parse_pem(text.as_bytes()).unwrap();
    let cns: Vec<_> = chain.iter().map(|c| c.common_name.clone().unwrap()).collect();
    assert_eq!(cns, ["leaf", "intermediate", "root"]);
    assert_eq!(chain[0].issuer, "CN=intermediate");
    assert_eq!(chain[1].issuer, "CN=root");
    assert!(!chain[0].is_ca && chain[1].is_ca && chain[2].is_ca);
    assert_eq!(chain[0].not_after, t + 10 * DAY);
}

#[test]
fn a_broken_key_block_is_not_decoded() {
    let (_, l) = ca_and_leaf();
    let text = format!(
        "-----BEGIN PRIVATE KEY-----\n!!!not base64!!!\n-----END PRIVATE KEY-----\n{}",
        l.pem
    );
    assert_eq!(parse_pem(text.as_bytes()).unwrap().len(), 1);
    // Even an unterminated key block before the certificate.
    let text = format!("-----BEGIN EC PRIVATE KEY-----\nAAAA\n{}", l.pem);
    assert_eq!(parse_pem(text.as_bytes()).unwrap().len(), 1);
}

#[test]
fn junk_around_blocks_like_openssl() {
    let (ca, l) = ca_and_leaf();
    let text = format!(
        "Certificate:\n    Data:\n        Version: 3 (0x2)\nsubject=CN = kube-apiserver\n\
         Bag Attributes\n    localKeyID: 01 02\n{}\nsome text between\n\n  {}  trailing junk\n\x00\x01",
        l.pem,
        ca.cert.pem.replace('\n', "\r\n")
    );
    let chain = parse_pem(text.as_bytes()).unwrap();
    assert_eq!(chain.len(), 2);
    assert_eq!(chain[1].common_name.as_deref(), Some("test-ca"));
}

#[test]
fn other_certificate_tags() {
    let (_, l) = ca_and_leaf();
    let old = l.pem.replace("CERTIFICATE", "X509 CERTIFICATE");
    assert_eq!(parse_pem(old.as_bytes()).unwrap().len(), 1);
    // OpenSSL's trusted form: the DER followed by trust settings.
    let mut der = l.der.clone();
    der.extend_from_slice(&[0x30, 0x03, 0x06, 0x01, 0x00]);
    let trusted = pem::encode(&pem::Pem::new("TRUSTED CERTIFICATE", der.clone()));
    assert_eq!(parse_pem(trusted.as_bytes()).unwrap().len(), 1);
    let plain = pem::encode(&pem::Pem::new("CERTIFICATE", der));
    let e = parse_pem(plain.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        e,
        "certificate 1 of 1: not a valid X.509 certificate: 5 bytes of unexpected data after the certificate"
    );
}

#[test]
fn headers_and_missing_padding() {
    let (_, l) = ca_and_leaf();
    let body: String = l.pem.lines().filter(|x| !x.starts_with("-----")).collect();
    let text = format!(
        "-----BEGIN CERTIFICATE-----\nComment: made by a test\n\n{}\n-----END CERTIFICATE-----\n",
        body.trim_end_matches('=')
    );
    assert_eq!(parse_pem(text.as_bytes()).unwrap()[0].serial, "0102abcd");
}

#[test]
fn no_certificate_says_what_was_there() {
    let msg = |d: &[u8]| parse_pem(d).unwrap_err().to_string();
    assert_eq!(msg(b""), "no certificate found: the data is empty");
    assert_eq!(msg(b" \n\t"), "no certificate found: the data is empty");
    let (_, l) = ca_and_leaf();
    assert_eq!(
        msg(l.key_pem.as_bytes()),
        "no certificate found: only PRIVATE KEY block(s), no -----BEGIN CERTIFICATE-----"
    );
    assert_eq!(
        msg(b"hello"),
        "no certificate found: no -----BEGIN CERTIFICATE----- line"
    );
    let twice = crate::certs::test_support::b64(&l.pem);
    assert!(
        msg(twice.as_bytes()).contains("base64-encoded twice"),
        "{}",
        msg(twice.as_bytes())
    );
    assert!(msg(&l.der).contains("binary DER"), "{}", msg(&l.der));
    assert!(matches!(
        parse_pem(b"x").unwrap_err(),
        CertError::NoCertificate(_)
    ));
}

#[test]
fn bad_block_is_named() {
    let t = now();
    let ca = root("ca", (t - DAY, t + DAY));
    let a = leaf(&ca, "a", None, vec![], (t - DAY, t + DAY), 1).pem;
    let bad_b64 = "-----BEGIN CERTIFICATE-----\nMIIB*broken*\n-----END CERTIFICATE-----\n";
    let bad_der = pem::encode(&pem::Pem::new("CERTIFICATE", b"hello, not DER".to_vec()));
    let text = format!("{a}{bad_b64}{bad_der}");
    let e = parse_pem(text.as_bytes()).unwrap_err();
    let s = e.to_string();
    assert_eq!(
        s,
        "certificate 2 of 3: the base64 is corrupt: invalid character '*' at position 4"
    );
    assert!(matches!(
        e,
        CertError::InBlock {
            index: 2,
            total: 3,
            ..
        }
    ));
    let text = format!("{a}{a}{bad_der}");
    let s = parse_pem(text.as_bytes()).unwrap_err().to_string();
    assert!(
        s.starts_with("certificate 3 of 3: not a valid X.509 certificate: "),
        "{s}"
    );
}

#[test]
fn cut_short_and_mismatched() {
    let (_, l) = ca_and_leaf();
    let cut = &l.pem[..l.pem.len() / 2];
    let s = parse_pem(cut.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        s,
        "certificate 1 of 1: no -----END CERTIFICATE----- line: the PEM is cut short"
    );
    let wrong = l.pem.replace("END CERTIFICATE", "END PRIVATE KEY");
    let s = parse_pem(wrong.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        s,
        "certificate 1 of 1: -----BEGIN CERTIFICATE----- ends with -----END PRIVATE KEY-----"
    );
    let empty = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
    let s = parse_pem(empty.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        s,
        "certificate 1 of 1: not a valid X.509 certificate: the block is empty"
    );
}

#[test]
fn der_errors() {
    let (_, l) = ca_and_leaf();
    assert_eq!(
        parse_der(&[]).unwrap_err().to_string(),
        "not a valid X.509 certificate: no data"
    );
    let n = l.der.len() - 10;
    let s = parse_der(&l.der[..n]).unwrap_err().to_string();
    assert_eq!(
        s,
        format!(
            "not a valid X.509 certificate: the data ends early ({n} bytes): cut short, or not DER at all"
        )
    );
    let s = parse_der(&[0x30, 0x03, 0x02, 0x01, 0x01])
        .unwrap_err()
        .to_string();
    assert!(
        s.starts_with("not a valid X.509 certificate: bad DER encoding: "),
        "{s}"
    );
    let mut extra = l.der.clone();
    extra.push(0);
    assert!(
        parse_der(&extra)
            .unwrap_err()
            .to_string()
            .contains("1 bytes of unexpected data")
    );
    assert!(parse_der(b"garbage").is_err());
}

#[test]
fn names_are_escaped() {
    assert_eq!(escape_value("a, b+c"), "a\\, b\\+c");
    assert_eq!(escape_value(" #x "), "\\ #x\\ ");
    assert_eq!(escape_value("#x"), "\\#x");
    assert_eq!(escape_value("bell\x07\x1b[31m"), "bell\\07\\1B[31m");
    assert_eq!(
        printable("evil\x1b]0;x\x07.example"),
        "evil\\x1b]0;x\\x07.example"
    );
    let t = now();
    let ca = root("ca", (t - DAY, t + DAY));
    let l = leaf(&ca, "a,b", Some("x+y"), vec![], (t - DAY, t + DAY), 1);
    let info = parse_der(&l.der).unwrap();
    assert_eq!(info.subject, "CN=a\\,b, O=x\\+y");
    assert_eq!(info.common_name.as_deref(), Some("a,b"));
}

#[test]
fn base64_messages() {
    use base64::DecodeError as D;
    assert_eq!(
        base64_message(&D::InvalidByte(3, b'\n')),
        "invalid character byte 0x0a at position 3"
    );
    assert_eq!(
        base64_message(&D::InvalidLastSymbol(7, b'B')),
        "invalid last character 'B' at position 7"
    );
    assert_eq!(
        base64_message(&D::InvalidLength(5)),
        "5 characters cannot be base64: cut short?"
    );
    assert_eq!(base64_message(&D::InvalidPadding), "bad padding");
}

#[test]
fn serial_hex_forms() {
    assert_eq!(serial_hex(&[0x00, 0x80]), "80");
    assert_eq!(serial_hex(&[0x00]), "00");
    assert_eq!(serial_hex(&[]), "00");
    assert_eq!(serial_hex(&[0x0a, 0x00]), "0a00");
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let (ca, l) = ca_and_leaf();
    let chain = format!("{}{}", l.pem, ca.cert.pem);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // Every truncation of a DER certificate and of a PEM chain.
    for n in 0..l.der.len() {
        assert!(parse_der(&l.der[..n]).is_err(), "truncated at {n}");
        let _ = parse_pem(&l.der[..n]);
    }
    for n in 0..chain.len() {
        let _ = parse_pem(&chain.as_bytes()[..n]);
    }
    // Random bytes, and random mutations of valid DER and PEM.
    for round in 0..3000 {
        let len = rng.below(600);
        let random: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let _ = parse_der(&random);
        let _ = parse_pem(&random);
        let mut der = l.der.clone();
        for _ in 0..=rng.below(4) {
            let i = rng.below(der.len());
            der[i] = rng.next() as u8;
        }
        let _ = parse_der(&der);
        let mut text = chain.clone().into_bytes();
        for _ in 0..=rng.below(4) {
            let i = rng.below(text.len());
            text[i] = if round % 2 == 0 {
                rng.next() as u8
            } else {
                b"-\n =ABC"[rng.below(7)]
            };
        }
        let _ = parse_pem(&text);
    }
}
