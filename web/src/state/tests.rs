use super::*;
use poolcheck_core::TokenReport;
use poolcheck_core::claims::TimeStatus;
use poolcheck_core::fragment::ViewName;
use poolcheck_core::keys::{KeyParseError, KeySource};
use poolcheck_core::scenario::Scenario;
use poolcheck_core::simulate::{MtlsCode, RefusalCode};
use poolcheck_core::verify::{CandidateReason, Outcome, Verification};
use poolcheck_core::workspace::{
    CertificatePoolField, KeysOutcome, NotChecked, PoolField, SignatureReport, TokenOutcome,
};

/// {"alg":"HS256","typ":"JWT"} . {"sub":"workshop","exp":1577836800} . (signature bytes)
const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ3b3Jrc2hvcCIsImV4cCI6MTU3NzgzNjgwMH0.c2lnbmF0dXJl";
const EXP: i64 = 1_577_836_800;
const NOW: i64 = 1_767_225_600;
const JWKS_THREE: &str = include_str!("../../../tests/fixtures/keys/jwks-three.json");
/// Signed by rsa-2048-b, the third key of JWKS_THREE.
const PS256: &str = include_str!("../../../tests/fixtures/keys/tokens/PS256.jwt");
/// Signed by rsa-3072, which JWKS_THREE lacks.
const RS384: &str = include_str!("../../../tests/fixtures/keys/tokens/RS384.jwt");
const HS256: &str = include_str!("../../../tests/fixtures/keys/tokens/HS256.jwt");
const HS256_SECRET: &str = include_str!("../../../tests/fixtures/keys/hmac-hs256.secret.b64url");
/// HS256 with the 25-byte secret `poolcheck-workshop-secret`.
const WORKSHOP: &str = include_str!("../../../tests/fixtures/tokens/valid-until-2030.jwt");

fn reduce(state: AppState, action: Action) -> AppState {
    Rc::unwrap_or_clone(Rc::new(state).reduce(action))
}

fn edit(state: AppState, edit: Edit) -> AppState {
    reduce(state, Action::Edit(edit))
}

fn report(state: &AppState) -> Rc<TokenReport> {
    match state.workspace.token() {
        TokenOutcome::Decoded(report) => report.clone(),
        other => panic!("expected a report, got {other:?}"),
    }
}

fn exp_status(state: &AppState) -> TimeStatus {
    let report = report(state);
    let row = report.claim_rows.iter().find(|row| row.name == "exp").unwrap();
    row.time.as_ref().unwrap().status
}

fn verification(state: &AppState) -> Rc<Verification> {
    match state.workspace.signature() {
        SignatureReport::Checked(verification) => verification.clone(),
        other => panic!("expected a verification, got {other:?}"),
    }
}

fn not_checked(state: &AppState) -> NotChecked {
    match state.workspace.signature() {
        SignatureReport::NotChecked { reason } => *reason,
        other => panic!("expected no check, got {other:?}"),
    }
}

fn example(label: &str) -> AppState {
    let example = examples::EXAMPLES.iter().find(|e| e.label == label).unwrap();
    let text = examples::read(example.file);
    reduce(AppState::new(String::new(), NOW, None), Action::LoadExample(Ok(text)))
}

fn certificates_example() -> AppState {
    reduce(
        AppState::new(String::new(), NOW, None),
        Action::LoadCertificatesExample(Ok(examples::read(examples::CERTIFICATES))),
    )
}

fn with_client(state: AppState, name: &str) -> AppState {
    let index = state.example_clients.iter().position(|c| c.name == name).unwrap();
    reduce(state, Action::LoadExampleClient(index))
}

#[test]
fn blank_input_decodes_to_nothing() {
    let state = AppState::new("  \n".into(), EXP, None);
    assert_eq!(*state.workspace.token(), TokenOutcome::Empty);
}

