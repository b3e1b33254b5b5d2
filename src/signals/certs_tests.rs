use super::*;
use crate::signals::test_support::*;

const NOW: i64 = 1_800_000_000;
const H: i64 = 3_600;

/// One line per row: level, label, time left and mark.
fn table(m: &CertsModel) -> Vec<String> {
    let line = |r: &CertRow| format!("{:?} {} {} {}", r.level, r.label(), r.left_text(), r.mark());
    m.rows.iter().map(|r| line(r).trim_end().to_owned()).collect()
}

/// The pane as text: the table, then `! Level: verdict` lines.
fn dump(m: &CertsModel) -> String {
    let verdicts = m
        .verdicts
        .iter()
        .map(|v| format!("! {:?}: {}", v.level, v.message));
    table(m)
        .into_iter()
        .chain(verdicts)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expected text: each line trimmed, blank lines dropped.
fn text(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn run(s: &Store, found: &[FoundCert]) -> CertsModel {
    model(s, found, &[], Thresholds::default(), NOW)
}

/// A leaf for `cn` valid from `from` to `to` days from now.
fn leaf(cn: &str, from: i64, to: i64) -> CertInfo {
    cert_info(cn, "Example CA", NOW + from * DAY, NOW + to * DAY)
}

/// A Secret holding one leaf certificate for `cn` that has `left` seconds to go.
fn leaf_secret(s: &mut Store, ns: &str, name: &str, cn: &str, left: i64) {
    let c = cert_info(cn, "Example CA", NOW - 60 * DAY, NOW + left);
    add_tls_secret(s, tls_secret(ns, name, Ok(vec![c])));
}

fn row<'a>(m: &'a CertsModel, label: &str) -> &'a CertRow {
    let found = m.rows.iter().find(|r| r.label() == label);
    found.unwrap_or_else(|| panic!("no row {label} in {:#?}", m.rows))
}

fn forbidden(resource: &str) -> SyncState {
    let (verb, resource) = ("list".into(), resource.into());
    SyncState::Forbidden { verb, resource }
}

#[test]
fn empty_store_says_so_and_waits_while_kinds_arrive() {
    let m = run(&certs_synced(), &[]);
    assert!(m.rows.is_empty() && m.verdicts.is_empty() && m.pending.is_empty() && m.missing.is_empty());
    assert_eq!(m.summary, Verdict::ok("no certificates found"));
    let th = Thresholds::default();
    let m = model(&Store::default(), &[], &["serving chain"], th, NOW);
    let waiting = "TLS Secrets, cert-manager Certificates, CSRs, serving chain";
    assert_eq!(m.pending.join(", "), waiting);
    assert!(m.verdicts.is_empty());
    assert_eq!(m.summary, Verdict::ok("checking certificates"));
}

#[test]
fn thresholds_at_their_boundaries_and_sorted_by_time_left() {
    let mut s = certs_synced();
    leaf_secret(&mut s, "web", "far", "far.example.com", 29 * DAY);
    leaf_secret(&mut s, "web", "at-warn", "a.example.com", 28 * DAY);
    leaf_secret(&mut s, "web", "at-crit", "b.example.com", 14 * DAY);
    leaf_secret(&mut s, "web", "under-crit", "c.example.com", 14 * DAY - 1);
    leaf_secret(&mut s, "web", "last-second", "d.example.com", 0);
    leaf_secret(&mut s, "web", "gone", "e.example.com", -3 * DAY);
    let m = run(&s, &[]);
    let want = "
        Crit web/gone EXPIRED 3d ago EXPIRED
        Crit web/last-second 0s
        Crit web/under-crit 13d
        Warn web/at-crit 14d
        Ok web/at-warn 28d
        Ok web/far 29d
        ! Crit: 1 certificate expired: web/gone (3d ago)
        ! Crit: last-second expires in 0s (web/last-second, CN=d.example.com); 1 more within 14d
        ! Warn: at-crit expires in 14d (web/at-crit, CN=b.example.com)";
    assert_eq!(dump(&m), text(want));
    assert_eq!((m.certificates, m.expired), (6, 1));
    let tile = "1 certificate expired: web/gone (3d ago) (+2 more)";
    assert_eq!(m.summary, Verdict::crit(tile));
    let gone = row(&m, "web/gone");
    assert!(gone.expired && !gone.not_yet_valid);
    let names = (
        gone.subject.as_deref(),
        gone.issuer.as_deref(),
        gone.sans.as_str(),
    );
    assert_eq!(
        names,
        (Some("e.example.com"), Some("Example CA"), "e.example.com")
    );
    // Custom thresholds move the boundaries.
    let th = Thresholds {
        warn_secs: 60 * DAY,
        crit_secs: 30 * DAY,
    };
    let m = model(&s, &[], &[], th, NOW);
    assert_eq!(row(&m, "web/far").level, Level::Crit);
    let th = Thresholds::default();
    assert_eq!((th.warn_secs, th.crit_secs), (28 * DAY, 14 * DAY));
}

