// The messages of a `ReconnectingSocket` that nobody has read yet: those
// that arrive before the first reader or `message` listener, and those a
// `for await` reader has not come to. Nothing here is ever discarded: the
// hub (reconnect_hub.js) keeps them within the `maxUnread` bound by
// closing the connection at it, as the Rust socket does.

/** Unread messages, oldest first, with their sizes (UTF-8 bytes of text). */
export class Unread {
  #items = [];
  /** Where the oldest item is: taking from the front moves this, and the
   * array is cut only now and then (a burst can hold many thousands). */
  #head = 0;
  /** The payload bytes held. */
  bytes = 0;

  get length() {
    return this.#items.length - this.#head;
  }

  push(message, size) {
    this.#items.push([message, size]);
    this.bytes += size;
  }

  /** The oldest message and its size, or `undefined`. */
  shift() {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    this.bytes -= item[1];
    return item;
  }

  /** Takes over the messages of `other`, oldest first. */
  takeOver(other) {
    for (let item = other.shift(); item; item = other.shift()) this.push(...item);
  }
}

/** The messages kept for one `for await` reader. */
export class Subscription {
  unread = new Unread();
  #waiting = [];
  /** No more messages will come (the socket stopped, or the reader left). */
  ended = false;

  push(message, size) {
    this.unread.push(message, size);
    this.#wake();
  }

  /** Takes over the messages kept before this reader came. */
  takeOver(unread) {
    this.unread.takeOver(unread);
  }

  end() {
    this.ended = true;
    this.#wake();
  }

  /** The reader left: what it did not read is let go. */
  leave() {
    this.unread = new Unread();
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
      const item = this.unread.shift();
      if (!item && !this.ended) return;
      this.#waiting.shift()(item?.[0]);
    }
  }
}
