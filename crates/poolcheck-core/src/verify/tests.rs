use super::*;

#[test]
fn algorithm_names_round_trip_and_are_case_sensitive() {
    for alg in Algorithm::ALL {
        assert_eq!(Algorithm::from_name(alg.name()), Some(alg));
    }
    assert_eq!(Algorithm::from_name("hs256"), None);
    assert_eq!(Algorithm::from_name("none"), None);
}

#[test]
fn malformed_tokens_are_rejected_with_a_specific_problem() {
    let keys = KeySet::from_secret(&[7; 32]);
    let cases = [
        ("", "token_malformed"),
        ("a.b", "token_malformed"),
        ("a.b.c.d.e", "token_malformed"),
        ("e30=.e30.AAAA", "header_encoding"),
        ("e30.e3=0.AAAA", "payload_encoding"),
        ("bm90IGpzb24.e30.AAAA", "header_json"),
        ("W10.e30.AAAA", "header_json"),
        ("e30.e30.AAAA", "alg_missing"),
        // {"alg":"HS256","alg":"none"}
        ("eyJhbGciOiJIUzI1NiIsImFsZyI6Im5vbmUifQ.e30.AAAA", "header_duplicate_member"),
        // {"alg":"hs256"}
        ("eyJhbGciOiJoczI1NiJ9.e30.AAAA", "unsupported_alg"),
        // {"alg":"HS256","kid":1}
        ("eyJhbGciOiJIUzI1NiIsImtpZCI6MX0.e30.AAAA", "kid_not_string"),
        // {"alg":"HS256"} with no signature
        ("eyJhbGciOiJIUzI1NiJ9.e30.", "signature_missing"),
    ];
    for (token, code) in cases {
        let verification = verify_pasted(token, &keys);
        assert!(!verification.signature_valid, "{token}");
        assert_eq!(verification.outcome, Outcome::TokenRejected, "{token}");
        assert_eq!(verification.problems[0].code, code, "{token}: {:?}", verification.problems);
        assert_eq!(verification.candidates[0].reason, CandidateReason::TokenRejected);
    }
}

// Built in: the core's tests, like the core, read no files.
const RSA_2048_A_PRIVATE: &str =
    include_str!("../../../../tests/fixtures/keys/rsa-2048-a.private.pem");
const RSA_2048_A_JWK: &str = include_str!("../../../../tests/fixtures/keys/rsa-2048-a.jwk.json");
const RSA_2048_B_JWK: &str = include_str!("../../../../tests/fixtures/keys/rsa-2048-b.jwk.json");

/// An RS256 token without kid, signed with rsa-2048-a.
fn kidless_rs256_token() -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use rsa::pkcs8::DecodePrivateKey as _;
    use rsa::signature::{SignatureEncoding as _, Signer as _};

    let (_, der) = pem_rfc7468::decode_vec(RSA_2048_A_PRIVATE.as_bytes()).unwrap();
    let private = rsa::RsaPrivateKey::from_pkcs8_der(&der).unwrap();
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private);
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"sub":"limit"}"#)
    );
    let signature = signer.sign(input.as_bytes()).to_vec();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// A JWKS of `count` keys with distinct kids: rsa-2048-b everywhere, rsa-2048-a at `signer`.
fn jwks_with_signer_at(count: usize, signer: Option<usize>) -> KeySet {
    let key = |text: &str, kid: usize| {
        let mut jwk: serde_json::Value = serde_json::from_str(text).unwrap();
        jwk["kid"] = format!("key-{kid}").into();
        jwk
    };
    let keys: Vec<_> = (0..count)
        .map(|i| key(if Some(i) == signer { RSA_2048_A_JWK } else { RSA_2048_B_JWK }, i))
        .collect();
    crate::keys::parse_keys(&serde_json::json!({ "keys": keys }).to_string(), None).unwrap()
}

