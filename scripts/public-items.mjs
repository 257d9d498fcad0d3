// Counts the public items a user of the library can reach from its root:
// types, traits, functions, constants, statics, type aliases and macros, at
// the root and in its public modules (modules themselves, and what belongs
// to an item, such as methods, fields and variants, are not counted).
//
//   node scripts/public-items.mjs [--max N] [--list]
//
// It reads the rustdoc JSON of the library (made here with every feature,
// for wasm32, as docs.rs documents it). The JSON output is unstable in
// rustdoc; RUSTC_BOOTSTRAP lets the stable toolchain emit it, so no nightly
// is needed. With --max, it fails when the count is over N.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const maxAt = args.indexOf("--max");
const max = maxAt >= 0 ? Number(args[maxAt + 1]) : null;
const list = args.includes("--list");

const target = "wasm32-unknown-unknown";
const targetDir = path.join(root, "target", "public-items");
execFileSync(
  "cargo",
  [
    "rustdoc", "--lib", "-p", "wasm-websocket", "--all-features", "--target", target,
    "--target-dir", targetDir, "--",
    "-Z", "unstable-options", "--output-format", "json",
  ],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, RUSTC_BOOTSTRAP: "1" } },
);
const doc = JSON.parse(
  fs.readFileSync(path.join(targetDir, target, "doc", "wasm_websocket.json"), "utf8"),
);

const counted = new Set(["struct", "enum", "union", "trait", "trait_alias", "function", "constant", "static", "type_alias", "macro"]);

/// The kind of an item: the one key of its `inner`.
function kind(item) {
  return Object.keys(item.inner)[0];
}

const found = new Map(); // id -> path as a user writes it
const seenModules = new Set();

function visitModule(id, prefix) {
  if (seenModules.has(id)) return;
  seenModules.add(id);
  const module = doc.index[id];
  for (const childId of module.inner.module.items) {
    visit(childId, prefix);
  }
}

function visit(id, prefix, name) {
  const item = doc.index[id];
  if (!item || item.visibility !== "public") return;
  const itemKind = kind(item);
  if (itemKind === "use") {
    const use = item.inner.use;
    // A re-export of an item of this crate (external ones are not ours).
    if (use.id != null && doc.index[use.id] && doc.index[use.id].crate_id === 0) {
      if (use.is_glob) {
        visitModule(use.id, prefix);
      } else {
        visit(use.id, prefix, use.name);
      }
    }
    return;
  }
  const shown = name ?? item.name;
  if (itemKind === "module") {
    visitModule(id, `${prefix}${shown}::`);
  } else if (counted.has(itemKind) && !found.has(id)) {
    found.set(id, `${prefix}${shown}`);
  }
}

visitModule(doc.root, "");
const paths = [...found.values()].sort();
if (list) {
  for (const line of paths) console.log(line);
}
const byModule = {};
for (const line of paths) {
  const module = line.includes("::") ? line.slice(0, line.lastIndexOf("::")) : "(root)";
  byModule[module] = (byModule[module] ?? 0) + 1;
}
const parts = Object.entries(byModule).map(([module, n]) => `${n} in ${module}`).join(", ");
console.log(`public items: ${paths.length} (${parts})`);
if (max != null && paths.length > max) {
  console.error(`more than ${max} public items`);
  process.exit(1);
}
