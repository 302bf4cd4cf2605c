#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The incremental workspace: what each edit re-reads and re-runs (by `token_reads` and `Rc`
//! identity), that every pasted form of a token gives one answer, the entry edits, the export
//! and import of scenarios, and `Edit` as JSON.

use serde_json::json;

use super::*;
use crate::decode::TokenReport;
use crate::header::Refusal;
use crate::keys::KeySet;
use crate::problem::{Problem, Severity};
use crate::simulate::{Cause, PoolStatus, RefusalCode};
use crate::verify::{Outcome, Verification};

/// The example scenarios, built in: the core's tests, like the core, read no files.
const EXAMPLE_FILES: [(&str, &str); 7] = [
    ("auth0", include_str!("../../../../examples/scenarios/auth0.json")),
    ("cloudentity", include_str!("../../../../examples/scenarios/cloudentity.json")),
    ("entra", include_str!("../../../../examples/scenarios/entra.json")),
    ("google", include_str!("../../../../examples/scenarios/google.json")),
    ("keycloak", include_str!("../../../../examples/scenarios/keycloak.json")),
    ("mtls", include_str!("../../../../examples/scenarios/mtls.json")),
    ("okta", include_str!("../../../../examples/scenarios/okta.json")),
];
const RSA_2048_A_PUBLIC: &str =
    include_str!("../../../../tests/fixtures/keys/rsa-2048-a.public.pem");

fn example_text(name: &str) -> String {
    let (_, text) = EXAMPLE_FILES.iter().find(|(example, _)| *example == name).unwrap();
    (*text).to_owned()
}

fn example(name: &str) -> Scenario {
    Scenario::parse(&example_text(name)).unwrap()
}

/// The first provider's keys, as the Token view's Keys field would hold them.
fn provider_keys(scenario: &Scenario) -> String {
    scenario.providers[0].jwks.to_text()
}

/// The okta example with the mtls example's certificates, and the Token view's keys set to
/// okta's JWKS: every report is present, and every flow accepts.
fn everything() -> Workspace {
    let mut workspace = Workspace::new(example("mtls"), 0);
    let okta = example("okta");
    let keys = provider_keys(&okta);
    workspace.import(okta);
    workspace.apply(Edit::SetKeys { text: keys, secret: None });
    assert!(workspace.oauth().accepted, "{}", workspace.oauth().message);
    assert!(workspace.mtls().unwrap().accepted, "{}", workspace.mtls().unwrap().message);
    assert!(signature(&workspace).signature_valid);
    workspace
}

fn token_report(workspace: &Workspace) -> Rc<TokenReport> {
    match workspace.token() {
        TokenOutcome::Decoded(report) => report.clone(),
        other => panic!("the token does not decode: {other:?}"),
    }
}

fn signature(workspace: &Workspace) -> Rc<Verification> {
    match workspace.signature() {
        SignatureReport::Checked(verification) => verification.clone(),
        other => panic!("the signature was not checked: {other:?}"),
    }
}

fn key_set(workspace: &Workspace) -> Rc<KeySet> {
    match workspace.keys() {
        KeysOutcome::Set(set) => set.clone(),
        other => panic!("no key set: {other:?}"),
    }
}

/// Every shared part of a workspace, held so their pointers can be compared after an edit.
struct Snapshot {
    providers: Rc<Vec<PreparedProvider>>,
    pools: Rc<Vec<PreparedPool>>,
    authorities: Rc<Vec<PreparedAuthority>>,
    certificate_pools: Rc<Vec<PreparedCertificatePool>>,
    token: Rc<TokenReport>,
    keys: Rc<KeySet>,
    signature: Rc<Verification>,
    oauth: Rc<OAuthReport>,
    mtls: Rc<MtlsReport>,
    token_reads: u64,
}

impl Snapshot {
    fn of(workspace: &Workspace) -> Self {
        Self {
            providers: workspace.providers().clone(),
            pools: workspace.pools().clone(),
            authorities: workspace.authorities().clone(),
            certificate_pools: workspace.certificate_pools().clone(),
            token: token_report(workspace),
            keys: key_set(workspace),
            signature: signature(workspace),
            oauth: workspace.oauth().clone(),
            mtls: workspace.mtls().unwrap().clone(),
            token_reads: workspace.token_reads(),
        }
    }

    /// The parts the workspace no longer shares with this snapshot: re-prepared or re-run.
    fn replaced_in(&self, workspace: &Workspace) -> Vec<&'static str> {
        let after = Snapshot::of(workspace);
        [
            ("providers", Rc::ptr_eq(&self.providers, &after.providers)),
            ("pools", Rc::ptr_eq(&self.pools, &after.pools)),
            ("authorities", Rc::ptr_eq(&self.authorities, &after.authorities)),
            ("certificate_pools", Rc::ptr_eq(&self.certificate_pools, &after.certificate_pools)),
            ("token", Rc::ptr_eq(&self.token, &after.token)),
            ("keys", Rc::ptr_eq(&self.keys, &after.keys)),
            ("signature", Rc::ptr_eq(&self.signature, &after.signature)),
            ("oauth", Rc::ptr_eq(&self.oauth, &after.oauth)),
            ("mtls", Rc::ptr_eq(&self.mtls, &after.mtls)),
        ]
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(name, _)| name)
        .collect()
    }
}

fn set_pool(index: usize, field: PoolField, value: &str) -> Edit {
    Edit::SetPool { index, field, value: value.into() }
}

fn set_provider(index: usize, field: ProviderField, value: &str) -> Edit {
    Edit::SetProvider { index, field, value: value.into() }
}

fn set_authority(index: usize, field: AuthorityField, value: &str) -> Edit {
    Edit::SetAuthority { index, field, value: value.into() }
}

fn set_certificate_pool(index: usize, field: CertificatePoolField, value: &str) -> Edit {
    Edit::SetCertificatePool { index, field, value: value.into() }
}

/// Another client certificate of the mtls example (`example_clients`), by name.
fn example_client(name: &str) -> String {
    let mtls = example("mtls");
    let clients = mtls.unknown["example_clients"].as_array().unwrap();
    let client = clients.iter().find(|client| client["name"] == name).unwrap();
    client["pem"].as_str().unwrap().to_owned()
}