#[test]
fn typing_decodes_the_token_against_the_clock() {
    let state = AppState::new(String::new(), EXP + 60, None);
    let state = edit(state, Edit::SetToken { token: TOKEN.into() });
    assert_eq!(report(&state).now, EXP + 60);
    assert_eq!(exp_status(&state), TimeStatus::Expired);
    let state = edit(state, Edit::SetToken { token: "hello".into() });
    assert!(matches!(state.workspace.token(), TokenOutcome::NotAToken(_)));
}

#[test]
fn the_clock_is_live_until_fixed_and_ticks_only_while_live() {
    let state = AppState::new(TOKEN.into(), EXP + 60, None);
    assert!(state.live);
    let state = reduce(state, Action::Tick(EXP + 61));
    assert_eq!(state.workspace.now(), EXP + 61);
    let state = reduce(state, Action::SetTime(EXP - 60));
    assert!(!state.live);
    assert_eq!(exp_status(&state), TimeStatus::Ok);
    let state = reduce(state, Action::Tick(EXP + 3600));
    assert_eq!(state.workspace.now(), EXP - 60, "ticks are ignored while the time is fixed");
    let state = reduce(state, Action::GoLive(EXP + 3600));
    assert!(state.live);
    assert_eq!(exp_status(&state), TimeStatus::Expired);
}

#[test]
fn leeway_applies_to_the_expiry() {
    let state = AppState::new(TOKEN.into(), EXP + 60, Some(EXP + 60));
    assert!(!state.live, "a time from the URL fragment is fixed");
    assert_eq!(exp_status(&state), TimeStatus::Expired);
    let state = edit(state, Edit::SetLeeway { seconds: 300 });
    assert_eq!(exp_status(&state), TimeStatus::Ok);
    let state = edit(state, Edit::SetLeeway { seconds: -5 });
    assert_eq!(state.workspace.leeway_seconds(), 0, "negative leeway is clamped");
}

#[test]
fn a_new_fragment_replaces_the_token_and_fixes_the_time() {
    let state = AppState::new(String::new(), EXP + 60, None);
    let fragment =
        Fragment { token: Some(TOKEN.into()), now: Some(EXP - 60), ..Fragment::default() };
    let state = reduce(state, Action::LoadFragment(fragment));
    assert_eq!(state.workspace.token_text(), TOKEN);
    assert!(!state.live);
    assert_eq!(exp_status(&state), TimeStatus::Ok);
    let fragment = Fragment { now: Some(EXP + 60), ..Fragment::default() };
    let state = reduce(state, Action::LoadFragment(fragment));
    assert_eq!(state.workspace.token_text(), TOKEN, "a fragment without a token keeps it");
    assert_eq!(exp_status(&state), TimeStatus::Expired);
}

#[test]
fn a_share_link_loads_its_scenario_into_the_pools_view() {
    let okta = include_str!("../../../examples/scenarios/okta.json");
    let compact: serde_json::Value = serde_json::from_str(okta).unwrap();
    let fragment = fragment::parse(&fragment::share(&compact.to_string()));
    let state = reduce(AppState::new(String::new(), EXP, None), Action::LoadFragment(fragment));
    assert_eq!(state.view, View::Pools);
    let oauth = state.workspace.oauth();
    assert!(oauth.accepted, "{}", oauth.message);
    assert!(state.workspace.token_text().starts_with("eyJ"));
    assert!(!state.live, "the scenario's instant is fixed");
    let state = reduce(state, Action::LoadFragment(fragment::parse("#scenario=e30")));
    assert!(state.import_error.is_some(), "{{}} is not a scenario: the error is shown");
}

