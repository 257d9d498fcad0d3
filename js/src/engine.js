// The Rust engine the socket classes are written around: it connects,
// sends, reads and closes, through the wasm-websocket crate. The module's
// start function (lib.rs) hands it over when the WebAssembly module is
// instantiated, before anything of the package can be used.

export let engine;

export function provide(given) {
  engine = given;
}
