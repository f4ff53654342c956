// The command line of tools/wast2json: wabt's `wast2json FILE.wast -o OUT.json`
// (its --enable-*/--disable-* feature flags are accepted and ignored: the
// parser knows every Wasm 3.0 feature).

import fs from "node:fs";
import path from "node:path";

import { ConvertError, ScriptConverter } from "./script.mjs";
import { readScript, SyntaxError_ } from "./sexpr.mjs";

const USAGE = "usage: wast2json [--enable-*] FILE.wast [-o OUT.json]";

// JSON laid out as wabt writes it. Buffers are byte strings (names, messages):
// control characters, `"` and `\` escaped, all other bytes written as they are.
function jsonString(bytes) {
  const out = [0x22];
  for (const b of bytes) {
    if (b < 0x20 || b === 0x22 || b === 0x5c) out.push(...Buffer.from(`\\u${b.toString(16).padStart(4, "0")}`));
    else out.push(b);
  }
  out.push(0x22);
  return Buffer.from(out);
}

function jsonValue(v) {
  if (Buffer.isBuffer(v)) return jsonString(v);
  if (typeof v === "string") return jsonString(Buffer.from(v, "utf8"));
  if (typeof v === "number") return Buffer.from(String(v));
  if (Array.isArray(v)) return joined("[", v.map(jsonValue), "]");
  const entries = Object.entries(v).map(([k, x]) => Buffer.concat([jsonString(Buffer.from(k)), Buffer.from(": "), jsonValue(x)]));
  return joined("{", entries, "}");
}

function joined(open, parts, close) {
  const sep = Buffer.from(", ");
  const body = parts.flatMap((p, i) => (i ? [sep, p] : [p]));
  return Buffer.concat([Buffer.from(open), ...body, Buffer.from(close)]);
}

function scriptJson(sourceFilename, commands) {
  const lines = commands.map((c) => Buffer.concat([Buffer.from("  "), jsonValue(c)]));
  return Buffer.concat([
    Buffer.from('{"source_filename": '), jsonString(Buffer.from(sourceFilename)),
    Buffer.from(',\n "commands": [\n'),
    ...lines.flatMap((l, i) => (i ? [Buffer.from(", \n"), l] : [l])),
    Buffer.from("]}\n"),
  ]);
}

function parseArgs(argv) {
  let input = null, output = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-o" || a === "--output") output = argv[++i];
    else if (a.startsWith("--output=")) output = a.slice(9);
    else if (a === "-h" || a === "--help") { console.log(USAGE); process.exit(0); }
    else if (a.startsWith("--enable-") || a.startsWith("--disable-") || a === "--no-check" || a === "--debug-names") continue;
    else if (a.startsWith("-") || input) { console.error(USAGE); process.exit(2); }
    else input = a;
  }
  if (!input) { console.error(USAGE); process.exit(2); }
  return { input, output: output || path.basename(input).replace(/\.wast$/, "") + ".json" };
}

export async function main(argv) {
  const { input, output } = parseArgs(argv);
  const { parse } = await import("@bytecodealliance/jco-transpile/wasm-tools");
  const dir = path.dirname(output);
  const converter = new ScriptConverter({
    text: fs.readFileSync(input, "latin1"),
    base: path.basename(output).replace(/\.json$/, ""),
    parse,
    writeFile: (name, bytes) => fs.writeFileSync(path.join(dir, name), bytes),
  });
  try {
    const commands = await converter.convertAll(readScript(converter.text));
    fs.writeFileSync(output, scriptJson(input, commands));
  } catch (e) {
    if (!(e instanceof ConvertError || e instanceof SyntaxError_)) throw e;
    console.error(`${input}:${e.message}`);
    process.exit(1);
  }
}