#[test]
fn all_fine_names_the_soonest() {
    let mut s = certs_synced();
    leaf_secret(&mut s, "web", "shop-tls", "shop.example.com", 120 * DAY);
    leaf_secret(&mut s, "web", "api-tls", "api.example.com", 300 * DAY);
    let path = "/etc/kubernetes/pki/apiserver.crt";
    let cert = Ok(leaf("kube-apiserver", -1, 200));
    let m = run(&s, &[found(Origin::Kubeadm, "apiserver", path, cert)]);
    let want = "
        Ok web/shop-tls 120d
        Ok kubeadm apiserver 200d
        Ok web/api-tls 300d";
    assert_eq!(dump(&m), text(want));
    let tile = "3 certificates, soonest expiry in 120d (web/shop-tls)";
    assert_eq!(m.summary, Verdict::ok(tile));
}

#[test]
fn a_chain_with_an_expired_intermediate() {
    let chain = |inter_end: i64| {
        let mut s = certs_synced();
        let chain = vec![
            cert_info(
                "shop.example.com",
                "Example Intermediate",
                NOW - DAY,
                NOW + 80 * DAY,
            ),
            ca_info(
                "Example Intermediate",
                "Example Root",
                NOW - 900 * DAY,
                NOW + inter_end * DAY,
            ),
            ca_info("Example Root", "Example Root", NOW - 900 * DAY, NOW + 3000 * DAY),
        ];
        add_tls_secret(&mut s, tls_secret("web", "shop-tls", Ok(chain)));
        run(&s, &[])
    };
    let m = chain(-3);
    let want = "
        Crit web/shop-tls [2/3] EXPIRED 3d ago EXPIRED
        Ok web/shop-tls 80d
        Ok web/shop-tls [3/3] 3000d
        ! Crit: 1 certificate expired: web/shop-tls [2/3] (3d ago)";
    assert_eq!(dump(&m), text(want));
    let parts: Vec<_> = m.rows.iter().map(|r| (r.chain, r.ca)).collect();
    assert_eq!(
        parts,
        [(Some((2, 3)), true), (Some((1, 3)), false), (Some((3, 3)), true)]
    );
    let note = "chain certificate 2/3 (CN=Example Intermediate) expired 3d ago";
    assert_eq!(m.rows[1].notes, [note]);
    // An intermediate that ends before the leaf is noted; one that
    // outlives it is not.
    let note = "chain certificate 2/3 (CN=Example Intermediate) expires in 40d, before this one";
    assert_eq!(row(&chain(40), "web/shop-tls").notes, [note]);
    assert!(row(&chain(400), "web/shop-tls").notes.is_empty());
}

#[test]
fn a_certificate_not_yet_valid_warns() {
    let mut s = certs_synced();
    let next = vec![leaf("next.example.com", 2, 90)];
    add_tls_secret(&mut s, tls_secret("web", "next-tls", Ok(next)));
    let m = run(&s, &[]);
    let want = "
        Warn web/next-tls 90d NOT YET VALID
        ! Warn: next-tls is not valid for another 2d 0h (web/next-tls, CN=next.example.com)";
    assert_eq!(dump(&m), text(want));
    assert!(m.rows[0].not_yet_valid && !m.rows[0].expired);
}

