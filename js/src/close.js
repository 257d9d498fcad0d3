// The arguments of `close(code, reason)` and `reconnect(code, reason)`,
// for both socket classes, checked before anything is closed: their types
// (`TypeError`), and what a browser may send (`InvalidCloseError`): code
// 1000 or 3000-4999, at most 123 UTF-8 bytes of reason. The engine checks
// the same again.

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
  if (code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999)) return code;
  const error = makeError("InvalidCloseError", `close code ${code} cannot be sent by a browser: use 1000 or 3000-4999`, true);
  if (Number.isInteger(code) && code >= 0 && code <= 65535) error.code = code;
  throw error;
}

function closeReason(reason, method) {
  if (reason == null) return "";
  if (typeof reason !== "string") {
    throw new TypeError(`${method} takes the close reason as a string, not ${describe(reason)}`);
  }
  const length = new TextEncoder().encode(reason).length;
  if (length > 123) {
    throw makeError("InvalidCloseError", `close reason is ${length} bytes long; the limit is 123 UTF-8 bytes`, true);
  }
  return reason;
}
