#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `poolcheck import` and `poolcheck export`: every fixture format imported (tests/fixtures/
//! confluent/), merges into example scenarios, every exit path, and exports read back by
//! independent parsers (a real POSIX shell, shlex, hcl-rs, java-properties) with hostile filters.

mod common;

use std::collections::HashMap;
use std::process::Command;

use common::{json, poolcheck, repository_file, repository_path, stderr, stdout};
use poolcheck_core::commands::{
    ExportFormat, ExportOptions, ImportFormat, ImportOptions, ImportReport, export_config,
    import_config,
};
use poolcheck_core::interop::properties_value;
use poolcheck_core::scenario::{
    CertificateAuthority, CertificatePool, Keys, Pool, Provider, Request, Scenario,
};
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    repository_file(&format!("tests/fixtures/confluent/{name}"))
}

fn fixture_path(name: &str) -> String {
    repository_path(&format!("tests/fixtures/confluent/{name}")).display().to_string()
}

fn import(name: &str, options: &ImportOptions, into: Option<Scenario>) -> ImportReport {
    import_config(&fixture(name), options, into).unwrap()
}

fn paths(changes: &[poolcheck_core::commands::Change]) -> Vec<&str> {
    changes.iter().map(|change| change.path.as_str()).collect()
}

fn ignored(report: &ImportReport) -> Vec<&str> {
    report.ignored.iter().map(|ignored| ignored.path.as_str()).collect()
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("poolcheck-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

// ---- import: Confluent CLI ----

#[test]
fn cli_provider_describe_then_pool_list_with_its_provider() {
    let report = import("cli-provider-describe.json", &ImportOptions::default(), None);
    assert_eq!(report.format, ImportFormat::ConfluentCli);
    assert_eq!(paths(&report.added), ["/providers/0"]);
    assert!(report.ignored.is_empty(), "{:?}", report.ignored);
    let provider = &report.scenario.providers[0];
    assert_eq!(provider.id, "op-12345");
    assert_eq!(provider.name, "okta");
    assert_eq!(provider.issuer, "https://mycompany.okta.com/oauth2/default");
    assert_eq!(provider.identity_claim.as_deref(), Some("claims.sub"));
    assert_eq!(provider.unknown["jwks_uri"], "https://mycompany.okta.com/oauth2/default/v1/keys");
    assert_eq!(provider.unknown["description"], "Okta for Kafka clients");
    assert_eq!(report.missing.len(), 1);
    assert_eq!(report.missing[0].path, "/providers/0/jwks");
    assert!(report.missing[0].reason.contains("--fetch-keys"), "{}", report.missing[0].reason);
    assert_eq!(
        poolcheck_core::commands::key_fetches(&report),
        [("op-12345".to_owned(), "https://mycompany.okta.com/oauth2/default/v1/keys".to_owned())]
    );

    // The CLI's pools do not name their provider: without the option they are left out.
    let scenario = report.scenario;
    let without = import("cli-pool-list.json", &ImportOptions::default(), Some(scenario.clone()));
    assert!(without.added.is_empty());
    assert_eq!(ignored(&without), ["/0", "/1"]);
    assert!(without.ignored[0].reason.contains("`--provider`"), "{}", without.ignored[0].reason);

    let options = ImportOptions { provider: Some("op-12345".into()), ..ImportOptions::default() };
    let with = import("cli-pool-list.json", &options, Some(scenario));
    assert_eq!(paths(&with.added), ["/pools/0", "/pools/1"]);
    let pool = &with.scenario.pools[1];
    assert_eq!((pool.id.as_str(), pool.provider.as_str()), ("pool-abc", "op-12345"));
    assert_eq!(pool.filter, "claims.aud == 'kafka' && 'writers' in claims.groups");
    assert_eq!(pool.name, "another-pool");

    let unknown_provider =
        ImportOptions { provider: Some("op-nowhere".into()), ..ImportOptions::default() };
    let report = import("cli-pool-list.json", &unknown_provider, None);
    assert!(report.added.is_empty());
    assert!(report.ignored[0].reason.contains("op-nowhere is in neither"), "{:?}", report.ignored);
}

#[test]
fn cli_certificate_authorities_and_pools() {
    let report = import("cli-certificate-authority-list.json", &ImportOptions::default(), None);
    assert_eq!(paths(&report.added), ["/certificate_authorities/0", "/certificate_authorities/1"]);
    let [first, second] = report.scenario.certificate_authorities.as_slice() else { panic!() };
    assert!(first.require_crl);
    assert!(!second.require_crl);
    assert_eq!(first.unknown["certificate_chain_filename"], "certificate.pem");
    assert_eq!(second.unknown["crl_url"], "https://pki.example.com/issuing.crl");
    assert_eq!(first.certificate_chain, "");
    assert_eq!(
        ignored(&report),
        [
            "/0/fingerprints",
            "/0/expiration_dates",
            "/0/serial_numbers",
            "/1/fingerprints",
            "/1/expiration_dates",
            "/1/serial_numbers",
            "/1/crl_source",
            "/1/crl_updated_at"
        ]
    );
    assert_eq!(report.missing.len(), 2);
    assert!(report.missing[0].reason.contains("certificate.pem"));

    let options = ImportOptions {
        certificate_authority: Some("op-67890".into()),
        ..ImportOptions::default()
    };
    let pools = import("cli-certificate-pool-describe.json", &options, Some(report.scenario));
    assert_eq!(paths(&pools.added), ["/certificate_pools/0"]);
    let pool = &pools.scenario.certificate_pools[0];
    assert_eq!(pool.certificate_authority, "op-67890");
    assert_eq!(pool.external_identifier, "UID");
    assert_eq!(pool.filter, "C == 'Canada' && O == 'Confluent'");
}

// ---- import: REST API ----

#[test]
fn rest_provider_with_keys_and_a_pool_list_page() {
    let report = import("rest-identity-provider.json", &ImportOptions::default(), None);
    assert_eq!(report.format, ImportFormat::Rest);
    let provider = &report.scenario.providers[0];
    assert_eq!(provider.id, "op-4EY");
    assert_eq!(provider.name, "My OIDC Provider");
    let Keys::Json(jwks) = &provider.jwks else { panic!("{:?}", provider.jwks) };
    assert_eq!(jwks["keys"][0]["kid"], "nOo3ZDrODXEK1jKWhXslHR_KXEg");
    assert!(report.missing.is_empty(), "the API's keys are the provider's keys");
    assert_eq!(ignored(&report), ["/state"]);

    let pools =
        import("rest-identity-pool-list.json", &ImportOptions::default(), Some(report.scenario));
    assert_eq!(paths(&pools.added), ["/pools/0", "/pools/1"]);
    assert!(pools.scenario.pools.iter().all(|pool| pool.provider == "op-4EY"));
    assert_eq!(
        pools.scenario.pools[0].unknown["description"],
        "Prod Access to Kafka clusters to Release Engineering"
    );
    assert_eq!(
        ignored(&pools),
        ["/data/0/principal", "/data/0/state", "/data/1/principal", "/data/1/state"]
    );
}

#[test]
fn rest_certificate_authority_and_certificate_pool_page() {
    let report = import("rest-certificate-authority.json", &ImportOptions::default(), None);
    let ca = &report.scenario.certificate_authorities[0];
    assert_eq!((ca.id.as_str(), ca.name.as_str(), ca.require_crl), ("op-abc123", "my-ca", true));
    assert_eq!(ca.unknown["crl_url"], "https://pki.example.com/issuing.crl");
    // The pool's `self` does not name its authority: the option does.
    let none = import(
        "rest-certificate-pool-list.json",
        &ImportOptions::default(),
        Some(report.scenario.clone()),
    );
    assert!(none.added.is_empty());
    assert!(ignored(&none).contains(&"/data/0"));
    let options = ImportOptions {
        certificate_authority: Some("op-abc123".into()),
        ..ImportOptions::default()
    };
    let pools = import("rest-certificate-pool-list.json", &options, Some(report.scenario));
    assert_eq!(paths(&pools.added), ["/certificate_pools/0"]);
    assert_eq!(pools.scenario.certificate_pools[0].filter, "C=='Canada' && O=='Confluent'");
}

// ---- import: Terraform ----

#[test]
fn terraform_state_resolves_references_and_ignores_other_resources() {
    let report = import("terraform-state.json", &ImportOptions::default(), None);
    assert_eq!(report.format, ImportFormat::Terraform);
    assert_eq!(
        paths(&report.added),
        ["/providers/0", "/certificate_authorities/0", "/pools/0", "/certificate_pools/0"]
    );
    let scenario = &report.scenario;
    assert_eq!(scenario.pools[0].provider, "op-8xq9");
    assert_eq!(scenario.pools[0].id, "pool-W5Qx");
    assert_eq!(scenario.certificate_pools[0].certificate_authority, "op-abc123");
    assert_eq!(scenario.certificate_pools[0].filter, "CN == \"test\"");
    assert!(
        scenario.certificate_authorities[0]
            .certificate_chain
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    let ignored = ignored(&report);
    assert!(ignored.contains(&"/values/root_module/resources/0"), "{ignored:?}");
    assert!(report.ignored[0].reason.starts_with("confluent_kafka_cluster"));
    assert!(ignored.contains(&"/values/root_module/resources/3/values/fingerprints"));
    // Only the provider lacks something: its keys.
    assert_eq!(report.missing.len(), 1, "{:?}", report.missing);
    assert_eq!(report.missing[0].path, "/providers/0/jwks");
}

#[test]
fn terraform_plan_names_new_resources_by_address() {
    let report = import("terraform-plan.json", &ImportOptions::default(), None);
    let scenario = &report.scenario;
    assert_eq!(scenario.providers[0].id, "confluent_identity_provider.azure");
    assert_eq!(scenario.pools[0].id, "confluent_identity_pool.example");
    assert_eq!(scenario.pools[0].provider, "confluent_identity_provider.azure");
    assert_eq!(
        scenario.pools[0].filter,
        "claims.aud==\"confluent\" && claims.group!=\"invalid_group\""
    );
}

// ---- merging ----

#[test]
fn merging_into_an_example_updates_by_id_and_adds_the_rest() {
    let okta = Scenario::parse(&repository_file("examples/scenarios/okta.json")).unwrap();
    let provider = okta.providers[0].clone();
    let pool = okta.pools[0].clone();
    let cli = json!([
        {"id": pool.id, "name": pool.name, "description": "", "identity_claim": "claims.sub",
         "filter": "claims.aud == 'changed'"},
        {"id": "pool-new", "name": "new", "description": "d", "identity_claim": "claims.sub", "filter": "true"}
    ]);
    let options = ImportOptions { provider: Some(provider.id.clone()), ..ImportOptions::default() };
    let report = import_config(&cli.to_string(), &options, Some(okta.clone())).unwrap();
    let index = okta.pools.len();
    assert_eq!(paths(&report.added), [format!("/pools/{index}")]);
    assert!(paths(&report.updated).contains(&"/pools/0/filter"), "{:?}", report.updated);
    assert_eq!(report.scenario.pools[0].filter, "claims.aud == 'changed'");
    // The provider's pasted keys and everything else stay.
    assert_eq!(report.scenario.providers, okta.providers);
    assert_eq!(report.scenario.token, okta.token);
    assert!(report.missing.is_empty());

    // Importing the same again changes nothing.
    let again = import_config(&cli.to_string(), &options, Some(report.scenario.clone())).unwrap();
    assert!(again.added.is_empty() && again.updated.is_empty(), "{again:?}");
    assert_eq!(again.scenario, report.scenario);
}

#[test]
fn fetched_keys_replace_what_is_missing_and_a_discovery_document_is_refused() {
    let mut report = import("cli-provider-describe.json", &ImportOptions::default(), None);
    let discovery = r#"{"issuer": "https://x/", "jwks_uri": "https://x/keys"}"#;
    let error =
        poolcheck_core::commands::set_fetched_keys(&mut report, "op-12345", discovery).unwrap_err();
    assert!(error.message.contains("discovery document"), "{}", error.message);
    let jwks = repository_file("examples/scenarios/okta.json");
    let okta: Value = serde_json::from_str(&jwks).unwrap();
    let keys = okta["providers"][0]["jwks"].to_string();
    poolcheck_core::commands::set_fetched_keys(&mut report, "op-12345", &keys).unwrap();
    assert!(report.missing.is_empty());
    assert_eq!(paths(&report.updated), ["/providers/0/jwks"]);
    assert!(matches!(report.scenario.providers[0].jwks, Keys::Json(_)));
}

// ---- import: the binary ----

#[test]
fn import_prints_the_scenario_on_stdout_and_the_report_on_stderr() {
    let output = poolcheck(&["import", &fixture_path("terraform-state.json")], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let scenario = Scenario::parse(&stdout(&output)).unwrap();
    assert_eq!(scenario.pools[0].id, "pool-W5Qx");
    let report = stderr(&output);
    assert!(report.contains("imported terraform output: 4 added, 0 updated"), "{report}");
    assert!(report.contains("missing  /providers/0/jwks"), "{report}");
}

#[test]
fn import_json_and_into_and_format() {
    let into = repository_path("examples/scenarios/okta.json").display().to_string();
    let output = poolcheck(
        &["import", "-", "--format", "rest", "--into", &into, "--json"],
        fixture("rest-identity-provider.json").as_str(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    for member in ["scenario", "added", "updated", "ignored", "missing"] {
        assert!(report.get(member).is_some(), "{member}: {report}");
    }
    assert_eq!(report["format"], "rest");
    assert_eq!(
        report["ignored"][0],
        json!({"path": "/state", "reason": "the resource's state is not part of a simulation"})
    );
    assert!(stderr(&output).is_empty());
}

#[test]
fn import_reads_the_confluent_cli_yaml() {
    let yaml = "id: op-12345\nname: okta\ndescription: \"\"\nissuer_uri: https://mycompany.okta.com/oauth2/default\njwks_uri: https://mycompany.okta.com/oauth2/default/v1/keys\n";
    let output = poolcheck(&["import", "-", "--json"], yaml);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        json(&output)["scenario"]["providers"][0]["issuer"],
        "https://mycompany.okta.com/oauth2/default"
    );
}

#[test]
fn import_exits_2_saying_what_each_format_expects() {
    let output = poolcheck(&["import", "-"], r#"{"hello": "world"}"#);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message
            .starts_with("poolcheck: the input is not Confluent CLI, REST API or Terraform output"),
        "{message}"
    );
    for expected in ["format_version", "api_version", "issuer_uri", "external_identifier"] {
        assert!(message.contains(expected), "{expected}: {message}");
    }
    assert!(stdout(&output).is_empty());

    let output = poolcheck(
        &["import", &fixture_path("rest-identity-provider.json"), "--format", "terraform"],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not terraform output"), "{}", stderr(&output));

    let output = poolcheck(&["import", "-"], "not: [json");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not JSON"), "{}", stderr(&output));

    let state = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [{"address": "confluent_kafka_cluster.a", "type": "confluent_kafka_cluster", "values": {"id": "lkc-1"}}]}}}"#;
    let output = poolcheck(&["import", "-"], state);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("holds no identity provider"), "{}", stderr(&output));

    let output = poolcheck(&["import", "/nonexistent/poolcheck.json"], None);
    assert_eq!(output.status.code(), Some(2));
    let output = poolcheck(&["import", "-", "--into", "/nonexistent/scenario.json"], "[]");
    assert_eq!(output.status.code(), Some(2));
    let output = poolcheck(&["import", "-", "--format", "hcl"], "{}");
    assert_eq!(output.status.code(), Some(2));
}

// ---- export ----

const HOSTILE: [&str; 6] = [
    r"claims.sub == 'o\'brien'",
    r#""$HOME" + '\\n'"#,
    "claims.x == \"${var}\" && claims.y == '%{if}' && claims.z == '$${x}'",
    "claims.a == 'x'\n|| claims.b == \"y\"\t",
    "claims.name == 'Zoë 😀' && `uname` == $(id)",
    "",
];

fn hostile_scenario() -> Scenario {
    let provider = Provider {
        id: "op-okta".into(),
        name: "Okta 'prod'".into(),
        issuer: "https://mycompany.okta.com/oauth2/default".into(),
        jwks: Keys::default(),
        identity_claim: Some("claims.sub".into()),
        signing_key: None,
        unknown: serde_json::from_value(json!({"jwks_uri": "https://mycompany.okta.com/oauth2/default/v1/keys", "description": "a \"quoted\" ${description}"})).unwrap(),
    };
    let pools = HOSTILE
        .iter()
        .enumerate()
        .map(|(index, filter)| Pool {
            id: format!("pool-{index}"),
            name: format!("Pool {index}"),
            provider: "op-okta".into(),
            identity_claim: None,
            filter: (*filter).to_owned(),
            unknown: Default::default(),
        })
        .collect();
    Scenario {
        version: 1,
        request: Request {
            logical_cluster: Some("lkc-n2kvd".into()),
            identity_pool_id: None,
            unknown: Default::default(),
        },
        providers: vec![provider],
        pools,
        certificate_authorities: vec![CertificateAuthority {
            id: "op-ca".into(),
            name: "My CA".into(),
            certificate_chain: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
                .into(),
            crl: None,
            require_crl: true,
            unknown: Default::default(),
        }],
        certificate_pools: vec![CertificatePool {
            id: "pool-cert".into(),
            name: "certs".into(),
            certificate_authority: "op-ca".into(),
            external_identifier: "CN".into(),
            filter: "CN == 'it''s' && O == \"${o}\"".into(),
            unknown: Default::default(),
        }],
        ..Scenario::default()
    }
}

fn export(scenario: &Scenario, format: ExportFormat, pool: Option<&str>) -> String {
    let options = ExportOptions { format, pool: pool.map(str::to_owned), certificate_pool: None };
    export_config(scenario, &options).unwrap()
}

/// Runs the script in `sh` with `confluent` as a function printing each argument NUL-ended:
/// the shell's own word splitting, then one command per line of output.
fn shell_commands(script: &str) -> Vec<Vec<String>> {
    let program = format!("confluent() {{ printf '%s\\0' \"$@\"; printf '\\n\\0'; }}\n{script}");
    let output = Command::new("/bin/sh").arg("-c").arg(program).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut commands = vec![Vec::new()];
    for word in text.split_terminator('\0') {
        if word == "\n" {
            commands.push(Vec::new());
        } else if let Some(last) = commands.last_mut() {
            last.push(word.to_owned());
        }
    }
    commands.retain(|command| !command.is_empty());
    commands
}

fn flag<'a>(command: &'a [String], name: &str) -> Option<&'a str> {
    command.windows(2).find(|pair| pair[0] == name).map(|pair| pair[1].as_str())
}

