//! Signature algorithms of certificates and CRLs, and their verification.

use der::Decode as _;
use der::asn1::ObjectIdentifier as Oid;
use serde::Serialize;
use sha2::{Digest as _, Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const RSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
const SHA1_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
const MD5_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.4");
const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");
const ECDSA_SHA1: Oid = Oid::new_unwrap("1.2.840.10045.4.1");
const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
const ED448: Oid = Oid::new_unwrap("1.3.101.113");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
const MGF1: Oid = Oid::new_unwrap("1.2.840.113549.1.1.8");
const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
const SECP256K1: Oid = Oid::new_unwrap("1.3.132.0.10");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn from_oid(oid: &Oid) -> Option<Self> {
        match *oid {
            SHA256 => Some(Self::Sha256),
            SHA384 => Some(Self::Sha384),
            SHA512 => Some(Self::Sha512),
            _ => None,
        }
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha256 => Sha256::digest(data).to_vec(),
            Self::Sha384 => Sha384::digest(data).to_vec(),
            Self::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }
}

/// The signature algorithms poolcheck verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    RsaPkcs1(Hash),
    RsaPss { hash: Hash, salt_len: usize },
    Ecdsa(Hash),
    Ed25519,
}

/// A signature algorithm as shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        (Ok(Algorithm::RsaPss { hash, salt_len }), _) => {
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

fn parse(algorithm: &AlgorithmIdentifierOwned) -> Result<Algorithm, String> {
    let plain = |alg| {
        // RFC 4055 allows NULL or absent parameters for the PKCS#1 v1.5 algorithms.
        match &algorithm.parameters {
            Some(p) if der::Tagged::tag(p) != der::Tag::Null => {
                Err("unexpected parameters".to_owned())
            }
            _ => Ok(alg),
        }
    };
    match algorithm.oid {
        SHA256_WITH_RSA => plain(Algorithm::RsaPkcs1(Hash::Sha256)),
        SHA384_WITH_RSA => plain(Algorithm::RsaPkcs1(Hash::Sha384)),
        SHA512_WITH_RSA => plain(Algorithm::RsaPkcs1(Hash::Sha512)),
        ECDSA_SHA256 => Ok(Algorithm::Ecdsa(Hash::Sha256)),
        ECDSA_SHA384 => Ok(Algorithm::Ecdsa(Hash::Sha384)),
        ECDSA_SHA512 => Ok(Algorithm::Ecdsa(Hash::Sha512)),
        ED25519 => Ok(Algorithm::Ed25519),
        RSA_PSS => parse_pss(algorithm),
        SHA1_WITH_RSA | ECDSA_SHA1 | MD5_WITH_RSA => {
            Err("SHA-1 and MD5 signatures are not accepted".to_owned())
        }
        _ => Err("not a supported signature algorithm".to_owned()),
    }
}

