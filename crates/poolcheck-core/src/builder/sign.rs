//! Signing: through jsonwebtoken where it has the algorithm, through RustCrypto otherwise. Both
//! paths sign any signing input, so headers are the caller's to choose.

use pkcs8::EncodePrivateKey as _;
use rand_core::CryptoRngCore;
use rsa::pkcs1::EncodeRsaPrivateKey as _;
use serde::Serialize;
use serde_json::{Map, Value};
use signature::{RandomizedSigner as _, SignatureEncoding as _, Signer as _};

use super::{BuildError, PrivateKey, Secret};
use crate::alg::Algorithm;
use crate::b64;

/// Which implementation signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignPath {
    /// The `jsonwebtoken` crate (every algorithm but ES512).
    Jsonwebtoken,
    /// poolcheck's own calls into the RustCrypto crates (every algorithm).
    RustCrypto,
}

impl SignPath {
    /// jsonwebtoken where it supports `alg`, else RustCrypto.
    pub fn preferred(alg: Algorithm) -> Self {
        if jsonwebtoken_alg(alg).is_some() { SignPath::Jsonwebtoken } else { SignPath::RustCrypto }
    }
}

impl PrivateKey {
    /// The compact token for `header` and `claims`. `header` must hold `alg` (the caller decides
    /// the rest); the key must fit `alg` (see [`PrivateKey::check_fits`]).
    pub fn token(
        &self,
        alg: Algorithm,
        header: &Map<String, Value>,
        claims: &Map<String, Value>,
        path: SignPath,
        rng: &mut impl CryptoRngCore,
    ) -> Result<String, BuildError> {
        let json = |value| serde_json::to_vec(value).map_err(|e| BuildError::Crypto(e.to_string()));
        let input = format!("{}.{}", b64::encode(json(header)?), b64::encode(json(claims)?));
        let signature = self.sign(alg, input.as_bytes(), path, rng)?;
        Ok(format!("{input}.{signature}"))
    }

    /// The base64url JWS signature over `input` (RFC 7515 §5.1). `rng` serves RSA blinding and
    /// the PSS salt and the ES512 nonce on the RustCrypto path; ES256 and ES384 are deterministic
    /// (RFC 6979).
    pub fn sign(
        &self,
        alg: Algorithm,
        input: &[u8],
        path: SignPath,
        rng: &mut impl CryptoRngCore,
    ) -> Result<String, BuildError> {
        if !alg.fits(&self.secret.material()) {
            return Err(BuildError::WrongKeyType { alg, key: self.secret.describe() });
        }
        match path {
            SignPath::Jsonwebtoken => self.sign_jsonwebtoken(alg, input),
            SignPath::RustCrypto => self.sign_rust_crypto(alg, input, rng).map(b64::encode),
        }
    }

    fn sign_jsonwebtoken(&self, alg: Algorithm, input: &[u8]) -> Result<String, BuildError> {
        use jsonwebtoken::EncodingKey;
        let unsupported = || BuildError::Crypto(format!("jsonwebtoken does not sign {alg}"));
        let jwt_alg = jsonwebtoken_alg(alg).ok_or_else(unsupported)?;
        let der_error = |error: pkcs8::Error| BuildError::Crypto(error.to_string());
        // jsonwebtoken takes RSA keys as PKCS#1 DER and EC and Ed25519 keys as PKCS#8 DER.
        let key = match &self.secret {
            Secret::Hmac(bytes) => EncodingKey::from_secret(bytes),
            Secret::Rsa(key) => EncodingKey::from_rsa_der(
                key.to_pkcs1_der().map_err(|e| BuildError::Crypto(e.to_string()))?.as_bytes(),
            ),
            Secret::P256(key) => {
                EncodingKey::from_ec_der(key.to_pkcs8_der().map_err(der_error)?.as_bytes())
            }
            Secret::P384(key) => {
                EncodingKey::from_ec_der(key.to_pkcs8_der().map_err(der_error)?.as_bytes())
            }
            Secret::Ed25519(key) => {
                EncodingKey::from_ed_der(key.to_pkcs8_der().map_err(der_error)?.as_bytes())
            }
            Secret::P521(_) => return Err(unsupported()),
        };
        jsonwebtoken::crypto::sign(input, &key, jwt_alg)
            .map_err(|error| BuildError::Crypto(error.to_string()))
    }

