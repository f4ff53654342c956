// Turns the commands of a .wast script into wast2json's JSON commands and
// module files. Text modules become binaries through wasm-tools' parser
// (`parse`); everything at the script level is done here.

import { exportTypes } from "./binary.mjs";
import { floatBits, intBits, laneBits, v128Shape } from "./literals.mjs";
import { head, isAtom, isId } from "./sexpr.mjs";

export class ConvertError extends Error {
  constructor(message, line) {
    super(`line ${line}: ${message}`);
  }
}

// Module fields: a script may start with them instead of `(module ...)`.
const MODULE_FIELDS = new Set(["type", "rec", "import", "func", "table", "memory", "global",
  "export", "start", "elem", "data", "tag"]);
const REJECTIONS = new Set(["assert_malformed", "assert_invalid", "assert_unlinkable",
  "assert_uninstantiable"]);
const REF_TYPES = {
  func: "funcref", extern: "externref", exn: "exnref", any: "anyref", eq: "eqref",
  i31: "i31ref", struct: "structref", array: "arrayref", none: "nullref",
  noextern: "nullexternref", nofunc: "nullfuncref", noexn: "nullexnref",
};

const strings = (items) => Buffer.concat(items.filter((n) => n.kind === "string").map((n) => n.bytes));
const utf8 = (latin1) => Buffer.from(latin1, "latin1").toString("utf8");

/** A wasm-tools parse error: the innermost `kind: ...` of its debug text. */
function parseErrorText(e) {
  const text = String(e && e.payload !== undefined ? e.payload : e);
  const at = text.lastIndexOf("kind: ");
  if (at < 0) return text.split("\n")[0].slice(0, 200);
  const kind = text.slice(at + 6).replace(/(?: \}\)?)+$/, "");
  const custom = /^Custom\("(.*)"$/.exec(kind);
  return custom ? custom[1] : kind;
}

// wasm-tools' lexer refuses bidirectional-override characters anywhere (a
// defence against misleading source); escaped they mean the same in strings.
const CONFUSING = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u206f]/g;
const escapeConfusing = (text) => text.replace(CONFUSING, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);

export class ScriptConverter {
  /** text: the script (latin1); parse: wat text -> Promise<Uint8Array>;
   * writeFile(name, bytes) stores a module file next to the JSON. */
  constructor({ text, base, parse, writeFile }) {
    this.text = text;
    this.base = base;
    this.parse = parse;
    this.writeFile = writeFile;
    this.fileCount = 0;
    this.current = null;       // export types of the last instantiated module
    this.named = new Map();    // $name -> export types (modules and instances)
    this.definitions = new Map();
    this.commands = [];
  }

