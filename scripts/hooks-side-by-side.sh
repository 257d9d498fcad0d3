#!/usr/bin/env bash
# The same component test two ways, measured (docs/testing.md, "The same
# test without a server"): the chat of hooks/yew/tests/chat/ tested against
# the mock server of the `testing` feature (mock_server.rs) and against the
# local test server (test_server.rs). Prints each file's lines and, per
# browser, the median of RUNS runs (default 5, taken in turns, in this one
# run of the script) of the tests' own time in the page ("finished in", as
# wasm-bindgen-test reports it) and of the whole command (browser start
# included).
#
# Uses the test server on WS_TEST_PORT (default 8787) if one answers there,
# or starts one.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export WS_TEST_PORT=${WS_TEST_PORT:-8787}
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-300}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
runs=${RUNS:-5}
dir=hooks/yew/tests/chat

server_ready() {
  node -e "fetch('http://127.0.0.1:$WS_TEST_PORT/control/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}
if ! server_ready; then
  node tests/server/server.mjs --port "$WS_TEST_PORT" >/dev/null 2>&1 &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null' EXIT
  for _ in $(seq 1 50); do server_ready && break; sleep 0.2; done
fi

cargo test -q -p wasm-websocket-yew --target wasm32-unknown-unknown --test chat --no-run

# lines FILE: all lines, and those that are neither blank nor comments.
lines() {
  echo "$(wc -l <"$1") lines, $(grep -cvE '^\s*(//.*)?$' "$1") of code"
}
echo "mock_server.rs: $(lines $dir/mock_server.rs)"
echo "test_server.rs: $(lines $dir/test_server.rs)"
echo "(shared by both: the component, $(wc -l <$dir/component.rs) lines, and page.rs, $(wc -l <$dir/page.rs) lines)"

samples=$(mktemp)
for browser in chromium firefox; do
  case $browser in
    chromium) driver=(CHROMEDRIVER="$(command -v chromedriver)") ;;
    firefox) driver=(GECKODRIVER="$(command -v geckodriver)") ;;
  esac
  for _ in $(seq 1 "$runs"); do
    for half in mock_server test_server; do
      start=$(date +%s.%N)
      output=$(env "${driver[@]}" cargo test -p wasm-websocket-yew --target wasm32-unknown-unknown --test chat -- "$half::" 2>&1) || {
        printf '%s\n' "$output"
        exit 1
      }
      end=$(date +%s.%N)
      in_page=$(printf '%s\n' "$output" | grep -oE 'finished in [0-9.]+s' | grep -oE '[0-9.]+' | tail -1)
      echo "$browser $half $in_page $start $end" >>"$samples"
    done
  done
done

node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split(" "));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
for (const browser of ["chromium", "firefox"]) {
  for (const half of ["mock_server", "test_server"]) {
    const mine = rows.filter((r) => r[0] === browser && r[1] === half);
    const inPage = median(mine.map((r) => Number(r[2])));
    const wall = median(mine.map((r) => Number(r[4]) - Number(r[3])));
    console.log(`${browser} ${half}: tests ${inPage.toFixed(2)} s, whole command ${wall.toFixed(1)} s (median of ${mine.length})`);
  }
}' "$samples"
rm -f "$samples"
