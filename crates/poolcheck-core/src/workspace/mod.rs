//! The one pipeline: a scenario, everything prepared from it (the read token, parsed key sets,
//! compiled filters, parsed certificates) and the reports they give. The app, the CLI and the
//! JavaScript API only send [`Edit`]s and read reports; each edit re-prepares only what it
//! touched and re-runs only the reports that read it.
//!
//! | edit | re-prepared | re-run |
//! | --- | --- | --- |
//! | token | the token (read once) | token report, signature, OAuth |
//! | clock, leeway | nothing | token report, OAuth, mTLS |
//! | Token view keys | that key set | signature |
//! | provider keys / pool filter | that provider's keys / that pool's filter | OAuth |
//! | other provider, pool, request fields | nothing | OAuth |
//! | authority chain / certificate pool filter | that chain / that filter | mTLS |
//! | client certificate | the client chain | mTLS |
//!
//! Within OAuth, a pool edit evaluates only that pool and keeps the others' results, and a
//! provider checks a signature only for a token (or keys) it has not checked last.

mod edit;
mod reports;

pub use edit::{
    AuthorityField, CertificatePoolField, Edit, Entry, PoolField, ProviderField, RequestField,
};
pub use reports::{KeysOutcome, NotChecked, Reports, SignatureReport, TokenOutcome};

use std::rc::Rc;

use crate::cert::{CertError, Certificate, parse_pem_chain};
use crate::decode::{DecodeOptions, decode};
use crate::filter::{Bindings, Detail, FilterReport};
use crate::json;
use crate::keys::{SecretEncoding, parse_keys};
use crate::scenario::{
    CURRENT_VERSION, CertificateAuthority, CertificatePool, Exercise, Keys, Pool, Provider,
    Request, Scenario,
};
use crate::simulate::{
    ASSUMPTIONS, KeptResults, MtlsInput, MtlsReport, OAuthInput, OAuthReport, PoolResult,
    PreparedAuthority, PreparedCertificatePool, PreparedPool, PreparedProvider, SimulationReport,
    simulate_mtls, simulate_oauth, simulate_oauth_keeping_bindings,
};
use crate::token::{NotAToken, Token, TokenFormat};

/// Prepares and simulates a scenario once; `now` is used when the scenario does not fix it.
pub fn analyze(scenario: &Scenario, now: i64) -> SimulationReport {
    Workspace::new(scenario.clone(), now).simulation()
}

/// The filter a new identity pool starts with: a documented example that names what to change.
const NEW_POOL_FILTER: &str = "claims.aud == '<client-id>'";
/// A new certificate pool matches every certificate of its authority until edited.
const NEW_CERTIFICATE_POOL_FILTER: &str = "true";

/// A scenario and everything prepared from it. Cloning is cheap: prepared parts are shared
/// until an edit replaces them.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// What no edit changes (title, description, members this version does not know), kept
    /// so an export loses nothing.
    base: Rc<Scenario>,
    now: i64,
    leeway_seconds: i64,
    token_text: String,
    token: Rc<Result<Token, NotAToken>>,
    token_report: TokenOutcome,
    keys_text: String,
    keys_secret: Option<SecretEncoding>,
    keys: KeysOutcome,
    signature: SignatureReport,
    request: Request,
    providers: Rc<Vec<PreparedProvider>>,
    pools: Rc<Vec<PreparedPool>>,
    authorities: Rc<Vec<PreparedAuthority>>,
    certificate_pools: Rc<Vec<PreparedCertificatePool>>,
    client_pem: String,
    client: Rc<Result<Vec<Certificate>, CertError>>,
    oauth: Rc<OAuthReport>,
    /// How much the OAuth simulation says of each pool's filter.
    detail: Detail,
    /// The token's claims as the OAuth simulation bound them, to explain a pool on request.
    bindings: Rc<Option<Bindings>>,
    /// Always computed, so certificate pools show their compile errors before any client
    /// certificate is given; [`Workspace::mtls`] offers it only once one is.
    mtls: Rc<MtlsReport>,
    token_reads: u64,
}

impl Workspace {
    /// A workspace for a scenario; `now` is used when the scenario does not fix the time.
    pub fn new(scenario: Scenario, now: i64) -> Self {
        Self::with_detail(scenario, now, Detail::default())
    }

