//! Bad input gets the documented typed error: no panic, no JS exception, and
//! the socket is left as it was.

use crate::common::ws_url;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{CloseCode, Error, ReadyState, WebSocket};

async fn connect_error(url: &str, protocols: &[&str]) -> Error {
    match crate::common::builder(url)
        .with_protocols(protocols.iter().copied())
        .connect()
        .await
    {
        Ok(_) => panic!("{url} with {protocols:?} connected"),
        Err(error) => error,
    }
}

#[wasm_bindgen_test]
async fn urls_the_browser_rejects_are_invalid_url() {
    let bad = [
        "ftp://127.0.0.1/",                  // wrong scheme
        "javascript:alert(1)",               // wrong scheme
        "file:///etc/passwd",                // wrong scheme
        "ws://127.0.0.1:8787/echo#fragment", // fragments are not allowed
        "ws://[::1/",                        // unparseable host
        "ws://127.0.0.1:99999/",             // port out of range
        "ws://:80/",                         // no host
        "ws://256.0.0.1/",                   // not an IPv4 address
    ];
    for url in bad {
        match connect_error(url, &[]).await {
            Error::InvalidUrl {
                url: reported,
                source,
            } => {
                assert_eq!(reported, url);
                assert_eq!(source.name, "SyntaxError", "{url}: {source}");
                assert!(!source.message.is_empty());
            }
            other => panic!("{url}: expected InvalidUrl, got {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
async fn bad_subprotocols_are_named() {
    let url = ws_url("/echo");
    let invalid = ["", "two words", "a,b", "chat/1", "ünï", "tab\there", "{x}"];
    for protocol in invalid {
        assert_eq!(
            connect_error(&url, &[protocol]).await,
            Error::InvalidProtocol(protocol.into()),
            "{protocol:?}"
        );
    }
    assert_eq!(
        connect_error(&url, &["chat", "other", "chat"]).await,
        Error::DuplicateProtocol("chat".into())
    );
}

#[wasm_bindgen_test]
async fn close_codes_a_page_may_not_send() {
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    for code in [0, 999, 1001, 1005, 1006, 1015, 2999, 5000, 65535] {
        assert_eq!(
            ws.close_with(code, ""),
            Err(Error::InvalidCloseCode(code as u16))
        );
    }
    assert_eq!(ws.close_with(-1, ""), Err(Error::InvalidCloseCode(0)));
    assert_eq!(
        ws.close_with(70_000, ""),
        Err(Error::InvalidCloseCode(65535))
    );
    assert_eq!(ws.state(), ReadyState::Open, "nothing was closed");
}

#[wasm_bindgen_test]
async fn close_reasons_are_limited_to_123_utf8_bytes() {
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    assert_eq!(
        ws.close_with(1000, &"a".repeat(124)),
        Err(Error::CloseReasonTooLong(124))
    );
    assert_eq!(
        ws.close_with(4000, &"€".repeat(42)),
        Err(Error::CloseReasonTooLong(126))
    );
    assert_eq!(
        ws.close_with(4000, &"😀".repeat(31)),
        Err(Error::CloseReasonTooLong(124))
    );
    assert_eq!(ws.state(), ReadyState::Open, "nothing was closed");
    // Exactly at the limit, in three-byte characters: accepted and delivered.
    let at_limit = "€".repeat(41);
    ws.close_with(CloseCode::NORMAL, &at_limit)
        .expect("123 bytes fit");
    let closed = ws.closed().await;
    assert_eq!(closed.reason, at_limit);
    assert!(closed.was_clean);
}

#[wasm_bindgen_test]
async fn using_a_closed_socket_is_already_closed() {
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.close().expect("closing");
    assert_eq!(ws.close(), Err(Error::AlreadyClosed));
    assert_eq!(ws.close_with(4000, "again"), Err(Error::AlreadyClosed));
    assert_eq!(ws.try_send("x"), Err(Error::AlreadyClosed));
    assert_eq!(ws.send("x").await, Err(Error::AlreadyClosed));
    let blob = web_sys::Blob::new().expect("a blob");
    assert!(matches!(
        ws.try_send_blob(&blob),
        Err(Error::AlreadyClosed | Error::Unsupported(_))
    ));
    assert_eq!(
        ws.try_send_array_buffer(&js_sys::ArrayBuffer::new(1)),
        Err(Error::AlreadyClosed)
    );
    ws.closed().await;
    if let Ok(raw) = ws.into_raw() {
        assert_eq!(
            WebSocket::from_raw(raw).map(|_| ()),
            Err(Error::AlreadyClosed)
        );
    }
}

#[wasm_bindgen_test]
async fn halves_of_different_sockets_do_not_reunite() {
    let (tx, _) = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects")
        .split();
    let (_, rx) = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects")
        .split();
    let error = tx.reunite(rx).expect_err("different sockets");
    assert_eq!(
        error.to_string(),
        "the sender and receiver belong to different websockets"
    );
}

#[wasm_bindgen_test]
fn thrown_values_that_are_not_exceptions_keep_their_string_form() {
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_websocket::JsError;

    let message = |value: &JsValue| {
        let error = JsError::from_js(value);
        assert_eq!(error.name, "Error");
        error.message
    };
    assert_eq!(message(&JsValue::from_str("boom")), "boom");
    assert_eq!(message(&JsValue::from_f64(42.0)), "42");
    assert_eq!(message(&JsValue::NULL), "null");
    assert_eq!(message(&js_sys::Object::new().into()), "[object Object]");
    assert_eq!(message(&js_sys::Symbol::for_("why").into()), "Symbol(why)");
    // An object without a prototype has no string form: String() throws,
    // which must not escape.
    let bare = js_sys::Object::create(JsValue::NULL.unchecked_ref::<js_sys::Object>());
    assert_eq!(message(&bare.into()), "a value that has no string form");
}
