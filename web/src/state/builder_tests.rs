//! The builder's part of the reducer, with each worker job run here by the same core
//! commands web/builder-worker.js calls through the JavaScript API.

use poolcheck_core::commands::{self, ImportKeyOptions, KeygenOptions, SignOptions};
use poolcheck_core::filter::MintKind;
use poolcheck_core::simulate::PoolStatus;
use poolcheck_core::verify::Outcome;
use poolcheck_core::workspace::{SignatureReport, TokenOutcome};
use rand_core::OsRng;
use serde_json::Value;

use super::*;
use poolcheck_core::alg::Algorithm;
use poolcheck_core::draft::ClaimHelper;

const NOW: i64 = 1_767_258_000;

fn reduce(state: AppState, action: Action) -> AppState {
    Rc::unwrap_or_clone(Rc::new(state).reduce(action))
}

fn build(state: AppState, action: BuilderAction) -> AppState {
    reduce(state, Action::Builder(action))
}

/// The running job's reply, as the worker would send it.
fn reply(job: &Job) -> Result<String, commands::CommandError> {
    match job.command {
        "keygen" => {
            let options: KeygenOptions = serde_json::from_str(&job.options).unwrap();
            commands::keygen(&options, &mut OsRng).map(|out| json(&out))
        }
        "importKey" => {
            let value: Value = serde_json::from_str(&job.options).unwrap();
            let key = value["key"].as_str().unwrap();
            commands::import_key(key, &ImportKeyOptions::default()).map(|out| json(&out))
        }
        "sign" => {
            let options: SignOptions = serde_json::from_str(&job.options).unwrap();
            commands::sign(&options, NOW, &mut OsRng).map(|out| json(&out))
        }
        other => panic!("unknown command {other}"),
    }
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

fn run_job(state: AppState) -> AppState {
    let job = state.builder.job.clone().expect("a job is running");
    build(state, BuilderAction::JobDone { id: job.id, outcome: reply(&job) })
}

fn example(label: &str) -> AppState {
    let example = crate::examples::EXAMPLES.iter().find(|e| e.label == label).unwrap();
    let text = crate::examples::read(example.file);
    reduce(AppState::new(String::new(), NOW, None), Action::LoadExample(Ok(text)))
}

#[test]
fn a_generated_key_signs_a_token_that_verifies_against_its_jwks() {
    let state = AppState::new(String::new(), NOW, None);
    let state = build(state, BuilderAction::SetAlg(Algorithm::ES384));
    let state = run_job(build(state, BuilderAction::Generate));
    let forms = state.builder.key.clone().expect("the key's forms");
    assert_eq!(forms.alg, Algorithm::ES384);
    assert!(state.builder.key_text.contains("\"d\""), "the private JWK signs");
    let state = run_job(build(state, BuilderAction::Sign));
    let signed = state.builder.signed.clone().expect("a signed token");
    assert_eq!(signed.header["kid"], forms.kid.as_str());
    let state = build(state, BuilderAction::UseJwksAsKeys);
    let state = build(state, BuilderAction::UseToken);
    assert_eq!(state.view, View::Token);
    let SignatureReport::Checked(verification) = state.workspace.signature() else {
        panic!("not checked: {:?}", state.workspace.signature());
    };
    assert_eq!(verification.outcome, Outcome::Verified);
}

#[test]
fn a_pasted_private_key_is_read_for_its_forms_and_a_public_one_is_refused() {
    let pem = include_str!("../../../tests/fixtures/keys/ec-p256.private.pem");
    let state = AppState::new(String::new(), NOW, None);
    let state = run_job(build(state, BuilderAction::SetKeyText(pem.into())));
    assert_eq!(state.builder.key.as_ref().unwrap().alg, Algorithm::ES256);
    let public = include_str!("../../../tests/fixtures/keys/ec-p256.public.pem");
    let state = run_job(build(state, BuilderAction::SetKeyText(public.into())));
    let error = state.builder.error.clone().expect("public keys cannot sign");
    assert!(error.message.contains("public key material cannot sign"), "{}", error.message);
    assert!(state.builder.key.is_none());
}

#[test]
fn a_cancelled_job_reports_nothing() {
    let state = build(AppState::new(String::new(), NOW, None), BuilderAction::Generate);
    let job = state.builder.job.clone().unwrap();
    let state = build(state, BuilderAction::Cancel);
    assert!(state.builder.job.is_none());
    let state = build(state, BuilderAction::JobDone { id: job.id, outcome: reply(&job) });
    assert!(state.builder.key.is_none(), "a late reply is dropped");
}

#[test]
fn helpers_edit_the_claims_and_bad_json_says_why() {
    let state =
        build(AppState::new(String::new(), NOW, None), BuilderAction::SetClaims("{}".into()));
    let state = build(state, BuilderAction::Helper(ClaimHelper::ExpIn(3600)));
    assert!(state.builder.claims.contains(&(NOW + 3600).to_string()));
    let state = build(state, BuilderAction::SetClaims("{\"aud\": ".into()));
    let state = build(state, BuilderAction::Helper(ClaimHelper::IatNow));
    assert_eq!(state.builder.claims, "{\"aud\": ", "the text is left as typed");
    assert!(state.builder.error.as_ref().unwrap().message.starts_with("the claims: not JSON"));
}

#[test]
fn edit_and_resign_carries_the_decoded_token_into_the_builder() {
    let state = build(example("Okta"), BuilderAction::EditAndResign);
    assert_eq!(state.view, View::Build);
    assert_eq!(state.builder.alg, Algorithm::RS256);
    let header: Value = serde_json::from_str(&state.builder.header).unwrap();
    assert!(header.get("alg").is_none() && header.get("kid").is_none(), "{header}");
    let claims: Value = serde_json::from_str(&state.builder.claims).unwrap();
    assert_eq!(claims["cid"], "0oa9poolcheckdemo5d7");
}

#[test]
fn a_pool_mints_a_matching_token_and_one_that_just_misses() {
    let pool = "pool-okta-producers";
    let state = example("Okta");
    for (kind, status) in
        [(MintKind::Matching, PoolStatus::Matched), (MintKind::Missing, PoolStatus::NoMatch)]
    {
        let minting = build(state.clone(), BuilderAction::Mint { pool: pool.into(), kind });
        let minted = run_job(minting);
        let note = minted.builder.mint.clone().unwrap();
        assert_eq!(note.pool, pool);
        assert!(note.outcome.is_ok(), "{:?}", note.outcome);
        let result = minted.workspace.oauth().pool_results.iter().find(|r| r.id == pool).cloned();
        assert_eq!(result.unwrap().status, status, "{kind:?}");
        assert!(matches!(minted.workspace.token(), TokenOutcome::Decoded(_)));
    }
}

#[test]
fn minting_without_a_signing_key_says_what_is_missing() {
    let state = example("Okta");
    let scenario = state.workspace.scenario().without_signing_keys();
    let state = reduce(state, Action::Import(scenario.to_json()));
    let state = build(
        state,
        BuilderAction::Mint { pool: "pool-okta-producers".into(), kind: MintKind::Matching },
    );
    assert!(state.builder.job.is_none());
    let note = state.builder.mint.clone().unwrap();
    let error = note.outcome.clone().unwrap_err();
    assert_eq!(error.code, commands::CommandErrorCode::SigningKeyMissing);
}
