// The demo: a ReconnectingSocket on the local test server's echo endpoint,
// with the state, the backoff countdown and every message and event shown
// as they happen. The server is the page's own origin (as `npm start`
// serves it), or ?server=host:port. A per-page tag keeps the drop and
// refuse buttons to this page's connections.
import { ReconnectingSocket } from "wasm-websocket";

const server = new URLSearchParams(location.search).get("server") ?? location.host;
const tag = `demo-${Math.random().toString(36).slice(2, 10)}`;
const $ = (id) => document.getElementById(id);

const socket = new ReconnectingSocket(`ws://${server}/echo?tag=${tag}`, {
  backoff: { initialDelayMs: 500, maxDelayMs: 8000 },
});

// --- what is shown -------------------------------------------------------------

function log(kind, text, arrow = "") {
  const item = document.createElement("li");
  item.className = kind;
  const time = document.createElement("time");
  time.textContent = new Date().toLocaleTimeString();
  const mark = document.createElement("span");
  mark.className = "arrow";
  mark.textContent = arrow;
  const body = document.createElement("span");
  body.textContent = text;
  item.append(time, mark, body);
  $("log").prepend(item);
}

const describe = (message) =>
  typeof message === "string" ? JSON.stringify(message) : `${message.length} bytes (binary)`;

function showState(state) {
  $("state").textContent = state;
  $("state").dataset.state = state;
  if (state !== "waiting") stopCountdown();
  showQueued();
}

function showQueued() {
  $("queued").textContent = socket.queued > 0 ? `${socket.queued} queued` : "";
}

// The backoff countdown: one timer while a retry is pending, none otherwise.
let countdown;
function startCountdown(retryAt, attempt) {
  stopCountdown();
  const tick = () => {
    const left = Math.max(0, retryAt - Date.now()) / 1000;
    $("countdown").textContent = `retry #${attempt} in ${left.toFixed(1)} s`;
  };
  tick();
  $("countdown").hidden = false;
  countdown = setInterval(tick, 100);
}
function stopCountdown() {
  clearInterval(countdown);
  $("countdown").hidden = true;
}

socket.on("state", ({ state }) => showState(state));
socket.on("open", () => log("event", "open"));
socket.on("close", ({ code, reason, wasClean }) =>
  log("event", `closed: code ${code}${reason ? ` "${reason}"` : ""}${wasClean ? "" : ", not clean"}`),
);
socket.on("reconnecting", ({ attempt, delayMs, retryAt }) => {
  log("event", `retry #${attempt} in ${(delayMs / 1000).toFixed(2)} s`);
  startCountdown(retryAt, attempt);
});
socket.on("attemptfailed", ({ attempt, error }) => log("error", `attempt ${attempt} failed: ${error.name}`));
socket.on("gaveup", ({ reason }) => log("error", `gave up (${reason})`));
socket.on("dropped", ({ reason, messages }) => log("error", `not sent (${reason}): ${messages.map(describe).join(", ")}`));

// --- sending ----------------------------------------------------------------------

function send(data) {
  const result = socket.send(data);
  log("sent", `${describe(data instanceof Uint8Array ? data : String(data))} (${result})`, "→");
  showQueued();
}

$("send-form").addEventListener("submit", (event) => {
  event.preventDefault();
  send($("text").value);
});
$("file").addEventListener("change", () => {
  $("send-file").disabled = $("file").files.length === 0;
});
$("send-file").addEventListener("click", async () => {
  const [file] = $("file").files;
  // Read first: a ReconnectingSocket may have to queue it, so it takes bytes.
  send(new Uint8Array(await file.arrayBuffer()));
});

// --- the server's control API -----------------------------------------------------

async function control(path) {
  const response = await fetch(`http://${server}/control/${path}&tag=${tag}`);
  if (!response.ok) log("error", `control ${path}: HTTP ${response.status}`);
}

$("drop").addEventListener("click", () => {
  log("event", "asking the server to drop the connection");
  control("drop?");
});
$("refuse").addEventListener("click", async () => {
  const seconds = Math.min(60, Math.max(1, Number($("refuse-seconds").value) || 5));
  log("event", `asking the server to refuse reconnects for ${seconds} s`);
  await control(`refuse?ms=${seconds * 1000}`);
  await control("drop?");
});
$("reconnect").addEventListener("click", () => socket.reconnect());
$("clear").addEventListener("click", () => $("log").replaceChildren());

// --- messages ---------------------------------------------------------------------

log("event", `connecting to ws://${server}/echo`);
for await (const message of socket) {
  log("received", describe(message), "←");
}
log("event", "closed for good");
