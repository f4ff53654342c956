/* emit_buf.c - growing text buffers that stream to files, C literal helpers,
 * and the C spelling of wasm value types. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit_internal.h"

/* A file-backed buffer is written out once it holds this much. */
enum { FLUSH_AT = 1 << 16 };

static bool buf_reserve(Buf *b, size_t extra) {
  if (b->failed) return false;
  if (b->len + extra + 1 <= b->cap) return true;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) {
    if (cap > SIZE_MAX / 2) { b->failed = true; return false; }
    cap *= 2;
  }
  char *bigger = realloc(b->data, cap);
  if (!bigger) { b->failed = true; return false; }
  b->data = bigger;
  b->cap = cap;
  return true;
}

bool buf_flush(Buf *b) {
  if (!b->file || b->failed || b->len == 0) return !b->failed;
  if (b->prelude_uses) *b->prelude_uses |= prelude_uses(b->data, b->len);
  if (fwrite(b->data, 1, b->len, b->file) != b->len) b->failed = true;
  b->len = 0;
  return !b->failed;
}

/* buf_put without the NUL or the flush: for text written in pieces. */
static void put_raw(Buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap && !buf_reserve(b, n)) return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->total += n;
}

void buf_put(Buf *b, const char *s, size_t n) {
  if (!buf_reserve(b, n)) return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
  b->total += n;
  if (b->file && b->len >= FLUSH_AT) buf_flush(b);
}

void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

/* ------------------------------------------------------------ formatting */
/* Translation is mostly formatting: vsnprintf (locale, stream setup, two
 * passes to size the text) was half of wasmcc's time, so the conversions
 * the emitter uses are done by hand: %s %.Ns %.*s %c %d %u %x %X with l, ll
 * or z, and %%. Any other (%a, flags, widths) goes to vsnprintf. */

static void buf_vprintf_libc(Buf *b, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n < 0) b->failed = true;
  if (n >= 0 && buf_reserve(b, (size_t)n)) {
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
    b->len += (size_t)n;
    b->total += (size_t)n;
    if (b->file && b->len >= FLUSH_AT) buf_flush(b);
  }
  va_end(again);
}

/* Writes v in base 10 or 16 (upper or lower case) at out, NUL-terminated
 * (at most 21 bytes); returns the end of the digits. */
char *str_put_uint(char *out, uint64_t v, unsigned base, bool upper) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[24];
  char *end = tmp + sizeof tmp, *p = end;
  do {
    *--p = digits[v % base];
    v /= base;
  } while (v);
  size_t n = (size_t)(end - p);
  memcpy(out, p, n);
  out[n] = 0;
  return out + n;
}

/* prefix followed by n in decimal ("l12", "i3"): names of locals and slots. */
void str_numbered(char *out, const char *prefix, uint32_t n) {
  size_t len = strlen(prefix);
  memcpy(out, prefix, len);
  str_put_uint(out + len, n, 10, false);
}

static void put_uint(Buf *b, uint64_t v, unsigned base, bool upper) {
  char tmp[24];
  put_raw(b, tmp, (size_t)(str_put_uint(tmp, v, base, upper) - tmp));
}

void buf_put_uint(Buf *b, uint64_t v, unsigned base, bool upper) {
  char tmp[24];
  buf_put(b, tmp, (size_t)(str_put_uint(tmp, v, base, upper) - tmp));
}

static void put_signed(Buf *b, int64_t v) {
  if (v < 0) {
    put_raw(b, "-", 1);
    put_uint(b, 0 - (uint64_t)v, 10, false);
  } else {
    put_uint(b, (uint64_t)v, 10, false);
  }
}

/* One conversion at *pp (after the '%'); advances *pp past it. Returns
 * false, having consumed nothing, for one it does not know. */
