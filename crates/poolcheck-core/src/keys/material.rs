//! Parsed verifying material: what the signature check needs, built once when keys are pasted
//! so that verifying on every keystroke does no parsing.

use std::fmt;

use der::asn1::ObjectIdentifier;
use rsa::traits::PublicKeyParts as _;
use rsa::{BigUint, RsaPublicKey};

use crate::b64;

/// RSA moduli above this are refused: verification cost grows fast and nothing real uses them.
const MAX_RSA_BITS: usize = 16384;

const OID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

/// The curves this project verifies with; the JWK `crv` names.
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

/// A key ready to verify with. Secret bytes are never printed.
#[derive(Clone)]
pub(crate) enum Material {
    Rsa(RsaPublicKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
    Secret(Vec<u8>),
}

impl fmt::Debug for Material {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Material::Rsa(key) => write!(f, "Rsa({} bits)", key.n().bits()),
            Material::P256(_) => f.write_str("P256"),
            Material::P384(_) => f.write_str("P384"),
            Material::P521(_) => f.write_str("P521"),
            Material::Ed25519(_) => f.write_str("Ed25519"),
            Material::Secret(bytes) => write!(f, "Secret({} bytes)", bytes.len()),
        }
    }
}

impl Material {
    pub fn kty(&self) -> &'static str {
        match self {
            Material::Rsa(_) => "RSA",
            Material::P256(_) | Material::P384(_) | Material::P521(_) => "EC",
            Material::Ed25519(_) => "OKP",
            Material::Secret(_) => "oct",
        }
    }

    pub fn curve(&self) -> Option<Curve> {
        match self {
            Material::P256(_) => Some(Curve::P256),
            Material::P384(_) => Some(Curve::P384),
            Material::P521(_) => Some(Curve::P521),
            Material::Ed25519(_) => Some(Curve::Ed25519),
            Material::Rsa(_) | Material::Secret(_) => None,
        }
    }

    pub fn size_bits(&self) -> usize {
        match self {
            Material::Rsa(key) => key.n().bits(),
            Material::P256(_) => 256,
            Material::P384(_) => 384,
            Material::P521(_) => 521,
            Material::Ed25519(_) => 256,
            Material::Secret(bytes) => bytes.len() * 8,
        }
    }

    /// The RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, with no
    /// whitespace. Member values are base64url, which never needs JSON escaping.
    pub fn thumbprint(&self) -> String {
        use sha2::Digest as _;
        let enc = encode;
        let canonical = match self {
            Material::Rsa(key) => format!(
                r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                enc(&key.e().to_bytes_be()),
                enc(&key.n().to_bytes_be())
            ),
            Material::P256(key) => ec_members("P-256", key.to_encoded_point(false).as_bytes()),
            Material::P384(key) => ec_members("P-384", key.to_encoded_point(false).as_bytes()),
            Material::P521(key) => ec_members("P-521", key.to_encoded_point(false).as_bytes()),
            Material::Ed25519(key) => {
                format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, enc(key.as_bytes()))
            }
            Material::Secret(bytes) => format!(r#"{{"k":"{}","kty":"oct"}}"#, enc(bytes)),
        };
        enc(&sha2::Sha256::digest(canonical.as_bytes()))
    }

    /// True when both describe the same public key (used to check a JWK against its `x5c`).
    pub fn same_key(&self, other: &Material) -> bool {
        match (self, other) {
            (Material::Rsa(a), Material::Rsa(b)) => a == b,
            (Material::P256(a), Material::P256(b)) => a == b,
            (Material::P384(a), Material::P384(b)) => {
                a.to_encoded_point(false) == b.to_encoded_point(false)
            }
            (Material::P521(a), Material::P521(b)) => {
                a.to_encoded_point(false) == b.to_encoded_point(false)
            }
            (Material::Ed25519(a), Material::Ed25519(b)) => a == b,
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

/// Builds an RSA key from big-endian modulus and exponent, with the rsa crate's checks
/// (exponent at least 2 and at most 2^33 - 1, modulus odd and not tiny).
pub(crate) fn rsa_from_components(n: &[u8], e: &[u8]) -> Result<Material, String> {
    let key = RsaPublicKey::new_with_max_size(
        BigUint::from_bytes_be(n),
        BigUint::from_bytes_be(e),
        MAX_RSA_BITS,
    )
    .map_err(|error| format!("not a usable RSA public key: {error}"))?;
    Ok(Material::Rsa(key))
}

/// Builds an EC key from fixed-length big-endian coordinates; refuses points off the curve.
pub(crate) fn ec_from_coordinates(curve: Curve, x: &[u8], y: &[u8]) -> Result<Material, String> {
    let expected = curve.field_bytes();
    if x.len() != expected || y.len() != expected {
        return Err(format!(
            "{} coordinates must be {expected} bytes each; x has {} and y has {}",
            curve.name(),
            x.len(),
            y.len()
        ));
    }
    let mut sec1 = Vec::with_capacity(1 + 2 * expected);
    sec1.push(0x04);
    sec1.extend_from_slice(x);
    sec1.extend_from_slice(y);
    ec_from_sec1(curve, &sec1)
}

fn ec_from_sec1(curve: Curve, sec1: &[u8]) -> Result<Material, String> {
    let off_curve = |_| format!("the point is not on {}", curve.name());
    match curve {
        Curve::P256 => {
            p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1).map(Material::P256).map_err(off_curve)
        }
        Curve::P384 => {
            p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1).map(Material::P384).map_err(off_curve)
        }
        Curve::P521 => {
            p521::ecdsa::VerifyingKey::from_sec1_bytes(sec1).map(Material::P521).map_err(off_curve)
        }
        Curve::Ed25519 => ed25519_from_bytes(sec1),
    }
}

