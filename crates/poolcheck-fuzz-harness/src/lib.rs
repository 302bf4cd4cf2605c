//! The bodies of the fuzz targets. `fuzz/fuzz_targets/<name>.rs` calls the function of the
//! same name, and `tests/regressions.rs` replays `fuzz/regressions/<name>/*` through it, so a
//! saved input runs exactly the code that found it. Each function must not panic on any input;
//! the few `assert!`s state properties that hold for every input.

use arbitrary::{Result as ArbitraryResult, Unstructured};
use poolcheck_core::cert::{self, Certificate};
use poolcheck_core::filter::{
    Bindings, CompiledFilter, FilterMode, check_subset_parser, identity_value,
};
use poolcheck_core::keys::{KeySet, SecretEncoding, parse_keys};
use poolcheck_core::scenario::Scenario;
use poolcheck_core::token::Token;
use poolcheck_core::workspace::Workspace;
use poolcheck_core::{DecodeOptions, decode, fragment, verify};
use serde_json::{Map, Number, Value};

/// A fixed instant (2026-01-01T00:00:00Z): the core has no clock, and a fixed one keeps a
/// saved input reproducible.
pub const NOW: i64 = 1_767_225_600;

/// One target's body: any bytes in, no panic out.
pub type Harness = fn(&[u8]);

/// Every target, by the name of its fuzz target and its `fuzz/regressions/` folder.
pub const TARGETS: &[(&str, Harness)] = &[
    ("token", token),
    ("keys", keys),
    ("filter", filter),
    ("scenario", scenario),
    ("cert", cert),
    ("fragment", fragment),
];

const JWKS_THREE: &str = include_str!("../../../tests/fixtures/keys/jwks-three.json");
/// Tokens a fuzzed key set is asked to verify: one per key family, so each verifier runs.
const SIGNED_TOKENS: [&str; 4] = [
    include_str!("../../../tests/fixtures/keys/tokens/RS256.jwt"),
    include_str!("../../../tests/fixtures/keys/tokens/ES256.jwt"),
    include_str!("../../../tests/fixtures/keys/tokens/EdDSA.jwt"),
    include_str!("../../../tests/fixtures/keys/tokens/HS256.jwt"),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Serializing walks every report field (and the wire names), which a panic may hide in.
fn serialize<T: serde::Serialize>(value: &T) {
    let _ = serde_json::to_string(value);
}

/// Token reading: pasted text → `Token`, then the decoder and the verifier on it.
pub fn token(data: &[u8]) {
    thread_local! {
        // Parsed once: RSA key parsing would otherwise dominate each run.
        static KEYS: (KeySet, KeySet) = (
            parse_keys(JWKS_THREE, None).unwrap_or_else(|_| KeySet::from_secret(b"")),
            KeySet::from_secret(b"your-256-bit-secret"),
        );
    }
    KEYS.with(|(jwks, secret)| read_token(&text(data), jwks, secret));
}

fn read_token(input: &str, jwks: &KeySet, secret: &KeySet) {
    match Token::parse(input) {
        Ok(token) => {
            serialize(&decode(&token, &DecodeOptions { now: NOW, leeway_seconds: 60 }));
            serialize(&verify::verify(&token, jwks));
            serialize(&verify::verify(&token, secret));
            let _ = token.claims_value();
        }
        Err(not_a_token) => serialize(&verify::unreadable(&not_a_token, jwks)),
    }
}

/// Key-set parsing (JWKS, JWK, PEM, discovery documents, secrets); a set that parses then
/// verifies real tokens, so odd key parameters reach the signature code.
pub fn keys(data: &[u8]) {
    let input = text(data);
    if let Ok(set) = parse_keys(&input, None) {
        serialize(&set);
        for signed in SIGNED_TOKENS {
            serialize(&verify::verify_pasted(signed, &set));
        }
    }
    for encoding in [SecretEncoding::Text, SecretEncoding::Base64, SecretEncoding::Base64Url] {
        if let Ok(set) = parse_keys(&input, Some(encoding)) {
            serialize(&set);
        }
    }
}

/// Claim names filters read, so generated claims meet the expressions in the corpus.
const CLAIM_NAMES: &[&str] = &[
    "sub",
    "aud",
    "iss",
    "azp",
    "scp",
    "scope",
    "roles",
    "groups",
    "email",
    "email_verified",
    "tid",
    "gty",
    "permissions",
    "realm_access",
    "exp",
    "iat",
    "nbf",
];
/// Certificate attributes a certificate filter reads as bare names.
const ATTRIBUTE_NAMES: &[&str] = &["CN", "OU", "O", "L", "ST", "C", "emailAddress", "DC", "UID"];
/// Claims values nest at most this deep (real tokens nest two or three levels).
const MAX_DEPTH: u32 = 4;
/// At most this many members or items per object or list.
const MAX_WIDTH: usize = 6;

fn name(u: &mut Unstructured, known: &[&str]) -> ArbitraryResult<String> {
    Ok(if u.ratio(3, 4)? { (*u.choose(known)?).to_owned() } else { u.arbitrary()? })
}

/// A JSON value of bounded depth and width: every JSON kind, and numbers at the edges
/// (huge, negative, fractional) where the CEL conversion has to choose a type.
fn json_value(u: &mut Unstructured, depth: u32) -> ArbitraryResult<Value> {
    let kinds = if depth >= MAX_DEPTH { 5 } else { 7 };
    Ok(match u.int_in_range(0..=kinds - 1)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::Number(Number::from(u.arbitrary::<i64>()?)),
        3 => match u.int_in_range(0..=2)? {
            0 => Value::Number(Number::from(u.arbitrary::<u64>()?)),
            1 => Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
            _ => {
                // Arbitrary precision is on, so a number may be any decimal literal.
                let literal: String =
                    format!("{}e{}", u.arbitrary::<i64>()?, u.arbitrary::<i16>()?);
                serde_json::from_str(&literal).unwrap_or(Value::Null)
            }
        },
        4 => Value::String(name(u, CLAIM_NAMES)?),
        5 => {
            let len = u.int_in_range(0..=MAX_WIDTH)?;
            let mut items = Vec::with_capacity(len);
            for _ in 0..len {
                items.push(json_value(u, depth + 1)?);
            }
            Value::Array(items)
        }
        _ => Value::Object(json_object(u, depth + 1, CLAIM_NAMES)?),
    })
}