static bool put_conversion(Buf *b, const char **pp, va_list *ap) {
  const char *p = *pp;
  size_t max = SIZE_MAX;
  if (*p == '.') {
    p++;
    if (*p == '*') {
      int n = va_arg(*ap, int);
      max = n < 0 ? SIZE_MAX : (size_t)n;
      p++;
    } else {
      for (max = 0; *p >= '0' && *p <= '9'; p++) max = max * 10 + (size_t)(*p - '0');
    }
  }
  int longs = 0;
  bool size = false;
  for (; *p == 'l' || *p == 'z'; p++) {
    if (*p == 'z') size = true;
    else longs++;
  }
  char c = *p++;
  if (!strchr("sducxX", c) || (max != SIZE_MAX && c != 's')) return false;
  *pp = p;
  if (c == 's') {
    const char *s = va_arg(*ap, const char *);
    size_t n = 0;
    while (n < max && s[n]) n++;
    put_raw(b, s, n);
  } else if (c == 'c') {
    char ch = (char)va_arg(*ap, int);
    put_raw(b, &ch, 1);
  } else if (c == 'd') {
    put_signed(b, size ? (int64_t)va_arg(*ap, ptrdiff_t)
                  : longs == 2 ? (int64_t)va_arg(*ap, long long)
                  : longs == 1 ? (int64_t)va_arg(*ap, long) : (int64_t)va_arg(*ap, int));
  } else {
    uint64_t v = size ? (uint64_t)va_arg(*ap, size_t)
               : longs == 2 ? (uint64_t)va_arg(*ap, unsigned long long)
               : longs == 1 ? (uint64_t)va_arg(*ap, unsigned long) : (uint64_t)va_arg(*ap, unsigned);
    put_uint(b, v, c == 'u' ? 10 : 16, c == 'X');
  }
  return true;
}

/* Pieces go in without flushing, so that text written before an unknown
 * conversion can be taken back and the whole format given to vsnprintf. */
void buf_vprintf(Buf *b, const char *fmt, va_list ap) {
  size_t len = b->len, total = b->total;
  va_list args;
  va_copy(args, ap);
  const char *p = fmt;
  bool known = true;
  while (*p && known) {
    const char *q = p;
    while (*q && *q != '%') q++;
    put_raw(b, p, (size_t)(q - p));
    p = q;
    if (!*p) break;
    p++;
    if (*p == '%') put_raw(b, p++, 1);
    else known = put_conversion(b, &p, &args);
  }
  va_end(args);
  if (!known) {
    b->len = len;
    b->total = total;
    buf_vprintf_libc(b, fmt, ap);
    return;
  }
  if (b->failed) return;
  b->data[b->len] = 0;
  if (b->file && b->len >= FLUSH_AT) buf_flush(b);
}

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void buf_append(Buf *b, const Buf *other) {
  if (other->failed) { b->failed = true; return; }
  if (other->len) buf_put(b, other->data, other->len);
}

/* Indentation stops deepening here: Asyncify-style functions nest 300 blocks
 * deep, and full indentation made files several times larger than their
 * code (so --split-size no longer measured code, and the C compiler read
 * mostly blanks). */
enum { INDENT_MAX_LEVEL = 8 };

void buf_indent(Buf *b, unsigned level) {
  static const char spaces[] = "                                ";
  unsigned n = 2 * (level < INDENT_MAX_LEVEL ? level : INDENT_MAX_LEVEL);
  while (n > 0) {
    unsigned chunk = n < sizeof spaces - 1 ? n : (unsigned)sizeof spaces - 1;
    buf_put(b, spaces, chunk);
    n -= chunk;
  }
}

void buf_free(Buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void buf_c_string_body(Buf *b, const uint8_t *bytes, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint8_t c = bytes[i];
    /* '?' is escaped so that no trigraph can form. */
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '?') {
      char ch = (char)c;
      buf_put(b, &ch, 1);
    } else {
      buf_printf(b, "\\%03o", c);
    }
  }
}

