//! PEM blocks: `PUBLIC KEY`, `RSA PUBLIC KEY` and `CERTIFICATE`, several at once.

use super::material::{self, Material};
use super::{Key, KeyInfo, KeyParseError, MAX_KEYS};
use crate::crypto::{self, PemError};

/// Parses every block; text around them (such as the `subject=` lines openssl prints) is
/// ignored.
pub(super) fn parse(text: &str) -> Result<Vec<Key>, KeyParseError> {
    let blocks = crypto::blocks(text, MAX_KEYS).map_err(|error| match error {
        PemError::TooManyBlocks { count, limit } => KeyParseError::TooManyKeys { count, limit },
        PemError::UnclosedBoundary { block, .. }
        | PemError::TextAfterBegin { block, .. }
        | PemError::Unterminated { block, .. }
        | PemError::MismatchedEnd { block, .. }
        | PemError::Base64 { block, .. } => KeyParseError::BadPem { block, detail: error.detail() },
    })?;
    Ok(blocks.into_iter().enumerate().map(|(index, block)| parse_block(index, &block)).collect())
}

fn parse_block(index: usize, block: &crypto::Block) -> Key {
    let (label, der) = (block.label.as_str(), block.der.as_slice());
    let mut info = KeyInfo::new(index, format!("PEM block {} ({label})", block.number));
    let material: Result<Material, String> = match label {
        "PUBLIC KEY" => material::from_subject_key(crypto::from_spki_der(der)),
        "RSA PUBLIC KEY" => {
            crypto::from_pkcs1_der(der).map(Material::from).map_err(|error| error.to_string())
        }
        "CERTIFICATE" => material::from_certificate_der(der).map(|(material, subject)| {
            info.certificate_subject = Some(subject);
            material
        }),
        label if label.contains("PRIVATE KEY") => {
            let mut key = Key::new(
                info,
                Err("a private key: paste its public key instead (openssl pkey -in key.pem -pubout)"
                    .into()),
            );
            key.has_private_members = true;
            return key;
        }
        other => Err(format!("a PEM {other:?} block is not a public key or certificate")),
    };
    Key::new(info, material)
}
