//! Hand-written bindings for `WebSocketStream` and the parts of the Streams
//! API it hands out (web-sys has no `WebSocketStream`): only what the stream
//! backend uses.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A `WebSocketStream` (Chromium 124 and later).
    #[derive(Clone)]
    pub(crate) type WebSocketStream;

    #[wasm_bindgen(constructor, js_class = "WebSocketStream", catch)]
    pub(crate) fn new(url: &str, options: &JsValue) -> Result<WebSocketStream, JsValue>;

    #[wasm_bindgen(method, getter, js_class = "WebSocketStream")]
    pub(crate) fn url(this: &WebSocketStream) -> String;

    /// Resolves to `{ readable, writable, protocol, extensions }` on open.
    #[wasm_bindgen(method, getter, js_class = "WebSocketStream")]
    pub(crate) fn opened(this: &WebSocketStream) -> js_sys::Promise;

    /// Resolves to `{ closeCode, reason }` after a clean close; rejects
    /// (with `closeCode` and `reason` on the error) after an unclean one.
    #[wasm_bindgen(method, getter, js_class = "WebSocketStream")]
    pub(crate) fn closed(this: &WebSocketStream) -> js_sys::Promise;

    /// `close({ closeCode, reason })`.
    #[wasm_bindgen(method, catch, js_class = "WebSocketStream")]
    pub(crate) fn close(this: &WebSocketStream, info: &JsValue) -> Result<(), JsValue>;

    /// The reading end's reader.
    pub(crate) type Reader;

    #[wasm_bindgen(method)]
    pub(crate) fn read(this: &Reader) -> js_sys::Promise;

    /// The writing end's writer.
    pub(crate) type Writer;

    #[wasm_bindgen(method)]
    pub(crate) fn write(this: &Writer, chunk: &JsValue) -> js_sys::Promise;

    /// How many more chunks fit below the writable's high-water mark of
    /// one chunk: 1 when nothing waits, negative when several do, null once
    /// the stream is closed or errored.
    #[wasm_bindgen(method, getter, js_name = desiredSize)]
    pub(crate) fn desired_size(this: &Writer) -> Option<f64>;

    /// Resolves once the desired size is positive again.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn ready(this: &Writer) -> js_sys::Promise;
}

#[wasm_bindgen]
extern "C" {
    /// The `readable` of an open `WebSocketStream`.
    pub(crate) type Readable;

    #[wasm_bindgen(method, js_name = getReader)]
    pub(crate) fn get_reader(this: &Readable) -> Reader;

    /// The `writable` of an open `WebSocketStream`.
    pub(crate) type Writable;

    #[wasm_bindgen(method, js_name = getWriter)]
    pub(crate) fn get_writer(this: &Writable) -> Writer;
}
