#!/usr/bin/env bash
# Apps that depend on the crate the way users' apps do (tests/downstream/):
# each is its own workspace with its own lock file, outside the crate's, and
# must resolve and build for wasm32.
#
#   oldest  pins the oldest wasm-bindgen the crate supports (and the lowest
#           releases of the crate's other dependencies)
#   newest  the newest wasm-bindgen, as its Cargo.lock has it
#
# A crate that pins its own wasm-bindgen, or raises a lower bound past what
# the README promises, fails to resolve here. Both share one target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/downstream}

for app in oldest newest; do
  echo "[downstream] $app: cargo build --target wasm32-unknown-unknown"
  (cd "tests/downstream/$app" && cargo build --target wasm32-unknown-unknown)
  bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "tests/downstream/$app/Cargo.lock")
  echo "[downstream] $app: built with wasm-bindgen $bindgen"
done
