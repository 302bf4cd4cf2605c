//! The identity-pool playground: providers with their keys parsed, pools with their filters
//! compiled, the SASL extensions and the simulated outcome.
//!
//! An edit re-prepares only what it touched: a provider's keys are parsed again only when its
//! Keys text changes, a pool's filter is compiled again only when that filter changes. The
//! simulation itself reruns whenever anything it reads changes (token, clock, providers,
//! pools, request): with everything prepared it is only decoding, one signature check and
//! evaluating the compiled filters.

use std::rc::Rc;

use poolcheck_core::json;
use poolcheck_core::scenario::{
    CURRENT_VERSION, Keys, Pool, Provider, Request, Scenario, ScenarioError,
};
use poolcheck_core::simulate::{
    OAuthInput, OAuthReport, PreparedPool, PreparedProvider, simulate_oauth,
};

use crate::certs_state::CertsState;
use crate::examples;
use crate::state::{AppState, ClockState, TokenState};

/// The filter a new pool starts with: a documented example that names what to change.
const NEW_POOL_FILTER: &str = "claims.aud == '<client-id>'";

#[derive(Debug, Clone)]
pub struct PoolsState {
    /// The scenario last loaded or imported. What this view does not edit (title,
    /// description, certificate fields, members this version does not know) is exported
    /// from it unchanged, so a round trip loses nothing.
    pub base: Rc<Scenario>,
    pub providers: Rc<Vec<PreparedProvider>>,
    pub pools: Rc<Vec<PreparedPool>>,
    /// Stable keys for the provider and pool cards, parallel to the lists, so removing one
    /// card keeps the others' DOM (and focus) in place.
    pub provider_keys: Rc<Vec<u32>>,
    pub pool_keys: Rc<Vec<u32>>,
    next_key: u32,
    pub request: Request,
    pub report: Rc<OAuthReport>,
    /// Why the last import failed.
    pub import_error: Option<ScenarioError>,
    /// The last export, until the next edit makes it stale.
    pub export: Option<Rc<Export>>,
}

impl PartialEq for PoolsState {
    /// Every derived field is replaced (never mutated in place) when its inputs change, so
    /// pointer equality is value equality here, and cheap.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.base, &other.base)
            && Rc::ptr_eq(&self.providers, &other.providers)
            && Rc::ptr_eq(&self.pools, &other.pools)
            && Rc::ptr_eq(&self.report, &other.report)
            && self.request == other.request
            && self.import_error == other.import_error
            && self.export == other.export
    }
}

/// A provider field the user can edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderField {
    Id,
    Name,
    Issuer,
    Keys,
    IdentityClaim,
}

/// A pool field the user can edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolField {
    Id,
    Name,
    Provider,
    IdentityClaim,
    Filter,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PoolsAction {
    /// Load one of [`examples::EXAMPLES`] by index.
    LoadExample(usize),
    /// Load a pasted scenario document.
    Import(String),
    SetProvider(usize, ProviderField, String),
    AddProvider,
    RemoveProvider(usize),
    SetPool(usize, PoolField, String),
    AddPool,
    RemovePool(usize),
    DuplicatePool(usize),
    SetLogicalCluster(String),
    /// One pool ID or several separated by commas; blank means auto pool mapping.
    SetIdentityPoolId(String),
    Export,
}

/// A scenario as a file and as a share link's fragment.
#[derive(Debug, PartialEq, Eq)]
pub struct Export {
    pub json: String,
    pub share_fragment: String,
}

