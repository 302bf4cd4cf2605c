use super::*;

/// RFC 7638 §3.1's example key and its thumbprint.
const RFC7638_KEY: &str = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;

#[test]
fn thumbprint_matches_rfc_7638_example() {
    let set = parse_keys(RFC7638_KEY, None).unwrap();
    assert_eq!(set.source, KeySource::Jwk);
    let info = &set.keys[0].info;
    assert_eq!(info.thumbprint.as_deref(), Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
    assert_eq!(info.size_bits, Some(2048));
    assert_eq!(info.kid.as_deref(), Some("2011-04-29"));
}

#[test]
fn discovery_document_names_the_key_set() {
    let text = r#"{"issuer":"https://example.okta.com/oauth2/default","jwks_uri":"https://example.okta.com/oauth2/default/v1/keys"}"#;
    let set = parse_keys(text, None).unwrap();
    assert_eq!(
        set.source,
        KeySource::Discovery {
            issuer: Some("https://example.okta.com/oauth2/default".into()),
            jwks_uri: Some("https://example.okta.com/oauth2/default/v1/keys".into()),
        }
    );
    assert!(set.keys.is_empty());
    assert_eq!(set.problems[0].code, "discovery_document");
}

#[test]
fn secrets_in_each_encoding() {
    let text = parse_keys("my-secret", Some(SecretEncoding::Text)).unwrap();
    let base64 = parse_keys("bXktc2VjcmV0", Some(SecretEncoding::Base64)).unwrap();
    let base64url = parse_keys("bXktc2VjcmV0", Some(SecretEncoding::Base64Url)).unwrap();
    for set in [&text, &base64, &base64url] {
        assert_eq!(set.source, KeySource::Secret);
        assert_eq!(set.keys[0].info.size_bits, Some(72));
        assert!(set.keys[0].info.warnings.iter().any(|w| w.code == "short_hmac_secret"));
    }
    assert!(matches!(
        parse_keys("a+b/", Some(SecretEncoding::Base64Url)),
        Err(KeyParseError::BadSecret { .. })
    ));
    let padded = parse_keys(" c2VjcmV0 \n", Some(SecretEncoding::Base64)).unwrap();
    assert_eq!(padded.problems[0].code, "secret_whitespace");
}

#[test]
fn text_that_is_not_keys_is_refused_with_a_reason() {
    assert_eq!(parse_keys("  \n", None).unwrap_err(), KeyParseError::Empty);
    assert_eq!(parse_keys("hunter2", None).unwrap_err(), KeyParseError::Unrecognised);
    assert!(matches!(parse_keys("{\"keys\": [", None), Err(KeyParseError::InvalidJson { .. })));
    assert!(matches!(parse_keys("{\"a\": 1}", None), Err(KeyParseError::NotAKeyDocument { .. })));
    assert!(matches!(parse_keys("[{}]", None), Err(KeyParseError::NotAKeyDocument { .. })));
    assert!(matches!(
        parse_keys("-----BEGIN PUBLIC KEY-----\nAAAA\n", None),
        Err(KeyParseError::BadPem { block: 1, .. })
    ));
    let huge = " ".repeat(MAX_KEY_TEXT_BYTES + 1);
    assert!(matches!(parse_keys(&huge, None), Err(KeyParseError::TooLarge { .. })));
    let many = format!("{{\"keys\": [{}]}}", vec!["{}"; MAX_KEYS + 1].join(","));
    assert!(matches!(parse_keys(&many, None), Err(KeyParseError::TooManyKeys { .. })));
}

#[test]
fn bad_keys_get_a_row_with_the_reason() {
    let text = r#"{"keys": [
        {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA", "kid": "short"},
        {"kty": "RSA", "kid": 7},
        {"kty": "oct", "k": "c2VjcmV0PQ=="},
        {"kty": "OKP", "crv": "X25519", "x": "AAAA"},
        "not an object",
        {"kty": "oct", "k": "AAAA", "k": "BBBB"}
    ]}"#;
    let set = parse_keys(text, None).unwrap();
    let errors: Vec<&str> = set.keys.iter().map(|key| key.info.error.as_deref().unwrap()).collect();
    assert!(errors[0].contains("32 bytes"), "{}", errors[0]);
    assert!(errors[1].contains("\"kid\" must be a string"));
    assert!(errors[2].contains("strict base64url"));
    assert!(errors[3].contains("X25519"));
    assert!(errors[4].contains("not a JSON object"));
    assert!(errors[5].contains("appears more than once"));
    assert_eq!(set.usable_count(), 0);
}

#[test]
fn set_warnings_duplicate_kid_private_members_and_mixed_secrets() {
    let text = r#"{"keys": [
        {"kty": "oct", "kid": "a", "k": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"},
        {"kty": "oct", "kid": "a", "k": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"},
        {"kty": "EC", "crv": "P-256", "kid": "b",
         "x": "04N0xi21hshyvBp7I167sbE_bXqyqkAPfefdklMO7wY", "y": "UI8exy-C06a7DUnjIdENkxeFtHM4-l_41LqEw9nVgmw",
         "d": "yy49oPcINGK2ps0LmtxpB6UTEOiITghHBif6wDqmJ3c"}
    ]}"#;
    let set = parse_keys(text, None).unwrap();
    let codes = |index: usize| -> Vec<&str> {
        set.keys[index].info.warnings.iter().map(|w| w.code).collect()
    };
    assert_eq!(codes(0), ["duplicate_kid", "private_key_material"]);
    assert_eq!(codes(2), ["private_key_material"]);
    assert_eq!(set.problems[0].code, "mixed_key_set");
    assert_eq!(set.keys[2].info.curve.as_deref(), Some("P-256"));
}

#[test]
fn pem_private_keys_and_unknown_blocks_are_rows_with_errors() {
    let text = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n\
                -----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n";
    let set = parse_keys(text, None).unwrap();
    assert_eq!(set.source, KeySource::Pem);
    assert!(set.keys[0].info.error.as_deref().unwrap().contains("-pubout"));
    assert_eq!(set.keys[0].info.warnings[0].code, "private_key_material");
    assert!(set.keys[1].info.error.as_deref().unwrap().contains("X509 CRL"));
}
