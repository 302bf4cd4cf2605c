//! Public keys from their DER forms: a `SubjectPublicKeyInfo` (PEM `PUBLIC KEY`, and the key of
//! every certificate) or a PKCS#1 `RSAPublicKey` (PEM `RSA PUBLIC KEY`).

use der::Decode as _;
use der::asn1::ObjectIdentifier as Oid;
use spki::SubjectPublicKeyInfoOwned;

use super::key::{Curve, KeyError, PublicKey};

// `new_unwrap` runs in const context: a malformed OID fails the build, never at run time.
pub(crate) const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const RSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
pub(crate) const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
pub(crate) const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
pub(crate) const ED448: Oid = Oid::new_unwrap("1.3.101.113");
pub(crate) const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
pub(crate) const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
pub(crate) const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
pub(crate) const SECP256K1: Oid = Oid::new_unwrap("1.3.132.0.10");

/// The key of a `SubjectPublicKeyInfo`.
#[derive(Debug, Clone)]
pub(crate) struct SubjectKey {
    pub key: PublicKey,
    /// An id-RSASSA-PSS key: RFC 4055 §1.2 allows it RSASSA-PSS signatures only.
    pub pss_only: bool,
}

pub(crate) fn from_spki_der(der_bytes: &[u8]) -> Result<SubjectKey, KeyError> {
    let spki = SubjectPublicKeyInfoOwned::from_der(der_bytes)
        .map_err(|error| KeyError::NotSpki(error.to_string()))?;
    from_spki(&spki)
}

pub(crate) fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<SubjectKey, KeyError> {
    let key_bytes = spki.subject_public_key.as_bytes().ok_or(KeyError::UnusedBits)?;
    let algorithm = spki.algorithm.oid;
    let key = match algorithm {
        RSA_ENCRYPTION | RSA_PSS => from_pkcs1_der(key_bytes)?,
        ED25519 => PublicKey::ed25519(key_bytes)?,
        EC_PUBLIC_KEY => {
            let curve = match spki.algorithm.parameters.as_ref().map(|any| any.decode_as::<Oid>()) {
                Some(Ok(P256)) => Curve::P256,
                Some(Ok(P384)) => Curve::P384,
                Some(Ok(P521)) => Curve::P521,
                Some(Ok(other)) => return Err(KeyError::UnsupportedCurve(curve_name(&other))),
                Some(Err(_)) | None => return Err(KeyError::NoNamedCurve),
            };
            PublicKey::ec_from_sec1(curve, key_bytes)?
        }
        other => return Err(KeyError::UnsupportedAlgorithm(other.to_string())),
    };
    Ok(SubjectKey { key, pss_only: algorithm == RSA_PSS })
}

pub(crate) fn from_pkcs1_der(der_bytes: &[u8]) -> Result<PublicKey, KeyError> {
    let key = pkcs1::RsaPublicKey::from_der(der_bytes)
        .map_err(|error| KeyError::NotPkcs1(error.to_string()))?;
    PublicKey::rsa(key.modulus.as_bytes(), key.public_exponent.as_bytes())
}

/// `P-256`, `secp256k1`, … or the dotted OID.
pub(crate) fn curve_name(oid: &Oid) -> String {
    match *oid {
        P256 => "P-256".to_owned(),
        P384 => "P-384".to_owned(),
        P521 => "P-521".to_owned(),
        SECP256K1 => "secp256k1".to_owned(),
        _ => oid.to_string(),
    }
}
