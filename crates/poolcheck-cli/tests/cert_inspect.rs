#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Output;

use common::poolcheck;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/certs/");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}{name}")
}

#[test]
fn human_output_has_every_section_for_every_certificate() {
    let out = poolcheck(
        &["cert", "inspect", &fixture("client-valid-chain.pem"), "--now", "1900000000"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Certificate 1 of 2: orders-service\n"), "{text}");
    assert!(text.contains("Certificate 2 of 2: Poolcheck Example Issuing CA\n"));
    for expected in [
        "  Serial              1001\n",
        "  Validity            2025-01-01T00:00:00Z to 2036-01-01T00:00:00Z (valid)\n",
        "  Public key          RSA 2048 bits\n",
        "  Public key          EC P-384\n",
        "  Signature           RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)\n",
        "  Extended key usage  clientAuth\n",
        "  Alternative name    ip: 2001:db8::7\n",
        "    CN            \"orders-service\"  [UTF8String] (multi-valued RDN)\n",
        "    L             \"Montréal\"  [UTF8String]\n",
        "    OU = \"kafka-clients\"\n",
        "note: OU appears 2 times; filters see the most specific, \"kafka-clients\" (assumed)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn json_is_one_document_of_the_core_report() {
    let out = poolcheck(
        &["cert", "inspect", &fixture("client-expired.pem"), "--json", "--now", "1900000000"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["now"], 1_900_000_000);
    let cert = &json["certificates"][0];
    assert_eq!(cert["serial_hex"], "1004");
    assert_eq!(cert["validity"]["status"], "expired");
    assert_eq!(cert["validity"]["not_after"], 1_609_459_200);
    assert_eq!(cert["filter_bindings"]["values"]["CN"], "expired-client");
    assert_eq!(json["certificates"].as_array().unwrap().len(), 1);
}

#[test]
fn now_changes_the_status() {
    let path = fixture("client-not-yet-valid.pem");
    let before = poolcheck(&["cert", "inspect", &path, "--json", "--now", "1900000000"], None);
    let after = poolcheck(&["cert", "inspect", &path, "--json", "--now", "2060000000"], None);
    let status = |o: &Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["certificates"][0]["validity"]["status"].as_str().unwrap().to_owned()
    };
    assert_eq!(status(&before), "not_yet_valid");
    assert_eq!(status(&after), "valid");
}

#[test]
fn reads_stdin() {
    let pem = std::fs::read_to_string(fixture("client-ed25519.pem")).unwrap();
    for args in [&["cert", "inspect", "-", "--json"][..], &["cert", "inspect", "--json"]] {
        let out = poolcheck(args, Some(pem.as_str()));
        assert_eq!(out.status.code(), Some(0));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["certificates"][0]["public_key"]["algorithm"], "Ed25519");
    }
}

#[test]
fn unreadable_input_exits_2_with_one_line() {
    let cases: [(&[&str], Option<&str>, &str); 4] = [
        (
            &["cert", "inspect", "/nonexistent/cert.pem"],
            None,
            "poolcheck: cannot read /nonexistent/cert.pem",
        ),
        (&["cert", "inspect", "-"], Some("not pem"), "poolcheck: no PEM block found"),
        (
            &["cert", "inspect"],
            Some("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            "poolcheck: PEM block 1: not a valid DER certificate",
        ),
        (
            &["cert", "inspect"],
            Some("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"),
            "poolcheck: PEM block 1 is 'RSA PRIVATE KEY', expected 'CERTIFICATE'",
        ),
    ];
    for (args, stdin, expected) in cases {
        let out = poolcheck(args, stdin);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with(expected), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn a_der_certificate_is_read_like_its_pem() {
    let der = std::env::temp_dir().join(format!("poolcheck-{}-leaf.der", std::process::id()));
    let converted = std::process::Command::new("openssl")
        .args(["x509", "-in", &fixture("client-valid.pem"), "-outform", "der", "-out"])
        .arg(&der)
        .status()
        .expect("openssl converts the fixture to DER");
    assert!(converted.success());
    let from_der = poolcheck(&["cert", "inspect", der.to_str().unwrap(), "--json"], None);
    std::fs::remove_file(&der).unwrap();
    assert_eq!(from_der.status.code(), Some(0), "{}", String::from_utf8_lossy(&from_der.stderr));
    let from_pem = poolcheck(&["cert", "inspect", &fixture("client-valid.pem"), "--json"], None);
    let fingerprint = |out: &Output| {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["certificates"][0]["sha256_fingerprint"].clone()
    };
    assert!(fingerprint(&from_der).is_string());
    assert_eq!(fingerprint(&from_der), fingerprint(&from_pem));
}

#[test]
fn binary_that_is_not_a_certificate_says_what_was_detected() {
    let path = std::env::temp_dir().join(format!("poolcheck-{}-broken.der", std::process::id()));
    let inspect = |bytes: &[u8]| {
        std::fs::write(&path, bytes).unwrap();
        let out = poolcheck(&["cert", "inspect", path.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    let error = inspect(&[0x30, 0x82, 0x01, 0x00, 0xff]);
    assert!(error.contains("looks like a DER certificate but does not parse"), "{error}");
    let error = inspect(&[0x01, 0xff]);
    assert!(error.contains("is neither PEM text nor a DER certificate"), "{error}");
    std::fs::remove_file(&path).unwrap();
}
