//! Token signature verification against a [`KeySet`], with a reason for every key.
//!
//! Only the signature is judged here; claims (expiry and so on) belong to the decoder.

mod signature;

use serde::Serialize;

use crate::crypto::PublicKey;
use crate::header::Refusal;
use crate::keys::{Key, KeySet, KeySource, MIN_RSA_BITS, Material};
use crate::problem::Problem;
use crate::token::{Encoding, NotAToken, SegmentRole, Token, TokenFormat};

use crate::alg::Algorithm;
pub use signature::{SignatureError, verify_signature};

/// The verdict on a token's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Verification {
    pub signature_valid: bool,
    pub outcome: Outcome,
    /// Why the token was refused before any key was tried (with `outcome: token_rejected`).
    pub refusal: Option<Refusal>,
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
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ChosenKey {
    pub index: usize,
    pub kid: Option<String>,
}

/// What happened with one key of the set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Candidate {
    pub index: usize,
    pub kid: Option<String>,
    pub reason: CandidateReason,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
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
    /// [`MAX_SIGNATURE_ATTEMPTS`] keys were already tried without a match.
    NotTriedLimit,
}

impl CandidateReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CandidateReason::Verified => "verified",
            CandidateReason::TokenRejected => "token_rejected",
            CandidateReason::UnusableKey => "unusable_key",
            CandidateReason::KidDiffers => "kid_differs",
            CandidateReason::AmbiguousKid => "ambiguous_kid",
            CandidateReason::WrongKeyType => "wrong_key_type",
            CandidateReason::UseNotSig => "use_not_sig",
            CandidateReason::KeyOpsLacksVerify => "key_ops_lacks_verify",
            CandidateReason::AlgDiffers => "alg_differs",
            CandidateReason::SecretInPublicSet => "secret_in_public_set",
            CandidateReason::WeakKey => "weak_key",
            CandidateReason::SignatureMismatch => "signature_mismatch",
            CandidateReason::NotTried => "not_tried",
            CandidateReason::NotTriedLimit => "not_tried_limit",
        }
    }

    /// A few words for people, as the key table shows them.
    pub fn label(self) -> &'static str {
        match self {
            CandidateReason::Verified => "verified",
            CandidateReason::TokenRejected => "token refused",
            CandidateReason::UnusableKey => "unusable key",
            CandidateReason::KidDiffers => "kid differs",
            CandidateReason::AmbiguousKid => "kid ambiguous",
            CandidateReason::WrongKeyType => "wrong key type",
            CandidateReason::UseNotSig => "use is not sig",
            CandidateReason::KeyOpsLacksVerify => "key_ops lacks verify",
            CandidateReason::AlgDiffers => "alg differs",
            CandidateReason::SecretInPublicSet => "secret in a public set",
            CandidateReason::WeakKey => "weak key, refused",
            CandidateReason::SignatureMismatch => "signature mismatch",
            CandidateReason::NotTried => "not tried",
            CandidateReason::NotTriedLimit => "not tried (limit)",
        }
    }
}

/// The parts of a token the signature check needs.
struct SignedToken<'a> {
    alg: Algorithm,
    signing_input: &'a [u8],
    signature: &'a [u8],
}

/// Signature checks per verification: a token without kid is otherwise tried against every
/// fitting key, and a 1 MiB set of RSA-16384 keys took seconds.
pub const MAX_SIGNATURE_ATTEMPTS: usize = 16;

/// The work of the signature checks of one verification, in RSA-2048 verifications: an RSA
/// check costs (bits / 2048)², any other key 1. It allows the 16 attempts for keys up to
/// RSA-4096 and two RSA-16384 checks (about 60 ms each in the browser), so a token without
/// kid against a set of huge keys costs about 0.1 s per keystroke rather than 1 s.
pub const MAX_SIGNATURE_WORK: u64 = 128;

/// What one check of `key` costs against [`MAX_SIGNATURE_WORK`].
fn signature_work(key: &Key) -> u64 {
    match (key.info.kty.as_deref(), key.info.size_bits) {
        (Some("RSA"), Some(bits)) => (bits as u64).div_ceil(2048).pow(2).max(1),
        _ => 1,
    }
}

/// Why an encrypted token is not verified.
pub const JWE_HAS_NO_SIGNATURE: &str =
    "five parts: this is an encrypted token (JWE), which has no signature to check";

/// Verifies a read token against the key set.
pub fn verify(token: &Token, keys: &KeySet) -> Verification {
    let mut verification = Verification::new();
    match read_token(token, &mut verification) {
        Ok(signed) => judge_keys(&signed, keys, &mut verification),
        Err(refusal) => verification.reject(refusal, keys),
    }
    verification
}

/// The verdict for text that is not a token at all.
pub fn unreadable(not_a_token: &NotAToken, keys: &KeySet) -> Verification {
    let mut verification = Verification::new();
    verification.problems.push(Refusal::TokenMalformed.problem(not_a_token.message.clone()));
    verification.reject(Refusal::TokenMalformed, keys);
    verification
}

/// Reads pasted text and verifies it: [`verify`], or [`unreadable`] when it is not a token.
pub fn verify_pasted(input: &str, keys: &KeySet) -> Verification {
    match Token::parse(input) {
        Ok(token) => verify(&token, keys),
        Err(not_a_token) => unreadable(&not_a_token, keys),
    }
}

