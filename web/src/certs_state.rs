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

    /// The certificate parts of a scenario (imported, or an example), at `now`.
    pub fn from_scenario(scenario: &Scenario, now: i64) -> Self {
        let authorities =
            scenario.certificate_authorities.iter().cloned().map(PreparedAuthority::new).collect();
        let pools =
            scenario.certificate_pools.iter().cloned().map(PreparedCertificatePool::new).collect();
        let client = scenario.client_certificate.clone().unwrap_or_default();
        Self::build(client, authorities, pools, Vec::new(), None, now)
    }

    /// Writes this view's inputs into a scenario being exported.
    pub fn export_into(&self, scenario: &mut Scenario) {
        scenario.certificate_authorities =
            self.authorities.iter().map(|a| a.authority.clone()).collect();
        scenario.certificate_pools = self.pools.iter().map(|p| p.pool.clone()).collect();
        scenario.client_certificate =
            Some(self.client_certificate.clone()).filter(|pem| !pem.trim().is_empty());
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
        // Only the list an action edits is copied (`make_mut`); the other keeps its `Rc`.
        let mut authorities = Rc::clone(&self.authorities);
        let mut pools = Rc::clone(&self.pools);
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
                Rc::make_mut(&mut authorities).push(PreparedAuthority::new(CertificateAuthority {
                    id,
                    ..CertificateAuthority::default()
                }));
            }
            CertsAction::RemoveAuthority(index) if index < authorities.len() => {
                Rc::make_mut(&mut authorities).remove(index);
            }
            CertsAction::EditAuthority(index, edit) => {
                let Some(prepared) = Rc::make_mut(&mut authorities).get_mut(index) else {
                    return (self.clone(), None);
                };
                let authority = &mut prepared.authority;
                match edit {
                    // Pools of the authority follow its new id.
                    AuthorityEdit::Id(id) => {
                        for prepared in Rc::make_mut(&mut pools) {
                            if prepared.pool.certificate_authority == authority.id {
                                prepared.pool.certificate_authority.clone_from(&id);
                            }
                        }
                        authority.id = id;
                    }
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
                Rc::make_mut(&mut pools).push(PreparedCertificatePool::new(CertificatePool {
                    id,
                    certificate_authority,
                    external_identifier: "CN".to_owned(),
                    filter: NEW_POOL_FILTER.to_owned(),
                    ..CertificatePool::default()
                }));
            }
            CertsAction::RemovePool(index) if index < pools.len() => {
                Rc::make_mut(&mut pools).remove(index);
            }
            CertsAction::EditPool(index, edit) => {
                let Some(prepared) = Rc::make_mut(&mut pools).get_mut(index) else {
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
        let report = simulate(&client, &authorities, &pools, self.now);
        let next = Self { client_certificate: client, authorities, pools, report, ..self.clone() };
        (next, None)
    }

    fn load_example(&self) -> (Self, Option<i64>) {
        match example() {
            Ok((scenario, clients)) => {
                let loaded = Self::from_scenario(&scenario, scenario.now.unwrap_or(self.now));
                (Self { example_clients: Rc::new(clients), ..loaded }, scenario.now)
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

#[cfg(test)]
mod tests {
    use super::*;
    use poolcheck_core::simulate::PoolStatus;

    const NOW: i64 = 1_798_761_600;

    fn loaded() -> CertsState {
        let (state, now) = CertsState::new(0).reduce(CertsAction::LoadExample);
        assert_eq!(now, Some(NOW), "the example fixes the clock");
        state.at(NOW)
    }

    fn with_client(state: &CertsState, name: &str) -> CertsState {
        let index = state.example_clients.iter().position(|c| c.name == name).unwrap();
        state.reduce(CertsAction::LoadExampleClient(index)).0
    }

    #[test]
    fn nothing_pasted_is_unreadable() {
        let state = CertsState::new(NOW);
        assert!(!state.report.accepted);
        assert_eq!(state.report.code, Some("CERTIFICATE_UNREADABLE"));
    }

    #[test]
    fn the_example_accepts_the_valid_client_as_its_cn() {
        let state = loaded();
        assert_eq!(state.authorities.len(), 1);
        assert_eq!(state.pools.len(), 2);
        let report = &state.report;
        assert!(report.accepted, "{}", report.message);
        assert_eq!(report.principal.as_deref(), Some("orders-service"));
        assert_eq!(report.pools, ["pool-kafka-clients"]);
        let chain = report.chain.as_ref().unwrap();
        assert!(chain.valid);
        assert_eq!(chain.links.len(), 2, "the leaf and the registered issuing CA");
    }

    #[test]
    fn every_example_client_gets_the_outcome_its_button_promises() {
        let state = loaded();
        let names: Vec<&str> = state.example_clients.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["valid", "EC (analytics)", "expired", "revoked", "other CA", "no clientAuth"]
        );
        let outcome = |name: &str| {
            let report = with_client(&state, name).report;
            (report.accepted, report.code, report.principal.clone(), report.pools.clone())
        };
        assert_eq!(
            outcome("EC (analytics)"),
            (true, None, Some("analytics-ec".into()), vec!["pool-analytics".into()])
        );
        assert_eq!(outcome("expired"), (false, Some("cert_expired"), None, vec![]));
        assert_eq!(outcome("revoked"), (false, Some("cert_revoked"), None, vec![]));
        assert_eq!(outcome("other CA"), (false, Some("NO_CERTIFICATE_AUTHORITY"), None, vec![]));
        let no_client_auth = with_client(&state, "no clientAuth").report;
        assert!(no_client_auth.accepted);
        let chain = no_client_auth.chain.as_ref().unwrap();
        assert!(chain.problems.iter().any(|p| p.severity == poolcheck_core::Severity::Warning));
    }

    #[test]
    fn moving_the_clock_past_the_expiry_refuses_the_valid_client() {
        let state = loaded().at(2_200_000_000);
        assert_eq!(state.report.code, Some("cert_expired"));
        assert!(Rc::ptr_eq(&state.report, &state.at(2_200_000_000).report));
    }

    #[test]
    fn bad_pem_is_refused_with_a_specific_error() {
        let state = loaded();
        let (state, _) = state.reduce(CertsAction::SetClientCertificate(
            "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n".into(),
        ));
        assert_eq!(state.report.code, Some("CERTIFICATE_UNREADABLE"));
        assert!(
            state.report.message.contains("PEM block 1: invalid base64"),
            "{}",
            state.report.message
        );
    }

    #[test]
    fn editing_a_filter_recompiles_only_that_pool() {
        let state = loaded();
        let (edited, _) =
            state.reduce(CertsAction::EditPool(0, PoolEdit::Filter("O == 'Somebody else'".into())));
        let results = &edited.report.pool_results;
        assert_eq!(results[0].status, PoolStatus::NoMatch);
        assert_eq!(edited.report.code, Some("NO_MATCHING_POOL"));
        let (broken, _) = edited.reduce(CertsAction::EditPool(0, PoolEdit::Filter("O ==".into())));
        assert_eq!(broken.report.pool_results[0].status, PoolStatus::CompileError);
        let (same, _) = broken.reduce(CertsAction::EditPool(0, PoolEdit::Filter("O ==".into())));
        assert!(Rc::ptr_eq(&same.pools, &broken.pools), "an unchanged filter is not recompiled");
    }

    #[test]
    fn requiring_a_crl_without_one_refuses_everyone() {
        let state = loaded();
        assert!(state.authorities[0].authority.require_crl);
        let (state, _) =
            state.reduce(CertsAction::EditAuthority(0, AuthorityEdit::Crl(" ".into())));
        assert_eq!(state.authorities[0].authority.crl, None);
        assert_eq!(state.report.code, Some("crl_required"));
        let (state, _) =
            state.reduce(CertsAction::EditAuthority(0, AuthorityEdit::RequireCrl(false)));
        assert!(state.report.accepted, "{}", state.report.message);
    }

    #[test]
    fn editing_the_client_keeps_the_prepared_authorities_and_pools() {
        let state = loaded();
        let (next, _) = state.reduce(CertsAction::SetClientCertificate(String::new()));
        assert!(Rc::ptr_eq(&next.authorities, &state.authorities));
        assert!(Rc::ptr_eq(&next.pools, &state.pools));
        assert!(!Rc::ptr_eq(&next.report, &state.report));
    }

    #[test]
    fn renaming_an_authority_keeps_its_pools() {
        let state = loaded();
        let (state, _) =
            state.reduce(CertsAction::EditAuthority(0, AuthorityEdit::Id("op-renamed".into())));
        assert!(state.pools.iter().all(|p| p.pool.certificate_authority == "op-renamed"));
        assert!(state.report.accepted, "{}", state.report.message);
        assert_eq!(state.report.certificate_authority.as_deref(), Some("op-renamed"));
    }

    #[test]
    fn added_authorities_and_pools_get_fresh_ids() {
        let state = CertsState::new(NOW);
        let (state, _) = state.reduce(CertsAction::AddAuthority);
        let (state, _) = state.reduce(CertsAction::AddAuthority);
        let (state, _) = state.reduce(CertsAction::RemoveAuthority(0));
        let (state, _) = state.reduce(CertsAction::AddAuthority);
        let ids: Vec<&str> = state.authorities.iter().map(|a| a.authority.id.as_str()).collect();
        assert_eq!(ids, ["op-ca-2", "op-ca-1"]);
        let (state, _) = state.reduce(CertsAction::AddPool);
        assert_eq!(state.pools[0].pool.certificate_authority, "op-ca-2");
        assert_eq!(state.pools[0].pool.external_identifier, "CN");
        let (same, _) = state.reduce(CertsAction::RemovePool(7));
        assert!(Rc::ptr_eq(&same.pools, &state.pools));
    }
}
