#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use poolcheck_core::b64::URL_SAFE_NO_PAD;
use poolcheck_core::claims::TimeStatus;
use poolcheck_core::token::{Payload, SegmentRole, TokenFormat};
use poolcheck_core::{DecodeOptions, Severity, TokenReport, decode_pasted};
use serde_json::json;

/// RFC 7519 §3.1: the example JWT, with its CRLFs inside the JSON.
const RFC7519_TOKEN: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn options() -> DecodeOptions {
    DecodeOptions { now: NOW, leeway_seconds: 0 }
}

fn token(header: &str, payload: &[u8], signature: &str) -> String {
    format!("{}.{}.{signature}", URL_SAFE_NO_PAD.encode(header), URL_SAFE_NO_PAD.encode(payload))
}

fn codes(report: &TokenReport) -> Vec<&'static str> {
    report.problems.iter().map(|p| p.code).collect()
}

#[test]
fn decodes_the_rfc_7519_example() {
    let report = decode_pasted(RFC7519_TOKEN, &options()).unwrap();
    assert_eq!(report.format, TokenFormat::Jws);
    assert_eq!(report.header, Some(json!({"typ": "JWT", "alg": "HS256"})));
    assert_eq!(
        report.claims,
        Some(json!({"iss": "joe", "exp": 1_300_819_380, "http://example.com/is_root": true}))
    );
    assert_eq!(report.payload, Payload::Claims);
    let exp = report.claim_rows.iter().find(|row| row.name == "exp").unwrap();
    let time = exp.time.as_ref().unwrap();
    assert_eq!(time.iso, "2011-03-22T18:43:00Z");
    assert_eq!(time.status, TimeStatus::Expired);
    assert_eq!(time.relative, "expired 14 years ago");
    assert_eq!(
        report.segments.iter().map(|s| s.role).collect::<Vec<_>>(),
        [SegmentRole::Header, SegmentRole::Payload, SegmentRole::Signature]
    );
    assert_eq!(report.segments[2].decoded_len, Some(32));
    assert_eq!(codes(&report), ["no_kid", "expired"]);
    assert_eq!(report.size_bytes, RFC7519_TOKEN.len());
}

#[test]
fn accepts_what_people_paste_around_a_token() {
    for pasted in [
        format!("  {RFC7519_TOKEN}\n"),
        format!("Bearer {RFC7519_TOKEN}"),
        format!("bearer\t{RFC7519_TOKEN}"),
        format!("Authorization: Bearer {RFC7519_TOKEN}\r\n"),
        format!("\"{RFC7519_TOKEN}\""),
        format!("'{RFC7519_TOKEN}'"),
    ] {
        let report = decode_pasted(&pasted, &options()).unwrap();
        assert_eq!(report.token, RFC7519_TOKEN, "{pasted:?}");
        assert!(!codes(&report).contains(&"whitespace_in_token"));
    }
    let wrapped = format!("{}\n{}", &RFC7519_TOKEN[..40], &RFC7519_TOKEN[40..]);
    let report = decode_pasted(&wrapped, &options()).unwrap();
    assert_eq!(report.token, RFC7519_TOKEN);
    assert!(codes(&report).contains(&"whitespace_in_token"));
}