#[test]
fn cert_manager_merges_into_its_secret_and_says_why_renewal_fails() {
    let mut s = certs_synced();
    leaf_secret(&mut s, "web", "storefront-tls", "shop.example.com", 9 * DAY);
    let reason = "Failed to create Order: 429 urn:ietf:params:acme:error:rateLimited: too many certificates \
                  already issued for this exact set of domains in the last 168 hours";
    let c = CertManagerRecord {
        ready: Some(false),
        ready_message: Some("Issuing certificate as Secret was previously issued".into()),
        renewal_time: Some(NOW - 21 * DAY),
        failed_attempts: 6,
        issuing_failure: Some(reason.into()),
        ..cert_manager("web", "storefront", Some("storefront-tls"), Some(NOW + 9 * DAY))
    };
    add_certificate(&mut s, c);
    let m = run(&s, &[]);
    // One row: merged into the Secret's.
    let want = "
        Crit web/storefront-tls 9d
        ! Crit: storefront-tls expires in 9d (web/storefront-tls, CN=shop.example.com)
        ! Warn: cert-manager web/storefront: renewal failing for 21d (6 attempts): Failed to create Order: \
                429 urn:ietf:params:acme:error:rateLimited: too many ce…";
    assert_eq!(dump(&m), text(want));
    let r = &m.rows[0];
    assert_eq!(
        (r.source, r.managed_by.as_deref()),
        (CertSource::Secret, Some("web/storefront"))
    );
    let failing = "renewal failing for 21d (6 attempts): Failed to create Order: 429 \
                   urn:ietf:params:acme:error:rateLimited: too many ce…";
    let not_ready = "not Ready: Issuing certificate as Secret was previously issued";
    assert_eq!(r.notes, [failing, not_ready]);
}

#[test]
fn cert_manager_not_ready_or_overdue_renewal_warns() {
    let mut s = certs_synced();
    leaf_secret(&mut s, "web", "a-tls", "a.example.com", 90 * DAY);
    leaf_secret(&mut s, "web", "b-tls", "b.example.com", 90 * DAY);
    let valid = Some(NOW + 90 * DAY);
    let a = CertManagerRecord {
        ready: Some(false),
        ready_message: Some("Certificate is invalid: secret lacks the key".into()),
        ..cert_manager("web", "a", Some("a-tls"), valid)
    };
    // Renewal due 3 days ago, no failure reported: overdue. Within the
    // grace hour it is not (cert-manager is at it).
    let b = CertManagerRecord {
        renewal_time: Some(NOW - 3 * DAY),
        ..cert_manager("web", "b", Some("b-tls"), valid)
    };
    let c = CertManagerRecord {
        renewal_time: Some(NOW - RENEWAL_GRACE_SECS),
        ..cert_manager("web", "c", None, valid)
    };
    for x in [a, b, c] {
        add_certificate(&mut s, x);
    }
    let m = run(&s, &[]);
    // `c` names no Secret: a row of its own, fine.
    let want = "
        Warn web/a-tls 90d
        Warn web/b-tls 90d
        Ok cert-manager web/c 90d
        ! Warn: cert-manager web/a not Ready: Certificate is invalid: secret lacks the key
        ! Warn: cert-manager web/b: renewal due 3d ago, not renewed";
    assert_eq!(dump(&m), text(want));
    assert_eq!(row(&m, "web/b-tls").notes, ["renewal due 3d ago, not renewed"]);
    assert_eq!(row(&m, "cert-manager web/c").source, CertSource::CertManager);
}

