//! Filter engine figures: compile time per filter (1,000 pools, and one typical filter again
//! and again), and one token evaluated against 1,000 compiled pools (plain evaluation, and
//! with explanations). Run by scripts/bench.sh.

use std::hint::black_box;
use std::time::Instant;

use poolcheck_core::filter::{Bindings, CompiledFilter, FilterMode};
use serde_json::json;

const POOLS: usize = 1_000;
const ROUNDS: usize = 20;

fn pool_filter(index: usize) -> String {
    match index % 4 {
        0 => format!("claims.aud == 'client-{index}' && 'OrgAdminRole' in claims.roles"),
        1 => format!("'group-{index}' in claims.groups"),
        2 => format!(
            "claims.iss == 'https://idp.example.com' && claims.sub.startsWith('svc-{index}') \
             && has(claims.tenant) && claims.tenant != 'blocked'"
        ),
        _ => format!(
            "(claims.aud in ['a-{index}', 'b-{index}', 'c-{index}'] || claims.azp == 'x-{index}') \
             && claims.email.endsWith('@example.com')"
        ),
    }
}

/// A typical filter, compiled again and again (warm caches, as while editing one); the one
/// tests/browser/bench/ compares with other CEL libraries.
const TYPICAL: &str =
    "claims.aud == 'kafka' && 'admins' in claims.groups && claims.sub.startsWith('svc-')";
const TYPICAL_ROUNDS: u32 = 10_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    for _ in 0..TYPICAL_ROUNDS {
        black_box(CompiledFilter::compile(black_box(TYPICAL), FilterMode::Claims)?);
    }
    let typical = start.elapsed() / TYPICAL_ROUNDS;

    let sources: Vec<String> = (0..POOLS).map(pool_filter).collect();

    let start = Instant::now();
    let mut filters = Vec::with_capacity(POOLS);
    for source in &sources {
        filters.push(CompiledFilter::compile(source, FilterMode::Claims)?);
    }
    let compile = start.elapsed();

    let claims = json!({
        "iss": "https://idp.example.com", "sub": "svc-2-reader", "aud": "client-500",
        "azp": "x-7", "email": "app@example.com", "tenant": "t1",
        "roles": ["OrgAdminRole", "Reader"],
        "groups": (0..50).map(|g| format!("group-{}", g * 20 + 1)).collect::<Vec<_>>(),
    });
    let start = Instant::now();
    let bindings = Bindings::claims(&claims)?;
    let bind = start.elapsed();

    let start = Instant::now();
    let mut matched = 0;
    for _ in 0..ROUNDS {
        matched =
            filters.iter().filter(|filter| filter.evaluate(black_box(&bindings)).matched()).count();
    }
    let evaluate = start.elapsed() / ROUNDS as u32;

    let start = Instant::now();
    let mut steps = 0;
    for _ in 0..ROUNDS {
        steps = filters
            .iter()
            .map(|filter| filter.explain(black_box(&bindings)).steps.len())
            .sum::<usize>();
    }
    let explain = start.elapsed() / ROUNDS as u32;

    let start = Instant::now();
    let mut lints = 0;
    for filter in &filters {
        lints += filter.report(&bindings, Some("https://idp.example.com")).lints.len();
    }
    let report = start.elapsed();

    println!(
        "filters: {POOLS} compiled pools, {} characters on average",
        sources.iter().map(String::len).sum::<usize>() / POOLS
    );
    println!(
        "compile:            {:>9.1} µs per filter ({:.1} ms for {POOLS})",
        compile.as_secs_f64() * 1e6 / POOLS as f64,
        compile.as_secs_f64() * 1e3
    );
    println!(
        "compile typical:    {:>9.1} µs ({TYPICAL_ROUNDS} times: {TYPICAL})",
        typical.as_secs_f64() * 1e6
    );
    println!("bind claims:        {:>9.1} µs (once per token)", bind.as_secs_f64() * 1e6);
    println!(
        "evaluate 1 token:   {:>9.3} ms against {POOLS} pools ({:.2} µs per pool; {matched} matched)",
        evaluate.as_secs_f64() * 1e3,
        evaluate.as_secs_f64() * 1e6 / POOLS as f64
    );
    println!(
        "explain 1 token:    {:>9.3} ms against {POOLS} pools ({steps} steps)",
        explain.as_secs_f64() * 1e3
    );
    println!(
        "full report:        {:>9.3} ms against {POOLS} pools ({lints} lints)",
        report.as_secs_f64() * 1e3
    );
    Ok(())
}
