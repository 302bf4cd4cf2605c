#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Known answers for every stage and refusal code of the simulator, built on the committed
//! example scenarios (signed with the demo keys in examples/keys) and certificate fixtures.

use std::path::Path;

use poolcheck_core::scenario::{CertificateAuthority, CertificatePool, Pool, Scenario};
use poolcheck_core::simulate::{
    AssumptionId, Cause, MtlsCode, MtlsReport, OAuthReport, PoolStatus, RefusalCode, StageName,
    StageStatus,
};
use poolcheck_core::workspace::analyze;
use serde_json::json;

fn repository_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)).unwrap()
}

fn example(name: &str) -> Scenario {
    Scenario::parse(&repository_file(&format!("examples/scenarios/{name}.json"))).unwrap()
}

fn oauth(scenario: &Scenario) -> OAuthReport {
    analyze(scenario, 0).oauth.unwrap()
}

fn refused(scenario: &Scenario) -> (RefusalCode, Option<Cause>, String) {
    let report = oauth(scenario);
    assert!(!report.accepted, "expected a refusal: {report:#?}");
    assert!(report.principal.is_none() && report.pools.is_empty());
    (report.code.unwrap(), report.cause, report.message)
}

fn failed_stage(report: &OAuthReport) -> StageName {
    report.stages.iter().find(|s| s.status == StageStatus::Failed).unwrap().stage
}

#[test]
fn every_example_has_its_documented_outcome() {
    for (name, principal, pools) in [
        ("auth0", "N4xGq7hKc1TzB2mV9pLw@clients", vec!["pool-auth0-apps"]),
        ("okta", "0oa9poolcheckdemo5d7", vec!["pool-okta-producers"]),
        ("entra", "b7e0d2c4-19a6-4f3e-8d51-0a6c2e9f7b18", vec!["pool-entra-producers"]),
        ("cloudentity", "fe11bc101a834add902baf7b9f61dc10", vec!["pool-cloudentity"]),
        (
            "google",
            "kafka-producer@poolcheck-demo.iam.gserviceaccount.com",
            vec!["pool-google-producer"],
        ),
    ] {
        let report = oauth(&example(name));
        assert!(report.accepted, "{name}: {}", report.message);
        assert_eq!(report.principal.as_deref(), Some(principal), "{name}");
        assert_eq!(report.pools, pools, "{name}");
        assert_eq!(report.stages.len(), 8);
        assert!(report.stages.iter().all(|s| s.status == StageStatus::Passed), "{name}");
    }
    let (code, _, message) = refused(&example("keycloak"));
    assert_eq!(code, RefusalCode::KidLookupFailed);
    assert!(message.contains("no key with kid `R2xq7mWc4Kp9Ts0bVn1Yz3Hd6Fg8Ja5Le2Uo4Ii7Qr`"));
}

#[test]
fn shared_issuer_pool_without_sub_or_aud_is_refused_as_a_pool() {
    let report = oauth(&example("google"));
    let any = report.pool_results.iter().find(|p| p.id == "pool-google-any-verified").unwrap();
    assert_eq!(any.status, PoolStatus::Refused);
    assert_eq!(any.filter.as_ref().unwrap().result, Some(true), "its filter alone would match");
}

#[test]
fn missing_logical_cluster() {
    let mut scenario = example("auth0");
    scenario.request.logical_cluster = None;
    assert_eq!(refused(&scenario).0, RefusalCode::LogicalClusterMissing);
}

#[test]
fn unreadable_token() {
    let mut scenario = example("auth0");
    scenario.token = "not-a-token".into();
    let (code, cause, message) = refused(&scenario);
    assert_eq!((code, cause), (RefusalCode::JwtProcessingFailed, Some(Cause::TokenUnreadable)));
    assert!(message.contains("no dots"));
}