/// The edit table at the top of mod.rs, checked: each edit (on a fresh workspace) replaces
/// exactly these shared parts and reads the token this many times.
#[test]
fn each_edit_reprepares_and_reruns_only_what_it_touched() {
    let okta = example("okta");
    let token = okta.token.clone();
    let now = okta.now.unwrap();
    let auth0_keys = provider_keys(&example("auth0"));
    let okta_keys = provider_keys(&okta);
    // The Keys field shows the scenario's JWKS pretty-printed; the compact text is an edit.
    let okta_keys_shown = everything().providers()[0].provider.jwks.to_text();
    assert_ne!(okta_keys_shown, okta_keys);
    let revoked = example_client("revoked");
    let cases: Vec<(Edit, u64, &[&str])> = vec![
        (Edit::SetToken { token: format!("Bearer {token}") }, 1, &["token", "signature", "oauth"]),
        (Edit::SetToken { token: format!("{token}x") }, 1, &["token", "signature", "oauth"]),
        (Edit::SetToken { token: token.clone() }, 0, &[]),
        (Edit::SetNow { now: now + 60 }, 0, &["token", "oauth", "mtls"]),
        (Edit::SetNow { now }, 0, &[]),
        (Edit::SetLeeway { seconds: 30 }, 0, &["token", "oauth", "mtls"]),
        // Clamped to 0, which it already is.
        (Edit::SetLeeway { seconds: -5 }, 0, &[]),
        (Edit::SetKeys { text: auth0_keys, secret: None }, 0, &["keys", "signature"]),
        (
            Edit::SetKeys { text: okta_keys.clone(), secret: Some(SecretEncoding::Text) },
            0,
            &["keys", "signature"],
        ),
        (Edit::SetKeys { text: okta_keys.clone(), secret: None }, 0, &[]),
        (
            Edit::SetRequest { field: RequestField::LogicalCluster, value: "lkc-other".into() },
            0,
            &["oauth"],
        ),
        (
            Edit::SetRequest { field: RequestField::IdentityPoolId, value: String::new() },
            0,
            &["oauth"],
        ),
        (set_provider(0, ProviderField::Keys, &okta_keys), 0, &["providers", "oauth"]),
        (set_provider(0, ProviderField::Keys, &okta_keys_shown), 0, &[]),
        (set_provider(0, ProviderField::Name, "Okta 2"), 0, &["providers", "oauth"]),
        (set_provider(0, ProviderField::Name, "Okta"), 0, &[]),
        (set_provider(0, ProviderField::Issuer, "https://other/"), 0, &["providers", "oauth"]),
        (set_provider(0, ProviderField::IdentityClaim, ""), 0, &["providers", "oauth"]),
        // A rename carries the provider's pools along.
        (set_provider(0, ProviderField::Id, "op-renamed"), 0, &["providers", "pools", "oauth"]),
        (set_pool(0, PoolField::Filter, "true"), 0, &["pools", "oauth"]),
        (set_pool(1, PoolField::Name, "Readers"), 0, &["pools", "oauth"]),
        (set_pool(1, PoolField::Id, "pool-x"), 0, &["pools", "oauth"]),
        (set_pool(0, PoolField::Provider, "op-none"), 0, &["pools", "oauth"]),
        (set_pool(0, PoolField::IdentityClaim, "claims.sub"), 0, &["pools", "oauth"]),
        (set_pool(0, PoolField::Name, "Producers"), 0, &[]),
        (set_authority(0, AuthorityField::Name, "CA"), 0, &["authorities", "mtls"]),
        (set_authority(0, AuthorityField::CertificateChain, ""), 0, &["authorities", "mtls"]),
        (set_authority(0, AuthorityField::Crl, ""), 0, &["authorities", "mtls"]),
        (Edit::SetRequireCrl { index: 0, require: false }, 0, &["authorities", "mtls"]),
        (
            set_authority(0, AuthorityField::Id, "op-ca-renamed"),
            0,
            &["authorities", "certificate_pools", "mtls"],
        ),
        (
            set_certificate_pool(0, CertificatePoolField::Filter, "true"),
            0,
            &["certificate_pools", "mtls"],
        ),
        (
            set_certificate_pool(1, CertificatePoolField::ExternalIdentifier, "UID"),
            0,
            &["certificate_pools", "mtls"],
        ),
        (Edit::SetClientCertificate { pem: revoked }, 0, &["mtls"]),
        (Edit::SetClientCertificate { pem: everything().client_certificate().to_owned() }, 0, &[]),
        (Edit::Add { entry: Entry::Provider }, 0, &["providers", "oauth"]),
        (Edit::Add { entry: Entry::Pool }, 0, &["pools", "oauth"]),
        (Edit::Add { entry: Entry::Authority }, 0, &["authorities", "mtls"]),
        (Edit::Add { entry: Entry::CertificatePool }, 0, &["certificate_pools", "mtls"]),
        (Edit::Remove { entry: Entry::Pool, index: 1 }, 0, &["pools", "oauth"]),
        (Edit::Remove { entry: Entry::Provider, index: 0 }, 0, &["providers", "oauth"]),
        (
            Edit::Remove { entry: Entry::CertificatePool, index: 1 },
            0,
            &["certificate_pools", "mtls"],
        ),
        (Edit::Remove { entry: Entry::Authority, index: 0 }, 0, &["authorities", "mtls"]),
        (Edit::Duplicate { entry: Entry::Provider, index: 0 }, 0, &["providers", "oauth"]),
        (Edit::Duplicate { entry: Entry::Pool, index: 1 }, 0, &["pools", "oauth"]),
        (Edit::Duplicate { entry: Entry::Authority, index: 0 }, 0, &["authorities", "mtls"]),
        (
            Edit::Duplicate { entry: Entry::CertificatePool, index: 0 },
            0,
            &["certificate_pools", "mtls"],
        ),
    ];
    for (edit, reads, expected) in cases {
        let mut workspace = everything();
        let before = Snapshot::of(&workspace);
        workspace.apply(edit.clone());
        assert_eq!(before.replaced_in(&workspace), expected, "{edit:?}");
        assert_eq!(workspace.token_reads() - before.token_reads, reads, "{edit:?}");
    }
}

#[test]
fn token_reads_count_token_edits_with_new_text_only() {
    let okta = example("okta");
    let mut workspace = Workspace::new(okta.clone(), 0);
    assert_eq!(workspace.token_reads(), 1, "the scenario's token is read once");
    let forms = [format!("Bearer {}", okta.token), format!("'{}'", okta.token), okta.token.clone()];
    for (n, form) in forms.iter().enumerate() {
        workspace.apply(Edit::SetToken { token: form.clone() });
        assert_eq!(workspace.token_reads(), 2 + n as u64);
        workspace.apply(Edit::SetToken { token: form.clone() });
        assert_eq!(workspace.token_reads(), 2 + n as u64, "the same text is not read again");
    }
    let reads = workspace.token_reads();
    let pem = example("mtls").client_certificate.unwrap();
    for edit in [
        Edit::SetNow { now: 1 },
        Edit::SetLeeway { seconds: 10 },
        Edit::SetKeys { text: provider_keys(&okta), secret: None },
        Edit::SetRequest { field: RequestField::IdentityPoolId, value: "pool-okta-readers".into() },
        set_provider(0, ProviderField::Keys, "{\"keys\":[]}"),
        set_provider(0, ProviderField::Id, "op-2"),
        set_pool(0, PoolField::Filter, "true"),
        Edit::Add { entry: Entry::Authority },
        set_authority(0, AuthorityField::CertificateChain, "not PEM"),
        Edit::SetRequireCrl { index: 0, require: true },
        Edit::Add { entry: Entry::CertificatePool },
        set_certificate_pool(0, CertificatePoolField::Filter, "CN == 'x'"),
        Edit::SetClientCertificate { pem },
        Edit::Duplicate { entry: Entry::Pool, index: 0 },
        Edit::Remove { entry: Entry::Provider, index: 0 },
    ] {
        workspace.apply(edit.clone());
        assert_eq!(workspace.token_reads(), reads, "{edit:?}");
    }
    workspace.import_certificates(&example("mtls"));
    assert_eq!(workspace.token_reads(), reads, "importing certificates does not read the token");
    workspace.import(example("auth0"));
    assert_eq!(workspace.token_reads(), reads + 1);
}