fn parse_pss(algorithm: &AlgorithmIdentifierOwned) -> Result<Algorithm, String> {
    let params = algorithm.parameters.as_ref().ok_or("RSASSA-PSS without parameters")?;
    let der = der::Encode::to_der(params).map_err(|e| e.to_string())?;
    let params = rsa::pkcs1::RsaPssParams::from_der(&der)
        .map_err(|e| format!("bad RSASSA-PSS parameters: {e}"))?;
    let hash = Hash::from_oid(&params.hash.oid).ok_or("RSASSA-PSS hash must be SHA-2")?;
    let mgf_hash = params
        .mask_gen
        .parameters
        .as_ref()
        .and_then(|p| Hash::from_oid(&p.oid))
        .filter(|_| params.mask_gen.oid == MGF1)
        .ok_or("RSASSA-PSS mask generation must be MGF1 with SHA-2")?;
    if mgf_hash != hash {
        return Err("RSASSA-PSS with different message and MGF1 hashes".to_owned());
    }
    Ok(Algorithm::RsaPss { hash, salt_len: usize::from(params.salt_len) })
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VerifyError {
    Unsupported(String),
    KeyMismatch(String),
    BadKey(String),
    Invalid,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unsupported(why) => write!(f, "unsupported algorithm: {why}"),
            Self::KeyMismatch(why) => write!(f, "algorithm does not fit the issuer's key: {why}"),
            Self::BadKey(why) => write!(f, "the issuer's public key is unusable: {why}"),
            Self::Invalid => f.write_str("the signature does not verify"),
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
    let algorithm = parse(algorithm).map_err(VerifyError::Unsupported)?;
    let key_bytes = issuer_key.subject_public_key.raw_bytes();
    match algorithm {
        Algorithm::RsaPkcs1(hash) | Algorithm::RsaPss { hash, .. } => {
            if issuer_key.algorithm.oid != RSA_ENCRYPTION && issuer_key.algorithm.oid != RSA_PSS {
                return Err(VerifyError::KeyMismatch("an RSA signature needs an RSA key".into()));
            }
            use rsa::pkcs1::DecodeRsaPublicKey as _;
            let key = rsa::RsaPublicKey::from_pkcs1_der(key_bytes)
                .map_err(|e| VerifyError::BadKey(e.to_string()))?;
            let hashed = hash.digest(signed);
            let result = match (algorithm, hash) {
                (Algorithm::RsaPss { salt_len, .. }, Hash::Sha256) => {
                    key.verify(rsa::Pss::new_with_salt::<Sha256>(salt_len), &hashed, signature)
                }
                (Algorithm::RsaPss { salt_len, .. }, Hash::Sha384) => {
                    key.verify(rsa::Pss::new_with_salt::<Sha384>(salt_len), &hashed, signature)
                }
                (Algorithm::RsaPss { salt_len, .. }, Hash::Sha512) => {
                    key.verify(rsa::Pss::new_with_salt::<Sha512>(salt_len), &hashed, signature)
                }
                (_, Hash::Sha256) => {
                    key.verify(rsa::Pkcs1v15Sign::new::<Sha256>(), &hashed, signature)
                }
                (_, Hash::Sha384) => {
                    key.verify(rsa::Pkcs1v15Sign::new::<Sha384>(), &hashed, signature)
                }
                (_, Hash::Sha512) => {
                    key.verify(rsa::Pkcs1v15Sign::new::<Sha512>(), &hashed, signature)
                }
            };
            result.map_err(|_| VerifyError::Invalid)
        }
        Algorithm::Ecdsa(hash) => {
            if issuer_key.algorithm.oid != EC_PUBLIC_KEY {
                return Err(VerifyError::KeyMismatch("an ECDSA signature needs an EC key".into()));
            }
            let curve =
                issuer_key.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<Oid>().ok());
            let prehash = hash.digest(signed);
            use ::signature::hazmat::PrehashVerifier as _;
            match curve {
                Some(P256) => {
                    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes)
                        .map_err(|_| VerifyError::BadKey("not a P-256 point".into()))?;
                    let sig = p256::ecdsa::Signature::from_der(signature)
                        .map_err(|_| VerifyError::Invalid)?;
                    key.verify_prehash(&prehash, &sig).map_err(|_| VerifyError::Invalid)
                }
                Some(P384) => {
                    let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes)
                        .map_err(|_| VerifyError::BadKey("not a P-384 point".into()))?;
                    let sig = p384::ecdsa::Signature::from_der(signature)
                        .map_err(|_| VerifyError::Invalid)?;
                    key.verify_prehash(&prehash, &sig).map_err(|_| VerifyError::Invalid)
                }
                Some(other) => Err(VerifyError::Unsupported(format!(
                    "ECDSA on {} (P-256 and P-384 are supported)",
                    curve_name(&other)
                ))),
                None => Err(VerifyError::BadKey("EC key without a named curve".into())),
            }
        }
        Algorithm::Ed25519 => {
            if issuer_key.algorithm.oid != ED25519 {
                return Err(VerifyError::KeyMismatch(
                    "an Ed25519 signature needs an Ed25519 key".into(),
                ));
            }
            let key_bytes: [u8; 32] = key_bytes
                .try_into()
                .map_err(|_| VerifyError::BadKey("an Ed25519 key is 32 bytes".into()))?;
            let key = ed25519_dalek::VerifyingKey::from_bytes(&key_bytes)
                .map_err(|e| VerifyError::BadKey(e.to_string()))?;
            let sig = ed25519_dalek::Signature::from_slice(signature)
                .map_err(|_| VerifyError::Invalid)?;
            key.verify_strict(signed, &sig).map_err(|_| VerifyError::Invalid)
        }
    }
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
            ("EC".to_owned(), bits, curve.as_ref().map(curve_name))
        }
        ED25519 => ("Ed25519".to_owned(), Some(256), None),
        ED448 => ("Ed448".to_owned(), Some(456), None),
        oid => (oid.to_string(), None, None),
    }
}

fn curve_name(oid: &Oid) -> String {
    match *oid {
        P256 => "P-256".to_owned(),
        P384 => "P-384".to_owned(),
        P521 => "P-521".to_owned(),
        SECP256K1 => "secp256k1".to_owned(),
        _ => oid.to_string(),
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