#[test]
fn issuer_near_misses_are_named() {
    let mut scenario = example("auth0");
    scenario.providers[0].issuer = "https://poolcheck-demo.us.auth0.com".into();
    let (code, cause, message) = refused(&scenario);
    assert_eq!((code, cause), (RefusalCode::JwtProcessingFailed, Some(Cause::IssuerNotRegistered)));
    assert_eq!(
        message,
        "issuer `https://poolcheck-demo.us.auth0.com/` does not equal provider `https://poolcheck-demo.us.auth0.com`: they differ only by a trailing slash"
    );
    scenario.providers[0].issuer = "https://elsewhere.example".into();
    assert!(refused(&scenario).2.contains("matches no registered provider"));
    let report = oauth(&scenario);
    assert_eq!(failed_stage(&report), StageName::Provider);
    assert_eq!(
        report.stages.iter().find(|s| s.stage == StageName::Provider).unwrap().assumption,
        Some(AssumptionId::IssuerExactMatch)
    );
}

#[test]
fn signature_mismatch_and_time_window() {
    let mut scenario = example("okta");
    let mut token = scenario.token.clone();
    let last = token.pop().unwrap();
    token.push(if last == 'A' { 'B' } else { 'A' });
    scenario.token = token;
    let (code, cause, _) = refused(&scenario);
    assert_eq!((code, cause), (RefusalCode::JwtProcessingFailed, Some(Cause::SignatureInvalid)));

    let mut scenario = example("okta");
    scenario.now = Some(scenario.now.unwrap() + 86_400);
    assert_eq!(refused(&scenario).1, Some(Cause::Expired));
    scenario.now = Some(scenario.now.unwrap() - 86_400 - 3600);
    assert_eq!(refused(&scenario).1, Some(Cause::IssuedInFuture));
    scenario.leeway_seconds = Some(3600);
    assert!(oauth(&scenario).accepted, "the leeway forgives the skew");
}

/// The okta example's token with `edit` applied to its claims, re-signed with the demo key.
fn resigned_okta(edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) -> Scenario {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use rsa::pkcs8::DecodePrivateKey as _;
    use signature::{SignatureEncoding as _, Signer as _};

    let mut scenario = example("okta");
    let mut parts = scenario.token.split('.');
    let header = parts.next().unwrap().to_owned();
    let payload = URL_SAFE_NO_PAD.decode(parts.next().unwrap()).unwrap();
    let mut claims: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&payload).unwrap();
    edit(&mut claims);
    let input =
        format!("{header}.{}", URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap()));
    let pem = repository_file("examples/keys/okta.pem");
    let (_, der) = pem_rfc7468::decode_vec(pem.as_bytes()).unwrap();
    let key = rsa::RsaPrivateKey::from_pkcs8_der(&der).unwrap();
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key);
    let signature = signer.sign(input.as_bytes()).to_vec();
    scenario.token = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature));
    scenario
}

#[test]
fn time_stage_compares_fractional_claims_exactly() {
    let now = example("okta").now.unwrap();
    let mut scenario = resigned_okta(|claims| {
        claims.insert("exp".into(), json!(now as f64 + 0.5));
    });
    scenario.leeway_seconds = Some(0);
    assert!(oauth(&scenario).accepted, "exp half a second away is still valid");
    scenario.now = Some(now + 1);
    assert_eq!(refused(&scenario).1, Some(Cause::Expired));

    let mut scenario = resigned_okta(|claims| {
        claims.insert("nbf".into(), json!(now as f64 + 0.9));
    });
    scenario.leeway_seconds = Some(0);
    assert_eq!(refused(&scenario).1, Some(Cause::NotYetValid));
    scenario.now = Some(now + 1);
    assert!(oauth(&scenario).accepted, "nbf has passed");
}

#[test]
fn unsigned_token_is_refused() {
    let mut scenario = example("okta");
    let payload = scenario.token.split('.').nth(1).unwrap().to_owned();
    scenario.token = format!("eyJhbGciOiJub25lIn0.{payload}.");
    let (code, cause, _) = refused(&scenario);
    assert_eq!((code, cause), (RefusalCode::JwtProcessingFailed, Some(Cause::TokenRejected)));
}