/// What the design promises beyond the table: untouched entries keep their prepared parts.
#[test]
fn a_pool_edit_leaves_the_other_entries_as_they_were() {
    let mut workspace = everything();
    let before = Snapshot::of(&workspace);
    workspace.apply(set_pool(0, PoolField::Filter, "claims.sub != ''"));
    let pools = workspace.pools();
    assert_eq!(pools[0].filter.as_ref().unwrap().source(), "claims.sub != ''");
    assert_eq!(pools[1].pool, before.pools[1].pool);
    assert_eq!(
        pools[1].filter.as_ref().unwrap().source(),
        before.pools[1].filter.as_ref().unwrap().source()
    );
    // A non-filter field keeps the compiled filter it had.
    workspace.apply(set_pool(1, PoolField::Name, "Renamed"));
    assert_eq!(workspace.pools()[1].filter.as_ref().unwrap().source(), before.pools[1].pool.filter);
    // Editing a provider's name keeps its parsed keys.
    workspace.apply(set_provider(0, ProviderField::Name, "Renamed"));
    let keys = workspace.providers()[0].keys.as_ref().unwrap();
    assert_eq!(keys.keys.len(), 1);
    assert_eq!(
        keys.keys[0].info.kid.as_deref(),
        Some("kP3c8dJwQ0vYx5Lr2NhTzE6mUa9sGf1bW7oIeR4yHqs")
    );
    // A workspace clone shares everything until one of them is edited.
    let clone = workspace.clone();
    assert!(Snapshot::of(&workspace).replaced_in(&clone).is_empty());
}

fn pasted_forms(token: &str) -> Vec<String> {
    vec![
        token.to_owned(),
        format!("Bearer {token}"),
        format!("bearer {token}"),
        format!("BEARER\t{token}"),
        format!("'{token}'"),
        format!("\"{token}\""),
        format!("  \n\t{token}\r\n\n  "),
        format!("\n\"{token}\"\n"),
        format!("Bearer '{token}'"),
        format!("Authorization: Bearer {token}"),
        format!("authorization:bearer {token}\n"),
        format!("  AUTHORIZATION:  Bearer   \"{token}\"  "),
    ]
}

#[test]
fn every_pasted_form_gives_the_same_reports() {
    for name in ["okta", "auth0"] {
        let scenario = example(name);
        let token = scenario.token.clone();
        let keys = provider_keys(&scenario);
        let mut baseline = Workspace::new(scenario.clone(), 0);
        baseline.apply(Edit::SetKeys { text: keys.clone(), secret: None });
        let expected_token = token_report(&baseline);
        let expected_signature = signature(&baseline);
        let expected_oauth = baseline.oauth().clone();
        assert_eq!(expected_token.token, token);
        assert!(expected_token.problems.iter().all(|p| p.code != "whitespace_in_token"));
        assert!(expected_signature.signature_valid, "{name}");
        assert_eq!(expected_signature.outcome, Outcome::Verified);
        assert!(expected_oauth.accepted, "{name}: {}", expected_oauth.message);
        for form in pasted_forms(&token) {
            // Typed into the Token field…
            let mut workspace = Workspace::new(scenario.clone(), 0);
            workspace.apply(Edit::SetKeys { text: keys.clone(), secret: None });
            workspace.apply(Edit::SetToken { token: form.clone() });
            assert_eq!(workspace.token_text(), form, "the field keeps what was typed");
            assert_eq!(token_report(&workspace), expected_token, "{name} {form:?}");
            assert_eq!(signature(&workspace), expected_signature, "{name} {form:?}");
            assert_eq!(workspace.oauth(), &expected_oauth, "{name} {form:?}");
            // …or loaded as the scenario's token.
            let mut loaded = scenario.clone();
            loaded.token.clone_from(&form);
            let workspace = Workspace::new(loaded.clone(), 0);
            assert_eq!(token_report(&workspace), expected_token, "{name} {form:?}");
            assert_eq!(workspace.oauth(), &expected_oauth, "{name} {form:?}");
            assert_eq!(super::analyze(&loaded, 0), baseline.simulation());
            // And the one-shot functions agree with the workspace.
            let options = DecodeOptions { now: baseline.now(), leeway_seconds: 0 };
            assert_eq!(crate::decode::decode_pasted(&form, &options).unwrap(), *expected_token);
            let set = key_set(&baseline);
            assert_eq!(crate::verify::verify_pasted(&form, &set), *expected_signature);
        }
    }
}

#[test]
fn whitespace_inside_a_part_is_read_but_refused_by_the_verifier() {
    let okta = example("okta");
    let token = okta.token.clone();
    let keys = provider_keys(&okta);
    let dots: Vec<usize> = token.match_indices('.').map(|(at, _)| at).collect();
    for (at, refusal) in [
        (10, Refusal::HeaderEncoding),
        (dots[0] + 20, Refusal::PayloadEncoding),
        (dots[1] + 30, Refusal::SignatureEncoding),
    ] {
        for space in [" ", "\n", "\r\n  "] {
            let spaced = format!("Bearer {}{space}{}\n", &token[..at], &token[at..]);
            let mut workspace = Workspace::new(okta.clone(), 0);
            workspace.apply(Edit::SetKeys { text: keys.clone(), secret: None });
            workspace.apply(Edit::SetToken { token: spaced.clone() });
            let report = token_report(&workspace);
            assert_eq!(report.token, token, "the decoder reads it: {spaced:?}");
            assert!(report.problems.iter().any(|p| p.code == "whitespace_in_token"), "{spaced:?}");
            let verification = signature(&workspace);
            assert!(!verification.signature_valid);
            assert_eq!(verification.outcome, Outcome::TokenRejected);
            assert_eq!(verification.refusal, Some(refusal), "{spaced:?}");
            let oauth = workspace.oauth();
            assert!(!oauth.accepted);
            assert_eq!(oauth.code, Some(RefusalCode::JwtProcessingFailed), "{spaced:?}");
            assert_eq!(oauth.cause, Some(Cause::TokenRejected), "{spaced:?}: {}", oauth.message);
        }
    }
}

