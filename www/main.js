// The demo page: connects to the local test server's echo endpoint through
// the wasm-websocket npm package (built into ./pkg by `npm start`), sends
// what is typed and shows what comes back.
import init, { Socket } from "./pkg/wasm_websocket.js";

const stateEl = document.getElementById("state");
const log = document.getElementById("log");
const input = document.getElementById("text");
const sendButton = document.getElementById("send");

function show(kind, text) {
  const item = document.createElement("li");
  item.className = kind;
  item.textContent = text;
  log.prepend(item);
}

await init();
const url = `ws://${location.host}/echo`;
stateEl.textContent = "connecting";
const socket = await Socket.connect(url);
stateEl.textContent = socket.state;
sendButton.disabled = false;
show("info", `connected to ${socket.url}`);

document.getElementById("form").addEventListener("submit", (event) => {
  event.preventDefault();
  socket.send(input.value);
  show("sent", input.value);
});

for (let message = await socket.next(); message !== undefined; message = await socket.next()) {
  show("received", typeof message === "string" ? message : `${message.length} bytes`);
}
stateEl.textContent = socket.state;
