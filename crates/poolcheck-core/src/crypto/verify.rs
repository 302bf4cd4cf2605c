//! One signature check for JWS, certificates and CRLs: a key, a scheme, the signed bytes and
//! the signature. Every length is checked before any arithmetic.

use std::borrow::Cow;
use std::fmt;

use ::signature::hazmat::PrehashVerifier as _;
use der::Reader as _;
use rsa::traits::{PublicKeyParts as _, SignatureScheme};
use rsa::{Pkcs1v15Sign, Pss, RsaPublicKey};
use sha2::{Digest as _, Sha256, Sha384, Sha512};

use super::key::PublicKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    pub fn output_len(self) -> usize {
        match self {
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }
}

/// How r and s are written: JWS concatenates them at the curve's fixed length (RFC 7518
/// §3.4); X.509 wraps them in a DER `SEQUENCE` of two `INTEGER`s (RFC 3279 §2.2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EcdsaEncoding {
    Fixed,
    Der,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    RsaPkcs1(Hash),
    /// MGF1 with the same hash.
    RsaPss {
        hash: Hash,
        salt_len: usize,
    },
    /// The curve is the key's.
    Ecdsa {
        hash: Hash,
        encoding: EcdsaEncoding,
    },
    Ed25519,
}

impl Scheme {
    /// The kind of key the scheme needs, for messages.
    pub fn key_kind(self) -> &'static str {
        match self {
            Scheme::RsaPkcs1(_) | Scheme::RsaPss { .. } => "an RSA key",
            Scheme::Ecdsa { .. } => "an EC key",
            Scheme::Ed25519 => "an Ed25519 key",
        }
    }
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VerifyError {
    /// The key's type cannot verify this scheme.
    WrongKeyType,
    /// The signature has the wrong number of bytes for this scheme and key.
    WrongLength { expected: usize, actual: usize },
    /// A DER ECDSA signature that is not a `SEQUENCE` of two positive `INTEGER`s.
    MalformedDer,
    /// An ECDSA r or s is zero or not below the group order (CVE-2022-21449).
    ScalarOutOfRange,
    /// Well-formed, but not a signature of this message by this key.
    Mismatch,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::WrongKeyType => f.write_str("the key's type does not fit the algorithm"),
            VerifyError::WrongLength { expected, actual } => {
                write!(f, "the signature is {actual} bytes; this algorithm and key need {expected}")
            }
            VerifyError::MalformedDer => {
                f.write_str("the ECDSA signature is not a DER sequence of two positive integers")
            }
            VerifyError::ScalarOutOfRange => {
                f.write_str("r or s is zero or not below the curve order, so no key signed this")
            }
            VerifyError::Mismatch => f.write_str("the signature does not match"),
        }
    }
}

/// Checks `signature` over `message` with `key` under `scheme`.
pub(crate) fn verify(
    key: &PublicKey,
    scheme: Scheme,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    match (key, scheme) {
        (PublicKey::Rsa(rsa), Scheme::RsaPkcs1(hash)) => match hash {
            Hash::Sha256 => {
                rsa_verify(rsa, Pkcs1v15Sign::new::<Sha256>(), hash, message, signature)
            }
            Hash::Sha384 => {
                rsa_verify(rsa, Pkcs1v15Sign::new::<Sha384>(), hash, message, signature)
            }
            Hash::Sha512 => {
                rsa_verify(rsa, Pkcs1v15Sign::new::<Sha512>(), hash, message, signature)
            }
        },
        (PublicKey::Rsa(rsa), Scheme::RsaPss { hash, salt_len }) => match hash {
            Hash::Sha256 => {
                rsa_verify(rsa, Pss::new_with_salt::<Sha256>(salt_len), hash, message, signature)
            }
            Hash::Sha384 => {
                rsa_verify(rsa, Pss::new_with_salt::<Sha384>(salt_len), hash, message, signature)
            }
            Hash::Sha512 => {
                rsa_verify(rsa, Pss::new_with_salt::<Sha512>(salt_len), hash, message, signature)
            }
        },
        (
            PublicKey::P256(_) | PublicKey::P384(_) | PublicKey::P521(_),
            Scheme::Ecdsa { hash, encoding },
        ) => ecdsa_verify(key, hash, encoding, message, signature),
        (PublicKey::Ed25519(ed), Scheme::Ed25519) => {
            let bytes: [u8; 64] = signature
                .try_into()
                .map_err(|_| VerifyError::WrongLength { expected: 64, actual: signature.len() })?;
            let parsed = ed25519_dalek::Signature::from_bytes(&bytes);
            // verify_strict also refuses small-order keys and R points, which admit forgeries
            // valid for many messages.
            ed.verify_strict(message, &parsed).map_err(|_| VerifyError::Mismatch)
        }
        _ => Err(VerifyError::WrongKeyType),
    }
}

