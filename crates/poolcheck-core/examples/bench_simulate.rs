//! Simulator figures: one token through every stage against 1,000 identity pools, as the
//! workspace recomputes it on a token keystroke (providers and pools prepared once) and cold
//! (a scenario file, as `poolcheck simulate` runs it). Run by scripts/bench.sh.

use std::hint::black_box;
use std::time::Instant;

use poolcheck_core::filter::Detail;
use poolcheck_core::scenario::{Pool, Scenario};
use poolcheck_core::workspace::{Edit, Workspace, analyze};

const POOLS: usize = 1_000;
const ROUNDS: u32 = 20;
/// Pool cards the page renders at once.
const SHOWN: usize = 20;

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
    let mut workspace = Workspace::new(scenario.clone(), now);
    let prepare = start.elapsed();

    // Alternate two pasted forms of the same token, so every round reads it again.
    let pasted = [format!("Bearer {}", scenario.token), scenario.token.clone()];
    let mut matched = 0;
    let mut keystroke = |workspace: &mut Workspace| {
        let start = Instant::now();
        for round in 0..ROUNDS {
            let token = pasted[round as usize % 2].clone();
            workspace.apply(black_box(Edit::SetToken { token }));
            matched = black_box(workspace.oauth()).pools.len();
        }
        start.elapsed() / ROUNDS
    };
    let explained = keystroke(&mut workspace);
    // The page: verdicts for every pool, explanations for the 20 cards it shows.
    workspace.set_detail(Detail::Verdict);
    let verdicts = keystroke(&mut workspace);
    let start = Instant::now();
    for _ in 0..ROUNDS {
        for index in 0..SHOWN {
            black_box(workspace.explained_pool_result(index));
        }
    }
    let shown = start.elapsed() / ROUNDS;

    let start = Instant::now();
    let accepted = black_box(analyze(&scenario, now)).accepted;
    let cold = start.elapsed();

    println!(
        "simulate: 1 token (RS256), 1 provider, {POOLS} pools; {matched} matched, accepted: {accepted}"
    );
    println!(
        "prepare (read token, parse keys, compile {POOLS} filters): {:>8.1} ms",
        prepare.as_secs_f64() * 1e3
    );
    println!(
        "per token edit (read, decode, all stages, {POOLS} explained pools): {:>8.1} ms",
        explained.as_secs_f64() * 1e3
    );
    println!(
        "per token edit, verdicts only (the page):               {:>8.1} ms",
        verdicts.as_secs_f64() * 1e3
    );
    println!(
        "explaining the {SHOWN} pools the page shows:              {:>8.1} ms",
        shown.as_secs_f64() * 1e3
    );
    println!("cold, whole scenario (prepare + simulate):    {:>8.1} ms", cold.as_secs_f64() * 1e3);
    Ok(())
}
