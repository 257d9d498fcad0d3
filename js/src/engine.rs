//! The engine the JavaScript classes are written around. The package's
//! classes (`Socket`, `ReconnectingSocket`, `MessageIterator`) are
//! JavaScript modules beside this file: what they do with JS values
//! (options, listeners, event objects, error messages) costs far less as
//! JS than as Rust behind `#[wasm_bindgen]`. What they cannot do
//! themselves they ask of [`Engine`], which the module's start function
//! hands to `engine.js` when the WebAssembly module is instantiated.

use std::future::Future;
use std::pin::Pin;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen(module = "/src/engine.js")]
extern "C" {
    fn provide(engine: Engine);
}

/// Makes the connections: one method per socket class (`connect` in
/// `socket.rs`). Private: the package's own classes are its only users.
#[wasm_bindgen(private, skip_typescript)]
pub struct Engine;

#[wasm_bindgen(start, private)]
fn start() {
    provide(Engine);
}

/// A promise of what `future` resolves to. Boxed, so that all the engine's
/// promises share one copy of the code that drives a future for JS (an
/// `async fn` export would have its own).
pub(crate) fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let future: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(future);
    future_to_promise(future)
}