    /// [`Workspace::new`] reporting at `detail` from the start: a scenario of many pools is
    /// simulated once, at that detail, rather than explained first.
    pub fn with_detail(scenario: Scenario, now: i64, detail: Detail) -> Self {
        let mut workspace = Self::empty(now);
        workspace.detail = detail;
        workspace.import(scenario);
        workspace
    }

    fn empty(now: i64) -> Self {
        let token = Rc::new(Token::parse(""));
        Self {
            base: Rc::default(),
            now,
            leeway_seconds: 0,
            token_text: String::new(),
            token,
            token_report: TokenOutcome::Empty,
            keys_text: String::new(),
            keys_secret: None,
            keys: KeysOutcome::Empty,
            signature: SignatureReport::NotChecked { reason: NotChecked::NoKeys },
            request: Request::default(),
            providers: Rc::default(),
            pools: Rc::default(),
            authorities: Rc::default(),
            certificate_pools: Rc::default(),
            client_pem: String::new(),
            client: Rc::new(Ok(Vec::new())),
            oauth: Rc::new(simulate_oauth(&OAuthInput {
                token: Err(&NotAToken::empty()),
                request: &Request::default(),
                providers: &[],
                pools: &[],
                detail: Detail::Explained,
                kept: None,
            })),
            detail: Detail::Explained,
            bindings: Rc::new(None),
            mtls: Rc::new(simulate_mtls(&MtlsInput {
                client_certificate: &Ok(Vec::new()),
                authorities: &[],
                pools: &[],
                now,
            })),
            token_reads: 0,
        }
    }

    /// Replaces the OAuth parts (token, request, providers, pools) and the clock with the
    /// scenario's; its certificate parts too when it has any, so importing an OAuth-only
    /// scenario keeps the certificates the user set up.
    pub fn import(&mut self, scenario: Scenario) {
        if scenario.has_certificates() {
            self.take_certificates(&scenario);
        }
        self.providers = Rc::new(
            scenario
                .providers
                .iter()
                .cloned()
                .map(keys_as_text)
                .map(PreparedProvider::new)
                .collect(),
        );
        self.pools = Rc::new(scenario.pools.iter().cloned().map(PreparedPool::new).collect());
        self.request = scenario.request.clone();
        self.take_clock(&scenario);
        self.base = Rc::new(scenario);
        let token = self.base.token.clone();
        self.set_token(token);
        self.simulate_mtls();
    }

    /// Replaces only the certificate parts and the clock (the Certificates view's example).
    pub fn import_certificates(&mut self, scenario: &Scenario) {
        self.take_certificates(scenario);
        self.take_clock(scenario);
        self.redecode();
        self.simulate_oauth();
        self.simulate_mtls();
    }

    fn take_certificates(&mut self, scenario: &Scenario) {
        self.authorities = Rc::new(
            scenario.certificate_authorities.iter().cloned().map(PreparedAuthority::new).collect(),
        );
        self.certificate_pools = Rc::new(
            scenario.certificate_pools.iter().cloned().map(PreparedCertificatePool::new).collect(),
        );
        self.client_pem = scenario.client_certificate.clone().unwrap_or_default();
        self.client = Rc::new(read_client(&self.client_pem));
    }

    fn take_clock(&mut self, scenario: &Scenario) {
        self.now = scenario.now.unwrap_or(self.now);
        self.leeway_seconds = scenario.leeway_seconds.unwrap_or(self.leeway_seconds).max(0);
    }