  async convertAll(nodes) {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node.kind !== "list") throw new ConvertError(`unexpected ${node.kind}`, node.line);
      if (head(node).startsWith("@")) continue;  // a top-level annotation
      if (MODULE_FIELDS.has(head(node))) {
        let j = i;
        while (j + 1 < nodes.length && MODULE_FIELDS.has(head(nodes[j + 1]))) j++;
        await this.inlineModule(nodes.slice(i, j + 1));
        i = j;
      } else {
        await this.command(node);
      }
    }
    return this.commands;
  }

  async command(node) {
    const kind = head(node);
    if (kind === "module") return this.moduleCommand(node);
    if (kind === "register") return this.register(node);
    if (kind === "invoke" || kind === "get") {
      return this.push({ type: "action", line: node.items[0].line, action: this.action(node),
        expected: this.resultTypes(node) });
    }
    if (kind === "assert_return") return this.assertReturn(node);
    if (kind === "assert_trap" && head(node.items[1]) === "module") {
      return this.rejection(node, "assert_uninstantiable");
    }
    if (["assert_trap", "assert_exhaustion", "assert_exception"].includes(kind)) {
      return this.assertAction(node, kind);
    }
    if (REJECTIONS.has(kind)) return this.rejection(node, kind);
    throw new ConvertError(`unknown command ${kind || "(...)"}`, node.line);
  }

  push(cmd) {
    this.commands.push(cmd);
  }

  fileName(ext) {
    return `${this.base}.${this.fileCount++}.${ext}`;
  }

  // ------------------------------------------------------------- modules
  /** The parts of a (module ...) form. */
  moduleForm(node) {
    const items = node.items;
    let i = 1;
    const form = { line: items[0].line, node };  // wabt: the line of `module`
    if (isAtom(items[i], "definition")) form.definition = items[i++];
    if (isAtom(items[i], "instance")) form.instance = items.slice(i + 1).filter(isId).map((n) => n.text);
    if (isId(items[i])) form.name = items[i++].text;
    if (isAtom(items[i], "binary")) form.binary = strings(items.slice(i + 1));
    else if (isAtom(items[i], "quote")) form.quote = strings(items.slice(i + 1));
    return form;
  }

  // The text of a (module ...) form for the parser, without `definition`.
  moduleText(form) {
    const { node, definition } = form;
    if (!definition) return utf8(this.text.slice(node.start, node.end));
    const keyword = definition.start, after = keyword + definition.text.length;
    return utf8(this.text.slice(node.start, keyword) + " ".repeat(after - keyword)
      + this.text.slice(after, node.end));
  }

  /** The binary of a module form; throws the parser's message. */
  async encode(form) {
    if (form.binary) return form.binary;
    const text = form.quote ? form.quote.toString("utf8") : this.moduleText(form);
    try {
      return Buffer.from(await this.parse(escapeConfusing(text)));
    } catch (e) {
      throw new ConvertError(parseErrorText(e), form.line);
    }
  }

  async moduleCommand(node) {
    const form = this.moduleForm(node);
    if (form.instance) return this.moduleInstance(form);
    const bytes = await this.encode(form);
    const filename = this.fileName("wasm");
    this.writeFile(filename, bytes);
    const cmd = { type: "module" };
    if (form.definition) cmd.definition = "true";
    Object.assign(cmd, { line: form.line }, form.name ? { name: form.name } : {}, { filename });
    this.push(cmd);
    const types = exportTypes(bytes);
    if (form.definition) {
      if (form.name) this.definitions.set(form.name, types);
      return;
    }
    this.current = types;
    if (form.name) this.named.set(form.name, types);
  }

  // (module instance $I? $D): a new instance of a module definition.
  moduleInstance(form) {
    const ids = form.instance;
    const definition = ids[ids.length - 1];
    if (!definition || !this.definitions.has(definition)) {
      throw new ConvertError(`unknown module definition ${definition || "(none)"}`, form.line);
    }
    const cmd = { type: "module_instance", line: form.line };
    if (ids.length > 1) cmd.name = ids[0];
    cmd.module = definition;
    this.push(cmd);
    this.current = this.definitions.get(definition);
    if (ids.length > 1) this.named.set(ids[0], this.current);
  }

  async inlineModule(fields) {
    const text = utf8(this.text.slice(fields[0].start, fields[fields.length - 1].end));
    const bytes = await this.encode({ quote: Buffer.from(text, "utf8"), line: fields[0].items[0].line });
    const filename = this.fileName("wasm");
    this.writeFile(filename, bytes);
    this.push({ type: "module", line: fields[0].items[0].line, filename });
    this.current = exportTypes(bytes);
  }

  /** assert_malformed/invalid/unlinkable/uninstantiable: the module as a
   * .wasm, or as .wat text (quote modules, and text the parser rejects). */
  async rejection(node, type) {
    const moduleNode = node.items[1];
    if (head(moduleNode) !== "module") throw new ConvertError(`${type} without a module`, node.line);
    const form = this.moduleForm(moduleNode);
    const text = node.items[2] && node.items[2].kind === "string" ? node.items[2].bytes : Buffer.alloc(0);
    let bytes = null;
    if (!form.quote) {
      try {
        bytes = await this.encode(form);
      } catch (e) {
        if (type !== "assert_malformed" && type !== "assert_invalid") throw e;
      }
    }
    const filename = this.fileName(bytes ? "wasm" : "wat");
    this.writeFile(filename, bytes || form.quote || Buffer.from(this.moduleText(form), "utf8"));
    this.push({ type, line: form.line, filename, text, module_type: bytes ? "binary" : "text" });
  }

  register(node) {
    const [, as, name] = node.items;
    if (!as || as.kind !== "string") throw new ConvertError("register needs a name", node.line);
    const cmd = { type: "register", line: isId(name) ? name.line : node.items[0].line };
    if (isId(name)) cmd.name = name.text;
    cmd.as = as.bytes;
    this.push(cmd);
  }

  // ------------------------------------------------------------- actions
  /** (invoke $M? "name" args...) or (get $M? "name"). */
  action(node) {
    const kind = head(node);
    if (kind !== "invoke" && kind !== "get") throw new ConvertError(`expected an action, got ${kind}`, node.line);
    let i = 1;
    const action = { type: kind };
    if (isId(node.items[i])) action.module = node.items[i++].text;
    const field = node.items[i++];
    if (!field || field.kind !== "string") throw new ConvertError(`${kind} needs a name`, node.line);
    action.field = field.bytes;
    if (kind === "invoke") action.args = node.items.slice(i).map((n) => this.value(n));
    return action;
  }

  /** What wast2json lists as expected of an action it does not check: the
   * types of the function's results or of the global. */
  resultTypes(actionNode) {
    const name = isId(actionNode.items[1]) ? actionNode.items[1].text : null;
    const types = name ? this.named.get(name) : this.current;
    const field = actionNode.items.find((n) => n.kind === "string");
    if (!types || !field) return [];
    return types(field.bytes.toString("latin1")).map((t) => ({ type: t }));
  }

  assertReturn(node) {
    const [, actionNode, ...results] = node.items;
    this.push({ type: "assert_return", line: actionNode.items[0].line, action: this.action(actionNode),
      expected: results.map((n) => this.value(n)) });
  }

  // assert_trap, assert_exhaustion (with a message) and assert_exception.
  assertAction(node, type) {
    const actionNode = node.items[1];
    const cmd = { type, line: actionNode.items[0].line, action: this.action(actionNode) };
    if (type !== "assert_exception") {
      const text = node.items[2];
      cmd.text = text && text.kind === "string" ? text.bytes : Buffer.alloc(0);
    }
    cmd.expected = this.resultTypes(actionNode);
    this.push(cmd);
  }

  // -------------------------------------------------------------- values
  /** An argument or expected result: (i32.const 1), (v128.const ...),
   * (ref.null func), (either ...), ... */
  value(node) {
    const kind = head(node);
    const args = node.kind === "list" ? node.items.slice(1) : [];
    const texts = args.map((n) => (n.kind === "atom" ? n.text : ""));
    try {
      if (kind === "either") return { type: "either", values: args.map((n) => this.value(n)) };
      if (/^i(32|64)\.const$/.test(kind)) {
        return { type: kind.slice(0, 3), value: intBits(texts[0] || "", Number(kind.slice(1, 3))).toString() };
      }
      if (/^f(32|64)\.const$/.test(kind)) return { type: kind.slice(0, 3), value: floatText(texts[0] || "", kind.slice(0, 3)) };
      if (kind === "v128.const") return v128Value(texts);
      if (kind.startsWith("ref.")) return refValue(kind.slice(4), texts);
    } catch (e) {
      throw new ConvertError(e.message, node.line);
    }
    throw new ConvertError(`unknown value ${kind || node.kind}`, node.line);
  }
}