#[test]
fn confluent_cli_commands_survive_a_real_shell() {
    let scenario = hostile_scenario();
    let script = export(&scenario, ExportFormat::ConfluentCli, None);
    let commands = shell_commands(&script);
    assert_eq!(commands.len(), 1 + HOSTILE.len() + 2, "{script}");
    let provider = &commands[0];
    assert_eq!(provider[..4], ["iam", "provider", "create", "Okta 'prod'"]);
    assert_eq!(flag(provider, "--issuer-uri"), Some("https://mycompany.okta.com/oauth2/default"));
    assert_eq!(flag(provider, "--description"), Some("a \"quoted\" ${description}"));
    for (index, filter) in HOSTILE.iter().enumerate() {
        let command = &commands[1 + index];
        assert_eq!(command[..3], ["iam", "pool", "create"]);
        assert_eq!(flag(command, "--filter"), Some(*filter), "{script}");
        assert_eq!(flag(command, "--provider"), Some("op-okta"));
        assert_eq!(flag(command, "--identity-claim"), Some("claims.sub"));
    }
    let ca = &commands[1 + HOSTILE.len()];
    assert_eq!(ca[..3], ["iam", "certificate-authority", "create"]);
    assert_eq!(
        flag(ca, "--certificate-chain"),
        Some(scenario.certificate_authorities[0].certificate_chain.as_str())
    );
    assert!(ca.contains(&"--require-crl-on-client-certificate".to_owned()));
    let certificate_pool = commands.last().unwrap();
    assert_eq!(flag(certificate_pool, "--filter"), Some("CN == 'it''s' && O == \"${o}\""));
    assert_eq!(flag(certificate_pool, "--provider"), Some("op-ca"));
}

