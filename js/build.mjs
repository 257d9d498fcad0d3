// Builds the npm package `wasm-websocket` from the binding crate in this
// directory (`wasm-websocket-js`, over the library's public API):
//
//   node js/build.mjs [--dev]
//
// (JS_PKG_DIR: where the package goes; JS_FEATURES: the binding crate's
// cargo features, only to build a variant to compare with.)
//
// wasm-pack compiles the crate and writes the bindings and their TypeScript
// declarations; this script adds what wasm-pack does not: the entries that
// load the WebAssembly module by themselves (index.js for browsers and
// bundlers, node.js for Node), an `exports` map choosing between them, and
// the package's README. The package goes to pkg/ (or $JS_PKG_DIR); `npm pack`
// in that directory makes the tarball to publish.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { shortenImportNames } from "./import_names.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const packageDir = process.env.JS_PKG_DIR
  ? path.resolve(process.env.JS_PKG_DIR)
  : path.join(root, "pkg");

/**
 * The environment of the Rust build. Panic messages carry the source file
 * they come from, and those paths would ship in the module as this
 * machine's: the registry's and the checkout's are written as `crates/...`
 * and `wasm-websocket/...` instead, so the package is the same wherever it
 * is built.
 */
function buildEnv() {
  const cargoHome = process.env.CARGO_HOME ?? path.join(os.homedir(), ".cargo");
  // Each registry's folder (`index.crates.io-<hash>`) goes too: the
  // module carries a dozen of these paths, and a hash is what compresses
  // worst. Where two remappings match, rustc takes the last.
  const registry = path.join(cargoHome, "registry", "src");
  const registries = fs.existsSync(registry) ? fs.readdirSync(registry) : [];
  const remaps = [
    `--remap-path-prefix=${registry}=crates`,
    ...registries.map((name) => `--remap-path-prefix=${path.join(registry, name)}=crates`),
    `--remap-path-prefix=${root}=wasm-websocket`,
  ];
  // The encoded form (flags split by 0x1f) keeps a path with spaces whole;
  // cargo reads it instead of RUSTFLAGS, whose flags are kept.
  const given = process.env.CARGO_ENCODED_RUSTFLAGS
    ? process.env.CARGO_ENCODED_RUSTFLAGS.split("\x1f")
    : (process.env.RUSTFLAGS ?? "").split(/\s+/);
  const flags = [...given.filter(Boolean), ...remaps].join("\x1f");
  return { ...process.env, CARGO_ENCODED_RUSTFLAGS: flags };
}

function build({ dev = false } = {}) {
  const args = [
    "build",
    "--target", "web",
    // Never download tools (wasm-bindgen, wasm-opt): setup installs them.
    "--mode", "no-install",
    dev ? "--dev" : "--release",
    "--out-dir", packageDir,
    "--out-name", "wasm_websocket",
    // The binding crate beside this script (the library has no JS exports).
    here,
  ];
  // Cargo features of the binding crate, for comparisons only (e.g.
  // `std-allocator`); the published package is built without any.
  if (process.env.JS_FEATURES) args.push("--", "--features", process.env.JS_FEATURES);
  const result = spawnSync("wasm-pack", args, { cwd: root, stdio: "inherit", env: buildEnv() });
  if (result.error?.code === "ENOENT") {
    throw new Error(
      "wasm-pack is not installed (or not on PATH). Install it with " +
        "`cargo install wasm-pack`, or run `npm run setup`, which installs every tool " +
        "the build needs (the wasm32 target, wasm-bindgen-cli, wasm-pack).",
    );
  }
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`wasm-pack build failed with exit code ${result.status}`);
  }
  for (const file of ["index.js", "node.js", "README.md"]) {
    fs.copyFileSync(path.join(here, file), path.join(packageDir, file));
  }
  // The licence texts live at the repository's root, not beside the
  // binding crate, so wasm-pack does not find them by itself.
  for (const file of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    fs.copyFileSync(path.join(root, file), path.join(packageDir, file));
  }
  if (!dev) {
    shrink(path.join(packageDir, "wasm_websocket_bg.wasm"));
    shortenImportNames(path.join(packageDir, "wasm_websocket_bg.wasm"), path.join(packageDir, "wasm_websocket.js"));
  }
  copyClassModules();
  // The declarations of index.js and node.js are those of the bindings.
  fs.writeFileSync(path.join(packageDir, "index.d.ts"), 'export * from "./wasm_websocket.js";\n');
  writeManifest();
}

