// The package's entry for Node (selected by the "node" condition of
// "exports"): reads the WebAssembly module from disk, since the browser
// entry's fetch() cannot load file: URLs. Nothing global is changed: the
// engine reads Node's own event classes by their fields, and takes Node's
// `error` during a failed handshake (with no `close` after it) as the
// failure.
import { readFileSync } from "node:fs";
import { initSync } from "./wasm_websocket.js";

initSync({ module: readFileSync(new URL("./wasm_websocket_bg.wasm", import.meta.url)) });

export * from "./wasm_websocket.js";
