//! The `ReconnectingSocket` options object, read and checked into a
//! [`ReconnectingBuilder`], and the `onOpen` hook's JS face.

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};

use js_sys::{Array, Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::abort::abort_signal;
use super::convert::{close_to_js, message_to_js, url_from_js, Outgoing};
use super::errors::{describe, report, set, to_js_error, type_error};
use super::iterator::InboxLimits;
use super::options::{bytes_limit, strings_from_js, Options, Zero};
use wasm_websocket::reconnect::{
    Backoff, Heartbeat, Jitter, OverflowPolicy, QueueConfig, ReconnectPolicy, ReconnectingBuilder,
    RetryLimits,
};
use wasm_websocket::CloseEvent;
use wasm_websocket::JsError;
use wasm_websocket::Message;
use wasm_websocket::WebSocket;
use wasm_websocket::WebSocketBuilder;
use wasm_websocket::WebSocketSender;

const OPTIONS: &[&str] = &[
    "protocols",
    "connectTimeoutMs",
    "backoff",
    "retryLimits",
    "policy",
    "queue",
    "onOpen",
    "heartbeat",
    "idleTimeoutMs",
    "pauseWhileOffline",
    "retryWhenVisible",
    "WebSocket",
    "startClosed",
    "signal",
    "inbox",
    "maxOfflineWaitMs",
    "suspendInPageCache",
    "maxMessageSize",
];

/// What the options ask of the JS layer rather than of the engine.
pub(super) struct Extras {
    /// `startClosed`: the first attempt waits for this gate, which
    /// `reconnect()` opens.
    pub(super) gate: Option<Rc<Gate>>,
    /// `signal`: an `AbortSignal` that closes the socket.
    pub(super) signal: Option<JsValue>,
    /// `inbox`: how many unread messages are kept.
    pub(super) inbox: InboxLimits,
}

/// A gate the first attempt waits at (`startClosed`).
#[derive(Default)]
pub(super) struct Gate {
    open: Cell<bool>,
    waiting: RefCell<Vec<Waker>>,
}

impl Gate {
    pub(super) fn is_open(&self) -> bool {
        self.open.get()
    }

    pub(super) fn open(&self) {
        self.open.set(true);
        self.waiting.take().into_iter().for_each(Waker::wake);
    }

    async fn wait(&self) {
        poll_fn(|cx| {
            if self.open.get() {
                return Poll::Ready(());
            }
            self.waiting.borrow_mut().push(cx.waker().clone());
            Poll::Pending
        })
        .await;
    }
}

/// Where each attempt's URL and subprotocols come from, when one of them is
/// a function or the first attempt waits (`startClosed`): a socket
/// provider asks for both before every attempt.
struct Attempts {
    url: Result<String, Function>,
    protocols: Option<Function>,
    template: WebSocketBuilder,
    gate: Option<Rc<Gate>>,
}

impl Attempts {
    async fn socket(&self) -> Result<WebSocketBuilder, String> {
        if let Some(gate) = &self.gate {
            gate.wait().await;
        }
        let url = match &self.url {
            Ok(url) => url.clone(),
            Err(provider) => ask(provider)
                .await
                .and_then(|value| url_from_js(&value, "the url function"))
                .map_err(|thrown| {
                    format!("the url function failed: {}", JsError::from_js(&thrown))
                })?,
        };
        // The template's subprotocols, unless a function gives them (the
        // template then has none: see `builder_from_js`).
        let socket = self.template.clone().with_url(url);
        let Some(provider) = &self.protocols else {
            return Ok(socket);
        };
        let protocols = ask(provider)
            .await
            .and_then(|value| protocols_from_js(&value))
            .map_err(|thrown| {
                format!(
                    "the protocols function failed: {}",
                    JsError::from_js(&thrown)
                )
            })?;
        Ok(socket.with_protocols(protocols))
    }
}

/// Calls a JS function given as an option and awaits what it returns (a
/// value or a promise of one); `Err` is what it threw or rejected with.
async fn ask(provider: &Function) -> Result<JsValue, JsValue> {
    let value = provider.call0(&JsValue::UNDEFINED)?;
    JsFuture::from(js_sys::Promise::resolve(&value)).await
}

/// What a protocols function gave: a string, an array of strings, or
/// `null` / `undefined` for none.
fn protocols_from_js(value: &JsValue) -> Result<Vec<String>, JsValue> {
    if value.is_null() || value.is_undefined() {
        return Ok(Vec::new());
    }
    strings_from_js(value).ok_or_else(|| {
        type_error(&format!(
            "it must return a string, an array of strings or null, not {}",
            describe(value)
        ))
    })
}

/// The Rust builder the JS options describe, and what the JS layer does
/// itself.
pub(super) fn builder_from_js(
    url: &JsValue,
    options: &JsValue,
) -> Result<(ReconnectingBuilder, Extras), JsValue> {
    let context = "ReconnectingSocket options";
    let options = Options::new(options, context, OPTIONS)?;
    let url = match url.dyn_ref::<Function>() {
        Some(provider) => Err(provider.clone()),
        None => Ok(url_from_js(url, "new ReconnectingSocket")?),
    };
    let mut socket = WebSocket::builder(url.clone().unwrap_or_default());
    let mut protocols_provider = None;
    match options.get("protocols") {
        Some(provider) if provider.is_function() => protocols_provider = Some(provider.into()),
        _ => {
            if let Some(protocols) = options.strings("protocols")? {
                // Checked now, not at every attempt, even when a provider
                // asks for the URL.
                wasm_websocket::validate_protocols(&protocols).map_err(to_js_error)?;
                socket = socket.with_protocols(protocols);
            }
        }
    }
    if let Some(timeout) = options.duration(
        "connectTimeoutMs",
        Zero::Refused("a connect that could never succeed"),
    )? {
        socket = socket.with_connect_timeout(timeout);
    }
    if let Some(constructor) = options.function("WebSocket")? {
        socket = socket.with_constructor(constructor);
    }
    if let Some(limit) = options.count("maxMessageSize")? {
        socket = socket.with_max_message_size(bytes_limit(limit));
    }
    let gate = options
        .boolean("startClosed")?
        .unwrap_or(false)
        .then(|| Rc::new(Gate::default()));
    let signal = options
        .get("signal")
        .map(|signal| abort_signal(signal, &format!("{context}: signal")))
        .transpose()?;
    let mut builder = ReconnectingBuilder::new(socket.url().to_owned());
    if url.is_err() || protocols_provider.is_some() || gate.is_some() {
        let attempts = Rc::new(Attempts {
            url,
            protocols: protocols_provider,
            template: socket.clone(),
            gate: gate.clone(),
        });
        builder = builder.with_socket_provider(move || {
            let attempts = attempts.clone();
            async move { attempts.socket().await }
        });
    }
    builder = builder
        .with_socket(socket)
        .with_backoff(backoff_from_js(&options)?)
        .with_retry_limits(limits_from_js(&options)?)
        .with_policy(policy_from_js(&options)?)
        .with_queue(queue_from_js(&options)?);
    if let Some(hook) = options.function("onOpen")? {
        builder = builder.with_on_open(move |socket| on_open(&hook, socket));
    }
    if let Some(heartbeat) = heartbeat_from_js(&options)? {
        builder = builder.with_heartbeat(heartbeat);
    }
    if let Some(timeout) = options.duration(
        "idleTimeoutMs",
        Zero::Refused("every connection would be declared dead as it opens"),
    )? {
        builder = builder.with_idle_timeout(timeout);
    }
    if let Some(on) = options.boolean("pauseWhileOffline")? {
        builder = builder.with_pause_while_offline(on);
    }
    if let Some(on) = options.boolean("retryWhenVisible")? {
        builder = builder.with_retry_when_visible(on);
    }
    // 0 skips the pause: a retry while offline starts at once.
    if let Some(wait) = options.duration("maxOfflineWaitMs", Zero::Allowed)? {
        builder = builder.with_max_offline_wait(wait);
    }
    if let Some(on) = options.boolean("suspendInPageCache")? {
        builder = builder.with_suspend_in_page_cache(on);
    }
    let inbox = inbox_from_js(&options)?;
    Ok((
        builder,
        Extras {
            gate,
            signal,
            inbox,
        },
    ))
}

fn backoff_from_js(options: &Options) -> Result<Backoff, JsValue> {
    let options = options.nested(
        "backoff",
        &["initialDelayMs", "maxDelayMs", "factor", "jitter"],
    )?;
    let mut backoff = Backoff::new();
    if let Some(delay) = options.duration("initialDelayMs", Zero::Allowed)? {
        backoff = backoff.with_initial_delay(delay);
    }
    if let Some(delay) = options.duration("maxDelayMs", Zero::Allowed)? {
        backoff = backoff.with_max_delay(delay);
    }
    // A shrinking delay would hammer a server that stays down.
    if let Some(factor) = options.number_at_least(
        "factor",
        1.0,
        "a number at least 1 (a shrinking delay would hammer a server that stays down)",
    )? {
        backoff = backoff.with_factor(factor);
    }
    if let Some(jitter) = options.choice("jitter", &["full", "equal", "none"])? {
        backoff = backoff.with_jitter(match jitter.as_str() {
            "equal" => Jitter::Equal,
            "none" => Jitter::None,
            _ => Jitter::Full,
        });
    }
    Ok(backoff)
}

fn limits_from_js(options: &Options) -> Result<RetryLimits, JsValue> {
    let options = options.nested(
        "retryLimits",
        &["maxRetries", "maxElapsedMs", "minUptimeMs"],
    )?;
    let mut limits = RetryLimits::new();
    if let Some(max) = options.count("maxRetries")? {
        // Beyond u32::MAX is as good as no limit.
        limits = limits.with_max_retries(max.and_then(|n| u32::try_from(n).ok()));
    }
    if let Some(max) = options.duration_limit("maxElapsedMs")? {
        limits = limits.with_max_elapsed(max);
    }
    if let Some(uptime) = options.duration("minUptimeMs", Zero::Allowed)? {
        limits = limits.with_min_uptime(uptime);
    }
    Ok(limits)
}

fn policy_from_js(options: &Options) -> Result<ReconnectPolicy, JsValue> {
    let options = options.nested("policy", &["terminalCodes", "shouldReconnect"])?;
    let mut policy = ReconnectPolicy::new();
    if let Some(codes) = options.get("terminalCodes") {
        policy = terminal_codes(policy, &codes)?;
    }
    if let Some(predicate) = options.function("shouldReconnect")? {
        policy = policy.with_should_reconnect(move |close: &CloseEvent| {
            match predicate.call1(&JsValue::UNDEFINED, &close_to_js(close)) {
                Ok(answer) => answer.is_truthy(),
                // Reconnecting is the safe side: a needless retry is bounded
                // by the backoff, a needless stop is a silent outage.
                Err(exception) => {
                    report(&exception);
                    true
                }
            }
        });
    }
    Ok(policy)
}

/// `terminalCodes`: codes, and `[from, to]` ranges, e.g. `[4001, [4400, 4499]]`.
fn terminal_codes(
    mut policy: ReconnectPolicy,
    codes: &JsValue,
) -> Result<ReconnectPolicy, JsValue> {
    let wrong = || {
        type_error(&format!(
            "ReconnectingSocket options.policy: terminalCodes must be an array of codes \
             (0-65535) and [from, to] ranges, not {}",
            describe(codes)
        ))
    };
    let code = |value: &JsValue| match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=65535.0).contains(&n) => Some(n as u16),
        _ => None,
    };
    if !Array::is_array(codes) {
        return Err(wrong());
    }
    for item in Array::from(codes).iter() {
        if let Some(single) = code(&item) {
            policy = policy.with_terminal_codes([single]);
        } else if Array::is_array(&item) && Array::from(&item).length() == 2 {
            let pair = Array::from(&item);
            match (code(&pair.get(0)), code(&pair.get(1))) {
                (Some(from), Some(to)) if from <= to => {
                    policy = policy.with_terminal_range(from..=to);
                }
                _ => return Err(wrong()),
            }
        } else {
            return Err(wrong());
        }
    }
    Ok(policy)
}

