//! Parsed verifying material: what the signature check needs, built once when keys are pasted
//! so that verifying on every keystroke does no parsing.

use std::fmt;

use rsa::RsaPublicKey;
use rsa::traits::PublicKeyParts as _;

use crate::alg::Algorithm;
use crate::b64;
use crate::crypto::{self, Curve, PublicKey};

/// A key ready to verify with: a public key, or an HMAC secret. Secret bytes are never printed.
#[derive(Clone)]
pub(crate) enum Material {
    Public(PublicKey),
    Secret(Vec<u8>),
}

impl fmt::Debug for Material {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Material::Public(key) => key.fmt(f),
            Material::Secret(bytes) => write!(f, "Secret({} bytes)", bytes.len()),
        }
    }
}

impl From<PublicKey> for Material {
    fn from(key: PublicKey) -> Self {
        Material::Public(key)
    }
}

impl Material {
    /// The key for the shared verifier; `None` for HMAC secrets.
    pub fn public_key(&self) -> Option<&PublicKey> {
        match self {
            Material::Public(key) => Some(key),
            Material::Secret(_) => None,
        }
    }

    /// The RSA key, for RSA-only policy (size, ROCA).
    pub fn rsa(&self) -> Option<&RsaPublicKey> {
        match self {
            Material::Public(PublicKey::Rsa(key)) => Some(key),
            _ => None,
        }
    }

    pub fn kty(&self) -> &'static str {
        match self {
            Material::Public(PublicKey::Rsa(_)) => "RSA",
            Material::Public(PublicKey::P256(_) | PublicKey::P384(_) | PublicKey::P521(_)) => "EC",
            Material::Public(PublicKey::Ed25519(_)) => "OKP",
            Material::Secret(_) => "oct",
        }
    }

    pub fn curve(&self) -> Option<Curve> {
        self.public_key().and_then(PublicKey::curve)
    }

    pub fn size_bits(&self) -> usize {
        match self {
            Material::Public(PublicKey::Rsa(key)) => key.n().bits(),
            Material::Public(key) => key.curve().map_or(0, |curve| match curve {
                Curve::P256 | Curve::Ed25519 => 256,
                Curve::P384 => 384,
                Curve::P521 => 521,
            }),
            Material::Secret(bytes) => bytes.len() * 8,
        }
    }

    /// The RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, with no
    /// whitespace. Member values are base64url, which never needs JSON escaping.
    pub fn thumbprint(&self) -> String {
        use sha2::Digest as _;
        let enc = encode;
        let canonical = match self {
            Material::Public(PublicKey::Rsa(key)) => format!(
                r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                enc(&key.e().to_bytes_be()),
                enc(&key.n().to_bytes_be())
            ),
            Material::Public(PublicKey::P256(key)) => {
                ec_members("P-256", key.to_encoded_point(false).as_bytes())
            }
            Material::Public(PublicKey::P384(key)) => {
                ec_members("P-384", key.to_encoded_point(false).as_bytes())
            }
            Material::Public(PublicKey::P521(key)) => {
                ec_members("P-521", key.to_encoded_point(false).as_bytes())
            }
            Material::Public(PublicKey::Ed25519(key)) => {
                format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, enc(key.as_bytes()))
            }
            Material::Secret(bytes) => format!(r#"{{"k":"{}","kty":"oct"}}"#, enc(bytes)),
        };
        enc(&sha2::Sha256::digest(canonical.as_bytes()))
    }

    /// True when both describe the same public key (used to check a JWK against its `x5c`).
    pub fn same_key(&self, other: &Material) -> bool {
        match (self, other) {
            (Material::Public(PublicKey::Rsa(a)), Material::Public(PublicKey::Rsa(b))) => a == b,
            (Material::Public(PublicKey::P256(a)), Material::Public(PublicKey::P256(b))) => a == b,
            (Material::Public(PublicKey::P384(a)), Material::Public(PublicKey::P384(b))) => {
                a.to_encoded_point(false) == b.to_encoded_point(false)
            }
            (Material::Public(PublicKey::P521(a)), Material::Public(PublicKey::P521(b))) => {
                a.to_encoded_point(false) == b.to_encoded_point(false)
            }
            (Material::Public(PublicKey::Ed25519(a)), Material::Public(PublicKey::Ed25519(b))) => {
                a == b
            }
            _ => false,
        }
    }
}

