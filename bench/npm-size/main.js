// The smallest app that uses the whole npm package: both classes, as a JS
// user's first lines would. Bundled by scripts/npm-size.mjs to measure what
// a page that imports the package downloads.
import { ReconnectingSocket, Socket } from "wasm-websocket";

const url = new URL("/echo", location.href.replace(/^http/, "ws")).href;
const socket = await Socket.connect(url);
socket.send("hello");
for await (const message of socket) {
  console.log(message);
  break;
}
const reconnecting = new ReconnectingSocket(url);
reconnecting.addEventListener("message", (event) => console.log(event.data));
reconnecting.send("hello again");
