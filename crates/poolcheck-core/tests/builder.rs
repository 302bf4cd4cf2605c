#![cfg(feature = "builder")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The token builder: every algorithm signed on both paths (jsonwebtoken and RustCrypto) and
//! checked by the other path's verifier and by poolcheck's; imported key formats; refusals.

use poolcheck_core::alg::Algorithm;
use poolcheck_core::builder::{BuildError, PrivateKey, SignPath};
use poolcheck_core::commands::{self, CommandErrorCode, KeyKind, SignOptions, VerifyOptions};
use rand_core::OsRng;
use serde_json::{Map, Value, json};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/keys/");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}{name}")).unwrap()
}

fn member<'a>(jwk: &'a Map<String, Value>, name: &str) -> &'a str {
    jwk[name].as_str().unwrap()
}

/// poolcheck's verifier, given the public JWKS (or the secret's JWK).
fn poolcheck_verifies(key: &PrivateKey, alg: Algorithm, token: &str) -> bool {
    let keys = match key.public_jwks(Some(alg)) {
        Some(jwks) => jwks.to_string(),
        None => Value::Object(key.private_jwk(Some(alg))).to_string(),
    };
    commands::verify(token, &keys, &VerifyOptions::default()).unwrap().verification.signature_valid
}

/// jsonwebtoken's own verifier, from the public JWK's members.
fn jsonwebtoken_verifies(key: &PrivateKey, alg: Algorithm, token: &str) -> bool {
    use jsonwebtoken::{Algorithm as Jwt, DecodingKey};
    let jwk = key.private_jwk(Some(alg));
    let decoding = match member(&jwk, "kty") {
        "oct" => DecodingKey::from_secret(
            &poolcheck_core::b64::decode_strict(member(&jwk, "k")).unwrap(),
        ),
        "RSA" => DecodingKey::from_rsa_components(member(&jwk, "n"), member(&jwk, "e")).unwrap(),
        "EC" => DecodingKey::from_ec_components(member(&jwk, "x"), member(&jwk, "y")).unwrap(),
        _ => DecodingKey::from_ed_components(member(&jwk, "x")).unwrap(),
    };
    let jwt_alg: Jwt = serde_json::from_value(json!(alg.name())).unwrap();
    let (input, signature) = token.rsplit_once('.').unwrap();
    jsonwebtoken::crypto::verify(signature, input.as_bytes(), &decoding, jwt_alg).unwrap()
}

/// p521's own verifier, for ES512 (which jsonwebtoken lacks).
fn p521_verifies(key: &PrivateKey, token: &str) -> bool {
    use p521::ecdsa::signature::Verifier as _;
    let jwk = key.private_jwk(None);
    let mut point = vec![4u8];
    for name in ["x", "y"] {
        point.extend(poolcheck_core::b64::decode_strict(member(&jwk, name)).unwrap());
    }
    let verifying = p521::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
    let (input, signature) = token.rsplit_once('.').unwrap();
    let signature =
        p521::ecdsa::Signature::from_slice(&poolcheck_core::b64::decode_strict(signature).unwrap())
            .unwrap();
    verifying.verify(input.as_bytes(), &signature).is_ok()
}

fn token(key: &PrivateKey, alg: Algorithm, path: SignPath) -> String {
    let mut header = Map::new();
    header.insert("alg".into(), alg.name().into());
    header.insert("kid".into(), key.kid.clone().into());
    let claims = json!({"sub": "svc-1", "groups": ["ops"]}).as_object().unwrap().clone();
    key.token(alg, &header, &claims, path, &mut OsRng).unwrap()
}

