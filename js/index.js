// The package's entry for browsers and bundlers: loads the WebAssembly
// module (fetched next to this file; bundlers such as Vite rewrite the URL
// and copy the file) before anything is exported, so that importers use
// the classes at once, without an init() call.
import init from "./wasm_websocket.js";

await init();

export * from "./wasm_websocket.js";
