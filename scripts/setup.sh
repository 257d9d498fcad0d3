#!/usr/bin/env bash
# Installs everything the build and the tests need, and skips whatever is
# already present at the right version, so running it twice costs seconds.
#
#   wasm32 targets (browser, WASI) · the MSRV toolchain (= rust-version in Cargo.toml) ·
#   wasm-bindgen-cli (= the wasm-bindgen in Cargo.lock) · wasm-pack ·
#   geckodriver · Chromium + chromedriver + Firefox · npm packages
#
# Tool versions are pinned here so every machine tests with the same ones.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1

export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[setup] %s\n' "$*"; }

# Runs a step and reports how long it took, so slow installs are visible in CI logs.
timed() {
  local what=$1
  shift
  local start=$SECONDS
  "$@"
  log "$what: done in $((SECONDS - start)) s"
}

# Prints the version a `--version` line ends with ("wasm-pack 0.15.1" -> 0.15.1).
installed_version() {
  "$1" --version 2>/dev/null | head -n1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# --- wasm target -------------------------------------------------------------
# Read whole before grep -q looks (a pipe into grep -q can fail under
# pipefail when grep stops reading early).
installed_targets=$(rustup target list --installed)
if grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  log "wasm32-unknown-unknown target: present"
else
  timed "wasm32-unknown-unknown target" rustup target add wasm32-unknown-unknown
fi

# --- wasm32-wasip1: scripts/wasi.mjs builds a WASI app that uses the crate ---
installed_targets=$(rustup target list --installed)
if grep -qx wasm32-wasip1 <<<"$installed_targets"; then
  log "wasm32-wasip1 target: present"
else
  timed "wasm32-wasip1 target" rustup target add wasm32-wasip1
fi

# --- the MSRV toolchain, for scripts/msrv.sh -----------------------------------
msrv=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml)
if [ -z "$msrv" ]; then
  log "could not read rust-version from Cargo.toml" >&2
  exit 1
fi
toolchains=$(rustup toolchain list)
msrv_targets=$(rustup target list --installed --toolchain "$msrv" 2>/dev/null || true)
if grep -q "^$msrv-" <<<"$toolchains" && grep -qx wasm32-unknown-unknown <<<"$msrv_targets"; then
  log "Rust $msrv (MSRV) with wasm32-unknown-unknown: present"
else
  timed "Rust $msrv (MSRV) with wasm32-unknown-unknown" \
    rustup toolchain install "$msrv" --profile minimal --target wasm32-unknown-unknown
fi

# --- wasm-bindgen-cli: must match the wasm-bindgen crate exactly --------------
if [ ! -f Cargo.lock ]; then
  cargo generate-lockfile
fi
wanted_bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$wanted_bindgen" ]; then
  log "could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if [ "$(installed_version wasm-bindgen)" = "$wanted_bindgen" ] &&
  [ "$(installed_version wasm-bindgen-test-runner)" = "$wanted_bindgen" ]; then
  log "wasm-bindgen-cli $wanted_bindgen: present"
else
  # No --locked: the registry mirror can lag behind the CLI's own lock file.
  timed "wasm-bindgen-cli $wanted_bindgen" cargo install wasm-bindgen-cli --version "$wanted_bindgen" --force
fi

# --- wasm-pack (from crates.io: the npm wrapper downloads a binary) -----------
if [ "$(installed_version wasm-pack)" = "$WASM_PACK_VERSION" ]; then
  log "wasm-pack $WASM_PACK_VERSION: present"
else
  timed "wasm-pack $WASM_PACK_VERSION" cargo install wasm-pack --version "$WASM_PACK_VERSION" --force
fi

# --- geckodriver ---------------------------------------------------------------
if [ "$(installed_version geckodriver)" = "$GECKODRIVER_VERSION" ]; then
  log "geckodriver $GECKODRIVER_VERSION: present"
else
  timed "geckodriver $GECKODRIVER_VERSION" cargo install geckodriver --version "$GECKODRIVER_VERSION" --force
fi

# --- browsers and chromedriver from the system package manager ----------------
if command -v chromium >/dev/null && command -v chromedriver >/dev/null &&
  { command -v firefox >/dev/null || command -v firefox-esr >/dev/null; }; then
  log "chromium, chromedriver, firefox: present"
else
  install_browsers() {
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver firefox-esr >/dev/null
  }
  timed "chromium, chromedriver, firefox" install_browsers
fi

# --- npm packages (test server, JS tests) --------------------------------------
# `npm ci` only when the lock file changed since the last install.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.setup-lock-hash
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  log "npm packages: present"
else
  timed "npm packages" npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi

log "all tools present"
