#!/usr/bin/env bash
# Prints filter-engine figures: compile time per filter, and the time to evaluate (and
# explain) one token against 1,000 compiled pools. Optimized build, as shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release -p poolcheck-core --example bench_filters
