// A TypeScript app that depends on the built package, type-checked (never
// run) with strict settings, the default `lib` and `skipLibCheck: false`,
// once per moduleResolution (bundler, node16, nodenext; the tsconfig.json
// beside this file in each folder): the declarations must compile in the
// app's own settings, and both entries must resolve through the package's
// "exports" map.
import { ReconnectingSocket, Socket, type CloseInfo, type ReconnectingOptions } from "wasm-websocket";
import init, { initSync, Socket as SocketFromInit } from "wasm-websocket/init";

export async function echo(url: string): Promise<CloseInfo> {
  const socket = await Socket.connect(url, { timeoutMs: 5000 });
  socket.send("hello");
  for await (const message of socket) {
    const data: string | Uint8Array = message;
    void data;
    break;
  }
  return socket.close(1000, "done");
}

export function reconnecting(url: string): ReconnectingSocket {
  const options: ReconnectingOptions = { backoff: { initialDelayMs: 250 }, queue: { capacity: 10 } };
  const socket = new ReconnectingSocket(url, options);
  socket.on("open", () => socket.send("subscribe"));
  return socket;
}

export async function loadedByHand(wasm: URL | BufferSource): Promise<typeof SocketFromInit> {
  if (wasm instanceof URL) {
    await init({ module_or_path: wasm });
  } else {
    initSync({ module: wasm });
  }
  return SocketFromInit;
}