#[test]
fn named_pools_must_exist_belong_and_match() {
    let mut scenario = example("okta");
    scenario.request.identity_pool_id = Some("pool-nope".into());
    assert_eq!(refused(&scenario).0, RefusalCode::PoolNotFound);

    scenario.pools.push(Pool {
        id: "pool-foreign".into(),
        provider: "op-other".into(),
        filter: "true".into(),
        ..Default::default()
    });
    scenario.request.identity_pool_id = Some("pool-foreign".into());
    assert_eq!(refused(&scenario).0, RefusalCode::PoolProviderMismatch);

    scenario.request.identity_pool_id = Some("pool-okta-readers".into());
    let (code, _, message) = refused(&scenario);
    assert_eq!(code, RefusalCode::NoMatchingPool);
    assert_eq!(message, "pool `pool-okta-readers`'s filter does not match the token");

    scenario.request.identity_pool_id = Some(" pool-okta-producers , ".into());
    let report = oauth(&scenario);
    assert!(report.accepted);
    assert_eq!(
        report.principal.as_deref(),
        Some("0oa9poolcheckdemo5d7"),
        "the named pool's identity claim (claims.cid)"
    );
    let readers = report.pool_results.iter().find(|p| p.id == "pool-okta-readers").unwrap();
    assert_eq!(readers.status, PoolStatus::NotRequested);
}

#[test]
fn auto_pool_mapping_takes_every_matching_pool_and_errors_count_as_no_match() {
    let mut scenario = example("auth0");
    scenario.pools[1].filter = "claims.gty == 'client-credentials'".into();
    let report = oauth(&scenario);
    assert_eq!(report.pools, ["pool-auth0-apps", "pool-auth0-admins"]);

    let mut scenario = example("auth0");
    scenario.pools.truncate(1);
    scenario.pools[0].filter = "claims.missing == 'x'".into();
    let (code, _, message) = refused(&scenario);
    assert_eq!(code, RefusalCode::NoMatchingPool);
    assert!(message.contains("failed to evaluate"), "{message}");

    scenario.pools[0].filter = "claims.aud ==".into();
    let report = oauth(&scenario);
    assert_eq!(report.pool_results[0].status, PoolStatus::CompileError);
    assert!(report.message.contains("does not compile"));
}

#[test]
fn principal_comes_from_the_identity_claim() {
    let mut scenario = example("auth0");
    scenario.providers[0].identity_claim = Some("claims.azp".into());
    assert_eq!(oauth(&scenario).principal.as_deref(), Some("N4xGq7hKc1TzB2mV9pLw"));
    scenario.providers[0].identity_claim = None;
    assert_eq!(
        oauth(&scenario).principal.as_deref(),
        Some("N4xGq7hKc1TzB2mV9pLw@clients"),
        "falls back to claims.sub"
    );
    scenario.providers[0].identity_claim = Some("claims.nothing".into());
    assert_eq!(refused(&scenario).0, RefusalCode::PrincipalUnresolved);
}

#[test]
fn refusal_codes_serialize_as_documented() {
    let report = serde_json::to_value(oauth(&example("keycloak"))).unwrap();
    assert_eq!(report["code"], json!("KID_LOOKUP_FAILED"));
    assert_eq!(report["accepted"], json!(false));
    assert_eq!(report["principal"], json!(null));
    assert_eq!(report["stages"][3]["stage"], json!("key"));
    assert_eq!(report["stages"][3]["status"], json!("failed"));
}

fn mtls_scenario(client: &str) -> Scenario {
    Scenario {
        version: 1,
        now: Some(1_767_225_600),
        certificate_authorities: vec![CertificateAuthority {
            id: "op-ca".into(),
            certificate_chain: repository_file("tests/fixtures/certs/ca-chain.pem"),
            crl: Some(repository_file("tests/fixtures/certs/intermediate-ca.crl.pem")),
            ..Default::default()
        }],
        certificate_pools: vec![CertificatePool {
            id: "pool-kafka".into(),
            certificate_authority: "op-ca".into(),
            external_identifier: "CN".into(),
            filter: "O == 'Confluent' && OU.startsWith('kafka')".into(),
            ..Default::default()
        }],
        client_certificate: Some(repository_file(&format!("tests/fixtures/certs/{client}.pem"))),
        ..Default::default()
    }
}

