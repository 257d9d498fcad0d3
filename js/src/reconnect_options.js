// The arguments of `new ReconnectingSocket(url, protocols?, options?)`,
// checked (options.js has the rules) and made into what the engine reads
// (`config.rs`): one flat object of checked values, `undefined` for a
// default. What the options ask of the JavaScript side (`startClosed`,
// `signal`, `maxUnread`, `debug`) is returned beside it.
//
// The option names of partysocket and reconnecting-websocket that mean
// something here are read as the names they stand for (`maxRetries` is
// `retryLimits.maxRetries`); those that mean nothing here are a
// `TypeError` that says why, as any unknown name is.

import { describe } from "./describe.js";
import { report } from "./event_target.js";
import { NEVER_CONNECTS, Options, stringsOf, urlOf } from "./options.js";
import { outgoing } from "./outgoing.js";

const OWNER = "ReconnectingSocket options";
const KNOWN = [
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
  "maxUnread",
  "maxOfflineWaitMs",
  "suspendInPageCache",
  "maxMessageSize",
  "debug",
  "debugLogger",
];

/** The option names of partysocket and reconnecting-websocket, and the
 * options they are here (`WebSocket`, `startClosed`, `protocols`, `debug`
 * and `debugLogger` have the same names). */
export const PEER_NAMES = {
  minReconnectionDelay: "backoff.initialDelayMs",
  maxReconnectionDelay: "backoff.maxDelayMs",
  reconnectionDelayGrowFactor: "backoff.factor",
  minUptime: "retryLimits.minUptimeMs",
  maxRetries: "retryLimits.maxRetries",
  connectionTimeout: "connectTimeoutMs",
  maxEnqueuedMessages: "queue.capacity",
  shouldReconnectOnClose: "policy.shouldReconnect",
};

/** Their names that mean nothing here, and why. */
const PARTYSOCKET_URL = "an option of PartySocket, which builds a PartyKit URL from it: pass the URL (or a function returning it) instead";
const NO_MEANING = {
  host: PARTYSOCKET_URL,
  room: PARTYSOCKET_URL,
  party: PARTYSOCKET_URL,
  basePath: PARTYSOCKET_URL,
  prefix: PARTYSOCKET_URL,
  path: PARTYSOCKET_URL,
  protocol: `${PARTYSOCKET_URL} (the subprotocols are "protocols")`,
  query: PARTYSOCKET_URL,
  id: PARTYSOCKET_URL,
  disableNameValidation: PARTYSOCKET_URL,
  constructor: 'the name reconnecting-websocket 3 gave the WebSocket constructor: use "WebSocket"',
};

/** `{ base, urlProvider, protocolsProvider, startClosed, signal,
 * maxUnread, debug }` from the constructor's arguments: the protocols
 * (`undefined` if not given) and the options object. */
export function readOptions(url, protocolsArgument, value) {
  const { mapped, aliases } = peerOptions(value);
  const options = new Options(mapped, OWNER, KNOWN, "", aliases);
  const urlProvider = typeof url === "function" ? url : undefined;
  url = urlProvider ? "" : urlOf(url, "new ReconnectingSocket");
  let given = options.get("protocols");
  if (protocolsArgument !== undefined) {
    if (given !== undefined) {
      throw new TypeError("new ReconnectingSocket: the protocols are given twice, as the second argument and as an option");
    }
    given = protocolsArgument;
  }
  const protocolsProvider = typeof given === "function" ? given : undefined;
  const startClosed = options.boolean("startClosed") ?? false;
  const signal = options.signal("signal");
  const debugLogger = options.function("debugLogger");
  const base = {
    url,
    // Checked when the socket is made, not at every attempt, even when a
    // function gives the URL.
    protocols: protocolsProvider ? undefined : protocolsOf(given, protocolsArgument !== undefined),
    connectTimeoutMs: options.duration("connectTimeoutMs", NEVER_CONNECTS),
    WebSocket: options.function("WebSocket"),
    maxMessageSize: options.count("maxMessageSize"),
    maxUnread: options.count("maxUnread"),
    ...backoff(options.nested("backoff", ["initialDelayMs", "maxDelayMs", "factor", "jitter"])),
    ...retryLimits(options.nested("retryLimits", ["maxRetries", "maxElapsedMs", "minUptimeMs"])),
    ...policy(options.nested("policy", ["terminalCodes", "shouldReconnect"])),
    ...queue(options),
    onOpen: onOpen(options.function("onOpen")),
    ...heartbeat(options),
    idleTimeoutMs: options.duration("idleTimeoutMs", "every connection would be declared dead as it opens"),
    pauseWhileOffline: options.boolean("pauseWhileOffline"),
    retryWhenVisible: options.boolean("retryWhenVisible"),
    // 0 skips the pause: a retry while offline starts at once.
    maxOfflineWaitMs: options.duration("maxOfflineWaitMs"),
    suspendInPageCache: options.boolean("suspendInPageCache"),
  };
  return {
    base,
    urlProvider,
    protocolsProvider,
    startClosed,
    signal,
    // As the Rust socket's default: 128 MiB.
    maxUnread: base.maxUnread ?? 128 * 1024 * 1024,
    debug: options.boolean("debug") ? (debugLogger ?? console.log.bind(console)) : undefined,
  };
}

