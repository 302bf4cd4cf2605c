//! Token signature verification against a [`KeySet`], with a reason for every key.
//!
//! Only the signature is judged here; claims (expiry and so on) belong to the decoder.

mod signature;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::keys::{Key, KeySet, KeySource, MIN_RSA_BITS, Material};
use crate::problem::Problem;
use crate::{b64, json};

pub use signature::{Algorithm, SignatureError, verify_signature};

/// Header parameters that carry a key inside the token; never trusted.
const EMBEDDED_KEY_HEADERS: [&str; 4] = ["jwk", "jku", "x5u", "x5c"];

/// The verdict on a token's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub signature_valid: bool,
    pub outcome: Outcome,
    /// The header's `alg` as written (even when unsupported or `none`).
    pub alg: Option<String>,
    pub kid: Option<String>,
    /// The key that verified the signature.
    pub key: Option<ChosenKey>,
    /// One entry per key in the set, in set order.
    pub candidates: Vec<Candidate>,
    pub problems: Vec<Problem>,
}

/// Which way the verification went, so callers can tell "no key with that kid" from "key found,
/// signature wrong" without reading the candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Verified,
    /// The token itself is refused before any key is tried (malformed, `alg: none`, `crit`, ...).
    TokenRejected,
    /// The key set has no keys.
    NoKeys,
    /// The token names a kid that no key has.
    KidNotFound,
    /// Several keys share the token's kid.
    KidAmbiguous,
    /// Keys were found but none may verify this token (type, use, key_ops, alg).
    NoCompatibleKey,
    /// The only keys that fit are refused as weak.
    KeyRefused,
    /// At least one key was tried and none matched.
    SignatureMismatch,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChosenKey {
    pub index: usize,
    pub kid: Option<String>,
}

/// What happened with one key of the set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub index: usize,
    pub kid: Option<String>,
    pub reason: CandidateReason,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateReason {
    /// Chosen: the signature verified with this key.
    Verified,
    /// The token was refused before keys were considered.
    TokenRejected,
    /// The key did not parse.
    UnusableKey,
    /// The token has a kid and this key's kid is different or absent.
    KidDiffers,
    /// Several keys share the token's kid; none of them is used.
    AmbiguousKid,
    /// The key's type or curve cannot verify this algorithm.
    WrongKeyType,
    /// `use` is present and is not `sig`.
    UseNotSig,
    /// `key_ops` is present and lacks `verify`.
    KeyOpsLacksVerify,
    /// The key's own `alg` differs from the token's.
    AlgDiffers,
    /// An HMAC secret inside a set that also holds public keys.
    SecretInPublicSet,
    /// Too weak to trust (short HMAC secret, RSA under 2048 bits, ROCA modulus); the detail says
    /// whether the signature would have matched.
    WeakKey,
    /// Tried; the signature does not match.
    SignatureMismatch,
    /// Another key already verified the signature.
    NotTried,
}

/// The parts of a token the signature check needs.
struct SignedToken<'a> {
    alg: Algorithm,
    signing_input: &'a [u8],
    signature: Vec<u8>,
}

/// Verifies a compact JWS against the key set. Surrounding whitespace is ignored.
pub fn verify(token: &str, keys: &KeySet) -> Verification {
    let token = token.trim();
    let mut verification = Verification {
        signature_valid: false,
        outcome: Outcome::TokenRejected,
        alg: None,
        kid: None,
        key: None,
        candidates: Vec::new(),
        problems: Vec::new(),
    };
    let signed = read_token(token, &mut verification);
    let Some(signed) = signed else {
        verification.candidates = keys
            .keys
            .iter()
            .map(|key| {
                candidate(
                    key,
                    CandidateReason::TokenRejected,
                    "the token was refused before any key was tried".into(),
                )
            })
            .collect();
        return verification;
    };
    judge_keys(&signed, keys, &mut verification);
    verification
}

