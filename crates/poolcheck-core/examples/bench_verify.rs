//! Signature figures: one token verified against its key (RS256 at 2048, 4096 and 16384 bits,
//! ES256/384/512, EdDSA), and the worst case the verifier allows: a kid-less token against
//! the largest JWKS of RSA-16384 keys, tried within MAX_SIGNATURE_WORK. Run by
//! scripts/bench.sh; the figures behind the release profile's opt-levels in Cargo.toml.

use std::hint::black_box;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use poolcheck_core::keys::{KeySet, MAX_KEY_TEXT_BYTES, parse_keys};
use poolcheck_core::verify::{CandidateReason, verify_pasted};
use rsa::pkcs8::DecodePrivateKey as _;
use rsa::signature::{SignatureEncoding as _, Signer as _};

/// Each figure is the fastest of the runs within this time (at least three runs): the
/// fastest is the least disturbed by whatever else the machine is doing.
const MEASURE_FOR: Duration = Duration::from_millis(500);

fn fixture(name: &str) -> Result<String, std::io::Error> {
    let path = format!("{}/../../tests/fixtures/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    Ok(std::fs::read_to_string(path)?.trim().to_owned())
}

/// Fastest time of one verification, checking it ends as expected.
fn time(token: &str, keys: &KeySet, valid: bool) -> Result<Duration, String> {
    let mut runs = 0u32;
    let mut fastest = Duration::MAX;
    let start = Instant::now();
    while runs < 3 || start.elapsed() < MEASURE_FOR {
        let run = Instant::now();
        let verification = verify_pasted(black_box(token), black_box(keys));
        fastest = fastest.min(run.elapsed());
        if verification.signature_valid != valid {
            return Err(format!("expected valid={valid}: {:?}", verification.problems));
        }
        runs += 1;
    }
    Ok(fastest)
}

fn kidless_token(signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"sub":"bench"}"#),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

/// An RS256 token without kid, signed with the fixture's private key.
fn signed_by(private_pem: &str) -> Result<String, Box<dyn std::error::Error>> {
    let (_, der) = pem_rfc7468::decode_vec(private_pem.as_bytes())?;
    let signer =
        rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(rsa::RsaPrivateKey::from_pkcs8_der(&der)?);
    let unsigned = kidless_token(&[]);
    let input = unsigned.trim_end_matches('.');
    Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signer.sign(input.as_bytes()).to_vec())))
}

/// A public RSA-16384 key with a pseudo-random odd modulus: generating a real one takes
/// minutes, and verifying costs the same arithmetic whether or not the signature matches.
fn rsa_16384_jwk(seed: u64) -> String {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut modulus: Vec<u8> = (0..16384 / 8)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    modulus[0] |= 0x80;
    if let Some(last) = modulus.last_mut() {
        *last |= 1;
    }
    format!(r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#, URL_SAFE_NO_PAD.encode(modulus))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let jwk = |name: &str| -> Result<KeySet, Box<dyn std::error::Error>> {
        Ok(parse_keys(&fixture(&format!("{name}.jwk.json"))?, None)?)
    };
    // Below every modulus (top bit clear), so the verifier runs the full exponentiation.
    let mismatch = kidless_token(&[0x01; 16384 / 8]);
    let single_16384 = parse_keys(&format!(r#"{{"keys":[{}]}}"#, rsa_16384_jwk(0)), None)?;
    let cases = [
        ("RS256, RSA-2048", fixture("tokens/RS256.jwt")?, jwk("rsa-2048-a")?, true),
        ("RS256, RSA-4096", signed_by(&fixture("rsa-4096.private.pem")?)?, jwk("rsa-4096")?, true),
        ("RS256, RSA-16384 (no match)", mismatch.clone(), single_16384, false),
        ("ES256, P-256", fixture("tokens/ES256.jwt")?, jwk("ec-p256")?, true),
        ("ES384, P-384", fixture("tokens/ES384.jwt")?, jwk("ec-p384")?, true),
        ("ES512, P-521", fixture("tokens/ES512.jwt")?, jwk("ec-p521")?, true),
        ("EdDSA, Ed25519", fixture("tokens/EdDSA.jwt")?, jwk("ed25519")?, true),
    ];
    for (name, token, keys, valid) in &cases {
        let took = time(token, keys, *valid)?;
        println!("verify {name:<28} {:>9.3} ms", took.as_secs_f64() * 1e3);
    }

    // As many distinct RSA-16384 keys as the Keys field accepts.
    let mut jwks: Vec<String> = Vec::new();
    while format!(r#"{{"keys":[{}]}}"#, jwks.join(",")).len() + 2800 < MAX_KEY_TEXT_BYTES {
        jwks.push(rsa_16384_jwk(jwks.len() as u64));
    }
    let text = format!(r#"{{"keys":[{}]}}"#, jwks.join(","));
    let start = Instant::now();
    let largest = parse_keys(&text, None)?;
    let parse = start.elapsed();
    let worst = time(&mismatch, &largest, false)?;
    let tried = verify_pasted(&mismatch, &largest)
        .candidates
        .iter()
        .filter(|c| c.reason == CandidateReason::SignatureMismatch)
        .count();
    println!(
        "parse JWKS of {} RSA-16384 keys ({} KiB):  {:>9.3} ms",
        jwks.len(),
        text.len() / 1024,
        parse.as_secs_f64() * 1e3
    );
    println!(
        "verify kid-less RS256 against it ({tried} tried): {:>9.3} ms",
        worst.as_secs_f64() * 1e3
    );
    Ok(())
}