/** The engine's config for `read` (from `readOptions`); its first attempt
 * waits for the promise `gate`, if given. */
export function engineConfig(read, gate) {
  const { base, urlProvider, protocolsProvider } = read;
  const config = { ...base };
  if (urlProvider || protocolsProvider || gate) {
    config.provider = () => attempt(base.url, urlProvider, protocolsProvider, gate);
  }
  return config;
}

/** The options object with the names of partysocket and
 * reconnecting-websocket read as the ones they stand for, and `aliases`:
 * which name each came as, for error messages. */
function peerOptions(value) {
  const aliases = {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { mapped: value, aliases };
  const keys = Object.keys(value);
  for (const key of keys) {
    if (Object.hasOwn(NO_MEANING, key)) {
      throw new TypeError(`${OWNER}: "${key}" has no meaning here: it is ${NO_MEANING[key]}`);
    }
  }
  const peers = keys.filter((key) => Object.hasOwn(PEER_NAMES, key));
  if (peers.length === 0) return { mapped: value, aliases };
  const mapped = { ...value };
  for (const key of peers) {
    const path = PEER_NAMES[key];
    const [outer, inner] = path.includes(".") ? path.split(".") : [undefined, path];
    delete mapped[key];
    let target = mapped;
    if (outer) {
      const nested = mapped[outer];
      if (nested !== undefined && (typeof nested !== "object" || nested === null || Array.isArray(nested))) {
        throw new TypeError(`${OWNER}: "${key}" sets ${path}, but "${outer}" is ${describe(nested)}`);
      }
      target = mapped[outer] = { ...nested };
    }
    if (target[inner] !== undefined) {
      throw new TypeError(`${OWNER}: "${key}" and "${path}" are the same option: give one of them`);
    }
    target[inner] = value[key];
    aliases[path] = key;
  }
  return { mapped, aliases };
}

/** The subprotocols given as a value: a string, an array of strings, or
 * (as the second argument, or the option) `null` for none. */
function protocolsOf(given, positional) {
  if (given === undefined) return undefined;
  if (given === null) return [];
  const protocols = stringsOf(given);
  if (protocols) return protocols;
  const where = positional ? "new ReconnectingSocket: the protocols" : `${OWNER}: protocols`;
  throw new TypeError(`${where} must be a string, an array of strings, null or a function, not ${describe(given)}`);
}

/** Where an attempt connects: `[url, protocols]`, asked of the functions
 * given for them before every attempt (after `gate`, if there is one); `protocols` is `undefined` for the ones given as values.
 * Rejects with the message of a failed attempt. */
async function attempt(url, urlProvider, protocolsProvider, gate) {
  await gate;
  if (urlProvider) {
    try {
      url = urlOf(await urlProvider(), "the url function");
    } catch (thrown) {
      throw `the url function failed: ${messageOf(thrown)}`;
    }
  }
  let protocols;
  if (protocolsProvider) {
    try {
      protocols = providedProtocols(await protocolsProvider());
    } catch (thrown) {
      throw `the protocols function failed: ${messageOf(thrown)}`;
    }
  }
  return [url, protocols];
}

/** What a protocols function gave: a string, an array of strings, or
 * `null` / `undefined` for none. */
function providedProtocols(value) {
  if (value == null) return [];
  const protocols = stringsOf(value);
  if (protocols) return protocols;
  throw new TypeError(`it must return a string, an array of strings or null, not ${describe(value)}`);
}

/** What was thrown, as a failed attempt tells it: `name: message`. */
function messageOf(thrown) {
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : `Error: ${String(thrown)}`;
}

function backoff(options) {
  return {
    initialDelayMs: options.duration("initialDelayMs"),
    maxDelayMs: options.duration("maxDelayMs"),
    factor: options.numberAtLeast(
      "factor",
      1,
      "a number at least 1 (a shrinking delay would hammer a server that stays down)",
    ),
    jitter: options.choice("jitter", ["full", "equal", "none"]),
  };
}

function retryLimits(options) {
  return {
    maxRetries: options.count("maxRetries"),
    maxElapsedMs: options.durationLimit("maxElapsedMs"),
    minUptimeMs: options.duration("minUptimeMs"),
  };
}

function policy(options) {
  const shouldReconnect = options.function("shouldReconnect");
  return {
    terminalCodes: terminalCodes(options.get("terminalCodes")),
    // Reconnecting is the safe side: a needless retry is bounded by the
    // backoff, a needless stop is a silent outage.
    shouldReconnect: predicate(shouldReconnect, true),
  };
}

/** `terminalCodes`: codes, and `[from, to]` ranges, e.g. `[4001, [4400,
 * 4499]]`, as the engine reads them: `[from, to, from, to, ...]`. */
function terminalCodes(codes) {
  if (codes === undefined) return undefined;
  const wrong = () =>
    new TypeError(
      `${OWNER}.policy: terminalCodes must be an array of codes (0-65535) and [from, to] ranges, ` +
        `not ${describe(codes)}`,
    );
  const isCode = (value) => Number.isInteger(value) && value >= 0 && value <= 65535;
  if (!Array.isArray(codes)) throw wrong();
  return codes.flatMap((item) => {
    if (isCode(item)) return [item, item];
    if (Array.isArray(item) && item.length === 2 && isCode(item[0]) && isCode(item[1]) && item[0] <= item[1]) {
      return item;
    }
    throw wrong();
  });
}

function queue(options) {
  if (options.get("queue") === false) return { queueDisabled: true };
  const queue = options.nested("queue", ["capacity", "maxBytes", "overflow"]);
  return {
    queueCapacity: queue.count("capacity"),
    queueMaxBytes: queue.count("maxBytes"),
    overflow: queue.choice("overflow", ["reject", "drop-oldest", "drop-newest"]),
  };
}

function heartbeat(options) {
  if (options.get("heartbeat") === undefined) return {};
  const heartbeat = options.nested("heartbeat", ["intervalMs", "message", "isReply"]);
  const required = (key) => {
    if (heartbeat.get(key) === undefined) throw new TypeError(`${OWNER}: ${heartbeat.name(key)} is required`);
  };
  required("intervalMs");
  const intervalMs = heartbeat.duration("intervalMs", "a heartbeat without pause would be a busy loop");
  required("message");
  const message = outgoing(heartbeat.get("message"), `${OWNER}.heartbeat.message`, false);
  const isReply = heartbeat.function("isReply");
  return {
    heartbeatMs: intervalMs,
    heartbeatMessage: message,
    // Delivering is the safe side: nothing is hidden by mistake.
    isReply: predicate(isReply, false),
  };
}

/** A predicate given as an option, as the engine calls it: its answer as
 * a boolean; if it throws, the exception is reported and the answer is
 * `otherwise`. */
function predicate(given, otherwise) {
  if (!given) return undefined;
  return (value) => {
    try {
      return Boolean(given(value));
    } catch (exception) {
      report(exception);
      return otherwise;
    }
  };
}

/** The `onOpen` hook as the engine calls it, on every open: with the new
 * connection's own `send` (which throws `AlreadyClosedError` once that
 * connection is gone; its sends go out before the offline queue), its
 * subprotocol and URL. */
function onOpen(hook) {
  if (!hook) return undefined;
  return (send, protocol, url) => {
    try {
      hook({ send: (data) => send(outgoing(data, "onOpen send", true)), protocol, url });
    } catch (exception) {
      report(exception);
    }
  };
}
