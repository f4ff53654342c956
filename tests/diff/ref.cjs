// ref.cjs - the reference run of the differential test: node (V8).
//
//   node --no-turbo-fast-api-calls ref.cjs NAME=FILE.wasm:ARGS ...
//
// For each module, in order: instantiate it with the "fuzzing-support"
// logging imports, then call every exported function in export order. Before
// each call the export "hangLimitInitializer" (if any) is called silently, as
// binaryen's fuzzers do, so every call starts with a full hang budget. Prints
// the format tests/diff/host.c prints (keep the two in step):
//
//   == NAME                       one header per module
//   instantiate ok | instantiate trap KIND
//   call EXPORT                   one block per exported function
//   log i32 5                     a call of a logging import, one per argument
//   -> i32 7 f64 0x3ff0000000000000   the results, or `-> trap KIND`
//   memory 16 pages, hash 1234abcd    after the last call, if a memory is exported
//
// Integers print signed in decimal, floats as their bit pattern in hex, any NaN
// as `nan` (JS may canonicalise NaN payloads at the boundary). A v128 prints as
// its four i32 lanes in hex, lane 0 first, as in the text format's
// `v128.const i32x4`: `v128 i32x4 0x3fc00000 0xfffffffd 0x00000000 0xbfe80000`;
// its bits are exact, NaNs included (they never cross the boundary as floats).
// KIND is the spec's trap category, from V8's message. ARGS selects the
// arguments passed to every call (0: zeros, 1 and 2: the fixed values in
// argValue() and V128_ARGS).
//
// JS cannot pass a v128 to or from wasm (V8 throws a TypeError), so v128 goes
// through small helper modules built here from bytes: log-v128 is a wasm
// function that splits its argument into i32 lanes for the JS logger, and an
// export with v128 in its signature is called through a wrapper module that
// imports it, passes the v128 arguments as constants and returns each v128
// result as four i32 lanes (multi-value). The module under test is unchanged.
'use strict';
const fs = require('fs');

const TYPES = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128' };
const CODES = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

// Just enough of the binary format to know each exported function's type.
function signatures(bytes) {
  let p = 8;
  const u32 = () => {
    let r = 0, shift = 0, b;
    do { b = bytes[p++]; r += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return r;
  };
  const name = () => { const n = u32(); const s = bytes.slice(p, p + n); p += n; return Buffer.from(s).toString('utf8'); };
  const types = [], funcs = [], exports = [];
  while (p < bytes.length) {
    const id = bytes[p++], size = u32(), end = p + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        p++; // 0x60
        const params = [], results = [];
        for (let k = u32(); k > 0; k--) params.push(TYPES[bytes[p++]] || 'other');
        for (let k = u32(); k > 0; k--) results.push(TYPES[bytes[p++]] || 'other');
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name(); name();
        const kind = bytes[p++];
        if (kind === 0) funcs.push(types[u32()]);
        else if (kind === 1) { p++; const f = bytes[p++]; u32(); if (f & 1) u32(); }
        else if (kind === 2) { const f = bytes[p++]; u32(); if (f & 1) u32(); }
        else { p += 2; }
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcs.push(types[u32()]);
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const nm = name(), kind = bytes[p++], index = u32();
        exports.push({ name: nm, kind, type: kind === 0 ? funcs[index] : null });
      }
    }
    p = end;
  }
  return exports;
}

const f32buf = new Float32Array(1), u32buf = new Uint32Array(f32buf.buffer);
const f64buf = new Float64Array(1), u64buf = new BigUint64Array(f64buf.buffer);

function show(type, v) {
  switch (type) {
    case 'i32': return 'i32 ' + (v | 0);
    case 'i64': return 'i64 ' + BigInt.asIntN(64, v);
    case 'f32':
      if (Number.isNaN(v)) return 'f32 nan';
      f32buf[0] = v; return 'f32 0x' + u32buf[0].toString(16).padStart(8, '0');
    case 'f64':
      if (Number.isNaN(v)) return 'f64 nan';
      f64buf[0] = v; return 'f64 0x' + u64buf[0].toString(16).padStart(16, '0');
    case 'v128': return showV128(v);
  }
  return type + ' ?';
}

function argValue(type, mode) {
  const table = {
    0: { i32: 0, i64: 0n, f32: 0, f64: 0 },
    1: { i32: -3, i64: 4886718345n, f32: 1.5, f64: -0.75 },
    2: { i32: -2147483648, i64: -1n, f32: Infinity, f64: 1e300 },
  }[mode];
  return table[type];
}

