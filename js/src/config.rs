//! The `ReconnectingSocket` options as `reconnect_options.js` hands them
//! over, checked already: one flat object, `undefined` for a default,
//! numbers in milliseconds (`Infinity`: no limit), into a
//! [`ReconnectingBuilder`].

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::convert::{close_to_js, message_from_js, message_to_js, send_js};
use super::errors::to_js_error;
use super::numbers::{count, duration, size};
use wasm_websocket::reconnect::{
    Backoff, Heartbeat, Jitter, OverflowPolicy, QueueConfig, ReconnectPolicy, ReconnectingBuilder,
    RetryLimits,
};
use wasm_websocket::CloseEvent;
use wasm_websocket::Message;
use wasm_websocket::WebSocket;
use wasm_websocket::WebSocketBuilder;
use wasm_websocket::WebSocketSender;

/// The checked options object.
struct Config(JsValue);

impl Config {
    fn get(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.0, &key.into())
            .ok()
            .filter(|value| !value.is_undefined())
    }

    fn number(&self, key: &str) -> Option<f64> {
        self.get(key)?.as_f64()
    }

    fn duration(&self, key: &str) -> Option<Duration> {
        self.number(key).map(duration)
    }

    fn flag(&self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }

    fn function(&self, key: &str) -> Option<Function> {
        self.get(key).map(JsValue::unchecked_into)
    }

    fn text(&self, key: &str) -> Option<String> {
        self.get(key)?.as_string()
    }
}

/// The builder the options describe. Each connection's sender goes to
/// `open` when it opens (before the user's `onOpen`), for what the JS class
/// does with the open connection itself.
pub(super) fn builder_from_js(
    config: JsValue,
    open: Rc<RefCell<Option<WebSocketSender>>>,
) -> Result<ReconnectingBuilder, JsValue> {
    let config = Config(config);
    let url = config.text("url").unwrap_or_default();
    let mut socket = WebSocket::builder(url.clone());
    if let Some(protocols) = config.get("protocols") {
        let protocols: Vec<String> = Array::from(&protocols)
            .iter()
            .filter_map(|protocol| protocol.as_string())
            .collect();
        // Checked now, not at every attempt.
        wasm_websocket::validate_protocols(&protocols).map_err(to_js_error)?;
        socket = socket.with_protocols(protocols);
    }
    if let Some(timeout) = config.duration("connectTimeoutMs") {
        socket = socket.with_connect_timeout(timeout);
    }
    if let Some(constructor) = config.function("WebSocket") {
        socket = socket.with_constructor(constructor);
    }
    if let Some(limit) = config.number("maxMessageSize") {
        socket = socket.with_max_message_size(size(limit));
    }
    // The JS class keeps the unread messages and closes the connection at
    // its `maxUnread` (reconnect_hub.js): the engine hands each message over
    // as it comes, so its own bound would only be a second one, reached
    // first by a burst that arrives before the hand-over runs.
    socket = socket.with_max_unread(usize::MAX);
    let mut builder = ReconnectingBuilder::new(url);
    if let Some(provider) = config.function("provider") {
        let template = Rc::new(socket.clone());
        builder = builder.with_socket_provider(move || {
            let (template, provider) = (template.clone(), provider.clone());
            async move { attempt(&template, &provider).await }
        });
    }
    builder = builder
        .with_socket(socket)
        .with_backoff(backoff(&config))
        .with_retry_limits(retry_limits(&config))
        .with_policy(policy(&config))
        .with_queue(queue(&config));
    let hook = config.function("onOpen");
    builder = builder.with_on_open(move |socket| {
        *open.borrow_mut() = Some(socket.clone());
        if let Some(hook) = &hook {
            on_open(hook, socket);
        }
    });
    if let Some(heartbeat) = heartbeat(&config) {
        builder = builder.with_heartbeat(heartbeat);
    }
    if let Some(timeout) = config.duration("idleTimeoutMs") {
        builder = builder.with_idle_timeout(timeout);
    }
    if let Some(on) = config.flag("pauseWhileOffline") {
        builder = builder.with_pause_while_offline(on);
    }
    if let Some(on) = config.flag("retryWhenVisible") {
        builder = builder.with_retry_when_visible(on);
    }
    if let Some(wait) = config.duration("maxOfflineWaitMs") {
        builder = builder.with_max_offline_wait(wait);
    }
    if let Some(on) = config.flag("suspendInPageCache") {
        builder = builder.with_suspend_in_page_cache(on);
    }
    Ok(builder)
}