fn queue_from_js(options: &Options) -> Result<QueueConfig, JsValue> {
    if options.get("queue").and_then(|queue| queue.as_bool()) == Some(false) {
        return Ok(QueueConfig::disabled());
    }
    let options = options.nested("queue", &["capacity", "maxBytes", "overflow"])?;
    let mut queue = QueueConfig::new();
    // Beyond usize::MAX is as good as no limit.
    if let Some(capacity) = options.count("capacity")? {
        queue = queue.with_capacity(capacity.map_or(usize::MAX, saturating_usize));
    }
    if let Some(max) = options.count("maxBytes")? {
        queue = queue.with_max_bytes(max.map(saturating_usize));
    }
    if let Some(overflow) = options.choice("overflow", &["reject", "drop-oldest", "drop-newest"])? {
        queue = queue.with_overflow(match overflow.as_str() {
            "drop-oldest" => OverflowPolicy::DropOldest,
            "drop-newest" => OverflowPolicy::DropNewest,
            _ => OverflowPolicy::Reject,
        });
    }
    Ok(queue)
}

fn inbox_from_js(options: &Options) -> Result<InboxLimits, JsValue> {
    let options = options.nested("inbox", &["capacity", "maxBytes"])?;
    let mut inbox = InboxLimits::default();
    // No limit, or one beyond usize::MAX, is usize::MAX.
    if let Some(capacity) = options.count("capacity")? {
        inbox.capacity = capacity.map_or(usize::MAX, saturating_usize);
    }
    if let Some(max) = options.count("maxBytes")? {
        inbox.max_bytes = max.map_or(usize::MAX, saturating_usize);
    }
    Ok(inbox)
}

