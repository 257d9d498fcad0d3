#!/usr/bin/env bash
# The benchmark (`npm run bench`): raw JavaScript, wasm-websocket, its
# reconnecting socket and the peer crates, in one page per browser, against
# the local test server; then the size of a minimal echo app per crate; then
# the tables (target/bench/results.md, also printed).
#
# Environment (all optional):
#   BENCH_BROWSERS   "chromium firefox" (default) or one of them
#   BENCH_PORT       the test server's port, default 8795 (it also takes the next one)
#   BENCH_REPS       measured repetitions, default 15 (enough for a 95 % interval
#                    of the median that leaves out the three extremes on each side)
#   BENCH_CYCLE_REPS repetitions of the connect/close workload, default 1
#   BENCH_SMALL, BENCH_BIN64K, BENCH_BIN1M, BENCH_BIN16M   message counts
#                    (default 20000, 2000, 32, 4); BENCH_BLOB: Blob burst pairs (100)
#   BENCH_RTT        round trips (2000); BENCH_CYCLES: connect/close cycles (10000)
#   BENCH_IMPLS, BENCH_WORKLOADS   comma lists to run only some (see bench/src)
#   BENCH_SKIP_SIZE=1  skip the size comparison
# The defaults take about 25 min, most of it the connect/close cycles in
# Chromium (10 ms each of them is Chromium's own delay between connections to
# one host). A quick run: BENCH_REPS=1 BENCH_SMALL=2000 BENCH_BIN64K=50 BENCH_CYCLES=100 npm run bench
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

export BENCH_PORT=${BENCH_PORT:-8795}
browsers=${BENCH_BROWSERS:-chromium firefox}
out=target/bench
mkdir -p "$out"
log() { printf '[bench] %s\n' "$*"; }

# --- the local test server ---------------------------------------------------------
node tests/server/server.mjs --port "$BENCH_PORT" >"$out/server.log" 2>&1 &
server_pid=$!
stop_server() { kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; }
trap stop_server EXIT
server_ready() {
  node -e "fetch('http://127.0.0.1:$BENCH_PORT/control/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}
for _ in $(seq 1 50); do
  server_ready && break
  sleep 0.2
done
server_ready || { log "the test server did not start on port $BENCH_PORT:"; cat "$out/server.log"; exit 1; }

# --- the machine, for the report ---------------------------------------------------
first_line() { "$@" 2>/dev/null | head -n1 || echo "unknown"; }
node -e '
  const [cpu, cores, memory, os, chromium, firefox, rustc] = process.argv.slice(1);
  console.log(JSON.stringify({ date: new Date().toISOString().slice(0, 10), cpu, cores, memory, os,
    chromium, firefox, rustc, node: process.versions.node }));
' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//' || echo unknown)" \
  "$(nproc)" "$(free -g | awk '/^Mem:/ { print $2 " GiB" }')" \
  "$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -sr)" \
  "$(first_line chromium --version)" "$(first_line firefox --version)" "$(first_line rustc --version)" \
  >"$out/machine.json"

# --- speed: one page per browser ---------------------------------------------------
# One browser per run: with both drivers exported the runner uses Firefox twice.
run_browser() {
  local browser=$1 driver_var driver
  case $browser in
    chromium) driver_var=CHROMEDRIVER driver=$(command -v chromedriver) ;;
    firefox) driver_var=GECKODRIVER driver=$(command -v geckodriver) ;;
    *) log "unknown browser $browser"; return 1 ;;
  esac
  log "$browser: building and running (the output comes at the end)"
  (
    cd bench
    env "$driver_var=$driver" \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
      WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-3600}" \
      nice -n 10 cargo test --release --target wasm32-unknown-unknown --test bench -- --nocapture
  ) >"$out/$browser.log" 2>&1 || { log "$browser: the run failed, see $out/$browser.log"; tail -n 20 "$out/$browser.log"; }
}
logs=()
for browser in $browsers; do
  run_browser "$browser"
  logs+=(--log "$browser=$out/$browser.log")
done

# --- size: a minimal echo app per crate --------------------------------------------
sizes=()
if [ "${BENCH_SKIP_SIZE:-0}" != 1 ]; then
  log "size: building the echo apps"
  rm -rf "$out/size" "$out/size-bindgen"
  mkdir -p "$out/size" "$out/size-bindgen"
  apps=$(cd bench/size && ls -d */ | tr -d /)
  (cd bench && nice -n 10 cargo build --profile size --target wasm32-unknown-unknown \
    $(for app in $apps; do printf -- '-p size-%s ' "$app"; done))
  if [ ! -x bench/node_modules/.bin/wasm-opt ]; then
    (cd bench && npm install --no-audit --no-fund) || log "binaryen could not be installed: no wasm-opt figures"
  fi
  for app in $apps; do
    crate=size_$(echo "$app" | tr - _)
    # Without the name and producers sections: they are not code, and a
    # size-conscious app does not ship them.
    wasm-bindgen --target web --remove-name-section --remove-producers-section \
      --out-dir "$out/size-bindgen" --out-name "$app" \
      "bench/target/wasm32-unknown-unknown/size/$crate.wasm"
    cp "$out/size-bindgen/${app}_bg.wasm" "$out/size/$app.wasm"
    if [ -x bench/node_modules/.bin/wasm-opt ]; then
      # The features rustc enables for wasm32 by default, which wasm-opt must accept.
      bench/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
        --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$out/size/$app.wasm" -o "$out/size/$app.opt.wasm" ||
        log "wasm-opt failed for $app"
    fi
  done
  sizes=(--sizes "$out/size")
  # The npm package as a page ships it: built as published (wasm-opt -Oz,
  # no names), then a minimal app importing it bundled and minified.
  log "size: the npm package"
  if JS_PKG_DIR="$out/npm-pkg" node js/build.mjs >"$out/npm-build.log" 2>&1 &&
    JS_PKG_DIR="$out/npm-pkg" node scripts/npm-size.mjs --json "$out/npm-size.json"; then
    sizes+=(--npm-size "$out/npm-size.json")
  else
    log "the npm package size could not be measured, see $out/npm-build.log"
  fi
fi

# --- the tables --------------------------------------------------------------------
node scripts/bench-report.mjs "${logs[@]}" "${sizes[@]}" --machine "$out/machine.json" --out "$out/results.md"
echo
log "written to $out/results.md"
