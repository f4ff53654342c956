// Reads just enough of a module binary to know its exports' types: wast2json
// lists the result types of the invoked function (or the type of the read
// global) as the "expected" of action, assert_trap and assert_exhaustion.

const SIMPLE_TYPES = {
  0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128",
  0x70: "funcref", 0x6f: "externref", 0x69: "exnref", 0x6e: "anyref", 0x6d: "eqref",
  0x6c: "i31ref", 0x6b: "structref", 0x6a: "arrayref", 0x71: "nullref",
  0x72: "nullexternref", 0x73: "nullfuncref", 0x74: "nullexnref",
};
const HEAP_TYPES = {
  0x70: "func", 0x6f: "extern", 0x69: "exn", 0x6e: "any", 0x6d: "eq", 0x6c: "i31",
  0x6b: "struct", 0x6a: "array", 0x71: "none", 0x72: "noextern", 0x73: "nofunc",
  0x74: "noexn",
};

class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  u8() {
    if (this.pos >= this.end) throw new Error("unexpected end");
    return this.bytes[this.pos++];
  }

  /** An unsigned or signed LEB128 (up to 64 bits) as a Number. */
  leb(signed = false) {
    let result = 0n, shift = 0n, byte;
    do {
      byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80);
    if (signed && byte & 0x40) result -= 1n << shift;
    return Number(result);
  }

  skip(n) {
    this.pos += n;
  }

  vec(readItem) {
    const n = this.leb();
    const items = [];
    for (let i = 0; i < n; i++) items.push(readItem());
    return items;
  }

  name() {
    const n = this.leb();
    const s = Buffer.from(this.bytes.subarray(this.pos, this.pos + n)).toString("latin1");
    this.skip(n);
    return s;
  }

  // A heap type: an abstract one's name or a type index.
  heapType() {
    const v = this.leb(true);
    return v < 0 ? HEAP_TYPES[v & 0x7f] || `heap${v}` : String(v);
  }

  valType() {
    const b = this.u8();
    if (b === 0x63 || b === 0x64) {
      const ht = this.heapType();
      const abstract = Object.keys(HEAP_TYPES).find((k) => HEAP_TYPES[k] === ht);
      if (b === 0x63 && abstract) return SIMPLE_TYPES[abstract];
      return b === 0x63 ? `(ref null ${ht})` : `(ref ${ht})`;
    }
    if (b === 0x78 || b === 0x77) return b === 0x78 ? "i8" : "i16";  // packed field types
    if (!(b in SIMPLE_TYPES)) throw new Error(`unknown value type 0x${b.toString(16)}`);
    return SIMPLE_TYPES[b];
  }

  limits() {
    const flags = this.u8();
    this.leb();
    if (flags & 1) this.leb();
  }
}

// One entry of the type section (GC: rec groups and sub types flatten into
// the index space). Returns the func types' result lists, null for the rest.
function readSubTypes(r) {
  const b = r.bytes[r.pos];
  if (b === 0x4e) {
    r.u8();
    return r.vec(() => readSubTypes(r)[0]);
  }
  if (b === 0x50 || b === 0x4f) {
    r.u8();
    r.vec(() => r.leb());
  }
  return [readCompType(r)];
}

function readCompType(r) {
  const form = r.u8();
  if (form === 0x60) {
    r.vec(() => r.valType());
    return r.vec(() => r.valType());
  }
  if (form === 0x5f) r.vec(() => [r.valType(), r.u8()]);
  else if (form === 0x5e) {
    r.valType();
    r.u8();
  }
  else throw new Error(`unknown type form 0x${form.toString(16)}`);
  return null;
}

// Constant expressions hold only these instructions (immediates skipped).
function skipConstExpr(r) {
  for (;;) {
    const op = r.u8();
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x42) r.leb(true);
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0x23 || op === 0xd2) r.leb();
    else if (op === 0xd0) r.heapType();
    else if (op === 0xfd) {
      if (r.leb() !== 12) throw new Error("unknown v128 constant instruction");
      r.skip(16);
    } else if (op === 0xfb) skipGcConstOp(r, r.leb());
    else if (![0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e].includes(op)) {
      throw new Error(`unknown constant instruction 0x${op.toString(16)}`);
    }
  }
}

function skipGcConstOp(r, sub) {
  if ([0, 1, 6, 7].includes(sub)) r.leb();            // struct.new*, array.new*: type
  else if (sub === 8) { r.leb(); r.leb(); }          // array.new_fixed: type, count
  else if (![0x1a, 0x1b, 0x1c].includes(sub)) throw new Error(`unknown GC constant 0x${sub.toString(16)}`);
}

function readImport(r, mod) {
  r.name();
  r.name();
  const kind = r.u8();
  if (kind === 0) mod.funcs.push(r.leb());
  else if (kind === 1) { r.valType(); r.limits(); }
  else if (kind === 2) r.limits();
  else if (kind === 3) { mod.globals.push(r.valType()); r.u8(); }
  else if (kind === 4) { r.u8(); r.leb(); }
  else throw new Error(`unknown import kind ${kind}`);
}

function readSection(r, id, mod) {
  if (id === 1) mod.types = r.vec(() => readSubTypes(r)).flat();
  else if (id === 2) r.vec(() => readImport(r, mod));
  else if (id === 3) r.vec(() => mod.funcs.push(r.leb()));
  else if (id === 6) r.vec(() => { mod.globals.push(r.valType()); r.u8(); skipConstExpr(r); });
  else if (id === 7) r.vec(() => mod.exports.set(r.name(), [r.u8(), r.leb()]));
}

/** Export name (latin1 of its bytes) -> the types the action yields, for
 * functions their results, for globals their type. Unknown exports and
 * modules this reader cannot follow give no types. */
export function exportTypes(bytes) {
  const mod = { types: [], funcs: [], globals: [], exports: new Map() };
  const r = new Reader(bytes, 8);
  try {
    while (r.pos < r.end) {
      const id = r.u8();
      const size = r.leb();
      const end = r.pos + size;
      if ([1, 2, 3, 6, 7].includes(id)) readSection(new Reader(bytes, r.pos, end), id, mod);
      r.pos = end;
    }
  } catch {
    // A module the reader cannot follow (malformed, or from a later proposal).
  }
  return (name) => {
    const e = mod.exports.get(name);
    if (!e) return [];
    const [kind, index] = e;
    if (kind === 3) return mod.globals[index] ? [mod.globals[index]] : [];
    if (kind !== 0) return [];
    return mod.types[mod.funcs[index]] || [];
  };
}