impl Verification {
    /// The problem that says why the token was refused before any key was tried.
    pub fn refusal_problem(&self) -> Option<&Problem> {
        let refusal = self.refusal?;
        self.problems.iter().find(|problem| problem.code == refusal.as_str())
    }

    fn new() -> Self {
        Self {
            signature_valid: false,
            outcome: Outcome::TokenRejected,
            refusal: None,
            alg: None,
            kid: None,
            key: None,
            candidates: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn reject(&mut self, refusal: Refusal, keys: &KeySet) {
        self.refusal = Some(refusal);
        self.candidates = keys
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
    }
}

/// Applies the verifier's rules to the read token: strict base64url, no duplicate header
/// members, the header rules; `Err` (with the problem recorded) when it must be refused.
fn read_token<'a>(
    token: &'a Token,
    verification: &mut Verification,
) -> Result<SignedToken<'a>, Refusal> {
    let problems = &mut verification.problems;
    if token.format == TokenFormat::Jwe {
        problems.push(Refusal::TokenMalformed.problem(JWE_HAS_NO_SIGNATURE));
        return Err(Refusal::TokenMalformed);
    }
    for (role, refusal) in [
        (SegmentRole::Header, Refusal::HeaderEncoding),
        (SegmentRole::Payload, Refusal::PayloadEncoding),
    ] {
        if let Some(why) = not_strict(token, role) {
            problems.push(
                refusal.problem(format!("the {} is not strict base64url: {why}", role.label())),
            );
            return Err(refusal);
        }
    }
    if !token.header_duplicates.is_empty() {
        problems.push(Refusal::HeaderDuplicateMember.problem(format!(
            "the header repeats {}: verifiers disagree on which value counts",
            token.header_duplicates.join(", ")
        )));
        return Err(Refusal::HeaderDuplicateMember);
    }
    let Some(header) = &token.header else {
        problems.push(Refusal::HeaderJson.problem("the header is not a JSON object"));
        return Err(Refusal::HeaderJson);
    };
    verification.alg = header.alg_name().map(String::from);
    verification.kid = header.kid().map(String::from);
    let alg = header.verifier_rules(problems)?;
    let signature = match (not_strict(token, SegmentRole::Signature), &token.signature) {
        (None, Some(bytes)) if !bytes.is_empty() => bytes.as_slice(),
        (None, _) => {
            problems.push(Refusal::SignatureMissing.problem("the signature part is empty"));
            return Err(Refusal::SignatureMissing);
        }
        (Some(why), _) => {
            problems.push(
                Refusal::SignatureEncoding
                    .problem(format!("the signature is not strict base64url: {why}")),
            );
            return Err(Refusal::SignatureEncoding);
        }
    };
    Ok(SignedToken { alg, signing_input: token.signing_input(), signature })
}

/// Why a part is not the strict base64url RFC 7515 requires, if it is not.
fn not_strict(token: &Token, role: SegmentRole) -> Option<String> {
    let index = token.segments.iter().position(|segment| segment.role == role)?;
    match token.encodings.get(index)? {
        Encoding::Strict => None,
        Encoding::Lenient(deviation) => Some(deviation.describe()),
        Encoding::Invalid(error) => Some(error.clone()),
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
    let mut attempts = 0;
    let mut work = 0;
    let mut skipped = 0;
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
        } else if attempts == MAX_SIGNATURE_ATTEMPTS {
            skipped += 1;
            (
                CandidateReason::NotTriedLimit,
                format!(
                    "{MAX_SIGNATURE_ATTEMPTS} keys were already tried (MAX_SIGNATURE_ATTEMPTS)"
                ),
            )
        } else if work + signature_work(key) > MAX_SIGNATURE_WORK {
            skipped += 1;
            (
                CandidateReason::NotTriedLimit,
                format!(
                    "checking it would take the work of the checks past {MAX_SIGNATURE_WORK} \
                     RSA-2048 verifications (MAX_SIGNATURE_WORK; an RSA-{} check counts {})",
                    key.info.size_bits.unwrap_or_default(),
                    signature_work(key)
                ),
            )
        } else {
            attempts += 1;
            work += signature_work(key);
            let result = verify_signature(alg, key, token.signing_input, token.signature);
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
    if skipped > 0 {
        verification.problems.push(
            Problem::warning(
                "signature_attempts_limited",
                format!(
                    "{attempts} keys were tried without a match (at most \
                     {MAX_SIGNATURE_ATTEMPTS} keys, MAX_SIGNATURE_ATTEMPTS, and the work of \
                     {MAX_SIGNATURE_WORK} RSA-2048 checks, MAX_SIGNATURE_WORK); {skipped} more \
                     fitting keys were not tried"
                ),
            )
            .with_hint("give the token a kid, so that only the key with that kid is tried"),
        );
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
        Material::Public(PublicKey::Rsa(_)) => {
            let bits = key.info.size_bits.unwrap_or_default();
            if bits < MIN_RSA_BITS {
                Some(format!("{bits}-bit RSA key; at least {MIN_RSA_BITS} bits are required"))
            } else if key.has_roca_fingerprint() {
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

crate::wire::serialize_as_str!(CandidateReason);