#[test]
fn a_filter_embed_puts_its_filter_on_the_first_pool_against_the_token() {
    let token = include_str!("../../../tests/fixtures/tokens/valid-until-2030.jwt").trim();
    let hash = format!(
        "#embed=filter&token={token}&now={EXP}&filter=claims.sub%20%3D%3D%20'orders-service'"
    );
    let state =
        reduce(AppState::new(String::new(), 0, None), Action::LoadFragment(fragment::parse(&hash)));
    assert_eq!(state.embed, Some(Embed { view: ViewName::Filter, readonly: false }));
    assert_eq!(state.view, View::Pools);
    assert_eq!(state.workspace.pools().len(), 1);
    assert_eq!(state.workspace.pools()[0].pool.filter, "claims.sub == 'orders-service'");
    let result = &state.workspace.oauth().pool_results[0];
    assert_eq!(result.filter_verdict(), poolcheck_core::simulate::PoolStatus::Matched);
    assert!(!state.live, "the embed's instant is fixed");

    // A scenario's own first pool takes the filter; read-only and the view come along.
    let okta = include_str!("../../../examples/scenarios/okta.json");
    let compact: serde_json::Value = serde_json::from_str(okta).unwrap();
    let hash =
        format!("{}&embed=filter&readonly=1&filter=false", fragment::share(&compact.to_string()));
    let state =
        reduce(AppState::new(String::new(), 0, None), Action::LoadFragment(fragment::parse(&hash)));
    assert_eq!(state.embed, Some(Embed { view: ViewName::Filter, readonly: true }));
    assert_eq!(state.workspace.pools()[0].pool.filter, "false");
    assert!(state.workspace.pools().len() > 1, "the other pools stay");
}

#[test]
fn a_link_opens_the_view_it_names() {
    let state = reduce(
        AppState::new(String::new(), EXP, None),
        Action::LoadFragment(fragment::parse("#view=certificates")),
    );
    assert_eq!(state.view, View::Certificates);
    assert_eq!(state.embed, None);
}

#[test]
fn a_bearer_token_verifies_on_the_token_view_and_is_accepted_by_the_pools() {
    let scenario = Scenario::parse(&examples::read("okta.json")).unwrap();
    let jwks = scenario.providers[0].jwks.to_text();
    let state = example("Okta");
    let state = reduce(state, Action::SetKeysText(jwks));
    for pasted in [
        format!("Bearer {}", scenario.token),
        format!("Authorization: Bearer {}\n", scenario.token),
        format!("  \"{}\"  ", scenario.token),
    ] {
        let state = edit(state.clone(), Edit::SetToken { token: pasted.clone() });
        assert!(verification(&state).signature_valid, "{pasted}");
        assert!(state.workspace.oauth().accepted, "{pasted}: {}", state.workspace.oauth().message);
    }
}

#[test]
fn a_jwks_verifies_the_token_with_the_key_its_kid_names() {
    let state = AppState::new(PS256.into(), NOW, Some(NOW));
    let state = reduce(state, Action::SetKeysText(JWKS_THREE.into()));
    let verification = verification(&state);
    assert!(verification.signature_valid);
    let chosen = verification.key.clone().unwrap();
    assert_eq!((chosen.index, chosen.kid.as_deref()), (2, Some("rsa-2048-b")));
}

#[test]
fn an_unknown_kid_is_not_found_and_every_key_says_kid_differs() {
    let state = AppState::new(RS384.into(), NOW, Some(NOW));
    let state = reduce(state, Action::SetKeysText(JWKS_THREE.into()));
    let verification = verification(&state);
    assert_eq!(verification.outcome, Outcome::KidNotFound);
    assert_eq!(verification.candidates.len(), 3);
    assert!(verification.candidates.iter().all(|c| c.reason == CandidateReason::KidDiffers));
}

#[test]
fn keys_are_parsed_once_and_checked_again_only_when_the_token_changes() {
    let state = AppState::new(String::new(), NOW, Some(NOW));
    let state = reduce(state, Action::SetKeysText(JWKS_THREE.into()));
    assert_eq!(not_checked(&state), NotChecked::NoToken);
    let KeysOutcome::Set(parsed) = state.workspace.keys().clone() else { panic!("no key set") };
    let state = edit(state, Edit::SetToken { token: RS384.into() });
    let state = edit(state, Edit::SetToken { token: PS256.into() });
    let KeysOutcome::Set(now_parsed) = state.workspace.keys().clone() else { panic!() };
    assert!(Rc::ptr_eq(&parsed, &now_parsed), "a new token does not re-parse the keys");
    let checked = verification(&state);
    let state = reduce(state, Action::SetTime(NOW + 60));
    assert!(Rc::ptr_eq(&checked, &verification(&state)), "the clock does not re-verify");
}

