//! A token being written in the builder: the claims and header as JSON text the user edits,
//! the helpers that change that text (`iat` now, `exp` in an hour, a fresh `jti`, `aud` as a
//! string or a list) and a starting point per identity provider. Signing is elsewhere (the
//! `builder` feature); this is plain JSON editing, so the app's main thread can do it.

use serde_json::{Map, Value};

use crate::commands::{CommandError, json_object};

/// One change a helper button makes to the claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimHelper {
    IatNow,
    /// `exp` this many seconds after now.
    ExpIn(i64),
    NbfNow,
    /// A `jti` from the caller's random bytes (core has no randomness of its own).
    Jti([u8; 16]),
    /// `aud` as one string (the first of a list).
    AudString,
    /// `aud` as a list (of the one string).
    AudList,
}

/// A starting point: claims shaped as an identity provider issues them for a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub label: &'static str,
    /// The claims, `iat`/`nbf`/`exp` left out: [`template_claims`] sets them from now.
    claims: &'static str,
    /// Seconds the provider's tokens live.
    lifetime: i64,
}

/// One per identity provider in the examples, with the examples' issuers, so a token made
/// from one is accepted by the example's provider once signed with its key.
pub const TEMPLATES: &[Template] = &[
    Template {
        label: "Auth0 machine-to-machine",
        claims: r#"{"iss": "https://poolcheck-demo.us.auth0.com/", "sub": "N4xGq7hKc1TzB2mV9pLw@clients", "aud": "https://kafka.poolcheck.example/", "gty": "client-credentials", "azp": "N4xGq7hKc1TzB2mV9pLw", "scope": "kafka:produce kafka:consume"}"#,
        lifetime: 86_400,
    },
    Template {
        label: "Okta",
        claims: r#"{"ver": 1, "jti": "AT.poolcheck-demo", "iss": "https://poolcheck-demo.okta.com/oauth2/default", "aud": "api://kafka", "cid": "0oa9poolcheckdemo5d7", "scp": ["kafka.produce", "kafka.consume"], "sub": "0oa9poolcheckdemo5d7"}"#,
        lifetime: 3600,
    },
    Template {
        label: "Entra ID v1 (sts.windows.net)",
        claims: r#"{"aud": "api://5d2e9b71-0c3f-4a86-b1e7-93f4c2a8d610", "iss": "https://sts.windows.net/8c1f4a2e-5b7d-4e3a-9f60-2d4b8e1c7a35/", "appid": "f3c86e2a-7d41-4b09-a5e2-6c1d9b0f4e73", "appidacr": "1", "idp": "https://sts.windows.net/8c1f4a2e-5b7d-4e3a-9f60-2d4b8e1c7a35/", "oid": "b7e0d2c4-19a6-4f3e-8d51-0a6c2e9f7b18", "roles": ["Kafka.Producer"], "sub": "b7e0d2c4-19a6-4f3e-8d51-0a6c2e9f7b18", "tid": "8c1f4a2e-5b7d-4e3a-9f60-2d4b8e1c7a35", "ver": "1.0"}"#,
        lifetime: 3899,
    },
    Template {
        label: "Entra ID v2",
        claims: r#"{"aud": "5d2e9b71-0c3f-4a86-b1e7-93f4c2a8d610", "iss": "https://login.microsoftonline.com/8c1f4a2e-5b7d-4e3a-9f60-2d4b8e1c7a35/v2.0", "azp": "f3c86e2a-7d41-4b09-a5e2-6c1d9b0f4e73", "azpacr": "1", "oid": "b7e0d2c4-19a6-4f3e-8d51-0a6c2e9f7b18", "roles": ["Kafka.Producer"], "sub": "b7e0d2c4-19a6-4f3e-8d51-0a6c2e9f7b18", "tid": "8c1f4a2e-5b7d-4e3a-9f60-2d4b8e1c7a35", "ver": "2.0"}"#,
        lifetime: 3899,
    },
    Template {
        label: "Keycloak service account",
        claims: r#"{"iss": "https://keycloak.poolcheck.example/realms/kafka", "aud": "kafka-broker", "sub": "3f6c9e12-8b4a-47d5-a0e3-c2b71d945f08", "typ": "Bearer", "azp": "kafka-producer", "realm_access": {"roles": ["kafka-producer", "offline_access"]}, "scope": "profile email", "clientId": "kafka-producer", "preferred_username": "service-account-kafka-producer"}"#,
        lifetime: 300,
    },
    Template {
        label: "Cloudentity M2M",
        claims: r#"{"iss": "https://poolcheck.us.authz.cloudentity.io/poolcheck/kafka", "aud": ["fe11bc101a834add902baf7b9f61dc10", "kafka"], "sub": "fe11bc101a834add902baf7b9f61dc10", "scp": ["introspect_tokens", "revoke_tokens"], "st": "public", "tid": "poolcheck"}"#,
        lifetime: 3600,
    },
    Template {
        label: "Google service account",
        claims: r#"{"iss": "https://accounts.google.com", "aud": "kafka-poolcheck-demo", "azp": "108273645091827364510", "email": "kafka-producer@poolcheck-demo.iam.gserviceaccount.com", "email_verified": true, "sub": "108273645091827364510"}"#,
        lifetime: 3600,
    },
];

