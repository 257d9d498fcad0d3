//! The TypeScript declarations of the package's classes. The classes are
//! JavaScript (`socket.js`, ...), which wasm-bindgen re-exports without
//! declaring them: their declarations, with their doc comments, are here,
//! as the macro `class_declarations!`, which `types.rs` appends to its
//! section (one section: its first line must open the declarations).

macro_rules! class_declarations {
    () => {
        r#"
/**
 * A WebSocket connection.
 *
 * ```js
 * const socket = await Socket.connect("wss://example.com/chat", { protocols: ["chat.v1"] });
 * socket.send("hello");
 * for await (const message of socket) {   // string or Uint8Array
 *   console.log(message);
 * }                                        // ends when the socket closes
 * ```
 *
 * Unlike the platform's `WebSocket`, nothing is silently discarded: sending
 * on a socket that is not open throws, and `flush()` tells when the data
 * reached the network. It also has the platform's shape (`readyState`,
 * `binaryType`, `onmessage`, `addEventListener`, ...) for code written for
 * it; as it is open once `connect` resolves, `open` never fires.
 */
export class Socket {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * `for await (const message of socket)`: the messages until the
     * connection closes. The loop ends after a clean close and throws
     * `ConnectionLostError` after an abnormal one. Leaving the loop early
     * (`break`) leaves the socket open.
     */
    [Symbol.asyncIterator](): AsyncIterator<string | Uint8Array, undefined>;
    /**
     * Closes with `code` (default 1000; otherwise 3000-4999) and `reason`
     * (default empty, at most 123 UTF-8 bytes) and resolves to
     * `{ code, reason, wasClean }` once closed. Calling it again, or after
     * the server closed, just resolves to how it closed.
     *
     * Rejects with `InvalidCloseError` for a code or reason the browser
     * would refuse, before anything is closed.
     *
     * The close starts at once (`readyState` is `CLOSING` on return), as
     * the platform's `close()` does; errors reject the promise.
     */
    close(code?: number, reason?: string): Promise<CloseInfo>;
    /**
     * Connects to `url` (a string or a `URL`) and resolves once the
     * connection is open.
     *
     * `options`: `{ protocols, timeoutMs, WebSocket, maxMessageSize,
     * signal }`, or just the
     * subprotocols (a string or an array of strings), most preferred
     * first. `timeoutMs` abandons the attempt after that long
     * (`ConnectTimeoutError`); without it the runtime's own limit applies.
     * `WebSocket` is the constructor to use instead of the global one
     * (the `ws` package's in Node before 22, or a wrapper in a test).
     * `signal` stops the connect when it aborts (the promise rejects with
     * the signal's reason) and closes the open socket with code 1000.
     *
     * Rejects with `InvalidUrlError`, `InvalidProtocolError`,
     * `ConnectFailedError` (refused; `code`, `reason` and `wasClean` say how
     * it closed), `ConnectTimeoutError`, `UnsupportedError` (no global
     * `WebSocket`, and none given), or a `TypeError` / `RangeError` for bad
     * options.
     */
    static connect(url: string | URL, options?: ConnectOptions | string | string[]): Promise<Socket>;
    /**
     * `dispatchEvent(event)`: calls the listeners of `event.type`; `false`
     * if one called `preventDefault()` on a cancelable event.
     */
    dispatchEvent(event: Event): boolean;
    /**
     * Resolves once everything sent has been handed to the network
     * (`bufferedAmount` is 0). Rejects with `UnsentError` (its `bytes`
     * property says how much) if the connection closed first.
     */
    flush(): Promise<void>;
    /**
     * The next message: a `string` or a `Uint8Array`; `undefined` once the
     * connection has closed cleanly. Rejects once with
     * `ConnectionLostError` if it closed abnormally, and with
     * `ConcurrentReadError` while another read is waiting or message
     * listeners take the messages.
     */
    next(): Promise<string | Uint8Array | undefined>;
    /**
     * Sends a string as a text message, or a `Uint8Array` (or any other
     * `ArrayBufferView`), `ArrayBuffer` or `Blob` as a binary one, in call
     * order.
     *
     * Throws `NotYetOpenError` / `AlreadyClosedError` rather than dropping
     * the data, and a `TypeError` for anything else. Returns at once:
     * `bufferedAmount` and `flush()` tell when the data has left.
     */
    send(data: string | ArrayBufferView | ArrayBuffer | Blob): void;
    /**
     * What binary messages are to `message` listeners: `"blob"` (the
     * default, as on the platform) or `"arraybuffer"`; anything else is a
     * `TypeError`. `next()` and `for await` give a `Uint8Array` either way.
     */
    binaryType: BinaryType;
    /**
     * Bytes sent but not yet handed to the network.
     */
    readonly bufferedAmount: number;
    static readonly CLOSED: 3;
    static readonly CLOSING: 2;
    static readonly CONNECTING: 0;
    static readonly OPEN: 1;
    /**
     * Resolves to `{ code, reason, wasClean }` once the connection has
     * closed, whoever closed it.
     */
    readonly closed: Promise<CloseInfo>;
    readonly CLOSED: 3;
    readonly CLOSING: 2;
    readonly CONNECTING: 0;
    /**
     * The extensions the server chose (e.g. `"permessage-deflate"`), or `""`.
     */
    readonly extensions: string;
    /**
     * function, or `null`; anything else is a `TypeError`.
     */
    onclose: ((this: Socket, event: CloseEvent) => any) | null;
    /**
     * function, or `null`; anything else is a `TypeError`.
     */
    onerror: ((this: Socket, event: Event) => any) | null;
    /**
     * function, or `null`; anything else is a `TypeError`.
     */
    onmessage: ((this: Socket, event: MessageEvent) => any) | null;
    /**
     * function, or `null`; anything else is a `TypeError`.
     */
    onopen: ((this: Socket, event: Event) => any) | null;
    readonly OPEN: 1;
    /**
     * The subprotocol the server chose, or `""`.
     */
    readonly protocol: string;
    /**
     * The state as a number, as on the platform's `WebSocket`:
     * `Socket.CONNECTING` (0), `OPEN` (1), `CLOSING` (2), `CLOSED` (3).
     */
    readonly readyState: 0 | 1 | 2 | 3;
    /**
     * `"connecting"`, `"open"`, `"closing"` or `"closed"`.
     */
    readonly state: SocketState;
    /**
     * The URL as the runtime resolved it.
     */
    readonly url: string;
}
"#
    };
}
