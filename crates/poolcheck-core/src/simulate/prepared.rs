//! Scenario entries with their expensive parts read once: a provider's keys, a pool's
//! compiled filter, an authority's certificate chain. The workspace keeps these and
//! re-prepares only the entry an edit touched.

use crate::cert::{CertError, Certificate, parse_pem_chain};
use crate::filter::{CompileError, CompiledFilter, FilterMode};
use crate::keys::{KeyParseError, KeySet, parse_keys};
use crate::scenario::{CertificateAuthority, CertificatePool, Pool, Provider};

/// A provider with its keys parsed once.
#[derive(Debug, Clone)]
pub struct PreparedProvider {
    pub provider: Provider,
    pub keys: Result<KeySet, KeyParseError>,
}

impl PreparedProvider {
    pub fn new(provider: Provider) -> Self {
        let keys = parse_keys(&provider.jwks.to_text(), None);
        Self { provider, keys }
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
