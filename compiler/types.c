/* types.c - value types of the typed function references proposal: names,
 * subtyping and the structural equality of function types.
 *
 * Function types are compared iso-recursively, as Wasm 3.0 does for types
 * that are each their own recursion group (rec groups and subtype
 * declarations are GC and refused by the reader): a type may name itself,
 * and otherwise only earlier types. The reader gives each type the index of
 * its first equal type (FuncType.canon), so equality is one comparison.
 */
#include <stdio.h>

#include "module.h"

const char *valtype_name(ValType t) {
  switch (t) {
    case VT_I32: return "i32";
    case VT_I64: return "i64";
    case VT_F32: return "f32";
    case VT_F64: return "f64";
    case VT_V128: return "v128";
    case VT_FUNCREF: return "funcref";
    case VT_EXTERNREF: return "externref";
    case VT_EXNREF: return "exnref";
    case VT_UNKNOWN: return "unknown";
    default: break;
  }
  if (!valtype_is_ref(t)) return "<invalid type>";
  /* a few buffers, so that one message can name several types */
  static _Thread_local char bufs[4][40];
  static _Thread_local unsigned next;
  char *buf = bufs[next++ % 4];
  const char *null = valtype_nullable(t) ? "null " : "";
  if (valtype_has_index(t))
    snprintf(buf, sizeof bufs[0], "(ref %s%u)", null, (unsigned)valtype_index(t));
  else
    snprintf(buf, sizeof bufs[0], "(ref %s%s)", null,
             valtype_kind(t) == VT_FUNCREF ? "func" : valtype_kind(t) == VT_EXNREF ? "exn" : "extern");
  return buf;
}

bool functype_equal(const Module *m, uint32_t a, uint32_t b) {
  return a == b || (a < m->ntypes && b < m->ntypes && m->types[a].canon == m->types[b].canon);
}

bool valtype_equal(const Module *m, ValType a, ValType b) {
  if (a == b) return true;
  if (!valtype_has_index(a) || !valtype_has_index(b)) return false;
  return valtype_nullable(a) == valtype_nullable(b) && functype_equal(m, valtype_index(a), valtype_index(b));
}

bool valtype_sub(const Module *m, ValType a, ValType b) {
  if (a == b || a == VT_UNKNOWN || b == VT_UNKNOWN) return true;
  if (!valtype_is_ref(a) || !valtype_is_ref(b) || valtype_kind(a) != valtype_kind(b)) return false;
  if (valtype_nullable(a) && !valtype_nullable(b)) return false;
  if (!valtype_has_index(b)) return true; /* func or extern: every reference of its kind */
  return valtype_has_index(a) && functype_equal(m, valtype_index(a), valtype_index(b));
}
