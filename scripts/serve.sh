#!/usr/bin/env bash
# Installs whatever building needs (see scripts/bootstrap.sh), then builds the app in release
# mode and serves it at http://127.0.0.1:8080, rebuilding on changes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/bootstrap.sh"
# wasm-opt from npm's binaryen (Trunk cannot download its own here).
export PATH="$root/tests/browser/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cd "$root"
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