/// `{"crv","kty","x","y"}` from an uncompressed SEC1 point (0x04 ‖ x ‖ y).
fn ec_members(crv: &str, point: &[u8]) -> String {
    let coordinates = point.get(1..).unwrap_or_default();
    let (x, y) = coordinates.split_at(coordinates.len() / 2);
    format!(r#"{{"crv":"{crv}","kty":"EC","x":"{}","y":"{}"}}"#, encode(x), encode(y))
}

fn encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    b64::URL_SAFE_NO_PAD.encode(bytes)
}

impl Algorithm {
    /// True when a key of this kind can verify this algorithm. HMAC needs a secret: public-key
    /// bytes are never used as one (algorithm confusion).
    pub(crate) fn fits(self, material: &Material) -> bool {
        matches!(
            (self, material),
            (Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512, Material::Secret(_))
                | (
                    Algorithm::RS256
                        | Algorithm::RS384
                        | Algorithm::RS512
                        | Algorithm::PS256
                        | Algorithm::PS384
                        | Algorithm::PS512,
                    Material::Public(PublicKey::Rsa(_))
                )
                | (Algorithm::ES256, Material::Public(PublicKey::P256(_)))
                | (Algorithm::ES384, Material::Public(PublicKey::P384(_)))
                | (Algorithm::ES512, Material::Public(PublicKey::P521(_)))
                | (Algorithm::EdDSA, Material::Public(PublicKey::Ed25519(_)))
        )
    }
}

/// The key of a `SubjectPublicKeyInfo` (PEM `PUBLIC KEY`, or the key inside a certificate).
pub(crate) fn from_subject_key(
    spki: Result<crypto::SubjectKey, crypto::KeyError>,
) -> Result<Material, String> {
    let spki = spki.map_err(|error| error.to_string())?;
    if spki.pss_only {
        return Err("an id-RSASSA-PSS key: JWS uses RSA keys of type rsaEncryption".into());
    }
    Ok(spki.key.into())
}

/// The public key and subject of a DER X.509 certificate.
pub(crate) fn from_certificate_der(der_bytes: &[u8]) -> Result<(Material, String), String> {
    use der::Decode as _;
    let certificate = x509_cert::Certificate::from_der(der_bytes)
        .map_err(|error| format!("not an X.509 certificate: {error}"))?;
    let tbs = &certificate.tbs_certificate;
    // The Certificates view's one-line form. x509-cert's own `Display` would link const-oid's
    // whole OID name database (tens of KiB) into the wasm.
    let subject = crate::cert::DistinguishedName::from_name(&tbs.subject).text;
    Ok((from_subject_key(crypto::from_spki(&tbs.subject_public_key_info))?, subject))
}

/// ROCA (CVE-2017-15361): moduli from a flawed Infineon generator satisfy, for every small prime
/// p below, `n mod p` lying in the subgroup generated by 65537. Written by hand because no
/// maintained crate does this check; it is the fingerprint published with the paper.
pub(crate) fn has_roca_fingerprint(key: &RsaPublicKey) -> bool {
    const PRIMES: [u32; 38] = [
        3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
        97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
    ];
    let modulus = key.n().to_bytes_be();
    PRIMES.iter().all(|&p| {
        let p = u64::from(p);
        let residue = modulus.iter().fold(0u64, |acc, &byte| (acc * 256 + u64::from(byte)) % p);
        let generator = 65537 % p;
        let mut power = 1u64;
        // The subgroup has at most p - 1 elements; walk it looking for the residue.
        for _ in 0..p {
            if power == residue {
                return true;
            }
            power = power * generator % p;
            if power == 1 {
                break;
            }
        }
        false
    })
}
