//! Known answers from the committed example certificates (tests/fixtures/certs, made by
//! scripts/make-example-certs.sh; `openssl-view.txt` there is OpenSSL's view of them).

use super::*;
use crate::Severity;

/// 2030-03-17T17:46:40Z: every example is valid then except the expired and future ones.
const NOW: i64 = 1_900_000_000;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../../tests/fixtures/certs/", $name))
    };
}

fn chain(text: &str) -> Vec<Certificate> {
    parse_pem_chain(text).unwrap()
}

fn one(text: &str) -> CertificateReport {
    inspect(&chain(text)[0], NOW)
}

fn attributes(report: &CertificateReport) -> Vec<(String, String, String)> {
    report
        .subject
        .attributes()
        .map(|a| (a.name.clone(), a.value.clone(), a.string_type.clone()))
        .collect()
}

fn triple(name: &str, value: &str, kind: &str) -> (String, String, String) {
    (name.to_owned(), value.to_owned(), kind.to_owned())
}

#[test]
fn rich_subject_every_attribute_in_order() {
    let report = one(fixture!("client-valid.pem"));
    assert_eq!(
        attributes(&report),
        vec![
            triple("DC", "com", "IA5String"),
            triple("DC", "example", "IA5String"),
            triple("C", "CA", "PrintableString"),
            triple("ST", "Québec", "UTF8String"),
            triple("L", "Montréal", "UTF8String"),
            triple("STREET", "1 Rue du Port", "UTF8String"),
            triple("O", "Confluent", "UTF8String"),
            triple("OU", "payments", "UTF8String"),
            triple("OU", "kafka-clients", "UTF8String"),
            triple("CN", "orders-service", "UTF8String"),
            triple("UID", "svc-orders", "UTF8String"),
            triple("emailAddress", "orders@example.com", "IA5String"),
            triple("SERIALNUMBER", "SN-0042", "PrintableString"),
            triple("title", "Order processor", "UTF8String"),
            triple("1.3.6.1.4.1.55555.1.1", "Équipe paiements", "UTF8String"),
        ]
    );
    // CN and UID share one multi-valued RDN; DER sorts them by encoding.
    let multi: Vec<_> = report.subject.rdns.iter().filter(|r| r.attributes.len() > 1).collect();
    assert_eq!(multi.len(), 1);
    assert_eq!(
        multi[0].attributes.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["CN", "UID"]
    );
    let unknown = report.subject.attributes().last().unwrap();
    assert!(!unknown.known);
    assert_eq!(unknown.oid, "1.3.6.1.4.1.55555.1.1");
    assert_eq!(
        report.subject.text,
        "DC=com, DC=example, C=CA, ST=Québec, L=Montréal, STREET=1 Rue du Port, O=Confluent, \
         OU=payments, OU=kafka-clients, CN=orders-service+UID=svc-orders, \
         emailAddress=orders@example.com, SERIALNUMBER=SN-0042, title=Order processor, \
         1.3.6.1.4.1.55555.1.1=Équipe paiements"
    );
    assert_eq!(report.subject.display_name(), "orders-service");
    assert_eq!(
        report.issuer.text,
        "C=CA, O=Poolcheck Examples, OU=Kafka, CN=Poolcheck Example Issuing CA"
    );
}