fn saturating_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn heartbeat_from_js(options: &Options) -> Result<Option<Heartbeat>, JsValue> {
    if options.get("heartbeat").is_none() {
        return Ok(None);
    }
    let options = options.nested("heartbeat", &["intervalMs", "message", "isReply"])?;
    let missing = |key: &str| {
        type_error(&format!(
            "ReconnectingSocket options: {} is required",
            options.name(key)
        ))
    };
    let interval = options
        .duration(
            "intervalMs",
            Zero::Refused("a heartbeat without pause would be a busy loop"),
        )?
        .ok_or_else(|| missing("intervalMs"))?;
    let message = options.get("message").ok_or_else(|| missing("message"))?;
    let message = Outgoing::from_js(&message, "ReconnectingSocket options.heartbeat.message")?
        .into_message("ReconnectingSocket options.heartbeat.message")?;
    let mut heartbeat = Heartbeat::new(interval, message);
    if let Some(is_reply) = options.function("isReply")? {
        heartbeat = heartbeat.with_reply(move |message: &Message| {
            match is_reply.call1(&JsValue::UNDEFINED, &message_to_js(message.clone())) {
                Ok(answer) => answer.is_truthy(),
                // Delivering is the safe side: nothing is hidden by mistake.
                Err(exception) => {
                    report(&exception);
                    false
                }
            }
        });
    }
    Ok(Some(heartbeat))
}

/// Runs the JS `onOpen` hook with `{ send, protocol, url }` for the new
/// connection; `send` throws `AlreadyClosedError` once that connection is
/// gone, and sends go out before the offline queue.
fn on_open(hook: &Function, socket: &WebSocketSender) {
    // A handle of that one connection: once it has closed, its sends fail
    // with AlreadyClosedError, whatever the reconnecting socket does next.
    let sender = socket.clone();
    let send = Closure::<dyn Fn(JsValue) -> Result<(), JsValue>>::new(move |data: JsValue| {
        Outgoing::from_js(&data, "onOpen send")?
            .send_on(&sender)
            .map_err(to_js_error)
    });
    let argument = Object::new();
    set(&argument, "send", &send.into_js_value());
    set(&argument, "protocol", &socket.protocol().into());
    set(&argument, "url", &socket.url().into());
    if let Err(exception) = hook.call1(&JsValue::UNDEFINED, &argument) {
        report(&exception);
    }
}