#[test]
fn a_short_workshop_secret_matches_but_is_refused_as_weak() {
    let state = AppState::new(WORKSHOP.into(), NOW, Some(NOW));
    let state = reduce(state, Action::SetKeysFormat(KeysFormat::Secret(SecretEncoding::Text)));
    let state = reduce(state, Action::SetKeysText("poolcheck-workshop-secret".into()));
    let verification = verification(&state);
    assert_eq!(verification.outcome, Outcome::KeyRefused);
    let candidate = &verification.candidates[0];
    assert_eq!(candidate.reason, CandidateReason::WeakKey);
    assert!(candidate.detail.contains("the signature matches"), "{}", candidate.detail);
}

#[test]
fn the_secret_encoding_is_what_the_user_says() {
    let state = AppState::new(HS256.into(), NOW, Some(NOW));
    let state = reduce(state, Action::SetKeysText(HS256_SECRET.trim().into()));
    assert_eq!(*state.workspace.keys(), KeysOutcome::Unreadable(KeyParseError::Unrecognised));
    let state = reduce(state, Action::SetKeysFormat(KeysFormat::Secret(SecretEncoding::Base64Url)));
    assert!(verification(&state).signature_valid);
    assert_eq!(state.keys_format(), KeysFormat::Secret(SecretEncoding::Base64Url));
    let state = reduce(state, Action::SetKeysFormat(KeysFormat::Secret(SecretEncoding::Text)));
    assert_eq!(verification(&state).outcome, Outcome::SignatureMismatch);
}

#[test]
fn a_discovery_document_names_the_key_set_and_a_fetch_fills_the_field() {
    let document = r#"{"issuer":"https://idp.example/","jwks_uri":"https://idp.example/jwks"}"#;
    let state = AppState::new(PS256.into(), NOW, Some(NOW));
    let state = reduce(state, Action::SetKeysText(document.into()));
    assert_eq!(not_checked(&state), NotChecked::DiscoveryDocument);
    let KeysOutcome::Set(set) = state.workspace.keys() else { panic!("no key set") };
    let KeySource::Discovery { jwks_uri, .. } = &set.source else { panic!("not discovery") };
    assert_eq!(jwks_uri.as_deref(), Some("https://idp.example/jwks"));
    let url = String::from("https://idp.example/jwks");
    let state = reduce(state, Action::FetchStarted(url.clone()));
    assert_eq!(state.keys.fetching.as_deref(), Some(url.as_str()));
    let failed =
        reduce(state.clone(), Action::FetchFailed { url: url.clone(), message: "offline".into() });
    assert_eq!(failed.keys.fetching, None);
    assert_eq!(failed.workspace.keys_text().0, document, "a failed fetch keeps the document");
    assert!(matches!(&failed.keys.notice, Some(Notice::Error(text)) if text.contains("offline")));
    let state = reduce(state, Action::Fetched { url, text: JWKS_THREE.into() });
    assert_eq!(state.workspace.keys_text().0, JWKS_THREE);
    assert!(verification(&state).signature_valid);
}

#[test]
fn a_dropped_file_fills_the_field_and_a_refused_one_keeps_it() {
    let state = AppState::new(PS256.into(), NOW, Some(NOW));
    let state =
        reduce(state, Action::KeysFileRead { name: "jwks.json".into(), text: JWKS_THREE.into() });
    assert!(verification(&state).signature_valid);
    assert!(
        matches!(&state.keys.notice, Some(Notice::Info(text)) if text.starts_with("Read jwks.json"))
    );
    let state = reduce(state, Action::KeysFileRefused("big.json is too large".into()));
    assert_eq!(state.workspace.keys_text().0, JWKS_THREE);
    assert!(verification(&state).signature_valid);
    let state = reduce(state, Action::SetKeysText(String::new()));
    assert_eq!(not_checked(&state), NotChecked::NoKeys);
    assert_eq!(state.keys.notice, None, "typing clears the notice");
}

