//! Generates `poolcheck-types.d.ts`, the TypeScript declarations of every input and output of
//! the JavaScript API, from the core's Rust types (ts-rs), and fails when the committed file is
//! stale. `UPDATE_TYPES=1 cargo test -p poolcheck-wasm --test typescript` rewrites it.

use std::collections::BTreeMap;
use std::path::Path;

use poolcheck_core::TokenReport;
use poolcheck_core::cert::InspectReport;
use poolcheck_core::commands::{
    CertificateOptions, CommandError, ExerciseEdit, ExerciseOptions, ExerciseReport, ExportOptions,
    FilterInput, FilterOptions, ImportKeyOptions, ImportOptions, ImportReport, KeygenOptions,
    KeygenOutput, SignOptions, SignOutput, SimulateOptions, TokenOptions, VerifyOptions,
    VerifyOutput,
};
use poolcheck_core::filter::{Detail, FilterReport};
use poolcheck_core::scenario::Scenario;
use poolcheck_core::simulate::SimulationReport;
use poolcheck_core::workspace::{Edit, Reports};
use ts_rs::{TS, TypeVisitor};

/// Every declaration reachable from the roots, by TypeScript name.
#[derive(Default)]
struct Declarations {
    by_name: BTreeMap<String, String>,
}

impl Declarations {
    fn add<T: TS + 'static + ?Sized>(&mut self) {
        let name = T::ident();
        let declaration = T::decl();
        if let Some(known) = self.by_name.get(&name) {
            // ts-rs names serde_json's `Value` and `Map` alike, with one declaration.
            assert_eq!(known, &declaration, "two Rust types are named {name} in TypeScript");
            return;
        }
        self.by_name.insert(name, declaration);
        T::visit_dependencies(self);
    }
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives and containers have no declaration of their own.
        if T::output_path().is_some() {
            self.add::<T>();
        }
    }
}

fn generate() -> String {
    let mut declarations = Declarations::default();
    declarations.add::<TokenOptions>();
    declarations.add::<VerifyOptions>();
    declarations.add::<FilterInput>();
    declarations.add::<FilterOptions>();
    declarations.add::<SimulateOptions>();
    declarations.add::<Detail>();
    declarations.add::<CertificateOptions>();
    declarations.add::<CommandError>();
    declarations.add::<TokenReport>();
    declarations.add::<VerifyOutput>();
    declarations.add::<FilterReport>();
    declarations.add::<SimulationReport>();
    declarations.add::<InspectReport>();
    declarations.add::<Scenario>();
    declarations.add::<Edit>();
    declarations.add::<Reports>();
    // The exercise checker's input and report (`poolcheck exercise`).
    declarations.add::<ExerciseOptions>();
    declarations.add::<ExerciseReport>();
    declarations.add::<ExerciseEdit>();
    // Confluent configuration in and out (`poolcheck import` and `export`).
    declarations.add::<ImportOptions>();
    declarations.add::<ImportReport>();
    declarations.add::<ExportOptions>();
    // The builder's inputs and outputs (keygen, importKey, sign).
    declarations.add::<KeygenOptions>();
    declarations.add::<ImportKeyOptions>();
    declarations.add::<KeygenOutput>();
    declarations.add::<SignOptions>();
    declarations.add::<SignOutput>();
    let mut out = String::from(
        "// Generated from poolcheck-core's types by crates/poolcheck-wasm/tests/typescript.rs.\n\
         // Do not edit: run `UPDATE_TYPES=1 cargo test -p poolcheck-wasm --test typescript`.\n\
         // KeygenOptions, ImportKeyOptions, KeygenOutput, SignOptions and SignOutput are the\n\
         // inputs and outputs of keygen, importKey and sign, which exist only in the package\n\
         // built with the `builder` feature (dist/pkg is; scripts/build-js-api.sh).\n",
    );
    for declaration in declarations.by_name.values() {
        // ts-rs declares 64-bit integers `bigint`; the API hands out JSON.parse'd reports and
        // reads plain numbers, so they are `number` in JavaScript.
        let declaration = declaration.replace("bigint", "number");
        out.push_str(&format!("\nexport {declaration}\n"));
    }
    out
}

#[test]
fn declarations_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("poolcheck-types.d.ts");
    let generated = generate();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `UPDATE_TYPES=1 cargo test -p poolcheck-wasm --test typescript`",
        path.display()
    );
}