fn check_length(expected: usize, signature: &[u8]) -> Result<(), VerifyError> {
    if signature.len() == expected {
        Ok(())
    } else {
        Err(VerifyError::WrongLength { expected, actual: signature.len() })
    }
}

fn rsa_verify(
    key: &RsaPublicKey,
    scheme: impl SignatureScheme,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    // The signature is exactly as long as the modulus (RFC 8017 §8.2.2 step 1).
    check_length(key.size(), signature)?;
    key.verify(scheme, &hash.digest(message), signature).map_err(|_| VerifyError::Mismatch)
}

fn ecdsa_verify(
    key: &PublicKey,
    hash: Hash,
    encoding: EcdsaEncoding,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let Some(curve) = key.curve() else { return Err(VerifyError::WrongKeyType) };
    let width = curve.field_bytes();
    let fixed = match encoding {
        EcdsaEncoding::Fixed => Cow::Borrowed(signature),
        EcdsaEncoding::Der => Cow::Owned(der_to_fixed(signature, width)?),
    };
    check_length(2 * width, &fixed)?;
    let prehash = hash.digest(message);
    // from_slice refuses r or s of zero or not below n, before any curve arithmetic.
    let out_of_range = |_| VerifyError::ScalarOutOfRange;
    let verified = match key {
        PublicKey::P256(ec) => {
            let parsed = p256::ecdsa::Signature::from_slice(&fixed).map_err(out_of_range)?;
            ec.verify_prehash(&prehash, &parsed)
        }
        PublicKey::P384(ec) => {
            let parsed = p384::ecdsa::Signature::from_slice(&fixed).map_err(out_of_range)?;
            ec.verify_prehash(&prehash, &parsed)
        }
        PublicKey::P521(ec) => {
            let parsed = p521::ecdsa::Signature::from_slice(&fixed).map_err(out_of_range)?;
            ec.verify_prehash(&prehash, &parsed)
        }
        PublicKey::Rsa(_) | PublicKey::Ed25519(_) => return Err(VerifyError::WrongKeyType),
    };
    verified.map_err(|_| VerifyError::Mismatch)
}

/// DER `SEQUENCE { r INTEGER, s INTEGER }` to r ‖ s, each left-padded to `width` bytes. An
/// integer longer than `width` is at least the group order.
fn der_to_fixed(signature: &[u8], width: usize) -> Result<Vec<u8>, VerifyError> {
    let (r, s) = der::SliceReader::new(signature)
        .and_then(|mut reader| {
            let pair = reader.sequence(|seq| {
                Ok((
                    seq.decode::<der::asn1::UintRef<'_>>()?,
                    seq.decode::<der::asn1::UintRef<'_>>()?,
                ))
            })?;
            reader.finish(pair)
        })
        .map_err(|_| VerifyError::MalformedDer)?;
    let mut fixed = Vec::with_capacity(2 * width);
    for scalar in [r.as_bytes(), s.as_bytes()] {
        let padding = width.checked_sub(scalar.len()).ok_or(VerifyError::ScalarOutOfRange)?;
        fixed.resize(fixed.len() + padding, 0);
        fixed.extend_from_slice(scalar);
    }
    Ok(fixed)
}
