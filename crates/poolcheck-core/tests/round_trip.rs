#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Tokens signed by openssl (tests/fixtures/keys/generate.py) verify with the keys beside them
//! in every form, and every strictness rule of issue 3 holds.

use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac as _;
use poolcheck_core::alg::Algorithm;
use poolcheck_core::keys::{KeySet, SecretEncoding, parse_keys};
use poolcheck_core::verify::{
    CandidateReason, Outcome, SignatureError, verify_pasted, verify_signature,
};

fn read(name: &str) -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/keys").join(name);
    std::fs::read_to_string(path).unwrap()
}

fn token(alg: Algorithm) -> String {
    read(&format!("tokens/{}.jwt", alg.name())).trim().to_string()
}

fn keys(text: &str) -> KeySet {
    parse_keys(text, None).unwrap()
}

fn signer(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::HS256 => "hmac-hs256",
        Algorithm::HS384 => "hmac-hs384",
        Algorithm::HS512 => "hmac-hs512",
        Algorithm::RS256 => "rsa-2048-a",
        Algorithm::PS256 => "rsa-2048-b",
        Algorithm::RS384 | Algorithm::PS384 => "rsa-3072",
        Algorithm::RS512 | Algorithm::PS512 => "rsa-4096",
        Algorithm::ES256 => "ec-p256",
        Algorithm::ES384 => "ec-p384",
        Algorithm::ES512 => "ec-p521",
        Algorithm::EdDSA => "ed25519",
    }
}