    /// Applies one edit and re-runs the reports that read what it changed.
    pub fn apply(&mut self, edit: Edit) {
        match edit {
            Edit::SetToken { token } => {
                if token != self.token_text {
                    self.set_token(token);
                }
            }
            Edit::SetNow { now } => self.set_clock(now, self.leeway_seconds),
            Edit::SetLeeway { seconds } => self.set_clock(self.now, seconds.max(0)),
            Edit::SetKeys { text, secret } => {
                if text != self.keys_text || secret != self.keys_secret {
                    self.keys_text = text;
                    self.keys_secret = secret;
                    self.keys = read_keys(&self.keys_text, secret);
                    self.check_signature();
                }
            }
            Edit::SetRequest { field, value } => {
                let slot = match field {
                    RequestField::LogicalCluster => &mut self.request.logical_cluster,
                    RequestField::IdentityPoolId => &mut self.request.identity_pool_id,
                };
                let value = non_blank(value);
                if *slot != value {
                    *slot = value;
                    self.simulate_oauth();
                }
            }
            Edit::SetProvider { index, field, value } => {
                if self.edit_provider(index, field, value) {
                    self.simulate_oauth();
                }
            }
            Edit::SetPool { index, field, value } => {
                if self.edit_pool(index, field, value) {
                    self.resimulate_oauth(Some(index));
                }
            }
            Edit::SetAuthority { index, field, value } => {
                if self.edit_authority(index, field, value) {
                    self.simulate_mtls();
                }
            }
            Edit::SetRequireCrl { index, require } => {
                if let Some(prepared) = self.authorities.get(index)
                    && prepared.authority.require_crl != require
                {
                    Rc::make_mut(&mut self.authorities)[index].authority.require_crl = require;
                    self.simulate_mtls();
                }
            }
            Edit::SetCertificatePool { index, field, value } => {
                if self.edit_certificate_pool(index, field, value) {
                    self.simulate_mtls();
                }
            }
            Edit::SetClientCertificate { pem } => {
                if pem != self.client_pem {
                    self.client = Rc::new(read_client(&pem));
                    self.client_pem = pem;
                    self.simulate_mtls();
                }
            }
            Edit::Add { entry } => self.add(entry),
            Edit::Remove { entry, index } => self.remove(entry, index),
            Edit::Duplicate { entry, index } => self.duplicate(entry, index),
        }
    }

    fn set_token(&mut self, text: String) {
        self.token = Rc::new(Token::parse(&text));
        self.token_reads += 1;
        self.token_text = text;
        self.redecode();
        self.check_signature();
        self.simulate_oauth();
    }

    fn set_clock(&mut self, now: i64, leeway_seconds: i64) {
        if (now, leeway_seconds) == (self.now, self.leeway_seconds) {
            return;
        }
        self.now = now;
        self.leeway_seconds = leeway_seconds;
        self.redecode();
        self.simulate_oauth();
        self.simulate_mtls();
    }

    fn redecode(&mut self) {
        let options = DecodeOptions { now: self.now, leeway_seconds: self.leeway_seconds };
        self.token_report = match self.token.as_ref() {
            _ if self.token_text.trim().is_empty() => TokenOutcome::Empty,
            Ok(token) => TokenOutcome::Decoded(Rc::new(decode(token, &options))),
            Err(not_a_token) => TokenOutcome::NotAToken(not_a_token.clone()),
        };
    }

    fn check_signature(&mut self) {
        let reason = |reason| SignatureReport::NotChecked { reason };
        self.signature = match (&self.keys, self.token.as_ref()) {
            (KeysOutcome::Empty, _) => reason(NotChecked::NoKeys),
            (KeysOutcome::Unreadable(_), _) => reason(NotChecked::KeysUnreadable),
            (KeysOutcome::Set(set), _) if set.is_discovery() => {
                reason(NotChecked::DiscoveryDocument)
            }
            (KeysOutcome::Set(_), Err(_)) => reason(NotChecked::NoToken),
            (KeysOutcome::Set(_), Ok(token)) if token.format == TokenFormat::Jwe => {
                reason(NotChecked::Encrypted)
            }
            (KeysOutcome::Set(set), Ok(token)) => {
                SignatureReport::Checked(Rc::new(crate::verify::verify(token, set)))
            }
        };
    }

    fn simulate_oauth(&mut self) {
        self.resimulate_oauth(None);
    }

    /// Runs the OAuth simulation again; `edited` is the one pool changed since the last run,
    /// whose result alone is worked out again.
    fn resimulate_oauth(&mut self, edited: Option<usize>) {
        let token = match (self.token.as_ref(), &self.token_report) {
            (Ok(token), TokenOutcome::Decoded(report)) => Ok((token, report.as_ref())),
            (Err(not_a_token), _) => Err(not_a_token),
            // Not reached: a token that was read always has its report.
            (Ok(_), _) => return,
        };
        let (report, bindings) = simulate_oauth_keeping_bindings(&OAuthInput {
            token,
            request: &self.request,
            providers: &self.providers,
            pools: &self.pools,
            detail: self.detail,
            kept: edited.map(|edited| KeptResults { results: &self.oauth.pool_results, edited }),
        });
        self.oauth = Rc::new(report);
        self.bindings = Rc::new(bindings);
    }