#[test]
fn one_pool_exports_with_its_provider_only() {
    let script = export(&hostile_scenario(), ExportFormat::ConfluentCli, Some("pool-2"));
    let commands = shell_commands(&script);
    assert_eq!(commands.len(), 2, "{script}");
    assert_eq!(flag(&commands[1], "--filter"), Some(HOSTILE[2]));
}

fn hcl_text(expression: &hcl::Expression) -> String {
    use hcl::eval::{Context, Evaluate};
    match expression {
        hcl::Expression::String(text) => text.clone(),
        hcl::Expression::TemplateExpr(_) => match expression.evaluate(&Context::new()).unwrap() {
            hcl::Value::String(text) => text,
            other => panic!("{other:?}"),
        },
        hcl::Expression::Bool(flag) => flag.to_string(),
        other => hcl::format::to_string(other).unwrap(),
    }
}

fn attributes(body: &hcl::Body) -> HashMap<String, String> {
    body.attributes().map(|a| (a.key.to_string(), hcl_text(&a.expr))).collect()
}

#[test]
fn terraform_parses_with_hcl_rs_and_references_its_providers() {
    let scenario = hostile_scenario();
    let text = export(&scenario, ExportFormat::Terraform, None);
    let body = hcl::parse(&text).unwrap_or_else(|error| panic!("{error}\n{text}"));
    let blocks: Vec<&hcl::Block> = body.blocks().collect();
    let resources: Vec<(String, String)> = blocks
        .iter()
        .map(|block| (block.labels[0].as_str().to_owned(), block.labels[1].as_str().to_owned()))
        .collect();
    assert_eq!(resources[0], ("confluent_identity_provider".into(), "okta_prod".into()));
    let provider = attributes(&blocks[0].body);
    assert_eq!(provider["description"], "a \"quoted\" ${description}");
    assert_eq!(provider["jwks_uri"], "https://mycompany.okta.com/oauth2/default/v1/keys");
    for (index, filter) in HOSTILE.iter().enumerate() {
        let block = blocks[1 + index];
        assert_eq!(block.labels[0].as_str(), "confluent_identity_pool");
        assert_eq!(attributes(&block.body)["filter"], *filter, "{text}");
        let reference =
            block.body.blocks().find(|b| b.identifier.as_str() == "identity_provider").unwrap();
        assert_eq!(attributes(&reference.body)["id"], "confluent_identity_provider.okta_prod.id");
    }
    let ca = attributes(&blocks[1 + HOSTILE.len()].body);
    assert_eq!(ca["certificate_chain"], scenario.certificate_authorities[0].certificate_chain);
    assert_eq!(ca["require_crl_on_client_certificate"], "true");
    let certificate_pool = blocks.last().unwrap();
    assert_eq!(attributes(&certificate_pool.body)["filter"], "CN == 'it''s' && O == \"${o}\"");
    let reference = certificate_pool.body.blocks().next().unwrap();
    assert_eq!(attributes(&reference.body)["id"], "confluent_certificate_authority.my_ca.id");
}

