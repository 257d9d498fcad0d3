// How error messages show a JS value: its type, and the value itself for
// primitives (`the number 42`, `the string "x"`, `an object`, `null`).

export function describe(value) {
  if (value === undefined || value === null || typeof value === "boolean") return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  return "an object";
}