// The v128 argument of each set as i32 lanes, lane 0 first (host.c has the
// same). Set 1 mixes shapes: f32 1.5, i32 -3, and f64 -0.75 in the high half;
// set 2 has i32 -2^31, -1, f32 +inf and the canonical f32 NaN.
const V128_ARGS = {
  0: [0, 0, 0, 0],
  1: [0x3fc00000, 0xfffffffd, 0x00000000, 0xbfe80000],
  2: [0x80000000, 0xffffffff, 0x7f800000, 0x7fc00000],
};

function showV128(lanes) {
  return 'v128 i32x4 ' + lanes.map((x) => '0x' + (x >>> 0).toString(16).padStart(8, '0')).join(' ');
}

// ---- helper modules for v128, encoded by hand (see the header) ----
function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const vec = (items) => [...uleb(items.length), ...items.flat()];
const str = (s) => vec([...Buffer.from(s)]);
const section = (id, body) => [id, ...uleb(body.length), ...body];
const functype = (params, results) =>
  [0x60, ...vec(params.map((t) => [CODES[t]])), ...vec(results.map((t) => [CODES[t]]))];
const LOCAL_GET = 0x20, LOCAL_SET = 0x21, CALL = 0x10, END = 0x0b;
const extractLane = (k) => [0xfd, 0x1b, k]; // i32x4.extract_lane k
const v128Const = (lanes) => // v128.const, little-endian
  [0xfd, 0x0c, ...lanes.flatMap((x) => [x, x >>> 8, x >>> 16, x >>> 24].map((b) => b & 0xff))];

// A module importing "m"."f" of type `imported` and exporting "f" of type
// `exported` whose body is `body` (the bytes between the locals and `end`).
function helperModule(imported, exported, locals, body) {
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([imported, exported])),
    ...section(2, vec([[...str('m'), ...str('f'), 0x00, 0x00]])),
    ...section(3, vec([[0x01]])),
    ...section(7, vec([[...str('f'), 0x00, 0x01]])),
    ...section(10, vec([(() => {
      const code = [...vec(locals.map((t) => [0x01, CODES[t]])), ...body, END];
      return [...uleb(code.length), ...code];
    })()]))];
  return new WebAssembly.Module(new Uint8Array(bytes));
}

// log-v128 as a wasm function: passes the four i32 lanes to `jsLog`.
let logV128Module = null;
function logV128(jsLog) {
  logV128Module ||= helperModule(functype(['i32', 'i32', 'i32', 'i32'], []), functype(['v128'], []),
    [], [0, 1, 2, 3].flatMap((k) => [LOCAL_GET, 0, ...extractLane(k)]).concat([CALL, 0]));
  return new WebAssembly.Instance(logV128Module, { m: { f: jsLog } }).exports.f;
}

// A JS-callable stand-in for `fn` (a wasm export with v128 in its type): it
// takes the other parameters, passes argument set `mode`'s v128 for each v128
// parameter and returns the results with each v128 as four i32 lanes.
const wrapperModules = new Map();
function wrapV128(fn, type, mode) {
  const plain = type.params.filter((t) => t !== 'v128');
  const flat = type.results.flatMap((t) => (t === 'v128' ? ['i32', 'i32', 'i32', 'i32'] : [t]));
  const key = mode + ':' + type.params.join(',') + '->' + type.results.join(',');
  if (!wrapperModules.has(key)) {
    const body = [];
    let next = 0;
    for (const t of type.params)
      body.push(...(t === 'v128' ? v128Const(V128_ARGS[mode]) : [LOCAL_GET, ...uleb(next++)]));
    body.push(CALL, 0);
    // Results come off the stack last first; park them in locals, then push
    // them again in order, each v128 as its lanes.
    const local = (k) => uleb(plain.length + k);
    for (let k = type.results.length - 1; k >= 0; k--) body.push(LOCAL_SET, ...local(k));
    type.results.forEach((t, k) => {
      if (t !== 'v128') body.push(LOCAL_GET, ...local(k));
      else for (let lane = 0; lane < 4; lane++) {
        body.push(LOCAL_GET, ...local(k), ...extractLane(lane));
      }
    });
    wrapperModules.set(key, helperModule(functype(type.params, type.results), functype(plain, flat),
      type.results, body));
  }
  const inst = new WebAssembly.Instance(wrapperModules.get(key), { m: { f: fn } });
  const wrapped = inst.exports.f;
  return (...args) => {
    const r = wrapped(...args);
    const vals = flat.length === 1 ? [r] : flat.length === 0 ? [] : r;
    const out = [];
    let k = 0;
    for (const t of type.results) {
      if (t === 'v128') { out.push(vals.slice(k, k + 4)); k += 4; } else out.push(vals[k++]);
    }
    return out;
  };
}