fn java_properties(text: &str) -> HashMap<String, String> {
    java_properties::read(text.as_bytes()).unwrap()
}

#[test]
fn java_client_properties_read_back() {
    let scenario = hostile_scenario();
    let properties = java_properties(&export(&scenario, ExportFormat::Java, Some("pool-1")));
    assert_eq!(properties["security.protocol"], "SASL_SSL");
    assert_eq!(properties["sasl.mechanism"], "OAUTHBEARER");
    assert_eq!(properties["sasl.oauthbearer.token.endpoint.url"], "<token-endpoint-url>");
    assert_eq!(
        properties["sasl.login.callback.handler.class"],
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler"
    );
    assert_eq!(
        properties["sasl.jaas.config"],
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId='<client-id>' clientSecret='<client-secret>' scope='<scope>' extension_logicalCluster='lkc-n2kvd' extension_identityPoolId='pool-1';"
    );
    let mtls = ExportOptions {
        format: ExportFormat::Java,
        pool: None,
        certificate_pool: Some("pool-cert".into()),
    };
    let properties = java_properties(&export_config(&scenario, &mtls).unwrap());
    assert_eq!(properties["security.protocol"], "SSL");
    assert_eq!(properties["ssl.keystore.location"], "<client-keystore.p12>");
}

