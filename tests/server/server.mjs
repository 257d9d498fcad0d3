#!/usr/bin/env node
// Local WebSocket test server for the wasm-websocket crate's browser tests.
//
//   node tests/server/server.mjs [--port 8787] [--stoppable-port N] [--static DIR] [--verbose]
//
// One HTTP server on the main port answers the JSON control API (/control/*) and
// WebSocket upgrades for the test endpoints (/echo, /close, /drop, /hang, /refuse,
// /silent, /burst, and the same under /deflate/). A second "stoppable" listener
// serves the same WebSocket endpoints and can really be stopped and started again
// through the control API. See README.md next to this file for the reference.
//
// Tests import startServer() directly; the CLI entry at the bottom calls it too.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

const DEFAULT_PORT = 8787;
const MAX_PAYLOAD = 64 * 1024 * 1024; // largest message accepted from clients
const MAX_BURST_MESSAGE = 64 * 1024 * 1024; // largest single burst message
const MAX_BURST_TOTAL_BYTES = 256 * 1024 * 1024; // keeps a typo from eating all memory
const MAX_BURST_MESSAGES = 100_000;
const MAX_DELAY_MS = 60_000;
const MAX_REFUSE_MS = 3_600_000;
const MAX_STALL_MS = 60_000;
const HANG_LIMIT_MS = 120_000;
const CLOSES_KEPT = 100;
const RECEIVED_KEPT = 1000;
const RECEIVED_DEFAULT_LIMIT = 100;
const TEXT_KEPT_BYTES = 1024;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

const WS_ENDPOINTS = new Set(['echo', 'close', 'drop', 'hang', 'refuse', 'silent', 'burst', 'flood']);

// Browser tests run on another origin and call the control API with plain fetch().
const COMMON_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' };

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// ---------------------------------------------------------------------------
// Parameter parsing (every failure is an HttpError, answered as JSON, never a crash)
// ---------------------------------------------------------------------------

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const badRequest = (message) => new HttpError(400, message);

function parseIntValue(name, raw, { def, min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  if (raw === null || raw === undefined || raw === '') {
    if (def === undefined) throw badRequest(`missing parameter "${name}"`);
    return def;
  }
  if (!/^\d+$/.test(raw)) throw badRequest(`"${name}" must be a non-negative integer, got ${JSON.stringify(raw)}`);
  const n = Number(raw);
  if (n < min || n > max) throw badRequest(`"${name}" must be between ${min} and ${max}, got ${n}`);
  return n;
}

const intParam = (q, name, opts) => parseIntValue(name, q.get(name), opts);

function boolParam(q, name) {
  const raw = q.get(name);
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw badRequest(`"${name}" must be 1 or 0, got ${JSON.stringify(raw)}`);
}

// Same rule as the ws library (and browsers) for codes that may appear in a close frame.
function isSendableCloseCode(code) {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999);
}

// code=1005 is accepted and means "send a close frame without a status code".
function closeParams(q) {
  const code = intParam(q, 'code', { def: 1000, min: 1000, max: 4999 });
  const reason = q.get('reason') ?? '';
  if (code !== 1005 && !isSendableCloseCode(code)) throw badRequest(`close code ${code} cannot be sent`);
  if (code === 1005 && reason !== '') throw badRequest('code 1005 (no status) cannot carry a reason');
  if (Buffer.byteLength(reason) > 123) throw badRequest('close reason must be at most 123 UTF-8 bytes');
  return { code, reason };
}

// A tag parameter that is absent means "all tags"; `tag=` means the untagged ("") connections.
const tagFilter = (q) => (q.has('tag') ? q.get('tag') : null);

function parseUrl(raw) {
  try {
    return new URL(raw, 'http://127.0.0.1');
  } catch {
    throw badRequest('malformed request URL');
  }
}

// ---------------------------------------------------------------------------
// Bursts: spec parsing and deterministic message contents (see README.md)
// ---------------------------------------------------------------------------

