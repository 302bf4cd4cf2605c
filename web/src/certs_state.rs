//! The Certificates view's state: the client certificate, the registered certificate
//! authorities and the certificate identity pools, and the mTLS outcome the core computes
//! from them. An authority's chain is parsed and a pool's filter compiled only when that
//! authority or pool is edited; the simulation reruns when anything it reads, or the clock,
//! changes.

use std::rc::Rc;

use poolcheck_core::scenario::{CertificateAuthority, CertificatePool, Scenario};
use poolcheck_core::simulate::{
    MtlsInput, MtlsReport, PreparedAuthority, PreparedCertificatePool, simulate_mtls,
};
use serde_json::Value;

/// The example scenario the view offers to load (made by scripts/make-mtls-examples.py).
const EXAMPLE: &str = include_str!("../../examples/scenarios/mtls.json");

/// A filter a new pool starts with: matches every certificate of its authority.
const NEW_POOL_FILTER: &str = "true";

#[derive(Debug, Clone)]
pub struct CertsState {
    pub client_certificate: String,
    pub authorities: Rc<Vec<PreparedAuthority>>,
    pub pools: Rc<Vec<PreparedCertificatePool>>,
    pub report: Rc<MtlsReport>,
    /// Alternative client certificates of the loaded example, offered as one-click buttons.
    pub example_clients: Rc<Vec<ExampleClient>>,
    /// Why the example could not be loaded, if it could not.
    pub example_error: Option<String>,
    now: i64,
}

