#!/usr/bin/env bash
# `npm start`: builds the npm package into www/pkg and serves the demo page
# with the local test server (echo endpoints and all) on one loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh
port=${WS_TEST_PORT:-8787}
wasm-pack build --target web --mode no-install --out-dir www/pkg --release -- --features js
echo
echo "demo: http://127.0.0.1:$port/   (Ctrl-C stops it)"
exec node tests/server/server.mjs --port "$port" --static www
