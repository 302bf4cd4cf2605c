//! The shared stack on the committed fixtures: X.509 signatures are also JWS signatures when
//! the scheme matches (RS512 = sha512WithRSAEncryption, PS512 = RSASSA-PSS SHA-512 salt 64,
//! ES512 = ecdsa-with-SHA512 re-encoded as r ‖ s), so certificates made by OpenSSL test the JWS
//! path too.

use super::*;
use crate::alg::Algorithm;
use crate::cert::{CertError, Certificate, parse_pem_chain};
use crate::keys::{KeyParseError, parse_keys};
use crate::verify::{SignatureError, verify_signature};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../../tests/fixtures/certs/", $name))
    };
}

fn certificate(pem: &str) -> Certificate {
    parse_pem_chain(pem).unwrap().remove(0)
}

/// The signed bytes and signature of a certificate.
fn signed(certificate: &Certificate) -> (Vec<u8>, Vec<u8>) {
    let bytes = certificate.signed_bytes().unwrap().to_vec();
    (bytes, certificate.x509().signature.raw_bytes().to_vec())
}

fn issuer_key(pem: &str) -> PublicKey {
    from_spki(&certificate(pem).x509().tbs_certificate.subject_public_key_info).unwrap().key
}

const ES512_DER: Scheme = Scheme::Ecdsa { hash: Hash::Sha512, encoding: EcdsaEncoding::Der };
const ES512_FIXED: Scheme = Scheme::Ecdsa { hash: Hash::Sha512, encoding: EcdsaEncoding::Fixed };

#[test]
fn rsa_8192_verifies_as_rs512_through_the_jws_path() {
    let root = fixture!("root-rsa8192.pem");
    let keys = parse_keys(root, None).unwrap();
    assert_eq!(keys.keys[0].info.size_bits, Some(8192));
    let (message, signature) = signed(&certificate(root));
    assert_eq!(signature.len(), 1024);
    verify_signature(Algorithm::RS512, &keys.keys[0], &message, &signature).unwrap();
    let mut tampered = message.clone();
    tampered[10] ^= 1;
    assert_eq!(
        verify_signature(Algorithm::RS512, &keys.keys[0], &tampered, &signature),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_signature(Algorithm::RS512, &keys.keys[0], &message, &signature[1..]),
        Err(SignatureError::WrongLength { expected: 1024, actual: 1023 })
    );
}

#[test]
fn pss_verifies_as_ps256_and_ps512() {
    // The RSA-3072 root signed the P-384 intermediate with PSS SHA-256 salt 32, and the RSA-8192
    // root the P-521 one with PSS SHA-512 salt 64: exactly PS256 and PS512.
    for (root, intermediate, alg) in [
        (fixture!("root-ca.pem"), fixture!("intermediate-ca.pem"), Algorithm::PS256),
        (fixture!("root-rsa8192.pem"), fixture!("intermediate-p521.pem"), Algorithm::PS512),
    ] {
        let keys = parse_keys(root, None).unwrap();
        let (message, signature) = signed(&certificate(intermediate));
        verify_signature(alg, &keys.keys[0], &message, &signature).unwrap();
        // PKCS#1 v1.5 with the same hash is another scheme: no match.
        let pkcs1 = if alg == Algorithm::PS256 { Algorithm::RS256 } else { Algorithm::RS512 };
        assert_eq!(
            verify_signature(pkcs1, &keys.keys[0], &message, &signature),
            Err(SignatureError::Mismatch)
        );
        // The wrong salt length is refused too.
        let Some(Scheme::RsaPss { hash, salt_len }) = alg.scheme() else { panic!("{alg}") };
        let other_salt = Scheme::RsaPss { hash, salt_len: salt_len - 1 };
        assert_eq!(
            verify(&issuer_key(root), other_salt, &message, &signature),
            Err(VerifyError::Mismatch)
        );
    }
}

