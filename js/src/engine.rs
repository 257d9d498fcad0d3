//! The engine the JavaScript classes are written around. The package's
//! classes (`Socket`, `ReconnectingSocket`, `MessageIterator`) are
//! JavaScript modules beside this file: what they do with JS values
//! (options, listeners, event objects, error messages) costs far less as
//! JS than as Rust behind `#[wasm_bindgen]`. What they cannot do
//! themselves they ask of [`Engine`], which the module's start function
//! hands to `engine.js` when the WebAssembly module is instantiated.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/engine.js")]
extern "C" {
    fn provide(engine: Engine);
}

/// Makes the connections: one method per socket class (`connect` in
/// `socket.rs`). Private: the package's own classes are its only users.
#[wasm_bindgen(private)]
pub struct Engine;

#[wasm_bindgen(start)]
fn start() {
    provide(Engine);
}