#[test]
fn properties_escaping_round_trips_hostile_values() {
    // java-properties reads each \uXXXX alone, so it cannot rebuild a surrogate pair as Java
    // does: characters outside the BMP are checked by the core's unit test instead.
    let extra = [" leading space", "a=b:c#d!e\\f", "\u{1}\u{7f}€ Zoë"];
    let bmp = HOSTILE.iter().copied().filter(|value| value.chars().all(|c| c <= '\u{ffff}'));
    for value in bmp.chain(extra) {
        let text = format!("key={}\n", properties_value(value));
        assert_eq!(java_properties(&text)["key"], value, "{text}");
    }
}

#[test]
fn librdkafka_and_kcat() {
    let mut scenario = hostile_scenario();
    let text = export(&scenario, ExportFormat::Librdkafka, Some("pool-0"));
    let settings: HashMap<&str, &str> = text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .collect();
    assert_eq!(settings["sasl.oauthbearer.method"], "oidc");
    assert_eq!(settings["sasl.mechanisms"], "OAUTHBEARER");
    assert_eq!(
        settings["sasl.oauthbearer.extensions"],
        "logicalCluster=lkc-n2kvd,identityPoolId=pool-0"
    );

    let line = export(&scenario, ExportFormat::Kcat, Some("pool-0"));
    assert_eq!(line.lines().count(), 1);
    let words = shlex::split(line.trim_end()).unwrap();
    assert_eq!(words[..3], ["kcat", "-b", "<bootstrap-server>"]);
    assert!(words.contains(&"sasl.oauthbearer.client.secret=<client-secret>".to_owned()));
    let by_shell = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("kcat() {{ printf '%s\\0' \"$@\"; }}\n{line}"))
        .output()
        .unwrap();
    let shell_words: Vec<String> = String::from_utf8(by_shell.stdout)
        .unwrap()
        .split_terminator('\0')
        .map(str::to_owned)
        .collect();
    assert_eq!(shell_words, words[1..]);

    // A cluster id with a line break cannot be written as librdkafka properties.
    scenario.request.logical_cluster = Some("lkc-1\nsecurity.protocol=PLAINTEXT".into());
    let options = ExportOptions {
        format: ExportFormat::Librdkafka,
        pool: Some("pool-0".into()),
        certificate_pool: None,
    };
    let error = export_config(&scenario, &options).unwrap_err();
    assert!(error.message.contains("cannot carry"), "{}", error.message);
}

