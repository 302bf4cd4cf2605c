//! `cert inspect`: every certificate of a PEM text, or one DER certificate.

use serde::Deserialize;

use super::{CommandError, CommandErrorCode, Verdict};
use crate::cert::{self, Certificate, InspectReport};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CertificateOptions {
    /// The instant to check validity at, in unix seconds (default: the caller's clock).
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub now: Option<i64>,
}

/// Inspects `bytes`, PEM text or one DER certificate; `source` names them in messages ("stdin",
/// a path). Input that is neither is an input error.
pub fn inspect_certificates(
    bytes: &[u8],
    source: &str,
    options: &CertificateOptions,
    clock: i64,
) -> Result<InspectReport, CommandError> {
    let certificates = pem_or_der(bytes, source)
        .map_err(|message| CommandError::new(CommandErrorCode::CertificateUnreadable, message))?;
    Ok(cert::inspect_all(&certificates, options.now.unwrap_or(clock)))
}

/// DER starts with a SEQUENCE tag (0x30) and, having length bytes over 0x7f, is never UTF-8,
/// while PEM always is.
fn pem_or_der(bytes: &[u8], source: &str) -> Result<Vec<Certificate>, String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => cert::parse_pem_chain(text).map_err(|e| e.to_string()),
        Err(_) if bytes.first() == Some(&0x30) => Certificate::from_der(bytes, 1)
            .map(|certificate| vec![certificate])
            .map_err(|e| format!("{source} looks like a DER certificate but does not parse: {e}")),
        Err(e) => Err(format!(
            "{source} is neither PEM text nor a DER certificate (invalid UTF-8 at offset {})",
            e.valid_up_to()
        )),
    }
}

/// Reading the certificates is the whole command.
impl Verdict for InspectReport {
    fn exit_code(&self) -> u8 {
        0
    }
}