#[test]
fn a_certificate_without_a_visible_secret_gets_its_own_row() {
    let mut s = certs_synced();
    add_certificate(
        &mut s,
        cert_manager("web", "api", Some("api-tls"), Some(NOW + 10 * DAY)),
    );
    let new = CertManagerRecord {
        ready: Some(false),
        ready_message: Some("Issuing certificate as Secret does not exist".into()),
        failed_attempts: 2,
        issuing_failure: Some("issuer not found".into()),
        ..cert_manager("web", "new", Some("new-tls"), None)
    };
    add_certificate(&mut s, new);
    let m = run(&s, &[]);
    // Without expiry it comes after the timeline.
    let want = "
        Crit cert-manager web/api 10d
        Warn cert-manager web/new -
        ! Crit: api expires in 10d (cert-manager web/api)
        ! Warn: cert-manager web/new: issuance failing (2 attempts): issuer not found";
    assert_eq!(dump(&m), text(want));
    let api = row(&m, "cert-manager web/api");
    assert_eq!(
        (api.not_after, api.sans.as_str()),
        (Some(NOW + 10 * DAY), "api.example.com")
    );
    assert_eq!(api.notes, ["Secret web/api-tls not found"]);
    let want = "
        Secret web/new-tls not found
        not issued yet
        issuance failing (2 attempts): issuer not found
        not Ready: Issuing certificate as Secret does not exist";
    assert_eq!(row(&m, "cert-manager web/new").notes.join("\n"), text(want));
}

#[test]
fn forbidden_secrets_warn_and_the_rest_still_works() {
    let mut s = certs_synced();
    s.tls_secrets.state = forbidden("secrets");
    leaf_secret(&mut s, "web", "hidden-tls", "hidden.example.com", -DAY);
    add_certificate(
        &mut s,
        cert_manager("web", "api", Some("api-tls"), Some(NOW + 100 * DAY)),
    );
    let url = "https://10.0.0.1:6443";
    let serving = found(
        Origin::Serving,
        "serving chain 1/2",
        url,
        Ok(leaf("kube-apiserver", -1, 300)),
    );
    let m = run(&s, &[serving]);
    let want = "
        Ok cert-manager web/api 100d
        Ok serving chain 1/2 300d
        ! Warn: TLS Secrets not checked: forbidden (list secrets)";
    assert_eq!(dump(&m), text(want));
    assert_eq!(m.missing, ["TLS Secrets not checked: forbidden (list secrets)"]);
    assert_eq!(m.summary.level, Level::Warn);
    let note = "Secret not readable: expiry from the Certificate's status";
    assert_eq!(m.rows[0].notes, [note]);
    assert_eq!(m.rows[1].location.as_deref(), Some(url));
}

#[test]
fn a_certificate_waits_quietly_for_secrets_still_arriving() {
    let mut s = certs_synced();
    s.tls_secrets.state = SyncState::Syncing { count: 10 };
    add_certificate(
        &mut s,
        cert_manager("web", "api", Some("api-tls"), Some(NOW + 100 * DAY)),
    );
    let m = run(&s, &[]);
    assert_eq!(dump(&m), "Ok cert-manager web/api 100d");
    assert!(m.rows[0].notes.is_empty());
    assert_eq!(m.pending, ["TLS Secrets"]);
    assert_eq!(
        m.summary,
        Verdict::ok("1 certificate, soonest expiry in 100d (cert-manager web/api)")
    );
}

#[test]
fn every_kind_forbidden_or_absent() {
    let mut s = Store::default();
    s.tls_secrets.state = forbidden("secrets");
    s.certificates.state = forbidden("certificates.cert-manager.io");
    let reason = "connection refused".into();
    s.csrs.state = SyncState::Unreachable { reason };
    let m = run(&s, &[]);
    let want = "
        ! Warn: TLS Secrets not checked: forbidden (list secrets)
        ! Warn: cert-manager Certificates not checked: forbidden (list certificates.cert-manager.io)
        ! Warn: CSRs not checked: unreachable (connection refused)";
    assert_eq!(dump(&m), text(want));
    assert_eq!(m.missing.len(), 3);
    // cert-manager not installed: nothing to say but an info line.
    let mut s = certs_synced();
    s.certificates.state = SyncState::Absent;
    leaf_secret(&mut s, "web", "a-tls", "a.example.com", 90 * DAY);
    let m = run(&s, &[]);
    assert!(m.verdicts.is_empty());
    assert_eq!(m.missing, ["cert-manager not installed"]);
    assert_eq!(
        m.summary,
        Verdict::ok("1 certificate, soonest expiry in 90d (web/a-tls)")
    );
}