#[test]
fn renaming_a_provider_carries_its_pools_unless_the_id_is_taken() {
    let mut workspace = Workspace::new(example("okta"), 0);
    workspace.apply(set_provider(0, ProviderField::Id, "op-okta-2"));
    assert_eq!(workspace.providers()[0].provider.id, "op-okta-2");
    let owners: Vec<&str> = workspace.pools().iter().map(|p| p.pool.provider.as_str()).collect();
    assert_eq!(owners, ["op-okta-2", "op-okta-2"]);
    assert!(workspace.oauth().accepted, "{}", workspace.oauth().message);
    assert_eq!(workspace.oauth().provider.as_deref(), Some("op-okta-2"));

    // A second provider with a pool of its own; renaming it to the first one's id is allowed
    // but its pool does not follow (it would join another provider's pools).
    workspace.apply(Edit::Add { entry: Entry::Provider });
    workspace.apply(Edit::Add { entry: Entry::Pool });
    assert_eq!(workspace.providers()[1].provider.id, "op-new");
    assert_eq!(workspace.pools()[2].pool.provider, "op-okta-2", "a new pool takes the first");
    workspace.apply(set_pool(2, PoolField::Provider, "op-new"));
    let pools = workspace.pools().clone();
    workspace.apply(set_provider(1, ProviderField::Id, "op-okta-2"));
    assert_eq!(workspace.providers()[1].provider.id, "op-okta-2");
    assert!(Rc::ptr_eq(&pools, workspace.pools()), "no pool moved");
    assert_eq!(workspace.pools()[2].pool.provider, "op-new");

    // A provider no pool names: its rename touches no pool.
    workspace.apply(set_pool(2, PoolField::Provider, "op-okta-2"));
    workspace.apply(Edit::Add { entry: Entry::Provider });
    assert_eq!(workspace.providers()[2].provider.id, "op-new", "the freed id is reused");
    let pools = workspace.pools().clone();
    workspace.apply(set_provider(2, ProviderField::Id, "op-lonely"));
    assert_eq!(workspace.providers()[2].provider.id, "op-lonely");
    assert!(Rc::ptr_eq(&pools, workspace.pools()));
}

#[test]
fn renaming_an_authority_carries_its_certificate_pools_unless_the_id_is_taken() {
    let mut workspace = Workspace::new(example("mtls"), 0);
    let old = workspace.authorities()[0].authority.id.clone();
    workspace.apply(set_authority(0, AuthorityField::Id, "op-ca-renamed"));
    let owners: Vec<&str> = workspace
        .certificate_pools()
        .iter()
        .map(|p| p.pool.certificate_authority.as_str())
        .collect();
    assert_eq!(owners, ["op-ca-renamed", "op-ca-renamed"]);
    let mtls = workspace.mtls().unwrap();
    assert!(mtls.accepted, "{}", mtls.message);
    assert_eq!(mtls.certificate_authority.as_deref(), Some("op-ca-renamed"));

    workspace.apply(Edit::Add { entry: Entry::Authority });
    assert_eq!(workspace.authorities()[1].authority.id, "op-ca");
    workspace.apply(Edit::Add { entry: Entry::CertificatePool });
    assert_eq!(workspace.certificate_pools()[2].pool.certificate_authority, "op-ca-renamed");
    workspace.apply(set_certificate_pool(2, CertificatePoolField::CertificateAuthority, "op-ca"));
    let pools = workspace.certificate_pools().clone();
    workspace.apply(set_authority(1, AuthorityField::Id, "op-ca-renamed"));
    assert_eq!(workspace.authorities()[1].authority.id, "op-ca-renamed");
    assert!(Rc::ptr_eq(&pools, workspace.certificate_pools()), "no pool moved");
    assert_eq!(workspace.certificate_pools()[2].pool.certificate_authority, "op-ca");
    assert_ne!(old, "op-ca-renamed");
}

fn ids(workspace: &Workspace, entry: Entry) -> Vec<String> {
    match entry {
        Entry::Provider => workspace.providers().iter().map(|p| p.provider.id.clone()).collect(),
        Entry::Pool => workspace.pools().iter().map(|p| p.pool.id.clone()).collect(),
        Entry::Authority => {
            workspace.authorities().iter().map(|a| a.authority.id.clone()).collect()
        }
        Entry::CertificatePool => {
            workspace.certificate_pools().iter().map(|p| p.pool.id.clone()).collect()
        }
    }
}

#[test]
fn add_duplicate_and_remove_every_kind_of_entry() {
    for (entry, stem) in [
        (Entry::Provider, "op-new"),
        (Entry::Pool, "pool-new"),
        (Entry::Authority, "op-ca"),
        (Entry::CertificatePool, "pool-cert"),
    ] {
        let mut workspace = Workspace::new(Scenario::default(), 0);
        assert!(ids(&workspace, entry).is_empty());
        workspace.apply(Edit::Add { entry });
        workspace.apply(Edit::Add { entry });
        assert_eq!(ids(&workspace, entry), [stem.to_owned(), format!("{stem}-2")], "{entry:?}");
        workspace.apply(Edit::Duplicate { entry, index: 0 });
        workspace.apply(Edit::Duplicate { entry, index: 0 });
        workspace.apply(Edit::Duplicate { entry, index: 3 });
        assert_eq!(
            ids(&workspace, entry),
            [
                stem.to_owned(),
                format!("{stem}-copy-2"),
                format!("{stem}-copy"),
                format!("{stem}-2"),
                format!("{stem}-2-copy"),
            ],
            "{entry:?}: a copy goes right after its original"
        );
        // An id freed by a removal is taken again by the next entry.
        workspace.apply(Edit::Remove { entry, index: 0 });
        workspace.apply(Edit::Remove { entry, index: 3 });
        assert_eq!(
            ids(&workspace, entry),
            [format!("{stem}-copy-2"), format!("{stem}-copy"), format!("{stem}-2")]
        );
        workspace.apply(Edit::Add { entry });
        assert_eq!(ids(&workspace, entry).last().unwrap(), stem);
        // Out of range: nothing changes, not even a report.
        let before = workspace.scenario();
        let reports = (workspace.oauth().clone(), workspace.mtls().cloned());
        workspace.apply(Edit::Remove { entry, index: 4 });
        workspace.apply(Edit::Duplicate { entry, index: 4 });
        workspace.apply(Edit::Remove { entry, index: usize::MAX });
        workspace.apply(Edit::Duplicate { entry, index: usize::MAX });
        assert_eq!(workspace.scenario(), before);
        assert!(Rc::ptr_eq(workspace.oauth(), &reports.0));
        assert_eq!(workspace.mtls().cloned(), reports.1);
    }
}

