#!/usr/bin/env bash
# The minimum supported Rust version, proven: the library, with every feature,
# type-checks with the toolchain named by `rust-version` in Cargo.toml (set-up
# installs it), for wasm32 and natively, against the committed Cargo.lock.
# Only the library: tests and examples may use a newer Rust.
#
# If a dependency in Cargo.lock needs a newer Rust, `cargo update` with a
# current cargo brings it back to a release that builds with the MSRV
# (.cargo/config.toml asks the resolver for that).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Its own target directory: artefacts of another compiler are of no use to the
# other steps.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target/msrv}

msrv=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml)
if [ -z "$msrv" ]; then
  echo "[msrv] no rust-version in Cargo.toml" >&2
  exit 1
fi
for target in wasm32-unknown-unknown ""; do
  echo "[msrv] Rust $msrv: cargo check --lib --all-features ${target:+--target $target}"
  cargo "+$msrv" check --locked --lib --all-features ${target:+--target "$target"}
done
