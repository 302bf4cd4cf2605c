#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `poolcheck keygen` and `poolcheck sign` run as a binary: every algorithm from keygen to a
//! token `verify` accepts, JSON field names, exit codes, `--now` reproducibility.

mod common;

use common::{json, poolcheck as run, repository_path, stderr, stdout};

fn temp_file(name: &str, text: &str) -> String {
    let path =
        std::env::temp_dir().join(format!("poolcheck-builder-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn fixture(name: &str) -> String {
    repository_path(&format!("tests/fixtures/keys/{name}")).display().to_string()
}

#[test]
fn keygen_sign_verify_for_every_algorithm() {
    let algs = ["HS256", "HS384", "HS512", "RS256", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
    for alg in algs {
        let output = run(&["keygen", "--alg", alg, "--json"], None);
        assert_eq!(output.status.code(), Some(0), "{alg}: {}", stderr(&output));
        let key = json(&output);
        let secret = alg.starts_with("HS");
        let expected: &[&str] = if secret {
            &["alg", "kid", "private_jwk", "secret_base64url"]
        } else {
            &["alg", "kid", "private_jwk", "public_jwk", "public_jwks", "private_pem", "public_pem"]
        };
        let fields: Vec<&str> = key.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields, expected, "{alg}");
        let private = temp_file(&format!("{alg}.jwk"), &key["private_jwk"].to_string());
        let signed = run(&["sign", "--key", &private, "--claim", "sub=svc-1", "--json"], None);
        assert_eq!(signed.status.code(), Some(0), "{alg}: {}", stderr(&signed));
        let signed = json(&signed);
        assert_eq!(signed["header"]["alg"], alg, "the alg defaults from the key");
        let public = match secret {
            true => key["private_jwk"].to_string(),
            false => key["public_jwks"].to_string(),
        };
        let public = temp_file(&format!("{alg}.pub"), &public);
        let token = signed["token"].as_str().unwrap();
        let verified = run(&["verify", token, "--keys", &public], None);
        assert_eq!(verified.status.code(), Some(0), "{alg}: {}", stdout(&verified));
    }
}

#[test]
fn keygen_without_json_prints_the_private_pem_and_a_note() {
    let output = run(&["keygen", "--alg", "EdDSA", "--kid", "k1"], None);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("-----BEGIN PRIVATE KEY-----"));
    assert!(stderr(&output).contains("kid k1"), "{}", stderr(&output));
}

#[test]
fn same_inputs_and_key_with_now_give_the_same_token() {
    let args = |key: &str| {
        [
            "sign",
            "--key",
            key,
            "--now",
            "1700000000",
            "--exp",
            "+1h",
            "--claim",
            "groups=[\"ops\"]",
            "--header",
            "typ=at+jwt",
        ]
        .map(String::from)
    };
    for key in ["rsa-2048-a.pkcs1.private.pem", "ec-p256.sec1.pem", "ed25519.private.pem"] {
        let key = fixture(key);
        let first = run(&args(&key).each_ref().map(String::as_str), None);
        let second = run(&args(&key).each_ref().map(String::as_str), None);
        assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
        assert_eq!(first.stdout, second.stdout, "{key}");
    }
    let signed = run(
        &[
            "sign",
            "--secret-base64url",
            "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA",
            "--now",
            "100",
            "--iat",
            "50",
            "--nbf",
            "+30s",
            "--claim",
            "n=1",
            "--json",
        ],
        None,
    );
    let signed = json(&signed);
    assert_eq!(signed["claims"], serde_json::json!({"n": 1, "iat": 50, "nbf": 130}));
}

#[test]
fn refusals_exit_2_with_the_reason() {
    for (args, reason) in [
        (
            vec!["sign", "--key", &fixture("rsa-2048-a.public.pem")],
            "public key material cannot sign",
        ),
        (
            vec!["sign", "--key", &fixture("rsa-2048-a.private.pem"), "--alg", "ES256"],
            "ES256 needs an EC key on P-256",
        ),
        (vec!["sign", "--secret", "short"], "at least 32 bytes"),
        (
            vec!["sign", "--key", &fixture("ec-p256.private.pem"), "--claim", "novalue"],
            "expected NAME=VALUE",
        ),
        (vec!["sign", "--key", &fixture("ec-p256.private.pem"), "--exp", "+2w"], "a duration is"),
        (vec!["sign", "--key", "/nonexistent"], "/nonexistent"),
        (vec!["keygen", "--alg", "RS256", "--bits", "1024"], "2048, 3072 or 4096"),
        (vec!["keygen", "--alg", "none"], "unknown algorithm"),
    ] {
        let output = run(&args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(reason), "{args:?}: {}", stderr(&output));
    }
    let insisted = run(&["sign", "--secret", "short", "--allow-short-secret"], None);
    assert_eq!(insisted.status.code(), Some(0));
}