/// One attempt's socket: `template` with the URL and the subprotocols the
/// JS `provider` gives (`[url, protocols]`; `protocols` undefined keeps
/// the template's). A rejection is the message of the failed attempt.
async fn attempt(
    template: &WebSocketBuilder,
    provider: &Function,
) -> Result<WebSocketBuilder, String> {
    let asked = provider
        .call0(&JsValue::UNDEFINED)
        .map(|promise| JsFuture::from(Promise::from(promise)));
    let answer = match asked {
        Ok(future) => future.await,
        Err(thrown) => Err(thrown),
    }
    .map_err(|message| message.as_string().unwrap_or_default())?;
    let answer = Array::from(&answer);
    let socket = template
        .clone()
        .with_url(answer.get(0).as_string().unwrap_or_default());
    let protocols = answer.get(1);
    if protocols.is_undefined() {
        return Ok(socket);
    }
    Ok(socket.with_protocols(
        Array::from(&protocols)
            .iter()
            .filter_map(|protocol| protocol.as_string())
            .collect::<Vec<_>>(),
    ))
}

fn backoff(config: &Config) -> Backoff {
    let mut backoff = Backoff::new();
    if let Some(delay) = config.duration("initialDelayMs") {
        backoff = backoff.with_initial_delay(delay);
    }
    if let Some(delay) = config.duration("maxDelayMs") {
        backoff = backoff.with_max_delay(delay);
    }
    if let Some(factor) = config.number("factor") {
        backoff = backoff.with_factor(factor);
    }
    if let Some(jitter) = config.text("jitter") {
        backoff = backoff.with_jitter(match jitter.as_str() {
            "equal" => Jitter::Equal,
            "none" => Jitter::None,
            _ => Jitter::Full,
        });
    }
    backoff
}

fn retry_limits(config: &Config) -> RetryLimits {
    let mut limits = RetryLimits::new();
    if let Some(max) = config.number("maxRetries") {
        // Beyond u32::MAX is as good as no limit.
        limits = limits.with_max_retries(count(max).and_then(|n| u32::try_from(n).ok()));
    }
    if let Some(max) = config.number("maxElapsedMs") {
        limits = limits.with_max_elapsed((max != f64::INFINITY).then(|| duration(max)));
    }
    if let Some(uptime) = config.duration("minUptimeMs") {
        limits = limits.with_min_uptime(uptime);
    }
    limits
}

fn policy(config: &Config) -> ReconnectPolicy {
    let mut policy = ReconnectPolicy::new();
    if let Some(codes) = config.get("terminalCodes") {
        // `[from, to, from, to, ...]`: a single code is a range of one.
        let codes: Vec<u16> = Array::from(&codes)
            .iter()
            .map(|code| code.as_f64().unwrap_or_default() as u16)
            .collect();
        for range in codes.chunks_exact(2) {
            policy = policy.with_terminal_range(range[0]..=range[1]);
        }
    }
    if let Some(predicate) = config.function("shouldReconnect") {
        // It reports what the user's function throws, and answers `true`.
        policy = policy.with_should_reconnect(move |close: &CloseEvent| {
            predicate
                .call1(&JsValue::UNDEFINED, &close_to_js(close))
                .map_or(true, |answer| answer.is_truthy())
        });
    }
    policy
}

fn queue(config: &Config) -> QueueConfig {
    if config.flag("queueDisabled") == Some(true) {
        return QueueConfig::disabled();
    }
    let mut queue = QueueConfig::new();
    if let Some(capacity) = config.number("queueCapacity") {
        queue = queue.with_capacity(size(capacity));
    }
    if let Some(max) = config.number("queueMaxBytes") {
        queue = queue.with_max_bytes((max != f64::INFINITY).then(|| size(max)));
    }
    if let Some(overflow) = config.text("overflow") {
        queue = queue.with_overflow(match overflow.as_str() {
            "drop-oldest" => OverflowPolicy::DropOldest,
            "drop-newest" => OverflowPolicy::DropNewest,
            _ => OverflowPolicy::Reject,
        });
    }
    queue
}

fn heartbeat(config: &Config) -> Option<Heartbeat> {
    let interval = config.duration("heartbeatMs")?;
    let message = message_from_js(config.get("heartbeatMessage")?);
    let mut heartbeat = Heartbeat::new(interval, message);
    if let Some(is_reply) = config.function("isReply") {
        // It reports what the user's function throws, and answers `false`.
        heartbeat = heartbeat.with_reply(move |message: &Message| {
            is_reply
                .call1(&JsValue::UNDEFINED, &message_to_js(message.clone()))
                .is_ok_and(|answer| answer.is_truthy())
        });
    }
    Some(heartbeat)
}

/// Runs the `onOpen` hook (made by `reconnect_options.js`) with the new
/// connection's `send`, which sends on that one connection: once it has
/// closed, its sends fail with `AlreadyClosedError`, whatever the
/// reconnecting socket does next.
fn on_open(hook: &Function, socket: &WebSocketSender) {
    let sender = socket.clone();
    let send = Closure::<dyn Fn(JsValue) -> Result<(), JsValue>>::new(move |data: JsValue| {
        send_js(&sender, data)
    });
    // The hook reports what the user's function throws.
    let _ = hook.call3(
        &JsValue::UNDEFINED,
        &send.into_js_value(),
        &socket.protocol().into(),
        &socket.url().into(),
    );
}
