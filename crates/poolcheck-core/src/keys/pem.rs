//! PEM blocks: `PUBLIC KEY`, `RSA PUBLIC KEY` and `CERTIFICATE`, several at once.

use super::material::{self, Material};
use super::{Key, KeyInfo, KeyParseError, MAX_KEYS};

const BEGIN: &str = "-----BEGIN ";
const DASHES: &str = "-----";

/// Splits the text into blocks and parses each. Text between blocks (such as the `subject=`
/// lines openssl prints) is ignored. pem-rfc7468 decodes one block at a time, so the splitting
/// is done here.
pub(super) fn parse(text: &str) -> Result<Vec<Key>, KeyParseError> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let number = keys.len() + 1;
        let bad = |detail: String| KeyParseError::BadPem { block: number, detail };
        let block_text = rest.get(start..).unwrap_or_default();
        let after_begin = block_text.get(BEGIN.len()..).unwrap_or_default();
        let label_end = after_begin
            .find(DASHES)
            .ok_or_else(|| bad("the BEGIN line does not end with -----".into()))?;
        let label = after_begin.get(..label_end).unwrap_or_default();
        let end_marker = format!("-----END {label}-----");
        let end =
            block_text.find(&end_marker).ok_or_else(|| bad(format!("no {end_marker} line")))?
                + end_marker.len();
        let block = block_text.get(..end).unwrap_or_default();
        rest = block_text.get(end..).unwrap_or_default();
        if keys.len() == MAX_KEYS {
            return Err(KeyParseError::TooManyKeys { count: MAX_KEYS + 1, limit: MAX_KEYS });
        }
        let (_, der) = pem_rfc7468::decode_vec(block.as_bytes())
            .map_err(|error| bad(format!("not valid PEM: {error}")))?;
        keys.push(parse_block(keys.len(), label, &der));
    }
    Ok(keys)
}

fn parse_block(index: usize, label: &str, der: &[u8]) -> Key {
    let mut info = KeyInfo::new(index, format!("PEM block {} ({label})", index + 1));
    let material: Result<Material, String> = match label {
        "PUBLIC KEY" => material::from_spki_der(der),
        "RSA PUBLIC KEY" => material::from_pkcs1_der(der),
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