#[test]
fn refuses_what_is_not_a_token_with_a_specific_reason() {
    let not = |input: &str| decode_pasted(input, &options()).unwrap_err();
    assert_eq!(not("").code, "empty");
    assert_eq!(not("Bearer   ").code, "empty");
    let one = not("abcdef");
    assert_eq!(one.code, "wrong_part_count");
    assert!(one.message.contains("no dots"));
    let two = not("a.b");
    assert!(two.message.contains("2 dot-separated parts"), "{}", two.message);
    assert!(two.hint.unwrap().contains("cut off"));
    assert!(not("a.b.c.d").message.contains("4 dot-separated parts"));
    assert_eq!(not(r#"{"sub":"x"}"#).code, "json_not_token");
    assert_eq!(not(&"a".repeat(300_000)).code, "too_large");
}

#[test]
fn names_the_part_and_byte_that_is_not_base64url() {
    let report = decode_pasted("eyJhbGciOiJIUzI1NiJ9.ab*c.sig", &options()).unwrap();
    let problem = report.problems.iter().find(|p| p.code == "b64_invalid").unwrap();
    assert_eq!(
        problem.message,
        "the payload part is not base64url: character '*' at byte 2 is not base64url (byte 23 of the token)"
    );
    assert_eq!(report.payload, Payload::Undecodable);
    assert!(report.header.is_some(), "the header still decodes");
}

#[test]
fn reports_each_base64url_deviation() {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","kid":"k"}"#);
    let padded = format!("{header}==");
    let report = decode_pasted(&format!("{header}.e30=.QR"), &options()).unwrap();
    assert!(codes(&report).contains(&"b64_padding"));
    assert!(codes(&report).contains(&"b64_trailing_bits"));
    let report = decode_pasted(&format!("{padded}.e30.-_8"), &options());
    // `{header}==` pads a length that needs none: still decodes, with a warning.
    assert!(codes(&report.unwrap()).contains(&"b64_padding"));
    let report = decode_pasted(&format!("{header}.e30.+/8"), &options()).unwrap();
    assert!(codes(&report).contains(&"b64_standard_alphabet"));
    assert!(
        report
            .problems
            .iter()
            .filter(|p| p.code.starts_with("b64_"))
            .all(|p| p.severity == Severity::Warning)
    );
}

#[test]
fn flags_duplicate_members_as_errors() {
    let report = decode_pasted(
        &token(r#"{"alg":"HS256","alg":"none"}"#, br#"{"sub":"a","sub":"b"}"#, "c2ln"),
        &options(),
    )
    .unwrap();
    let duplicates: Vec<_> =
        report.problems.iter().filter(|p| p.code == "duplicate_member").collect();
    assert_eq!(duplicates.len(), 2);
    assert!(duplicates.iter().all(|p| p.severity == Severity::Error));
    assert!(duplicates[0].message.contains("header has the member /alg"));
    assert!(duplicates[1].message.contains("payload has the member /sub"));
}

#[test]
fn shows_payloads_that_are_not_claims() {
    let report = decode_pasted(&token(r#"{"alg":"HS256"}"#, b"[1,2]", "c2ln"), &options()).unwrap();
    assert_eq!(report.payload, Payload::Json { value: json!([1, 2]) });
    assert_eq!(report.claims, None);
    let report = decode_pasted(
        &token(r#"{"alg":"HS256"}"#, b"It\xe2\x80\x99s a dangerous business", "c2ln"),
        &options(),
    )
    .unwrap();
    assert_eq!(report.payload, Payload::Text { text: "It’s a dangerous business".into() });
    let report =
        decode_pasted(&token(r#"{"alg":"HS256"}"#, &[0xff, 0x00, 0x10], "c2ln"), &options())
            .unwrap();
    assert_eq!(report.payload, Payload::Binary { hex: "ff0010".into() });
}

#[test]
fn keeps_numbers_beyond_2_pow_53_exactly() {
    let payload = br#"{"sub":"x","exp":1767229200,"big":12345678901234567891,"bigger":123456789012345678901234567890,"f":0.1000000000000000055511151231257827}"#;
    let report =
        decode_pasted(&token(r#"{"alg":"HS256","kid":"k"}"#, payload, "c2ln"), &options()).unwrap();
    assert_eq!(serde_json::to_string(&report.claims).unwrap().as_bytes(), payload);
}

#[test]
fn header_findings() {
    let report =
        decode_pasted(&token(r#"{"alg":"NoNe"}"#, br#"{"exp":1767229200}"#, ""), &options())
            .unwrap();
    assert!(codes(&report).contains(&"alg_none"));
    let header = r#"{"alg":"RS256","kid":"k","jwk":{},"jku":"https://evil","x5u":"u","x5c":[],"crit":["exp"],"typ":"at+jwt"}"#;
    let report =
        decode_pasted(&token(header, br#"{"exp":1767229200}"#, "c2ln"), &options()).unwrap();
    assert_eq!(codes(&report).iter().filter(|c| **c == "embedded_key").count(), 4);
    assert!(codes(&report).contains(&"crit"));
    assert!(codes(&report).contains(&"typ"));
    let report = decode_pasted(
        &token(r#"{"alg":"RS256","kid":"k","crit":"exp"}"#, br#"{"exp":1767229200}"#, "c2ln"),
        &options(),
    )
    .unwrap();
    assert!(codes(&report).contains(&"crit_malformed"));
    let report =
        decode_pasted(&token(r#"{"kid":"k"}"#, br#"{"exp":1767229200}"#, "c2ln"), &options())
            .unwrap();
    assert!(codes(&report).contains(&"alg_missing"));
    let report = decode_pasted(
        &token(r#"{"alg":"RS256","kid":"k"}"#, br#"{"exp":1767229200}"#, ""),
        &options(),
    )
    .unwrap();
    assert!(codes(&report).contains(&"signature_missing"));
}

#[test]
fn header_that_is_not_json_leaves_the_payload_readable() {
    let report = decode_pasted(
        &format!("bm90IGpzb24.{}.c2ln", URL_SAFE_NO_PAD.encode(r#"{"sub":"x"}"#)),
        &options(),
    )
    .unwrap();
    assert_eq!(report.header, None);
    assert!(codes(&report).contains(&"header_not_json"));
    assert_eq!(report.claims, Some(json!({"sub": "x"})));
}

#[test]
fn decodes_a_jwe_header_only() {
    // RFC 7516 appendix A.1 header, other parts shortened.
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
    let report = decode_pasted(&format!("{header}.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ"), &options()).unwrap();
    assert_eq!(report.format, TokenFormat::Jwe);
    assert_eq!(report.payload, Payload::Encrypted);
    assert_eq!(report.header.as_ref().unwrap()["enc"], "A256GCM");
    assert_eq!(codes(&report).first(), Some(&"encrypted"));
}

#[test]
fn lifetime_and_time_badges_relative_to_now() {
    let payload = json!({"iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 840}).to_string();
    let report = decode_pasted(
        &token(r#"{"alg":"HS256","kid":"k"}"#, payload.as_bytes(), "c2ln"),
        &options(),
    )
    .unwrap();
    assert_eq!(report.lifetime_seconds, Some(900));
    let relative: Vec<_> =
        report.claim_rows.iter().map(|r| r.time.as_ref().unwrap().relative.as_str()).collect();
    assert_eq!(relative, ["1 min ago", "valid since 1 min ago", "expires in 14 min"]);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn pathological_inputs_never_panic() {
    let deep = format!("{}.e30.c2ln", URL_SAFE_NO_PAD.encode("[".repeat(50_000)));
    assert!(codes(&decode_pasted(&deep, &options()).unwrap()).contains(&"header_not_json"));
    for input in [
        "...",
        "..",
        ".e30.",
        "e30..",
        "\u{0}.\u{0}.\u{0}",
        "Bearer",
        "Authorization:",
        "ü.ü.ü",
        "''",
        "\"\"",
    ] {
        let _ = decode_pasted(input, &options());
    }
    let extreme = DecodeOptions { now: i64::MAX, leeway_seconds: i64::MAX };
    let payload = json!({"exp": 253_402_300_799_i64, "iat": -62_167_219_200_i64, "nbf": 0});
    let _ = decode_pasted(
        &token(r#"{"alg":"HS256"}"#, payload.to_string().as_bytes(), "c2ln"),
        &extreme,
    );
    let extreme = DecodeOptions { now: i64::MIN, leeway_seconds: i64::MIN };
    let _ = decode_pasted(
        &token(r#"{"alg":"HS256"}"#, payload.to_string().as_bytes(), "c2ln"),
        &extreme,
    );
}

#[test]
fn a_number_too_large_for_a_double_is_named() {
    let payload = br#"{"sub": "app", "exp": 1767229200, "x": 1e400, "y": {"z": [-1e999]}}"#;
    let report = decode_pasted(&token(r#"{"alg":"RS256"}"#, payload, "c2ln"), &options()).unwrap();
    let messages: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.code == "number_out_of_range")
        .inspect(|p| assert_eq!(p.severity, Severity::Warning))
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "claim `x` holds a number too large for a double (claims.x)",
            "claim `y` holds a number too large for a double (claims.y.z[0])",
        ]
    );
}