#[test]
fn new_entries_start_from_the_documented_defaults() {
    let mut workspace = Workspace::new(example("okta"), 0);
    workspace.import_certificates(&example("mtls"));
    workspace.apply(Edit::Add { entry: Entry::Pool });
    workspace.apply(Edit::Add { entry: Entry::CertificatePool });
    workspace.apply(Edit::Add { entry: Entry::Provider });
    let pool = &workspace.pools().last().unwrap().pool;
    assert_eq!(pool.id, "pool-new");
    assert_eq!(pool.provider, "op-okta", "a new pool belongs to the first provider");
    assert_eq!(pool.filter, NEW_POOL_FILTER);
    assert!(workspace.pools().last().unwrap().filter.is_ok(), "the starting filter compiles");
    let pool = &workspace.certificate_pools().last().unwrap().pool;
    assert_eq!(pool.id, "pool-cert");
    assert_eq!(pool.certificate_authority, "op-poolcheck-issuing-ca");
    assert_eq!(pool.external_identifier, "CN");
    assert_eq!(pool.filter, "true");
    let provider = &workspace.providers().last().unwrap().provider;
    assert_eq!(provider.id, "op-new");
    assert_eq!(provider.jwks, Keys::Text(String::new()));
    // Duplicating a pool copies its filter and provider, not only its id.
    workspace.apply(Edit::Duplicate { entry: Entry::Pool, index: 0 });
    let (original, copy) = (&workspace.pools()[0], &workspace.pools()[1]);
    assert_eq!(copy.pool.id, "pool-okta-producers-copy");
    assert_eq!(copy.pool.filter, original.pool.filter);
    assert_eq!(copy.pool.provider, original.pool.provider);
    assert_eq!(copy.pool.identity_claim, original.pool.identity_claim);
}

#[test]
fn out_of_range_field_edits_change_nothing() {
    let mut workspace = everything();
    let before = Snapshot::of(&workspace);
    let scenario = workspace.scenario();
    for index in [2, 9, usize::MAX] {
        for edit in [
            set_provider(index, ProviderField::Id, "x"),
            set_provider(index, ProviderField::Keys, "x"),
            set_pool(index, PoolField::Filter, "true"),
            set_pool(index, PoolField::Id, "x"),
            set_authority(index, AuthorityField::Name, "x"),
            set_authority(index, AuthorityField::CertificateChain, "x"),
            Edit::SetRequireCrl { index, require: true },
            set_certificate_pool(index, CertificatePoolField::Filter, "true"),
            Edit::Remove { entry: Entry::Provider, index },
            Edit::Remove { entry: Entry::Pool, index },
            Edit::Remove { entry: Entry::Authority, index },
            Edit::Remove { entry: Entry::CertificatePool, index },
            Edit::Duplicate { entry: Entry::Provider, index },
            Edit::Duplicate { entry: Entry::Pool, index },
            Edit::Duplicate { entry: Entry::Authority, index },
            Edit::Duplicate { entry: Entry::CertificatePool, index },
        ] {
            workspace.apply(edit.clone());
            assert!(before.replaced_in(&workspace).is_empty(), "{edit:?}");
        }
    }
    assert_eq!(workspace.scenario(), scenario);
}

#[test]
fn field_edits_normalize_their_values() {
    let mut workspace = everything();
    workspace.apply(Edit::SetLeeway { seconds: 45 });
    assert_eq!(workspace.leeway_seconds(), 45);
    workspace.apply(Edit::SetLeeway { seconds: -30 });
    assert_eq!(workspace.leeway_seconds(), 0, "a negative leeway is clamped to 0");
    workspace.apply(Edit::SetLeeway { seconds: i64::MIN });
    assert_eq!(workspace.leeway_seconds(), 0);
    assert_eq!(workspace.simulation().leeway_seconds, 0);
    assert_eq!(workspace.scenario().leeway_seconds, Some(0));

    // A blank request value means the extension is not sent.
    assert!(workspace.oauth().accepted);
    for blank in ["", "  ", "\n\t"] {
        workspace
            .apply(Edit::SetRequest { field: RequestField::IdentityPoolId, value: blank.into() });
        assert_eq!(workspace.request().identity_pool_id, None, "{blank:?}");
        assert_eq!(workspace.request().named_pools(), None, "auto pool mapping");
        let oauth = workspace.oauth();
        assert!(oauth.accepted, "{}", oauth.message);
        assert_eq!(oauth.pools, ["pool-okta-producers"], "found by the filters");
        workspace
            .apply(Edit::SetRequest { field: RequestField::LogicalCluster, value: blank.into() });
        assert_eq!(workspace.request().logical_cluster, None);
        assert_eq!(workspace.oauth().code, Some(RefusalCode::LogicalClusterMissing));
        workspace.apply(Edit::SetRequest {
            field: RequestField::LogicalCluster,
            value: "lkc-7q2x9d".into(),
        });
        assert!(workspace.oauth().accepted);
    }
    workspace.apply(Edit::SetRequest {
        field: RequestField::IdentityPoolId,
        value: "pool-okta-readers".into(),
    });
    assert_eq!(workspace.request().identity_pool_id.as_deref(), Some("pool-okta-readers"));
    assert_eq!(workspace.oauth().code, Some(RefusalCode::NoMatchingPool));

    // Blank optional fields are None too.
    workspace.apply(set_provider(0, ProviderField::IdentityClaim, " "));
    assert_eq!(workspace.providers()[0].provider.identity_claim, None);
    workspace.apply(set_pool(0, PoolField::IdentityClaim, ""));
    assert_eq!(workspace.pools()[0].pool.identity_claim, None);
    workspace.apply(set_authority(0, AuthorityField::Crl, "\n"));
    assert_eq!(workspace.authorities()[0].authority.crl, None);

    workspace.apply(Edit::SetRequireCrl { index: 0, require: false });
    assert!(!workspace.authorities()[0].authority.require_crl);
    workspace.apply(Edit::SetRequireCrl { index: 0, require: true });
    assert!(workspace.authorities()[0].authority.require_crl);

    // A blank client certificate means no mTLS flow.
    workspace.apply(Edit::SetClientCertificate { pem: "  \n".into() });
    assert!(workspace.mtls().is_none());
    assert_eq!(workspace.scenario().client_certificate, None);
}

/// Everything but the clock, which the export always states.
fn with_clock_of(mut scenario: Scenario, workspace: &Workspace) -> Scenario {
    scenario.now = Some(workspace.now());
    scenario.leeway_seconds = Some(workspace.leeway_seconds());
    scenario
}