#[test]
fn export_exit_paths() {
    let file = temp_file("hostile.json", &hostile_scenario().to_json());
    let output = poolcheck(&["export", &file, "--format", "terraform"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("resource \"confluent_identity_pool\""));

    let output = poolcheck(&["export", &file, "--format", "java", "--pool", "pool-missing"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("poolcheck: no identity pool pool-missing in the scenario"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("hint: the scenario's identity pools: pool-0"));

    let output =
        poolcheck(&["export", &file, "--format", "kcat", "--certificate-pool", "nope"], None);
    assert_eq!(output.status.code(), Some(2));

    let output = poolcheck(&["export", &file, "--format", "java"], None);
    assert_eq!(output.status.code(), Some(2), "several pools and none chosen");
    assert!(stderr(&output).contains("choose it"), "{}", stderr(&output));

    let output = poolcheck(&["export", &file, "--format", "yaml"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid value 'yaml'"), "{}", stderr(&output));

    let output = poolcheck(&["export", "/nonexistent/scenario.json", "--format", "java"], None);
    assert_eq!(output.status.code(), Some(2));

    // Import, then export: the example's pool as the client's settings, on stdin.
    let okta = repository_file("examples/scenarios/okta.json");
    let scenario = Scenario::parse(&okta).unwrap();
    let pool = &scenario.pools[0].id;
    let output =
        poolcheck(&["export", "-", "--format", "librdkafka", "--pool", pool], okta.as_str());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains(&format!("identityPoolId={pool}")));
}

#[test]
fn an_import_exports_back_to_the_same_terraform_values() {
    let report = import("terraform-state.json", &ImportOptions::default(), None);
    let text = export(&report.scenario, ExportFormat::Terraform, None);
    let body = hcl::parse(&text).unwrap();
    let provider = body.blocks().next().unwrap();
    let values = attributes(&provider.body);
    assert_eq!(values["display_name"], "My OIDC Provider: Okta");
    assert_eq!(values["description"], "My description");
    assert_eq!(values["jwks_uri"], "https://mycompany.okta.com/oauth2/default/v1/keys");
    let pool = body.blocks().nth(1).unwrap();
    assert_eq!(
        attributes(&pool.body)["filter"],
        "claims.aud==\"confluent\" && claims.group!=\"invalid_group\""
    );
    let ca = body.blocks().nth(2).unwrap();
    assert_eq!(attributes(&ca.body)["certificate_chain_filename"], "certificate.pem");
}
