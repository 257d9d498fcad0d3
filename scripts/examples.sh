#!/usr/bin/env bash
# The framework examples (examples/yew-chat, examples/leptos-chat): each is
# its own crate with its own lock file, so Yew and Leptos never enter the
# crate's dependency tree.
#
#   scripts/examples.sh build   release build for wasm32, then wasm-bindgen
#                               (--target web) into target/examples-site/<example>/
#                               with the example's index.html; tests/examples/ serves it
#   scripts/examples.sh lint    rustfmt --check and clippy -D warnings (wasm32)
#   scripts/examples.sh ssr     the Leptos example's server-side rendering test, natively
#
# Both examples share one target directory (target/examples): most of their
# dependencies are the same (wasm-bindgen, web-sys, futures, the crate).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/examples}

examples=(yew-chat leptos-chat)
site=target/examples-site
wasm=wasm32-unknown-unknown

in_example() {
  local example=$1
  shift
  echo "[examples] $example: $*"
  (cd "examples/$example" && "$@")
}

build() {
  for example in "${examples[@]}"; do
    # Removed first, so that a failed build leaves no stale page to test.
    rm -rf "${site:?}/$example"
    in_example "$example" cargo build --release --target "$wasm"
    mkdir -p "$site/$example"
    wasm-bindgen --target web --no-typescript --out-dir "$site/$example" \
      "$CARGO_TARGET_DIR/$wasm/release/$example.wasm"
    cp "examples/$example/index.html" "$site/$example/"
  done
  ls -l "$site"/*/*.wasm
}

lint() {
  for example in "${examples[@]}"; do
    in_example "$example" cargo fmt --check
    in_example "$example" cargo clippy --all-targets --target "$wasm" -- -D warnings
  done
}

ssr() {
  # Without `csr`: effects do not run, as on a server.
  in_example leptos-chat cargo test --no-default-features --features ssr
}

case "${1:-}" in
  build) build ;;
  lint) lint ;;
  ssr) ssr ;;
  *)
    echo "usage: scripts/examples.sh build|lint|ssr" >&2
    exit 2
    ;;
esac
