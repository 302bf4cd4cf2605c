//! The JWS signature algorithms (RFC 7518 §3, RFC 8037 §3.1), shared by the key table and the
//! verifier.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::crypto::{EcdsaEncoding, Hash, Scheme};

/// RSA modulus sizes the builder generates.
pub const RSA_BITS: [usize; 3] = [2048, 3072, 4096];

/// The JWS algorithms poolcheck verifies (RFC 7518 §3, RFC 8037 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum Algorithm {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDSA,
}

impl Serialize for Algorithm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Algorithm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Algorithm::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown JWS algorithm {name:?}")))
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Algorithm {
    pub const ALL: [Algorithm; 13] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
    ];

    /// The algorithm with exactly this name (JWS names are case-sensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// The smallest HMAC key RFC 7518 §3.2 allows (the hash output size); `None` for others.
    pub fn hmac_min_key_bytes(self) -> Option<usize> {
        match self {
            Algorithm::HS256 => Some(32),
            Algorithm::HS384 => Some(48),
            Algorithm::HS512 => Some(64),
            _ => None,
        }
    }

    /// What kind of key this algorithm needs, for messages.
    pub fn key_requirement(self) -> &'static str {
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => "an HMAC secret (kty oct)",
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => "an RSA key",
            Algorithm::ES256 => "an EC key on P-256",
            Algorithm::ES384 => "an EC key on P-384",
            Algorithm::ES512 => "an EC key on P-521",
            Algorithm::EdDSA => "an Ed25519 key (kty OKP)",
        }
    }

    /// How the shared verifier checks this algorithm; `None` for HMAC, which JWS alone uses.
    pub(crate) fn scheme(self) -> Option<Scheme> {
        let ecdsa = |hash| Scheme::Ecdsa { hash, encoding: EcdsaEncoding::Fixed };
        // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash output.
        let pss = |hash: Hash| Scheme::RsaPss { hash, salt_len: hash.output_len() };
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => None,
            Algorithm::RS256 => Some(Scheme::RsaPkcs1(Hash::Sha256)),
            Algorithm::RS384 => Some(Scheme::RsaPkcs1(Hash::Sha384)),
            Algorithm::RS512 => Some(Scheme::RsaPkcs1(Hash::Sha512)),
            Algorithm::PS256 => Some(pss(Hash::Sha256)),
            Algorithm::PS384 => Some(pss(Hash::Sha384)),
            Algorithm::PS512 => Some(pss(Hash::Sha512)),
            Algorithm::ES256 => Some(ecdsa(Hash::Sha256)),
            Algorithm::ES384 => Some(ecdsa(Hash::Sha384)),
            Algorithm::ES512 => Some(ecdsa(Hash::Sha512)),
            Algorithm::EdDSA => Some(Scheme::Ed25519),
        }
    }
}
