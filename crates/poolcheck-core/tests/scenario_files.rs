#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use poolcheck_core::scenario::Scenario;
use serde_json::Value;

fn repository_file(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap()
}

#[test]
fn every_example_scenario_parses_and_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios");
    let mut count = 0;
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = Scenario::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(scenario.title.is_some(), "{}", path.display());
        let original: Value = serde_json::from_str(&text).unwrap();
        let again: Value = serde_json::from_str(&scenario.to_json()).unwrap();
        assert_eq!(original, again, "{}", path.display());
        count += 1;
    }
    assert_eq!(count, 7);
}

#[test]
fn the_json_schema_names_exactly_the_fields_the_parser_knows() {
    let schema: Value =
        serde_json::from_str(&repository_file("schema/scenario.schema.json")).unwrap();
    let mut documented: Vec<&str> =
        schema["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    documented.sort_unstable();
    let full = Scenario {
        version: 1,
        title: Some(String::new()),
        description: Some(String::new()),
        now: Some(0),
        leeway_seconds: Some(0),
        certificate_authorities: vec![Default::default()],
        certificate_pools: vec![Default::default()],
        client_certificate: Some(String::new()),
        exercises: Scenario::parse(
            r#"{"version": 1, "exercises": [{"id": "e", "kind": "outcome", "expect": {"oauth": {"accepted": true}}}]}"#,
        )
        .unwrap()
        .exercises,
        ..Default::default()
    };
    let serialized = serde_json::to_value(&full).unwrap();
    let mut known: Vec<&str> = serialized.as_object().unwrap().keys().map(String::as_str).collect();
    known.sort_unstable();
    assert_eq!(documented, known);
}
