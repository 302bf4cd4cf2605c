//! Token decoding: everything a read [`Token`] says at one instant, as a report: parts,
//! header findings, claims explained against the clock, and what cannot be trusted.

use serde::Serialize;
use serde_json::Value;

use crate::claims::{self, ClaimRow, Clock, TimeFailure};
use crate::header::Alg;
use crate::problem::Problem;
use crate::token::{NotAToken, Payload, Segment, Token, TokenFormat};

/// Tokens larger than this do not fit the 8 KiB header limit many servers and proxies use.
const LARGE_TOKEN_BYTES: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct DecodeOptions {
    pub now: i64,
    pub leeway_seconds: i64,
}

/// Everything the decoder learned about a token.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TokenReport {
    pub format: TokenFormat,
    /// The compact token with any `Bearer`, quotes and whitespace removed.
    pub token: String,
    pub segments: Vec<Segment>,
    pub header: Option<Value>,
    pub claims: Option<Value>,
    pub payload: Payload,
    pub claim_rows: Vec<ClaimRow>,
    pub lifetime_seconds: Option<i64>,
    pub size_bytes: usize,
    pub now: i64,
    pub problems: Vec<Problem>,
    /// The first time finding a verifier refuses on (see `claims::TimeFailure`).
    #[serde(skip)]
    pub time_failure: Option<TimeFailure>,
}

impl TokenReport {
    /// The header's `alg`, when it is a string.
    pub fn alg(&self) -> Option<&str> {
        self.header.as_ref()?.get("alg")?.as_str()
    }

    /// The header's `kid`, when it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.as_ref()?.get("kid")?.as_str()
    }
}

/// Reads pasted text and decodes it: [`Token::parse`] then [`decode`].
pub fn decode_pasted(input: &str, options: &DecodeOptions) -> Result<TokenReport, NotAToken> {
    Token::parse(input).map(|token| decode(&token, options))
}

/// Decodes a read token into its report at one instant.
pub fn decode(token: &Token, options: &DecodeOptions) -> TokenReport {
    let mut problems = token.reading_problems.clone();
    if let Some(header) = &token.header {
        header.findings(token.format, &mut problems);
    }
    problems.extend(token.payload_problems.iter().cloned());
    let clock = Clock { now: options.now, leeway_seconds: options.leeway_seconds };
    let mut report = TokenReport {
        format: token.format,
        size_bytes: token.text.len(),
        token: token.text.clone(),
        segments: token.segments.clone(),
        header: token.header.as_ref().map(|header| Value::Object(header.members.clone())),
        claims: None,
        payload: token.payload.clone(),
        claim_rows: Vec::new(),
        lifetime_seconds: None,
        now: options.now,
        problems: Vec::new(),
        time_failure: None,
    };
    if token.format == TokenFormat::Jws {
        if let Some(claims) = &token.claims {
            report.claim_rows =
                claims::explain(claims, clock, &mut problems, &mut report.time_failure);
            report.lifetime_seconds = claims::lifetime_seconds(claims);
            claims::check_lifetime(
                report.lifetime_seconds,
                &mut problems,
                &mut report.time_failure,
            );
            report.claims = Some(Value::Object(claims.clone()));
        }
        let signature_len = token.signature.as_ref().map(Vec::len);
        let signed = token
            .header
            .as_ref()
            .is_some_and(|header| matches!(header.alg, Alg::Known(_) | Alg::Unknown(_)));
        check_signature_presence(signed, signature_len, &mut problems);
    } else {
        problems.push(Problem::info(
            "encrypted",
            "this is a JWE: the payload is encrypted and only the holder of the private key can read it",
        ));
    }
    if report.size_bytes > LARGE_TOKEN_BYTES {
        problems.push(Problem::warning(
            "large_token",
            format!(
                "the token is {} bytes; many servers and proxies refuse headers over 8 KiB",
                report.size_bytes
            ),
        ));
    }
    report.problems = problems;
    report
}

/// `signed`: the header names a signature algorithm (not `none`).
fn check_signature_presence(
    signed: bool,
    signature_len: Option<usize>,
    problems: &mut Vec<Problem>,
) {
    if signed && signature_len == Some(0) {
        problems.push(
            Problem::error(
                "signature_missing",
                "the signature part is empty although `alg` names a signature algorithm",
            )
            .with_hint(
                "the token may have been truncated, or had its signature stripped on purpose",
            ),
        );
    }
}
