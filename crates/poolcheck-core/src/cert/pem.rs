//! PEM block splitting. Hand-written rather than pem-rfc7468's strict decoder because pasted
//! PEM comes with any line width, CRLF, indentation, RFC 1421 headers and text between blocks;
//! the base64 itself is still decoded strictly (standard alphabet, canonical padding).

use base64::Engine as _;

use super::CertError;

pub(crate) struct Block {
    /// Position in the text, from 1.
    pub number: usize,
    pub label: String,
    pub der: Vec<u8>,
}

/// Every `-----BEGIN X-----` … `-----END X-----` block, decoded.
pub(crate) fn blocks(text: &str) -> Result<Vec<Block>, CertError> {
    let mut found = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = boundary(line, "-----BEGIN ") else { continue };
        let number = found.len() + 1;
        let mut body = String::new();
        let mut ended = false;
        for line in lines.by_ref() {
            if let Some(end_label) = boundary(line, "-----END ") {
                if end_label != label {
                    return Err(CertError::Base64 {
                        block: number,
                        message: format!("'BEGIN {label}' is closed by 'END {end_label}'"),
                    });
                }
                ended = true;
                break;
            }
            // RFC 1421 encapsulated headers ("Proc-Type: …") carry no base64.
            if !line.contains(':') {
                body.push_str(line);
            }
        }
        if !ended {
            return Err(CertError::UnterminatedBlock { block: number, label: label.to_owned() });
        }
        let der = base64::engine::general_purpose::STANDARD
            .decode(body.as_bytes())
            .map_err(|e| CertError::Base64 { block: number, message: e.to_string() })?;
        found.push(Block { number, label: label.to_owned(), der });
        // Guards against a megabyte of tiny blocks; callers apply their own, lower limit.
        if found.len() > 10 * super::MAX_CHAIN_CERTIFICATES {
            break;
        }
    }
    Ok(found)
}

fn boundary<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)?.strip_suffix("-----")
}