/** Parses `items` ("t16,b1024"), `repeat` and `then` (strings or null) into a burst plan. */
export function parseBurst(itemsRaw, repeatRaw, thenRaw) {
  if (!itemsRaw) throw badRequest('"items" must be a non-empty list like t16,b1024');
  const items = itemsRaw.split(',').map((item) => {
    const m = /^([tb])(\d+)$/.exec(item.trim());
    if (!m) throw badRequest(`bad burst item ${JSON.stringify(item)} (expected t<bytes> or b<bytes>)`);
    const size = parseIntValue('item size', m[2], { max: MAX_BURST_MESSAGE });
    return { binary: m[1] === 'b', size };
  });
  const repeat = parseIntValue('repeat', repeatRaw, { def: 1, max: MAX_BURST_MESSAGES });
  const total = items.length * repeat;
  const totalBytes = items.reduce((sum, it) => sum + it.size, 0) * repeat;
  if (total > MAX_BURST_MESSAGES) throw badRequest(`burst too long (${total} > ${MAX_BURST_MESSAGES} messages)`);
  if (totalBytes > MAX_BURST_TOTAL_BYTES) throw badRequest(`burst too large (${totalBytes} > ${MAX_BURST_TOTAL_BYTES} bytes)`);

  let then = thenRaw || 'echo';
  if (then !== 'echo' && then !== 'drop') {
    then = parseIntValue('then', then, { min: 1000, max: 4999 });
    if (!isSendableCloseCode(then)) throw badRequest(`"then" close code ${then} cannot be sent`);
  }
  return { items, repeat, then };
}

/** Text message k of `size` bytes: "k:" then a..z repeating; shorter sizes truncate the decimal k. */
export function burstText(k, size) {
  const prefix = `${k}:`;
  if (size < prefix.length) return String(k).slice(0, size);
  const fill = size - prefix.length;
  return prefix + LETTERS.repeat(Math.ceil(fill / LETTERS.length)).slice(0, fill);
}

/** Binary message k of `size` bytes: byte i is (k + i) & 0xff, then (size >= 4) k as u32 LE at 0. */
export function burstBinary(k, size) {
  const buf = Buffer.allocUnsafe(size);
  // Filling with a 256-byte pattern is much faster than a per-byte loop for 16 MiB.
  const pattern = Buffer.alloc(256);
  for (let j = 0; j < 256; j++) pattern[j] = (k + j) & 0xff;
  if (size > 0) buf.fill(pattern);
  if (size >= 4) buf.writeUInt32LE(k >>> 0, 0);
  return buf;
}

// ---------------------------------------------------------------------------
// WebSocket route parsing
// ---------------------------------------------------------------------------

/** Maps "/echo", "/deflate/burst/" ... to { endpoint, deflate }, or null when it is no WS endpoint. */
function wsEndpointOf(pathname) {
  let p = pathname.replace(/\/+$/, '');
  let deflate = false;
  if (p.startsWith('/deflate/')) {
    deflate = true;
    p = p.slice('/deflate'.length);
  }
  const endpoint = p.slice(1);
  return WS_ENDPOINTS.has(endpoint) ? { endpoint, deflate } : null;
}

/** Everything the upgrade needs from the URL, validated up front so bad input is a 400. */
function parseWsRoute(rawUrl) {
  const url = parseUrl(rawUrl);
  const found = wsEndpointOf(url.pathname);
  if (!found) throw new HttpError(404, `unknown WebSocket endpoint ${url.pathname}`);
  const q = url.searchParams;
  const route = {
    ...found,
    tag: q.get('tag') ?? '',
    accept: q.has('accept') ? q.get('accept') : undefined,
  };
  // On /drop `delay` means the drop delay (its own documented meaning), so there the
  // handshake delay can only be given as `handshakeDelay`, which works everywhere.
  const delayDefault = found.endpoint === 'drop' ? 0 : intParam(q, 'delay', { def: 0, max: MAX_DELAY_MS });
  route.handshakeDelay = intParam(q, 'handshakeDelay', { def: delayDefault, max: MAX_DELAY_MS });

  switch (found.endpoint) {
    case 'close':
      route.after = intParam(q, 'after', { def: 0 });
      Object.assign(route, closeParams(q));
      break;
    case 'drop':
      route.after = intParam(q, 'after', { def: 0 });
      route.dropDelay = intParam(q, 'delay', { def: 0, max: MAX_DELAY_MS });
      break;
    case 'burst':
      route.burst = parseBurst(q.get('items'), q.get('repeat'), q.get('then'));
      break;
    case 'flood':
      route.flood = {
        bytes: intParam(q, 'bytes', { def: 64 * 1024 * 1024, max: MAX_BURST_TOTAL_BYTES }),
        size: intParam(q, 'size', { def: 64 * 1024, max: MAX_BURST_MESSAGE }),
      };
      break;
  }
  return route;
}

