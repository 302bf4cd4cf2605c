#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Bad input never panics: every parser gets real inputs with bytes flipped, cut and
//! repeated (a deterministic xorshift, so a failure reproduces), and must answer with a
//! value or an error.

use std::path::Path;

use poolcheck_core::cert::{inspect, parse_pem_chain};
use poolcheck_core::filter::{Bindings, CompiledFilter, FilterMode};
use poolcheck_core::keys::parse_keys;
use poolcheck_core::scenario::Scenario;
use poolcheck_core::verify::verify_pasted;
use poolcheck_core::workspace::analyze;
use poolcheck_core::{DecodeOptions, decode_pasted};

const ROUNDS: usize = 1_000;

struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

fn repository_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)).unwrap()
}

/// A damaged copy of `text`: a few bytes replaced, a slice cut out or repeated.
fn mutate(text: &str, random: &mut Xorshift) -> String {
    const ALPHABET: &[u8] = b"{}[]\":,.-_=+/\\ \n0aZ9e\x00\xff";
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..=random.below(4) {
        if bytes.is_empty() {
            break;
        }
        let at = random.below(bytes.len());
        match random.below(3) {
            0 => bytes[at] = ALPHABET[random.below(ALPHABET.len())],
            1 => {
                let end = (at + random.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                let end = (at + random.below(32)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn each_mutation(seed: u64, source: &str, mut check: impl FnMut(&str)) {
    let mut random = Xorshift(seed);
    for _ in 0..ROUNDS {
        check(&mutate(source, &mut random));
    }
}

#[test]
fn damaged_tokens_keys_and_scenarios() {
    let scenario_text = repository_file("examples/scenarios/okta.json");
    let scenario = Scenario::parse(&scenario_text).unwrap();
    let keys = parse_keys(&scenario.providers[0].jwks.to_text(), None).unwrap();
    let options = DecodeOptions { now: 1_767_258_000, leeway_seconds: 0 };
    each_mutation(1, &scenario.token, |token| {
        let _ = decode_pasted(token, &options);
        let _ = verify_pasted(token, &keys);
    });
    each_mutation(2, &scenario.providers[0].jwks.to_text(), |text| {
        if let Ok(keys) = parse_keys(text, None) {
            let _ = verify_pasted(&scenario.token, &keys);
        }
    });
    each_mutation(3, &repository_file("tests/fixtures/keys/jwks-three.json"), |text| {
        let _ = parse_keys(text, None);
    });
    each_mutation(4, &scenario_text, |text| {
        if let Ok(scenario) = Scenario::parse(text) {
            let _ = analyze(&scenario, 0);
        }
    });
}

#[test]
fn damaged_certificates_and_filters() {
    each_mutation(5, &repository_file("tests/fixtures/certs/client-valid-chain.pem"), |pem| {
        if let Ok(chain) = parse_pem_chain(pem) {
            for certificate in &chain {
                let _ = inspect(certificate, 0);
            }
        }
    });
    let claims =
        Bindings::claims(&serde_json::json!({"aud": "kafka", "scp": ["a"], "n": 5})).unwrap();
    let filter = "claims.aud == 'kafka' && ('a' in claims.scp || claims.n > 3) && claims.sub.startsWith(\"x\")";
    each_mutation(6, filter, |source| {
        if let Ok(compiled) = CompiledFilter::compile(source, FilterMode::Claims) {
            let _ = compiled.report(&claims, Some("https://accounts.google.com"));
        }
    });
}