#[test]
fn every_algorithm_signs_on_both_paths_and_each_verifier_agrees() {
    // One RSA key serves all six RSA algorithms: RSA generation is slow in debug builds.
    let rsa = PrivateKey::generate(Algorithm::RS256, None, None, &mut OsRng).unwrap();
    for alg in Algorithm::ALL {
        let key = match alg.name() {
            name if name.starts_with("RS") || name.starts_with("PS") => rsa.clone(),
            _ => PrivateKey::generate(alg, None, None, &mut OsRng).unwrap(),
        };
        let rust_crypto = token(&key, alg, SignPath::RustCrypto);
        assert!(poolcheck_verifies(&key, alg, &rust_crypto), "{alg} RustCrypto → poolcheck");
        if alg == Algorithm::ES512 {
            assert_eq!(SignPath::preferred(alg), SignPath::RustCrypto);
            assert!(p521_verifies(&key, &rust_crypto), "ES512 RustCrypto → p521");
            assert!(key.sign(alg, b"x", SignPath::Jsonwebtoken, &mut OsRng).is_err());
            continue;
        }
        assert_eq!(SignPath::preferred(alg), SignPath::Jsonwebtoken);
        let jwt = token(&key, alg, SignPath::Jsonwebtoken);
        assert!(poolcheck_verifies(&key, alg, &jwt), "{alg} jsonwebtoken → poolcheck");
        assert!(jsonwebtoken_verifies(&key, alg, &rust_crypto), "{alg} RustCrypto → jsonwebtoken");
        assert!(jsonwebtoken_verifies(&key, alg, &jwt), "{alg} jsonwebtoken → jsonwebtoken");
        // A signature over other bytes is refused by both.
        let forged = format!(
            "{}.{}",
            rust_crypto.rsplit_once('.').unwrap().0,
            jwt.rsplit_once('.').unwrap().1
        );
        let deterministic = !matches!(alg.name().get(..2), Some("PS"));
        if deterministic {
            assert_eq!(rust_crypto, jwt, "{alg}: both paths give the same deterministic signature");
        } else {
            assert!(poolcheck_verifies(&key, alg, &forged));
        }
    }
}

#[test]
fn generated_keys_carry_their_thumbprint_and_export_every_form() {
    let key = PrivateKey::generate(Algorithm::ES256, None, None, &mut OsRng).unwrap();
    let jwks = key.public_jwks(Some(Algorithm::ES256)).unwrap().to_string();
    let set = poolcheck_core::keys::parse_keys(&jwks, None).unwrap();
    assert_eq!(set.keys[0].info.thumbprint.as_deref(), Some(key.kid.as_str()));
    let named =
        PrivateKey::generate(Algorithm::EdDSA, None, Some("mine".into()), &mut OsRng).unwrap();
    assert_eq!(named.kid, "mine");
    // The exported private PEM and JWK import back to the same key.
    let pem = key.private_pem().unwrap().unwrap();
    assert_eq!(PrivateKey::import(&pem, None).unwrap().kid, key.kid);
    let jwk = Value::Object(key.private_jwk(None)).to_string();
    assert_eq!(PrivateKey::import(&jwk, None).unwrap().kid, key.kid);
    assert!(key.public_pem().unwrap().unwrap().starts_with("-----BEGIN PUBLIC KEY-----"));
    let secret = PrivateKey::generate(Algorithm::HS512, None, None, &mut OsRng).unwrap();
    assert_eq!(
        poolcheck_core::b64::decode_strict(&secret.secret_base64url().unwrap()).unwrap().len(),
        64
    );
    assert!(secret.public_jwk(None).is_none());
}

#[test]
fn imports_every_private_key_format_from_the_fixtures() {
    for (file, alg) in [
        ("rsa-2048-a.private.pem", Algorithm::RS256),
        ("rsa-2048-a.pkcs1.private.pem", Algorithm::RS256),
        ("ec-p256.private.pem", Algorithm::ES256),
        ("ec-p256.sec1.pem", Algorithm::ES256),
        ("ec-p384.private.pem", Algorithm::ES384),
        ("ec-p521.private.pem", Algorithm::ES512),
        ("ed25519.private.pem", Algorithm::EdDSA),
    ] {
        // The fixture's own public JWK (made by openssl) verifies what the key signs.
        let public = fixture(&format!("{}.jwk.json", file.split('.').next().unwrap()));
        let kid: Value = serde_json::from_str(&public).unwrap();
        let key = PrivateKey::import(&fixture(file), kid["kid"].as_str()).unwrap();
        assert_eq!(key.default_alg(), alg, "{file}");
        let token = token(&key, alg, SignPath::preferred(alg));
        let report = commands::verify(&token, &public, &VerifyOptions::default()).unwrap();
        assert!(report.verification.signature_valid, "{file}");
    }
    // PKCS#8 and PKCS#1 forms of one key have one thumbprint.
    assert_eq!(
        PrivateKey::import(&fixture("rsa-2048-a.private.pem"), None).unwrap().kid,
        PrivateKey::import(&fixture("rsa-2048-a.pkcs1.private.pem"), None).unwrap().kid
    );
}

#[test]
fn private_pems_are_the_forms_openssl_writes() {
    // openssl made these fixtures (PKCS#8; for Ed25519 the v1 form without the public key,
    // the only one OpenSSL before 3.5 and Node's crypto read): imported and exported again,
    // they come back byte for byte.
    for file in ["ed25519.private.pem", "ec-p256.private.pem", "rsa-2048-a.private.pem"] {
        let pem = fixture(file);
        let key = PrivateKey::import(&pem, None).unwrap();
        assert_eq!(key.private_pem().unwrap().unwrap(), pem, "{file}");
    }
}

