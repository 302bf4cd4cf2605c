//! Signature algorithms of certificates and CRLs: their names, and their verification with the
//! shared verifier ([`crate::crypto`]).

use der::Decode as _;
use der::asn1::ObjectIdentifier as Oid;
use serde::Serialize;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use crate::crypto::{
    self, EC_PUBLIC_KEY, ED448, ED25519, EcdsaEncoding, Hash, KeyError, P256, P384, P521,
    RSA_ENCRYPTION, RSA_PSS, SECP256K1, Scheme,
};

// `new_unwrap` runs in const context: a malformed OID fails the build, never at run time.
const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
const SHA1_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
const MD5_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.4");
const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");
const ECDSA_SHA1: Oid = Oid::new_unwrap("1.2.840.10045.4.1");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
const MGF1: Oid = Oid::new_unwrap("1.2.840.113549.1.1.8");

fn hash_from_oid(oid: &Oid) -> Option<Hash> {
    match *oid {
        SHA256 => Some(Hash::Sha256),
        SHA384 => Some(Hash::Sha384),
        SHA512 => Some(Hash::Sha512),
        _ => None,
    }
}

/// A signature algorithm as shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SignatureAlgorithmReport {
    pub oid: String,
    /// `sha256WithRSAEncryption`, `RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)`,
    /// `ecdsa-with-SHA384`, `Ed25519`, … or the OID when unknown.
    pub name: String,
    /// Whether poolcheck can verify signatures made with it.
    pub supported: bool,
}

pub(crate) fn describe(algorithm: &AlgorithmIdentifierOwned) -> SignatureAlgorithmReport {
    let parsed = parse(algorithm);
    let name = match (&parsed, algorithm.oid) {
        (Ok(Scheme::RsaPss { hash, salt_len }), _) => {
            format!("RSASSA-PSS ({}, MGF1 {}, salt {salt_len})", hash.name(), hash.name())
        }
        (_, SHA256_WITH_RSA) => "sha256WithRSAEncryption".to_owned(),
        (_, SHA384_WITH_RSA) => "sha384WithRSAEncryption".to_owned(),
        (_, SHA512_WITH_RSA) => "sha512WithRSAEncryption".to_owned(),
        (_, SHA1_WITH_RSA) => "sha1WithRSAEncryption".to_owned(),
        (_, MD5_WITH_RSA) => "md5WithRSAEncryption".to_owned(),
        (_, RSA_PSS) => "RSASSA-PSS".to_owned(),
        (_, ECDSA_SHA256) => "ecdsa-with-SHA256".to_owned(),
        (_, ECDSA_SHA384) => "ecdsa-with-SHA384".to_owned(),
        (_, ECDSA_SHA512) => "ecdsa-with-SHA512".to_owned(),
        (_, ECDSA_SHA1) => "ecdsa-with-SHA1".to_owned(),
        (_, ED25519) => "Ed25519".to_owned(),
        (_, ED448) => "Ed448".to_owned(),
        (_, oid) => oid.to_string(),
    };
    SignatureAlgorithmReport { oid: algorithm.oid.to_string(), name, supported: parsed.is_ok() }
}

fn parse(algorithm: &AlgorithmIdentifierOwned) -> Result<Scheme, String> {
    let plain = |scheme| {
        // RFC 4055 allows NULL or absent parameters for the PKCS#1 v1.5 algorithms.
        match &algorithm.parameters {
            Some(p) if der::Tagged::tag(p) != der::Tag::Null => {
                Err("unexpected parameters".to_owned())
            }
            _ => Ok(scheme),
        }
    };
    let ecdsa = |hash| Ok(Scheme::Ecdsa { hash, encoding: EcdsaEncoding::Der });
    match algorithm.oid {
        SHA256_WITH_RSA => plain(Scheme::RsaPkcs1(Hash::Sha256)),
        SHA384_WITH_RSA => plain(Scheme::RsaPkcs1(Hash::Sha384)),
        SHA512_WITH_RSA => plain(Scheme::RsaPkcs1(Hash::Sha512)),
        ECDSA_SHA256 => ecdsa(Hash::Sha256),
        ECDSA_SHA384 => ecdsa(Hash::Sha384),
        ECDSA_SHA512 => ecdsa(Hash::Sha512),
        ED25519 => Ok(Scheme::Ed25519),
        RSA_PSS => parse_pss(algorithm),
        SHA1_WITH_RSA | ECDSA_SHA1 | MD5_WITH_RSA => {
            Err("SHA-1 and MD5 signatures are not accepted".to_owned())
        }
        _ => Err("not a supported signature algorithm".to_owned()),
    }
}

