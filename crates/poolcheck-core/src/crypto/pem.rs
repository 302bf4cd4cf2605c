//! PEM block splitting for every pasted field. Hand-written rather than pem-rfc7468's strict
//! decoder because pasted PEM comes with any line width, CRLF, indentation, RFC 1421 headers
//! and text around the blocks; the base64 itself is decoded strictly (standard alphabet,
//! canonical padding).

use base64::Engine as _;

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

#[derive(Debug)]
pub(crate) struct Block {
    /// Position in the text, from 1.
    pub number: usize,
    pub label: String,
    pub der: Vec<u8>,
}

/// Why PEM text cannot be split into blocks. `block` counts from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PemError {
    /// `-----BEGIN X` without the closing dashes.
    UnclosedBoundary {
        block: usize,
        line: &'static str,
    },
    /// Text follows `-----BEGIN X-----` on its line, typically PEM whose line breaks became
    /// `\n` escapes (in JSON or a shell string).
    TextAfterBegin {
        block: usize,
        label: String,
    },
    Unterminated {
        block: usize,
        label: String,
    },
    MismatchedEnd {
        block: usize,
        begin: String,
        end: String,
    },
    Base64 {
        block: usize,
        message: String,
    },
    /// More blocks than the caller allows; `count` is every BEGIN line of the text.
    TooManyBlocks {
        count: usize,
        limit: usize,
    },
}

impl PemError {
    /// What is wrong, without the block number (callers prefix it their own way).
    pub fn detail(&self) -> String {
        match self {
            PemError::UnclosedBoundary { line, .. } => {
                format!("the {line} line does not end with -----")
            }
            PemError::TextAfterBegin { label, .. } => format!(
                "text follows -----BEGIN {label}----- on the same line: paste the PEM with real \
                 line breaks, not \\n escapes"
            ),
            PemError::Unterminated { label, .. } => format!("no -----END {label}----- line"),
            PemError::MismatchedEnd { begin, end, .. } => {
                format!("'BEGIN {begin}' is closed by 'END {end}'")
            }
            PemError::Base64 { message, .. } => format!("invalid base64: {message}"),
            PemError::TooManyBlocks { count, limit } => {
                format!("{count} PEM blocks; the limit is {limit}")
            }
        }
    }
}

/// Every `-----BEGIN X-----` … `-----END X-----` block, decoded, up to `limit` of them. Text
/// before a BEGIN (on its line or above) and after an END is ignored.
pub(crate) fn blocks(text: &str, limit: usize) -> Result<Vec<Block>, PemError> {
    let mut found = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(at) = line.find(BEGIN) else { continue };
        let number = found.len() + 1;
        if number > limit {
            let count = number + lines.filter(|line| line.contains(BEGIN)).count();
            return Err(PemError::TooManyBlocks { count, limit });
        }
        let after = line.get(at + BEGIN.len()..).unwrap_or_default();
        let (label, rest) = after
            .split_once(DASHES)
            .ok_or(PemError::UnclosedBoundary { block: number, line: "BEGIN" })?;
        if !rest.trim().is_empty() {
            return Err(PemError::TextAfterBegin { block: number, label: label.to_owned() });
        }
        let mut body = String::new();
        let mut ended = false;
        for line in lines.by_ref() {
            // A new block before this one's END: this one is unterminated.
            if line.contains(BEGIN) {
                break;
            }
            if let Some(at) = line.find(END) {
                body.push_str(line.get(..at).unwrap_or_default());
                let after = line.get(at + END.len()..).unwrap_or_default();
                let (end_label, _) = after
                    .split_once(DASHES)
                    .ok_or(PemError::UnclosedBoundary { block: number, line: "END" })?;
                if end_label != label {
                    return Err(PemError::MismatchedEnd {
                        block: number,
                        begin: label.to_owned(),
                        end: end_label.to_owned(),
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
            return Err(PemError::Unterminated { block: number, label: label.to_owned() });
        }
        let der = base64::engine::general_purpose::STANDARD
            .decode(body.as_bytes())
            .map_err(|e| PemError::Base64 { block: number, message: e.to_string() })?;
        found.push(Block { number, label: label.to_owned(), der });
    }
    Ok(found)
}