#[test]
fn rich_certificate_fields() {
    let report = one(fixture!("client-valid.pem"));
    assert_eq!(report.version, 3);
    assert_eq!(report.serial_hex, "1001");
    assert_eq!(report.validity.not_before, 1_735_689_600);
    assert_eq!(report.validity.not_before_iso, "2025-01-01T00:00:00Z");
    assert_eq!(report.validity.not_after, 2_082_758_400);
    assert_eq!(report.validity.not_after_iso, "2036-01-01T00:00:00Z");
    assert_eq!(report.validity.status, ValidityStatus::Valid);
    assert_eq!(
        report.public_key,
        PublicKeyReport { algorithm: "RSA".into(), bits: Some(2048), curve: None }
    );
    assert_eq!(report.signature_algorithm.name, "ecdsa-with-SHA384");
    assert_eq!(report.signature_algorithm.oid, "1.2.840.10045.4.3.3");
    assert!(report.signature_algorithm.supported);
    assert_eq!(
        report.basic_constraints,
        Some(BasicConstraintsReport { ca: false, path_len: None, critical: true })
    );
    let ku = report.key_usage.as_ref().unwrap();
    assert_eq!(ku.usages, ["digitalSignature", "keyEncipherment"]);
    assert!(ku.critical);
    assert_eq!(report.extended_key_usage, Some(vec!["clientAuth".to_owned()]));
    let sans: Vec<(&str, &str)> =
        report.subject_alt_names.iter().map(|s| (s.kind, s.value.as_str())).collect();
    assert_eq!(
        sans,
        [
            ("dns", "orders.kafka.example.com"),
            ("dns", "*.orders.example.com"),
            ("email", "orders@example.com"),
            ("uri", "spiffe://example.com/ns/payments/sa/orders"),
            ("ip", "10.0.0.7"),
            ("ip", "2001:db8::7"),
        ]
    );
    assert!(!report.self_issued);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn fingerprints_and_serials_match_openssl() {
    let view = fixture!("openssl-view.txt");
    let files: &[(&str, &str)] = &[
        ("client-valid", fixture!("client-valid.pem")),
        ("client-ec", fixture!("client-ec.pem")),
        ("client-ed25519", fixture!("client-ed25519.pem")),
        ("client-expired", fixture!("client-expired.pem")),
        ("intermediate-ca", fixture!("intermediate-ca.pem")),
        ("root-ca", fixture!("root-ca.pem")),
        ("other-ca", fixture!("other-ca.pem")),
        ("sub-ca", fixture!("sub-ca.pem")),
        ("root-rsa8192", fixture!("root-rsa8192.pem")),
        ("intermediate-p521", fixture!("intermediate-p521.pem")),
        ("client-p521", fixture!("client-p521.pem")),
        ("client-p521-revoked", fixture!("client-p521-revoked.pem")),
        ("client-rsa8192-root", fixture!("client-rsa8192-root.pem")),
    ];
    for (name, pem) in files {
        let line = view.lines().find(|l| l.split(' ').next() == Some(name)).unwrap();
        let fields: Vec<&str> = line.split(' ').collect();
        let report = one(pem);
        assert_eq!(report.sha256_fingerprint, fields[1], "{name}");
        assert_eq!(report.serial_hex, fields[2].to_lowercase(), "{name}");
    }
}

#[test]
fn legacy_string_types_decode() {
    let report = one(fixture!("client-ec.pem"));
    assert_eq!(
        attributes(&report),
        vec![
            triple("C", "CH", "PrintableString"),
            triple("L", "Zürich", "TeletexString"),
            triple("O", "Confluent 東京", "BMPString"),
            triple("OU", "kafka-analytics", "PrintableString"),
            triple("CN", "analytics-ec", "PrintableString"),
        ]
    );
    assert_eq!(
        report.public_key,
        PublicKeyReport { algorithm: "EC".into(), bits: Some(256), curve: Some("P-256".into()) }
    );
}

#[test]
fn key_types_and_signature_algorithms() {
    let ed = one(fixture!("client-ed25519.pem"));
    assert_eq!(ed.public_key.algorithm, "Ed25519");
    let intermediate = one(fixture!("intermediate-ca.pem"));
    assert_eq!(intermediate.public_key.curve.as_deref(), Some("P-384"));
    assert_eq!(
        intermediate.signature_algorithm.name,
        "RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)"
    );
    assert_eq!(
        intermediate.basic_constraints,
        Some(BasicConstraintsReport { ca: true, path_len: Some(0), critical: true })
    );
    assert_eq!(intermediate.key_usage.unwrap().usages, ["keyCertSign", "cRLSign"]);
    let root = one(fixture!("root-ca.pem"));
    assert_eq!(root.public_key.bits, Some(3072));
    assert_eq!(root.signature_algorithm.name, "sha256WithRSAEncryption");
    assert!(root.self_issued);
    let other = one(fixture!("other-ca.pem"));
    assert_eq!(other.signature_algorithm.name, "Ed25519");
}

#[test]
fn validity_status_follows_now() {
    assert_eq!(one(fixture!("client-expired.pem")).validity.status, ValidityStatus::Expired);
    assert_eq!(
        one(fixture!("client-not-yet-valid.pem")).validity.status,
        ValidityStatus::NotYetValid
    );
    let c = &chain(fixture!("client-valid.pem"))[0];
    assert_eq!(inspect(c, 1_735_689_599).validity.status, ValidityStatus::NotYetValid);
    assert_eq!(inspect(c, 1_735_689_600).validity.status, ValidityStatus::Valid);
    assert_eq!(inspect(c, 2_082_758_400).validity.status, ValidityStatus::Valid);
    assert_eq!(inspect(c, 2_082_758_401).validity.status, ValidityStatus::Expired);
}

#[test]
fn bindings_use_the_most_specific_occurrence_as_a_string() {
    let bindings = dn_bindings(&chain(fixture!("client-valid.pem"))[0]);
    assert_eq!(bindings.values["OU"], "kafka-clients");
    assert_eq!(bindings.values["DC"], "example");
    assert_eq!(bindings.values["CN"], "orders-service");
    assert_eq!(bindings.values["UID"], "svc-orders");
    assert_eq!(bindings.values["L"], "Montréal");
    assert_eq!(bindings.values["SERIALNUMBER"], "SN-0042");
    assert_eq!(bindings.values["emailAddress"], "orders@example.com");
    assert!(!bindings.values.contains_key("1.3.6.1.4.1.55555.1.1"));
    assert_eq!(bindings.values.len(), 12);
    assert_eq!(
        bindings.repeated,
        vec![
            RepeatedAttribute {
                name: "DC".into(),
                values: vec!["com".into(), "example".into()],
                bound: "example".into()
            },
            RepeatedAttribute {
                name: "OU".into(),
                values: vec!["payments".into(), "kafka-clients".into()],
                bound: "kafka-clients".into()
            },
        ]
    );
}

#[test]
fn pem_text_around_blocks_and_crlf_are_accepted() {
    let pem = fixture!("client-ec.pem").replace('\n', "\r\n");
    let text = format!("subject=analytics\r\n  {pem}\ntrailing words\n");
    assert_eq!(chain(&text).len(), 1);
    assert_eq!(chain(fixture!("client-valid-chain.pem")).len(), 2);
}

#[test]
fn pem_errors_name_the_block() {
    assert_eq!(
        parse_pem_chain("hello").unwrap_err(),
        CertError::NoPemBlock { expected: "CERTIFICATE" }
    );
    let valid = fixture!("client-ec.pem");
    let bad_base64 =
        format!("{valid}-----BEGIN CERTIFICATE-----\nMII*AAA=\n-----END CERTIFICATE-----\n");
    assert!(matches!(parse_pem_chain(&bad_base64), Err(CertError::Base64 { block: 2, .. })));
    let unterminated = "-----BEGIN CERTIFICATE-----\nMIIB\n";
    assert_eq!(
        parse_pem_chain(unterminated).unwrap_err(),
        CertError::UnterminatedBlock { block: 1, label: "CERTIFICATE".into() }
    );
    let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    let err = parse_pem_chain(key).unwrap_err();
    assert_eq!(err.to_string(), "PEM block 1 is 'PRIVATE KEY', expected 'CERTIFICATE'");
    let not_der = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    let err = parse_pem_chain(not_der).unwrap_err();
    assert!(matches!(err, CertError::Der { block: 1, what: "certificate", .. }), "{err}");
    assert!(err.to_string().starts_with("PEM block 1: not a valid DER certificate: "));
    let mismatched = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END X509 CRL-----\n";
    assert_eq!(
        parse_pem_chain(mismatched).unwrap_err().to_string(),
        "PEM block 1: 'BEGIN CERTIFICATE' is closed by 'END X509 CRL'"
    );
}

#[test]
fn size_guards() {
    let big = "x".repeat(MAX_PEM_BYTES + 1);
    assert!(matches!(parse_pem_chain(&big), Err(CertError::TooLarge { .. })));
    let many = fixture!("client-ec.pem").repeat(MAX_CHAIN_CERTIFICATES + 1);
    assert_eq!(
        parse_pem_chain(&many).unwrap_err(),
        CertError::TooManyCertificates { count: 21, limit: 20 }
    );
    assert_eq!(chain(&fixture!("client-ec.pem").repeat(MAX_CHAIN_CERTIFICATES)).len(), 20);
}

#[test]
fn too_long_a_chain_is_counted_in_full() {
    let many = fixture!("client-ec.pem").repeat(1_001);
    let error = parse_pem_chain(&many).unwrap_err();
    assert_eq!(error, CertError::TooManyCertificates { count: 1_001, limit: 20 });
    assert_eq!(error.to_string(), "the chain has 1001 certificates; the limit is 20");
}

#[test]
fn truncated_der_is_an_error_not_a_panic() {
    let der = chain(fixture!("client-valid.pem"))[0].der().to_vec();
    for len in [0, 1, 2, 10, der.len() / 2, der.len() - 1] {
        assert!(Certificate::from_der(&der[..len], 1).is_err(), "{len}");
    }
    let mut trailing = der.clone();
    trailing.push(0);
    assert!(Certificate::from_der(&trailing, 1).is_err());
}

// ---- chain check ----

fn check(client: &str, registered: &str, crl: Option<&[u8]>, require_crl: bool) -> ChainReport {
    check_chain(&chain(client), &chain(registered), crl, require_crl, NOW)
}

fn codes(report: &ChainReport, severity: Severity) -> Vec<&'static str> {
    report.problems.iter().filter(|p| p.severity == severity).map(|p| p.code).collect()
}

