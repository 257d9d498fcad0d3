//! The workloads, written once over [`Client`] for the Rust crates, and
//! dispatched to `js/raw.js` for raw JavaScript. In every one, connecting
//! and generating payloads happen before the clock starts, and closing
//! after it stops; the clock stops when the last message has been checked.

use std::future::Future;

use wasm_bindgen_futures::JsFuture;

use crate::clients::generic::Generic;
use crate::clients::gloo::Gloo;
use crate::clients::ours::{Ours, OursStream};
use crate::clients::reconnecting::Reconnecting;
use crate::clients::websocket_web::WebsocketWeb;
use crate::clients::ws_stream::WsStreamWasm;
use crate::clients::{BinaryMode, Client};
use crate::heap;
use crate::payload::{self, burst_items, Expected, Payload};
use crate::raw;

/// The implementations compared, in the order of the tables.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Impl {
    RawJs,
    Ours,
    OursStream,
    Generic,
    Reconnecting,
    GlooNet,
    WsStreamWasm,
    WebsocketWeb,
}

impl Impl {
    pub const ALL: [Impl; 8] = [
        Impl::RawJs,
        Impl::Ours,
        Impl::OursStream,
        Impl::Generic,
        Impl::Reconnecting,
        Impl::GlooNet,
        Impl::WsStreamWasm,
        Impl::WebsocketWeb,
    ];

    /// The name in the result lines and tables.
    pub fn key(self) -> &'static str {
        match self {
            Impl::RawJs => "raw-js",
            Impl::Ours => "wasm-websocket",
            Impl::OursStream => "wasm-websocket-stream",
            Impl::Generic => "wasm-websocket-generic",
            Impl::Reconnecting => "wasm-websocket-reconnect",
            Impl::GlooNet => "gloo-net",
            Impl::WsStreamWasm => "ws_stream_wasm",
            Impl::WebsocketWeb => "websocket-web",
        }
    }

    /// Whether the browser has what it needs (the stream backend needs
    /// `WebSocketStream`, which only Chromium has).
    pub fn available(self) -> bool {
        match self {
            Impl::OursStream => {
                js_sys::Reflect::has(&js_sys::global(), &"WebSocketStream".into()).unwrap_or(false)
            }
            _ => true,
        }
    }

    /// Whether it can receive binary messages as Blobs, in order.
    pub fn supports_blob(self) -> bool {
        match self {
            Impl::RawJs => true,
            Impl::Ours => Ours::BLOB,
            Impl::OursStream => OursStream::BLOB,
            Impl::Generic => Generic::BLOB,
            Impl::Reconnecting => Reconnecting::BLOB,
            Impl::GlooNet => Gloo::BLOB,
            Impl::WsStreamWasm => WsStreamWasm::BLOB,
            Impl::WebsocketWeb => WebsocketWeb::BLOB,
        }
    }
}