/// DER `SEQUENCE { r, s }` to r ‖ s at `width` bytes each (what JWS would carry).
fn fixed_from_der(der: &[u8], width: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = &der[2 + usize::from(der[1] == 0x81)..];
    for _ in 0..2 {
        let len = usize::from(rest[1]);
        let value = &rest[2..2 + len];
        let value = value.strip_prefix(&[0]).unwrap_or(value);
        out.extend(std::iter::repeat_n(0, width - value.len()));
        out.extend_from_slice(value);
        rest = &rest[2 + len..];
    }
    out
}

#[test]
fn p521_in_both_encodings() {
    let issuer = fixture!("intermediate-p521.pem");
    let key = issuer_key(issuer);
    let (message, der) = signed(&certificate(fixture!("client-p521.pem")));
    verify(&key, ES512_DER, &message, &der).unwrap();
    let fixed = fixed_from_der(&der, 66);
    assert_eq!(fixed.len(), 132);
    verify(&key, ES512_FIXED, &message, &fixed).unwrap();
    // The JWS path: ES512 with the key from the PEM certificate.
    let keys = parse_keys(issuer, None).unwrap();
    verify_signature(Algorithm::ES512, &keys.keys[0], &message, &fixed).unwrap();
    assert_eq!(
        verify_signature(Algorithm::ES512, &keys.keys[0], &message, &der),
        Err(SignatureError::WrongLength { expected: 132, actual: der.len() })
    );
    // Each encoding only in its own place.
    assert_eq!(verify(&key, ES512_DER, &message, &fixed), Err(VerifyError::MalformedDer));
    let mut tampered = message.clone();
    tampered[20] ^= 1;
    assert_eq!(verify(&key, ES512_DER, &tampered, &der), Err(VerifyError::Mismatch));
    assert_eq!(verify(&key, ES512_FIXED, &tampered, &fixed), Err(VerifyError::Mismatch));
}

/// P-521's group order n, big-endian at 66 bytes.
fn p521_order() -> Vec<u8> {
    let mut n = vec![0x01];
    n.extend([0xff; 32]);
    n.extend([
        0xfa, 0x51, 0x86, 0x87, 0x83, 0xbf, 0x2f, 0x96, 0x6b, 0x7f, 0xcc, 0x01, 0x48, 0xf7, 0x09,
        0xa5, 0xd0, 0x3b, 0xb5, 0xc9, 0xb8, 0x89, 0x9c, 0x47, 0xae, 0xbb, 0x6f, 0xb7, 0x1e, 0x91,
        0x38, 0x64, 0x09,
    ]);
    assert_eq!(n.len(), 66);
    n
}

fn der_pair(r: &[u8], s: &[u8]) -> Vec<u8> {
    let int = |v: &[u8]| {
        let mut out = vec![0x02];
        let pad = v.first().is_some_and(|b| *b >= 0x80);
        out.push(u8::try_from(v.len() + usize::from(pad)).unwrap());
        if pad {
            out.push(0);
        }
        out.extend_from_slice(v);
        out
    };
    let body = [int(r), int(s)].concat();
    let mut out = vec![0x30];
    if body.len() >= 0x80 {
        out.push(0x81);
    }
    out.push(u8::try_from(body.len()).unwrap());
    out.extend(body);
    out
}

#[test]
fn ecdsa_scalars_outside_1_to_n_are_refused_in_both_encodings() {
    // CVE-2022-21449: r = s = 0 must never verify; nor may values at or above n.
    let key = issuer_key(fixture!("intermediate-p521.pem"));
    let message = b"anything";
    let n = p521_order();
    let one = {
        let mut v = vec![0; 66];
        v[65] = 1;
        v
    };
    for (r, s) in [(vec![0; 66], vec![0; 66]), (n.clone(), one.clone()), (one.clone(), n.clone())] {
        let fixed = [r.clone(), s.clone()].concat();
        assert_eq!(verify(&key, ES512_FIXED, message, &fixed), Err(VerifyError::ScalarOutOfRange));
        let trim = |v: &[u8]| {
            let start = v.iter().position(|b| *b != 0).unwrap_or(v.len() - 1);
            v[start..].to_vec()
        };
        let der = der_pair(&trim(&r), &trim(&s));
        assert_eq!(verify(&key, ES512_DER, message, &der), Err(VerifyError::ScalarOutOfRange));
    }
    // An integer wider than the curve is out of range, not malformed.
    let wide = der_pair(&[1; 67], &[1]);
    assert_eq!(verify(&key, ES512_DER, message, &wide), Err(VerifyError::ScalarOutOfRange));
    let mut trailing = der_pair(&[1], &[1]);
    trailing.push(0);
    assert_eq!(verify(&key, ES512_DER, message, &trailing), Err(VerifyError::MalformedDer));
}

