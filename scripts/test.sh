#!/usr/bin/env bash
# Runs every check, stopping at the first failure: formatting, clippy (native and wasm),
# unit and integration tests, the release web build and the headless-Chromium tests.
# Ends with the gzip size of what a browser downloads. Installs anything missing first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/tests/browser/node_modules/.bin:$HOME/.cargo/bin:$PATH"

started_all=$SECONDS

step() {
  local name=$1
  shift
  local started=$SECONDS
  printf '\n==> %s\n' "$name"
  if ! "$@"; then
    printf '\nFAILED: %s (after %ss). Command: %s\n' "$name" $((SECONDS - started)) "$*" >&2
    exit 1
  fi
  printf '<== %s: ok in %ss\n' "$name" $((SECONDS - started))
}

gzip_report() {
  local total_raw=0 total_gz=0 file raw gz
  printf '\nGzip size of dist/ (gzip -9):\n'
  printf '  %-52s %10s %10s %9s\n' file bytes gzipped KiB
  for file in dist/*.wasm dist/*.js dist/*.css dist/*.html; do
    [ -e "$file" ] || continue
    raw=$(wc -c <"$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '  %-52s %10d %10d %9s\n' "${file#dist/}" "$raw" "$gz" "$(kib "$gz")"
  done
  printf '  %-52s %10d %10d %9s\n' "total (wasm + JS + CSS + HTML)" "$total_raw" "$total_gz" "$(kib "$total_gz")"
}

kib() { awk -v bytes="$1" 'BEGIN { printf "%.1f", bytes / 1024 }'; }

step "bootstrap (tools, Node packages, Chromium)" scripts/bootstrap.sh --browser
step "cargo fmt --check" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "clippy (web crate, wasm32)" cargo clippy -p poolcheck-web --target wasm32-unknown-unknown --quiet -- -D warnings
step "cargo test" cargo test --workspace --quiet
step "trunk build --release" trunk build --release --quiet
step "browser tests (headless Chromium)" node tests/browser/run.mjs
gzip_report
printf '\nAll checks passed in %ss.\n' $((SECONDS - started_all))
