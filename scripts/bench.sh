#!/usr/bin/env bash
# Prints performance figures (not a test: nothing here fails on a slow machine).
#   filter engine: compile time per filter; one token evaluated and explained against 1,000 pools
#   simulator:     one token through every stage against 1,000 pools, warm and cold
#   signatures:    RSA, ECDSA and EdDSA verification, and the largest RSA-16384 key set
# Optimized build, as shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release -p poolcheck-core --example bench_filters
echo
cargo run --quiet --release -p poolcheck-core --example bench_simulate
echo
cargo run --quiet --release -p poolcheck-core --example bench_verify