/** Subprotocol choice: first offered by default; `accept=name` picks that one; `accept=`/`none` none. */
function selectProtocol(offered, accept) {
  if (accept === undefined) return offered.values().next().value ?? false;
  if (accept === '' || accept === 'none') return false;
  return offered.has(accept) ? accept : false;
}

const parseProtocolHeader = (header) =>
  (header ?? '').split(',').map((p) => p.trim()).filter(Boolean);

// ---------------------------------------------------------------------------
// Small HTTP / socket helpers
// ---------------------------------------------------------------------------

function sendJson(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}

/** Answers an upgrade request with a plain HTTP error (the socket never became a WebSocket). */
function rejectUpgrade(socket, status, body) {
  if (!socket.writable) return socket.destroy();
  const json = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    ...Object.entries(COMMON_HEADERS).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${json}`);
}

/**
 * Destroys the TCP socket without a close frame, but only after what was already
 * written (e.g. the 101 response) reached the kernel, so the client reliably sees
 * "opened, then 1006" rather than a failed handshake.
 */
function destroyAfterFlush(socket) {
  if (socket.destroyed) return;
  socket.write(Buffer.alloc(0), () => socket.destroy());
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      // Errors while listening (e.g. EMFILE on accept) must be logged, not thrown.
      server.on('error', (err) => console.error('[test-server] listener error:', err));
      resolve(server.address().port);
    });
  });
}

function assertLoopback(host) {
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
    throw new Error(`refusing to bind to non-loopback host ${host}`);
  }
}

function summarizeMessage(data, isBinary) {
  if (isBinary) return { type: 'binary', length: data.length, head: data.subarray(0, 16).toString('hex') };
  if (data.length <= TEXT_KEPT_BYTES) return { type: 'text', data: data.toString('utf8') };
  // `length` is the full UTF-8 byte length; the cut may split a character.
  return { type: 'text', data: data.subarray(0, TEXT_KEPT_BYTES).toString('utf8'), length: data.length, truncated: true };
}

const newCounters = () => ({
  upgrades: 0,
  accepted: 0,
  refused: 0,
  messagesReceived: 0,
  messagesSent: 0,
  bytesReceived: 0,
  bytesSent: 0,
  bytesFlushed: 0, // /flood: bytes the kernel has taken from the server
  firstUpgradeAt: null, // performance.now() of the tag's first upgrade request
  closes: [],
  lastProtocols: [],
  received: [], // { seq, entry } ring, RECEIVED_KEPT long
});

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

class TestServer {
  constructor({ port = 0, host = '127.0.0.1', stoppablePort, staticDir, verbose = false, log = console.error } = {}) {
    assertLoopback(host);
    parseIntValue('port', String(port), { max: 65535 });
    this.host = host;
    this.port = port;
    // With port 0 (tests) main+1 may be taken, so the stoppable port is picked freely too.
    this.stoppablePort = stoppablePort ?? (port === 0 ? 0 : port + 1);
    parseIntValue('stoppablePort', String(this.stoppablePort), { max: 65535 });
    this.staticDir = staticDir ? path.resolve(staticDir) : null;
    this.logError = (...args) => log('[test-server]', ...args);
    this.info = verbose ? this.logError : () => {};

    this.tags = new Map(); // tag -> counters (newCounters)
    this.conns = new Set(); // open WebSocket connections, see onOpen
    this.seq = 0; // global arrival order of received messages, for merging tags
    this.refuseAllUntil = 0;
    this.refuseUntil = new Map(); // tag -> timestamp (ms)
    this.silenceAll = false;
    this.silencedTags = new Set();

    this.main = null; // { server, sockets }
    this.stoppable = null; // same, or null while stopped
    this.stoppableStarting = null;
    this.restartTimer = null;
    this.closing = null;

    const common = {
      noServer: true,
      clientTracking: false,
      maxPayload: MAX_PAYLOAD,
      handleProtocols: (offered, req) => selectProtocol(offered, req.wsTestAccept),
    };
    this.wssPlain = new WebSocketServer({ ...common, perMessageDeflate: false });
    // threshold 0 compresses every message so the browser's inflate path really runs.
    this.wssDeflate = new WebSocketServer({ ...common, perMessageDeflate: { threshold: 0 } });
    this.controls = this.buildControls();
  }

  async start() {
    if (this.staticDir && !fs.statSync(this.staticDir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`--static: ${this.staticDir} is not a directory`);
    }
    const main = this.createListener(true);
    this.port = await listen(main.server, this.port, this.host);
    this.main = main;
    try {
      await this.startStoppable();
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  async close() {
    this.closing ??= (async () => {
      clearTimeout(this.restartTimer);
      for (const conn of this.conns) conn.ws.terminate();
      await Promise.all([this.main && closeListener(this.main), this.stopStoppable()]);
      this.wssPlain.close();
      this.wssDeflate.close();
    })();
    return this.closing;
  }

  // --- listeners -----------------------------------------------------------

  createListener(isMain) {
    const server = http.createServer((req, res) => this.onRequest(req, res, isMain));
    server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    // Tracked so stop/close can destroy every TCP connection (upgraded ones included).
    const sockets = new Set();
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    return { server, sockets };
  }

  async startStoppable() {
    clearTimeout(this.restartTimer);
    if (this.stoppable || this.closing) return;
    this.stoppableStarting ??= (async () => {
      try {
        const listener = this.createListener(false);
        this.stoppablePort = await listen(listener.server, this.stoppablePort, this.host);
        this.stoppable = listener;
      } finally {
        this.stoppableStarting = null;
      }
    })();
    await this.stoppableStarting;
  }

  async stopStoppable() {
    clearTimeout(this.restartTimer);
    if (this.stoppableStarting) await this.stoppableStarting.catch(() => {});
    const listener = this.stoppable;
    this.stoppable = null;
    if (listener) await closeListener(listener);
  }

  stoppableStatus() {
    return { stoppablePort: this.stoppablePort, stoppableListening: Boolean(this.stoppable) };
  }

  // --- per-tag state ---------------------------------------------------------

  counters(tag) {
    let c = this.tags.get(tag);
    if (!c) this.tags.set(tag, (c = newCounters()));
    return c;
  }

  connsOf(tag) {
    return [...this.conns].filter((conn) => tag === null || conn.tag === tag);
  }

  isRefusing(tag) {
    const now = Date.now();
    return now < this.refuseAllUntil || now < (this.refuseUntil.get(tag) ?? 0);
  }

  isSilenced(tag) {
    return this.silenceAll || this.silencedTags.has(tag);
  }

  statsView(tag) {
    const { received, ...c } = this.tags.get(tag) ?? newCounters();
    return { ...c, open: this.connsOf(tag).length, closes: [...c.closes], lastProtocols: [...c.lastProtocols] };
  }

  recordReceived(tag, data, isBinary) {
    const c = this.counters(tag);
    c.messagesReceived++;
    c.bytesReceived += data.length;
    c.received.push({ seq: ++this.seq, entry: summarizeMessage(data, isBinary) });
    if (c.received.length > RECEIVED_KEPT) c.received.shift();
  }

  // --- HTTP requests: control API, static files ---------------------------------

  async onRequest(req, res, isMain) {
    try {
      await this.routeRequest(req, res, isMain);
    } catch (err) {
      if (!(err instanceof HttpError)) this.logError(`${req.method} ${req.url} failed:`, err);
      const status = err instanceof HttpError ? err.status : 500;
      if (res.headersSent) res.destroy();
      else sendJson(res, status, { error: err.message });
    }
  }

  async routeRequest(req, res, isMain) {
    const url = parseUrl(req.url);
    const { pathname } = url;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...COMMON_HEADERS,
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': '*',
      });
      return res.end();
    }
    if (pathname.startsWith('/control/')) {
      // The stoppable port only serves WebSockets (plus health, to probe it).
      if (!isMain && pathname !== '/control/health') throw new HttpError(404, 'control API is on the main port');
      if (req.method !== 'GET' && req.method !== 'POST') throw new HttpError(405, 'use GET or POST');
      req.resume(); // parameters come from the query string; any body is ignored
      const handler = Object.hasOwn(this.controls, pathname.slice(9)) ? this.controls[pathname.slice(9)] : null;
      if (!handler) throw new HttpError(404, `unknown control endpoint ${pathname}`);
      return sendJson(res, 200, await handler(url.searchParams));
    }
    if (wsEndpointOf(pathname)) throw new HttpError(426, `${pathname} is a WebSocket endpoint`);
    if (isMain && this.staticDir && (req.method === 'GET' || req.method === 'HEAD')) {
      return this.serveStatic(req, res, pathname);
    }
    throw new HttpError(404, `not found: ${pathname}`);
  }

  async serveStatic(req, res, pathname) {
    let rel;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      throw badRequest('malformed path encoding');
    }
    if (rel.includes('\0')) throw badRequest('malformed path');
    const notFound = new HttpError(404, `not found: ${pathname}`);
    let file = path.join(this.staticDir, rel); // join normalizes "..", checked below
    let stat = await fs.promises.stat(file).catch(() => null);
    if (stat?.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = await fs.promises.stat(file).catch(() => null);
    }
    if (!stat?.isFile()) throw notFound;
    // Resolve symlinks on both sides so nothing outside DIR is ever served.
    const [realRoot, realFile] = await Promise.all([fs.promises.realpath(this.staticDir), fs.promises.realpath(file)]);
    if (!realFile.startsWith(realRoot + path.sep)) throw notFound;

    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stat.size,
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(realFile)
      .on('error', (err) => {
        this.logError(`static ${file}:`, err);
        res.destroy();
      })
      .pipe(res);
  }

  buildControls() {
    return {
      health: () => ({ ok: true }),
      ports: () => ({ port: this.port, stoppablePort: this.stoppablePort }),
      status: () => this.stoppableStatus(),
      stats: (q) => this.controlStats(q),
      received: (q) => this.controlReceived(q),
      reset: (q) => this.controlReset(q),
      refuse: (q) => this.controlRefuse(q),
      drop: (q) => this.controlDrop(q),
      close: (q) => this.controlClose(q),
      send: (q) => this.controlSend(q),
      silence: (q) => this.controlSilence(q),
      stall: (q) => this.controlStall(q),
      stop: async () => {
        await this.stopStoppable();
        return this.stoppableStatus();
      },
      start: async () => {
        await this.startStoppable();
        return this.stoppableStatus();
      },
      restart: async (q) => {
        const after = intParam(q, 'after', { def: 0, max: MAX_REFUSE_MS });
        await this.stopStoppable();
        this.restartTimer = setTimeout(() => {
          this.startStoppable().catch((err) => this.logError('restarting the stoppable listener failed:', err));
        }, after);
        return { ...this.stoppableStatus(), restartInMs: after };
      },
    };
  }

  controlStats(q) {
    const tag = tagFilter(q);
    if (tag !== null) return this.statsView(tag);
    const all = new Set([...this.tags.keys(), ...[...this.conns].map((c) => c.tag)]);
    return Object.fromEntries([...all].map((t) => [t, this.statsView(t)]));
  }

  controlReceived(q) {
    const tag = tagFilter(q);
    const limit = Math.min(intParam(q, 'limit', { def: RECEIVED_DEFAULT_LIMIT }), RECEIVED_KEPT);
    if (limit === 0) return [];
    if (tag !== null) return (this.tags.get(tag)?.received ?? []).slice(-limit).map((r) => r.entry);
    // All tags: merge by arrival order and say which tag each message came from.
    const merged = [...this.tags].flatMap(([t, c]) => c.received.map((r) => ({ seq: r.seq, entry: { tag: t, ...r.entry } })));
    return merged.sort((a, b) => a.seq - b.seq).slice(-limit).map((r) => r.entry);
  }

  controlReset(q) {
    const tag = tagFilter(q);
    if (tag === null) this.tags.clear();
    else this.tags.delete(tag);
    return { ok: true };
  }

  controlRefuse(q) {
    const tag = tagFilter(q);
    const ms = intParam(q, 'ms', { max: MAX_REFUSE_MS });
    const until = ms > 0 ? Date.now() + ms : 0;
    if (tag !== null) {
      if (until) this.refuseUntil.set(tag, until);
      else this.refuseUntil.delete(tag);
    } else {
      this.refuseAllUntil = until;
      if (!until) this.refuseUntil.clear(); // untagged ms=0 ends every refuse window
    }
    return { ok: true, refusing: ms > 0, ms };
  }

  controlDrop(q) {
    const conns = this.connsOf(tagFilter(q));
    for (const conn of conns) conn.socket.destroy();
    return { dropped: conns.length };
  }

  controlClose(q) {
    const { code, reason } = closeParams(q);
    const conns = this.connsOf(tagFilter(q)).filter((c) => c.ws.readyState === WebSocket.OPEN);
    for (const conn of conns) this.closeConn(conn, code, reason);
    return { closed: conns.length };
  }

  controlSend(q) {
    const hasText = q.has('text');
    const hasBinary = q.has('binary');
    if (hasText === hasBinary) throw badRequest('give exactly one of "text" or "binary" (hex)');
    let data;
    if (hasBinary) {
      const hex = q.get('binary');
      if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw badRequest('"binary" must be an even-length hex string');
      data = Buffer.from(hex, 'hex');
    } else {
      data = Buffer.from(q.get('text'), 'utf8');
    }
    let sent = 0;
    for (const conn of this.connsOf(tagFilter(q))) if (this.sendTo(conn, data, hasBinary)) sent++;
    return { sent };
  }

  controlSilence(q) {
    const tag = tagFilter(q);
    const on = boolParam(q, 'on');
    if (tag === null) {
      this.silenceAll = on;
      if (!on) this.silencedTags.clear(); // untagged on=0 resumes everything
    } else if (on) {
      this.silencedTags.add(tag);
    } else {
      this.silencedTags.delete(tag);
    }
    return { ok: true, silenced: on };
  }

  /**
   * Stops reading from the tag's open connections for `ms`: what a client
   * sends (its close frame included) waits in the kernel unanswered, so a
   * client that closes stays CLOSING that long. `ms=0` resumes them now.
   */
  controlStall(q) {
    const ms = intParam(q, 'ms', { max: MAX_STALL_MS });
    const conns = this.connsOf(tagFilter(q));
    for (const conn of conns) {
      clearTimeout(conn.stallTimer);
      if (ms === 0) {
        this.unstall(conn);
        continue;
      }
      conn.stalled = true;
      conn.socket.pause();
      conn.stallTimer = setTimeout(() => this.unstall(conn), ms);
    }
    return { stalled: ms > 0 ? conns.length : 0, ms };
  }

  unstall(conn) {
    if (!conn.stalled) return;
    conn.stalled = false;
    if (!conn.socket.destroyed) conn.socket.resume();
  }

  // --- WebSocket upgrades --------------------------------------------------------

  onUpgrade(req, socket, head) {
    // Resets from clients that give up are normal; an unhandled 'error' would crash us.
    socket.on('error', (err) => this.info('socket error:', err.message));
    try {
      const route = parseWsRoute(req.url);
      const c = this.counters(route.tag);
      c.upgrades++;
      c.firstUpgradeAt ??= performance.now();
      c.lastProtocols = parseProtocolHeader(req.headers['sec-websocket-protocol']);
      if (this.isRefusing(route.tag)) {
        c.refused++;
        return rejectUpgrade(socket, 503, { error: 'refusing upgrades (control/refuse window)' });
      }
      if (route.handshakeDelay === 0) return this.completeUpgrade(req, socket, head, route);
      const timer = setTimeout(() => this.guard('delayed upgrade', () => this.completeUpgrade(req, socket, head, route)), route.handshakeDelay);
      socket.once('close', () => clearTimeout(timer));
    } catch (err) {
      if (!(err instanceof HttpError)) this.logError(`upgrade ${req.url} failed:`, err);
      rejectUpgrade(socket, err.status ?? 500, { error: err.message });
    }
  }

  completeUpgrade(req, socket, head, route) {
    if (socket.destroyed || this.closing) return socket.destroy();
    if (route.endpoint === 'refuse') {
      this.counters(route.tag).refused++;
      return rejectUpgrade(socket, 403, { error: 'the /refuse endpoint always refuses' });
    }
    if (route.endpoint === 'hang') return this.hang(socket);
    req.wsTestAccept = route.accept; // read by handleProtocols
    const wss = route.deflate ? this.wssDeflate : this.wssPlain;
    wss.handleUpgrade(req, socket, head, (ws) => this.guard('open', () => this.onOpen(ws, socket, route)));
  }

  /** /hang: hold the upgrade request unanswered until the client leaves or the limit. */
  hang(socket) {
    const timer = setTimeout(() => socket.destroy(), HANG_LIMIT_MS);
    socket.once('close', () => clearTimeout(timer));
    // HTTP sockets allow half-open; reading lets us notice the client leaving.
    socket.on('end', () => socket.destroy());
    socket.resume();
  }

  // --- WebSocket connections -------------------------------------------------------

  onOpen(ws, socket, route) {
    const conn = {
      ws,
      socket,
      route,
      tag: route.tag,
      endpoint: route.endpoint,
      received: 0,
      dropping: false,
      dropTimer: null,
      stalled: false,
      stallTimer: null,
    };
    this.conns.add(conn);
    this.counters(conn.tag).accepted++;
    this.info(`open ${route.deflate ? '/deflate' : ''}/${route.endpoint} tag=${JSON.stringify(conn.tag)} protocol=${ws.protocol}`);
    ws.on('message', (data, isBinary) => this.guard('message', () => this.onMessage(conn, data, isBinary)));
    ws.once('close', (code, reason) => this.onClose(conn, code, reason));
    ws.on('error', (err) => this.info(`ws error tag=${JSON.stringify(conn.tag)}:`, err.message));

    switch (conn.endpoint) {
      case 'close':
        if (route.after === 0) this.closeConn(conn, route.code, route.reason);
        break;
      case 'drop':
        if (route.after === 0) this.startDrop(conn);
        break;
      case 'burst':
        this.runBurst(conn, route.burst);
        break;
      case 'flood':
        this.runFlood(conn, route.flood);
        break;
    }
  }

  /**
   * Sends `bytes` in binary messages of `size`, only as fast as the socket
   * takes them: at most 1 MiB waits in the server, and each message's write
   * callback (the kernel took it) counts it in `bytesFlushed` and tops the
   * window up. A client that stops reading fills the TCP buffers, and then
   * `bytesFlushed` stops growing: this is how a test sees whether the
   * client applies receive backpressure.
   */
  runFlood(conn, { bytes, size }) {
    const chunk = Buffer.alloc(size, 0x5a);
    const window = 1024 * 1024;
    let queued = 0;
    const pump = () => {
      while (queued < bytes && conn.ws.readyState === WebSocket.OPEN && conn.ws.bufferedAmount < window) {
        const n = Math.min(size, bytes - queued);
        queued += n;
        this.sendTo(conn, n === size ? chunk : chunk.subarray(0, n), true, (err) => {
          if (err) return;
          this.counters(conn.tag).bytesFlushed += n;
          pump();
        });
      }
    };
    pump();
  }

  onMessage(conn, data, isBinary) {
    this.recordReceived(conn.tag, data, isBinary); // counted on every endpoint, /silent too
    conn.received++;
    if (conn.endpoint === 'silent' || conn.dropping) return;
    // The message that reaches the drop point is not echoed, so what the client sees is deterministic.
    if (conn.endpoint === 'drop' && conn.received >= conn.route.after) return this.startDrop(conn);
    if (!this.isSilenced(conn.tag) && !(isBinary === false && this.tryBurstCommand(conn, data))) {
      this.sendTo(conn, data, isBinary); // echo with the same type
    }
    if (conn.endpoint === 'close' && conn.received === conn.route.after) {
      this.closeConn(conn, conn.route.code, conn.route.reason);
    }
  }

  onClose(conn, code, reason) {
    this.conns.delete(conn);
    clearTimeout(conn.dropTimer);
    clearTimeout(conn.stallTimer);
    // ws reports 1006 exactly when no close frame was received from the client.
    const closes = this.counters(conn.tag).closes;
    closes.push({ code, reason: reason.toString('utf8'), wasClean: code !== 1006, at: performance.now() });
    if (closes.length > CLOSES_KEPT) closes.shift();
    this.info(`close tag=${JSON.stringify(conn.tag)} code=${code}`);
  }

  /** Sends one message and counts it; false when the connection is no longer open. */
  sendTo(conn, data, binary, callback) {
    if (conn.ws.readyState !== WebSocket.OPEN) return false;
    conn.ws.send(data, { binary }, callback);
    const c = this.counters(conn.tag);
    c.messagesSent++;
    c.bytesSent += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    return true;
  }

  closeConn(conn, code, reason) {
    if (code === 1005) conn.ws.close(); // close frame without a status code
    else conn.ws.close(code, reason);
  }

  startDrop(conn) {
    conn.dropping = true;
    const delay = conn.endpoint === 'drop' ? conn.route.dropDelay : 0;
    conn.dropTimer = setTimeout(() => destroyAfterFlush(conn.socket), delay);
  }

  /** Text "burst <items> [repeat] [then]" on an echoing connection starts a burst. */
  tryBurstCommand(conn, data) {
    if (data.length > 4096 || !data.subarray(0, 6).equals(Buffer.from('burst '))) return false;
    const m = /^burst (\S+)(?: (\S+))?(?: (\S+))?$/.exec(data.toString('utf8'));
    if (!m) return false;
    try {
      this.runBurst(conn, parseBurst(m[1], m[2] ?? null, m[3] ?? null));
      return true;
    } catch (err) {
      this.logError(`ignoring bad burst command ${JSON.stringify(m[0])}: ${err.message}`);
      return false; // then it is echoed like any other message
    }
  }

  runBurst(conn, { items, repeat, then }) {
    const total = items.length * repeat;
    // Dropping must wait until the last message is written, or the burst would be cut short.
    const afterLast = then === 'drop' ? () => destroyAfterFlush(conn.socket) : undefined;
    let k = 0;
    for (let r = 0; r < repeat; r++) {
      for (const { binary, size } of items) {
        const data = binary ? burstBinary(k, size) : burstText(k, size);
        // One send per message, in order, nothing awaited in between (ws keeps the order).
        this.sendTo(conn, data, binary, k === total - 1 ? afterLast : undefined);
        k++;
      }
    }
    if (then === 'drop') {
      conn.dropping = true;
      if (total === 0) destroyAfterFlush(conn.socket);
    } else if (then !== 'echo') {
      this.closeConn(conn, then, 'burst done');
    }
  }

  /** Runs a callback from an event handler; errors are logged instead of crashing the process. */
  guard(what, fn) {
    try {
      fn();
    } catch (err) {
      this.logError(`${what} failed:`, err);
    }
  }
}

function closeListener({ server, sockets }) {
  return new Promise((resolve) => {
    server.close(() => resolve()); // stops accepting now: new connects are refused
    for (const socket of sockets) socket.destroy();
  });
}

// ---------------------------------------------------------------------------
// Public API and CLI
// ---------------------------------------------------------------------------

/**
 * Starts the server. `port` 0 picks a free port; the stoppable port defaults to
 * port + 1 (or a free port when port is 0). Resolves to { port, stoppablePort, url, close }.
 */
export async function startServer(options = {}) {
  const server = new TestServer(options);
  await server.start();
  return {
    port: server.port,
    get stoppablePort() {
      return server.stoppablePort;
    },
    url: `http://127.0.0.1:${server.port}`,
    close: () => server.close(),
  };
}