#[test]
fn a_jwks_of_private_keys_is_chosen_from_by_kid() {
    let a = PrivateKey::generate(Algorithm::ES256, None, Some("a".into()), &mut OsRng).unwrap();
    let b = PrivateKey::generate(Algorithm::EdDSA, None, Some("b".into()), &mut OsRng).unwrap();
    let jwks = json!({"keys": [a.private_jwk(None), b.private_jwk(None)]}).to_string();
    assert_eq!(PrivateKey::import(&jwks, Some("b")).unwrap().default_alg(), Algorithm::EdDSA);
    assert_eq!(
        PrivateKey::import(&jwks, None).err(),
        Some(BuildError::AmbiguousKey(vec!["a".into(), "b".into()]))
    );
    let one = json!({"keys": [a.private_jwk(None)]}).to_string();
    assert_eq!(PrivateKey::import(&one, None).unwrap().kid, "a");
}

#[test]
fn public_material_and_misfits_are_refused_with_the_reason() {
    for file in
        ["rsa-2048-a.public.pem", "rsa-2048-a.cert.pem", "ec-p256.jwk.json", "jwks-three.json"]
    {
        let error = PrivateKey::import(&fixture(file), None).err().unwrap();
        assert!(
            error.to_string().starts_with("public key material cannot sign"),
            "{file}: {error}"
        );
    }
    let sign = |key: &str, alg: &str| {
        let options =
            SignOptions { key: key.into(), alg: Some(alg.into()), ..SignOptions::default() };
        commands::sign(&options, 0, &mut OsRng).err().unwrap()
    };
    let error = sign(&fixture("rsa-2048-a.private.pem"), "ES256");
    assert_eq!(error.code, CommandErrorCode::KeyDoesNotFit);
    assert_eq!(error.message, "ES256 needs an EC key on P-256, and this is an RSA key");
    assert_eq!(
        sign(&fixture("ec-p256.private.pem"), "ES384").code,
        CommandErrorCode::KeyDoesNotFit
    );
    assert_eq!(sign(&fixture("ec-p256.public.pem"), "ES256").code, CommandErrorCode::KeyDoesNotFit);
    assert_eq!(sign("nonsense", "ES256").code, CommandErrorCode::KeysUnreadable);
    let short = SignOptions {
        key: "too-short".into(),
        key_kind: KeyKind::Secret,
        ..SignOptions::default()
    };
    let error = commands::sign(&short, 0, &mut OsRng).err().unwrap();
    assert_eq!(error.code, CommandErrorCode::KeyDoesNotFit);
    assert!(error.message.contains("at least 32 bytes"), "{}", error.message);
    let insisted = SignOptions { allow_short_secret: true, ..short };
    assert!(commands::sign(&insisted, 0, &mut OsRng).is_ok());
}