fn check_of<'a>(report: &'a ChainReport, link: usize, name: &str) -> &'a Check {
    report.links[link].checks.iter().find(|c| c.name == name).unwrap()
}

#[test]
fn valid_chain_through_a_presented_intermediate() {
    let report = check(fixture!("client-valid-chain.pem"), fixture!("root-ca.pem"), None, false);
    assert!(report.valid, "{:?}", report.problems);
    assert_eq!(report.refusal, None);
    let roles: Vec<LinkRole> = report.links.iter().map(|l| l.role).collect();
    assert_eq!(roles, [LinkRole::Leaf, LinkRole::Intermediate, LinkRole::Anchor]);
    assert_eq!(report.links.iter().map(|l| l.registered).collect::<Vec<_>>(), [false, false, true]);
    assert_eq!(report.links[0].name, "orders-service");
    assert_eq!(
        check_of(&report, 0, "signature").detail,
        "ecdsa-with-SHA384 signature by 'Poolcheck Example Issuing CA' verifies"
    );
    assert_eq!(
        check_of(&report, 1, "signature").detail,
        "RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32) signature by 'Poolcheck Example Root CA' \
         verifies"
    );
    assert_eq!(check_of(&report, 1, "path_length").status, CheckStatus::Passed);
    assert_eq!(check_of(&report, 2, "trust_anchor").status, CheckStatus::Passed);
    assert_eq!(check_of(&report, 0, "revocation").status, CheckStatus::Skipped);
    for link in &report.links {
        for c in &link.checks {
            assert!(matches!(c.status, CheckStatus::Passed | CheckStatus::Skipped), "{c:?}");
        }
    }
    assert!(report.problems.is_empty());
}

#[test]
fn registered_intermediate_anchors_a_bare_leaf() {
    for leaf in
        [fixture!("client-valid.pem"), fixture!("client-ec.pem"), fixture!("client-ed25519.pem")]
    {
        let report = check(leaf, fixture!("ca-chain.pem"), None, false);
        assert!(report.valid, "{:?}", report.problems);
        // The registered chain is followed to its root, which is checked too.
        let roles: Vec<LinkRole> = report.links.iter().map(|l| l.role).collect();
        assert_eq!(roles, [LinkRole::Leaf, LinkRole::Intermediate, LinkRole::Anchor]);
        assert_eq!(
            report.links.iter().map(|l| l.registered).collect::<Vec<_>>(),
            [false, true, true]
        );
        assert_eq!(report.links[1].name, "Poolcheck Example Issuing CA");
        assert_eq!(report.links[2].name, "Poolcheck Example Root CA");
        assert_eq!(check_of(&report, 2, "validity").status, CheckStatus::Passed);
        assert_eq!(check_of(&report, 2, "path_length").detail, "path length 1, 1 CA(s) below");
        assert_eq!(
            check_of(&report, 2, "trust_anchor").detail,
            "the registered root of the certificate authority"
        );
    }
}

#[test]
fn ed25519_signed_client_of_another_ca() {
    let report = check(fixture!("client-other-ca.pem"), fixture!("other-ca.pem"), None, false);
    assert!(report.valid, "{:?}", report.problems);
    assert_eq!(
        check_of(&report, 0, "signature").detail,
        "Ed25519 signature by 'Other Example Root CA' verifies"
    );
}