impl PoolsState {
    /// The playground for a scenario, simulated against the app's token and clock.
    pub fn new(scenario: Scenario, token: &str, clock: ClockState) -> Self {
        let providers: Vec<_> = scenario
            .providers
            .iter()
            .cloned()
            .map(keys_as_text)
            .map(PreparedProvider::new)
            .collect();
        let pools: Vec<_> = scenario.pools.iter().cloned().map(PreparedPool::new).collect();
        let provider_keys: Vec<u32> = (0..).take(providers.len()).collect();
        let pool_keys: Vec<u32> = (provider_keys.len() as u32..).take(pools.len()).collect();
        let next_key = (provider_keys.len() + pool_keys.len()) as u32;
        let request = scenario.request.clone();
        let report = simulate(&providers, &pools, &request, token, clock);
        Self {
            base: Rc::new(scenario),
            providers: Rc::new(providers),
            pools: Rc::new(pools),
            provider_keys: Rc::new(provider_keys),
            pool_keys: Rc::new(pool_keys),
            next_key,
            request,
            report,
            import_error: None,
            export: None,
        }
    }

    /// The same playground after the token or the clock changed.
    pub fn simulated(&self, token: &str, clock: ClockState) -> Self {
        Self { report: self.simulate(token, clock), ..self.clone() }
    }

    fn simulate(&self, token: &str, clock: ClockState) -> Rc<OAuthReport> {
        simulate(&self.providers, &self.pools, &self.request, token, clock)
    }

    /// The whole playground as a scenario: the app's token and clock, and everything the
    /// loaded scenario held that this view does not edit.
    pub fn to_scenario(&self, token: &str, clock: ClockState) -> Scenario {
        Scenario {
            version: CURRENT_VERSION,
            now: Some(clock.now),
            leeway_seconds: Some(clock.leeway_seconds),
            token: token.to_owned(),
            request: self.request.clone(),
            providers: self.providers.iter().map(|p| keys_as_json(p.provider.clone())).collect(),
            pools: self.pools.iter().map(|p| p.pool.clone()).collect(),
            ..(*self.base).clone()
        }
    }

    fn take_key(&mut self) -> u32 {
        let key = self.next_key;
        self.next_key = self.next_key.wrapping_add(1);
        key
    }

    fn edit_provider(&mut self, index: usize, field: ProviderField, value: String) {
        let Some(prepared) = self.providers.get(index) else { return };
        let old_id = prepared.provider.id.clone();
        let mut provider = prepared.provider.clone();
        let reparse = field == ProviderField::Keys;
        match field {
            ProviderField::Id => provider.id = value,
            ProviderField::Name => provider.name = value,
            ProviderField::Issuer => provider.issuer = value,
            ProviderField::Keys => provider.jwks = Keys::Text(value),
            ProviderField::IdentityClaim => provider.identity_claim = non_blank(value),
        }
        let renamed = (provider.id != old_id
            && !self.providers.iter().any(|p| p.provider.id == provider.id))
        .then(|| provider.id.clone());
        let prepared = if reparse {
            PreparedProvider::new(provider)
        } else {
            PreparedProvider { provider, keys: prepared.keys.clone() }
        };
        if let Some(slot) = Rc::make_mut(&mut self.providers).get_mut(index) {
            *slot = prepared;
        }
        // Pools follow their provider's new ID (no recompiling: the filter is unchanged).
        if let Some(new_id) = renamed
            && self.pools.iter().any(|p| p.pool.provider == old_id)
        {
            for prepared in Rc::make_mut(&mut self.pools) {
                if prepared.pool.provider == old_id {
                    prepared.pool.provider.clone_from(&new_id);
                }
            }
        }
    }

    fn edit_pool(&mut self, index: usize, field: PoolField, value: String) {
        let Some(prepared) = self.pools.get(index) else { return };
        let mut pool = prepared.pool.clone();
        let recompile = field == PoolField::Filter;
        match field {
            PoolField::Id => pool.id = value,
            PoolField::Name => pool.name = value,
            PoolField::Provider => pool.provider = value,
            PoolField::IdentityClaim => pool.identity_claim = non_blank(value),
            PoolField::Filter => pool.filter = value,
        }
        let prepared = if recompile {
            PreparedPool::new(pool)
        } else {
            PreparedPool { pool, filter: prepared.filter.clone() }
        };
        if let Some(slot) = Rc::make_mut(&mut self.pools).get_mut(index) {
            *slot = prepared;
        }
    }

