//! The one crypto stack behind both the Keys field (JWS) and the certificate check (X.509):
//! PEM blocks, public keys from their DER forms, and signature verification.
//!
//! Mechanism only: which keys are too weak to trust is decided by the callers.

mod key;
mod pem;
mod spki;
mod verify;

pub use self::key::Curve;
pub(crate) use self::key::{KeyError, PublicKey};
pub(crate) use self::pem::{Block, PemError, blocks};
pub(crate) use self::spki::{
    EC_PUBLIC_KEY, ED448, ED25519, P256, P384, P521, RSA_ENCRYPTION, RSA_PSS, SECP256K1,
    SubjectKey, curve_name, from_pkcs1_der, from_spki, from_spki_der,
};
pub(crate) use self::verify::{EcdsaEncoding, Hash, Scheme, VerifyError, verify};

#[cfg(test)]
mod tests;