#[test]
fn bad_signature_is_refused() {
    let mut der = chain(fixture!("client-valid.pem"))[0].der().to_vec();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let tampered = Certificate::from_der(&der, 1).unwrap();
    let report = check_chain(&[tampered], &chain(fixture!("ca-chain.pem")), None, false, NOW);
    assert!(!report.valid);
    let refusal = report.refusal.clone().unwrap();
    assert_eq!(refusal.code, ChainCode::CertSignatureInvalid);
    assert_eq!(
        refusal.message,
        "certificate 'orders-service' (leaf): ecdsa-with-SHA384 signature by 'Poolcheck Example \
         Issuing CA': the signature does not verify"
    );
    assert_eq!(check_of(&report, 0, "signature").status, CheckStatus::Failed);
}

#[test]
fn tampered_subject_fails_the_signature() {
    let mut der = chain(fixture!("client-ec.pem"))[0].der().to_vec();
    let at = der.windows(12).position(|w| w == b"analytics-ec").unwrap();
    der[at] = b'A';
    let tampered = Certificate::from_der(&der, 1).unwrap();
    let report = check_chain(&[tampered], &chain(fixture!("ca-chain.pem")), None, false, NOW);
    assert_eq!(report.refusal.clone().unwrap().code, ChainCode::CertSignatureInvalid);
}

#[test]
fn expired_leaf_is_refused() {
    let report = check(fixture!("client-expired.pem"), fixture!("ca-chain.pem"), None, false);
    let refusal = report.refusal.clone().unwrap();
    assert_eq!(refusal.code, ChainCode::CertExpired);
    assert_eq!(
        refusal.message,
        "certificate 'expired-client' (leaf): expired at 2021-01-01T00:00:00Z (valid from \
         2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z)"
    );
}

#[test]
fn not_yet_valid_leaf_and_chain_are_refused() {
    let report = check(fixture!("client-not-yet-valid.pem"), fixture!("ca-chain.pem"), None, false);
    assert_eq!(report.refusal.clone().unwrap().code, ChainCode::CertNotYetValid);
    // Before 2025 the whole example chain, registered CA included, is not yet valid.
    let early = check_chain(
        &chain(fixture!("client-valid-chain.pem")),
        &chain(fixture!("root-ca.pem")),
        None,
        false,
        1_700_000_000,
    );
    assert_eq!(codes(&early, Severity::Error), ["cert_not_yet_valid"; 3]);
    assert!(
        early.problems[2]
            .message
            .starts_with("certificate 'Poolcheck Example Root CA' (registered CA)")
    );
}

#[test]
fn issuer_that_is_not_a_ca_is_refused() {
    let report =
        check(fixture!("client-under-leaf-chain.pem"), fixture!("ca-chain.pem"), None, false);
    // The leaf-as-issuer also lacks keyCertSign, and counts against the registered CA's
    // pathlen:0 and the root's pathlen:1.
    assert_eq!(
        codes(&report, Severity::Error),
        [
            "cert_issuer_not_ca",
            "cert_key_cert_sign_missing",
            "cert_path_length_exceeded",
            "cert_path_length_exceeded"
        ]
    );
    assert_eq!(
        report.refusal.clone().unwrap().message,
        "certificate 'analytics-ec' (intermediate): issues certificates but its basic \
         constraints say it is not a CA"
    );
    // The P-256 key of the non-CA did sign the leaf (ECDSA P-256, SHA-256).
    assert_eq!(
        check_of(&report, 0, "signature").detail,
        "ecdsa-with-SHA256 signature by 'analytics-ec' verifies"
    );
}

#[test]
fn path_length_exceeded_is_refused() {
    let report =
        check(fixture!("client-under-sub-ca-chain.pem"), fixture!("ca-chain.pem"), None, false);
    // The intermediate's pathlen:0 and the root's pathlen:1 are both exceeded.
    assert_eq!(
        codes(&report, Severity::Error),
        ["cert_path_length_exceeded", "cert_path_length_exceeded"]
    );
    assert_eq!(
        report.refusal.clone().unwrap().message,
        "certificate 'Poolcheck Example Issuing CA' (intermediate): path length 0 allows 0 \
         CA(s) below it; the chain has 1"
    );
}

#[test]
fn missing_key_cert_sign_is_refused() {
    let report =
        check(fixture!("client-under-no-certsign-chain.pem"), fixture!("root-ca.pem"), None, false);
    assert_eq!(codes(&report, Severity::Error), ["cert_key_cert_sign_missing"]);
    assert!(report.refusal.clone().unwrap().message.starts_with(
        "certificate 'Poolcheck No-CertSign CA' (intermediate): key usage does not include keyCertSign"
    ));
    // Signed by the root with PKCS#1 v1.5.
    assert_eq!(
        check_of(&report, 1, "signature").detail,
        "sha256WithRSAEncryption signature by 'Poolcheck Example Root CA' verifies"
    );
}

#[test]
fn client_of_another_ca_is_refused() {
    let report = check(fixture!("client-other-ca.pem"), fixture!("ca-chain.pem"), None, false);
    assert_eq!(codes(&report, Severity::Error), ["cert_unknown_issuer"]);
    assert_eq!(report.links.len(), 1);
    assert_eq!(
        report.refusal.clone().unwrap().message,
        "certificate 'other-ca-client' (leaf): issuer 'Other Example Root CA' is neither \
         registered with the certificate authority (registered: 'Poolcheck Example Issuing CA', \
         'Poolcheck Example Root CA') nor among the intermediates the client presented"
    );
    let self_signed = check(fixture!("other-ca.pem"), fixture!("root-ca.pem"), None, false);
    assert!(self_signed.refusal.unwrap().message.contains("self-signed and not registered"));
}