    fn add_provider(&mut self) {
        let id = unused_id("op-new", self.providers.iter().map(|p| p.provider.id.as_str()));
        let provider = Provider { id, ..Provider::default() };
        Rc::make_mut(&mut self.providers).push(PreparedProvider::new(provider));
        let key = self.take_key();
        Rc::make_mut(&mut self.provider_keys).push(key);
    }

    fn add_pool(&mut self, pool: Pool, at: usize) {
        let at = at.min(self.pools.len());
        Rc::make_mut(&mut self.pools).insert(at, PreparedPool::new(pool));
        let key = self.take_key();
        Rc::make_mut(&mut self.pool_keys).insert(at, key);
    }

    fn new_pool(&self) -> Pool {
        Pool {
            id: unused_id("pool-new", self.pools.iter().map(|p| p.pool.id.as_str())),
            provider: self.providers.first().map(|p| p.provider.id.clone()).unwrap_or_default(),
            filter: NEW_POOL_FILTER.to_owned(),
            ..Pool::default()
        }
    }
}

/// Applies a playground action. Loading a scenario also sets the shared Token field and
/// fixes the shared clock to the scenario's instant and leeway.
pub fn reduce(state: &AppState, action: PoolsAction) -> AppState {
    let loaded = match action {
        PoolsAction::LoadExample(index) => match examples::EXAMPLES.get(index) {
            Some(example) => Scenario::parse(example.json),
            None => return state.clone(),
        },
        PoolsAction::Import(text) => Scenario::parse(&text),
        edit => return edited(state, edit),
    };
    match loaded {
        Ok(scenario) => load(state, scenario),
        Err(error) => {
            let pools = PoolsState { import_error: Some(error), ..state.pools.clone() };
            AppState { pools, ..state.clone() }
        }
    }
}

fn load(state: &AppState, scenario: Scenario) -> AppState {
    let clock = match scenario.now {
        Some(now) => ClockState {
            now,
            live: false,
            leeway_seconds: scenario.leeway_seconds.unwrap_or(state.clock.leeway_seconds),
        },
        None => ClockState {
            leeway_seconds: scenario.leeway_seconds.unwrap_or(state.clock.leeway_seconds),
            ..state.clock
        },
    };
    let token = TokenState::new(scenario.token.clone(), clock);
    // A scenario with certificate parts fills the Certificates view too.
    let has_certificates = !scenario.certificate_authorities.is_empty()
        || !scenario.certificate_pools.is_empty()
        || scenario.client_certificate.as_deref().is_some_and(|pem| !pem.trim().is_empty());
    let certs = if has_certificates {
        CertsState::from_scenario(&scenario, clock.now)
    } else {
        state.certs.clone()
    };
    let pools = PoolsState::new(scenario, &token.input, clock);
    AppState { clock, token, pools, certs, ..state.clone() }
}

