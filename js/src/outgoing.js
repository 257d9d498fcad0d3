// What JS code can send, made into what the engine takes: a string, a
// `Uint8Array` (any `ArrayBufferView` or `ArrayBuffer` becomes one, over
// the same memory: nothing is copied here), or a `Blob` where one can be
// sent as it is.

import { describe } from "./describe.js";

/** `data` as the engine takes it, or a `TypeError` that names `method`.
 * A `Blob` cannot be queued without reading it (a promise, which would let
 * later messages overtake it): `blobs` says whether one goes out at once. */
export function outgoing(data, method, blobs) {
  if (typeof data === "string" || data instanceof Uint8Array) return data;
  // DataView, Int16Array, ...: the bytes they cover.
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof Blob === "function" && data instanceof Blob) {
    if (blobs) return data;
    throw new TypeError(
      `${method} cannot queue a Blob: read it first, e.g. send(new Uint8Array(await blob.arrayBuffer()))`,
    );
  }
  throw new TypeError(
    `${method} takes a string, Uint8Array (or another ArrayBufferView), ArrayBuffer or Blob, not ${describe(data)}`,
  );
}