#[test]
fn keys_format_values_round_trip() {
    for format in KeysFormat::ALL {
        assert_eq!(KeysFormat::from_value(format.value()), Some(format));
    }
    assert_eq!(KeysFormat::from_value("nonsense"), None);
}

#[test]
fn every_example_loads_with_the_outcome_the_cli_reports() {
    for example in examples::EXAMPLES {
        let scenario = Scenario::parse(&examples::read(example.file)).unwrap();
        let expected = poolcheck_core::workspace::analyze(&scenario, NOW);
        let state = self::example(example.label);
        assert_eq!(state.import_error, None, "{}", example.label);
        // The page's report gives verdicts; each card asks for its pool's explanation.
        let workspace = &state.workspace;
        let mut shown = (**workspace.oauth()).clone();
        shown.pool_results = (0..shown.pool_results.len())
            .filter_map(|index| workspace.explained_pool_result(index))
            .collect();
        assert_eq!(Some(&shown), expected.oauth.as_ref(), "{}", example.label);
        assert!(!state.live, "{}: the example fixes the clock", example.label);
    }
    let keycloak = example("Keycloak");
    assert_eq!(keycloak.workspace.oauth().code, Some(RefusalCode::KidLookupFailed));
}

#[test]
fn editing_a_filter_flips_the_outcome_and_back() {
    let state = example("Google");
    let index =
        state.workspace.pools().iter().position(|p| p.pool.id == "pool-google-producer").unwrap();
    let original = state.workspace.pools()[index].pool.filter.clone();
    let broken = original.replace("kafka-poolcheck-demo", "other");
    let state = edit(state, Edit::SetPool { index, field: PoolField::Filter, value: broken });
    assert_eq!(state.workspace.oauth().code, Some(RefusalCode::NoMatchingPool));
    let state = edit(state, Edit::SetPool { index, field: PoolField::Filter, value: original });
    assert!(state.workspace.oauth().accepted);
}

#[test]
fn cards_keep_their_keys_when_others_are_removed_or_duplicated() {
    let state = example("Google");
    let keys = state.cards.pools.clone();
    assert_eq!(keys.len(), state.workspace.pools().len());
    let state = edit(state, Edit::Duplicate { entry: Entry::Pool, index: 0 });
    assert_eq!(state.cards.pools.len(), keys.len() + 1);
    assert_eq!(state.cards.pools[0], keys[0]);
    assert!(!keys.contains(&state.cards.pools[1]), "the copy gets a new key");
    assert_eq!(state.cards.pools[2..], keys[1..]);
    let state = edit(state, Edit::Remove { entry: Entry::Pool, index: 0 });
    assert_eq!(state.cards.pools.len(), keys.len());
    assert_eq!(state.cards.pools[1..], keys[1..]);
    let unchanged = edit(state.clone(), Edit::Remove { entry: Entry::Pool, index: 99 });
    assert_eq!(unchanged.cards, state.cards, "an edit the workspace ignored changes no key");
}

#[test]
fn export_is_a_scenario_that_round_trips_and_goes_stale_on_edit() {
    let state = reduce(example("Okta"), Action::Export);
    let export = state.export.clone().unwrap();
    assert!(export.share_fragment.starts_with("#scenario="));
    let exported = Scenario::parse(&export.json).unwrap();
    let original = Scenario::parse(&examples::read("okta.json")).unwrap();
    assert_eq!(exported.title, original.title);
    assert_eq!(
        poolcheck_core::workspace::analyze(&exported, NOW),
        poolcheck_core::workspace::analyze(&original, NOW)
    );
    let state = reduce(state, Action::Tick(NOW + 1));
    assert!(state.export.is_some(), "the clock ticking does not discard the export");
    let state = edit(state, Edit::Add { entry: Entry::Pool });
    assert!(state.export.is_none(), "an edit makes the export stale");
}