/// Reads and checks the token; `None` (with problems recorded) when it must be refused.
fn read_token<'a>(token: &'a str, verification: &mut Verification) -> Option<SignedToken<'a>> {
    let problems = &mut verification.problems;
    let parts: Vec<&str> = token.split('.').collect();
    let [header_text, payload_text, signature_text] = parts.as_slice() else {
        let message = if parts.len() == 5 {
            "five parts: this is an encrypted token (JWE), which has no signature to check".into()
        } else {
            format!("a compact JWS has three dot-separated parts; this has {}", parts.len())
        };
        problems.push(Problem::error("token_malformed", message));
        return None;
    };
    let header_bytes = match b64::decode_strict(header_text) {
        Ok(bytes) => bytes,
        Err(error) => {
            problems.push(Problem::error(
                "header_encoding",
                format!("the header is not strict base64url: {error}"),
            ));
            return None;
        }
    };
    if let Err(error) = b64::decode_strict(payload_text) {
        problems.push(Problem::error(
            "payload_encoding",
            format!("the payload is not strict base64url: {error}"),
        ));
        return None;
    }
    let header = match json::parse(&header_bytes) {
        Ok(parsed) if !parsed.duplicate_members.is_empty() => {
            problems.push(Problem::error(
                "header_duplicate_member",
                format!(
                    "the header repeats {}: verifiers disagree on which value counts",
                    parsed.duplicate_members.join(", ")
                ),
            ));
            return None;
        }
        Ok(parsed) => parsed.value,
        Err(error) => {
            problems
                .push(Problem::error("header_json", format!("the header is not JSON: {error}")));
            return None;
        }
    };
    let Value::Object(header) = header else {
        problems.push(Problem::error("header_json", "the header is not a JSON object"));
        return None;
    };
    verification.alg = header.get("alg").and_then(Value::as_str).map(String::from);
    let kid = match header.get("kid") {
        None => None,
        Some(Value::String(kid)) => Some(kid.clone()),
        Some(_) => {
            problems.push(Problem::error("kid_not_string", "the header's kid is not a string"));
            return None;
        }
    };
    verification.kid = kid;
    warn_embedded_keys(&header, problems);
    let alg = read_alg(&header, problems)?;
    if !check_crit(&header, problems) {
        return None;
    }
    let signature = match b64::decode_strict(signature_text) {
        Ok(bytes) if bytes.is_empty() => {
            problems.push(Problem::error("signature_missing", "the signature part is empty"));
            return None;
        }
        Ok(bytes) => bytes,
        Err(error) => {
            problems.push(Problem::error(
                "signature_encoding",
                format!("the signature is not strict base64url: {error}"),
            ));
            return None;
        }
    };
    // The signing input is the ASCII of header.payload exactly as transmitted.
    let signing_input = token.get(..header_text.len() + 1 + payload_text.len()).unwrap_or_default();
    Some(SignedToken { alg, signing_input: signing_input.as_bytes(), signature })
}

fn read_alg(header: &Map<String, Value>, problems: &mut Vec<Problem>) -> Option<Algorithm> {
    let name = match header.get("alg") {
        Some(Value::String(name)) => name,
        Some(_) => {
            problems.push(Problem::error("alg_not_string", "the header's alg is not a string"));
            return None;
        }
        None => {
            problems.push(Problem::error("alg_missing", "the header has no alg"));
            return None;
        }
    };
    if name.eq_ignore_ascii_case("none") {
        problems.push(
            Problem::error(
                "alg_none",
                format!("alg is {name:?}: an unsigned token never verifies"),
            )
            .with_hint("anyone can write such a token; a verifier must refuse it"),
        );
        return None;
    }
    let alg = Algorithm::from_name(name);
    if alg.is_none() {
        let hint = Algorithm::ALL
            .into_iter()
            .find(|known| known.name().eq_ignore_ascii_case(name))
            .map(|known| format!("algorithm names are case-sensitive: did you mean {known}?"));
        let mut problem = Problem::error(
            "unsupported_alg",
            format!(
                "alg {name:?} is not one of HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA"
            ),
        );
        if let Some(hint) = hint {
            problem = problem.with_hint(hint);
        }
        problems.push(problem);
    }
    alg
}

/// `crit` names header parameters the verifier must understand (RFC 7515 §4.1.11). poolcheck
/// implements no extension, so any `crit` fails; a malformed one fails with its own message.
fn check_crit(header: &Map<String, Value>, problems: &mut Vec<Problem>) -> bool {
    let Some(crit) = header.get("crit") else { return true };
    let names: Option<Vec<&str>> = match crit {
        Value::Array(items) if !items.is_empty() => items.iter().map(Value::as_str).collect(),
        _ => None,
    };
    let problem = match names {
        None => Problem::error("crit_malformed", "crit must be a non-empty list of strings"),
        Some(names) => Problem::error(
            "crit_not_understood",
            format!(
                "crit requires understanding {}, which poolcheck does not implement",
                names.join(", ")
            ),
        ),
    };
    problems.push(problem);
    false
}