    /// Whether the OAuth report explains every pool's filter ([`Detail::Explained`], the
    /// default) or only gives its verdict, leaving [`Workspace::explained_pool_result`] to explain the
    /// pools a page shows.
    pub fn set_detail(&mut self, detail: Detail) {
        if detail != self.detail {
            self.detail = detail;
            self.simulate_oauth();
        }
    }

    /// The OAuth report's result for the pool at `index`, with its filter explained whatever
    /// the [`Detail`]: what [`Detail::Explained`] puts in `pool_results`.
    pub fn explained_pool_result(&self, index: usize) -> Option<PoolResult> {
        let mut result = self.oauth.pool_results.get(index)?.clone();
        if self.detail == Detail::Verdict && result.filter.is_some() {
            result.filter = self.explain_pool(index);
        }
        Some(result)
    }

    fn explain_pool(&self, index: usize) -> Option<FilterReport> {
        let prepared = self.pools.get(index)?;
        let filter = prepared.filter.as_ref().ok()?;
        let bindings = self.bindings.as_ref().as_ref()?;
        let issuer = self
            .providers
            .iter()
            .find(|p| p.provider.id == prepared.pool.provider)
            .map(|p| p.provider.issuer.as_str());
        Some(filter.report(bindings, issuer))
    }

    fn simulate_mtls(&mut self) {
        self.mtls = Rc::new(simulate_mtls(&MtlsInput {
            client_certificate: &self.client,
            authorities: &self.authorities,
            pools: &self.certificate_pools,
            now: self.now,
        }));
    }

    /// Returns whether anything changed.
    fn edit_provider(&mut self, index: usize, field: ProviderField, value: String) -> bool {
        let Some(prepared) = self.providers.get(index) else { return false };
        let old_id = prepared.provider.id.clone();
        let mut provider = prepared.provider.clone();
        match field {
            ProviderField::Id => provider.id = value,
            ProviderField::Name => provider.name = value,
            ProviderField::Issuer => provider.issuer = value,
            ProviderField::Keys => provider.jwks = Keys::Text(value),
            ProviderField::IdentityClaim => provider.identity_claim = non_blank(value),
        }
        if provider == prepared.provider {
            return false;
        }
        let renamed = unambiguous_rename(
            self.providers.iter().map(|p| p.provider.id.as_str()),
            &old_id,
            &provider.id,
        );
        let new_id = provider.id.clone();
        let prepared = if field == ProviderField::Keys {
            PreparedProvider::new(provider)
        } else {
            prepared.with_provider(provider)
        };
        Rc::make_mut(&mut self.providers)[index] = prepared;
        if renamed {
            follow_rename(&mut self.pools, &old_id, &new_id);
        }
        true
    }

    fn edit_pool(&mut self, index: usize, field: PoolField, value: String) -> bool {
        let Some(prepared) = self.pools.get(index) else { return false };
        let mut pool = prepared.pool.clone();
        match field {
            PoolField::Id => pool.id = value,
            PoolField::Name => pool.name = value,
            PoolField::Provider => pool.provider = value,
            PoolField::IdentityClaim => pool.identity_claim = non_blank(value),
            PoolField::Filter => pool.filter = value,
        }
        if pool == prepared.pool {
            return false;
        }
        let prepared = if field == PoolField::Filter {
            PreparedPool::new(pool)
        } else {
            PreparedPool { pool, filter: prepared.filter.clone() }
        };
        Rc::make_mut(&mut self.pools)[index] = prepared;
        true
    }

    fn edit_authority(&mut self, index: usize, field: AuthorityField, value: String) -> bool {
        let Some(prepared) = self.authorities.get(index) else { return false };
        let old_id = prepared.authority.id.clone();
        let mut authority = prepared.authority.clone();
        match field {
            AuthorityField::Id => authority.id = value,
            AuthorityField::Name => authority.name = value,
            AuthorityField::CertificateChain => authority.certificate_chain = value,
            AuthorityField::Crl => authority.crl = non_blank(value),
        }
        if authority == prepared.authority {
            return false;
        }
        let renamed = unambiguous_rename(
            self.authorities.iter().map(|a| a.authority.id.as_str()),
            &old_id,
            &authority.id,
        );
        let new_id = authority.id.clone();
        let prepared = if field == AuthorityField::CertificateChain {
            PreparedAuthority::new(authority)
        } else {
            PreparedAuthority { authority, chain: prepared.chain.clone() }
        };
        Rc::make_mut(&mut self.authorities)[index] = prepared;
        if renamed {
            follow_rename(&mut self.certificate_pools, &old_id, &new_id);
        }
        true
    }