pub(crate) fn ed25519_from_bytes(x: &[u8]) -> Result<Material, String> {
    let bytes: [u8; 32] =
        x.try_into().map_err(|_| format!("an Ed25519 public key is 32 bytes, not {}", x.len()))?;
    ed25519_dalek::VerifyingKey::from_bytes(&bytes)
        .map(Material::Ed25519)
        .map_err(|_| "not a valid Ed25519 point".to_string())
}

/// Reads a DER `SubjectPublicKeyInfo` (PEM `PUBLIC KEY`, or the key inside a certificate).
pub(crate) fn from_spki_der(der_bytes: &[u8]) -> Result<Material, String> {
    use der::Decode as _;
    let spki = spki::SubjectPublicKeyInfoRef::from_der(der_bytes)
        .map_err(|error| format!("not a SubjectPublicKeyInfo: {error}"))?;
    let key_bytes =
        spki.subject_public_key.as_bytes().ok_or("the public key bit string has unused bits")?;
    let parameter =
        spki.algorithm.parameters.and_then(|any| any.decode_as::<ObjectIdentifier>().ok());
    from_algorithm(spki.algorithm.oid, parameter, key_bytes)
}

fn from_algorithm(
    algorithm: ObjectIdentifier,
    parameter: Option<ObjectIdentifier>,
    key_bytes: &[u8],
) -> Result<Material, String> {
    use der::Decode as _;
    if algorithm == OID_RSA_ENCRYPTION {
        let key = pkcs1::RsaPublicKey::from_der(key_bytes)
            .map_err(|error| format!("not a PKCS#1 RSA public key: {error}"))?;
        return rsa_from_components(key.modulus.as_bytes(), key.public_exponent.as_bytes());
    }
    if algorithm == OID_ED25519 {
        return ed25519_from_bytes(key_bytes);
    }
    if algorithm == OID_EC_PUBLIC_KEY {
        let curve = match parameter {
            Some(oid) if oid == OID_P256 => Curve::P256,
            Some(oid) if oid == OID_P384 => Curve::P384,
            Some(oid) if oid == OID_P521 => Curve::P521,
            Some(oid) => return Err(format!("EC curve {oid} is not one JWS uses")),
            None => return Err("EC key without a named curve".into()),
        };
        return ec_from_sec1(curve, key_bytes);
    }
    Err(format!("public key algorithm {algorithm} is not one JWS uses"))
}

/// Reads a DER PKCS#1 `RSAPublicKey` (PEM `RSA PUBLIC KEY`).
pub(crate) fn from_pkcs1_der(der_bytes: &[u8]) -> Result<Material, String> {
    use der::Decode as _;
    let key = pkcs1::RsaPublicKey::from_der(der_bytes)
        .map_err(|error| format!("not a PKCS#1 RSA public key: {error}"))?;
    rsa_from_components(key.modulus.as_bytes(), key.public_exponent.as_bytes())
}

/// The public key and subject of a DER X.509 certificate.
pub(crate) fn from_certificate_der(der_bytes: &[u8]) -> Result<(Material, String), String> {
    use der::{Decode as _, Encode as _};
    let certificate = x509_cert::Certificate::from_der(der_bytes)
        .map_err(|error| format!("not an X.509 certificate: {error}"))?;
    let tbs = &certificate.tbs_certificate;
    let spki = tbs
        .subject_public_key_info
        .to_der()
        .map_err(|error| format!("cannot re-encode the certificate's key: {error}"))?;
    // The Certificates view's one-line form. x509-cert's own `Display` would link const-oid's
    // whole OID name database (tens of KiB) into the wasm.
    let subject = crate::cert::DistinguishedName::from_name(&tbs.subject).text;
    Ok((from_spki_der(&spki)?, subject))
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
