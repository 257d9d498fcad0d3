#!/usr/bin/env bash
# The crate as `cargo publish` would upload it:
#   - `cargo package` builds it on its own (natively), from the .crate file,
#     and `cargo publish --dry-run` does all but the upload;
#   - the .crate holds the library, its manifest, README, CHANGELOG and both
#     licences, and nothing else (no tests, test server, scripts, benchmark,
#     examples or npm build);
#   - the unpacked .crate also builds for wasm32, with every feature, as
#     docs.rs builds it;
#   - the docs.rs metadata documents the wasm32 build with every feature;
#   - the README, the crate's page, has under 300 lines and no relative links.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}

# Cargo warns once per test target left out of the package, as they all are
# by design: those lines are dropped.
quiet_tests() { grep -v '^warning: ignoring test .* is not included in the published package$' || true; }

# The README is the crate's page on crates.io, and the only file of the
# repository that ships with it: it stays a page for starting (under 300
# lines; reference goes to docs/ and bench/README.md), and its links to
# other files are full URLs, since a relative one leads nowhere there.
readme_lines=$(wc -l <README.md)
echo "[package] README.md: $readme_lines lines"
if [ "$readme_lines" -ge 300 ]; then
  echo "[package] README.md has $readme_lines lines; keep it under 300 (move reference to docs/)" >&2
  exit 1
fi
relative_links=$(grep -nE '\]\([^)#][^):]*\)' README.md || true)
if [ -n "$relative_links" ]; then
  echo "[package] README.md links to files by relative path (use https://github.com/wasm-websocket/wasm-websocket/blob/main/...):" >&2
  echo "$relative_links" >&2
  exit 1
fi

# --allow-dirty: the check is of the working tree, committed or not.
echo "[package] cargo package"
cargo package --allow-dirty 2>&1 | quiet_tests
echo "[package] cargo publish --dry-run"
cargo publish --dry-run --allow-dirty 2>&1 | quiet_tests

echo "[package] contents"
files=$(cargo package --list --allow-dirty)
printf '%s\n' "$files"
# What cargo adds by itself: the original manifest, the lock file and the
# commit the package was made from.
allowed='^(src/.+\.rs|Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|\.cargo_vcs_info\.json|README\.md|CHANGELOG\.md|LICENSE-MIT|LICENSE-APACHE)$'
unexpected=$(printf '%s\n' "$files" | grep -Ev "$allowed" || true)
if [ -n "$unexpected" ]; then
  echo "[package] not for the crate: $unexpected" >&2
  exit 1
fi
for required in src/lib.rs Cargo.toml README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE; do
  # A here-string, not a pipe: with pipefail, a grep -q that stops reading
  # early can fail the pipeline through its writer's SIGPIPE.
  if ! grep -qxF -- "$required" <<<"$files"; then
    echo "[package] missing from the crate: $required" >&2
    exit 1
  fi
done

version=$(cargo metadata --no-deps --format-version 1 |
  node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(m.packages.find((p) => p.name === "wasm-websocket").version)')
unpacked=$target_dir/package/wasm-websocket-$version
echo "[package] the unpacked crate for wasm32 with every feature"
(cd "$unpacked" &&
  CARGO_TARGET_DIR=$target_dir/package-wasm32 cargo build --locked --all-features --target wasm32-unknown-unknown)

echo "[package] docs.rs metadata"
cargo metadata --no-deps --format-version 1 | node -e '
const assert = require("node:assert/strict");
const packages = JSON.parse(require("fs").readFileSync(0, "utf8")).packages;
const docs = packages.find((p) => p.name === "wasm-websocket").metadata?.docs?.rs;
assert.deepEqual(docs, {
  "default-target": "wasm32-unknown-unknown",
  targets: ["wasm32-unknown-unknown"],
  "all-features": true,
  "rustdoc-args": ["--cfg", "docsrs"],
}, "[package.metadata.docs.rs] in Cargo.toml");
console.log("[package] docs.rs: wasm32-unknown-unknown, all features, --cfg docsrs");
'
