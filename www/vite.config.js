// Builds the demo as a JS user's app would be built: Vite bundling an app
// that imports the `wasm-websocket` package. The alias stands in for
// `npm install wasm-websocket`, pointing at the package js/build.mjs made
// (pkg/, or $JS_PKG_DIR). The output (www/dist, or $DEMO_OUT_DIR) is static
// files: `npm start` and the end-to-end test serve it as they are.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = process.env.JS_PKG_DIR
  ? path.resolve(process.env.JS_PKG_DIR)
  : path.resolve(here, "../pkg");

export default defineConfig({
  root: here,
  // Relative asset URLs: the built page works from any path.
  base: "./",
  resolve: { alias: { "wasm-websocket": packageDir } },
  // The dev server's dependency pre-bundling would lose the .wasm file.
  optimizeDeps: { exclude: ["wasm-websocket"] },
  build: {
    outDir: process.env.DEMO_OUT_DIR ? path.resolve(process.env.DEMO_OUT_DIR) : path.join(here, "dist"),
    emptyOutDir: true,
  },
});