fn mtls(scenario: &Scenario) -> MtlsReport {
    let report = analyze(scenario, 0);
    assert!(report.oauth.is_none(), "no token: the OAuth flow is not simulated");
    report.mtls.unwrap()
}

#[test]
fn mtls_accepts_a_valid_client_as_its_external_identifier() {
    let report = mtls(&mtls_scenario("client-valid"));
    assert!(report.accepted, "{}", report.message);
    assert!(report.chain_valid);
    assert_eq!(report.principal.as_deref(), Some("orders-service"));
    assert_eq!(report.pools, ["pool-kafka"]);
    assert_eq!(report.certificate_authority.as_deref(), Some("op-ca"));
    assert!(analyze(&mtls_scenario("client-valid"), 0).accepted);
}

#[test]
fn mtls_refusals_carry_the_chain_code() {
    for (client, code) in [
        ("client-expired", "CERT_EXPIRED"),
        ("client-revoked", "CERT_REVOKED"),
        ("client-other-ca", "NO_CERTIFICATE_AUTHORITY"),
        ("client-under-sub-ca-chain", "CERT_PATH_LENGTH_EXCEEDED"),
    ] {
        let report = mtls(&mtls_scenario(client));
        assert!(!report.accepted, "{client}");
        assert_eq!(
            report.code.map(MtlsCode::name).as_deref(),
            Some(code),
            "{client}: {}",
            report.message
        );
    }
    let mut scenario = mtls_scenario("client-valid");
    scenario.client_certificate =
        Some("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----".into());
    assert_eq!(mtls(&scenario).code.map(MtlsCode::name).as_deref(), Some("CERTIFICATE_UNREADABLE"));
    let mut scenario = mtls_scenario("client-valid");
    scenario.certificate_authorities[0].crl = None;
    scenario.certificate_authorities[0].require_crl = true;
    assert_eq!(mtls(&scenario).code.map(MtlsCode::name).as_deref(), Some("CRL_REQUIRED"));
}

#[test]
fn mtls_pools_and_principal() {
    let mut scenario = mtls_scenario("client-valid");
    scenario.certificate_pools[0].filter = "OU == 'payments'".into();
    let report = mtls(&scenario);
    assert_eq!(report.code.map(MtlsCode::name).as_deref(), Some("NO_MATCHING_POOL"));
    scenario.certificate_pools[0].filter = String::new();
    assert_eq!(
        mtls(&scenario).code.map(MtlsCode::name).as_deref(),
        Some("NO_MATCHING_POOL"),
        "an empty certificate filter is false"
    );
    scenario.certificate_pools[0].filter = "CN == 'orders-service'".into();
    scenario.certificate_pools[0].external_identifier = "GIVENNAME".into();
    assert_eq!(mtls(&scenario).code.map(MtlsCode::name).as_deref(), Some("PRINCIPAL_UNRESOLVED"));
    scenario.certificate_pools[0].external_identifier = "UID".into();
    assert_eq!(mtls(&scenario).principal.as_deref(), Some("svc-orders"));
}

#[test]
fn both_flows_must_pass_for_the_scenario_to_be_accepted() {
    let mut scenario = mtls_scenario("client-expired");
    let auth0 = example("auth0");
    scenario.token = auth0.token.clone();
    scenario.request = auth0.request.clone();
    scenario.providers = auth0.providers.clone();
    scenario.pools = auth0.pools.clone();
    scenario.now = auth0.now;
    let report = analyze(&scenario, 0);
    assert!(report.oauth.as_ref().unwrap().accepted);
    assert!(!report.mtls.as_ref().unwrap().accepted);
    assert!(!report.accepted);
}

