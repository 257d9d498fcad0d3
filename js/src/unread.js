// The messages of a `ReconnectingSocket` that nobody has read yet: those
// that arrive before the first reader or `message` listener, and those a
// `for await` reader has not come to. Bounded by the `inbox` option: past
// either bound the oldest are discarded and handed back, for an `overflow`
// event.

/** Unread messages, oldest first, with their sizes (UTF-8 bytes of text). */
export class Unread {
  #items = [];
  #bytes = 0;

  get length() {
    return this.#items.length;
  }

  /** Keeps `message`, then discards the oldest messages while over
   * `limits` (`{ capacity, maxBytes }`); returns those (a message larger
   * than `maxBytes` on its own is one of them). */
  push(message, size, limits) {
    this.#items.push([message, size]);
    this.#bytes += size;
    const discarded = [];
    while (this.#items.length > limits.capacity || this.#bytes > limits.maxBytes) {
      discarded.push(this.shift()[0]);
    }
    return discarded;
  }

  /** The oldest message and its size, or `undefined`. */
  shift() {
    const item = this.#items.shift();
    if (item) this.#bytes -= item[1];
    return item;
  }

  /** Takes over the messages of `other` (within the same limits). */
  takeOver(other) {
    for (let item = other.shift(); item; item = other.shift()) {
      this.#items.push(item);
      this.#bytes += item[1];
    }
  }
}

/** The messages kept for one `for await` reader. */
export class Subscription {
  #unread = new Unread();
  #waiting = [];
  /** No more messages will come (the socket stopped, or the reader left). */
  ended = false;

  /** Keeps `message` for the reader; returns what had to be discarded. */
  push(message, size, limits) {
    const discarded = this.#unread.push(message, size, limits);
    this.#wake();
    return discarded;
  }

  takeOver(unread) {
    this.#unread.takeOver(unread);
  }

  end() {
    this.ended = true;
    this.#wake();
  }

  /** The reader left: what it did not read is dropped. */
  leave() {
    this.#unread = new Unread();
    this.end();
  }

  /** Resolves to the next message, or to `undefined` once ended. */
  next() {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#wake();
    });
  }

  #wake() {
    while (this.#waiting.length > 0) {
      const item = this.#unread.shift();
      if (!item && !this.ended) return;
      this.#waiting.shift()(item?.[0]);
    }
  }
}
