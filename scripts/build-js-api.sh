#!/usr/bin/env bash
# Builds the JavaScript API (crates/poolcheck-wasm) into $TRUNK_STAGING_DIR/pkg: poolcheck.js
# (an ES module whose default export initializes it), poolcheck_bg.wasm and poolcheck.d.ts.
# Built with the `builder` feature, so the package also has keygen, importKey and sign (the
# app's own wasm does not; web/builder-worker.js runs them off the main thread).
# Trunk runs it after building the app (Trunk.toml, [[hooks]]), so `trunk build` and
# `trunk serve` put it in dist/pkg/. Tools: wasm-bindgen-cli and wasm-opt (scripts/bootstrap.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="${TRUNK_STAGING_DIR:?run by Trunk, which sets TRUNK_STAGING_DIR}/pkg"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

if [ "${TRUNK_PROFILE:-release}" = release ]; then
  # Not stripped by cargo (Cargo.toml): wasm-bindgen reads the target_features section;
  # wasm-opt strips it afterwards.
  cargo build --quiet --manifest-path "$root/Cargo.toml" -p poolcheck-wasm --features builder \
    --release --target wasm32-unknown-unknown
  profile_dir=release
else
  cargo build --quiet --manifest-path "$root/Cargo.toml" -p poolcheck-wasm --features builder \
    --target wasm32-unknown-unknown
  profile_dir=debug
fi

rm -rf "$out"
wasm-bindgen --target web --out-name poolcheck --out-dir "$out" \
  "$target_dir/wasm32-unknown-unknown/$profile_dir/poolcheck_wasm.wasm"

if [ "$profile_dir" = release ]; then
  # The flags index.html gives wasm-opt for the app, for the same reasons.
  wasm-opt -Oz --low-memory-unused --strip-debug --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$out/poolcheck_bg.wasm" "$out/poolcheck_bg.wasm"
fi
