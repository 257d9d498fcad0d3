// The ceiling: the browser's WebSocket driven by plain JavaScript, in the same
// page as the Rust clients, running the same workloads with the same payloads
// and the same checks (src/payload.rs has the Rust twins of these functions).
//
// Each workload resolves to the elapsed milliseconds, measured from the first
// send to the last message checked; connecting, generating payloads and
// closing are outside the measurement, as they are for the Rust clients.
// Anything wrong (a missing, extra-short, reordered or corrupted message, or
// the connection ending early) rejects, so that a broken run cannot look fast.

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export function now() {
  return performance.now();
}

// A CPU profile of one measurement when the page runs under the DevTools
// profiler (`npm run bench:profile`); elsewhere console.profile does nothing
// but note the call.
export function profileStart(label) {
  console.profile(label);
}

export function profileEnd(label) {
  console.profileEnd(label);
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Text message `k` of `size` bytes: "k:" then a b c ... (the test server's
// burst rule, so that echoed and burst payloads follow one definition).
export function textPayload(k, size) {
  const head = `${k}:`;
  if (size <= head.length) return String(k).slice(0, size);
  let text = head;
  for (let i = 0; text.length < size; i++) text += LETTERS[i % 26];
  return text;
}

// Binary message `k` of `size` bytes: k as u32 little-endian, then byte i is
// (k + i) & 0xff (again the test server's burst rule).
export function binaryPayload(k, size) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (k + i) & 0xff;
  if (size >= 4) new DataView(bytes.buffer).setUint32(0, k, true);
  return bytes;
}

function expectedByte(k, size, i) {
  return size >= 4 && i < 4 ? (k >>> (8 * i)) & 0xff : (k + i) & 0xff;
}

// The binary check shared with Rust's `payload::check_binary`: the length,
// then 16 positions spread over the message (first and last included).
// Checking every byte would cost JavaScript far more than Rust's memcmp and
// skew the comparison; the samples catch truncation, reordering and stale
// buffers all the same.
export function checkBinary(k, size, bytes) {
  if (bytes.length !== size) return `message ${k}: ${bytes.length} bytes, expected ${size}`;
  if (size === 0) return null;
  for (let j = 0; j < 16; j++) {
    const i = Math.floor((j * (size - 1)) / 15);
    if (bytes[i] !== expectedByte(k, size, i)) return `message ${k}: wrong byte at ${i}`;
  }
  return null;
}

function open(url, binaryType) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = binaryType;
    ws.onopen = () => {
      ws.onopen = ws.onerror = null;
      resolve(ws);
    };
    ws.onerror = () => reject(new Error(`could not connect to ${url}`));
  });
}

// Resolves once `ws` is really closed. A `close` event alone is not proof:
// gloo-net dispatches a synthetic one when its wrapper is dropped, while the
// socket is still closing.
export function closed(ws) {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const onClose = () => {
      if (ws.readyState !== WebSocket.CLOSED) return;
      ws.removeEventListener('close', onClose);
      resolve();
    };
    ws.addEventListener('close', onClose);
  });
}

function closeAndWait(ws) {
  const done = closed(ws);
  ws.onmessage = ws.onclose = null;
  if (ws.readyState === WebSocket.OPEN) ws.close(1000);
  return done;
}

// Runs `body(ws, finish, fail)` on a fresh connection; `finish(ms)` closes the
// socket and resolves with `ms`, `fail(why)` closes it and rejects.
async function onConnection(url, binaryType, body) {
  const ws = await open(url, binaryType);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (ms) => {
      if (settled) return;
      settled = true;
      closeAndWait(ws).then(() => resolve(ms));
    };
    const fail = (why) => {
      if (settled) return;
      settled = true;
      closeAndWait(ws).then(() => reject(new Error(why)));
    };
    ws.onclose = (event) => fail(`connection closed early (${event.code})`);
    try {
      body(ws, finish, fail);
    } catch (error) {
      fail(String(error));
    }
  });
}

// `count` echoes of text (`binary` false) or binary messages of `size` bytes,
// all sent at once and checked in order. Binary ones are copied out of the
// event's ArrayBuffer into the program's own buffer, as the Rust clients copy
// them into wasm memory.
export function pipelined(url, binary, count, size) {
  return onConnection(url, 'arraybuffer', (ws, finish, fail) => {
    const out = new Array(count);
    for (let k = 0; k < count; k++) out[k] = binary ? binaryPayload(k, size) : textPayload(k, size);
    const program = new Uint8Array(binary ? size : 0);
    let k = 0;
    let start = 0;
    ws.onmessage = (event) => {
      let error = null;
      if (!binary) {
        if (event.data !== out[k]) error = `message ${k}: wrong text`;
      } else if (!(event.data instanceof ArrayBuffer)) {
        error = `message ${k}: not binary`;
      } else {
        const received = new Uint8Array(event.data);
        if (received.length === size) program.set(received);
        error = checkBinary(k, size, received.length === size ? program : received);
      }
      if (error) return fail(error);
      k += 1;
      if (k === count) finish(now() - start);
    };
    start = now();
    for (let i = 0; i < count; i++) ws.send(out[i]);
  });
}

// `count` sequential round trips of a 4-byte text: each message is sent from
// the handler of the previous echo, the fastest JavaScript can go.
export function roundTrips(url, count) {
  return onConnection(url, 'arraybuffer', (ws, finish, fail) => {
    const out = new Array(count);
    for (let k = 0; k < count; k++) out[k] = String(k % 10000).padStart(4, '0');
    let k = 0;
    let start = 0;
    ws.onmessage = (event) => {
      if (event.data !== out[k]) return fail(`round trip ${k}: wrong text`);
      k += 1;
      if (k === count) return finish(now() - start);
      ws.send(out[k]);
    };
    start = now();
    ws.send(out[0]);
  });
}

// `count` cycles of: connect, wait for open, close, wait for the close.
export async function cycles(url, count) {
  const start = now();
  for (let i = 0; i < count; i++) {
    const ws = await open(url, 'arraybuffer');
    await closeAndWait(ws);
  }
  return now() - start;
}

// Blob mode: asks the server for a burst of `items` (e.g. "b65536,t16")
// repeated `repeat` times and checks every message in order. Each Blob read
// starts at once, but results are taken in arrival order (a chain of
// promises), since a small text must not overtake a large Blob.
export function blobBurst(url, items, repeat) {
  const kinds = items.split(',').map((item) => ({ text: item[0] === 't', size: Number(item.slice(1)) }));
  const total = kinds.length * repeat;
  const largest = Math.max(...kinds.map((kind) => kind.size));
  return onConnection(url, 'blob', (ws, finish, fail) => {
    const program = new Uint8Array(largest);
    let chain = Promise.resolve();
    let k = 0;
    let start = 0;
    const take = (data) => {
      const kind = kinds[k % kinds.length];
      let error = null;
      if (kind.text) {
        if (data !== textPayload(k, kind.size)) error = `message ${k}: wrong text`;
      } else if (!(data instanceof ArrayBuffer)) {
        error = `message ${k}: not binary`;
      } else {
        const received = new Uint8Array(data);
        const view = program.subarray(0, received.length);
        view.set(received);
        error = checkBinary(k, kind.size, view);
      }
      if (error) throw new Error(error);
      k += 1;
      if (k === total) finish(now() - start);
    };
    ws.onmessage = (event) => {
      const data = event.data;
      const read = data instanceof Blob ? data.arrayBuffer() : data;
      chain = chain.then(() => read).then(take).catch((error) => fail(String(error)));
    };
    start = now();
    ws.send(`burst ${items} ${repeat}`);
  });
}
