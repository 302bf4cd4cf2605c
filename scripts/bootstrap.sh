#!/usr/bin/env bash
# Installs what building and testing poolcheck need, skipping whatever is already present
# at the pinned version (scripts/versions.env), so a second run takes a second.
#   scripts/bootstrap.sh            build tools: wasm target, Trunk, wasm-bindgen-cli, wasm-opt
#   scripts/bootstrap.sh --browser  the same plus Chromium for the browser tests
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=versions.env
. "$root/scripts/versions.env"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[bootstrap] %s\n' "$*" >&2; }
# apt needs root: sudo unless we are root already.
sudo_cmd=""
[ "$(id -u)" = 0 ] || sudo_cmd=sudo

locked_bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")
if [ "$locked_bindgen" != "$WASM_BINDGEN_VERSION" ]; then
  say "Cargo.lock has wasm-bindgen $locked_bindgen but scripts/versions.env pins $WASM_BINDGEN_VERSION; update the pin."
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 8 minutes the first time)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: the crate's own lock file does not resolve against this registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Node packages: binaryen (wasm-opt for Trunk) and playwright-core (browser tests).
browser_dir="$root/tests/browser"
if [ ! -x "$browser_dir/node_modules/.bin/wasm-opt" ] || [ ! -d "$browser_dir/node_modules/playwright-core" ] \
  || [ "$browser_dir/package-lock.json" -nt "$browser_dir/node_modules/.package-lock.json" ]; then
  say "installing Node packages (binaryen $BINARYEN_VERSION, playwright-core $PLAYWRIGHT_CORE_VERSION)"
  (cd "$browser_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi

# binaryen's wasm-split, which scripts/split-wasm.mjs (a Trunk hook) runs on the app's wasm.
# npm's binaryen has no wasm-split, so it comes from Debian's package, unpacked under the user's
# cache (not installed: its wasm-opt must not shadow npm's newer one).
split_dir="${XDG_CACHE_HOME:-$HOME/.cache}/poolcheck/binaryen-$BINARYEN_SPLIT_VERSION"
if [ "$("$split_dir/usr/bin/wasm-split" --version 2>/dev/null)" != "wasm-split version ${BINARYEN_SPLIT_VERSION%%-*}" ]; then
  say "unpacking Debian's binaryen $BINARYEN_SPLIT_VERSION (wasm-split) into $split_dir"
  download=$(mktemp -d)
  if ! (cd "$download" && apt-get download -qq "binaryen=$BINARYEN_SPLIT_VERSION" 2>/dev/null); then
    $sudo_cmd apt-get update -qq
    (cd "$download" && apt-get download -qq "binaryen=$BINARYEN_SPLIT_VERSION")
  fi
  rm -rf "$split_dir"
  mkdir -p "$split_dir"
  dpkg-deb -x "$download"/binaryen_*.deb "$split_dir"
  rm -rf "$download"
fi

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