#[test]
fn presented_intermediate_not_chaining_to_the_registered_ca_is_refused() {
    // The intermediate chains to the example root, which is not registered here.
    let report = check(fixture!("client-valid-chain.pem"), fixture!("other-ca.pem"), None, false);
    assert_eq!(codes(&report, Severity::Error), ["cert_unknown_issuer"]);
    assert_eq!(report.links.len(), 2);
}

#[test]
fn revoked_client_is_refused_with_pem_and_der_crls() {
    let pem = fixture!("intermediate-ca.crl.pem").as_bytes();
    let der: &[u8] = include_bytes!("../../../../tests/fixtures/certs/intermediate-ca.crl.der");
    for crl in [pem, der] {
        let report =
            check(fixture!("client-revoked.pem"), fixture!("ca-chain.pem"), Some(crl), false);
        assert_eq!(codes(&report, Severity::Error), ["cert_revoked"]);
        let refusal = report.refusal.clone().unwrap();
        assert!(
            refusal
                .message
                .starts_with("certificate 'revoked-client' (leaf): serial 1005 is revoked since "),
            "{}",
            refusal.message
        );
        assert!(refusal.message.ends_with("by the CRL of 'Poolcheck Example Issuing CA'"));
        assert_eq!(check_of(&report, 1, "crl_signature").status, CheckStatus::Passed);
        let crl = report.crl.unwrap();
        assert_eq!(crl.revoked.len(), 1);
        assert_eq!(crl.revoked[0].serial_hex, "1005");
        assert_eq!(crl.signature_algorithm.name, "ecdsa-with-SHA384");
    }
}

#[test]
fn unrevoked_client_passes_the_crl() {
    let crl = fixture!("intermediate-ca.crl.pem").as_bytes();
    let report =
        check(fixture!("client-valid-chain.pem"), fixture!("root-ca.pem"), Some(crl), true);
    assert!(report.valid, "{:?}", report.problems);
    let revocation = check_of(&report, 0, "revocation");
    assert_eq!(revocation.status, CheckStatus::Passed);
    assert_eq!(
        revocation.detail,
        "serial 1001 is not listed in the CRL of 'Poolcheck Example Issuing CA'"
    );
}

#[test]
fn root_crl_covers_the_intermediate() {
    let crl = fixture!("root-ca.crl.pem").as_bytes();
    let report =
        check(fixture!("client-valid-chain.pem"), fixture!("root-ca.pem"), Some(crl), false);
    assert!(report.valid, "{:?}", report.problems);
    assert_eq!(check_of(&report, 1, "revocation").status, CheckStatus::Passed);
    assert_eq!(check_of(&report, 0, "revocation").status, CheckStatus::Skipped);
    assert_eq!(check_of(&report, 2, "crl_signature").status, CheckStatus::Passed);
    // require_crl wants the leaf covered: the root's CRL does not cover what the
    // intermediate issued (openssl verify -crl_check: "unable to get certificate CRL").
    let report =
        check(fixture!("client-valid-chain.pem"), fixture!("root-ca.pem"), Some(crl), true);
    assert_eq!(codes(&report, Severity::Error), ["crl_required"]);
    assert_eq!(
        report.refusal.unwrap().message,
        "the certificate authority requires a CRL covering the client certificate, and the \
         registered CRL is issued by 'Poolcheck Example Root CA', not by the client \
         certificate's issuer 'Poolcheck Example Issuing CA'"
    );
}

#[test]
fn forged_crl_signature_is_refused() {
    let crl = fixture!("forged-intermediate-ca.crl.pem").as_bytes();
    let report = check(fixture!("client-valid.pem"), fixture!("ca-chain.pem"), Some(crl), false);
    assert_eq!(codes(&report, Severity::Error), ["crl_signature_invalid"]);
    assert_eq!(
        report.refusal.clone().unwrap().message,
        "certificate 'Poolcheck Example Issuing CA' (intermediate): CRL signature by \
         'Poolcheck Example Issuing CA': the signature does not verify"
    );
}

#[test]
fn crl_of_an_unrelated_ca_is_refused() {
    let crl = fixture!("other-ca.crl.pem").as_bytes();
    let report = check(fixture!("client-valid.pem"), fixture!("ca-chain.pem"), Some(crl), false);
    assert_eq!(codes(&report, Severity::Error), ["crl_issuer_unknown"]);
}

#[test]
fn unreadable_crl_is_refused() {
    for crl in [&b"not a crl"[..], b"\x30\x03\x02\x01\x01", fixture!("root-ca.pem").as_bytes()] {
        let report =
            check(fixture!("client-valid.pem"), fixture!("ca-chain.pem"), Some(crl), false);
        assert_eq!(codes(&report, Severity::Error), ["crl_invalid"]);
    }
}

#[test]
fn require_crl_without_crl_is_refused() {
    let report = check(fixture!("client-valid.pem"), fixture!("ca-chain.pem"), None, true);
    let refusal = report.refusal.clone().unwrap();
    assert_eq!(refusal.code, ChainCode::CrlRequired);
    assert_eq!(refusal.message, "the certificate authority requires a CRL and none is registered");
}

#[test]
fn stale_crl_is_a_warning() {
    let crl = fixture!("intermediate-ca.crl.pem").as_bytes();
    let later = 2_200_000_000; // 2039, after nextUpdate (and after every certificate)
    let report = check_chain(
        &chain(fixture!("client-valid.pem")),
        &chain(fixture!("ca-chain.pem")),
        Some(crl),
        false,
        later,
    );
    assert!(codes(&report, Severity::Warning).contains(&"crl_stale"));
}