function floatText(text, type) {
  if (text === "nan:canonical" || text === "nan:arithmetic") return text;
  return floatBits(text, type).toString();
}

function v128Value([shape, ...lanes]) {
  const info = v128Shape(shape);
  if (!info || lanes.length !== info[1]) throw new Error(`bad v128 constant ${shape}`);
  const laneType = info[0];
  const value = laneType.startsWith("f")
    ? lanes.map((l) => floatText(l, laneType))
    : lanes.map((l) => laneBits(l, laneType).toString());
  return { type: "v128", lane_type: laneType, value };
}

// (ref.null ht?), (ref.extern N?), (ref.host N), (ref.func), (ref.struct), ...
function refValue(what, [arg]) {
  if (what === "null") {
    if (arg === undefined) return { type: "ref", value: "null" };  // any null reference
    if (REF_TYPES[arg]) return { type: REF_TYPES[arg], value: "null" };
    return { type: "ref", heap_type: arg, value: "null" };
  }
  if (what === "host") return { type: "externref", value: intBits(arg || "", 64).toString() };
  if (!REF_TYPES[what]) throw new Error(`unknown reference ref.${what}`);
  if (arg === undefined || what === "func") return { type: REF_TYPES[what] };
  return { type: REF_TYPES[what], value: intBits(arg, 64).toString() };
}
