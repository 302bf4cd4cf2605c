#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The core's modules form no import cycle: each can be read, tested and changed knowing only
//! what it imports (ARCHITECTURE.md lists one job per module).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules it names through `crate::`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            let is_test = relative.file_name().is_some_and(|name| name == "tests.rs");
            if path.extension().is_none_or(|ext| ext != "rs") || is_test {
                continue;
            }
            let first = relative.components().next().unwrap().as_os_str().to_string_lossy();
            let module = first.trim_end_matches(".rs").to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let named = text.match_indices("crate::").filter_map(|(at, _)| {
                let rest = &text[at + "crate::".len()..];
                let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
                Some(rest[..end].to_owned())
            });
            let entry = graph.entry(module.clone()).or_default();
            entry.extend(named.filter(|name| *name != module));
        }
    }
    graph
}

#[test]
fn core_modules_import_one_another_without_cycles() {
    let graph = imports();
    assert!(graph.contains_key("workspace") && graph.contains_key("token"), "{graph:?}");
    for (module, names) in &graph {
        for name in names {
            // Is `module` reachable back from `name`?
            let mut seen = BTreeSet::new();
            let mut pending = vec![name.clone()];
            while let Some(next) = pending.pop() {
                assert_ne!(next, *module, "{module} imports {name}, which leads back to {module}");
                if seen.insert(next.clone()) {
                    pending.extend(graph.get(&next).into_iter().flatten().cloned());
                }
            }
        }
    }
}