#[test]
fn missing_client_auth_is_a_warning() {
    let report = check(fixture!("client-no-clientauth.pem"), fixture!("ca-chain.pem"), None, false);
    assert!(report.valid);
    assert_eq!(codes(&report, Severity::Warning), ["cert_no_client_auth"]);
    assert_eq!(check_of(&report, 0, "client_auth").status, CheckStatus::Warning);
    let ok = check(fixture!("client-ec.pem"), fixture!("ca-chain.pem"), None, false);
    assert_eq!(check_of(&ok, 0, "client_auth").status, CheckStatus::Passed);
}

#[test]
fn empty_inputs_are_refused() {
    let report = check_chain(&[], &chain(fixture!("root-ca.pem")), None, false, NOW);
    assert_eq!(report.refusal.clone().unwrap().code, ChainCode::CertChainEmpty);
    let report = check_chain(&chain(fixture!("client-valid.pem")), &[], None, false, NOW);
    assert_eq!(codes(&report, Severity::Error), ["ca_chain_empty", "cert_unknown_issuer"]);
}

#[test]
fn unused_presented_certificates_are_noted() {
    let text = format!("{}{}", fixture!("client-valid-chain.pem"), fixture!("other-ca.pem"));
    let report = check(&text, fixture!("root-ca.pem"), None, false);
    assert!(report.valid);
    assert_eq!(codes(&report, Severity::Info), ["cert_unused"]);
}

#[test]
fn reports_serialize_with_stable_names() {
    let crl = fixture!("intermediate-ca.crl.pem").as_bytes();
    let report = check(fixture!("client-revoked.pem"), fixture!("ca-chain.pem"), Some(crl), false);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["refusal"]["code"], "cert_revoked");
    assert_eq!(json["links"][0]["role"], "leaf");
    assert_eq!(json["links"][1]["role"], "intermediate");
    assert_eq!(json["links"][2]["role"], "anchor");
    assert_eq!(json["links"][0]["checks"][0]["name"], "validity");
    assert_eq!(json["links"][0]["checks"][0]["status"], "passed");
    let inspected = serde_json::to_value(one(fixture!("client-valid.pem"))).unwrap();
    assert_eq!(inspected["validity"]["status"], "valid");
    assert_eq!(inspected["filter_bindings"]["values"]["OU"], "kafka-clients");
    assert_eq!(inspected["subject"]["rdns"][9]["attributes"][1]["name"], "UID");
}

// ---- the RSA-8192 / P-521 chain (verdicts as `openssl verify`'s, tests/fixtures/README.md) ----

#[test]
fn rsa_8192_root_and_p521_intermediate_chain_verifies() {
    let root = one(fixture!("root-rsa8192.pem"));
    assert_eq!(root.public_key.bits, Some(8192));
    let intermediate = one(fixture!("intermediate-p521.pem"));
    assert_eq!(intermediate.public_key.curve.as_deref(), Some("P-521"));
    let crl = fixture!("intermediate-p521.crl.pem").as_bytes();
    let report =
        check(fixture!("client-p521-chain.pem"), fixture!("root-rsa8192.pem"), Some(crl), true);
    assert!(report.valid, "{:?}", report.problems);
    assert_eq!(
        check_of(&report, 0, "signature").detail,
        "ecdsa-with-SHA512 signature by 'Poolcheck P-521 Issuing CA' verifies"
    );
    assert_eq!(
        check_of(&report, 1, "signature").detail,
        "RSASSA-PSS (SHA-512, MGF1 SHA-512, salt 64) signature by 'Poolcheck RSA-8192 Root CA' \
         verifies"
    );
    assert_eq!(check_of(&report, 1, "crl_signature").status, CheckStatus::Passed);
    assert_eq!(
        check_of(&report, 0, "revocation").detail,
        "serial 6001 is not listed in the CRL of 'Poolcheck P-521 Issuing CA'"
    );
    assert_eq!(report.crl.unwrap().signature_algorithm.name, "ecdsa-with-SHA512");
}

#[test]
fn client_of_the_rsa_8192_root_passes_its_crl() {
    let crl = fixture!("root-rsa8192.crl.pem").as_bytes();
    let report =
        check(fixture!("client-rsa8192-root.pem"), fixture!("root-rsa8192.pem"), Some(crl), true);
    assert!(report.valid, "{:?}", report.problems);
    assert_eq!(
        check_of(&report, 0, "signature").detail,
        "sha384WithRSAEncryption signature by 'Poolcheck RSA-8192 Root CA' verifies"
    );
    assert_eq!(check_of(&report, 1, "crl_signature").status, CheckStatus::Passed);
    assert_eq!(check_of(&report, 0, "revocation").status, CheckStatus::Passed);
    assert_eq!(report.crl.unwrap().signature_algorithm.name, "sha256WithRSAEncryption");
}

#[test]
fn client_revoked_by_the_p521_crl_is_refused() {
    let crl = fixture!("intermediate-p521.crl.pem").as_bytes();
    let report = check(
        fixture!("client-p521-revoked-chain.pem"),
        fixture!("root-rsa8192.pem"),
        Some(crl),
        false,
    );
    assert_eq!(codes(&report, Severity::Error), ["cert_revoked"]);
    assert!(
        report
            .refusal
            .unwrap()
            .message
            .starts_with("certificate 'revoked-under-p521' (leaf): serial 6002 is revoked since ")
    );
}

