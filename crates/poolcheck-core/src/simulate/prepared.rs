//! Scenario entries with their expensive parts read once: a provider's keys, a pool's
//! compiled filter, an authority's certificate chain. The workspace keeps these and
//! re-prepares only the entry an edit touched.

use std::cell::RefCell;

use crate::cert::{CertError, Certificate, parse_pem_chain};
use crate::filter::{CompileError, CompiledFilter, FilterMode};
use crate::keys::{KeyParseError, KeySet, parse_keys};
use crate::scenario::{CertificateAuthority, CertificatePool, Pool, Provider};
use crate::token::Token;
use crate::verify::{Verification, verify};

/// A provider with its keys parsed once, and the last token checked against them.
#[derive(Debug, Clone)]
pub struct PreparedProvider {
    pub provider: Provider,
    pub keys: Result<KeySet, KeyParseError>,
    /// The last token checked against these keys, and its verdict. An edit that keeps the
    /// token and these keys (a pool's filter, the clock) re-runs the simulation but not the
    /// signature check, which is most of it for RSA. The whole token is the key: how each part
    /// was spelled (whitespace inside one) decides the verdict too, not only the compact text.
    last_verification: RefCell<Option<(Token, Verification)>>,
}

impl PreparedProvider {
    pub fn new(provider: Provider) -> Self {
        let keys = parse_keys(&provider.jwks.to_text(), None);
        Self { provider, keys, last_verification: RefCell::default() }
    }

    /// An edit of the id, name or issuer: the parsed keys and the last verdict stay.
    pub fn with_provider(&self, provider: Provider) -> Self {
        Self {
            provider,
            keys: self.keys.clone(),
            last_verification: self.last_verification.clone(),
        }
    }

    /// [`verify`] against these keys, remembering the verdict for the next call; the keys'
    /// error when they cannot be read.
    pub fn verify(&self, token: &Token) -> Result<Verification, &KeyParseError> {
        let keys = self.keys.as_ref()?;
        let mut last = self.last_verification.borrow_mut();
        match last.as_ref() {
            Some((checked, verification)) if checked == token => Ok(verification.clone()),
            _ => {
                let verification = verify(token, keys);
                *last = Some((token.clone(), verification.clone()));
                Ok(verification)
            }
        }
    }
}

/// A pool with its filter compiled once.
#[derive(Debug, Clone)]
pub struct PreparedPool {
    pub pool: Pool,
    pub filter: Result<CompiledFilter, CompileError>,
}

impl PreparedPool {
    pub fn new(pool: Pool) -> Self {
        let filter = CompiledFilter::compile(&pool.filter, FilterMode::Claims);
        Self { pool, filter }
    }
}

/// A certificate authority with its chain parsed once.
#[derive(Debug, Clone)]
pub struct PreparedAuthority {
    pub authority: CertificateAuthority,
    pub chain: Result<Vec<Certificate>, CertError>,
}

impl PreparedAuthority {
    pub fn new(authority: CertificateAuthority) -> Self {
        let chain = parse_pem_chain(&authority.certificate_chain);
        Self { authority, chain }
    }
}

/// A certificate pool with its filter compiled once.
#[derive(Debug, Clone)]
pub struct PreparedCertificatePool {
    pub pool: CertificatePool,
    pub filter: Result<CompiledFilter, CompileError>,
}

impl PreparedCertificatePool {
    pub fn new(pool: CertificatePool) -> Self {
        let filter = CompiledFilter::compile(&pool.filter, FilterMode::Certificate);
        Self { pool, filter }
    }
}