    fn edit_certificate_pool(
        &mut self,
        index: usize,
        field: CertificatePoolField,
        value: String,
    ) -> bool {
        let Some(prepared) = self.certificate_pools.get(index) else { return false };
        let mut pool = prepared.pool.clone();
        match field {
            CertificatePoolField::Id => pool.id = value,
            CertificatePoolField::Name => pool.name = value,
            CertificatePoolField::CertificateAuthority => pool.certificate_authority = value,
            CertificatePoolField::ExternalIdentifier => pool.external_identifier = value,
            CertificatePoolField::Filter => pool.filter = value,
        }
        if pool == prepared.pool {
            return false;
        }
        let prepared = if field == CertificatePoolField::Filter {
            PreparedCertificatePool::new(pool)
        } else {
            PreparedCertificatePool { pool, filter: prepared.filter.clone() }
        };
        Rc::make_mut(&mut self.certificate_pools)[index] = prepared;
        true
    }

    fn add(&mut self, entry: Entry) {
        match entry {
            Entry::Provider => {
                let id = unused_id("op-new", self.providers.iter().map(|p| p.provider.id.as_str()));
                let provider = Provider { id, ..Provider::default() };
                Rc::make_mut(&mut self.providers).push(PreparedProvider::new(provider));
            }
            Entry::Pool => {
                let pool = Pool {
                    id: unused_id("pool-new", self.pools.iter().map(|p| p.pool.id.as_str())),
                    provider: self
                        .providers
                        .first()
                        .map(|p| p.provider.id.clone())
                        .unwrap_or_default(),
                    filter: NEW_POOL_FILTER.to_owned(),
                    ..Pool::default()
                };
                Rc::make_mut(&mut self.pools).push(PreparedPool::new(pool));
            }
            Entry::Authority => {
                let id =
                    unused_id("op-ca", self.authorities.iter().map(|a| a.authority.id.as_str()));
                let authority = CertificateAuthority { id, ..CertificateAuthority::default() };
                Rc::make_mut(&mut self.authorities).push(PreparedAuthority::new(authority));
            }
            Entry::CertificatePool => {
                let pool = CertificatePool {
                    id: unused_id(
                        "pool-cert",
                        self.certificate_pools.iter().map(|p| p.pool.id.as_str()),
                    ),
                    certificate_authority: self
                        .authorities
                        .first()
                        .map(|a| a.authority.id.clone())
                        .unwrap_or_default(),
                    external_identifier: "CN".to_owned(),
                    filter: NEW_CERTIFICATE_POOL_FILTER.to_owned(),
                    ..CertificatePool::default()
                };
                Rc::make_mut(&mut self.certificate_pools).push(PreparedCertificatePool::new(pool));
            }
        }
        self.resimulate(entry);
    }

    fn remove(&mut self, entry: Entry, index: usize) {
        let removed = match entry {
            Entry::Provider => remove_at(&mut self.providers, index),
            Entry::Pool => remove_at(&mut self.pools, index),
            Entry::Authority => remove_at(&mut self.authorities, index),
            Entry::CertificatePool => remove_at(&mut self.certificate_pools, index),
        };
        if removed {
            self.resimulate(entry);
        }
    }

    fn duplicate(&mut self, entry: Entry, index: usize) {
        let copied = match entry {
            Entry::Provider => duplicate_at(&mut self.providers, index, |p| &mut p.provider.id),
            Entry::Pool => duplicate_at(&mut self.pools, index, |p| &mut p.pool.id),
            Entry::Authority => duplicate_at(&mut self.authorities, index, |a| &mut a.authority.id),
            Entry::CertificatePool => {
                duplicate_at(&mut self.certificate_pools, index, |p| &mut p.pool.id)
            }
        };
        if copied {
            self.resimulate(entry);
        }
    }

    fn resimulate(&mut self, entry: Entry) {
        match entry {
            Entry::Provider | Entry::Pool => self.simulate_oauth(),
            Entry::Authority | Entry::CertificatePool => self.simulate_mtls(),
        }
    }

