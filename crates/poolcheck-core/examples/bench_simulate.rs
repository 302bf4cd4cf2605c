//! Simulator figures: one token through every stage against 1,000 identity pools, as the
//! playground recomputes it on a token keystroke (providers and pools prepared once) and
//! cold (a scenario file, as `poolcheck simulate` runs it). Run by scripts/bench.sh.

use std::hint::black_box;
use std::time::Instant;

use poolcheck_core::scenario::{Pool, Scenario};
use poolcheck_core::simulate::{
    OAuthInput, PreparedPool, PreparedProvider, analyze, simulate_oauth,
};

const POOLS: usize = 1_000;
const ROUNDS: u32 = 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenarios/okta.json");
    let mut scenario = Scenario::parse(&std::fs::read_to_string(path)?)?;
    scenario.request.identity_pool_id = None;
    scenario.pools = (0..POOLS)
        .map(|index| Pool {
            id: format!("pool-{index}"),
            provider: "op-okta".into(),
            filter: match index % 3 {
                0 => format!("claims.aud == 'api://kafka' && 'scope-{index}' in claims.scp"),
                1 => format!(
                    "claims.cid == 'client-{index}' || claims.sub.startsWith('svc-{index}')"
                ),
                _ => "claims.aud == 'api://kafka' && 'kafka.produce' in claims.scp".to_owned(),
            },
            ..Default::default()
        })
        .collect();
    let now = scenario.now.unwrap_or_default();

    let start = Instant::now();
    let providers: Vec<_> = scenario.providers.iter().cloned().map(PreparedProvider::new).collect();
    let pools: Vec<_> = scenario.pools.iter().cloned().map(PreparedPool::new).collect();
    let prepare = start.elapsed();

    let input = OAuthInput {
        token: &scenario.token,
        request: &scenario.request,
        providers: &providers,
        pools: &pools,
        now,
        leeway_seconds: 0,
    };
    let start = Instant::now();
    let mut matched = 0;
    for _ in 0..ROUNDS {
        matched = black_box(simulate_oauth(black_box(&input))).pools.len();
    }
    let keystroke = start.elapsed() / ROUNDS;

    let start = Instant::now();
    let accepted = black_box(analyze(&scenario, now)).accepted;
    let cold = start.elapsed();

    println!(
        "simulate: 1 token (RS256), 1 provider, {POOLS} pools; {matched} matched, accepted: {accepted}"
    );
    println!(
        "prepare (parse keys, compile {POOLS} filters): {:>8.1} ms",
        prepare.as_secs_f64() * 1e3
    );
    println!(
        "per token change (all stages, {POOLS} explained pools): {:>8.1} ms",
        keystroke.as_secs_f64() * 1e3
    );
    println!("cold, whole scenario (prepare + simulate):    {:>8.1} ms", cold.as_secs_f64() * 1e3);
    Ok(())
}