#[test]
fn private_signing_keys_leave_only_when_asked() {
    let mut scenario: serde_json::Value =
        serde_json::from_str(&examples::read("okta.json")).unwrap();
    scenario["providers"][0]["signing_key"] = serde_json::json!({ "kty": "oct", "k": "c2VjcmV0" });
    let state =
        reduce(AppState::new(String::new(), NOW, None), Action::Import(scenario.to_string()));
    let state = reduce(state, Action::Export);
    let export = state.export.clone().unwrap();
    assert_eq!((export.signing_keys, export.with_signing_keys), (1, false));
    assert!(!export.json.contains("signing_key"), "the export leaves the key out");
    let shared = fragment::parse(&export.share_fragment).scenario.unwrap();
    assert!(!shared.contains("signing_key"), "the share link leaves it out");
    let state = reduce(state, Action::ExportSigningKeys(true));
    let export = state.export.clone().unwrap();
    assert!(export.with_signing_keys);
    let exported = Scenario::parse(&export.json).unwrap();
    assert!(exported.providers[0].signing_key.is_some(), "included once asked");
}

#[test]
fn import_errors_name_the_json_path() {
    let state = reduce(
        AppState::new(String::new(), NOW, None),
        Action::Import(r#"{"version": 1, "pools": [{"id": 7}]}"#.into()),
    );
    let error = state.import_error.unwrap();
    assert!(error.path.starts_with("/pools/0"), "{error}");
}

#[test]
fn the_certificates_example_accepts_the_valid_client_and_every_button_keeps_its_promise() {
    let state = certificates_example();
    assert!(!state.live, "the example fixes the clock");
    let report = state.workspace.mtls().unwrap().clone();
    assert!(report.accepted, "{}", report.message);
    assert_eq!(report.principal.as_deref(), Some("orders-service"));
    let names: Vec<&str> = state.example_clients.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["valid", "EC (analytics)", "expired", "revoked", "other CA", "no clientAuth"]
    );
    let code = |name: &str| with_client(state.clone(), name).workspace.mtls().unwrap().code;
    assert_eq!(code("EC (analytics)"), None);
    assert_eq!(code("expired").map(MtlsCode::name).as_deref(), Some("CERT_EXPIRED"));
    assert_eq!(code("revoked").map(MtlsCode::name).as_deref(), Some("CERT_REVOKED"));
    assert_eq!(code("other CA"), Some(MtlsCode::NoCertificateAuthority));
    let later = reduce(state.clone(), Action::SetTime(2_200_000_000));
    assert_eq!(
        later.workspace.mtls().unwrap().code.map(MtlsCode::name).as_deref(),
        Some("CERT_EXPIRED")
    );
}

#[test]
fn loading_an_oauth_example_keeps_the_certificates_and_the_other_way_round() {
    let state = certificates_example();
    let authorities = state.workspace.authorities().len();
    let state = reduce(state, Action::LoadExample(Ok(examples::read("auth0.json"))));
    assert_eq!(state.workspace.authorities().len(), authorities);
    assert_eq!(state.cards.authorities.len(), authorities);
    let providers = state.workspace.providers().len();
    let state =
        reduce(state, Action::LoadCertificatesExample(Ok(examples::read(examples::CERTIFICATES))));
    assert_eq!(state.workspace.providers().len(), providers);
    let state = edit(
        state,
        Edit::SetCertificatePool {
            index: 0,
            field: CertificatePoolField::Filter,
            value: "false".into(),
        },
    );
    assert!(!state.workspace.mtls().unwrap().accepted);
}