#[test]
fn schemes_need_their_key_type() {
    let rsa = issuer_key(fixture!("root-rsa8192.pem"));
    let ec = issuer_key(fixture!("intermediate-p521.pem"));
    assert_eq!(verify(&rsa, ES512_DER, b"m", &[0; 8]), Err(VerifyError::WrongKeyType));
    assert_eq!(
        verify(&ec, Scheme::RsaPkcs1(Hash::Sha256), b"m", &[0; 8]),
        Err(VerifyError::WrongKeyType)
    );
    assert_eq!(verify(&ec, Scheme::Ed25519, b"m", &[0; 64]), Err(VerifyError::WrongKeyType));
}

#[test]
fn keys_and_certificates_read_the_same_pem_text_alike() {
    let pem = fixture!("client-p521-chain.pem").replace('\n', "\r\n");
    let text = format!("subject=CN = under-p521\r\n\t{pem}\r\nissuer=… trailing text\r\n");
    let chain = parse_pem_chain(&text).unwrap();
    let keys = parse_keys(&text, None).unwrap();
    assert_eq!(chain.len(), 2);
    assert_eq!(keys.keys.len(), 2);
    for (certificate, key) in chain.iter().zip(&keys.keys) {
        assert_eq!(
            key.info.certificate_subject.as_deref(),
            Some(certificate.subject().text.as_str())
        );
        assert!(key.is_usable(), "{:?}", key.info.error);
    }
    assert_eq!(keys.keys[1].info.curve.as_deref(), Some("P-521"));

    // The same broken text fails in both fields, at the same block and for the same reason.
    let good = fixture!("client-p521.pem");
    let cases = [
        (format!("{good}-----BEGIN CERTIFICATE-----\nMII*\n-----END CERTIFICATE-----\n"), 2),
        (format!("{good}-----BEGIN CERTIFICATE-----\nMIIB\n"), 2),
        ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END X509 CRL-----\n".to_owned(), 1),
        ("-----BEGIN CERTIFICATE\nAAAA\n-----END CERTIFICATE-----\n".to_owned(), 1),
        ("-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\n".to_owned(), 1),
    ];
    for (text, block) in cases {
        let pem_error = blocks(&text, 20).unwrap_err();
        let Err(KeyParseError::BadPem { block: key_block, detail }) = parse_keys(&text, None)
        else {
            panic!("keys accepted {text:?}")
        };
        assert_eq!((key_block, detail), (block, pem_error.detail()));
        let cert_error = parse_pem_chain(&text).unwrap_err();
        let cert_block = match cert_error {
            CertError::UnterminatedBlock { block, .. }
            | CertError::BadBoundary { block, .. }
            | CertError::Base64 { block, .. } => block,
            other => panic!("{other:?}"),
        };
        assert_eq!(cert_block, block, "{text:?}");
        assert!(cert_error.to_string().starts_with(&format!("PEM block {block}")));
    }
}

#[test]
fn block_limit_counts_every_block() {
    let text = fixture!("client-p521.pem").repeat(25);
    assert_eq!(blocks(&text, 20).err(), Some(PemError::TooManyBlocks { count: 25, limit: 20 }));
    assert_eq!(blocks(&text, 25).unwrap().len(), 25);
}
