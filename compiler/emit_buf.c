/* emit_buf.c - growing text buffers that stream to files, C literal helpers,
 * and the C spelling of wasm value types. */
#include <stdarg.h>
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

void buf_put(Buf *b, const char *s, size_t n) {
  if (!buf_reserve(b, n)) return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
  b->total += n;
  if (b->file && b->len >= FLUSH_AT) buf_flush(b);
}

void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) { b->failed = true; return; }
  if (!buf_reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  b->total += (size_t)n;
  if (b->file && b->len >= FLUSH_AT) buf_flush(b);
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
  switch (valtype_kind(t)) {
  case VT_I32: return "uint32_t";
  case VT_I64: return "uint64_t";
  case VT_F32: return "float";
  case VT_F64: return "double";
  case VT_V128: return "wasmrt_v128";
  case VT_FUNCREF: return "wasmrt_funcref *";
  case VT_EXTERNREF: return "void *";
  case VT_EXNREF: return "wasmrt_exn *";
  default: return "void";
  }
}

/* The wasmrt_value member for a type: the members are named like the types. */
const char *value_member(ValType t) { return valtype_name(valtype_kind(t)); }

char ret_code(ValType t) {
  switch (valtype_kind(t)) {
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
  switch (valtype_kind(t)) {
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
  default: return "WASMRT_EXTERNREF";
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
