// Reads a .wast script into s-expressions. The script is held as a latin1
// string (one char per byte), so offsets are byte offsets and string
// literals decode to the exact bytes they denote, UTF-8 or not.
//
// Node kinds: {kind: "list", items, start, end, line}
//             {kind: "atom", text, start, line}     keywords, $ids, numbers
//             {kind: "string", bytes, start, line}  "..." decoded to a Buffer
//
// Annotations, `(@id ...)` (Wasm 3.0 text format), are dropped from the
// tree: they mean nothing to a script. Module text is handed to the parser
// as written, annotations included, so it judges them there.

export class SyntaxError_ extends Error {
  constructor(message, line) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
// A `;` ends a token only as the start of a `;;` comment: alone, like `,`,
// `[` or `{`, it is a character of a reserved token, which annotations may hold.
const DELIMITERS = new Set([" ", "\t", "\n", "\r", "(", ")", '"']);
const SIMPLE_ESCAPES = { t: 0x09, n: 0x0a, r: 0x0d, '"': 0x22, "'": 0x27, "\\": 0x5c };

/** Tokenizer over the script text; tracks the line of its position. */
class Lexer {
  constructor(text) {
    this.text = text;
    this.pos = 0;
    this.line = 1;
  }

  error(message) {
    throw new SyntaxError_(message, this.line);
  }

  advance(n) {
    const end = this.pos + n;
    for (let i = this.pos; i < end; i++) if (this.text[i] === "\n") this.line++;
    this.pos = end;
  }

  // Whitespace, `;; line` and nested `(; block ;)` comments.
  skipTrivia() {
    const t = this.text;
    for (;;) {
      if (WHITESPACE.has(t[this.pos])) this.advance(1);
      else if (t.startsWith(";;", this.pos)) {
        const nl = t.indexOf("\n", this.pos);
        this.advance((nl < 0 ? t.length : nl) - this.pos);
      } else if (t.startsWith("(;", this.pos)) this.skipBlockComment();
      else return;
    }
  }

  skipBlockComment() {
    const start = this.line;
    let depth = 0;
    do {
      const open = this.text.indexOf("(;", this.pos);
      const close = this.text.indexOf(";)", this.pos);
      if (close < 0) throw new SyntaxError_("unterminated block comment", start);
      if (open >= 0 && open < close) {
        depth++;
        this.advance(open + 2 - this.pos);
      } else {
        depth--;
        this.advance(close + 2 - this.pos);
      }
    } while (depth > 0);
  }

  /** The next token: {type: "(" | ")" | "atom" | "string" | "eof", ...}. */
  next() {
    this.skipTrivia();
    const start = this.pos, line = this.line, c = this.text[this.pos];
    if (c === undefined) return { type: "eof", start, line };
    if (c === "(" || c === ")") {
      this.advance(1);
      return { type: c, start, line };
    }
    if (c === '"') return { type: "string", bytes: this.readString(), start, line };
    let end = start;
    while (end < this.text.length && !DELIMITERS.has(this.text[end])
           && !this.text.startsWith(";;", end)) end++;
    if (this.text[end] === '"' && end === start + 1 && c === "$") {
      this.advance(1);  // $"quoted id": keep its raw text as the id
      this.readString();
      return { type: "atom", text: this.text.slice(start, this.pos), start, line };
    }
    if (end === start) this.error(`unexpected character ${JSON.stringify(c)}`);
    this.advance(end - start);
    return { type: "atom", text: this.text.slice(start, end), start, line };
  }

  // A string literal from its opening quote, escapes decoded to bytes.
  readString() {
    const t = this.text, bytes = [];
    this.advance(1);
    for (;;) {
      const c = t[this.pos];
      if (c === undefined || c === "\n") this.error("unterminated string");
      if (c === '"') break;
      if (c !== "\\") {
        bytes.push(c.charCodeAt(0));
        this.advance(1);
        continue;
      }
      this.advance(this.readEscape(t.slice(this.pos + 1, this.pos + 16), bytes) + 1);
    }
    this.advance(1);
    return Buffer.from(bytes);
  }

  // Decodes the escape after a backslash into bytes; returns its length.
  readEscape(rest, bytes) {
    if (rest[0] in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[rest[0]]);
      return 1;
    }
    if (/^[0-9a-fA-F]{2}/.test(rest)) {
      bytes.push(parseInt(rest.slice(0, 2), 16));
      return 2;
    }
    const u = /^u\{([0-9a-fA-F_]+)\}/.exec(rest);
    if (!u) this.error(`bad escape \\${rest.slice(0, 4)}`);
    const code = parseInt(u[1].replace(/_/g, ""), 16);
    bytes.push(...Buffer.from(String.fromCodePoint(code), "utf8"));
    return u[0].length;
  }
}

/** The top-level s-expressions of a script (latin1 text). */
export function readScript(text) {
  const lexer = new Lexer(text);
  const stack = [{ items: [] }];
  for (;;) {
    const tok = lexer.next();
    if (tok.type === "eof") break;
    if (tok.type === "(") {
      stack.push({ kind: "list", items: [], start: tok.start, line: tok.line });
    } else if (tok.type === ")") {
      if (stack.length === 1) throw new SyntaxError_("unexpected )", tok.line);
      const list = stack.pop();
      list.end = tok.start + 1;
      if (!isAnnotation(list)) stack[stack.length - 1].items.push(list);
    } else {
      const { type, ...fields } = tok;
      stack[stack.length - 1].items.push({ kind: type, ...fields });
    }
  }
  if (stack.length > 1) throw new SyntaxError_("unclosed (", stack[stack.length - 1].line);
  return stack[0].items;
}

/** `(@id ...)`: the `@` right after the parenthesis, as the text format
 * requires (`( @id` is no annotation). */
function isAnnotation(list) {
  const first = list.items[0];
  return first !== undefined && first.kind === "atom" && first.text.startsWith("@")
    && first.start === list.start + 1;
}

/** The keyword heading a list, or "" (an atom's text for atoms). */
export function head(node) {
  if (node.kind === "atom") return node.text;
  const first = node.kind === "list" ? node.items[0] : null;
  return first && first.kind === "atom" ? first.text : "";
}

export function isAtom(node, text) {
  return node !== undefined && node.kind === "atom" && (text === undefined || node.text === text);
}

export function isId(node) {
  return isAtom(node) && node.text.startsWith("$");
}