/// Prepared authorities and pools hold no comparable values; they are replaced, never
/// mutated, so the identity of their `Rc` says whether they changed.
impl PartialEq for CertsState {
    fn eq(&self, other: &Self) -> bool {
        self.client_certificate == other.client_certificate
            && Rc::ptr_eq(&self.authorities, &other.authorities)
            && Rc::ptr_eq(&self.pools, &other.pools)
            && Rc::ptr_eq(&self.report, &other.report)
            && Rc::ptr_eq(&self.example_clients, &other.example_clients)
            && self.example_error == other.example_error
            && self.now == other.now
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleClient {
    pub name: String,
    /// What the simulation should say about it, shown as the button's description.
    pub expected: String,
    pub pem: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertsAction {
    SetClientCertificate(String),
    /// Replace the client certificate with the example client at this index.
    LoadExampleClient(usize),
    /// Replace everything with the example scenario (which also fixes the clock).
    LoadExample,
    AddAuthority,
    RemoveAuthority(usize),
    EditAuthority(usize, AuthorityEdit),
    AddPool,
    RemovePool(usize),
    EditPool(usize, PoolEdit),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorityEdit {
    Id(String),
    Name(String),
    CertificateChain(String),
    Crl(String),
    RequireCrl(bool),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PoolEdit {
    Id(String),
    Name(String),
    CertificateAuthority(String),
    ExternalIdentifier(String),
    Filter(String),
}

impl CertsState {
    /// Nothing registered and no client certificate.
    pub fn new(now: i64) -> Self {
        Self::build(String::new(), Vec::new(), Vec::new(), Vec::new(), None, now)
    }

    fn build(
        client_certificate: String,
        authorities: Vec<PreparedAuthority>,
        pools: Vec<PreparedCertificatePool>,
        example_clients: Vec<ExampleClient>,
        example_error: Option<String>,
        now: i64,
    ) -> Self {
        let authorities = Rc::new(authorities);
        let pools = Rc::new(pools);
        let report = simulate(&client_certificate, &authorities, &pools, now);
        Self {
            client_certificate,
            authorities,
            pools,
            report,
            example_clients: Rc::new(example_clients),
            example_error,
            now,
        }
    }

    /// The same inputs at another instant.
    pub fn at(&self, now: i64) -> Self {
        if now == self.now {
            return self.clone();
        }
        let report = simulate(&self.client_certificate, &self.authorities, &self.pools, now);
        Self { report, now, ..self.clone() }
    }

    /// Applies an edit. Returns the new state and, when an example was loaded, the instant it
    /// fixes the clock at (the caller owns the clock and calls [`CertsState::at`]).
    pub fn reduce(&self, action: CertsAction) -> (Self, Option<i64>) {
        let mut authorities = self.authorities.as_ref().clone();
        let mut pools = self.pools.as_ref().clone();
        let mut client = self.client_certificate.clone();
        match action {
            CertsAction::SetClientCertificate(text) => client = text,
            CertsAction::LoadExampleClient(index) => match self.example_clients.get(index) {
                Some(example) => client = example.pem.clone(),
                None => return (self.clone(), None),
            },
            CertsAction::LoadExample => return self.load_example(),
            CertsAction::AddAuthority => {
                let id = fresh_id("op-ca-", authorities.iter().map(|a| a.authority.id.as_str()));
                authorities.push(PreparedAuthority::new(CertificateAuthority {
                    id,
                    ..CertificateAuthority::default()
                }));
            }
            CertsAction::RemoveAuthority(index) if index < authorities.len() => {
                authorities.remove(index);
            }
            CertsAction::EditAuthority(index, edit) => {
                let Some(prepared) = authorities.get_mut(index) else {
                    return (self.clone(), None);
                };
                let authority = &mut prepared.authority;
                match edit {
                    AuthorityEdit::Id(id) => authority.id = id,
                    AuthorityEdit::Name(name) => authority.name = name,
                    // Only a chain edit parses the chain again.
                    AuthorityEdit::CertificateChain(chain) => {
                        let authority =
                            CertificateAuthority { certificate_chain: chain, ..authority.clone() };
                        *prepared = PreparedAuthority::new(authority);
                    }
                    AuthorityEdit::Crl(crl) => {
                        authority.crl = (!crl.trim().is_empty()).then_some(crl);
                    }
                    AuthorityEdit::RequireCrl(require) => authority.require_crl = require,
                }
            }
            CertsAction::AddPool => {
                let id = fresh_id("pool-cert-", pools.iter().map(|p| p.pool.id.as_str()));
                let certificate_authority =
                    authorities.first().map(|a| a.authority.id.clone()).unwrap_or_default();
                pools.push(PreparedCertificatePool::new(CertificatePool {
                    id,
                    certificate_authority,
                    external_identifier: "CN".to_owned(),
                    filter: NEW_POOL_FILTER.to_owned(),
                    ..CertificatePool::default()
                }));
            }
            CertsAction::RemovePool(index) if index < pools.len() => {
                pools.remove(index);
            }
            CertsAction::EditPool(index, edit) => {
                let Some(prepared) = pools.get_mut(index) else {
                    return (self.clone(), None);
                };
                let pool = &mut prepared.pool;
                match edit {
                    PoolEdit::Id(id) => pool.id = id,
                    PoolEdit::Name(name) => pool.name = name,
                    PoolEdit::CertificateAuthority(id) => pool.certificate_authority = id,
                    PoolEdit::ExternalIdentifier(name) => pool.external_identifier = name,
                    PoolEdit::Filter(filter) if filter == pool.filter => {
                        return (self.clone(), None);
                    }
                    // Only a filter edit compiles the filter again.
                    PoolEdit::Filter(filter) => {
                        *prepared = PreparedCertificatePool::new(CertificatePool {
                            filter,
                            ..pool.clone()
                        });
                    }
                }
            }
            CertsAction::RemoveAuthority(_) | CertsAction::RemovePool(_) => {
                return (self.clone(), None);
            }
        }
        let authorities = Rc::new(authorities);
        let pools = Rc::new(pools);
        let report = simulate(&client, &authorities, &pools, self.now);
        let next = Self { client_certificate: client, authorities, pools, report, ..self.clone() };
        (next, None)
    }

    fn load_example(&self) -> (Self, Option<i64>) {
        match example() {
            Ok((scenario, clients)) => {
                let now = scenario.now.unwrap_or(self.now);
                let authorities = scenario
                    .certificate_authorities
                    .into_iter()
                    .map(PreparedAuthority::new)
                    .collect();
                let pools =
                    scenario.certificate_pools.into_iter().map(PreparedCertificatePool::new).collect();
                let client = scenario.client_certificate.unwrap_or_default();
                (Self::build(client, authorities, pools, clients, None, now), scenario.now)
            }
            Err(message) => (Self { example_error: Some(message), ..self.clone() }, None),
        }
    }
}

fn simulate(
    client_certificate: &str,
    authorities: &[PreparedAuthority],
    pools: &[PreparedCertificatePool],
    now: i64,
) -> Rc<MtlsReport> {
    Rc::new(simulate_mtls(&MtlsInput { client_certificate, authorities, pools, now }))
}

/// `prefix` followed by the first number no existing id uses.
fn fresh_id<'a>(prefix: &str, existing: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !existing.clone().any(|taken| taken == id))
        .unwrap_or_else(|| prefix.to_owned())
}

/// The example scenario and its alternative clients.
fn example() -> Result<(Scenario, Vec<ExampleClient>), String> {
    let scenario = Scenario::parse(EXAMPLE).map_err(|e| format!("the example is broken: {e}"))?;
    let clients = scenario
        .unknown
        .get("example_clients")
        .and_then(Value::as_array)
        .map(|clients| clients.iter().filter_map(example_client).collect())
        .unwrap_or_default();
    Ok((scenario, clients))
}

fn example_client(value: &Value) -> Option<ExampleClient> {
    let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
    Some(ExampleClient { name: text("name")?, expected: text("expected")?, pem: text("pem")? })
}