fn warn_embedded_keys(header: &Map<String, Value>, problems: &mut Vec<Problem>) {
    for name in EMBEDDED_KEY_HEADERS {
        if header.contains_key(name) {
            problems.push(
                Problem::warning(
                    "embedded_key_ignored",
                    format!("the header carries a key reference ({name}); it is ignored: a token cannot vouch for itself"),
                )
                .with_hint("verification uses only the keys you pasted"),
            );
        }
    }
}

fn candidate(key: &Key, reason: CandidateReason, detail: String) -> Candidate {
    Candidate { index: key.info.index, kid: key.info.kid.clone(), reason, detail }
}

fn judge_keys(token: &SignedToken<'_>, keys: &KeySet, verification: &mut Verification) {
    let alg = token.alg;
    let wanted_kid = verification.kid.clone();
    // A PEM key, a secret or a lone JWK without a kid was picked by the user: the token's kid
    // cannot contradict it. In a JWKS, the kid selects.
    let kidless_fits = !matches!(keys.source, KeySource::Jwks);
    let kid_matches = |key: &Key| {
        wanted_kid.is_none()
            || key.info.kid == wanted_kid
            || (kidless_fits && key.info.kid.is_none())
    };
    // Keys that carry exactly the token's kid: more than one is ambiguous. Kid-less keys that
    // fit (PEM, secret) are candidates but do not make the lookup ambiguous.
    let same_kid =
        keys.keys.iter().filter(|key| wanted_kid.is_some() && key.info.kid == wanted_kid).count();
    let kid_found = keys.keys.iter().any(|key| wanted_kid.is_some() && kid_matches(key));
    let mixed = keys.keys.iter().any(|key| key.is_usable() && !key.is_secret())
        && keys.keys.iter().any(Key::is_secret);
    let mut chosen: Option<ChosenKey> = None;
    for key in &keys.keys {
        let info = &key.info;
        let (reason, detail) = if let Some(error) = &info.error {
            (CandidateReason::UnusableKey, error.clone())
        } else if !kid_matches(key) {
            let has = info.kid.as_deref().map_or("no kid".into(), |kid| format!("kid {kid:?}"));
            (
                CandidateReason::KidDiffers,
                format!(
                    "the token wants kid {:?}; this key has {has}",
                    wanted_kid.as_deref().unwrap_or_default()
                ),
            )
        } else if same_kid > 1 {
            (
                CandidateReason::AmbiguousKid,
                format!(
                    "{same_kid} keys have this kid, so the token does not say which one signed it"
                ),
            )
        } else if let Some(reason) = policy_refusal(alg, key, mixed) {
            reason
        } else if chosen.is_some() {
            (CandidateReason::NotTried, "an earlier key already verified the signature".into())
        } else {
            let result = verify_signature(alg, key, token.signing_input, &token.signature);
            match weakness(alg, key) {
                Some(weakness) => {
                    let outcome = match &result {
                        Ok(()) => "the signature matches, but the key is refused".to_string(),
                        Err(error) => format!("refused, and {error}"),
                    };
                    (CandidateReason::WeakKey, format!("{weakness}; {outcome}"))
                }
                None => match result {
                    Ok(()) => {
                        chosen = Some(ChosenKey { index: info.index, kid: info.kid.clone() });
                        (
                            CandidateReason::Verified,
                            format!("{alg} signature verified with this key"),
                        )
                    }
                    Err(error) => (CandidateReason::SignatureMismatch, error.to_string()),
                },
            }
        };
        verification.candidates.push(candidate(key, reason, detail));
    }
    verification.outcome = outcome(keys, verification, same_kid, kid_found);
    verification.signature_valid = chosen.is_some();
    verification.key = chosen;
    if let Some(problem) = summary(verification) {
        verification.problems.push(problem);
    }
}

