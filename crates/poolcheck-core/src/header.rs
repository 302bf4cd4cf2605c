//! The JOSE header rules, in one place: what `alg`, `kid`, `crit` and the embedded-key
//! parameters say, what the decoder reports about them, and when a verifier must refuse.

use serde_json::{Map, Value};

use crate::alg::Algorithm;
use crate::problem::Problem;

/// Header parameters that carry or name a key inside the token (RFC 7515 §4.1.2–6); never
/// trusted: a token cannot vouch for itself.
pub const EMBEDDED_KEY_PARAMETERS: [&str; 4] = ["jwk", "jku", "x5c", "x5u"];

/// Signed (three parts) or encrypted (five parts, a JWE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TokenFormat {
    Jws,
    Jwe,
}

/// What the header's `alg` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alg {
    Missing,
    NotString(String),
    /// `none` in any letter case: an unsigned token.
    Unsigned(String),
    Known(Algorithm),
    Unknown(String),
}

/// What the header's `kid` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kid {
    Absent,
    Text(String),
    NotText,
}

/// What the header's `crit` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Crit {
    Absent,
    Names(Vec<String>),
    Malformed(String),
}

/// A JOSE header read once: the members as written, and the typed parameters rules act on.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub members: Map<String, Value>,
    pub alg: Alg,
    pub kid: Kid,
    pub crit: Crit,
    pub embedded_keys: Vec<&'static str>,
}

/// Why a verifier refuses a token before trying any key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum Refusal {
    /// Not a compact JWS at all (no token, wrong part count, a JWE).
    TokenMalformed,
    HeaderEncoding,
    PayloadEncoding,
    HeaderJson,
    HeaderDuplicateMember,
    AlgMissing,
    AlgNotString,
    AlgNone,
    UnsupportedAlg,
    KidNotString,
    CritMalformed,
    CritNotUnderstood,
    SignatureMissing,
    SignatureEncoding,
}

impl Refusal {
    /// The problem code scripts match on.
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::TokenMalformed => "token_malformed",
            Refusal::HeaderEncoding => "header_encoding",
            Refusal::PayloadEncoding => "payload_encoding",
            Refusal::HeaderJson => "header_json",
            Refusal::HeaderDuplicateMember => "header_duplicate_member",
            Refusal::AlgMissing => "alg_missing",
            Refusal::AlgNotString => "alg_not_string",
            Refusal::AlgNone => "alg_none",
            Refusal::UnsupportedAlg => "unsupported_alg",
            Refusal::KidNotString => "kid_not_string",
            Refusal::CritMalformed => "crit_malformed",
            Refusal::CritNotUnderstood => "crit_not_understood",
            Refusal::SignatureMissing => "signature_missing",
            Refusal::SignatureEncoding => "signature_encoding",
        }
    }

    /// The text is not a readable JWS (as opposed to a readable JWS that must be refused).
    pub fn is_unreadable(self) -> bool {
        matches!(
            self,
            Refusal::TokenMalformed
                | Refusal::HeaderEncoding
                | Refusal::PayloadEncoding
                | Refusal::HeaderJson
        )
    }

    pub fn problem(self, message: impl Into<String>) -> Problem {
        Problem::error(self.as_str(), message)
    }
}

impl Header {
    pub fn read(members: Map<String, Value>) -> Self {
        let alg = match members.get("alg") {
            None => Alg::Missing,
            Some(Value::String(name)) if name.eq_ignore_ascii_case("none") => {
                Alg::Unsigned(name.clone())
            }
            Some(Value::String(name)) => match Algorithm::from_name(name) {
                Some(known) => Alg::Known(known),
                None => Alg::Unknown(name.clone()),
            },
            Some(other) => Alg::NotString(other.to_string()),
        };
        let kid = match members.get("kid") {
            None => Kid::Absent,
            Some(Value::String(kid)) => Kid::Text(kid.clone()),
            Some(_) => Kid::NotText,
        };
        let crit = match members.get("crit") {
            None => Crit::Absent,
            Some(Value::Array(items)) if !items.is_empty() => {
                match items.iter().map(|item| item.as_str().map(str::to_owned)).collect() {
                    Some(names) => Crit::Names(names),
                    None => Crit::Malformed(Value::Array(items.clone()).to_string()),
                }
            }
            Some(other) => Crit::Malformed(other.to_string()),
        };
        let embedded_keys = EMBEDDED_KEY_PARAMETERS
            .into_iter()
            .filter(|name| members.contains_key(*name))
            .collect();
        Self { members, alg, kid, crit, embedded_keys }
    }

    /// `alg` as written, when it is a string.
    pub fn alg_name(&self) -> Option<&str> {
        self.members.get("alg")?.as_str()
    }

    /// `kid`, when it is a string.
    pub fn kid(&self) -> Option<&str> {
        match &self.kid {
            Kid::Text(kid) => Some(kid),
            Kid::Absent | Kid::NotText => None,
        }
    }

