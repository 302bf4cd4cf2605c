#!/usr/bin/env bash
# Prints how poolcheck's JavaScript API compares with jose, @marcbachmann/cel-js,
# @bufbuild/cel and atob + JSON.parse in one headless-Chromium page (tests/browser/bench/), and
# how long RSA-2048 key generation takes through the app's builder worker. Figures, not a test. Installs what is missing and builds dist/ (with dist/pkg) first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/tests/browser/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/bootstrap.sh --browser
trunk build --release --quiet
node tests/browser/bench/compare.mjs