fn edited(state: &AppState, action: PoolsAction) -> AppState {
    let mut pools = state.pools.clone();
    match action {
        PoolsAction::LoadExample(_) | PoolsAction::Import(_) => return state.clone(),
        PoolsAction::Export => {
            let mut scenario = pools.to_scenario(&state.token.input, state.clock);
            state.certs.export_into(&mut scenario);
            let compact = serde_json::to_string(&scenario).unwrap_or_default();
            pools.export = Some(Rc::new(Export {
                json: scenario.to_json(),
                share_fragment: crate::fragment::share(&compact),
            }));
            return AppState { pools, ..state.clone() };
        }
        PoolsAction::SetProvider(index, field, value) => pools.edit_provider(index, field, value),
        PoolsAction::AddProvider => pools.add_provider(),
        PoolsAction::RemoveProvider(index) => {
            if index < pools.providers.len() {
                Rc::make_mut(&mut pools.providers).remove(index);
                Rc::make_mut(&mut pools.provider_keys).remove(index);
            }
        }
        PoolsAction::SetPool(index, field, value) => pools.edit_pool(index, field, value),
        PoolsAction::AddPool => {
            let pool = pools.new_pool();
            let end = pools.pools.len();
            pools.add_pool(pool, end);
        }
        PoolsAction::RemovePool(index) => {
            if index < pools.pools.len() {
                Rc::make_mut(&mut pools.pools).remove(index);
                Rc::make_mut(&mut pools.pool_keys).remove(index);
            }
        }
        PoolsAction::DuplicatePool(index) => {
            let Some(original) = pools.pools.get(index) else { return state.clone() };
            let ids = pools.pools.iter().map(|p| p.pool.id.as_str());
            let copy = Pool {
                id: unused_id(&format!("{}-copy", original.pool.id), ids),
                ..original.pool.clone()
            };
            pools.add_pool(copy, index + 1);
        }
        PoolsAction::SetLogicalCluster(value) => pools.request.logical_cluster = non_blank(value),
        PoolsAction::SetIdentityPoolId(value) => pools.request.identity_pool_id = non_blank(value),
    }
    pools.export = None;
    pools.report = pools.simulate(&state.token.input, state.clock);
    AppState { pools, ..state.clone() }
}

/// The Keys field edits text; a JWKS object is shown pretty-printed.
fn keys_as_text(mut provider: Provider) -> Provider {
    if let Keys::Json(value) = &provider.jwks {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
        provider.jwks = Keys::Text(text);
    }
    provider
}

/// Keys text that is a JSON document is exported as JSON (as scenarios write a JWKS); PEM
/// and other text stays a string. Text with duplicate members stays text, so the key
/// parser still reports them.
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
fn unused_id<'a>(stem: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let free = |candidate: &str| !taken.clone().any(|id| id == candidate);
    if free(stem) {
        return stem.to_owned();
    }
    (2..).map(|n| format!("{stem}-{n}")).find(|candidate| free(candidate)).unwrap_or_default()
}

