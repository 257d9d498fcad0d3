// What `for await (const message of socket)` walks, for both socket
// classes: each `next()` resolves to `{ value, done }`.

const DONE = Object.freeze({ done: true, value: undefined });

/** An async iterator over a socket's messages (`string` or `Uint8Array`),
 * made by `socket[Symbol.asyncIterator]()`; `for await` uses it for you. */
export class MessageIterator {
  #read;
  #leave;
  #finished = false;

  /** `read()` resolves to the next message, or to `undefined` once there
   * are no more; `leave()` is told that the loop was left early. */
  constructor(read, leave = () => {}) {
    this.#read = read;
    this.#leave = leave;
  }

  /** Resolves to `{ value: message, done: false }`, or to
   * `{ value: undefined, done: true }` once there are no more messages. */
  async next() {
    if (this.#finished) return { ...DONE };
    const value = await this.#read();
    if (value === undefined) {
      this.#finished = true;
      return { ...DONE };
    }
    return { done: false, value };
  }

  /** Called by `for await` when the loop is left early: stops this
   * iterator (the socket stays open), and resolves to `{ done: true }`. */
  return() {
    this.free();
    return Promise.resolve({ ...DONE });
  }

  /** Stops this iterator, as `return()` does. */
  free() {
    if (!this.#finished) {
      this.#finished = true;
      this.#leave();
    }
  }

  [Symbol.dispose]() {
    this.free();
  }
}
