#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `poolcheck verify` run as a binary: exit codes, JSON shape, stdin, secrets, kid choice.

mod common;

use std::path::PathBuf;

use common::{json, poolcheck as run};

fn keys_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/keys")
}

fn fixture(name: &str) -> String {
    keys_dir().join(name).display().to_string()
}

fn token(alg: &str) -> String {
    std::fs::read_to_string(keys_dir().join("tokens").join(format!("{alg}.jwt"))).unwrap()
}

#[test]
fn jwks_of_three_keys_chooses_the_right_kid() {
    let jwks = fixture("jwks-three.json");
    for (alg, index, kid) in
        [("RS256", 0, "rsa-2048-a"), ("ES256", 1, "ec-p256"), ("PS256", 2, "rsa-2048-b")]
    {
        let output = run(&["verify", "--json", &token(alg), "--keys", &jwks], None);
        assert_eq!(output.status.code(), Some(0), "{alg}");
        let report = json(&output);
        assert_eq!(report["signature_valid"], true);
        assert_eq!(report["alg"], alg);
        assert_eq!(report["kid"], kid);
        assert_eq!(report["key"]["index"], index);
        assert_eq!(report["key"]["kid"], kid);
        let reasons: Vec<&str> = report["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["reason"].as_str().unwrap())
            .collect();
        let mut expected = vec!["kid_differs"; 3];
        expected[index] = "verified";
        assert_eq!(reasons, expected);
        assert!(report["problems"].as_array().unwrap().is_empty());
    }
}

#[test]
fn invalid_signature_exits_1_with_the_reason() {
    // An RS384 token (signed by rsa-3072) against the three-key set: kid not found.
    let output =
        run(&["verify", "--json", &token("RS384"), "--keys", &fixture("jwks-three.json")], None);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    assert_eq!(report["signature_valid"], false);
    assert_eq!(report["outcome"], "kid_not_found");
    assert!(report["key"].is_null());
    assert_eq!(report["problems"][0]["code"], "kid_not_found");
    // The right key type but the wrong key: a signature mismatch.
    let output =
        run(&["verify", &token("RS256"), "--keys", &fixture("rsa-2048-b.public.pem")], None);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("Signature: NOT VALID"), "{text}");
    assert!(text.contains("signature_mismatch"), "{text}");
}

#[test]
fn token_from_stdin_and_from_a_file() {
    let output =
        run(&["verify", "--keys", &fixture("ed25519.public.pem")], Some(token("EdDSA").as_str()));
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let path = keys_dir().join("tokens/EdDSA.jwt").display().to_string();
    let output =
        run(&["verify", &format!("@{path}"), "--keys", &fixture("ed25519.jwk.json")], None);
    assert_eq!(output.status.code(), Some(0));
    let output = run(
        &["verify", "-", "--keys", &fixture("ed25519.jwk.json")],
        Some(token("EdDSA").as_str()),
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn secrets_as_text_and_base64() {
    let secret_b64url =
        std::fs::read_to_string(keys_dir().join("hmac-hs256.secret.b64url")).unwrap();
    let secret_b64url = secret_b64url.trim();
    let output = run(&["verify", &token("HS256"), "--secret-base64url", secret_b64url], None);
    assert_eq!(output.status.code(), Some(0));
    let standard = secret_b64url.replace('-', "+").replace('_', "/");
    let output = run(&["verify", &token("HS256"), "--secret-base64", &standard], None);
    assert_eq!(output.status.code(), Some(0));
    // The same bytes read as text are another secret.
    let output = run(&["verify", "--json", &token("HS256"), "--secret", secret_b64url], None);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json(&output)["outcome"], "signature_mismatch");
    // A text secret: jwt.io's HS256 example, whose 19-byte secret RFC 7518 forbids.
    let jwt_io = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    let output = run(&["verify", "--json", jwt_io, "--secret", "your-256-bit-secret"], None);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    assert_eq!(report["outcome"], "key_refused");
    assert_eq!(report["candidates"][0]["reason"], "weak_key");
    assert!(report["candidates"][0]["detail"].as_str().unwrap().contains("the signature matches"));
}

#[test]
fn unreadable_input_exits_2_with_one_line() {
    let cases: [&[&str]; 5] = [
        &["verify", "not-a-token", "--secret", "s"],
        &["verify", "a.b.c", "--keys", "/nonexistent/keys.json"],
        &["verify", "a.b.c", "--secret-base64", "***"],
        &["verify", "a.b.c", "--keys", &fixture("generate.py")],
        &["verify", "a.b.c"],
    ];
    for args in cases {
        let output = run(args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        if args.len() > 2 {
            assert!(stderr.starts_with("poolcheck: "), "{stderr}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
        }
    }
}

#[test]
fn alg_none_is_not_valid_and_exits_1() {
    // {"alg":"none"}.{"sub":"x"}.
    let output =
        run(&["verify", "--json", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "--secret", "s"], None);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    assert_eq!(report["outcome"], "token_rejected");
    assert_eq!(report["problems"][0]["code"], "alg_none");
}
