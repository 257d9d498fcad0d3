// Where the JS tests find things: the built package (pkg/, or $JS_PKG_DIR
// as js/build.mjs uses it), and the test server ($WS_TEST_PORT, as
// scripts/test.sh sets it; 8787 by default).
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const packageDir = process.env.JS_PKG_DIR ? path.resolve(process.env.JS_PKG_DIR) : path.join(root, "pkg");
export const serverPort = Number(process.env.WS_TEST_PORT || 8787);
export const serverHost = `127.0.0.1:${serverPort}`;
/** Test artifacts (screenshots, the packed tarball) go here, ignored by git. */
export const artifactDir = path.join(root, "target", "js-tests");
