// The arguments of `close(code, reason)`, for both socket classes: their
// types are checked here; whether the browser may send them (1000 or
// 3000-4999, at most 123 bytes of reason) the engine checks.

import { describe } from "./describe.js";
import { makeError } from "./errors.js";

/** `[code, reason]`: 1000 and `""` where not given. */
export function closeArguments(code, reason, method) {
  return [closeCode(code, method), closeReason(reason, method)];
}

function closeCode(code, method) {
  if (code == null) return 1000;
  if (typeof code !== "number") {
    throw new TypeError(`${method} takes the close code as a number, not ${describe(code)}`);
  }
  if (Number.isInteger(code) && code >= 0 && code <= 65535) return code;
  throw makeError(
    "InvalidCloseError",
    `close code ${code} cannot be sent by a browser: use 1000 or 3000-4999`,
    true,
  );
}

function closeReason(reason, method) {
  if (reason == null) return "";
  if (typeof reason === "string") return reason;
  throw new TypeError(`${method} takes the close reason as a string, not ${describe(reason)}`);
}