/* ---------------------------------------------------------------- types */
/* References of every heap type share the C type of their kind: funcref,
 * (ref null $t), (ref $t) and (ref func) are all `wasmrt_funcref *`, and
 * (ref extern) is `void *` like externref. Validation proved the rest. */

const char *c_type(ValType t) {
  switch (valtype_repr(t)) {
  case VT_I32: return "uint32_t";
  case VT_I64: return "uint64_t";
  case VT_F32: return "float";
  case VT_F64: return "double";
  case VT_V128: return "wasmrt_v128";
  case VT_FUNCREF: return "wasmrt_funcref *";
  case VT_EXTERNREF: case VT_ANYREF: return "void *";
  case VT_EXNREF: return "wasmrt_exn *";
  default: return "void";
  }
}

/* The wasmrt_value member for a type: the members are named like the types. */
const char *value_member(ValType t) { return valtype_name(valtype_repr(t)); }

char ret_code(ValType t) {
  switch (valtype_repr(t)) {
  case VT_I32: return 'i';
  case VT_I64: return 'I';
  case VT_F32: return 'f';
  case VT_F64: return 'F';
  case VT_V128: return 'v';
  case VT_FUNCREF: return 'r';
  case VT_EXNREF: return 'x';
  default: return 'e';
  }
}

char slot_letter(ValType t) {
  switch (valtype_repr(t)) {
  case VT_I32: return 'i';
  case VT_I64: return 'j';
  case VT_F32: return 'f';
  case VT_F64: return 'd';
  case VT_V128: return 'v';
  case VT_FUNCREF: return 'r';
  case VT_EXNREF: return 'x';
  default: return 'e';
  }
}

const char *wasmrt_type_macro(ValType t) {
  switch (valtype_kind(t)) {
  case VT_I32: return "WASMRT_I32";
  case VT_I64: return "WASMRT_I64";
  case VT_F32: return "WASMRT_F32";
  case VT_F64: return "WASMRT_F64";
  case VT_V128: return "WASMRT_V128";
  case VT_FUNCREF: return "WASMRT_FUNCREF";
  case VT_EXNREF: return "WASMRT_EXNREF";
  case VT_EXTERNREF: return "WASMRT_EXTERNREF";
  case VT_ANYREF: return "WASMRT_ANYREF";
  case VT_EQREF: return "WASMRT_EQREF";
  case VT_I31REF: return "WASMRT_I31REF";
  case VT_STRUCTREF: return "WASMRT_STRUCTREF";
  case VT_ARRAYREF: return "WASMRT_ARRAYREF";
  case VT_NULLREF: return "WASMRT_NULLREF";
  case VT_NULLEXTERNREF: return "WASMRT_NULLEXTERNREF";
  case VT_NULLFUNCREF: return "WASMRT_NULLFUNCREF";
  case VT_NULLEXNREF: return "WASMRT_NULLEXNREF";
  default: return "0";
  }
}

void buf_c_decl(Buf *b, ValType t, const char *name) {
  const char *type = c_type(t);
  size_t n = strlen(type);
  buf_puts(b, type);
  if (type[n - 1] != '*') buf_puts(b, " ");
  buf_puts(b, name);
}

void buf_c_params(Buf *b, const FuncType *t, const char *prefix) {
  for (uint32_t i = 0; i < t->nparams; i++) {
    char name[16];
    snprintf(name, sizeof name, "%s%u", prefix, i);
    buf_puts(b, ", ");
    buf_c_decl(b, t->params[i], name);
  }
}

void buf_comment_text(Buf *b, const char *text, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint8_t c = (uint8_t)text[i];
    /* '*' and '?' are escaped so that no comment end or trigraph can form. */
    if (c >= 0x20 && c < 0x7F && c != '*' && c != '?' && c != '\\') {
      char ch = (char)c;
      buf_put(b, &ch, 1);
    } else {
      buf_printf(b, "\\x%02x", c);
    }
  }
}