/// One workload with its counts.
#[derive(Clone, Debug)]
pub enum Job {
    /// `count` echoes of `size`-byte messages, all sent at once.
    Pipelined { binary: bool, count: u32, size: u32 },
    /// A Blob-mode burst from the server: `items`, `repeat` times.
    Burst { items: &'static str, repeat: u32 },
    /// `count` sequential round trips of a 4-byte text.
    RoundTrips { count: u32 },
    /// `count` cycles of connect, open, close, closed.
    Cycles { count: u32 },
}

/// What one measurement gives.
pub struct Outcome {
    pub elapsed_ms: f64,
    /// Growth of the live Rust heap over the run (connect/close only; raw
    /// JavaScript has no Rust heap).
    pub heap_growth: Option<i64>,
}

impl Outcome {
    fn elapsed(elapsed_ms: f64) -> Self {
        Self {
            elapsed_ms,
            heap_growth: None,
        }
    }
}

/// Runs `job` once with `implementation` against `url` (the echo endpoint).
pub async fn measure(implementation: Impl, job: &Job, url: &str) -> Result<Outcome, String> {
    match implementation {
        Impl::RawJs => raw_js(job, url).await,
        Impl::Ours => run::<Ours>(job, url).await,
        Impl::OursStream => run::<OursStream>(job, url).await,
        Impl::Generic => run::<Generic>(job, url).await,
        Impl::Reconnecting => run::<Reconnecting>(job, url).await,
        Impl::GlooNet => run::<Gloo>(job, url).await,
        Impl::WsStreamWasm => run::<WsStreamWasm>(job, url).await,
        Impl::WebsocketWeb => run::<WebsocketWeb>(job, url).await,
    }
}

async fn run<C: Client>(job: &Job, url: &str) -> Result<Outcome, String> {
    match *job {
        Job::Pipelined {
            binary,
            count,
            size,
        } => pipelined::<C>(url, binary, count, size as usize)
            .await
            .map(Outcome::elapsed),
        Job::Burst { items, repeat } => burst::<C>(url, items, repeat).await.map(Outcome::elapsed),
        Job::RoundTrips { count } => round_trips::<C>(url, count).await.map(Outcome::elapsed),
        Job::Cycles { count } => cycles::<C>(url, count).await,
    }
}

async fn pipelined<C: Client>(
    url: &str,
    binary: bool,
    count: u32,
    size: usize,
) -> Result<f64, String> {
    let (outgoing, expected): (Vec<Payload>, Expected) = if binary {
        let messages = (0..count)
            .map(|k| Payload::Binary(payload::binary(k, size)))
            .collect();
        (messages, Expected::Binary(size))
    } else {
        let texts: Vec<String> = (0..count).map(|k| payload::text(k, size)).collect();
        let messages = texts.iter().cloned().map(Payload::Text).collect();
        (messages, Expected::Texts(texts))
    };
    let (mut tx, mut rx) = C::connect(url, BinaryMode::ArrayBuffer).await?;
    let start = raw::now();
    // Sending and receiving run concurrently, as in an application: a
    // crate that waits for its send buffer to drain must not stop the
    // echoes from being read meanwhile.
    let sending = C::send_all(&mut tx, outgoing);
    let receiving = async {
        for k in 0..count {
            let message = C::receive(&mut rx).await?;
            expected.check(k, &message)?;
        }
        Ok::<f64, String>(raw::now())
    };
    let (sent, received) = futures::join!(sending, receiving);
    let result = sent.and(received).map(|end| end - start);
    C::close(tx, rx).await?;
    result
}

async fn burst<C: Client>(url: &str, items: &str, repeat: u32) -> Result<f64, String> {
    let expected = Expected::Burst(burst_items(items));
    let total = match &expected {
        Expected::Burst(kinds) => kinds.len() as u32 * repeat,
        _ => 0,
    };
    let (mut tx, mut rx) = C::connect(url, BinaryMode::Blob).await?;
    let start = raw::now();
    let command = Payload::Text(format!("burst {items} {repeat}"));
    let received = async {
        C::send(&mut tx, command).await?;
        for k in 0..total {
            let message = C::receive(&mut rx).await?;
            expected.check(k, &message)?;
        }
        Ok::<f64, String>(raw::now() - start)
    }
    .await;
    C::close(tx, rx).await?;
    received
}

async fn round_trips<C: Client>(url: &str, count: u32) -> Result<f64, String> {
    let texts: Vec<String> = (0..count).map(payload::round_trip_text).collect();
    let expected = texts.clone();
    let (mut tx, mut rx) = C::connect(url, BinaryMode::ArrayBuffer).await?;
    let start = raw::now();
    let result = async {
        for (k, text) in texts.into_iter().enumerate() {
            C::send(&mut tx, Payload::Text(text)).await?;
            match C::receive(&mut rx).await? {
                Payload::Text(echo) if echo == expected[k] => {}
                _ => return Err(format!("round trip {k}: wrong echo")),
            }
        }
        Ok::<f64, String>(raw::now() - start)
    }
    .await;
    C::close(tx, rx).await?;
    result
}

async fn cycles<C: Client>(url: &str, count: u32) -> Result<Outcome, String> {
    let before = heap::live_bytes();
    let start = raw::now();
    for _ in 0..count {
        let (tx, rx) = C::connect(url, BinaryMode::ArrayBuffer).await?;
        C::close(tx, rx).await?;
    }
    let elapsed_ms = raw::now() - start;
    // Lets closes still under way finish and their handlers run, so that
    // what remains is what stays.
    settle().await;
    let after = heap::live_bytes();
    Ok(Outcome {
        elapsed_ms,
        heap_growth: Some(after as i64 - before as i64),
    })
}

pub async fn settle() {
    let _ = JsFuture::from(raw::sleep(250.0)).await;
}

async fn raw_js(job: &Job, url: &str) -> Result<Outcome, String> {
    let promise = match *job {
        Job::Pipelined {
            binary,
            count,
            size,
        } => raw::pipelined(url, binary, count, size),
        Job::Burst { items, repeat } => raw::blob_burst(url, items, repeat),
        Job::RoundTrips { count } => raw::round_trips(url, count),
        Job::Cycles { count } => raw::cycles(url, count),
    };
    let elapsed = js_number(JsFuture::from(promise)).await?;
    Ok(Outcome::elapsed(elapsed))
}

async fn js_number(
    promise: impl Future<Output = Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>,
) -> Result<f64, String> {
    match promise.await {
        Ok(value) => value
            .as_f64()
            .ok_or_else(|| "raw JS returned no number".to_owned()),
        Err(error) => Err(js_sys::Error::from(error)
            .message()
            .as_string()
            .unwrap_or_else(|| "raw JS failed".to_owned())),
    }
}