const USAGE = `usage: node tests/server/server.mjs [--port N] [--stoppable-port N] [--static DIR] [--verbose]
  --port N            main port (default: $WS_TEST_PORT or ${DEFAULT_PORT})
  --stoppable-port N  port of the stoppable listener (default: port + 1)
  --static DIR        serve files from DIR for other GET paths
  --verbose           log connections to stderr`;

function parseArgs(argv) {
  const opts = { port: parseIntValue('WS_TEST_PORT', process.env.WS_TEST_PORT, { def: DEFAULT_PORT, max: 65535 }) };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split(/=(.*)/s);
    const next = () => value ?? argv[++i] ?? (() => { throw new Error(`${flag} needs a value`); })();
    switch (flag) {
      case '--port': opts.port = parseIntValue('--port', next(), { max: 65535 }); break;
      case '--stoppable-port': opts.stoppablePort = parseIntValue('--stoppable-port', next(), { max: 65535 }); break;
      case '--static': opts.staticDir = next(); break;
      case '--verbose': opts.verbose = true; break;
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  // Last line of defence: a test server that dies mid-run fails every test after it.
  process.on('uncaughtException', (err) => console.error('[test-server] uncaught:', err));
  const server = await startServer(opts);
  console.log(`test server listening on http://127.0.0.1:${server.port}`);
  const shutdown = () => server.close().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

function isCliEntry() {
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isCliEntry()) {
  main().catch((err) => {
    console.error('[test-server] failed to start:', err.message);
    process.exit(1);
  });
}
