#!/usr/bin/env bash
# Runs every check, stopping at the first failure: formatting, clippy (native and wasm),
# unit and integration tests, the release web build (with the JavaScript API in dist/pkg/),
# the headless-Chromium tests and the JavaScript API's Node tests.
# Ends with the gzip size of what a browser downloads, which must stay within the budget in
# scripts/versions.env. Installs anything missing first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=versions.env
. "$root/scripts/versions.env"
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
    # Loaded only when the builder is used: reported with the package it loads. The service
    # worker and the app's late code (scripts/split-wasm.mjs) are fetched after the first
    # render, the late code by embeds only when used: reported with them too.
    case "$file" in dist/builder-worker.js | dist/sw.js | dist/*_late.wasm) continue ;; esac
    [ -e "$file" ] || continue
    raw=$(wc -c <"$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '  %-52s %10d %10d %9s\n' "${file#dist/}" "$raw" "$gz" "$(kib "$gz")"
  done
  printf '  %-52s %10d %10d %9s\n' "total (wasm + JS + CSS + HTML)" "$total_raw" "$total_gz" "$(kib "$total_gz")"
  dist_gzip_bytes=$total_gz
}

# The JavaScript API, which the builder's worker loads too, is reported apart: the app loads
# them only when the builder is first used, and docs pages that embed the app never do. So are
# the service worker and the app's late code, which the app fetches after its first render (the
# worker then stores the builder's files too, for offline use; an embed fetches the late code
# only if it runs any of it).
pkg_gzip_report() {
  local file raw gz
  printf '\nGzip size of what loads after the first render, the app'"'"'s late code, the service worker, the builder worker and dist/pkg/ (gzip -9; not in the budget):\n'
  for file in dist/*_late.wasm dist/sw.js dist/builder-worker.js dist/pkg/poolcheck_bg.wasm dist/pkg/poolcheck.js; do
    raw=$(wc -c <"$file")
    gz=$(gzip -9 -c "$file" | wc -c)
    printf '  %-52s %10d %10d %9s\n' "${file#dist/}" "$raw" "$gz" "$(kib "$gz")"
  done
}

# Docs embeds load the app on every page: its download size is a feature, so growth past
# the budget in scripts/versions.env fails the run instead of passing unnoticed.
size_budget() {
  if [ "$dist_gzip_bytes" -gt "$SIZE_BUDGET_GZIP_BYTES" ]; then
    printf '\nFAILED: size budget: dist/ is %d bytes gzipped (%s KiB), over the budget of %d (%s KiB)\n' \
      "$dist_gzip_bytes" "$(kib "$dist_gzip_bytes")" "$SIZE_BUDGET_GZIP_BYTES" "$(kib "$SIZE_BUDGET_GZIP_BYTES")" >&2
    printf 'Find what grew (twiggy top target/wasm32-unknown-unknown/release/poolcheck-web.wasm), or raise SIZE_BUDGET_GZIP_BYTES in scripts/versions.env on purpose.\n' >&2
    exit 1
  fi
  printf 'Size budget: %d of %d bytes gzipped (%s%% used).\n' "$dist_gzip_bytes" "$SIZE_BUDGET_GZIP_BYTES" \
    "$(awk -v a="$dist_gzip_bytes" -v b="$SIZE_BUDGET_GZIP_BYTES" 'BEGIN { printf "%.1f", 100 * a / b }')"
}

kib() { awk -v bytes="$1" 'BEGIN { printf "%.1f", bytes / 1024 }'; }

step "bootstrap (tools, Node packages, Chromium)" scripts/bootstrap.sh --browser
step "cargo fmt --check" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "clippy (web and JavaScript API crates, wasm32)" cargo clippy -p poolcheck-web -p poolcheck-wasm --target wasm32-unknown-unknown --quiet -- -D warnings
step "cargo test" cargo test --workspace --quiet
step "trunk build --release" trunk build --release --quiet
step "browser tests (headless Chromium)" node tests/browser/run.mjs
step "build the CLI for the JavaScript API tests" cargo build -p poolcheck-cli --quiet
step "JavaScript API tests (node --test, dist/pkg against the CLI)" node --test tests/node/
gzip_report
pkg_gzip_report
size_budget
printf '\nAll checks passed in %ss.\n' $((SECONDS - started_all))