#[test]
fn export_round_trips_every_example() {
    for (name, _) in EXAMPLE_FILES {
        let original = example(name);
        let workspace = Workspace::new(original.clone(), 1_000);
        let exported = workspace.scenario();
        assert_eq!(exported, with_clock_of(original.clone(), &workspace), "{name}");
        let reparsed = Scenario::parse(&exported.to_json()).unwrap();
        assert_eq!(reparsed, exported, "{name}");
        let again = Workspace::new(reparsed, 0);
        assert_eq!(again.simulation(), workspace.simulation(), "{name}");
        assert_eq!(again.reports().token, workspace.reports().token, "{name}");
        // The document itself: the original with the clock made explicit.
        let mut document: serde_json::Value = serde_json::from_str(&example_text(name)).unwrap();
        document["leeway_seconds"] = json!(workspace.leeway_seconds());
        let written: serde_json::Value = serde_json::from_str(&exported.to_json()).unwrap();
        assert_eq!(written["title"], document["title"], "{name}");
        assert_eq!(written["description"], document["description"], "{name}");
        assert_eq!(written["providers"], document["providers"], "{name}: keys stay JSON");
        assert_eq!(written["pools"], document["pools"], "{name}");
    }
    let mtls = Workspace::new(example("mtls"), 0).scenario();
    assert_eq!(mtls.unknown["example_clients"].as_array().unwrap().len(), 6);
    assert!(mtls.token.is_empty());
}

#[test]
fn export_keeps_unknown_members_and_the_form_of_the_keys() {
    let pem = RSA_2048_A_PUBLIC.to_owned();
    let document = json!({
        "version": 1,
        "title": "Unknown members",
        "added_later": {"n": 1.50, "big": 12345678901234567890123_u128},
        "token": "",
        "request": {"logical_cluster": "lkc-1", "identity_pool_id": null, "extra": [1]},
        "providers": [
            {"id": "op-json", "issuer": "https://a/", "jwks": {"keys": [], "future": true}, "color": "red"},
            {"id": "op-pem", "issuer": "https://b/", "jwks": pem},
            {"id": "op-dup", "issuer": "https://c/", "jwks": "{\"keys\": [], \"keys\": []}"},
            {"id": "op-list", "issuer": "https://d/", "jwks": "[]"}
        ],
        "pools": [{"id": "pool-1", "provider": "op-json", "filter": "true", "rbac": {"role": "x"}}],
        "certificate_authorities": [{"id": "op-ca", "certificate_chain": "", "note": "kept"}],
        "certificate_pools": [{"id": "pool-c", "certificate_authority": "op-ca", "filter": "true", "note": 2}]
    });
    let scenario = Scenario::parse(&document.to_string()).unwrap();
    let mut workspace = Workspace::new(scenario, 0);
    // The Keys field shows a JWKS object as text…
    let shown = workspace.providers()[0].provider.jwks.clone();
    assert!(matches!(&shown, Keys::Text(text) if text.contains("\"future\": true")), "{shown:?}");
    // …and an edit to unrelated fields keeps everything else.
    workspace.apply(set_pool(0, PoolField::Name, "Pool one"));
    workspace.apply(set_provider(0, ProviderField::Name, "JSON"));
    let exported = workspace.scenario();
    let written: serde_json::Value = serde_json::from_str(&exported.to_json()).unwrap();
    assert_eq!(written["title"], "Unknown members");
    assert_eq!(written["added_later"], document["added_later"]);
    assert!(exported.to_json().contains("12345678901234567890123"));
    assert_eq!(written["request"]["extra"], json!([1]));
    assert_eq!(written["providers"][0]["jwks"], json!({"keys": [], "future": true}));
    assert_eq!(written["providers"][0]["color"], "red");
    assert_eq!(written["providers"][0]["name"], "JSON");
    assert_eq!(written["providers"][1]["jwks"], json!(pem), "PEM stays text");
    assert_eq!(
        written["providers"][2]["jwks"],
        json!("{\"keys\": [], \"keys\": []}"),
        "duplicate members stay text so the key parser still reports them"
    );
    assert_eq!(written["providers"][3]["jwks"], json!("[]"), "only an object becomes JSON");
    assert_eq!(written["pools"][0]["rbac"], json!({"role": "x"}));
    assert_eq!(written["pools"][0]["name"], "Pool one");
    assert_eq!(written["certificate_authorities"][0]["note"], "kept");
    assert_eq!(written["certificate_pools"][0]["note"], 2);
    // Keys typed as a JSON object are exported as one.
    workspace.apply(set_provider(
        1,
        ProviderField::Keys,
        "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}",
    ));
    assert_eq!(
        workspace.scenario().providers[1].jwks,
        Keys::Json(json!({"keys": [{"kty": "oct", "k": "AAAA"}]}))
    );
}

#[test]
fn import_of_an_oauth_only_scenario_keeps_the_certificates() {
    let mut workspace = Workspace::new(example("mtls"), 0);
    workspace.apply(set_certificate_pool(1, CertificatePoolField::Name, "Edited"));
    let authorities = workspace.authorities().clone();
    let certificate_pools = workspace.certificate_pools().clone();
    let client = workspace.client_certificate().to_owned();
    let okta = example("okta");
    workspace.import(okta.clone());
    assert!(Rc::ptr_eq(workspace.authorities(), &authorities));
    assert!(Rc::ptr_eq(workspace.certificate_pools(), &certificate_pools));
    assert_eq!(workspace.client_certificate(), client);
    assert_eq!(workspace.now(), okta.now.unwrap(), "the clock is the scenario's");
    assert!(workspace.oauth().accepted);
    let mtls = workspace.mtls().unwrap();
    assert!(mtls.accepted, "re-run at the new clock: {}", mtls.message);
    let simulation = workspace.simulation();
    assert!(simulation.accepted && simulation.oauth.is_some() && simulation.mtls.is_some());
    let exported = workspace.scenario();
    assert_eq!(exported.title, okta.title);
    assert_eq!(exported.token, okta.token);
    assert_eq!(exported.providers, okta.providers);
    assert_eq!(exported.certificate_pools[1].name, "Edited");
    assert_eq!(exported.client_certificate.as_deref(), Some(client.as_str()));
    // A scenario with certificates replaces them.
    workspace.import(example("mtls"));
    assert!(!Rc::ptr_eq(workspace.authorities(), &authorities));
    assert_eq!(workspace.certificate_pools()[1].pool.name, "Analytics");
    assert!(workspace.providers().is_empty(), "and its (empty) OAuth parts replace okta's");
    assert!(workspace.simulation().oauth.is_none(), "mTLS only");
}