#[test]
fn csrs_pending_recent_and_old() {
    let mut s = certs_synced();
    leaf_secret(&mut s, "web", "a-tls", "a.example.com", 90 * DAY);
    let w1 = "system:node:w-1";
    let issued = cert_info("system:node:w-2", "kubernetes", NOW - H, NOW + 5 * DAY);
    let requests = [
        ("csr-old-pending", w1, 5 * H, CsrState::Pending, None),
        ("csr-new-pending", w1, 600, CsrState::Pending, None),
        (
            "csr-pending-2h",
            "system:node:w-3",
            2 * H,
            CsrState::Pending,
            None,
        ),
        ("csr-approved", w1, 3 * H, CsrState::Approved, None),
        (
            "csr-issued",
            "system:node:w-2",
            H,
            CsrState::Issued,
            Some(Ok(issued)),
        ),
        ("csr-issued-old", w1, 3 * DAY, CsrState::Issued, None),
        ("csr-denied", w1, 2 * H, CsrState::Denied, None),
        ("csr-failed-old", w1, 30 * H, CsrState::Failed, None),
        ("csr-bad", w1, H, CsrState::Issued, Some(Err("bad PEM".into()))),
    ];
    for (name, by, ago, state, cert) in requests {
        add_csr(&mut s, csr(name, by, Some(NOW - ago), state, cert));
    }
    let m = run(&s, &[]);
    // A recent issue's certificate with 5 days left is on the timeline, but
    // it is a record, not a certificate in use: it does not level. Then
    // the requests without a certificate, oldest first; issued, denied and
    // failed ones older than a day are left out.
    let want = "
        Ok csr-issued 5d
        Ok web/a-tls 90d
        Warn csr-old-pending - PENDING
        Warn csr-approved - APPROVED
        Ok csr-denied - DENIED
        Warn csr-pending-2h - PENDING
        Warn csr-bad - UNREADABLE
        Ok csr-new-pending - PENDING
        ! Warn: 1 certificate unreadable: csr-bad (bad PEM)
        ! Warn: 2 CSRs pending for more than 1h (oldest csr-old-pending 5h, by system:node:w-1)
        ! Warn: 1 CSR approved but not issued for more than 1h (oldest csr-approved 3h, by system:node:w-1)";
    assert_eq!(dump(&m), text(want));
    assert_eq!(m.rows[2].notes, ["pending, requested 5h ago by system:node:w-1"]);
    assert_eq!(m.rows[4].notes, ["denied, requested 2h ago by system:node:w-1"]);
    assert_eq!(m.rows[0].subject.as_deref(), Some("system:node:w-2"));
    let info = m.rows[2].csr.as_ref().map(|c| (c.state, &*c.requester, c.age));
    assert_eq!(info, Some((CsrState::Pending, w1, Some(5 * H))));
    assert_eq!((m.certificates, m.expired), (1, 0));
}

#[test]
fn found_certificates_and_unreadable_ones() {
    let (kubeconfig, pki) = ("/home/op/.kube/config", "/etc/kubernetes/pki/apiserver.crt");
    let client = Ok(leaf("kubernetes-admin", -1, 20));
    let ca = Ok(ca_info("kubernetes", "kubernetes", NOW - DAY, NOW + 3000 * DAY));
    let f = [
        found(
            Origin::Kubeconfig,
            "client certificate (user admin)",
            kubeconfig,
            client,
        ),
        found(Origin::Kubeadm, "apiserver", pki, Err("permission denied".into())),
        found(Origin::Kubeconfig, "cluster CA", kubeconfig, ca),
    ];
    let m = run(&certs_synced(), &f);
    let want = "
        Warn kubeconfig client certificate (user admin) 20d
        Ok kubeconfig cluster CA 3000d
        Warn kubeadm apiserver - UNREADABLE
        ! Warn: client certificate (user admin) expires in 20d (kubeconfig /home/op/.kube/config, CN=kubernetes-admin)
        ! Warn: 1 certificate unreadable: kubeadm apiserver (permission denied)";
    assert_eq!(dump(&m), text(want));
    assert!(m.rows[1].ca && !m.rows[0].ca);
    assert_eq!(m.rows[2].error.as_deref(), Some("permission denied"));
    assert_eq!(m.rows[2].location.as_deref(), Some(pki));
}