    /// The Token field as typed.
    pub fn token_text(&self) -> &str {
        &self.token_text
    }

    /// The Token view's keys as typed, and the secret encoding chosen for them.
    pub fn keys_text(&self) -> (&str, Option<SecretEncoding>) {
        (&self.keys_text, self.keys_secret)
    }

    pub fn now(&self) -> i64 {
        self.now
    }

    pub fn leeway_seconds(&self) -> i64 {
        self.leeway_seconds
    }

    pub fn request(&self) -> &Request {
        &self.request
    }

    pub fn providers(&self) -> &Rc<Vec<PreparedProvider>> {
        &self.providers
    }

    pub fn pools(&self) -> &Rc<Vec<PreparedPool>> {
        &self.pools
    }

    pub fn authorities(&self) -> &Rc<Vec<PreparedAuthority>> {
        &self.authorities
    }

    pub fn certificate_pools(&self) -> &Rc<Vec<PreparedCertificatePool>> {
        &self.certificate_pools
    }

    pub fn client_certificate(&self) -> &str {
        &self.client_pem
    }

    /// Replaces the exercises, as `commands::edit_exercises` returns them; nothing else reads
    /// them, so nothing is re-prepared.
    pub fn set_exercises(&mut self, exercises: Vec<Exercise>) {
        Rc::make_mut(&mut self.base).exercises = exercises;
    }

    /// The scenario's title, description and unknown members, as loaded.
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    pub fn token(&self) -> &TokenOutcome {
        &self.token_report
    }

    pub fn keys(&self) -> &KeysOutcome {
        &self.keys
    }

    pub fn signature(&self) -> &SignatureReport {
        &self.signature
    }

    pub fn oauth(&self) -> &Rc<OAuthReport> {
        &self.oauth
    }

    /// `None` while no client certificate is given.
    pub fn mtls(&self) -> Option<&Rc<MtlsReport>> {
        (!self.client_pem.trim().is_empty()).then_some(&self.mtls)
    }

    /// What each certificate pool makes of the client certificate, or of none: a filter that
    /// does not compile says so before any certificate is given.
    pub fn certificate_pool_results(&self) -> &[PoolResult] {
        &self.mtls.pool_results
    }

    /// How many times the Token field was read: once per token edit, never for other edits.
    pub fn token_reads(&self) -> u64 {
        self.token_reads
    }

    pub fn reports(&self) -> Reports {
        Reports {
            token: self.token_report.clone(),
            keys: self.keys.clone(),
            signature: self.signature.clone(),
            oauth: self.oauth.clone(),
            mtls: self.mtls().cloned(),
        }
    }

    /// The whole simulation, as `poolcheck simulate` reports it: the OAuth flow unless the
    /// scenario is mTLS only (a client certificate and no token).
    pub fn simulation(&self) -> SimulationReport {
        let mtls = self.mtls().map(|report| (**report).clone());
        let oauth =
            (!self.token_text.trim().is_empty() || mtls.is_none()).then(|| (*self.oauth).clone());
        let accepted =
            oauth.as_ref().is_none_or(|o| o.accepted) && mtls.as_ref().is_none_or(|m| m.accepted);
        SimulationReport {
            accepted,
            now: self.now,
            leeway_seconds: self.leeway_seconds,
            oauth,
            mtls,
            assumptions: ASSUMPTIONS,
        }
    }

    /// Everything as a scenario: the edits, and what the loaded scenario held that no edit
    /// changes.
    pub fn scenario(&self) -> Scenario {
        Scenario {
            version: CURRENT_VERSION,
            now: Some(self.now),
            leeway_seconds: Some(self.leeway_seconds),
            token: self.token_text.clone(),
            request: self.request.clone(),
            providers: self.providers.iter().map(|p| keys_as_json(p.provider.clone())).collect(),
            pools: self.pools.iter().map(|p| p.pool.clone()).collect(),
            certificate_authorities: self.authorities.iter().map(|a| a.authority.clone()).collect(),
            certificate_pools: self.certificate_pools.iter().map(|p| p.pool.clone()).collect(),
            client_certificate: non_blank(self.client_pem.clone()),
            ..(*self.base).clone()
        }
    }
}