#[test]
fn card_keys_stay_unique_across_examples_and_adds() {
    let state = certificates_example();
    let state = edit(state, Edit::Add { entry: Entry::Authority });
    let state = reduce(state, Action::LoadExample(Ok(examples::read("auth0.json"))));
    let state = edit(state, Edit::Add { entry: Entry::Pool });
    let state =
        reduce(state, Action::LoadCertificatesExample(Ok(examples::read(examples::CERTIFICATES))));
    let state = edit(state, Edit::Add { entry: Entry::CertificatePool });
    let cards = &state.cards;
    let all: Vec<u32> =
        [&cards.providers, &cards.pools, &cards.authorities, &cards.certificate_pools]
            .into_iter()
            .flatten()
            .copied()
            .collect();
    let unique: std::collections::BTreeSet<u32> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len(), "{cards:?}");
    assert_eq!(cards.authorities.len(), state.workspace.authorities().len());
}

#[test]
fn importing_other_certificates_drops_the_example_client_buttons() {
    let state = certificates_example();
    assert!(!state.example_clients.is_empty());
    let oauth_only = reduce(state.clone(), Action::LoadExample(Ok(examples::read("auth0.json"))));
    assert!(!oauth_only.example_clients.is_empty(), "an OAuth-only scenario keeps them");
    let mtls = include_str!("../../../examples/scenarios/mtls.json");
    let state = reduce(state, Action::Import(mtls.into()));
    assert!(state.example_clients.is_empty());
}

#[test]
fn a_certificate_pool_filter_that_does_not_compile_says_so_before_any_client() {
    let state = certificates_example();
    let state = edit(state, Edit::SetClientCertificate { pem: String::new() });
    assert!(state.workspace.mtls().is_none());
    let state = edit(
        state,
        Edit::SetCertificatePool {
            index: 0,
            field: CertificatePoolField::Filter,
            value: "CN ==".into(),
        },
    );
    let result = &state.workspace.certificate_pool_results()[0];
    assert!(result.compile_error.is_some(), "{result:?}");
}

/// Runs the interop job as web/builder-worker.js does, through the same core commands the
/// JavaScript API's `importConfig` and `exportConfig` call, and hands the reply back.
fn run_interop_job(state: AppState) -> AppState {
    use poolcheck_core::commands::{self, ExportOptions, ImportOptions};
    let job = state.interop.job.clone().expect("an interop job is running");
    let options: serde_json::Value = serde_json::from_str(&job.options).unwrap();
    let scenario = |member: &str| Scenario::parse(options[member].as_str().unwrap()).unwrap();
    let outcome = match job.command {
        "importConfig" => {
            let import: ImportOptions = serde_json::from_value(options["options"].clone()).unwrap();
            let text = options["text"].as_str().unwrap();
            commands::import_config(text, &import, Some(scenario("into")))
                .map(|report| serde_json::to_string(&report).unwrap())
        }
        "exportConfig" => {
            let export: ExportOptions = serde_json::from_value(options["options"].clone()).unwrap();
            commands::export_config(&scenario("scenario"), &export)
                .map(|text| serde_json::to_string(&text).unwrap())
        }
        other => panic!("not an interop command: {other}"),
    };
    reduce(state, Action::Interop(InteropAction::JobDone { id: job.id, outcome }))
}

