#!/usr/bin/env bash
# `npm start`: builds the npm package into pkg/, builds the demo page with
# Vite (www/ into www/dist, importing the package as an app would), and
# serves it with the local test server (echo endpoints, control API) on one
# loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh
port=${WS_TEST_PORT:-8787}
node js/build.mjs
npx --no-install vite build --config www/vite.config.js
echo
echo "demo: http://127.0.0.1:$port/   (Ctrl-C stops it)"
exec node tests/server/server.mjs --port "$port" --static www/dist