    fn sign_rust_crypto(
        &self,
        alg: Algorithm,
        input: &[u8],
        rng: &mut impl CryptoRngCore,
    ) -> Result<Vec<u8>, BuildError> {
        use sha2::{Sha256, Sha384, Sha512};
        let failed = |error: signature::Error| BuildError::Crypto(error.to_string());
        let signature = match (&self.secret, alg) {
            (Secret::Hmac(key), Algorithm::HS256) => hmac::<Sha256>(key, input)?,
            (Secret::Hmac(key), Algorithm::HS384) => hmac::<Sha384>(key, input)?,
            (Secret::Hmac(key), Algorithm::HS512) => hmac::<Sha512>(key, input)?,
            (Secret::Rsa(key), Algorithm::RS256) => pkcs1v15::<Sha256>(key, input, rng)?,
            (Secret::Rsa(key), Algorithm::RS384) => pkcs1v15::<Sha384>(key, input, rng)?,
            (Secret::Rsa(key), Algorithm::RS512) => pkcs1v15::<Sha512>(key, input, rng)?,
            (Secret::Rsa(key), Algorithm::PS256) => pss::<Sha256>(key, input, rng)?,
            (Secret::Rsa(key), Algorithm::PS384) => pss::<Sha384>(key, input, rng)?,
            (Secret::Rsa(key), Algorithm::PS512) => pss::<Sha512>(key, input, rng)?,
            (Secret::P256(key), Algorithm::ES256) => {
                let signature: p256::ecdsa::Signature =
                    p256::ecdsa::SigningKey::from(key).try_sign(input).map_err(failed)?;
                signature.to_vec()
            }
            (Secret::P384(key), Algorithm::ES384) => {
                let signature: p384::ecdsa::Signature =
                    p384::ecdsa::SigningKey::from(key).try_sign(input).map_err(failed)?;
                signature.to_vec()
            }
            (Secret::P521(key), Algorithm::ES512) => {
                // p521's signer draws its nonce from the RNG (no RFC 6979 in this version).
                let signature: p521::ecdsa::Signature =
                    key.try_sign_with_rng(rng, input).map_err(failed)?;
                signature.to_vec()
            }
            (Secret::Ed25519(key), Algorithm::EdDSA) => key.sign(input).to_vec(),
            _ => return Err(BuildError::WrongKeyType { alg, key: self.secret.describe() }),
        };
        Ok(signature)
    }
}

fn hmac<D>(key: &[u8], input: &[u8]) -> Result<Vec<u8>, BuildError>
where
    D: sha2::Digest + hmac::digest::core_api::BlockSizeUser,
{
    use hmac::Mac as _;
    let mut mac = <hmac::SimpleHmac<D> as hmac::digest::KeyInit>::new_from_slice(key)
        .map_err(|error| BuildError::Crypto(error.to_string()))?;
    mac.update(input);
    Ok(mac.finalize().into_bytes().to_vec())
}

fn pkcs1v15<D>(
    key: &rsa::RsaPrivateKey,
    input: &[u8],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, BuildError>
where
    D: sha2::Digest + pkcs8::AssociatedOid,
{
    rsa::pkcs1v15::SigningKey::<D>::new(key.clone())
        .try_sign_with_rng(rng, input)
        .map(|signature| signature.to_vec())
        .map_err(|error| BuildError::Crypto(error.to_string()))
}

fn pss<D>(
    key: &rsa::RsaPrivateKey,
    input: &[u8],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, BuildError>
where
    D: sha2::Digest + hmac::digest::FixedOutputReset,
{
    // RFC 7518 §3.5: the salt is as long as the hash output, which is the crate's default.
    rsa::pss::BlindedSigningKey::<D>::new(key.clone())
        .try_sign_with_rng(rng, input)
        .map(|signature| signature.to_vec())
        .map_err(|error| BuildError::Crypto(error.to_string()))
}

fn jsonwebtoken_alg(alg: Algorithm) -> Option<jsonwebtoken::Algorithm> {
    use jsonwebtoken::Algorithm as Jwt;
    Some(match alg {
        Algorithm::HS256 => Jwt::HS256,
        Algorithm::HS384 => Jwt::HS384,
        Algorithm::HS512 => Jwt::HS512,
        Algorithm::RS256 => Jwt::RS256,
        Algorithm::RS384 => Jwt::RS384,
        Algorithm::RS512 => Jwt::RS512,
        Algorithm::PS256 => Jwt::PS256,
        Algorithm::PS384 => Jwt::PS384,
        Algorithm::PS512 => Jwt::PS512,
        Algorithm::ES256 => Jwt::ES256,
        Algorithm::ES384 => Jwt::ES384,
        Algorithm::EdDSA => Jwt::EdDSA,
        Algorithm::ES512 => return None,
    })
}