#[test]
fn import_certificates_keeps_the_oauth_parts() {
    let mut workspace = Workspace::new(example("okta"), 0);
    workspace.apply(set_pool(1, PoolField::Name, "Edited"));
    workspace.apply(Edit::SetRequest {
        field: RequestField::LogicalCluster,
        value: "lkc-edited".into(),
    });
    let providers = workspace.providers().clone();
    let pools = workspace.pools().clone();
    let token = workspace.token_text().to_owned();
    let title = workspace.base().title.clone();
    let mtls = example("mtls");
    workspace.import_certificates(&mtls);
    assert!(Rc::ptr_eq(workspace.providers(), &providers));
    assert!(Rc::ptr_eq(workspace.pools(), &pools));
    assert_eq!(workspace.token_text(), token);
    assert_eq!(workspace.request().logical_cluster.as_deref(), Some("lkc-edited"));
    assert_eq!(workspace.base().title, title, "the loaded scenario is still okta's");
    assert_eq!(workspace.authorities().len(), 1);
    assert_eq!(workspace.certificate_pools().len(), 2);
    assert!(workspace.mtls().unwrap().accepted);
    // The clock is the certificate example's, a year after okta's token expired: the token
    // report and the OAuth flow are re-run at it.
    assert_eq!(workspace.now(), mtls.now.unwrap());
    assert_eq!(token_report(&workspace).now, mtls.now.unwrap());
    assert_eq!(workspace.oauth().cause, Some(Cause::Expired), "{}", workspace.oauth().message);
    let exported = workspace.scenario();
    assert_eq!(exported.pools[1].name, "Edited");
    assert_eq!(exported.token, token);
    assert!(!exported.unknown.contains_key("example_clients"));
}