#[test]
fn requested_pool_ids_are_looked_up_linearly_and_limited() {
    // 5,000 pools × 200,000 requested ids: a list search per pool or per id would run for
    // minutes; sets take well under a second.
    let mut scenario = example("okta");
    let provider = scenario.providers[0].id.clone();
    scenario.pools = (0..5_000)
        .map(|i| Pool {
            id: format!("pool-{i}"),
            provider: provider.clone(),
            filter: "true".into(),
            ..Default::default()
        })
        .collect();
    let ids: Vec<String> = (0..200_000).map(|i| format!("pool-{}", i % 5_000)).collect();
    scenario.request.identity_pool_id = Some(ids.join(","));
    let report = oauth(&scenario);
    assert_eq!(report.code, Some(RefusalCode::TooManyPools));
    assert_eq!(failed_stage(&report), StageName::Request);
    assert_eq!(
        report.message,
        "identityPoolId names 200000 pools; poolcheck simulates at most 100"
    );
    assert_eq!(report.pool_results.len(), 5_000);

    // At the limit, with every id named twice: accepted through each pool once.
    let ids: Vec<String> = (0..100).map(|i| format!("pool-{}", i % 50)).collect();
    scenario.request.identity_pool_id = Some(ids.join(","));
    let report = oauth(&scenario);
    assert!(report.accepted, "{}", report.message);
    assert_eq!(report.pools.len(), 50);
    assert_eq!(report.pool_results.iter().filter(|p| p.selected).count(), 50);
    assert_eq!(
        report.pool_results.iter().filter(|p| p.status == PoolStatus::NotRequested).count(),
        4_950
    );
}

#[test]
fn two_providers_with_one_issuer_are_named_and_warned_about() {
    let mut scenario = example("okta");
    let first = scenario.providers[0].id.clone();
    let mut copy = scenario.providers[0].clone();
    copy.id = "op-okta-copy".into();
    scenario.providers.push(copy);
    scenario.pools.push(Pool {
        id: "pool-copy".into(),
        provider: "op-okta-copy".into(),
        filter: "true".into(),
        ..Default::default()
    });

    let report = oauth(&scenario);
    assert!(report.accepted, "{}", report.message);
    let stage = report.stages.iter().find(|s| s.stage == StageName::Provider).unwrap();
    let iss = scenario.providers[0].issuer.clone();
    assert_eq!(
        stage.detail,
        format!(
            "iss `{iss}` is provider {first} (first of 2 providers with this issuer: {first}, op-okta-copy)"
        )
    );
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].code, "duplicate_issuer");
    assert!(report.warnings[0].message.contains(&format!("providers {first}, op-okta-copy")));
    let copy = report.pool_results.iter().find(|p| p.id == "pool-copy").unwrap();
    assert_eq!(copy.status, PoolStatus::OtherProvider);

    scenario.request.identity_pool_id = Some("pool-copy".into());
    let (code, _, message) = refused(&scenario);
    assert_eq!(code, RefusalCode::PoolProviderMismatch);
    assert_eq!(
        message,
        format!(
            "pool `pool-copy` belongs to provider op-okta-copy, which registers the same issuer as {first}; the token's iss selects {first}, the first registered"
        )
    );

    assert!(oauth(&example("okta")).warnings.is_empty());
}

#[test]
fn a_claim_too_large_for_a_double_is_named_not_nan() {
    use base64::Engine as _;
    let mut scenario = example("okta");
    let parts: Vec<&str> = scenario.token.split('.').collect();
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = String::from_utf8(engine.decode(parts[1]).unwrap()).unwrap();
    let payload = payload.replacen('{', r#"{"x": 1e400, "#, 1);
    scenario.token = format!("{}.{}.{}", parts[0], engine.encode(payload), parts[2]);
    scenario.pools[0].filter = "claims.x > 0.0".into();
    let report = oauth(&scenario);
    assert!(!report.accepted);
    let warning = report.warnings.iter().find(|w| w.code == "claims_not_bindable").unwrap();
    assert_eq!(
        warning.message,
        "claims.x is a number too large for a double, so no filter can compare it"
    );
}