function trapKind(e) {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack';
  if (!(e instanceof WebAssembly.RuntimeError)) return null;
  const m = e.message;
  if (/^unreachable/.test(m)) return 'unreachable';
  if (/memory access out of bounds|data segment/.test(m)) return 'oob-memory';
  if (/divide by zero|remainder by zero/.test(m)) return 'div-zero';
  // V8 says "float unrepresentable" for both NaN (the spec's "invalid
  // conversion to integer") and out of range ("integer overflow").
  if (/divide result unrepresentable|float unrepresentable/.test(m)) return 'overflow';
  if (/table index is out of bounds|element segment|table access/.test(m)) return 'oob-table';
  if (/null function|signature mismatch/.test(m)) return 'indirect';
  return 'other(' + m + ')';
}

const out = [];
const print = (s) => out.push(s);

function logger(types) {
  return (...args) => {
    print('log ' + types.map((t, k) => show(t, args[k])).join(' '));
  };
}

function runModule(label, file, mode) {
  print('== ' + label);
  const bytes = fs.readFileSync(file);
  const sigs = signatures(bytes);
  const mod = new WebAssembly.Module(bytes);
  const imports = {};
  for (const imp of WebAssembly.Module.imports(mod)) {
    if (imp.module !== 'fuzzing-support' || imp.kind !== 'function')
      throw new Error('unexpected import ' + imp.module + '.' + imp.name);
    const m = /^log-(i32|i64|f32|f64|v128)$/.exec(imp.name);
    if (!m) throw new Error('unexpected import ' + imp.name);
    (imports[imp.module] ||= {})[imp.name] =
      m[1] === 'v128' ? logV128((...lanes) => print('log ' + showV128(lanes))) : logger([m[1]]);
  }
  let inst;
  try {
    inst = new WebAssembly.Instance(mod, imports);
  } catch (e) {
    const k = trapKind(e);
    if (k === null) throw e;
    print('instantiate trap ' + k);
    return;
  }
  print('instantiate ok');
  const ex = inst.exports;
  for (const e of sigs) {
    if (e.kind !== 0) continue;
    print('call ' + e.name);
    if (typeof ex.hangLimitInitializer === 'function') ex.hangLimitInitializer();
    const hasV128 = e.type.params.includes('v128') || e.type.results.includes('v128');
    const args = e.type.params.filter((t) => t !== 'v128').map((t) => argValue(t, mode));
    let r;
    try {
      r = hasV128 ? wrapV128(ex[e.name], e.type, mode)(...args) : ex[e.name](...args);
    } catch (err) {
      const k = trapKind(err);
      if (k === null) throw err;
      print('-> trap ' + k);
      if (process.env.DIFF_MEMTRACE) printMemory(sigs, ex);
      continue;
    }
    if (process.env.DIFF_MEMTRACE) printMemory(sigs, ex);
    const rs = e.type.results;
    const vals = hasV128 ? r : rs.length === 1 ? [r] : rs.length === 0 ? [] : r;
    print('->' + rs.map((t, k) => ' ' + show(t, vals[k])).join(''));
  }
  printMemory(sigs, ex);
}

// What the calls left in memory: the pages and an FNV-1a hash of the bytes.
function printMemory(sigs, ex) {
  const mem = sigs.find((e) => e.kind === 2);
  if (!mem) return;
  const b = new Uint8Array(ex[mem.name].buffer);
  let h = 0x811c9dc5;
  for (let k = 0; k < b.length; k++) h = Math.imul(h ^ b[k], 0x01000193);
  print('memory ' + b.length / 65536 + ' pages, hash ' + (h >>> 0).toString(16).padStart(8, '0'));
  if (process.env.DIFF_MEMDUMP) fs.writeFileSync(process.env.DIFF_MEMDUMP, b);
}

let status = 0;
for (const spec of process.argv.slice(2)) {
  const m = /^([^=]*)=(.*):([0-9])$/.exec(spec);
  try {
    runModule(m[1], m[2], +m[3]);
  } catch (e) {
    print('error ' + String(e && e.message || e).split('\n')[0]);
    status = 1;
  }
  process.stdout.write(out.join('\n') + '\n');
  out.length = 0;
}
process.exitCode = status;
