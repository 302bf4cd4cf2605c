//! A public key ready to verify with, and its constructors from raw components (JWK members,
//! SEC1 points, PKCS#1 integers), each with the library's validity checks.

use std::fmt;

use rsa::traits::PublicKeyParts as _;
use rsa::{BigUint, RsaPublicKey};

/// RSA moduli above this are refused: verification cost grows fast and nothing real uses them.
const MAX_RSA_BITS: usize = 16384;

/// The curves poolcheck verifies with; the JWK `crv` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
    Ed25519,
}

impl Curve {
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Ed25519 => "Ed25519",
        }
    }

    /// Length in bytes of one coordinate (and of r and s in a signature).
    pub fn field_bytes(self) -> usize {
        match self {
            Curve::P256 | Curve::Ed25519 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// A parsed public key.
#[derive(Clone)]
pub(crate) enum PublicKey {
    Rsa(RsaPublicKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublicKey::Rsa(key) => write!(f, "Rsa({} bits)", key.n().bits()),
            PublicKey::P256(_) => f.write_str("P256"),
            PublicKey::P384(_) => f.write_str("P384"),
            PublicKey::P521(_) => f.write_str("P521"),
            PublicKey::Ed25519(_) => f.write_str("Ed25519"),
        }
    }
}

impl PublicKey {
    /// Builds an RSA key from big-endian modulus and exponent, with the rsa crate's checks
    /// (exponent at least 2 and at most 2^33 - 1, modulus odd and not tiny).
    pub fn rsa(n: &[u8], e: &[u8]) -> Result<Self, KeyError> {
        RsaPublicKey::new_with_max_size(
            BigUint::from_bytes_be(n),
            BigUint::from_bytes_be(e),
            MAX_RSA_BITS,
        )
        .map(PublicKey::Rsa)
        .map_err(|error| KeyError::Rsa(error.to_string()))
    }

    /// Builds an EC key from fixed-length big-endian coordinates; refuses points off the curve.
    pub fn ec_from_coordinates(curve: Curve, x: &[u8], y: &[u8]) -> Result<Self, KeyError> {
        let expected = curve.field_bytes();
        if x.len() != expected || y.len() != expected {
            return Err(KeyError::CoordinateLength { curve, x: x.len(), y: y.len() });
        }
        let mut sec1 = Vec::with_capacity(1 + 2 * expected);
        sec1.push(0x04);
        sec1.extend_from_slice(x);
        sec1.extend_from_slice(y);
        Self::ec_from_sec1(curve, &sec1)
    }

    /// Builds an EC key from a SEC1 point (compressed or not); Ed25519 takes its 32 bytes.
    pub fn ec_from_sec1(curve: Curve, sec1: &[u8]) -> Result<Self, KeyError> {
        let off_curve = |_| KeyError::NotOnCurve(curve);
        match curve {
            Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(PublicKey::P256)
                .map_err(off_curve),
            Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(PublicKey::P384)
                .map_err(off_curve),
            Curve::P521 => p521::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(PublicKey::P521)
                .map_err(off_curve),
            Curve::Ed25519 => Self::ed25519(sec1),
        }
    }

    pub fn ed25519(x: &[u8]) -> Result<Self, KeyError> {
        let bytes: [u8; 32] = x.try_into().map_err(|_| KeyError::Ed25519Length(x.len()))?;
        ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map(PublicKey::Ed25519)
            .map_err(|_| KeyError::Ed25519Point)
    }

    pub fn curve(&self) -> Option<Curve> {
        match self {
            PublicKey::Rsa(_) => None,
            PublicKey::P256(_) => Some(Curve::P256),
            PublicKey::P384(_) => Some(Curve::P384),
            PublicKey::P521(_) => Some(Curve::P521),
            PublicKey::Ed25519(_) => Some(Curve::Ed25519),
        }
    }
}

/// Why bytes are not a usable public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyError {
    NotSpki(String),
    UnusedBits,
    NotPkcs1(String),
    Rsa(String),
    /// A key algorithm other than RSA, EC and Ed25519 (the dotted OID).
    UnsupportedAlgorithm(String),
    /// An EC curve other than P-256, P-384 and P-521 (its name or dotted OID).
    UnsupportedCurve(String),
    NoNamedCurve,
    CoordinateLength {
        curve: Curve,
        x: usize,
        y: usize,
    },
    NotOnCurve(Curve),
    Ed25519Length(usize),
    Ed25519Point,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotSpki(error) => write!(f, "not a SubjectPublicKeyInfo: {error}"),
            KeyError::UnusedBits => f.write_str("the public key bit string has unused bits"),
            KeyError::NotPkcs1(error) => write!(f, "not a PKCS#1 RSA public key: {error}"),
            KeyError::Rsa(error) => write!(f, "not a usable RSA public key: {error}"),
            KeyError::UnsupportedAlgorithm(oid) => write!(
                f,
                "public key algorithm {oid} is not supported (RSA, EC P-256/P-384/P-521, Ed25519)"
            ),
            KeyError::UnsupportedCurve(name) => {
                write!(f, "EC curve {name} is not supported (P-256, P-384 and P-521 are)")
            }
            KeyError::NoNamedCurve => f.write_str("EC key without a named curve"),
            KeyError::CoordinateLength { curve, x, y } => write!(
                f,
                "{} coordinates must be {} bytes each; x has {x} and y has {y}",
                curve.name(),
                curve.field_bytes()
            ),
            KeyError::NotOnCurve(curve) => write!(f, "the point is not on {}", curve.name()),
            KeyError::Ed25519Length(len) => {
                write!(f, "an Ed25519 public key is 32 bytes, not {len}")
            }
            KeyError::Ed25519Point => f.write_str("not a valid Ed25519 point"),
        }
    }
}

impl std::error::Error for KeyError {}