#[test]
fn edits_round_trip_through_json() {
    let edit: Edit = serde_json::from_value(
        json!({"edit": "set_pool", "index": 0, "field": "filter", "value": "true"}),
    )
    .unwrap();
    assert_eq!(edit, set_pool(0, PoolField::Filter, "true"));
    let edits = [
        (
            Edit::SetToken { token: "Bearer a.b.c".into() },
            json!({"edit": "set_token", "token": "Bearer a.b.c"}),
        ),
        (Edit::SetNow { now: -1 }, json!({"edit": "set_now", "now": -1})),
        (Edit::SetLeeway { seconds: 30 }, json!({"edit": "set_leeway", "seconds": 30})),
        (
            Edit::SetKeys { text: "k".into(), secret: Some(SecretEncoding::Base64Url) },
            json!({"edit": "set_keys", "text": "k", "secret": "base64_url"}),
        ),
        (
            Edit::SetKeys { text: "k".into(), secret: None },
            json!({"edit": "set_keys", "text": "k", "secret": null}),
        ),
        (
            Edit::SetRequest { field: RequestField::IdentityPoolId, value: "p".into() },
            json!({"edit": "set_request", "field": "identity_pool_id", "value": "p"}),
        ),
        (
            set_provider(1, ProviderField::IdentityClaim, "claims.sub"),
            json!({"edit": "set_provider", "index": 1, "field": "identity_claim", "value": "claims.sub"}),
        ),
        (
            set_pool(0, PoolField::Filter, "true"),
            json!({"edit": "set_pool", "index": 0, "field": "filter", "value": "true"}),
        ),
        (
            set_authority(2, AuthorityField::CertificateChain, "PEM"),
            json!({"edit": "set_authority", "index": 2, "field": "certificate_chain", "value": "PEM"}),
        ),
        (
            Edit::SetRequireCrl { index: 0, require: true },
            json!({"edit": "set_require_crl", "index": 0, "require": true}),
        ),
        (
            set_certificate_pool(0, CertificatePoolField::ExternalIdentifier, "UID"),
            json!({"edit": "set_certificate_pool", "index": 0, "field": "external_identifier", "value": "UID"}),
        ),
        (
            Edit::SetClientCertificate { pem: "PEM".into() },
            json!({"edit": "set_client_certificate", "pem": "PEM"}),
        ),
        (
            Edit::Add { entry: Entry::CertificatePool },
            json!({"edit": "add", "entry": "certificate_pool"}),
        ),
        (
            Edit::Remove { entry: Entry::Authority, index: 3 },
            json!({"edit": "remove", "entry": "authority", "index": 3}),
        ),
        (
            Edit::Duplicate { entry: Entry::Provider, index: 0 },
            json!({"edit": "duplicate", "entry": "provider", "index": 0}),
        ),
    ];
    for (edit, value) in edits {
        assert_eq!(serde_json::to_value(&edit).unwrap(), value, "{edit:?}");
        assert_eq!(serde_json::from_value::<Edit>(value.clone()).unwrap(), edit, "{value}");
        let text = serde_json::to_string(&edit).unwrap();
        assert_eq!(serde_json::from_str::<Edit>(&text).unwrap(), edit, "{text}");
    }
    // A missing `secret` reads as none (a JavaScript caller may leave it out).
    let edit: Edit = serde_json::from_str(r#"{"edit":"set_keys","text":"k"}"#).unwrap();
    assert_eq!(edit, Edit::SetKeys { text: "k".into(), secret: None });
    for wrong in [
        json!({"edit": "set_pool", "index": 0, "field": "colour", "value": "x"}),
        json!({"edit": "set_pool", "index": -1, "field": "filter", "value": "x"}),
        json!({"edit": "set_pool", "index": 0, "field": "filter"}),
        json!({"edit": "rename", "index": 0}),
        json!({"index": 0, "field": "filter", "value": "x"}),
        json!({"edit": "SetPool", "index": 0, "field": "filter", "value": "x"}),
    ] {
        assert!(serde_json::from_value::<Edit>(wrong.clone()).is_err(), "{wrong}");
    }
    // An edit that came as JSON does what the typed one does.
    let mut from_json = Workspace::new(example("okta"), 0);
    let mut typed = from_json.clone();
    from_json.apply(
        serde_json::from_str(r#"{"edit":"set_pool","index":0,"field":"filter","value":"false"}"#)
            .unwrap(),
    );
    typed.apply(set_pool(0, PoolField::Filter, "false"));
    assert_eq!(from_json.scenario(), typed.scenario());
    assert_eq!(from_json.oauth(), typed.oauth());
    assert_eq!(from_json.oauth().code, Some(RefusalCode::NoMatchingPool));
}

// Pasted forms and renames that once went wrong.

#[test]
fn quotes_around_a_whole_authorization_value_are_a_pasted_form_too() {
    let okta = example("okta");
    let token = okta.token.clone();
    let expected = token_report(&Workspace::new(okta.clone(), 0));
    // As copied from `curl -H 'Authorization: Bearer …'` or a JSON headers object.
    for form in [
        format!("'Bearer {token}'"),
        format!("\"Bearer {token}\""),
        format!("'Authorization: Bearer {token}'"),
        format!("Authorization: \"Bearer {token}\""),
    ] {
        let mut workspace = Workspace::new(okta.clone(), 0);
        workspace.apply(Edit::SetToken { token: form.clone() });
        assert_eq!(token_report(&workspace), expected, "{form:?}");
    }
}

#[test]
fn renaming_one_of_two_providers_with_the_same_id_moves_only_its_own_pools() {
    let mut workspace = Workspace::new(example("okta"), 0);
    workspace.apply(Edit::Add { entry: Entry::Provider });
    // Allowed: now two providers are called op-okta.
    workspace.apply(set_provider(1, ProviderField::Id, "op-okta"));
    workspace.apply(set_provider(1, ProviderField::Id, "op-other"));
    let owners: Vec<&str> = workspace.pools().iter().map(|p| p.pool.provider.as_str()).collect();
    assert_eq!(owners, ["op-okta", "op-okta"], "okta's pools stay with okta");
    assert!(workspace.oauth().accepted, "{}", workspace.oauth().message);
}

#[test]
fn verdicts_with_explanations_on_request_give_the_explained_report_pool_by_pool() {
    for (name, _) in EXAMPLE_FILES {
        let explained = Workspace::new(example(name), 0);
        let mut on_request = Workspace::new(Scenario::default(), 0);
        on_request.set_detail(Detail::Verdict);
        on_request.import(example(name));
        // A filter that errors and one that does not compile keep their verdicts too.
        let edits = [
            set_pool(0, PoolField::Filter, "claims.nope.deeper == 1"),
            set_pool(0, PoolField::Filter, "claims.aud =="),
        ];
        let (mut explained, mut on_request) = (explained, on_request);
        for edit in std::iter::once(None).chain(edits.into_iter().map(Some)) {
            if let Some(edit) = edit {
                explained.apply(edit.clone());
                on_request.apply(edit);
            }
            let (full, lean) = (explained.oauth(), on_request.oauth());
            assert_eq!(full.pool_results.len(), lean.pool_results.len(), "{name}");
            for (index, (full, lean)) in
                full.pool_results.iter().zip(&lean.pool_results).enumerate()
            {
                assert_eq!(full.status, lean.status, "{name} pool {index}");
                assert_eq!(full.selected, lean.selected, "{name} pool {index}");
                let lean_filter = lean.filter.as_ref();
                assert!(lean_filter.is_none_or(|report| report.explanation.is_empty()));
                // A verdict keeps the lints that decide the status: the errors.
                let errors = |report: &FilterReport| -> Vec<Problem> {
                    let errors = report.lints.iter().filter(|l| l.severity == Severity::Error);
                    errors.cloned().collect()
                };
                assert_eq!(
                    full.filter.as_ref().map(|r| (r.result, &r.error, errors(r))),
                    lean_filter.map(|r| (r.result, &r.error, r.lints.clone())),
                    "{name} pool {index}"
                );
                assert_eq!(
                    Some(full),
                    on_request.explained_pool_result(index).as_ref(),
                    "{name} pool {index}"
                );
            }
            let strip = |report: &OAuthReport| {
                let mut report = report.clone();
                report.pool_results.iter_mut().for_each(|result| result.filter = None);
                report
            };
            assert_eq!(strip(full), strip(lean), "{name}");
        }
        assert_eq!(on_request.explained_pool_result(usize::MAX), None);
    }
}

#[test]
fn a_pool_explained_on_request_follows_the_token() {
    let mut workspace = Workspace::new(example("okta"), 0);
    workspace.set_detail(Detail::Verdict);
    let explained = workspace.explained_pool_result(0).unwrap().filter.unwrap();
    assert!(!explained.explanation.is_empty());
    workspace.apply(Edit::SetToken { token: "not a token".to_owned() });
    let result = workspace.explained_pool_result(0).unwrap();
    assert_eq!((result.status, result.filter), (PoolStatus::NotEvaluated, None));
}

/// A pool edit evaluates only the edited pool's filter and keeps the provider's signature
/// verdict: its report must be the one a workspace built afresh from the result gives.
#[test]
fn a_pool_edit_reports_what_a_fresh_workspace_reports() {
    let okta = example("okta");
    let mut scenario = okta.clone();
    // A second provider (Google's shared issuer adds its lint to the pools it owns) and a
    // pool of it, so edits move pools between providers.
    scenario.providers.push(example("google").providers[0].clone());
    let google_id = scenario.providers[1].id.clone();
    let mut google_pool = scenario.pools[0].clone();
    google_pool.id = "pool-google".into();
    google_pool.provider = google_id.clone();
    scenario.pools.push(google_pool);
    let now = okta.now.unwrap();
    for detail in [Detail::Explained, Detail::Verdict] {
        let mut workspace = Workspace::new(scenario.clone(), now);
        workspace.set_detail(detail);
        let edits = [
            set_pool(1, PoolField::Filter, "claims.sub != ''"),
            set_pool(1, PoolField::Filter, "claims.sub.startsWith("),
            set_pool(0, PoolField::Filter, "true"),
            // The request names pool-okta-producers: renaming it makes the login fail.
            set_pool(0, PoolField::Id, "pool-renamed"),
            set_pool(2, PoolField::Id, "pool-okta-producers"),
            set_pool(2, PoolField::Provider, "op-okta"),
            set_pool(2, PoolField::Provider, &google_id),
            set_pool(1, PoolField::IdentityClaim, "claims.uid"),
            set_pool(1, PoolField::Name, "Readers, renamed"),
            Edit::SetRequest { field: RequestField::IdentityPoolId, value: String::new() },
            set_pool(0, PoolField::Filter, "false"),
            set_pool(9, PoolField::Filter, "out of range"),
        ];
        for edit in edits {
            workspace.apply(edit.clone());
            let mut fresh = Workspace::new(workspace.scenario(), now);
            fresh.set_detail(detail);
            assert_eq!(workspace.oauth(), fresh.oauth(), "after {edit:?} ({detail:?})");
        }
        // The remembered verdict belongs to the token: a tampered token is checked anew.
        let mut tampered = okta.token.clone().into_bytes();
        let at = tampered.len() - 5;
        tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        workspace.apply(Edit::SetToken { token: tampered });
        assert_eq!(workspace.oauth().cause, Some(Cause::SignatureInvalid));
        workspace.apply(set_pool(0, PoolField::Filter, "true"));
        assert_eq!(workspace.oauth().cause, Some(Cause::SignatureInvalid));
        workspace.apply(Edit::SetToken { token: okta.token.clone() });
        assert!(workspace.oauth().verification.as_ref().unwrap().signature_valid);
        // The same compact text with a space inside the signature is refused, not remembered.
        let at = okta.token.rfind('.').unwrap() + 30;
        let spaced = format!("{} {}", &okta.token[..at], &okta.token[at..]);
        workspace.apply(Edit::SetToken { token: spaced });
        assert_eq!(workspace.oauth().cause, Some(Cause::TokenRejected));
        workspace.apply(Edit::SetToken { token: okta.token.clone() });
        assert!(workspace.oauth().verification.as_ref().unwrap().signature_valid);
    }
}