/**
 * Optimises the module for size with binaryen's wasm-opt (an npm package of
 * this project, installed by `npm ci`) and drops its names and producer
 * notes: every page that imports the package downloads and compiles it, and
 * names are only for a profiler. wasm-pack's own wasm-opt step is off (see
 * Cargo.toml) because it would download binaryen at build time.
 */
function shrink(file) {
  const wasmOpt = path.join(root, "node_modules", ".bin", "wasm-opt");
  if (!fs.existsSync(wasmOpt)) {
    throw new Error(
      "binaryen's wasm-opt is not installed: run `npm ci` (or `npm run setup`) first",
    );
  }
  const args = [
    "-Oz",
    "--strip-debug",
    "--strip-producers",
    // The features rustc enables for wasm32 by default, which the module uses.
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
    file,
    "-o", file,
  ];
  const result = spawnSync(wasmOpt, args, { stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`wasm-opt failed with exit code ${result.status}`);
  }
}

/**
 * The package's classes are JavaScript modules in src/, which import one
 * another. wasm-bindgen copies into snippets/ only those the Rust code
 * imports from (errors.js, socket.js, ...): the others go beside them, so
 * that every relative import resolves.
 */
function copyClassModules() {
  const snippets = path.join(packageDir, "snippets");
  const [crate] = fs.readdirSync(snippets).filter((name) => name.startsWith("wasm-websocket-js-"));
  if (!crate) throw new Error("wasm-bindgen wrote no snippets of wasm-websocket-js");
  const source = path.join(here, "src");
  for (const file of fs.readdirSync(source).filter((name) => name.endsWith(".js"))) {
    fs.copyFileSync(path.join(source, file), path.join(snippets, crate, "src", file));
  }
}

/** Completes the package.json that wasm-pack wrote from Cargo.toml. */
function writeManifest() {
  const file = path.join(packageDir, "package.json");
  const generated = JSON.parse(fs.readFileSync(file, "utf8"));
  const hasSnippets = fs.existsSync(path.join(packageDir, "snippets"));
  const manifest = {
    name: "wasm-websocket",
    version: generated.version,
    description:
      "A better WebSocket for browsers and Node: await connect(), for-await messages, " +
      "typed errors, nothing silently dropped, and a reconnecting socket with backoff " +
      "and an offline queue. Compiled from Rust to WebAssembly.",
    license: generated.license,
    repository: generated.repository,
    keywords: [
      "websocket",
      "reconnecting-websocket",
      "reconnect",
      "async-iterator",
      "typescript",
      "wasm",
      "browser",
    ],
    type: "module",
    main: "./index.js",
    module: "./index.js",
    types: "./index.d.ts",
    exports: {
      ".": {
        types: "./index.d.ts",
        node: "./node.js",
        default: "./index.js",
      },
      // For loading the .wasm yourself: `import init, { Socket } from
      // "wasm-websocket/init"; await init({ module_or_path })`.
      "./init": {
        types: "./wasm_websocket.d.ts",
        default: "./wasm_websocket.js",
      },
      "./wasm_websocket_bg.wasm": "./wasm_websocket_bg.wasm",
      "./package.json": "./package.json",
    },
    files: [
      "index.js",
      "index.d.ts",
      "node.js",
      "wasm_websocket.js",
      "wasm_websocket.d.ts",
      "wasm_websocket_bg.wasm",
      "wasm_websocket_bg.wasm.d.ts",
      "LICENSE-MIT",
      "LICENSE-APACHE",
      ...(hasSnippets ? ["snippets/"] : []),
    ],
    // The entries load the module when imported: not to be tree-shaken away.
    sideEffects: ["./index.js", "./node.js", ...(hasSnippets ? ["./snippets/*"] : [])],
    engines: { node: ">=20" },
  };
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    build({ dev: process.argv.includes("--dev") });
    console.log(`package built in ${path.relative(root, packageDir) || "."}`);
  } catch (error) {
    console.error(`build failed: ${error.message}`);
    process.exitCode = 1;
  }
}