fn json_object(
    u: &mut Unstructured,
    depth: u32,
    names: &[&str],
) -> ArbitraryResult<Map<String, Value>> {
    let len = u.int_in_range(0..=MAX_WIDTH)?;
    let mut object = Map::new();
    for _ in 0..len {
        object.insert(name(u, names)?, json_value(u, depth)?);
    }
    Ok(object)
}

/// Filter compile and evaluate: the expression is the input up to its first NUL byte; what
/// follows drives the structured generator for the claims (or certificate attributes).
pub fn filter(data: &[u8]) {
    let (source, rest) = match data.iter().position(|&byte| byte == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let source = text(source);
    let mut u = Unstructured::new(rest);
    let certificate = u.ratio(1, 4).unwrap_or(false);
    let mode = if certificate { FilterMode::Certificate } else { FilterMode::Claims };
    let bindings = if certificate {
        json_object(&mut u, 1, ATTRIBUTE_NAMES).map(|attributes| Bindings::certificate(&attributes))
    } else {
        json_object(&mut u, 0, CLAIM_NAMES).map(|claims| Bindings::claims(&Value::Object(claims)))
    };
    let Ok(Ok(bindings)) = bindings else {
        let _ = CompiledFilter::compile(&source, mode);
        return;
    };
    let _ = identity_value(&source, &bindings);
    // The documented subset's own parser reads only what cel reads, as cel reads it.
    let subset_agrees = check_subset_parser(&source);
    assert!(subset_agrees.is_ok(), "{subset_agrees:?}");
    match CompiledFilter::compile(&source, mode) {
        Ok(compiled) => {
            let evaluated = compiled.evaluate(&bindings);
            let explained = compiled.explain(&bindings);
            // Evaluating answers documented filters directly, explaining always through cel.
            // (Not their error messages: cel prints a map in its hash order, which varies.)
            assert_eq!(
                evaluated.as_bool(),
                explained.result.as_bool(),
                "evaluate and explain disagree on {source:?}"
            );
            serialize(&evaluated);
            serialize(&explained);
            serialize(&compiled.missing_inputs(&bindings));
            serialize(&compiled.report(&bindings, Some("https://issuer.example/")));
            // Minting evaluates the filter against claims it builds itself.
            serialize(&compiled.mint_matching());
            serialize(&compiled.mint_missing());
        }
        Err(error) => {
            let _ = error.caret();
            let _ = error.render();
        }
    }
}

/// Scenario parsing and simulation through the `Workspace`, the pipeline every front end
/// uses; what the workspace exports must read back as a scenario.
pub fn scenario(data: &[u8]) {
    let Ok(scenario) = Scenario::parse(&text(data)) else { return };
    let workspace = Workspace::new(scenario, NOW);
    serialize(&workspace.simulation());
    serialize(&workspace.reports());
    let exported = workspace.scenario().to_json();
    assert!(
        Scenario::parse(&exported).is_ok(),
        "an exported scenario does not read back: {exported}"
    );
}

/// Splits a certificate input: a flag byte (bit 0: a CRL is given, bit 1: a CRL is
/// required), then leaf, intermediate and CA parts, each a big-endian u16 length and its
/// bytes; what remains is the CRL. Short inputs give empty parts.
pub fn split_cert_input(data: &[u8]) -> (u8, [&[u8]; 3], &[u8]) {
    let (flags, mut rest) = data.split_first().map_or((0, &[][..]), |(&flags, rest)| (flags, rest));
    let mut parts: [&[u8]; 3] = [&[]; 3];
    for part in &mut parts {
        let len = match rest {
            [high, low, tail @ ..] => {
                rest = tail;
                usize::from(u16::from_be_bytes([*high, *low]))
            }
            _ => 0,
        };
        let (taken, tail) = rest.split_at(len.min(rest.len()));
        *part = taken;
        rest = tail;
    }
    (flags, parts, rest)
}

/// The inverse of [`split_cert_input`], for making seeds from fixtures.
pub fn join_cert_input(flags: u8, parts: [&[u8]; 3], crl: &[u8]) -> Vec<u8> {
    let mut out = vec![flags];
    for part in parts {
        let len = u16::try_from(part.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&part[..usize::from(len)]);
    }
    out.extend_from_slice(crl);
    out
}

/// A part is PEM (one or more blocks) when it reads as such, else one DER certificate.
fn certificates(part: &[u8]) -> Vec<Certificate> {
    match cert::parse_pem_chain(&text(part)) {
        Ok(chain) => chain,
        Err(_) => Certificate::from_der(part, 1).map(|one| vec![one]).unwrap_or_default(),
    }
}

/// Certificate and CRL parsing, inspection and the chain check at a fixed instant.
pub fn cert(data: &[u8]) {
    let (flags, [leaf, intermediate, ca], crl) = split_cert_input(data);
    let mut client = certificates(leaf);
    client.extend(certificates(intermediate));
    let registered = certificates(ca);
    for certificate in client.iter().chain(&registered) {
        serialize(&cert::dn_bindings(certificate));
        let _ = certificate.display_name();
    }
    serialize(&cert::inspect_all(&client, NOW));
    serialize(&cert::inspect_all(&registered, NOW));
    let crl = (flags & 1 == 1).then_some(crl);
    if let Some(crl) = crl
        && let Ok(parsed) = cert::parse_crl(crl)
    {
        serialize(&parsed.report());
    }
    serialize(&cert::check_chain(&client, &registered, crl, flags & 2 == 2, NOW));
}

/// The URL fragment reader; a share link carries any scenario text unchanged.
pub fn fragment(data: &[u8]) {
    let input = text(data);
    let _ = fragment::parse(&input);
    let shared = fragment::parse(&fragment::share(&input));
    assert_eq!(
        shared.scenario.as_deref(),
        Some(input.as_str()),
        "a share link changed its scenario"
    );
}