#[test]
fn claims_durations_and_typed_values() {
    let options = SignOptions {
        key: "a-secret-of-at-least-thirty-two-bytes!".into(),
        key_kind: KeyKind::Secret,
        claims: Some(r#"{"iss":"https://issuer.example"}"#.into()),
        claim: vec!["groups=[\"ops\"]".into(), "sub=svc-1".into(), "n=42".into()],
        header: vec!["typ=at+jwt".into()],
        exp: Some("+15m".into()),
        nbf: Some("+30s".into()),
        now: Some(1_700_000_000),
        ..SignOptions::default()
    };
    let signed = commands::sign(&options, 0, &mut OsRng).unwrap();
    assert_eq!(
        Value::Object(signed.claims),
        json!({"iss": "https://issuer.example", "groups": ["ops"], "sub": "svc-1", "n": 42,
               "iat": 1_700_000_000, "exp": 1_700_000_900, "nbf": 1_700_000_030})
    );
    assert_eq!(Value::Object(signed.header), json!({"alg": "HS256", "typ": "at+jwt"}));
    for (exp, seconds) in [("+1h", 3600), ("+7d", 604_800), ("1800000000", 100_000_000)] {
        let options = SignOptions { exp: Some(exp.into()), ..options.clone() };
        let claims = commands::sign(&options, 0, &mut OsRng).unwrap().claims;
        assert_eq!(claims["exp"], json!(1_700_000_000 + seconds), "{exp}");
    }
    for bad in [
        SignOptions { exp: Some("+1y".into()), ..options.clone() },
        SignOptions { exp: Some("soon".into()), ..options.clone() },
        SignOptions { claim: vec!["no-equals".into()], ..options.clone() },
        SignOptions { header: vec!["alg=none".into()], ..options.clone() },
        SignOptions { alg: Some("hs256".into()), ..options.clone() },
    ] {
        let error = commands::sign(&bad, 0, &mut OsRng).err().unwrap();
        assert_eq!(error.code, CommandErrorCode::InvalidArgument, "{}", error.message);
    }
    let not_object = SignOptions { claims: Some("[1]".into()), ..options };
    assert_eq!(
        commands::sign(&not_object, 0, &mut OsRng).err().unwrap().code,
        CommandErrorCode::ClaimsUnusable
    );
}

#[test]
fn keygen_refuses_sizes_the_algorithm_does_not_offer() {
    use poolcheck_core::commands::KeygenOptions;
    for (alg, bits) in [("RS256", 1024), ("HS256", 128), ("ES256", 256)] {
        let options = KeygenOptions { alg: alg.into(), bits: Some(bits), kid: None };
        let error = commands::keygen(&options, &mut OsRng).err().unwrap();
        assert_eq!(error.code, CommandErrorCode::InvalidArgument, "{alg} {bits}");
    }
    let options = KeygenOptions { alg: "HS384".into(), bits: Some(512), kid: None };
    let key = commands::keygen(&options, &mut OsRng).unwrap();
    assert_eq!(key.secret_base64url.unwrap().len(), 86);
}

/// Every pool of every example: the minted matching token is accepted into the pool, and the
/// one that just misses is not, with the provider's demo key (Keycloak's JWKS still lacks the
/// realm's new key: its lesson is the refusal, whichever token is minted).
#[test]
fn every_example_pool_mints_a_match_and_a_near_miss() {
    use poolcheck_core::filter::MintKind;
    use poolcheck_core::scenario::Scenario;
    use poolcheck_core::simulate::{PoolStatus, RefusalCode};
    use poolcheck_core::workspace::{Edit, Workspace};

    let mut minted = 0;
    for name in ["auth0", "okta", "entra", "keycloak", "cloudentity", "google"] {
        let text = fixture(&format!("../../../examples/scenarios/{name}.json"));
        let scenario = Scenario::parse(&text).unwrap();
        let pools: Vec<String> = scenario.pools.iter().map(|pool| pool.id.clone()).collect();
        let mut workspace = Workspace::new(scenario, 0);
        for pool in pools {
            for kind in [MintKind::Matching, MintKind::Missing] {
                let request = commands::mint_request(&workspace, &pool, kind).unwrap();
                assert_eq!(
                    request.minted.result,
                    Some(kind == MintKind::Matching),
                    "{pool} {kind:?}"
                );
                let signed = commands::sign(&request.sign, 0, &mut OsRng).unwrap();
                workspace.apply(Edit::SetToken { token: signed.token });
                let report = workspace.oauth();
                if name == "keycloak" {
                    assert_eq!(report.code, Some(RefusalCode::KidLookupFailed), "{report:#?}");
                    continue;
                }
                let result = report.pool_results.iter().find(|r| r.id == pool).unwrap();
                let filter_result = result.filter.as_ref().and_then(|filter| filter.result);
                assert_eq!(
                    filter_result,
                    Some(kind == MintKind::Matching),
                    "{name} {pool} {kind:?}"
                );
                // A pool the client's request does not name is judged, but not joined; one
                // Confluent Cloud would not save (Google's shared issuer) is never joined.
                let expected = match (kind, result.status) {
                    (_, status @ (PoolStatus::NotRequested | PoolStatus::Refused)) => status,
                    (MintKind::Matching, _) => PoolStatus::Matched,
                    (MintKind::Missing, _) => PoolStatus::NoMatch,
                };
                assert_eq!(result.status, expected, "{name} {pool} {kind:?}: {report:#?}");
                if result.status == PoolStatus::Matched {
                    assert!(report.principal.is_some(), "{name}: the identity claim is filled");
                }
                minted += 1;
            }
        }
    }
    assert_eq!(minted, 16);
}

#[test]
fn minting_needs_the_providers_signing_key() {
    use poolcheck_core::filter::MintKind;
    use poolcheck_core::scenario::Scenario;
    use poolcheck_core::workspace::Workspace;

    let text = fixture("../../../examples/scenarios/okta.json");
    let scenario = Scenario::parse(&text).unwrap().without_signing_keys();
    let workspace = Workspace::new(scenario, 0);
    let error =
        commands::mint_request(&workspace, "pool-okta-producers", MintKind::Matching).unwrap_err();
    assert_eq!(error.code, CommandErrorCode::SigningKeyMissing);
    assert!(error.message.contains("op-okta"), "{}", error.message);
    let unknown = commands::mint_request(&workspace, "pool-nope", MintKind::Matching).unwrap_err();
    assert_eq!(unknown.code, CommandErrorCode::InvalidArgument);
}