/// A template's claims issued at `now`, as the builder's claims text.
pub fn template_claims(template: &Template, now: i64) -> String {
    let mut claims = match serde_json::from_str(template.claims) {
        Ok(Value::Object(claims)) => claims,
        _ => Map::new(),
    };
    claims.insert("iat".into(), now.into());
    claims.insert("nbf".into(), now.into());
    claims.insert("exp".into(), now.saturating_add(template.lifetime).into());
    pretty(&claims)
}

/// The claims text with `helper` applied. Text that is not a JSON object is an error that
/// says so, and the text stays as the user left it.
pub fn apply(claims: &str, helper: &ClaimHelper, now: i64) -> Result<String, CommandError> {
    let mut object = json_object("the claims", claims)?;
    match helper {
        ClaimHelper::IatNow => {
            object.insert("iat".into(), now.into());
        }
        ClaimHelper::ExpIn(seconds) => {
            object.insert("exp".into(), now.saturating_add(*seconds).into());
        }
        ClaimHelper::NbfNow => {
            object.insert("nbf".into(), now.into());
        }
        ClaimHelper::Jti(bytes) => {
            object.insert("jti".into(), uuid_v4(*bytes).into());
        }
        ClaimHelper::AudString => {
            let first = match object.get("aud") {
                Some(Value::Array(items)) => items.first().cloned().unwrap_or_default(),
                Some(other) => other.clone(),
                None => Value::String(String::new()),
            };
            object.insert("aud".into(), first);
        }
        ClaimHelper::AudList => {
            let list = match object.remove("aud") {
                Some(Value::Array(items)) => items,
                Some(other) => vec![other],
                None => Vec::new(),
            };
            object.insert("aud".into(), Value::Array(list));
        }
    }
    Ok(pretty(&object))
}

/// Two-space indented JSON, as the builder shows it.
pub fn pretty(object: &Map<String, Value>) -> String {
    serde_json::to_string_pretty(object).unwrap_or_default()
}

/// RFC 9562 §5.4: random bits with the version (4) and variant (10) fields set.
fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn helpers_edit_the_claims_text() {
        let now = 1_767_258_000;
        let text = apply(r#"{"aud": "kafka"}"#, &ClaimHelper::IatNow, now).unwrap();
        let text = apply(&text, &ClaimHelper::ExpIn(3600), now).unwrap();
        let text = apply(&text, &ClaimHelper::AudList, now).unwrap();
        let claims = json_object("the claims", &text).unwrap();
        assert_eq!(claims["iat"], now);
        assert_eq!(claims["exp"], now + 3600);
        assert_eq!(claims["aud"], serde_json::json!(["kafka"]));
        let text = apply(&text, &ClaimHelper::AudString, now).unwrap();
        assert_eq!(json_object("the claims", &text).unwrap()["aud"], "kafka");
        let jti = apply("{}", &ClaimHelper::Jti([0xff; 16]), now).unwrap();
        assert!(jti.contains("ffffffff-ffff-4fff-bfff-ffffffffffff"), "{jti}");
    }

    #[test]
    fn text_that_is_not_an_object_is_refused_with_the_reason() {
        let error = apply("[1]", &ClaimHelper::IatNow, 0).unwrap_err();
        assert_eq!(error.message, "the claims: not a JSON object");
        let error = apply("{", &ClaimHelper::IatNow, 0).unwrap_err();
        assert!(error.message.starts_with("the claims: not JSON: "), "{}", error.message);
    }

    #[test]
    fn every_template_is_an_object_with_an_issuer_and_a_lifetime() {
        for template in TEMPLATES {
            let claims = json_object(template.label, &template_claims(template, 100)).unwrap();
            assert!(claims["iss"].as_str().unwrap().starts_with("https://"), "{}", template.label);
            assert!(claims["exp"].as_i64().unwrap() > 100, "{}", template.label);
        }
    }
}