#[test]
fn tampered_signatures_of_the_large_key_chain_are_refused() {
    let root = chain(fixture!("root-rsa8192.pem"));
    let tamper = |pem: &str| {
        let mut der = chain(pem)[0].der().to_vec();
        let last = der.len() - 1;
        der[last] ^= 0x01;
        Certificate::from_der(&der, 1).unwrap()
    };
    // The P-521 ECDSA signature of the leaf, then the RSA-8192 PSS signature of the intermediate.
    let leaf =
        [tamper(fixture!("client-p521.pem")), chain(fixture!("intermediate-p521.pem"))[0].clone()];
    let report = check_chain(&leaf, &root, None, false, NOW);
    assert_eq!(codes(&report, Severity::Error), ["cert_signature_invalid"]);
    assert_eq!(check_of(&report, 0, "signature").status, CheckStatus::Failed);
    let intermediate =
        [chain(fixture!("client-p521.pem"))[0].clone(), tamper(fixture!("intermediate-p521.pem"))];
    let report = check_chain(&intermediate, &root, None, false, NOW);
    assert_eq!(codes(&report, Severity::Error), ["cert_signature_invalid"]);
    assert_eq!(check_of(&report, 1, "signature").status, CheckStatus::Failed);
    // A CRL whose signature no longer matches refuses the client.
    let mut crl =
        crate::crypto::blocks(fixture!("intermediate-p521.crl.pem"), 1).unwrap()[0].der.clone();
    let last = crl.len() - 1;
    crl[last] ^= 0x01;
    let report =
        check(fixture!("client-p521-chain.pem"), fixture!("root-rsa8192.pem"), Some(&crl), false);
    assert_eq!(codes(&report, Severity::Error), ["crl_signature_invalid"]);
}

#[test]
fn not_before_in_1960_is_read_as_negative_unix_seconds() {
    // RFC 5280 reads UTCTime years 50–99 as 19YY. Editing the TBS breaks the signature, which
    // inspection does not need.
    let mut der = chain(fixture!("client-valid.pem"))[0].der().to_vec();
    let at = der.windows(13).position(|w| w == b"250101000000Z").unwrap();
    der[at..at + 13].copy_from_slice(b"600101000000Z");
    let certificate = Certificate::from_der(&der, 1).unwrap();
    let validity = inspect(&certificate, NOW).validity;
    assert_eq!(validity.not_before, -315_619_200);
    assert_eq!(validity.not_before_iso, "1960-01-01T00:00:00Z");
    assert_eq!(validity.status, ValidityStatus::Valid);
    assert_eq!(inspect(&certificate, -315_619_201).validity.status, ValidityStatus::NotYetValid);
}

// ---- hierarchies made by `make-example-certs.sh --hierarchies-only`, against `openssl verify` ----

/// `openssl verify`'s verdict per case (openssl-verify.txt): None for OK, else its error number.
fn openssl_verdict(case: &str) -> Option<u32> {
    let line = fixture!("openssl-verify.txt")
        .lines()
        .find_map(|line| line.strip_prefix(case)?.strip_prefix(": "))
        .unwrap_or_else(|| panic!("{case} is not in openssl-verify.txt"));
    line.strip_prefix("error ").map(|n| n.parse().unwrap())
}

/// Our refusal for each OpenSSL error number the hierarchies produce.
fn code_for_openssl_error(error: u32) -> ChainCode {
    match error {
        3 => ChainCode::CrlRequired,
        10 => ChainCode::CertExpired,
        23 => ChainCode::CertRevoked,
        25 => ChainCode::CertPathLengthExceeded,
        34 => ChainCode::CertExtensionUnsupported,
        47 | 48 => ChainCode::CertNameConstraintViolated,
        other => panic!("no mapping for OpenSSL error {other}"),
    }
}

#[test]
fn hierarchies_get_openssl_verify_verdicts() {
    let rv_root_crl = Some(fixture!("rv-root.crl.pem").as_bytes());
    // (case, client, registered, CRL, require_crl)
    type Case<'a> = (&'a str, &'a str, &'a str, Option<&'a [u8]>, bool);
    let cases: [Case<'_>; 18] = [
        ("nc-client-ok", fixture!("nc-client-ok.pem"), fixture!("nc-root.pem"), None, false),
        (
            "nc-client-evil-dns",
            fixture!("nc-client-evil-dns.pem"),
            fixture!("nc-root.pem"),
            None,
            false,
        ),
        (
            "nc-client-excluded",
            fixture!("nc-client-excluded.pem"),
            fixture!("nc-root.pem"),
            None,
            false,
        ),
        (
            "nc-client-evil-ip",
            fixture!("nc-client-evil-ip.pem"),
            fixture!("nc-root.pem"),
            None,
            false,
        ),
        (
            "nc-client-evil-uri",
            fixture!("nc-client-evil-uri.pem"),
            fixture!("nc-root.pem"),
            None,
            false,
        ),
        (
            "nc-client-no-san",
            fixture!("nc-client-no-san.pem"),
            fixture!("nc-root.pem"),
            None,
            false,
        ),
        (
            "nc-client-cn-host",
            fixture!("nc-client-cn-host.pem"),
            fixture!("nc-root.pem"),
            None,
            false,
        ),
        (
            "nc-client-critical-unknown",
            fixture!("nc-client-critical-unknown.pem"),
            fixture!("nc-root.pem"),
            None,
            false,
        ),
        (
            "nc-client-evil-email",
            fixture!("nc-client-evil-email.pem"),
            fixture!("nc-root.pem"),
            None,
            false,
        ),
        ("dn-client-ok", fixture!("dn-client-ok.pem"), fixture!("dn-root.pem"), None, false),
        ("dn-client-evil", fixture!("dn-client-evil.pem"), fixture!("dn-root.pem"), None, false),
        ("pl0-whole-chain", fixture!("pl0-client.pem"), fixture!("pl0-ca-chain.pem"), None, false),
        (
            "pl0-partial-chain",
            fixture!("pl0-client.pem"),
            fixture!("pl0-intermediate.pem"),
            None,
            false,
        ),
        ("old-whole-chain", fixture!("old-client.pem"), fixture!("old-ca-chain.pem"), None, false),
        (
            "old-partial-chain",
            fixture!("old-client.pem"),
            fixture!("old-intermediate.pem"),
            None,
            false,
        ),
        (
            "rv-registered-intermediate",
            fixture!("rv-client.pem"),
            fixture!("rv-ca-chain.pem"),
            rv_root_crl,
            false,
        ),
        (
            "rv-presented-intermediate",
            fixture!("rv-client-chain.pem"),
            fixture!("rv-root.pem"),
            rv_root_crl,
            false,
        ),
        (
            "rv-root-crl-only-leaf-check",
            fixture!("rv-client.pem"),
            fixture!("rv-ca-chain.pem"),
            rv_root_crl,
            true,
        ),
    ];
    for (case, client, registered, crl, require_crl) in cases {
        let report = check(client, registered, crl, require_crl);
        let ours = report.refusal.as_ref().map(|r| r.code);
        assert_eq!(ours, openssl_verdict(case).map(code_for_openssl_error), "{case}: {report:#?}");
    }
}

