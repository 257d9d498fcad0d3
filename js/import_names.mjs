// Shortens the names by which the WebAssembly module imports the glue's
// functions. wasm-bindgen names each import after what it calls plus a
// hash (`__wbg_instanceof_Window_5cf453f5639aa1a2`), and writes every name
// twice: in the module's import section and as a key of the glue's import
// object. Nearly a hundred of them, hashes included, cost about 2 KB of
// every page's download once compressed; the names mean nothing to anyone
// (the glue is generated, and the package's own code never sees them).
//
// Each import becomes `a`, `b`, ... `ba`, ...: the same new name in both
// places. Anything unexpected in either file fails the build rather than
// shipping a module whose imports do not match its glue.
import fs from "node:fs";

/** Renames the imports of `wasmFile` and the matching keys of the glue's
 * import object in `glueFile`. */
export function shortenImportNames(wasmFile, glueFile) {
  const wasm = fs.readFileSync(wasmFile);
  let glue = fs.readFileSync(glueFile, "utf8");
  const renames = new Map();
  const rewritten = rewriteImportSection(wasm, (name) => {
    const short = shortName(renames.size);
    renames.set(name, short);
    return short;
  });
  for (const [name, short] of renames) {
    // A key of the import object, on a line of its own: `    name: function(...`.
    const key = new RegExp(`^(\\s+)${name}:`, "gm");
    const found = glue.match(key)?.length ?? 0;
    if (found !== 1) {
      throw new Error(
        `the glue of wasm-bindgen has changed: the import "${name}" is a key of it ${found} times, not once; ` +
          "update js/import_names.mjs",
      );
    }
    glue = glue.replace(key, `$1${short}:`);
  }
  fs.writeFileSync(wasmFile, rewritten);
  fs.writeFileSync(glueFile, glue);
}

/** `a`..`z`, then `ba`, `bb`, ...: letters only, so each is a plain key. */
function shortName(index) {
  let name = "";
  do {
    name = String.fromCharCode(97 + (index % 26)) + name;
    index = Math.floor(index / 26);
  } while (index > 0);
  return name;
}

/** The module with each import's field name replaced by `rename(name)`
 * (see the binary format: sections, and the import section's entries). */
function rewriteImportSection(wasm, rename) {
  const reader = new Reader(wasm, 8);
  const parts = [wasm.subarray(0, 8)];
  let seen = false;
  while (reader.offset < wasm.length) {
    const start = reader.offset;
    const id = reader.byte();
    const size = reader.uleb();
    const end = reader.offset + size;
    if (id !== 2) {
      parts.push(wasm.subarray(start, end));
    } else {
      seen = true;
      const body = [];
      const count = reader.uleb();
      body.push(uleb(count));
      for (let i = 0; i < count; i++) {
        const module = reader.name();
        const field = reader.name();
        const descriptorStart = reader.offset;
        reader.importDescriptor();
        body.push(encodeName(module), encodeName(rename(field)), wasm.subarray(descriptorStart, reader.offset));
      }
      if (reader.offset !== end) throw new Error("the import section of the module did not parse to its end");
      const content = Buffer.concat(body);
      parts.push(Buffer.from([2]), uleb(content.length), content);
    }
    reader.offset = end;
  }
  if (!seen) throw new Error("the module has no import section");
  return Buffer.concat(parts);
}

class Reader {
  constructor(bytes, offset) {
    this.bytes = bytes;
    this.offset = offset;
  }

  byte() {
    return this.bytes[this.offset++];
  }

  uleb() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }

  name() {
    const length = this.uleb();
    const text = this.bytes.toString("utf8", this.offset, this.offset + length);
    this.offset += length;
    return text;
  }

  limits() {
    const flags = this.byte();
    this.uleb();
    if (flags & 1) this.uleb();
  }

  /** Skips what an import is: a function, table, memory, global or tag. */
  importDescriptor() {
    const kind = this.byte();
    if (kind === 0) {
      this.uleb();
    } else if (kind === 1) {
      this.byte();
      this.limits();
    } else if (kind === 2) {
      this.limits();
    } else if (kind === 3) {
      this.byte();
      this.byte();
    } else if (kind === 4) {
      this.byte();
      this.uleb();
    } else {
      throw new Error(`an import of an unknown kind (${kind}) in the module`);
    }
  }
}

function uleb(value) {
  const bytes = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}

function encodeName(text) {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([uleb(bytes.length), bytes]);
}
