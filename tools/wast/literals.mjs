// Numeric literals of the WebAssembly text format as the bits wast2json
// writes: integers modulo 2^N, floats rounded to nearest-even from their
// exact decimal or hexadecimal value. Everything is BigInt arithmetic: a JS
// number would round f32 literals twice (to f64, then to f32).

export class LiteralError extends Error {}

const FORMATS = {
  f32: { bits: 32n, mant: 23n, bias: 127n },
  f64: { bits: 64n, mant: 52n, bias: 1023n },
};

function stripSign(text) {
  if (text.startsWith("-")) return [true, text.slice(1)];
  if (text.startsWith("+")) return [false, text.slice(1)];
  return [false, text];
}

// Digits with `_` only between two digits, as the text format allows.
function digits(text, hex) {
  const re = hex ? /^[0-9a-fA-F]+(_[0-9a-fA-F]+)*$/ : /^[0-9]+(_[0-9]+)*$/;
  if (!re.test(text)) throw new LiteralError(`bad digits ${JSON.stringify(text)}`);
  return text.replace(/_/g, "");
}

/** An iN literal (signed or unsigned, decimal or hex) as its unsigned bits. */
export function intBits(text, width) {
  const [negative, body] = stripSign(text);
  const hex = /^0x/i.test(body);
  const magnitude = BigInt((hex ? "0x" : "") + digits(hex ? body.slice(2) : body, hex));
  const w = BigInt(width);
  const max = negative ? 1n << (w - 1n) : (1n << w) - 1n;
  if (magnitude > max) {
    throw new LiteralError(`i${width} constant out of range: ${text}`);
  }
  return BigInt.asUintN(width, negative ? -magnitude : magnitude);
}

function bitLength(n) {
  return n === 0n ? 0 : n.toString(2).length;
}

/** num/den (both > 0) rounded to the format: biased exponent and fraction bits,
 * or null when the value rounds past the largest finite number. */
function roundRational(num, den, fmt) {
  const p = fmt.mant + 1n;               // significand bits with the hidden one
  const emin = 1n - fmt.bias;
  let e = BigInt(bitLength(num) - bitLength(den));  // 2^e <= num/den < 2^(e+1), or e-1
  if ((e >= 0n ? num : num << -e) < (e >= 0n ? den << e : den)) e -= 1n;
  if (e < emin) e = emin;                // subnormal: fixed scale
  const shift = p - 1n - e;              // significand = num/den * 2^shift
  const n = shift >= 0n ? num << shift : num;
  const d = shift >= 0n ? den : den << -shift;
  let m = n / d;
  const twiceRem = (n % d) * 2n;
  if (twiceRem > d || (twiceRem === d && (m & 1n))) m += 1n;
  if (m === 1n << p) { m >>= 1n; e += 1n; }
  if (e > fmt.bias) return null;
  if (m < 1n << fmt.mant) return { exp: 0n, frac: m };  // subnormal or zero
  return { exp: e + fmt.bias, frac: m - (1n << fmt.mant) };
}

// The exact value of a decimal or hex float literal (no sign) as num/den.
function rational(body) {
  const hex = /^0x/i.test(body);
  const m = hex
    ? /^0x([0-9a-f_]+)(?:\.([0-9a-f_]*))?(?:p([+-]?[0-9_]+))?$/i.exec(body)
    : /^([0-9_]+)(?:\.([0-9_]*))?(?:e([+-]?[0-9_]+))?$/i.exec(body);
  if (!m) throw new LiteralError(`bad float literal ${JSON.stringify(body)}`);
  const intPart = digits(m[1], hex);
  const fracPart = m[2] ? digits(m[2], hex) : "";
  const [expNeg, expDigits] = stripSign(m[3] || "0");
  const exp = BigInt(digits(expDigits, false)) * (expNeg ? -1n : 1n);
  const mantissa = BigInt((hex ? "0x" : "") + (intPart + fracPart || "0"));
  const base = hex ? 2n : 10n;
  // hex: mantissa * 2^(exp - 4*fracdigits); decimal: mantissa * 10^(exp - fracdigits)
  const scale = exp - BigInt(fracPart.length) * (hex ? 4n : 1n);
  return scale >= 0n ? [mantissa * base ** scale, 1n] : [mantissa, base ** -scale];
}

/** The bits of an f32/f64 literal (inf, nan, nan:0x..., decimal, hex). */
export function floatBits(text, type) {
  const fmt = FORMATS[type];
  const [negative, body] = stripSign(text);
  const sign = negative ? 1n << (fmt.bits - 1n) : 0n;
  const expAll = ((1n << (fmt.bits - 1n - fmt.mant)) - 1n) << fmt.mant;
  if (body === "inf") return sign | expAll;
  if (body === "nan") return sign | expAll | (1n << (fmt.mant - 1n));
  if (body.startsWith("nan:0x")) {
    const payload = BigInt("0x" + digits(body.slice(6), true));
    if (payload === 0n || payload >= 1n << fmt.mant) {
      throw new LiteralError(`bad NaN payload ${text}`);
    }
    return sign | expAll | payload;
  }
  const [num, den] = rational(body);
  if (num === 0n) return sign;
  const r = roundRational(num, den, fmt);
  if (!r) throw new LiteralError(`${type} constant out of range: ${text}`);
  return sign | (r.exp << fmt.mant) | r.frac;
}

const SHAPES = {
  i8x16: ["i8", 16], i16x8: ["i16", 8], i32x4: ["i32", 4], i64x2: ["i64", 2],
  f32x4: ["f32", 4], f64x2: ["f64", 2],
};

/** A v128.const's shape: [lane type, lane count], or undefined. */
export function v128Shape(shape) {
  return SHAPES[shape];
}

/** One lane of a v128 literal as its unsigned bits (a BigInt). */
export function laneBits(text, laneType) {
  if (laneType.startsWith("f")) return floatBits(text, laneType);
  return intBits(text, Number(laneType.slice(1)));
}