/// Every form the user can paste the signer's key in.
fn key_forms(alg: Algorithm) -> Vec<KeySet> {
    let name = signer(alg);
    if name.starts_with("hmac") {
        let secret = read(&format!("{name}.secret.b64url"));
        let jwk = format!(r#"{{"kty":"oct","kid":"{name}","k":"{}"}}"#, secret.trim());
        return vec![parse_keys(&secret, Some(SecretEncoding::Base64Url)).unwrap(), keys(&jwk)];
    }
    let jwk = read(&format!("{name}.jwk.json"));
    vec![
        keys(&jwk),
        keys(&format!(r#"{{"keys":[{jwk}]}}"#)),
        keys(&read(&format!("{name}.public.pem"))),
    ]
}

fn tamper_last_signature_byte(token: &str) -> String {
    let (input, signature) = token.rsplit_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(signature).unwrap();
    *bytes.last_mut().unwrap() ^= 1;
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

fn hs256(header: &str, secret: &[u8]) -> String {
    let input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(r#"{"sub":"x"}"#));
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
}

#[test]
fn every_algorithm_round_trips_with_every_key_form() {
    for alg in Algorithm::ALL {
        let token = token(alg);
        for set in key_forms(alg) {
            let verification = verify_pasted(&token, &set);
            assert!(verification.signature_valid, "{alg} {:?}: {verification:?}", set.source);
            assert_eq!(verification.outcome, Outcome::Verified);
            let tampered = verify_pasted(&tamper_last_signature_byte(&token), &set);
            assert!(!tampered.signature_valid, "{alg}");
            assert_eq!(tampered.candidates[0].reason, CandidateReason::SignatureMismatch, "{alg}");
        }
    }
}

#[test]
fn certificates_and_pkcs1_and_x5c_carry_the_key() {
    let token = token(Algorithm::RS256);
    let certificate = read("rsa-2048-a.cert.pem");
    let set = keys(&certificate);
    assert_eq!(
        set.keys[0].info.certificate_subject.as_deref(),
        Some("CN=poolcheck test signing key rsa-2048-a")
    );
    assert!(verify_pasted(&token, &set).signature_valid);
    assert!(verify_pasted(&token, &keys(&read("rsa-2048-a.pkcs1.pem"))).signature_valid);
    // Several blocks at once: the right one is found.
    let several =
        format!("{}\n{}\n{certificate}", read("ec-p256.public.pem"), read("rsa-2048-b.public.pem"));
    let verification = verify_pasted(&token, &keys(&several));
    assert_eq!(verification.key.as_ref().map(|key| key.index), Some(2), "{verification:#?}");
    // A JWK with x5c: accepted when the certificate holds the same key, refused otherwise.
    let der_b64: String = certificate.lines().filter(|line| !line.starts_with("-----")).collect();
    let jwk: serde_json::Value = serde_json::from_str(&read("rsa-2048-a.jwk.json")).unwrap();
    let mut with_x5c = jwk.clone();
    with_x5c["x5c"] = serde_json::json!([der_b64]);
    assert!(verify_pasted(&token, &keys(&with_x5c.to_string())).signature_valid);
    let other: serde_json::Value = serde_json::from_str(&read("rsa-2048-b.jwk.json")).unwrap();
    let mut mismatched = other.clone();
    mismatched["x5c"] = serde_json::json!([der_b64]);
    let set = keys(&mismatched.to_string());
    assert!(set.keys[0].info.error.as_deref().unwrap().contains("different public key"));
}

#[test]
fn alg_none_never_verifies_in_any_capitalisation() {
    let set = KeySet::from_secret(&[1; 32]);
    for name in ["none", "None", "NONE", "nOnE"] {
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{name}"}}"#));
        for signature in ["", "AAAA"] {
            let verification = verify_pasted(&format!("{header}.e30.{signature}"), &set);
            assert!(!verification.signature_valid);
            assert_eq!(verification.outcome, Outcome::TokenRejected);
            assert_eq!(verification.problems[0].code, "alg_none", "{name} {signature:?}");
        }
    }
}

#[test]
fn keys_carried_by_the_token_are_never_used() {
    let real = [9u8; 32];
    let attacker = [6u8; 32];
    let attacker_jwk = format!(r#"{{"kty":"oct","k":"{}"}}"#, URL_SAFE_NO_PAD.encode(attacker));
    for (name, value) in [
        ("jwk", attacker_jwk.as_str()),
        ("jku", r#""https://attacker.example/jwks""#),
        ("x5u", r#""https://attacker.example/cert.pem""#),
        ("x5c", r#"["MIIB"]"#),
    ] {
        let header = format!(r#"{{"alg":"HS256","{name}":{value}}}"#);
        let forged = verify_pasted(&hs256(&header, &attacker), &KeySet::from_secret(&real));
        assert!(!forged.signature_valid, "{name}");
        assert_eq!(forged.outcome, Outcome::SignatureMismatch);
        assert!(forged.problems.iter().any(|p| p.code == "embedded_key_ignored"), "{name}");
        // Signed with the pasted key, the token verifies: the header key is simply ignored.
        let honest = verify_pasted(&hs256(&header, &real), &KeySet::from_secret(&real));
        assert!(honest.signature_valid, "{name}");
        assert!(honest.problems.iter().any(|p| p.code == "embedded_key_ignored"));
    }
}

#[test]
fn public_key_bytes_are_never_an_hmac_secret() {
    // The classic confusion attack: HMAC the token with the public key's PEM (or DER) bytes.
    let pem = read("rsa-2048-a.public.pem");
    let der = pem_rfc7468::decode_vec(pem.as_bytes()).unwrap().1;
    for secret in [pem.as_bytes(), der.as_slice()] {
        let token = hs256(r#"{"alg":"HS256"}"#, secret);
        for set in [keys(&pem), keys(&read("rsa-2048-a.jwk.json")), keys(&read("jwks-three.json"))]
        {
            let verification = verify_pasted(&token, &set);
            assert!(!verification.signature_valid);
            assert_eq!(verification.outcome, Outcome::NoCompatibleKey);
            assert!(
                verification.candidates.iter().all(|c| c.reason == CandidateReason::WrongKeyType)
            );
        }
    }
    let rsa = keys(&pem);
    assert!(matches!(
        verify_signature(Algorithm::HS256, &rsa.keys[0], b"m", &[0; 32]),
        Err(SignatureError::WrongKeyType { .. })
    ));
}

#[test]
fn crit_fails_when_unknown_or_malformed() {
    let secret = [3u8; 32];
    let set = KeySet::from_secret(&secret);
    for (crit, code) in [
        (r#"["exp"]"#, "crit_not_understood"),
        (r#"["b64"]"#, "crit_not_understood"),
        (r#""exp""#, "crit_malformed"),
        ("[]", "crit_malformed"),
        ("[1]", "crit_malformed"),
        ("null", "crit_malformed"),
    ] {
        let token =
            hs256(&format!(r#"{{"alg":"HS256","crit":{crit},"exp":1,"b64":true}}"#), &secret);
        let verification = verify_pasted(&token, &set);
        assert!(!verification.signature_valid, "{crit}");
        assert_eq!(verification.problems[0].code, code, "{crit}");
    }
}

#[test]
fn ecdsa_scalars_out_of_range_fail() {
    // CVE-2022-21449: r = s = 0 must never verify; nor r or s equal to the group order.
    const P256_ORDER: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    let order: Vec<u8> = (0..64)
        .step_by(2)
        .map(|i| u8::from_str_radix(&P256_ORDER[i..i + 2], 16).unwrap())
        .collect();
    let set = keys(&read("ec-p256.jwk.json"));
    let key = &set.keys[0];
    let one = {
        let mut one = [0u8; 32];
        one[31] = 1;
        one
    };
    for (r, s) in [
        ([0u8; 32].as_slice(), [0u8; 32].as_slice()),
        (&order, &one),
        (&one, &order),
        (&[0xff; 32], &one),
    ] {
        let signature = [r, s].concat();
        assert_eq!(
            verify_signature(Algorithm::ES256, key, b"message", &signature),
            Err(SignatureError::ScalarOutOfRange)
        );
    }
    let token = token(Algorithm::ES256);
    let (input, _) = token.rsplit_once('.').unwrap();
    let zero = verify_pasted(&format!("{input}.{}", URL_SAFE_NO_PAD.encode([0u8; 64])), &set);
    assert!(!zero.signature_valid);
    assert!(zero.candidates[0].detail.contains("zero"));
}

#[test]
fn wrong_length_trailing_data_and_non_canonical_base64_fail() {
    for alg in [Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA, Algorithm::HS256] {
        let token = token(alg);
        let set = key_forms(alg).remove(0);
        let (input, signature) = token.rsplit_once('.').unwrap();
        let bytes = URL_SAFE_NO_PAD.decode(signature).unwrap();
        let longer = [bytes.as_slice(), &[0]].concat();
        let shorter = &bytes[..bytes.len() - 1];
        for wrong in [longer.as_slice(), shorter] {
            let verification =
                verify_pasted(&format!("{input}.{}", URL_SAFE_NO_PAD.encode(wrong)), &set);
            assert!(!verification.signature_valid, "{alg}");
            assert!(verification.candidates[0].detail.contains("bytes"), "{alg}: {verification:?}");
        }
        assert!(!verify_pasted(&format!("{token}.extra"), &set).signature_valid);
        assert!(!verify_pasted(&format!("{token}."), &set).signature_valid);
        // Padding, standard alphabet, whitespace inside: all refused.
        for bent in [
            format!("{token}="),
            format!("{input}.{}", signature.replace('-', "+").replace('_', "/")),
            format!("{input}.{} ", &signature[..4]) + &signature[4..],
        ] {
            if bent == token {
                continue;
            }
            let verification = verify_pasted(&bent, &set);
            assert!(!verification.signature_valid, "{alg} {bent}");
        }
    }
    // Non-canonical trailing bits: an HS256 signature is 32 bytes = 43 characters, the last of
    // which carries 2 unused bits.
    let token = token(Algorithm::HS256);
    let set = key_forms(Algorithm::HS256).remove(0);
    let (input, signature) = token.rsplit_once('.').unwrap();
    let last = signature.chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let position = alphabet.find(last).unwrap();
    let bent_char = alphabet.chars().nth(position ^ 1).unwrap();
    let bent = format!("{input}.{}{bent_char}", &signature[..signature.len() - 1]);
    let verification = verify_pasted(&bent, &set);
    assert!(!verification.signature_valid);
    assert_eq!(verification.problems[0].code, "signature_encoding");
}

#[test]
fn key_constraints_each_give_their_reason() {
    let token = token(Algorithm::ES256);
    let jwk: serde_json::Value = serde_json::from_str(&read("ec-p256.jwk.json")).unwrap();
    let with = |name: &str, value: serde_json::Value| {
        let mut key = jwk.clone();
        key[name] = value;
        key
    };
    let cases = [
        (with("use", "enc".into()), CandidateReason::UseNotSig),
        (with("key_ops", serde_json::json!(["sign"])), CandidateReason::KeyOpsLacksVerify),
        (with("alg", "ES384".into()), CandidateReason::AlgDiffers),
        (with("kid", "other".into()), CandidateReason::KidDiffers),
    ];
    for (key, reason) in cases {
        let verification =
            verify_pasted(&token, &keys(&serde_json::json!({"keys": [key]}).to_string()));
        assert_eq!(verification.candidates[0].reason, reason);
        assert!(!verification.signature_valid);
    }
    // Two keys with the token's kid: ambiguous, neither is used.
    let twice = keys(&serde_json::json!({"keys": [jwk, jwk]}).to_string());
    let verification = verify_pasted(&token, &twice);
    assert_eq!(verification.outcome, Outcome::KidAmbiguous);
    assert!(verification.candidates.iter().all(|c| c.reason == CandidateReason::AmbiguousKid));
    // A 1024-bit RSA key is flagged and refused even though its signatures are well formed.
    let weak = keys(&read("rsa-1024-weak.public.pem"));
    assert_eq!(weak.keys[0].info.warnings[0].code, "weak_rsa_key");
}
