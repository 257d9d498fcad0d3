// Reading an options object passed to either socket class. Every key is
// checked: an unknown one (a typo, an option of the other class) is an
// error rather than a setting silently ignored, and a value of the wrong
// type or range says which option (its whole path, `heartbeat.intervalMs`)
// and what it got. `undefined` means "the default".
//
// Every number option, a duration in milliseconds or a count, is read by
// one rule:
//
// - a value that is not a number (a string, say) is a `TypeError`;
// - `NaN` and negative numbers are a `RangeError`;
// - a duration may have a fraction of a millisecond; a count must be a
//   whole number (`RangeError`);
// - `Infinity`, and any value too large to hold (`1e300`,
//   `Number.MAX_VALUE`), means no limit: a count without bound, or a
//   duration of forever (the engine waits that long in steps of what
//   `setTimeout` honours);
// - 0 is refused with a `RangeError` by the durations for which it makes
//   no sense (a connect timeout, a heartbeat interval, an idle timeout),
//   each saying why; elsewhere it means what it says (retry at once, no
//   retries, an empty queue).
//
// The limits whose default is "no limit" also take `null` for it. What the
// engine is handed is a number where `Infinity` is no limit, or
// `undefined` for the default.

import { describe } from "./describe.js";

/** Why a connect timeout of 0 is refused (both classes have one). */
export const NEVER_CONNECTS = "a connect that could never succeed";

const DURATION = "a number of milliseconds at least 0 (Infinity: no limit)";
const COUNT = "a whole number at least 0 (Infinity: no limit)";

/** One options object (or `undefined`): `owner` names it in error messages
 * (`"ReconnectingSocket options"`), `path` is where it sits in it
 * (`"backoff."` for the nested `backoff` object, `""` at the top). */
export class Options {
  #object;
  #owner;
  #path;
  #aliases;

  /** `value` must be `undefined`, `null` or a plain object whose keys are
   * all in `known`. `aliases`: the name an option was given as, by its
   * path, where that was another (`{ "retryLimits.maxRetries":
   * "maxRetries" }`). */
  constructor(value, owner, known, path = "", aliases = {}) {
    this.#owner = owner;
    this.#path = path;
    this.#aliases = aliases;
    if (value == null) return;
    if (typeof value !== "object" || Array.isArray(value)) {
      const what = path ? `${owner}: ${path.slice(0, -1)}` : owner;
      throw new TypeError(`${what} must be an object, not ${describe(value)}`);
    }
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        throw new TypeError(`${owner}: unknown option "${path}${key}" (known here: ${known.join(", ")})`);
      }
    }
    this.#object = value;
  }

  /** The option's whole name: `heartbeat.intervalMs`, or `maxRetries
   * (retryLimits.maxRetries)` for one given by another name. */
  name(key) {
    const path = this.#path + key;
    return Object.hasOwn(this.#aliases, path) ? `${this.#aliases[path]} (${path})` : path;
  }

  /** The value of `key`; `undefined` if absent. */
  get(key) {
    return this.#object?.[key];
  }

  /** Options nested under `key`, e.g. `backoff: { ... }`. */
  nested(key, known) {
    return new Options(this.get(key), this.#owner, known, `${this.#path}${key}.`, this.#aliases);
  }

  /** The error for `key`'s value, which is not `expected`: a `TypeError`
   * (or `RangeError` for a value of the right type). */
  refuse(key, expected, Error = TypeError) {
    return new Error(`${this.#owner}: ${this.name(key)} must be ${expected}, not ${describe(this.get(key))}`);
  }

  /** A number option read by the one rule; `null` is no limit if
   * `nullable`. */
  #amount(key, expected, whole, nullable) {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (nullable && value === null) return Infinity;
    if (typeof value !== "number") throw this.refuse(key, expected);
    if (Number.isNaN(value) || value < 0 || (whole && value !== Infinity && !Number.isInteger(value))) {
      throw this.refuse(key, expected, RangeError);
    }
    return value;
  }

  /** A duration in milliseconds; 0 refused if `refusedZero` says why. */
  duration(key, refusedZero) {
    const ms = this.#amount(key, DURATION, false, false);
    // Also what rounds down to no time at all (1e-300): the engine counts
    // in nanoseconds.
    if (refusedZero && ms * 1e6 < 0.5) {
      throw this.refuse(key, `more than 0 milliseconds (${refusedZero})`, RangeError);
    }
    return ms;
  }

  /** A duration whose limit may be lifted with `null` as well as `Infinity`. */
  durationLimit(key) {
    return this.#amount(key, DURATION, false, true);
  }

  /** A count (whole, at least 0); `null` or `Infinity` is no limit. */
  count(key) {
    return this.#amount(key, COUNT, true, true);
  }

  /** A number at least `min` (`Infinity` allowed, meaning as much as there
   * can be). */
  numberAtLeast(key, min, expected) {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== "number") throw this.refuse(key, expected);
    if (!(value >= min)) throw this.refuse(key, expected, RangeError);
    return value;
  }

  boolean(key) {
    return this.#typed(key, "boolean", "true or false");
  }

  function(key) {
    return this.#typed(key, "function", "a function");
  }

  #typed(key, type, expected) {
    const value = this.get(key);
    if (value !== undefined && typeof value !== type) throw this.refuse(key, expected);
    return value;
  }

  /** One of `choices`. */
  choice(key, choices) {
    const value = this.get(key);
    if (value !== undefined && !choices.includes(value)) {
      throw this.refuse(key, `one of "${choices.join('", "')}"`);
    }
    return value;
  }

  /** A string or an array of strings (subprotocols), as an array. */
  strings(key) {
    const value = this.get(key);
    if (value === undefined) return undefined;
    const strings = stringsOf(value);
    if (strings === undefined) throw this.refuse(key, "a string or an array of strings");
    return strings;
  }

  /** An `AbortSignal` (or anything with its shape: a boolean `aborted` and
   * an `addEventListener`); `label` names it in the error, if not as the
   * other options are named. */
  signal(key, label) {
    const value = this.get(key);
    if (value === undefined || isSignal(value)) return value;
    if (label) throw new TypeError(`${label} must be an AbortSignal, not ${describe(value)}`);
    throw this.refuse(key, "an AbortSignal");
  }
}

function isSignal(value) {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof value.aborted === "boolean" &&
    typeof value.addEventListener === "function"
  );
}

/** A string, or an array of nothing but strings, as an array; else
 * `undefined`. */
export function stringsOf(value) {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return [...value];
  return undefined;
}

/** A URL given as a string, or as an object with a string `href` (`URL`,
 * `Location`). */
export function urlOf(url, method) {
  if (typeof url === "string") return url;
  if (typeof url === "object" && url !== null && typeof url.href === "string") return url.href;
  throw new TypeError(`${method} takes the URL as a string or a URL object, not ${describe(url)}`);
}
