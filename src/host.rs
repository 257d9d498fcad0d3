//! Where the crate runs: a JavaScript host (a browser page, a worker, Node)
//! reached through wasm-bindgen, or not.
//!
//! Only `wasm32-unknown-unknown` (and `wasm64-unknown-unknown`) builds have a
//! JavaScript host. Native builds (server-side rendering) and WASI builds
//! compile the whole crate, but there every JS call would panic, so each
//! entry point asks here first and reports [`Error::Unsupported`] instead.

use crate::error::{Error, Result};

/// Whether this build talks to a JavaScript host.
pub(crate) const JS_HOST: bool = cfg!(all(target_family = "wasm", target_os = "unknown"));

/// Why there is no WebSocket in a build without a JavaScript host.
pub(crate) const NO_JS_HOST: &str =
    "this build has no JavaScript host (a native or WASI target); websockets need a browser, \
     a worker or Node (wasm32-unknown-unknown)";

/// Why there is no WebSocket in a JavaScript host without one.
pub(crate) const NO_GLOBAL_WEBSOCKET: &str =
    "the global scope has no WebSocket constructor (Node 20 needs --experimental-websocket; \
     or pass one with WebSocketBuilder::with_constructor)";

/// Fails unless there is a JavaScript host.
pub(crate) fn require_js_host() -> Result<()> {
    if JS_HOST {
        Ok(())
    } else {
        Err(Error::Unsupported(NO_JS_HOST))
    }
}

/// Fails unless the global scope has a `WebSocket` constructor (looked up
/// on the global object, so that it works in a window, a worker and Node
/// alike).
pub(crate) fn require_global_websocket() -> Result<()> {
    require_js_host()?;
    js_sys::Reflect::get(&js_sys::global(), &"WebSocket".into())
        .ok()
        .filter(|value| value.is_function())
        .map(drop)
        .ok_or(Error::Unsupported(NO_GLOBAL_WEBSOCKET))
}