fn simulate(
    providers: &[PreparedProvider],
    pools: &[PreparedPool],
    request: &Request,
    token: &str,
    clock: ClockState,
) -> Rc<OAuthReport> {
    Rc::new(simulate_oauth(&OAuthInput {
        token,
        request,
        providers,
        pools,
        now: clock.now,
        leeway_seconds: clock.leeway_seconds,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use poolcheck_core::simulate::{PoolStatus, RefusalCode};
    use yew::Reducible;

    const NOW: i64 = 1_767_225_600;

    fn reduce(state: AppState, action: Action) -> AppState {
        Rc::unwrap_or_clone(Rc::new(state).reduce(action))
    }

    fn pools(state: AppState, action: PoolsAction) -> AppState {
        reduce(state, Action::Pools(action))
    }

    fn example(label: &str) -> AppState {
        let index = examples::EXAMPLES.iter().position(|e| e.label == label).unwrap();
        pools(AppState::new(String::new(), NOW, None), PoolsAction::LoadExample(index))
    }

    fn filter_index(state: &AppState, id: &str) -> usize {
        state.pools.pools.iter().position(|p| p.pool.id == id).unwrap()
    }

    #[test]
    fn every_example_loads_with_the_outcome_the_cli_reports() {
        for (index, example) in examples::EXAMPLES.iter().enumerate() {
            let state =
                pools(AppState::new(String::new(), NOW, None), PoolsAction::LoadExample(index));
            let report = &state.pools.report;
            assert_eq!(state.pools.import_error, None, "{}", example.label);
            if example.label == "Keycloak" {
                assert_eq!(report.code, Some(RefusalCode::KidLookupFailed));
            } else {
                assert!(report.accepted, "{}: {}", example.label, report.message);
            }
        }
    }

    #[test]
    fn loading_sets_the_token_and_fixes_the_clock() {
        let state = example("Google");
        let scenario = Scenario::parse(examples::EXAMPLES[5].json).unwrap();
        assert_eq!(state.token.input, scenario.token);
        assert_eq!(state.clock.now, scenario.now.unwrap());
        assert!(!state.clock.live);
        assert_eq!(
            state.pools.report.principal.as_deref(),
            Some("kafka-producer@poolcheck-demo.iam.gserviceaccount.com")
        );
    }

    #[test]
    fn editing_a_filter_flips_the_outcome_and_back() {
        let state = example("Google");
        let index = filter_index(&state, "pool-google-producer");
        let original = state.pools.pools[index].pool.filter.clone();
        let other =
            state.pools.pools[1 - index].filter.as_ref().ok().map(|f| f.source().to_owned());
        let state = pools(
            state,
            PoolsAction::SetPool(
                index,
                PoolField::Filter,
                original.replace("kafka-poolcheck-demo", "other"),
            ),
        );
        assert_eq!(state.pools.report.code, Some(RefusalCode::NoMatchingPool));
        assert_eq!(state.pools.report.pool_results[index].status, PoolStatus::NoMatch);
        assert_eq!(
            state.pools.pools[1 - index].filter.as_ref().ok().map(|f| f.source().to_owned()),
            other,
            "the other pool is untouched"
        );
        let state = pools(state, PoolsAction::SetPool(index, PoolField::Filter, original));
        assert!(state.pools.report.accepted);
    }

    #[test]
    fn a_broken_filter_reports_where() {
        let state = example("Google");
        let state =
            pools(state, PoolsAction::SetPool(0, PoolField::Filter, "claims.sub ==".into()));
        let result = &state.pools.report.pool_results[0];
        assert_eq!(result.status, PoolStatus::CompileError);
        let error = result.compile_error.as_ref().unwrap();
        assert!(error.render().contains('^'));
    }

    #[test]
    fn token_and_clock_changes_resimulate() {
        let state = example("Google");
        let state = reduce(state, Action::SetToken("not a token".into()));
        assert_eq!(state.pools.report.cause, Some("token_unreadable"));
        let state = example("Google");
        let state = reduce(state, Action::SetTime(NOW + 86_400));
        assert_eq!(state.pools.report.cause, Some("expired"));
    }

    #[test]
    fn editing_keys_reparses_them_and_other_fields_do_not_need_to() {
        let state = example("Google");
        let state = pools(state, PoolsAction::SetProvider(0, ProviderField::Keys, "{}".into()));
        assert!(!state.pools.report.accepted);
        let state = example("Google");
        let state = pools(state, PoolsAction::SetProvider(0, ProviderField::Name, "G".into()));
        assert!(state.pools.report.accepted);
        assert!(state.pools.providers[0].keys.is_ok());
    }

    #[test]
    fn renaming_a_provider_carries_its_pools_along() {
        let state = example("Google");
        let state = pools(state, PoolsAction::SetProvider(0, ProviderField::Id, "op-g".into()));
        assert!(state.pools.pools.iter().all(|p| p.pool.provider == "op-g"));
        assert!(state.pools.report.accepted);
    }

    #[test]
    fn pools_can_be_added_duplicated_and_removed() {
        let state = example("Google");
        let state = pools(state, PoolsAction::DuplicatePool(0));
        assert_eq!(state.pools.pools[1].pool.id, "pool-google-producer-copy");
        assert_eq!(state.pools.pool_keys.len(), 3);
        let state = pools(state, PoolsAction::AddPool);
        assert_eq!(state.pools.pools[3].pool.id, "pool-new");
        assert_eq!(state.pools.pools[3].pool.provider, "op-google");
        let keys_before = state.pools.pool_keys.clone();
        let state = pools(state, PoolsAction::RemovePool(0));
        assert_eq!(state.pools.pools.len(), 3);
        assert_eq!(state.pools.pool_keys[..], keys_before[1..], "the other cards keep their keys");
        let state = pools(state, PoolsAction::RemovePool(99));
        assert_eq!(state.pools.pools.len(), 3);
        let state = pools(state, PoolsAction::AddProvider);
        assert_eq!(state.pools.providers[1].provider.id, "op-new");
        let state = pools(state, PoolsAction::RemoveProvider(1));
        assert_eq!(state.pools.providers.len(), 1);
    }

    #[test]
    fn naming_pools_in_the_request_limits_the_mapping() {
        let state = example("Google");
        let state = pools(state, PoolsAction::SetIdentityPoolId("pool-nope".into()));
        assert_eq!(state.pools.report.code, Some(RefusalCode::PoolNotFound));
        let state = pools(state, PoolsAction::SetIdentityPoolId("  ".into()));
        assert_eq!(state.pools.request.identity_pool_id, None, "blank is auto pool mapping");
        assert!(state.pools.report.accepted);
        let state = pools(state, PoolsAction::SetLogicalCluster(String::new()));
        assert_eq!(state.pools.report.code, Some(RefusalCode::LogicalClusterMissing));
    }

    #[test]
    fn export_round_trips_unknown_fields() {
        let mut value: serde_json::Value =
            serde_json::from_str(examples::EXAMPLES[0].json).unwrap();
        value["x_workshop"] = serde_json::json!({"step": 3});
        value["providers"][0]["x_note"] = serde_json::json!("kept");
        value["request"]["x_extra"] = serde_json::json!(true);
        let original = Scenario::parse(&value.to_string()).unwrap();
        let state =
            pools(AppState::new(String::new(), NOW, None), PoolsAction::Import(value.to_string()));
        let state = pools(state, PoolsAction::Export);
        let exported = Scenario::parse(&state.pools.export.as_ref().unwrap().json).unwrap();
        assert_eq!(exported, original);
        let state = pools(state, PoolsAction::SetPool(0, PoolField::Name, "x".into()));
        assert_eq!(state.pools.export, None, "an edit makes the export stale");
    }

    #[test]
    fn importing_certificate_parts_fills_the_certificates_view_and_export_keeps_its_edits() {
        let mtls = include_str!("../../examples/scenarios/mtls.json");
        let state =
            pools(AppState::new(String::new(), NOW, None), PoolsAction::Import(mtls.into()));
        assert!(state.certs.report.accepted, "{}", state.certs.report.message);
        assert_eq!(state.certs.report.principal.as_deref(), Some("orders-service"));
        let (certs, _) = state
            .certs
            .reduce(crate::certs_state::CertsAction::SetClientCertificate(String::new()));
        let state = pools(AppState { certs, ..state }, PoolsAction::Export);
        let exported = Scenario::parse(&state.pools.export.as_ref().unwrap().json).unwrap();
        assert_eq!(
            exported.client_certificate, None,
            "the edit in the Certificates view is exported"
        );
        assert_eq!(exported.certificate_pools.len(), 2);
    }

    #[test]
    fn export_from_scratch_is_a_valid_scenario() {
        let state = pools(AppState::new(String::new(), NOW, None), PoolsAction::Export);
        let exported = Scenario::parse(&state.pools.export.as_ref().unwrap().json).unwrap();
        assert_eq!(exported.now, Some(NOW));
    }

    #[test]
    fn import_errors_name_the_json_path() {
        let state = example("Google");
        let state =
            pools(state, PoolsAction::Import(r#"{"version": 1, "pools": [{"id": 5}]}"#.into()));
        let error = state.pools.import_error.as_ref().unwrap();
        assert!(error.path.starts_with("/pools/0"), "{error}");
        assert_eq!(state.pools.pools.len(), 2, "a failed import changes nothing else");
    }
}