    /// What the decoder shows about the header: findings, not verdicts.
    pub fn findings(&self, format: TokenFormat, problems: &mut Vec<Problem>) {
        match &self.alg {
            Alg::Missing => problems.push(Problem::error("alg_missing", "the header has no `alg`")),
            Alg::Unsigned(alg) => problems.push(
                Problem::error("alg_none", format!("`alg` is \"{alg}\": the token is unsigned and must never be accepted"))
                    .with_hint("an unsigned token proves nothing; poolcheck never verifies alg none"),
            ),
            Alg::Unknown(alg) if format == TokenFormat::Jws => problems.push(Problem::warning(
                "alg_unknown",
                format!("`alg` \"{alg}\" is not a JWS algorithm poolcheck knows (HS/RS/PS 256/384/512, ES256/384/512, EdDSA)"),
            )),
            Alg::Known(_) | Alg::Unknown(_) => {}
            Alg::NotString(other) => problems.push(Problem::error("alg_not_string", format!("`alg` is {other}, not a string"))),
        }
        for name in &self.embedded_keys {
            problems.push(
                Problem::warning("embedded_key", format!("the header carries `{name}`: poolcheck never fetches or trusts keys named by the token itself"))
                    .with_hint("a verifier that trusts the token's own key accepts a token anyone can sign; keys must come from the issuer's JWKS"),
            );
        }
        match &self.crit {
            Crit::Absent => {}
            Crit::Names(names) => problems.push(
                Problem::warning("crit", format!("the header marks {} as critical: verifiers that do not understand them must refuse the token", names.join(", ")))
                    .with_hint("Kafka's and Confluent's verifiers understand no extensions"),
            ),
            Crit::Malformed(other) => problems.push(Problem::error(
                "crit_malformed",
                format!("`crit` is {other}; it must be a non-empty list of header names"),
            )),
        }
        let members = &self.members;
        if members.get("b64") == Some(&Value::Bool(false)) {
            problems.push(Problem::warning("b64_false", "`b64: false` (RFC 7797): the payload is signed unencoded, which JWT verifiers do not support"));
        }
        if format == TokenFormat::Jws && members.contains_key("zip") {
            problems.push(Problem::error(
                "zip_in_jws",
                "`zip` is defined only for JWE; a JWS with `zip` is malformed",
            ));
        }
        match members.get("typ").and_then(Value::as_str) {
            Some(typ)
                if typ.eq_ignore_ascii_case("at+jwt")
                    || typ.eq_ignore_ascii_case("application/at+jwt") =>
            {
                problems.push(Problem::info(
                    "typ",
                    "`typ` is at+jwt: an OAuth 2.0 access token in the RFC 9068 profile",
                ));
            }
            Some(typ) if typ.eq_ignore_ascii_case("jwt") || typ.eq_ignore_ascii_case("jose") => {}
            Some(typ) => problems.push(Problem::info(
                "typ",
                format!("`typ` is \"{typ}\", not JWT: check the token is meant for this use"),
            )),
            None => {}
        }
        if members
            .get("cty")
            .and_then(Value::as_str)
            .is_some_and(|cty| cty.eq_ignore_ascii_case("jwt"))
        {
            problems.push(Problem::warning(
                "nested_jwt",
                "`cty` is JWT: the payload is itself a token (nested JWT)",
            ));
        }
        if format == TokenFormat::Jws && self.kid == Kid::Absent {
            problems.push(Problem::info("no_kid", "the header has no `kid`: a verifier must try every key, and Confluent Cloud looks keys up by kid"));
        }
    }

    /// What a verifier makes of the header: the algorithm to verify with, or why it must
    /// refuse. Embedded keys are never refused, only reported as ignored.
    pub fn verifier_rules(&self, problems: &mut Vec<Problem>) -> Result<Algorithm, Refusal> {
        if self.kid == Kid::NotText {
            problems.push(Refusal::KidNotString.problem("the header's kid is not a string"));
            return Err(Refusal::KidNotString);
        }
        for name in &self.embedded_keys {
            problems.push(
                Problem::warning(
                    "embedded_key_ignored",
                    format!("the header carries a key reference ({name}); it is ignored: a token cannot vouch for itself"),
                )
                .with_hint("verification uses only the keys you pasted"),
            );
        }
        let alg = match &self.alg {
            Alg::Known(alg) => *alg,
            Alg::Missing => {
                problems.push(Refusal::AlgMissing.problem("the header has no alg"));
                return Err(Refusal::AlgMissing);
            }
            Alg::NotString(_) => {
                problems.push(Refusal::AlgNotString.problem("the header's alg is not a string"));
                return Err(Refusal::AlgNotString);
            }
            Alg::Unsigned(name) => {
                problems.push(
                    Refusal::AlgNone
                        .problem(format!("alg is {name:?}: an unsigned token never verifies"))
                        .with_hint("anyone can write such a token; a verifier must refuse it"),
                );
                return Err(Refusal::AlgNone);
            }
            Alg::Unknown(name) => {
                let mut problem = Refusal::UnsupportedAlg.problem(format!(
                    "alg {name:?} is not one of HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA"
                ));
                if let Some(known) =
                    Algorithm::ALL.into_iter().find(|known| known.name().eq_ignore_ascii_case(name))
                {
                    problem = problem.with_hint(format!(
                        "algorithm names are case-sensitive: did you mean {known}?"
                    ));
                }
                problems.push(problem);
                return Err(Refusal::UnsupportedAlg);
            }
        };
        // poolcheck implements no extension, so any `crit` fails (RFC 7515 §4.1.11).
        match &self.crit {
            Crit::Absent => Ok(alg),
            Crit::Malformed(_) => {
                problems.push(
                    Refusal::CritMalformed.problem("crit must be a non-empty list of strings"),
                );
                Err(Refusal::CritMalformed)
            }
            Crit::Names(names) => {
                problems.push(Refusal::CritNotUnderstood.problem(format!(
                    "crit requires understanding {}, which poolcheck does not implement",
                    names.join(", ")
                )));
                Err(Refusal::CritNotUnderstood)
            }
        }
    }
}

crate::wire::serialize_as_str!(Refusal);
