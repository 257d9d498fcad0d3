// The npm package's size as a page ships it: a minimal app that imports the
// package (bench/npm-size/) bundled and minified by Vite, as a JS user's
// bundler would, then every emitted file (JS and WebAssembly) compressed
// with gzip -9 and with brotli (best quality), and summed.
//
//   node scripts/npm-size.mjs [--json FILE]
//
// Needs the package built (node js/build.mjs, into pkg/ or $JS_PKG_DIR).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { build } from "vite";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const packageDir = process.env.JS_PKG_DIR ? path.resolve(process.env.JS_PKG_DIR) : path.join(root, "pkg");
if (!fs.existsSync(path.join(packageDir, "package.json"))) {
  console.error(`no package in ${packageDir}: run \`node js/build.mjs\` first`);
  process.exit(1);
}
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "npm-size-"));
await build({
  root: path.join(root, "bench", "npm-size"),
  base: "./",
  logLevel: "warn",
  configFile: false,
  resolve: { alias: { "wasm-websocket": packageDir } },
  build: { outDir, emptyOutDir: true, target: "es2022", minify: true },
});

const files = [];
for (const name of fs.readdirSync(path.join(outDir, "assets"))) {
  const bytes = fs.readFileSync(path.join(outDir, "assets", name));
  files.push({
    file: name.replace(/-[\w-]{8}\./, "."),
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  });
}
fs.rmSync(outDir, { recursive: true, force: true });
files.sort((a, b) => a.file.localeCompare(b.file));
const total = { file: "total", raw: 0, gzip: 0, brotli: 0 };
for (const entry of files) for (const key of ["raw", "gzip", "brotli"]) total[key] += entry[key];
files.push(total);

const kb = (bytes) => (bytes / 1000).toFixed(1);
console.log("| file | raw KB | gzip -9 KB | brotli KB |");
console.log("|---|---:|---:|---:|");
for (const entry of files) {
  console.log(`| ${entry.file} | ${kb(entry.raw)} | ${kb(entry.gzip)} | ${kb(entry.brotli)} |`);
}
const jsonAt = process.argv.indexOf("--json");
if (jsonAt > 0) fs.writeFileSync(process.argv[jsonAt + 1], JSON.stringify(files, null, 2) + "\n");