fn read_keys(text: &str, secret: Option<SecretEncoding>) -> KeysOutcome {
    // A secret may be blank (a weak key, judged as such); key documents may not.
    if text.trim().is_empty() && secret.is_none() {
        return KeysOutcome::Empty;
    }
    match parse_keys(text, secret) {
        Ok(set) => KeysOutcome::Set(Rc::new(set)),
        Err(error) => KeysOutcome::Unreadable(error),
    }
}

fn read_client(pem: &str) -> Result<Vec<Certificate>, CertError> {
    if pem.trim().is_empty() { Ok(Vec::new()) } else { parse_pem_chain(pem) }
}

/// The Keys field edits text; a JWKS object is shown pretty-printed.
fn keys_as_text(mut provider: Provider) -> Provider {
    if let Keys::Json(value) = &provider.jwks {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
        provider.jwks = Keys::Text(text);
    }
    provider
}

/// Keys text that is a JSON object is exported as JSON (as scenarios write a JWKS); PEM and
/// other text stays a string, and so does text with duplicate members, so the key parser
/// still reports them.
fn keys_as_json(mut provider: Provider) -> Provider {
    if let Keys::Text(text) = &provider.jwks
        && let Ok(parsed) = json::parse(text.as_bytes())
        && parsed.duplicate_members.is_empty()
        && parsed.value.is_object()
    {
        provider.jwks = Keys::Json(parsed.value);
    }
    provider
}

fn non_blank(value: String) -> Option<String> {
    (!value.trim().is_empty()).then_some(value)
}

/// `stem`, or `stem-2`, `stem-3`… whichever is not taken yet.
pub(crate) fn unused_id<'a>(stem: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let free = |candidate: &str| !taken.clone().any(|id| id == candidate);
    if free(stem) {
        return stem.to_owned();
    }
    (2..).map(|n| format!("{stem}-{n}")).find(|candidate| free(candidate)).unwrap_or_default()
}

/// Pools follow their owner's rename only when the ids are unambiguous before and after: a
/// rename onto a taken id, or of one of two entries sharing an id, moves no pool.
fn unambiguous_rename<'a>(ids: impl Iterator<Item = &'a str>, old: &str, new: &str) -> bool {
    let (mut olds, mut news) = (0, 0);
    for id in ids {
        olds += usize::from(id == old);
        news += usize::from(id == new);
    }
    old != new && olds == 1 && news == 0
}

/// A pool of either kind, by the id of what owns it (a provider or a certificate authority).
trait Owned: Clone {
    fn owner(&mut self) -> &mut String;
    fn owned_by(&self, id: &str) -> bool;
}

impl Owned for PreparedPool {
    fn owner(&mut self) -> &mut String {
        &mut self.pool.provider
    }
    fn owned_by(&self, id: &str) -> bool {
        self.pool.provider == id
    }
}

impl Owned for PreparedCertificatePool {
    fn owner(&mut self) -> &mut String {
        &mut self.pool.certificate_authority
    }
    fn owned_by(&self, id: &str) -> bool {
        self.pool.certificate_authority == id
    }
}

/// Points every pool owned by `old` at `new` (no recompiling: filters are unchanged), copying
/// the list only when some pool moves.
fn follow_rename<T: Owned>(list: &mut Rc<Vec<T>>, old: &str, new: &str) {
    if !list.iter().any(|entry| entry.owned_by(old)) {
        return;
    }
    for entry in Rc::make_mut(list).iter_mut().filter(|entry| entry.owned_by(old)) {
        new.clone_into(entry.owner());
    }
}

fn remove_at<T: Clone>(list: &mut Rc<Vec<T>>, index: usize) -> bool {
    if index >= list.len() {
        return false;
    }
    Rc::make_mut(list).remove(index);
    true
}

/// Inserts a copy of the entry after it, with `<id>-copy` (or `-copy-2`, …) as its id.
fn duplicate_at<T: Clone>(
    list: &mut Rc<Vec<T>>,
    index: usize,
    id_of: fn(&mut T) -> &mut String,
) -> bool {
    if index >= list.len() {
        return false;
    }
    let list = Rc::make_mut(list);
    let taken: Vec<String> = list.iter_mut().map(|entry| id_of(entry).clone()).collect();
    let mut copy = list[index].clone();
    let id = id_of(&mut copy);
    *id = unused_id(&format!("{id}-copy"), taken.iter().map(String::as_str));
    list.insert(index + 1, copy);
    true
}

#[cfg(test)]
mod tests;
