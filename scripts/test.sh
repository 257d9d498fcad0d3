#!/usr/bin/env bash
# The project's whole test command (`npm test`): set-up, the local test server,
# lints, native tests, and the browser suite in headless Chromium and Firefox.
# Every step runs even when an earlier one failed, so one run shows everything;
# the exit code is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh || { echo "[test] set-up failed"; exit 1; }

export WS_TEST_PORT=${WS_TEST_PORT:-8787}
# The browser tests run 10,000-cycle leak checks; the default 20 s is too short.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}

logs=target/test-logs
rm -rf "$logs"
mkdir -p "$logs"

# --- the local test server ------------------------------------------------------
node tests/server/server.mjs --port "$WS_TEST_PORT" >"$logs/server.log" 2>&1 &
server_pid=$!
stop_server() { kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; }
trap stop_server EXIT

server_ready() {
  node -e "fetch('http://127.0.0.1:$WS_TEST_PORT/control/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}
for _ in $(seq 1 50); do
  server_ready && break
  sleep 0.2
done
if ! server_ready; then
  echo "[test] the test server did not start on port $WS_TEST_PORT:"
  cat "$logs/server.log"
  exit 1
fi
echo "[test] test server on http://127.0.0.1:$WS_TEST_PORT"

# --- steps ------------------------------------------------------------------------
results=()
failed_steps=0

# run_step NAME COMMAND...: runs it with its output shown and kept in a log.
run_step() {
  local name=$1
  shift
  local log="$logs/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-').log"
  echo
  echo "=== $name: $*"
  local start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local took=$((SECONDS - start))
  if [ "$status" = 0 ]; then
    results+=("$name ok (${took}s)")
  else
    results+=("$name FAILED (${took}s)")
    failed_steps=$((failed_steps + 1))
  fi
}

# With every feature, so that the typed-message (codec) scenarios and the
# mock server's (tests/mock, the `testing` feature) run too. Without
# `--test`, every binary under tests/ runs, tests/mock included.
wasm_test() {
  wasm-pack test --headless "$@" --mode no-install --all-features
}

run_step "fmt" cargo fmt --all --check
run_step "clippy host" cargo clippy --workspace --all-targets --all-features -- -D warnings
run_step "clippy wasm32" cargo clippy --workspace --all-targets --all-features --target wasm32-unknown-unknown -- -D warnings
run_step "rustdoc" env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace --all-features
run_step "test server" node --test tests/server/
run_step "native tests" cargo test --all-features
# The reconnecting socket's sans-IO core through 100,000 random fault
# schedules (src/core/machine/schedules.rs), optimised so that it takes
# seconds; it prints how many schedules and steps it checked.
run_step "core schedules" env SCHEDULES=100000 cargo test --profile schedules --lib core::machine::schedules -- --nocapture
# The npm binding's own logic that runs without JS: its allocator and numbers.
run_step "native tests (npm binding)" cargo test -p wasm-websocket-js --lib
# The library with the toolchain its rust-version names, for wasm32 and natively.
run_step "msrv" bash scripts/msrv.sh
# Apps on the oldest and the newest wasm-bindgen the crate supports, each in
# its own workspace as a user's app is, resolve and build for wasm32.
run_step "downstream" bash scripts/downstream.sh
# A WASI app that uses the crate: builds, imports only WASI, and gets
# Error::Unsupported (not a panic) from every way in.
run_step "wasi" node --no-warnings scripts/wasi.mjs
# The public surface a user can reach from the library's root, counted
# from rustdoc's JSON and printed (types, traits, functions, constants).
run_step "public items" node scripts/public-items.mjs
# The crate as published: cargo package and publish --dry-run, nothing but the
# library in it, the unpacked .crate built for wasm32, the docs.rs metadata,
# and the README (the crate's page) under 300 lines, with no relative links.
run_step "package" bash scripts/package-check.sh
# One browser per run: exporting both drivers makes the runner use Firefox twice.
run_step "chromium" wasm_test --chrome --chromedriver "$(command -v chromedriver)"
# The socket scenarios again on the stream backend (WebSocketStream), which
# Chromium has; Firefox runs them with the automatic choice, which falls
# back to the classic socket there.
run_step "chromium stream" env WS_TEST_BACKEND=stream bash -c 'wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)" --mode no-install --all-features --test socket'
run_step "firefox" env WS_TEST_BACKEND=auto bash -c 'wasm-pack test --headless --firefox --geckodriver "$(command -v geckodriver)" --mode no-install --all-features'
# The crate in Node (tests/node): its global WebSocket, which Node before 22
# has only with this flag (the flag is not needed, and not passed, after).
# The binary includes the mock server's scenarios (tests/mock/scenarios).
node_options=$(node -p 'Number(process.versions.node.split(".")[0]) < 22 ? "--experimental-websocket" : ""')
run_step "node" env NODE_OPTIONS="$node_options" bash -c 'wasm-pack test --node --mode no-install --all-features --test node'
# The mock server's scenarios again without the flag: a mock server needs no
# global WebSocket (Node before 22 then has none).
run_step "node mock" env NODE_OPTIONS= bash -c 'wasm-pack test --node --mode no-install --all-features --test node -- mock::'
# The benchmark crate (bench/, `npm run bench`) is not run here, only checked,
# so that it cannot rot: formatting, and clippy of it and its size apps for wasm32;
# the report script is syntax-checked and its verdict statistics are tested.
run_step "bench build" bash -c 'node --check scripts/bench-profile.mjs && node --check scripts/bench-report.mjs && node --check scripts/npm-allocator-bench.mjs && node --test scripts/bench-stats.test.mjs && cd bench && cargo fmt --all --check && cargo clippy --workspace --all-targets --target wasm32-unknown-unknown -- -D warnings'
# The npm package (the binding crate in js/): built once, then its manifest and tarball,
# the JS API in Node and in headless Chromium, and the demo page end to end.
# Node before 22 has a global WebSocket only with this flag.
node_ws_flags=$(node -p 'Number(process.versions.node.split(".")[0]) < 22 ? "--experimental-websocket" : ""')
run_step "js package build" node js/build.mjs
# The TypeScript declarations: documented usage compiles, misuse does not.
run_step "js types" npx --no-install tsc -p tests/js/types
# The declarations in an app's own settings (strict, the default lib,
# skipLibCheck off), per moduleResolution, with TypeScript 5 and 7.
run_step "js consumers" node --test tests/js/consumers.test.mjs
run_step "js package" node --test tests/js/package.test.mjs
# The tarball's exact file list: module, glue, declarations, entries, README, licences.
run_step "js pack" node --test tests/js/pack.test.mjs
# The scenarios, and the compatibility suite (tests/js/compat.mjs: what code
# written for the platform's WebSocket, partysocket and reconnecting-websocket
# relies on), in Node and in headless Chromium; each run prints the suite's
# own pass count ("compat suite in Node: N passed, ...").
run_step "js node" node $node_ws_flags --test tests/js/node.test.mjs tests/js/mock_socket.test.mjs
run_step "js browser" node --test tests/js/browser.test.mjs
run_step "demo e2e" bash -c 'npx --no-install vite build --config www/vite.config.js && node --test tests/js/demo.test.mjs'
# The hooks (hooks/leptos, hooks/yew, and hooks/core, the framework-neutral
# half both are built on; clippy and rustdoc cover them above), natively:
# the task's commands, the options and the handle's verbs, a component with
# each hook rendered with server-side rendering, their doc examples.
run_step "hooks" cargo test -p wasm-websocket-leptos -p wasm-websocket-yew -p wasm-websocket-hooks-core
# Components with the hooks in headless Chromium and Firefox. The Yew hook
# against the test server (tests/browser.rs): open, close_with, reconnect,
# typed values, decode errors (the task behind it, in hooks/core, is the
# Leptos hook's too). A chat component with each hook (tests/chat/), tested
# through what it renders against the mock server of the `testing` feature:
# a burst of 100 messages, a reconnect, a send queued while reconnecting;
# the Yew one also against the test server, for comparison. One driver per
# run, as for the library's suite; both crates run even if the first fails.
hooks_browser() {
  local status=0
  env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner "$@" \
    cargo test -p wasm-websocket-yew --target wasm32-unknown-unknown --no-fail-fast --test browser --test chat || status=1
  env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner "$@" \
    cargo test -p wasm-websocket-leptos --target wasm32-unknown-unknown --test chat || status=1
  return "$status"
}
run_step "hooks chromium" hooks_browser CHROMEDRIVER="$(command -v chromedriver)"
run_step "hooks firefox" hooks_browser GECKODRIVER="$(command -v geckodriver)"
# The Yew and Leptos examples (each its own crate, on the hooks, see
# scripts/examples.sh): built for wasm32 and driven in headless Chromium,
# linted, and the Leptos one rendered natively with server-side rendering.
run_step "examples build" bash scripts/examples.sh build
run_step "examples e2e" node --test tests/examples/
run_step "examples lint" bash scripts/examples.sh lint
run_step "examples ssr" bash scripts/examples.sh ssr

# --- summary ------------------------------------------------------------------------
# Tests counted from the runners' own result lines (cargo, wasm-bindgen-test, node).
count() {
  cat "$logs"/*.log | grep -oE "$1" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'
}
passed=$(( $(count 'test result: [a-zA-Z]+\. [0-9]+ passed') + $(count '^(# |ℹ )pass [0-9]+') ))
failed=$(( $(count '[0-9]+ failed;') + $(count '^(# |ℹ )fail [0-9]+') ))

echo
printf '[test] %s\n' "${results[@]}"
if [ "$failed_steps" -gt 0 ] && [ "$failed" = 0 ]; then
  # A lint or build failure has no test count of its own: count the step.
  failed=$failed_steps
fi
echo "summary: $passed passed, $failed failed"
[ "$failed_steps" = 0 ]