fn reasons(verification: &Verification, reason: CandidateReason) -> usize {
    verification.candidates.iter().filter(|c| c.reason == reason).count()
}

#[test]
fn a_kidless_token_tries_at_most_the_limit_of_keys() {
    let token = kidless_rs256_token();
    for signer in [None, Some(MAX_SIGNATURE_ATTEMPTS)] {
        let verification = verify_pasted(&token, &jwks_with_signer_at(40, signer));
        assert!(!verification.signature_valid, "{signer:?}");
        assert_eq!(verification.outcome, Outcome::SignatureMismatch);
        assert_eq!(reasons(&verification, CandidateReason::SignatureMismatch), 16);
        assert_eq!(reasons(&verification, CandidateReason::NotTriedLimit), 24);
        let skipped = &verification.candidates[MAX_SIGNATURE_ATTEMPTS];
        assert_eq!(skipped.reason, CandidateReason::NotTriedLimit);
        assert!(skipped.detail.contains("MAX_SIGNATURE_ATTEMPTS"), "{}", skipped.detail);
        let warning = verification
            .problems
            .iter()
            .find(|problem| problem.code == "signature_attempts_limited")
            .unwrap();
        assert!(warning.message.contains("16 keys were tried"), "{}", warning.message);
        assert!(warning.message.contains("24 more"), "{}", warning.message);
        assert!(warning.hint.as_deref().unwrap_or_default().contains("kid"));
    }
    assert_eq!(
        serde_json::to_value(CandidateReason::NotTriedLimit).unwrap(),
        serde_json::json!("not_tried_limit")
    );
}

#[test]
fn huge_rsa_keys_are_tried_within_the_work_budget() {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    // Ten RSA-16384 keys without kid (an odd modulus with its top bit set; none signed).
    let modulus = URL_SAFE_NO_PAD.encode([0xC3_u8; 2048]);
    let keys: Vec<_> = (0..10)
        .map(|i| serde_json::json!({ "kty": "RSA", "kid": format!("huge-{i}"), "n": modulus, "e": "AQAB" }))
        .collect();
    let set =
        crate::keys::parse_keys(&serde_json::json!({ "keys": keys }).to_string(), None).unwrap();
    assert_eq!(set.keys[0].info.size_bits, Some(16384));
    let verification = verify_pasted(&kidless_rs256_token(), &set);
    // Each counts (16384 / 2048)² = 64: two fit in MAX_SIGNATURE_WORK (128).
    assert_eq!(reasons(&verification, CandidateReason::SignatureMismatch), 2);
    assert_eq!(reasons(&verification, CandidateReason::NotTriedLimit), 8);
    assert!(
        verification.candidates[2].detail.contains("MAX_SIGNATURE_WORK"),
        "{}",
        verification.candidates[2].detail
    );
    assert!(
        verification.candidates[2].detail.contains("RSA-16384 check counts 64"),
        "{}",
        verification.candidates[2].detail
    );
    let warning =
        verification.problems.iter().find(|p| p.code == "signature_attempts_limited").unwrap();
    assert!(warning.message.starts_with("2 keys were tried"), "{}", warning.message);
    assert!(warning.message.contains("8 more"), "{}", warning.message);
}

#[test]
fn a_signing_key_within_the_limit_still_verifies() {
    let token = kidless_rs256_token();
    let last = MAX_SIGNATURE_ATTEMPTS - 1;
    let verification = verify_pasted(&token, &jwks_with_signer_at(40, Some(last)));
    assert!(verification.signature_valid, "{:?}", verification.problems);
    assert_eq!(verification.key.as_ref().map(|key| key.index), Some(last));
    assert_eq!(reasons(&verification, CandidateReason::NotTried), 40 - MAX_SIGNATURE_ATTEMPTS);
    assert_eq!(reasons(&verification, CandidateReason::NotTriedLimit), 0);
    assert!(
        verification.problems.iter().all(|problem| problem.code != "signature_attempts_limited")
    );
}