#[test]
fn unreadable_and_empty_secrets() {
    let mut s = certs_synced();
    add_tls_secret(&mut s, tls_secret("web", "bad-tls", Err("malformed PEM".into())));
    add_tls_secret(&mut s, tls_secret("web", "empty-tls", Ok(Vec::new())));
    let m = run(&s, &[]);
    let want = "
        Warn web/bad-tls - UNREADABLE
        Warn web/empty-tls - UNREADABLE
        ! Warn: 2 certificates unreadable: web/bad-tls (malformed PEM), web/empty-tls (no certificate in tls.crt)";
    assert_eq!(dump(&m), text(want));
}

#[test]
fn many_expired_are_listed_with_a_count() {
    let mut s = certs_synced();
    for (i, d) in [5, 4, 3, 2, 1].into_iter().enumerate() {
        leaf_secret(&mut s, "web", &format!("old-{i}"), "old.example.com", -d * DAY);
    }
    let m = run(&s, &[]);
    let want = "! Crit: 5 certificates expired: web/old-0 (5d ago), web/old-1 (4d ago), web/old-2 (3d ago) (+2 more)";
    assert_eq!(dump(&m).lines().last(), Some(want));
    assert_eq!((m.certificates, m.expired), (5, 5));
}

#[test]
fn stale_secrets_are_still_read() {
    let mut s = certs_synced();
    let (since, reason) = (NOW - 60, "watch failed".into());
    s.tls_secrets.state = SyncState::Stale { since, reason };
    leaf_secret(&mut s, "web", "a-tls", "a.example.com", 90 * DAY);
    let m = run(&s, &[]);
    assert_eq!(dump(&m), "Ok web/a-tls 90d");
    assert!(m.missing.is_empty());
}

#[test]
fn text_helpers() {
    let cn = |dn: &str| cn_of(dn);
    assert_eq!(cn("CN=etcd-ca, O=kubeadm").as_deref(), Some("etcd-ca"));
    let admin = cn("O=system:masters, CN=kubernetes-admin");
    assert_eq!(admin.as_deref(), Some("kubernetes-admin"));
    assert_eq!(cn(r"CN=Acme\, Inc. CA, O=Acme").as_deref(), Some("Acme, Inc. CA"));
    assert_eq!(cn("UID=x+CN=multi, O=y").as_deref(), Some("multi"));
    assert_eq!(cn(r"CN=bell\07").as_deref(), Some(r"bell\07"));
    assert_eq!(cn("O=no-cn"), None);
    let sans = ["DNS:a.example.com", "IP:10.0.0.1", "DNS:c", "DNS:d"].map(String::from);
    assert_eq!(short_sans(&sans), "a.example.com, 10.0.0.1 +2");
    assert_eq!(short_sans(&sans[..1]), "a.example.com");
    assert_eq!(short_sans(&[]), "");
    assert_eq!(short("abc", 5), "abc");
    assert_eq!(short("abcdef", 5), "abcd…");
    assert_eq!(short("line one\nline two", 80), "line one…");
    assert_eq!(short("ééééé", 5), "ééééé");
}

#[test]
fn under_three_days_the_time_left_keeps_its_hours() {
    let mut s = certs_synced();
    leaf_secret(&mut s, "web", "soon", "soon.example.com", 2 * DAY + 23 * H);
    leaf_secret(&mut s, "web", "later", "later.example.com", 3 * DAY + 23 * H);
    let m = run(&s, &[]);
    assert_eq!(row(&m, "web/soon").left_text(), "2d 23h");
    assert_eq!(row(&m, "web/later").left_text(), "3d");
    let crit = &m.verdicts[0].message;
    assert!(crit.starts_with("soon expires in 2d 23h ("), "{crit}");
}