/// The key's own constraints, in the order a reader checks them.
fn policy_refusal(alg: Algorithm, key: &Key, mixed: bool) -> Option<(CandidateReason, String)> {
    let info = &key.info;
    let material = key.material.as_ref()?;
    if !alg.fits(material) {
        let has = match (&info.kty, &info.curve) {
            (Some(kty), Some(curve)) => format!("{kty} on {curve}"),
            (Some(kty), None) => kty.clone(),
            _ => "of another type".into(),
        };
        return Some((
            CandidateReason::WrongKeyType,
            format!("{alg} needs {}; this key is {has}", alg.key_requirement()),
        ));
    }
    if let Some(key_use) = info.key_use.as_deref().filter(|key_use| *key_use != "sig") {
        return Some((CandidateReason::UseNotSig, format!("use is {key_use:?}, not \"sig\"")));
    }
    if let Some(ops) = info.key_ops.as_ref().filter(|ops| !ops.iter().any(|op| op == "verify")) {
        return Some((
            CandidateReason::KeyOpsLacksVerify,
            format!("key_ops {ops:?} does not include \"verify\""),
        ));
    }
    if let Some(key_alg) = info.alg.as_deref().filter(|key_alg| *key_alg != alg.name()) {
        return Some((
            CandidateReason::AlgDiffers,
            format!("the key is for {key_alg:?}; the token uses {alg}"),
        ));
    }
    if mixed && key.is_secret() {
        return Some((
            CandidateReason::SecretInPublicSet,
            "an HMAC secret in a set that also holds public keys is not used".into(),
        ));
    }
    None
}

/// Why an otherwise fitting key is too weak to trust.
fn weakness(alg: Algorithm, key: &Key) -> Option<String> {
    match key.material.as_ref()? {
        Material::Secret(secret) => {
            let needed = alg.hmac_min_key_bytes()?;
            (secret.len() < needed).then(|| {
                format!(
                    "the secret is {} bytes; {alg} needs at least {needed} (RFC 7518 §3.2)",
                    secret.len()
                )
            })
        }
        Material::Rsa(_) => {
            let bits = key.info.size_bits.unwrap_or_default();
            if bits < MIN_RSA_BITS {
                Some(format!("{bits}-bit RSA key; at least {MIN_RSA_BITS} bits are required"))
            } else if key.info.warnings.iter().any(|warning| warning.code == "roca_key") {
                Some("the modulus has the ROCA fingerprint (CVE-2017-15361)".into())
            } else {
                None
            }
        }
        _ => None,
    }
}

fn outcome(
    keys: &KeySet,
    verification: &Verification,
    same_kid: usize,
    kid_found: bool,
) -> Outcome {
    let has = |reason| verification.candidates.iter().any(|c| c.reason == reason);
    if has(CandidateReason::Verified) {
        Outcome::Verified
    } else if keys.keys.is_empty() {
        Outcome::NoKeys
    } else if verification.kid.is_some() && !kid_found {
        Outcome::KidNotFound
    } else if same_kid > 1 {
        Outcome::KidAmbiguous
    } else if has(CandidateReason::SignatureMismatch) {
        Outcome::SignatureMismatch
    } else if has(CandidateReason::WeakKey) {
        Outcome::KeyRefused
    } else {
        Outcome::NoCompatibleKey
    }
}

/// One error that says why the signature is not valid, for the top of the report.
fn summary(verification: &Verification) -> Option<Problem> {
    let alg = verification.alg.as_deref().unwrap_or_default();
    let problem = match verification.outcome {
        Outcome::Verified | Outcome::TokenRejected => return None,
        Outcome::NoKeys => Problem::error("no_keys", "the key set holds no keys"),
        Outcome::KidNotFound => Problem::error(
            "kid_not_found",
            format!("no key has kid {:?}", verification.kid.as_deref().unwrap_or_default()),
        )
        .with_hint(
            "the token was signed by a key not in this set: a rotated key, or another issuer's set",
        ),
        Outcome::KidAmbiguous => {
            Problem::error("kid_ambiguous", "several keys share the token's kid; none is used")
        }
        Outcome::NoCompatibleKey => Problem::error(
            "no_compatible_key",
            format!("no key in the set may verify an {alg} token (see each key's reason)"),
        ),
        Outcome::KeyRefused => {
            Problem::error("key_refused", "the only fitting keys are too weak to trust")
        }
        Outcome::SignatureMismatch => {
            Problem::error("signature_mismatch", "the signature does not match any fitting key")
                .with_hint(
                    "the token or the key was changed, or the token was signed with another key",
                )
        }
    };
    Some(problem)
}

#[cfg(test)]
mod tests;