fn parse_pss(algorithm: &AlgorithmIdentifierOwned) -> Result<Scheme, String> {
    let params = algorithm.parameters.as_ref().ok_or("RSASSA-PSS without parameters")?;
    let der = der::Encode::to_der(params).map_err(|e| e.to_string())?;
    let params = rsa::pkcs1::RsaPssParams::from_der(&der)
        .map_err(|e| format!("bad RSASSA-PSS parameters: {e}"))?;
    let hash = hash_from_oid(&params.hash.oid).ok_or("RSASSA-PSS hash must be SHA-2")?;
    let mgf_hash = params
        .mask_gen
        .parameters
        .as_ref()
        .and_then(|p| hash_from_oid(&p.oid))
        .filter(|_| params.mask_gen.oid == MGF1)
        .ok_or("RSASSA-PSS mask generation must be MGF1 with SHA-2")?;
    if mgf_hash != hash {
        return Err("RSASSA-PSS with different message and MGF1 hashes".to_owned());
    }
    Ok(Scheme::RsaPss { hash, salt_len: usize::from(params.salt_len) })
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VerifyError {
    Unsupported(String),
    KeyMismatch(String),
    BadKey(KeyError),
    SignedPartMissing,
    Invalid(crypto::VerifyError),
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unsupported(why) => write!(f, "unsupported algorithm: {why}"),
            Self::KeyMismatch(why) => write!(f, "algorithm does not fit the issuer's key: {why}"),
            Self::BadKey(why) => write!(f, "the issuer's public key is unusable: {why}"),
            Self::SignedPartMissing => f.write_str("the signed part cannot be located"),
            Self::Invalid(crypto::VerifyError::Mismatch) => {
                f.write_str("the signature does not verify")
            }
            Self::Invalid(why) => write!(f, "the signature does not verify: {why}"),
        }
    }
}

/// Verifies `signature` over `signed` with the issuer's key.
pub(crate) fn verify(
    issuer_key: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    signed: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let scheme = parse(algorithm).map_err(VerifyError::Unsupported)?;
    let issuer = crypto::from_spki(issuer_key).map_err(|error| match error {
        KeyError::UnsupportedAlgorithm(_) | KeyError::UnsupportedCurve(_) => {
            VerifyError::Unsupported(error.to_string())
        }
        other => VerifyError::BadKey(other),
    })?;
    if issuer.pss_only && !matches!(scheme, Scheme::RsaPss { .. }) {
        return Err(VerifyError::KeyMismatch(
            "an id-RSASSA-PSS key only makes RSASSA-PSS signatures".into(),
        ));
    }
    crypto::verify(&issuer.key, scheme, signed, signature).map_err(|error| match error {
        crypto::VerifyError::WrongKeyType => VerifyError::KeyMismatch(format!(
            "the signature needs {}, the issuer's key is {}",
            scheme.key_kind(),
            describe_key(issuer_key).0
        )),
        other => VerifyError::Invalid(other),
    })
}

/// A public key as shown to people: algorithm, size or curve.
pub(crate) fn describe_key(
    key: &SubjectPublicKeyInfoOwned,
) -> (String, Option<u32>, Option<String>) {
    match key.algorithm.oid {
        RSA_ENCRYPTION | RSA_PSS => {
            let bits = rsa::pkcs1::RsaPublicKey::from_der(key.subject_public_key.raw_bytes())
                .ok()
                .map(|k| modulus_bits(k.modulus.as_bytes()));
            let name = if key.algorithm.oid == RSA_PSS { "RSASSA-PSS" } else { "RSA" };
            (name.to_owned(), bits, None)
        }
        EC_PUBLIC_KEY => {
            let curve = key.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<Oid>().ok());
            let bits = match curve {
                Some(P256) | Some(SECP256K1) => Some(256),
                Some(P384) => Some(384),
                Some(P521) => Some(521),
                _ => None,
            };
            ("EC".to_owned(), bits, curve.as_ref().map(crypto::curve_name))
        }
        ED25519 => ("Ed25519".to_owned(), Some(256), None),
        ED448 => ("Ed448".to_owned(), Some(456), None),
        oid => (oid.to_string(), None, None),
    }
}

fn modulus_bits(modulus: &[u8]) -> u32 {
    let significant: Vec<u8> = modulus.iter().copied().skip_while(|&b| b == 0).collect();
    match significant.first() {
        Some(first) => {
            let len = u32::try_from(significant.len()).unwrap_or(u32::MAX / 8);
            len.saturating_mul(8).saturating_sub(first.leading_zeros())
        }
        None => 0,
    }
}