#[test]
fn name_constraint_refusals_name_the_certificate_the_name_and_the_ca() {
    let refusal =
        |client: &str| check(client, fixture!("nc-root.pem"), None, false).refusal.unwrap();
    assert_eq!(
        refusal(fixture!("nc-client-evil-dns.pem")).message,
        "certificate 'evil-dns' (leaf): DNS name 'evil.attacker.net' is outside the permitted \
         subtrees (DNS:example.com) of 'Poolcheck Name-Constrained Root'"
    );
    assert_eq!(
        refusal(fixture!("nc-client-excluded.pem")).message,
        "certificate 'excluded-dns' (leaf): DNS name 'x.blocked.example.com' is in the excluded \
         subtree DNS:blocked.example.com of 'Poolcheck Name-Constrained Root'"
    );
    assert_eq!(
        refusal(fixture!("nc-client-evil-ip.pem")).message,
        "certificate 'evil-ip' (leaf): IP address 192.168.1.1 is outside the permitted subtrees \
         (IP:10.0.0.0/255.0.0.0) of 'Poolcheck Name-Constrained Root'"
    );
    assert_eq!(
        refusal(fixture!("nc-client-cn-host.pem")).message,
        "certificate 'evil.attacker.net' (leaf): DNS name 'evil.attacker.net' (the subject's CN) \
         is outside the permitted subtrees (DNS:example.com) of 'Poolcheck Name-Constrained Root'"
    );
    assert_eq!(
        refusal(fixture!("nc-client-evil-email.pem")).message,
        "certificate 'mallory' (leaf): email address 'mallory@attacker.net' in the subject is \
         outside the permitted subtrees (email:example.com) of 'Poolcheck Name-Constrained Root'"
    );
    assert_eq!(
        refusal(fixture!("nc-client-critical-unknown.pem")).message,
        "certificate 'must-understand' (leaf): critical extension 1.3.6.1.4.1.55555.2.1 is not \
         processed by poolcheck, so the certificate must be refused (RFC 5280 §4.2)"
    );
    let ok = check(fixture!("nc-client-ok.pem"), fixture!("nc-root.pem"), None, false);
    assert_eq!(
        check_of(&ok, 0, "name_constraints").detail,
        "5 name(s) within the name constraints of 'Poolcheck Name-Constrained Root'"
    );
}

#[test]
fn a_registered_root_is_checked_like_any_other_certificate() {
    let report = check(fixture!("old-client.pem"), fixture!("old-ca-chain.pem"), None, false);
    assert_eq!(
        report.refusal.unwrap().message,
        "certificate 'Poolcheck Expired Root' (registered CA): expired at 2021-01-01T00:00:00Z \
         (valid from 2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z)"
    );
    let partial = check(fixture!("pl0-client.pem"), fixture!("pl0-intermediate.pem"), None, false);
    assert_eq!(partial.links.last().unwrap().role, LinkRole::Anchor);
    assert!(check_of(&partial, 1, "trust_anchor").detail.contains("-partial_chain"));
}

#[test]
fn a_registered_intermediate_is_revoked_like_a_presented_one() {
    let crl = Some(fixture!("rv-root.crl.pem").as_bytes());
    let registered = check(fixture!("rv-client.pem"), fixture!("rv-ca-chain.pem"), crl, false);
    let presented = check(fixture!("rv-client-chain.pem"), fixture!("rv-root.pem"), crl, false);
    for report in [&registered, &presented] {
        assert_eq!(report.refusal.as_ref().unwrap().code, ChainCode::CertRevoked);
        assert_eq!(check_of(report, 1, "revocation").status, CheckStatus::Failed);
        assert_eq!(report.links[1].name, "Poolcheck Revoked Intermediate");
    }
    assert!(registered.links[1].registered);
    assert!(!presented.links[1].registered);
}

#[test]
fn an_unreadable_issuer_key_is_not_blamed_on_the_certificate() {
    use der::{Decode as _, Encode as _};
    let root = &chain(fixture!("root-ca.pem"))[0];
    let mut x509 = x509_cert::Certificate::from_der(root.der()).unwrap();
    // An RSA key whose modulus is zero: well-formed DER, unusable key.
    x509.tbs_certificate.subject_public_key_info.subject_public_key =
        der::asn1::BitString::from_bytes(&[0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x03])
            .unwrap();
    let unreadable = Certificate::from_der(&x509.to_der().unwrap(), 1).unwrap();
    let report =
        check_chain(&chain(fixture!("client-valid-chain.pem")), &[unreadable], None, false, NOW);
    let refusal = report.refusal.unwrap();
    assert_eq!(refusal.code, ChainCode::CertIssuerKeyUnusable);
    assert!(
        refusal.message.contains("not checked: the issuer's public key is unusable"),
        "{}",
        refusal.message
    );
}
