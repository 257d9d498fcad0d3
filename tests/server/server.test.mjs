// Tests for the local WebSocket test server. Run: node --test tests/server/
// Every test starts its own server on free loopback ports (main and stoppable).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import WebSocket from 'ws';
import { startServer } from './server.mjs';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

async function setup(t, options = {}) {
  const srv = await startServer({ port: 0, log: () => {}, ...options });
  t.after(() => srv.close());
  srv.ws = (p, port = srv.port) => `ws://127.0.0.1:${port}${p}`;
  /** GET (or POST) a control endpoint, returning { status, headers, body }. */
  srv.control = async (p, method = 'GET') => {
    const res = await fetch(`${srv.url}/control/${p}`, { method });
    return { status: res.status, headers: res.headers, body: await res.json() };
  };
  srv.json = async (p) => {
    const { status, body } = await srv.control(p);
    assert.equal(status, 200, `control/${p}: ${JSON.stringify(body)}`);
    return body;
  };
  return srv;
}

/**
 * Opens a ws client. Messages are queued so none is missed; `next()` takes the
 * next one, `closed` resolves with { code, reason }. Rejects if the handshake fails.
 */
function connect(url, protocols, options) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    const inbox = [];
    const waiters = [];
    ws.on('message', (data, isBinary) => {
      const msg = { data, isBinary };
      if (waiters.length) waiters.shift()(msg);
      else inbox.push(msg);
    });
    ws.closed = new Promise((res) => ws.once('close', (code, reason) => res({ code, reason: reason.toString() })));
    ws.next = (timeoutMs = 2000) => {
      if (inbox.length) return Promise.resolve(inbox.shift());
      return new Promise((res, rej) => {
        const waiter = (msg) => {
          clearTimeout(timer);
          res(msg);
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          rej(new Error(`no message within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    };
    ws.pending = () => inbox.length;
    ws.once('open', () => {
      ws.on('error', () => {}); // errors after open show up as close codes
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/** Raw HTTP upgrade request, to look at status and headers that the ws client hides. */
function rawUpgrade(port, p, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: p,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode, headers: res.headers });
    });
    req.on('response', async (res) => {
      let body = '';
      for await (const chunk of res) body += chunk;
      resolve({ status: res.statusCode, headers: res.headers, body: JSON.parse(body) });
    });
    req.on('error', reject);
    req.end();
  });
}

async function collect(ws, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await ws.next());
  return out;
}

async function assertNoMessage(ws, ms = 200) {
  await sleep(ms);
  assert.equal(ws.pending(), 0, 'expected no message');
}

// The burst content rules, written out independently of the server's implementation.
function expectedBurstText(k, size) {
  const prefix = `${k}:`;
  if (size < prefix.length) return String(k).slice(0, size);
  let text = prefix;
  for (let i = 0; text.length < size; i++) text += String.fromCharCode(97 + (i % 26));
  return text;
}

function assertBurstBinary(buf, k, size) {
  assert.equal(buf.length, size, `binary message ${k} length`);
  for (let i = 0; i < size; i++) {
    const expected = size >= 4 && i < 4 ? (k >>> (8 * i)) & 0xff : (k + i) & 0xff;
    if (buf[i] !== expected) assert.fail(`binary message ${k}: byte ${i} is ${buf[i]}, expected ${expected}`);
  }
}

/** Checks a received burst against the item list (e.g. ['t5', 'b16']) repeated. */
function assertBurst(messages, items, repeat = 1) {
  const plan = Array.from({ length: repeat }, () => items).flat();
  assert.equal(messages.length, plan.length);
  plan.forEach((item, k) => {
    const size = Number(item.slice(1));
    const { data, isBinary } = messages[k];
    if (item[0] === 't') {
      assert.equal(isBinary, false, `message ${k} should be text`);
      assert.equal(data.toString('utf8'), expectedBurstText(k, size), `text message ${k}`);
    } else {
      assert.equal(isBinary, true, `message ${k} should be binary`);
      assertBurstBinary(data, k, size);
    }
  });
}

// ---------------------------------------------------------------------------
// WebSocket endpoints
// ---------------------------------------------------------------------------

test('echo keeps the type of text, binary and empty messages', async (t) => {
  const srv = await setup(t);
  const ws = await connect(srv.ws('/echo'));
  ws.send('hello ✓');
  ws.send(Buffer.from([0, 1, 2, 255]));
  ws.send('');
  ws.send(Buffer.alloc(0));
  const [a, b, c, d] = await collect(ws, 4);
  assert.deepEqual([a.isBinary, a.data.toString()], [false, 'hello ✓']);
  assert.deepEqual([b.isBinary, [...b.data]], [true, [0, 1, 2, 255]]);
  assert.deepEqual([c.isBinary, c.data.length], [false, 0]);
  assert.deepEqual([d.isBinary, d.data.length], [true, 0]);
  ws.close();
});

test('subprotocols: first offered by default, accept= picks one or none', async (t) => {
  const srv = await setup(t);
  const first = await connect(srv.ws('/echo?tag=p'), ['one', 'two']);
  assert.equal(first.protocol, 'one');
  first.close();
  const picked = await connect(srv.ws('/echo?accept=two'), ['one', 'two']);
  assert.equal(picked.protocol, 'two');
  picked.close();
  // The ws client rejects "no subprotocol selected"; browsers accept it, so check the raw header.
  for (const accept of ['none', '', 'three']) {
    const res = await rawUpgrade(srv.port, `/echo?accept=${accept}`, { 'Sec-WebSocket-Protocol': 'one, two' });
    assert.equal(res.status, 101);
    assert.equal(res.headers['sec-websocket-protocol'], undefined, `accept=${accept}`);
  }
  const silentDefault = await rawUpgrade(srv.port, '/silent', { 'Sec-WebSocket-Protocol': 'x, y' });
  assert.equal(silentDefault.headers['sec-websocket-protocol'], 'x');
  assert.deepEqual((await srv.json('stats?tag=p')).lastProtocols, ['one', 'two']);
});

test('close endpoint closes with code and reason after N messages', async (t) => {
  const srv = await setup(t);
  const ws = await connect(srv.ws('/close?tag=c&code=4001&reason=bye&after=2'));
  ws.send('m1');
  assert.equal((await ws.next()).data.toString(), 'm1');
  ws.send('m2');
  assert.equal((await ws.next()).data.toString(), 'm2'); // the N-th message is still echoed
  assert.deepEqual(await ws.closed, { code: 4001, reason: 'bye' });

  const immediate = await connect(srv.ws('/close?tag=c'));
  assert.deepEqual(await immediate.closed, { code: 1000, reason: '' });
  await sleep(50);
  const { closes } = await srv.json('stats?tag=c');
  assert.deepEqual(closes.map(({ at, ...close }) => close), [
    { code: 4001, reason: 'bye', wasClean: true },
    { code: 1000, reason: '', wasClean: true },
  ]);
});

test('drop destroys the TCP connection without a close frame', async (t) => {
  const srv = await setup(t);
  const ws = await connect(srv.ws('/drop?tag=d&after=2'));
  ws.send('one');
  assert.equal((await ws.next()).data.toString(), 'one');
  ws.send('two'); // reaches the drop point: not echoed
  assert.equal((await ws.closed).code, 1006);
  assert.equal(ws.pending(), 0);

  const immediate = await connect(srv.ws('/drop?tag=d'));
  assert.equal((await immediate.closed).code, 1006);

  const delayed = await connect(srv.ws('/drop?tag=d&delay=250'));
  const started = Date.now();
  assert.equal((await delayed.closed).code, 1006);
  assert.ok(Date.now() - started >= 200, 'drop delay honoured');
  await sleep(50);
  const { closes } = await srv.json('stats?tag=d');
  assert.deepEqual(closes.map((c) => c.wasClean), [false, false, false]);
});

test('hang never answers the upgrade request', async (t) => {
  const srv = await setup(t);
  const ws = new WebSocket(srv.ws('/hang?tag=h'));
  let opened = false;
  ws.on('open', () => (opened = true));
  ws.on('error', () => {});
  await sleep(500);
  assert.equal(opened, false);
  assert.equal(ws.readyState, WebSocket.CONNECTING);
  const stats = await srv.json('stats?tag=h');
  assert.deepEqual([stats.upgrades, stats.accepted, stats.open], [1, 0, 0]);
  ws.terminate();
});

test('silent endpoint completes the handshake, never sends, counts messages', async (t) => {
  const srv = await setup(t);
  const ws = await connect(srv.ws('/silent?tag=s'));
  ws.send('anyone?');
  ws.send(Buffer.from([1]));
  await assertNoMessage(ws);
  const stats = await srv.json('stats?tag=s');
  assert.deepEqual([stats.messagesReceived, stats.messagesSent, stats.bytesReceived], [2, 0, 8]);
  ws.close();
});

test('refuse endpoint and control/refuse window', async (t) => {
  const srv = await setup(t);
  const refused = await rawUpgrade(srv.port, '/refuse?tag=r');
  assert.equal(refused.status, 403);
  assert.equal(refused.headers['access-control-allow-origin'], '*');
  assert.ok(refused.body.error);

  assert.deepEqual((await srv.json('refuse?tag=r&ms=5000')).refusing, true);
  await assert.rejects(connect(srv.ws('/echo?tag=r')), /503/);
  (await connect(srv.ws('/echo?tag=other'))).close(); // other tags are not affected
  await srv.json('refuse?tag=r&ms=0'); // ends the window early
  (await connect(srv.ws('/echo?tag=r'))).close();

  await srv.json('refuse?ms=300'); // every tag, expiring by itself
  await assert.rejects(connect(srv.ws('/echo?tag=other')), /503/);
  await sleep(350);
  (await connect(srv.ws('/echo?tag=other'))).close();

  const stats = await srv.json('stats?tag=r');
  assert.deepEqual([stats.upgrades, stats.refused, stats.accepted], [3, 2, 1]);
});

test('handshake delay holds the upgrade', async (t) => {
  const srv = await setup(t);
  const started = Date.now();
  const ws = await connect(srv.ws('/echo?delay=300'));
  assert.ok(Date.now() - started >= 280, 'handshake was delayed');
  ws.close();
});

// ---------------------------------------------------------------------------
// Bursts
// ---------------------------------------------------------------------------

test('burst follows the content rules, repeats, then closes', async (t) => {
  const srv = await setup(t);
  const items = ['t0', 't1', 't2', 't3', 't40', 'b0', 'b1', 'b3', 'b4', 'b300'];
  const ws = await connect(srv.ws(`/burst?items=${items.join(',')}&repeat=2&then=4000`));
  assertBurst(await collect(ws, items.length * 2), items, 2);
  assert.deepEqual(await ws.closed, { code: 4000, reason: 'burst done' });
});

test('flood sends only as fast as the client reads, and counts what was flushed', async (t) => {
  const srv = await setup(t);
  const tag = 'flood';
  // A raw TCP client that completes the handshake and then reads nothing.
  const socket = net.connect(srv.port, '127.0.0.1');
  t.after(() => socket.destroy());
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET /flood?bytes=${64 * 1024 * 1024}&size=65536&tag=${tag} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
  );
  await new Promise((resolve) => socket.once('data', resolve));
  socket.pause();
  await sleep(300);
  const stalled = (await srv.json(`stats?tag=${tag}`)).bytesFlushed;
  await sleep(300);
  const later = (await srv.json(`stats?tag=${tag}`)).bytesFlushed;
  assert.ok(stalled > 0, 'something was flushed');
  assert.ok(stalled < 32 * 1024 * 1024, `a client that does not read stops it: ${stalled} bytes`);
  assert.equal(later, stalled, 'and it stays stopped');
  // Reading again lets it finish.
  socket.resume();
  socket.on('data', () => {});
  for (let i = 0; i < 200 && (await srv.json(`stats?tag=${tag}`)).bytesFlushed < 64 * 1024 * 1024; i++) await sleep(20);
  assert.equal((await srv.json(`stats?tag=${tag}`)).bytesFlushed, 64 * 1024 * 1024);
});

test('burst with a 16 MiB binary message keeps order, then drops', async (t) => {
  const srv = await setup(t);
  const items = ['t5', 'b16777216', 't30', 'b7'];
  const ws = await connect(srv.ws(`/burst?items=${items.join(',')}&then=drop`));
  assertBurst(await collect(ws, 4), items);
  assert.equal((await ws.closed).code, 1006);
});

test('burst command on an echo connection, then echo continues', async (t) => {
  const srv = await setup(t);
  const ws = await connect(srv.ws('/echo'));
  ws.send('burst t12,b9 3');
  assertBurst(await collect(ws, 6), ['t12', 'b9'], 3);
  ws.send('after');
  assert.equal((await ws.next()).data.toString(), 'after');
  ws.send('burst nonsense!'); // not a valid command: echoed like any message
  assert.equal((await ws.next()).data.toString(), 'burst nonsense!');
  ws.close();
});

// ---------------------------------------------------------------------------
// Control API
// ---------------------------------------------------------------------------

test('stats, received and reset', async (t) => {
  const srv = await setup(t);
  const ws = await connect(srv.ws('/echo?tag=st'), ['proto-a']);
  const other = await connect(srv.ws('/echo?tag=st2'));
  const long = 'x'.repeat(2000);
  ws.send('abc');
  ws.send(Buffer.from(Array.from({ length: 20 }, (_, i) => i)));
  ws.send(long);
  other.send('elsewhere');
  await collect(ws, 3);
  await other.next();

  const stats = await srv.json('stats?tag=st');
  assert.deepEqual(
    [stats.upgrades, stats.accepted, stats.refused, stats.open, stats.messagesReceived, stats.messagesSent, stats.bytesReceived],
    [1, 1, 0, 1, 3, 3, 2023],
  );
  assert.deepEqual(stats.lastProtocols, ['proto-a']);
  const all = await srv.json('stats');
  assert.deepEqual(Object.keys(all).sort(), ['st', 'st2']);

  const received = await srv.json('received?tag=st');
  assert.deepEqual(received[0], { type: 'text', data: 'abc' });
  assert.deepEqual(received[1], { type: 'binary', length: 20, head: '000102030405060708090a0b0c0d0e0f' });
  assert.equal(received[2].data, 'x'.repeat(1024));
  assert.equal(received[2].length, 2000);
  assert.deepEqual(await srv.json('received?tag=st&limit=1'), [received[2]]);
  assert.deepEqual((await srv.json('received')).map((m) => m.tag), ['st', 'st', 'st', 'st2']);

  ws.close();
  await ws.closed;
  await sleep(50);
  const [close] = (await srv.json('stats?tag=st')).closes;
  assert.deepEqual({ ...close, at: typeof close.at }, { code: 1005, reason: '', wasClean: true, at: 'number' });
  assert.ok(close.at > stats.firstUpgradeAt, 'the close is timed after the first upgrade');
  await srv.json('reset?tag=st');
  const cleared = await srv.json('stats?tag=st');
  assert.deepEqual([cleared.messagesReceived, cleared.closes.length, cleared.firstUpgradeAt], [0, 0, null]);
  assert.deepEqual(await srv.json('received?tag=st'), []);
  assert.equal((await srv.json('stats?tag=st2')).messagesReceived, 1); // other tags kept
  await srv.json('reset');
  assert.equal((await srv.json('stats?tag=st2')).messagesReceived, 0);
  other.close();
});

test('control send, silence, close and drop act on one tag', async (t) => {
  const srv = await setup(t);
  const a = await connect(srv.ws('/echo?tag=k'));
  const b = await connect(srv.ws('/deflate/echo?tag=k'));
  const bystander = await connect(srv.ws('/echo?tag=z'));

  assert.deepEqual(await srv.json('send?tag=k&text=hi%20there'), { sent: 2 });
  for (const ws of [a, b]) assert.deepEqual((await ws.next()).data.toString(), 'hi there');
  assert.deepEqual(await srv.json('send?tag=k&binary=00ff10'), { sent: 2 });
  for (const ws of [a, b]) {
    const msg = await ws.next();
    assert.deepEqual([msg.isBinary, msg.data.toString('hex')], [true, '00ff10']);
  }

  await srv.json('silence?tag=k&on=1');
  a.send('quiet?');
  bystander.send('loud');
  assert.equal((await bystander.next()).data.toString(), 'loud');
  await assertNoMessage(a);
  const later = await connect(srv.ws('/echo?tag=k')); // future connections are silenced too
  later.send('quiet too?');
  await assertNoMessage(later, 100);
  await srv.json('silence?tag=k&on=0');
  a.send('back');
  assert.equal((await a.next()).data.toString(), 'back');

  assert.deepEqual((await srv.control('close?tag=k&code=4100&reason=bye', 'POST')).body, { closed: 3 });
  for (const ws of [a, b, later]) assert.deepEqual(await ws.closed, { code: 4100, reason: 'bye' });

  const c = await connect(srv.ws('/echo?tag=k'));
  assert.deepEqual(await srv.json('drop?tag=k'), { dropped: 1 });
  assert.equal((await c.closed).code, 1006);
  assert.equal(bystander.readyState, WebSocket.OPEN);
  bystander.close();
});

test('stall leaves a client close unanswered for ms; timestamps order what the server saw', async (t) => {
  const srv = await setup(t);
  assert.equal((await srv.json('stats?tag=s')).firstUpgradeAt, null);
  const ws = await connect(srv.ws('/echo?tag=s'));
  const bystander = await connect(srv.ws('/echo?tag=s2'));
  const { firstUpgradeAt } = await srv.json('stats?tag=s');
  assert.equal(typeof firstUpgradeAt, 'number');

  assert.deepEqual(await srv.json('stall?tag=s&ms=400'), { stalled: 1, ms: 400 });
  ws.send('held');
  bystander.send('not held');
  assert.equal((await bystander.next()).data.toString(), 'not held');
  await assertNoMessage(ws, 150);
  const closing = Date.now();
  ws.close(4002, 'late');
  assert.deepEqual(await ws.closed, { code: 4002, reason: 'late' });
  assert.ok(Date.now() - closing >= 150, 'the close waited for the stall to end');
  await sleep(50);
  const stats = await srv.json('stats?tag=s');
  assert.equal(stats.messagesReceived, 1); // read once the stall ended
  const [close] = stats.closes;
  assert.deepEqual([close.code, close.wasClean], [4002, true]);
  assert.ok(close.at > firstUpgradeAt);

  // A later connection does not move the first upgrade's time; ms=0 ends a stall early.
  const again = await connect(srv.ws('/echo?tag=s'));
  assert.equal((await srv.json('stats?tag=s')).firstUpgradeAt, firstUpgradeAt);
  await srv.json('stall?tag=s&ms=30000');
  again.send('stuck');
  await assertNoMessage(again, 100);
  assert.deepEqual(await srv.json('stall?tag=s&ms=0'), { stalled: 0, ms: 0 });
  assert.equal((await again.next()).data.toString(), 'stuck');
  again.close();
  bystander.close();
});

test('stoppable port: stop refuses connections, start and restart bring it back', async (t) => {
  const srv = await setup(t);
  const { port, stoppablePort } = await srv.json('ports');
  assert.equal(port, srv.port);
  assert.notEqual(stoppablePort, port);

  const ws = await connect(srv.ws('/echo', stoppablePort));
  ws.send('ping');
  assert.equal((await ws.next()).data.toString(), 'ping');

  assert.deepEqual(await srv.json('stop'), { stoppablePort, stoppableListening: false });
  assert.equal((await ws.closed).code, 1006);
  await assert.rejects(connect(srv.ws('/echo', stoppablePort)), { code: 'ECONNREFUSED' });
  assert.deepEqual(await srv.json('status'), { stoppablePort, stoppableListening: false });

  assert.deepEqual(await srv.json('start'), { stoppablePort, stoppableListening: true });
  (await connect(srv.ws('/echo', stoppablePort))).close();

  const restart = await srv.json('restart?after=300');
  assert.equal(restart.stoppableListening, false);
  await assert.rejects(connect(srv.ws('/echo', stoppablePort)), { code: 'ECONNREFUSED' });
  await sleep(450);
  assert.equal((await srv.json('status')).stoppableListening, true);
  (await connect(srv.ws('/deflate/echo', stoppablePort))).close();
});

test('deflate endpoints negotiate permessage-deflate, plain ones do not', async (t) => {
  const srv = await setup(t);
  const plain = await connect(srv.ws('/echo'));
  assert.equal(plain.extensions, '');
  plain.close();
  const ws = await connect(srv.ws('/deflate/echo'));
  assert.match(ws.extensions, /permessage-deflate/);
  const big = 'compress me '.repeat(100_000);
  ws.send(big);
  ws.send(Buffer.from([9, 8, 7]));
  assert.equal((await ws.next()).data.toString(), big);
  assert.deepEqual([...(await ws.next()).data], [9, 8, 7]);
  ws.close();
  const burst = await connect(srv.ws('/deflate/burst?items=t10,b70000'));
  assertBurst(await collect(burst, 2), ['t10', 'b70000']);
  burst.close();
});

test('bad input gets 400/404 JSON answers and the server keeps running', async (t) => {
  const srv = await setup(t);
  for (const p of ['refuse?ms=abc', 'refuse', 'received?limit=-1', 'silence?on=maybe', 'stall', 'stall?ms=60001', 'send?binary=abc', 'send?tag=x', 'close?code=1006', 'close?reason=' + 'r'.repeat(124)]) {
    const res = await srv.control(p);
    assert.equal(res.status, 400, p);
    assert.equal(typeof res.body.error, 'string');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cache-control'), 'no-store');
  }
  assert.equal((await srv.control('nope')).status, 404);
  for (const p of ['/close?code=999', '/close?after=x', '/burst?items=x5', '/burst', '/burst?items=t1&then=maybe', '/echo?delay=soon', '/drop?delay=-5']) {
    const res = await rawUpgrade(srv.port, p);
    assert.equal(res.status, 400, p);
    assert.ok(res.body.error, p);
  }
  assert.equal((await rawUpgrade(srv.port, '/nowhere')).status, 404);
  assert.equal((await fetch(`${srv.url}/nowhere`)).status, 404);
  assert.equal((await fetch(`${srv.url}/echo`)).status, 426);

  // Garbage on the wire must not take the server down either.
  const sock = net.connect(srv.port, '127.0.0.1');
  sock.on('error', () => {});
  sock.end('GET /%%% HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x00\xff garbage');
  await sleep(50);
  assert.deepEqual(await srv.json('health'), { ok: true });
});

test('--static serves files with content types and no traversal', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-static-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'pkg'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<h1>demo</h1>');
  fs.writeFileSync(path.join(dir, 'pkg', 'app.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  fs.writeFileSync(path.join(path.dirname(dir), `${path.basename(dir)}-secret.txt`), 'secret');
  t.after(() => fs.rmSync(path.join(path.dirname(dir), `${path.basename(dir)}-secret.txt`), { force: true }));
  const srv = await setup(t, { staticDir: dir });

  const index = await fetch(`${srv.url}/`);
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(await index.text(), '<h1>demo</h1>');
  const wasm = await fetch(`${srv.url}/pkg/app.wasm`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal((await wasm.arrayBuffer()).byteLength, 4);

  // fetch() normalizes "..", so send the raw request line.
  const raw = await new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: srv.port, path: `/%2e%2e/${path.basename(dir)}-secret.txt` }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
  assert.equal(raw, 404);
  // WebSocket endpoints still work next to static files.
  (await connect(srv.ws('/echo'))).close();
});