#[test]
fn a_confluent_pool_list_is_merged_and_exported_for_one_pool() {
    use poolcheck_core::commands::{ExportFormat, ExportOptions, ImportOptions};
    let okta = Ok(examples::read("okta.json"));
    let state = reduce(AppState::new(String::new(), 0, None), Action::LoadExample(okta));
    let pools_before = state.workspace.pools().len();
    let provider = state.workspace.providers()[0].provider.id.clone();
    let text = include_str!("../../../tests/fixtures/confluent/cli-pool-list.json").to_owned();
    let options = ImportOptions { provider: Some(provider), ..ImportOptions::default() };
    let state = reduce(state, Action::Interop(InteropAction::Import { text, options }));
    assert_eq!(state.workspace.pools().len(), pools_before, "nothing changes before the reply");
    let revision = state.saving.revision;
    let state = run_interop_job(state);
    assert_eq!(state.workspace.pools().len(), pools_before + 2);
    assert_eq!(state.saving.revision, revision + 1, "the import is saved");
    assert!(!state.live, "the example's fixed clock stays fixed");
    let report = state.interop.report.clone().unwrap();
    assert_eq!(report.added.len(), 2);
    // The imported pools are simulated at once, against the example's token.
    assert_eq!(state.workspace.oauth().pool_results.len(), pools_before + 2);

    let export = ExportOptions {
        format: ExportFormat::Terraform,
        pool: Some("pool-abc".into()),
        certificate_pool: None,
    };
    let state = run_interop_job(reduce(state, Action::Interop(InteropAction::Export(export))));
    assert_eq!(state.interop.job, None);
    let text = state.interop.export.as_ref().unwrap().1.clone().unwrap();
    assert!(text.contains("resource \"confluent_identity_pool\""), "{text}");
    // The export follows edits: each edit writes it again; edits made while one is written
    // are in the next one.
    let index = state.workspace.pools().iter().position(|p| p.pool.id == "pool-abc").unwrap();
    let edit = |value: &str| {
        Action::Edit(Edit::SetPool { index, field: PoolField::Filter, value: value.into() })
    };
    let state = reduce(reduce(state, edit("claims.sub == 'x'")), edit("claims.sub == 'y'"));
    let state = run_interop_job(state);
    let text = state.interop.export.as_ref().unwrap().1.clone().unwrap();
    assert!(text.contains("claims.sub == 'x'"), "{text}");
    let state = run_interop_job(state);
    let text = state.interop.export.as_ref().unwrap().1.clone().unwrap();
    assert!(text.contains("claims.sub == 'y'"), "{text}");
    assert_eq!(state.interop.job, None, "nothing more to write");
    // An import with the export open writes the export once, after the import.
    let text = include_str!("../../../tests/fixtures/confluent/cli-pool-list.json").to_owned();
    let provider = state.workspace.providers()[0].provider.id.clone();
    let options = ImportOptions { provider: Some(provider), ..ImportOptions::default() };
    let state =
        run_interop_job(reduce(state, Action::Interop(InteropAction::Import { text, options })));
    assert_eq!(state.interop.error, None);
    assert_eq!(state.interop.job.as_ref().map(|job| job.command), Some("exportConfig"));
    let state = run_interop_job(state);
    assert_eq!(state.interop.job, None, "the export is written once");

    // The format picked last is the one shown, even when picked while another is written.
    let pick = |format| {
        let options =
            ExportOptions { format, pool: Some("pool-abc".into()), certificate_pool: None };
        Action::Interop(InteropAction::Export(options))
    };
    let state =
        reduce(reduce(state, pick(ExportFormat::ConfluentCli)), pick(ExportFormat::Terraform));
    let state = run_interop_job(run_interop_job(state));
    assert_eq!(state.interop.job, None);
    assert_eq!(state.interop.export.as_ref().unwrap().0.format, ExportFormat::Terraform);
    // An edit made while an import runs is kept: the import runs again against it.
    let text = include_str!("../../../tests/fixtures/confluent/cli-pool-list.json").to_owned();
    let provider = state.workspace.providers()[0].provider.id.clone();
    let options = ImportOptions { provider: Some(provider), ..ImportOptions::default() };
    let state = reduce(state, Action::Interop(InteropAction::Import { text, options }));
    let own = Action::Edit(Edit::SetPool {
        index: 0,
        field: PoolField::Filter,
        value: "claims.sub == 'kept'".into(),
    });
    let state = run_interop_job(reduce(state, own));
    assert_eq!(state.interop.job.as_ref().map(|job| job.command), Some("importConfig"));
    let state = run_interop_job(state);
    assert_eq!(state.workspace.pools()[0].pool.filter, "claims.sub == 'kept'");

    let bad = InteropAction::Import { text: "{}".into(), options: ImportOptions::default() };
    let state = run_interop_job(reduce(state, Action::Interop(bad)));
    assert_eq!(
        state.interop.error.as_ref().map(|e| e.code),
        Some(poolcheck_core::commands::CommandErrorCode::ImportUnrecognized)
    );
    assert_eq!(state.workspace.pools().len(), pools_before + 2, "a failed import changes nothing");
}
