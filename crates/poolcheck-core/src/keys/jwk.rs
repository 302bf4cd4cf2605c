//! One JWK (RFC 7517 / 7518 / 8037) into a key row and its material.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::material::{self, Material};
use super::{Key, KeyInfo};
use crate::b64;
use crate::crypto::{Curve, KeyError, PublicKey};

/// Members that only a private key has.
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/// Parses one entry of a key set. `duplicates` are member names that appeared twice in it.
pub(super) fn parse(value: &Value, index: usize, origin: String, duplicates: &[String]) -> Key {
    let mut info = KeyInfo::new(index, origin);
    let Value::Object(object) = value else {
        return Key::new(info, Err("not a JSON object".into()));
    };
    let material = describe(object, &mut info).and_then(|()| {
        if let Some(name) = duplicates.first() {
            return Err(format!("member \"{name}\" appears more than once"));
        }
        key_material(object, &mut info)
    });
    let mut key = Key::new(info, material);
    key.has_private_members = PRIVATE_MEMBERS.iter().any(|name| object.contains_key(*name))
        && key.info.kty.as_deref() != Some("oct");
    key
}

/// Fills the descriptive columns; a wrongly typed member makes the key unusable.
fn describe(object: &Map<String, Value>, info: &mut KeyInfo) -> Result<(), String> {
    info.kid = optional_text(object, "kid")?;
    info.kty = optional_text(object, "kty")?;
    info.alg = optional_text(object, "alg")?;
    info.key_use = optional_text(object, "use")?;
    info.key_ops = match object.get("key_ops") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|item| item.as_str().map(String::from))
                .collect::<Option<Vec<_>>>()
                .ok_or("\"key_ops\" must be a list of strings")?,
        ),
        Some(_) => return Err("\"key_ops\" must be a list of strings".into()),
    };
    Ok(())
}

fn key_material(object: &Map<String, Value>, info: &mut KeyInfo) -> Result<Material, String> {
    let kty = info.kty.clone().ok_or("no \"kty\" member")?;
    let own = match kty.as_str() {
        "RSA" => {
            public(PublicKey::rsa(&required_bytes(object, "n")?, &required_bytes(object, "e")?))?
        }
        "EC" => {
            let curve = match required_text(object, "crv")?.as_str() {
                "P-256" => Curve::P256,
                "P-384" => Curve::P384,
                "P-521" => Curve::P521,
                other => return Err(format!("EC curve {other:?} is not one JWS signs with")),
            };
            public(PublicKey::ec_from_coordinates(
                curve,
                &required_bytes(object, "x")?,
                &required_bytes(object, "y")?,
            ))?
        }
        "OKP" => match required_text(object, "crv")?.as_str() {
            "Ed25519" => public(PublicKey::ed25519(&required_bytes(object, "x")?))?,
            other => return Err(format!("OKP curve {other:?} is not supported (only Ed25519)")),
        },
        "oct" => Material::Secret(required_bytes(object, "k")?),
        other => return Err(format!("key type {other:?} is not RSA, EC, OKP or oct")),
    };
    if let Some(chain) = object.get("x5c") {
        check_x5c(chain, &own, info)?;
    }
    Ok(own)
}

fn public(key: Result<PublicKey, KeyError>) -> Result<Material, String> {
    key.map(Material::from).map_err(|error| error.to_string())
}

/// The first `x5c` certificate must hold the same public key as the JWK's own members.
fn check_x5c(chain: &Value, own: &Material, info: &mut KeyInfo) -> Result<(), String> {
    let first = match chain {
        Value::Array(items) => items.first().and_then(Value::as_str),
        _ => None,
    }
    .ok_or("\"x5c\" must be a non-empty list of base64 certificates")?;
    // x5c uses standard base64 with padding (RFC 7517 §4.7), not base64url.
    let der = base64::engine::general_purpose::STANDARD
        .decode(first)
        .map_err(|error| format!("x5c[0] is not base64: {error}"))?;
    let (certified, subject) =
        material::from_certificate_der(&der).map_err(|error| format!("x5c[0]: {error}"))?;
    info.certificate_subject = Some(subject);
    if certified.same_key(own) {
        Ok(())
    } else {
        Err("the x5c certificate holds a different public key than the JWK's own members".into())
    }
}

fn optional_text(object: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match object.get(name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("\"{name}\" must be a string")),
    }
}

fn required_text(object: &Map<String, Value>, name: &str) -> Result<String, String> {
    optional_text(object, name)?.ok_or_else(|| format!("no \"{name}\" member"))
}

/// Key members are base64url without padding; any deviation makes the key unusable.
fn required_bytes(object: &Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    let text = required_text(object, name)?;
    b64::decode_strict(&text)
        .map_err(|error| format!("\"{name}\" is not strict base64url: {error}"))
}
