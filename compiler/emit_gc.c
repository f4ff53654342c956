/* emit_gc.c - GC instructions: struct and array allocation and access.
 *
 * An object is a wasmrt_gc_object header followed by its payload
 * (rt/wasmrt.h). A struct's fields lie in declaration order, each at the next
 * offset aligned to its size; references take 8 bytes on every target so
 * that offsets do not depend on the pointer size. An array's elements are a
 * C array of the element's storage type (wcc_elems).
 */
#include <string.h>

#include "emit_func.h"

static uint32_t storage_size(ValType storage) {
  switch (storage) {
  case STORAGE_I8: return 1;
  case STORAGE_I16: return 2;
  case VT_I32: case VT_F32: return 4;
  case VT_V128: return 16;
  default: return 8; /* i64, f64, references */
  }
}

/* The C type a field is accessed as (v128: the generated code's vector). */
static const char *storage_c_type(ValType storage) {
  if (storage == VT_V128) return "wcc_v128";
  return storage == STORAGE_I8 ? "uint8_t" : storage == STORAGE_I16 ? "uint16_t" : c_type(storage);
}

/* The payload offset of field `field` of struct type t; with field ==
 * nfields, the payload's size. */
static uint32_t field_offset(const TypeDef *t, uint32_t field) {
  uint32_t off = 0;
  for (uint32_t i = 0; i <= field && i < t->nfields; i++) {
    uint32_t size = storage_size(t->fields[i].storage);
    off = (off + size - 1) / size * size;
    if (i == field) return off;
    off += size;
  }
  return off;
}

static ValType unpacked(ValType storage) {
  return storage == STORAGE_I8 || storage == STORAGE_I16 ? VT_I32 : storage;
}

static bool check_struct(FuncEmitter *fe, uint32_t t) {
  return (t < fe->m->ntypes && fe->m->types[t].form == TYPE_FORM_STRUCT) || fe_fail(fe, "type %u is no struct", t);
}

/* struct.new and struct.new_default: allocate, then store the operands
 * (popped last field first) or leave the zeroes calloc gave. */
static bool emit_struct_new(FuncEmitter *fe, const Instr *ins) {
  const TypeDef *t = &fe->m->types[ins->idx];
  char v[OPERAND_MAX], r[16];
  fe_line(fe, "{ wasmrt_gc_object *wcc_o = wasmrt_gc_alloc(&%s_types[%u], %u, 0);", fe->cx->P,
          fe->cx->type_sig[ins->idx], field_offset(t, t->nfields));
  for (uint32_t i = t->nfields; ins->op == OP_STRUCT_NEW && i-- > 0;) {
    StackValue sv;
    uint32_t d;
    if (!fe_pop(fe, &sv, &d)) return false;
    fe_value(fe, v, sv, d);
    fe_line(fe, "  *(%s *)(WASMRT_GC_PAYLOAD(wcc_o) + %u) = (%s)%s;", storage_c_type(t->fields[i].storage),
            field_offset(t, i), storage_c_type(t->fields[i].storage), v);
  }
  uint32_t d = fe_push(fe, valtype_type_ref(fe->m, ins->idx, false), false);
  if (d == UINT32_MAX) return false;
  fe_line(fe, "  %s = wcc_o; }", fe_slot(fe, r, VT_ANYREF, d, SLOT_WRITTEN));
  return true;
}

static void null_check_code(FuncEmitter *fe, const char *ref, const char *code) {
  fe_line(fe, "if (WASMRT_UNLIKELY(%s == NULL)) wcc_trap_in(%s, WCC_FN, WCC_SINK_VALUE);", ref, code);
}

static void null_check(FuncEmitter *fe, const char *ref) {
  null_check_code(fe, ref, "WASMRT_TRAP_NULL_STRUCT_REFERENCE");
}

static bool emit_struct_get(FuncEmitter *fe, const Instr *ins) {
  const TypeDef *t = &fe->m->types[ins->idx];
  if (ins->idx2 >= t->nfields) return fe_fail(fe, "field %u out of range", ins->idx2);
  ValType storage = t->fields[ins->idx2].storage;
  char s[OPERAND_MAX], r[16], access[3 * OPERAND_MAX];
  StackValue sv;
  uint32_t d;
  if (!fe_pop(fe, &sv, &d)) return false;
  fe_value(fe, s, sv, d);
  null_check(fe, s);
  snprintf(access, sizeof access, "*(%s *)(WASMRT_GC_PAYLOAD(%s) + %u)", storage_c_type(storage), s,
           field_offset(t, ins->idx2));
  if (fe_push(fe, unpacked(storage), false) == UINT32_MAX) return false;
  const char *slot = fe_slot(fe, r, unpacked(storage), d, SLOT_WRITTEN);
  if (ins->op == OP_STRUCT_GET_S)
    fe_line(fe, "%s = (uint32_t)(int32_t)(%s)%s;", slot, storage == STORAGE_I8 ? "int8_t" : "int16_t", access);
  else fe_line(fe, "%s = %s;", slot, access);
  return true;
}

static bool emit_struct_set(FuncEmitter *fe, const Instr *ins) {
  const TypeDef *t = &fe->m->types[ins->idx];
  if (ins->idx2 >= t->nfields) return fe_fail(fe, "field %u out of range", ins->idx2);
  const char *ct = storage_c_type(t->fields[ins->idx2].storage);
  char s[OPERAND_MAX], v[OPERAND_MAX];
  StackValue sv, sr;
  uint32_t dv, dr;
  if (!fe_pop(fe, &sv, &dv) || !fe_pop(fe, &sr, &dr)) return false;
  fe_value(fe, v, sv, dv);
  fe_value(fe, s, sr, dr);
  null_check(fe, s);
  fe_line(fe, "*(%s *)(WASMRT_GC_PAYLOAD(%s) + %u) = (%s)%s;", ct, s, field_offset(t, ins->idx2), ct, v);
  return true;
}

/* ---------------------------------------------------------------- arrays */

static bool pop_value(FuncEmitter *fe, char name[OPERAND_MAX]) {
  StackValue sv;
  uint32_t d;
  if (!fe_pop(fe, &sv, &d)) return false;
  fe_value(fe, name, sv, d);
  return true;
}

static bool push_result(FuncEmitter *fe, ValType t, const char *value) {
  char r[16];
  uint32_t d = fe_push(fe, t, false);
  if (d == UINT32_MAX) return false;
  fe_line(fe, "%s = %s;", fe_slot(fe, r, t, d, SLOT_WRITTEN), value);
  return true;
}

/* array.new (every element the popped value), array.new_default (zeroes),
 * array.new_fixed (the popped values, last element first). */
static bool emit_array_new(FuncEmitter *fe, const Instr *ins) {
  const char *ct = storage_c_type(fe->m->types[ins->idx].fields[0].storage);
  char v[OPERAND_MAX], n[OPERAND_MAX];
  if (ins->op == OP_ARRAY_NEW_FIXED) snprintf(n, sizeof n, "%uu", ins->idx2);
  else if (!pop_value(fe, n)) return false; /* the length is on top */
  if (ins->op == OP_ARRAY_NEW && !pop_value(fe, v)) return false;
  fe_line(fe, "{ uint32_t wcc_n = %s;", n);
  fe_line(fe, "  wasmrt_gc_object *wcc_o = wasmrt_gc_alloc(&%s_types[%u], (size_t)wcc_n * sizeof(%s), wcc_n);",
          fe->cx->P, fe->cx->type_sig[ins->idx], ct);
  if (ins->op == OP_ARRAY_NEW)
    fe_line(fe, "  for (uint32_t wcc_i = 0; wcc_i < wcc_n; wcc_i++) ((%s *)WASMRT_GC_PAYLOAD(wcc_o))[wcc_i] = (%s)%s;", ct,
            ct, v);
  for (uint32_t i = ins->idx2; ins->op == OP_ARRAY_NEW_FIXED && i-- > 0;) {
    if (!pop_value(fe, v)) return false;
    fe_line(fe, "  ((%s *)WASMRT_GC_PAYLOAD(wcc_o))[%u] = (%s)%s;", ct, i, ct, v);
  }
  if (!push_result(fe, valtype_type_ref(fe->m, ins->idx, false), "wcc_o")) return false;
  fe_line(fe, "}");
  return true;
}

/* The element's lvalue after the null and bounds checks. */
static void array_element(FuncEmitter *fe, const char *ct, const char *ref, const char *index, char *out,
                          size_t size) {
  null_check_code(fe, ref, "WASMRT_TRAP_NULL_ARRAY_REFERENCE");
  fe_line(fe, "if (WASMRT_UNLIKELY(%s >= ((wasmrt_gc_object *)%s)->length)) "
              "wcc_trap_in(WASMRT_TRAP_OOB_ARRAY, WCC_FN, WCC_SINK_VALUE);", index, ref);
  snprintf(out, size, "((%s *)WASMRT_GC_PAYLOAD(%s))[%s]", ct, ref, index);
}

static bool emit_array_access(FuncEmitter *fe, const Instr *ins) {
  ValType storage = fe->m->types[ins->idx].fields[0].storage;
  const char *ct = storage_c_type(storage);
  char v[OPERAND_MAX], i[OPERAND_MAX], r[OPERAND_MAX], elem[3 * OPERAND_MAX], text[4 * OPERAND_MAX];
  if (ins->op == OP_ARRAY_SET && !pop_value(fe, v)) return false;
  if (!pop_value(fe, i) || !pop_value(fe, r)) return false;
  array_element(fe, ct, r, i, elem, sizeof elem);
  if (ins->op == OP_ARRAY_SET) {
    fe_line(fe, "%s = (%s)%s;", elem, ct, v);
    return true;
  }
  if (ins->op == OP_ARRAY_GET_S)
    snprintf(text, sizeof text, "(uint32_t)(int32_t)(%s)%s", storage == STORAGE_I8 ? "int8_t" : "int16_t", elem);
  else snprintf(text, sizeof text, "%s", elem);
  return push_result(fe, unpacked(storage), text);
}

/* "P_data + offset" and its length (0 once dropped) for data segment k. */
static bool data_segment(FuncEmitter *fe, uint32_t k, char *seg, size_t seg_size, char *len, size_t len_size) {
  if (k >= fe->m->ndatas) return fe_fail(fe, "data segment %u out of range", k);
  snprintf(seg, seg_size, "NULL");
  if (fe->m->datas[k].len) snprintf(seg, seg_size, "%s_data + %llu", fe->cx->P, (unsigned long long)fe->cx->data_offset[k]);
  snprintf(len, len_size, "(%s->data_dropped[%u] ? 0 : %uu)", fe_inst(fe), k, fe->m->datas[k].len);
  return true;
}

static bool emit_array_new_data(FuncEmitter *fe, const Instr *ins) {
  char off[OPERAND_MAX], n[OPERAND_MAX], seg[64], len[64], call[8 * OPERAND_MAX];
  if (!data_segment(fe, ins->idx2, seg, sizeof seg, len, sizeof len)) return false;
  if (!pop_value(fe, n) || !pop_value(fe, off)) return false;
  snprintf(call, sizeof call, "wasmrt_gc_array_new_data(&%s_types[%u], %s, %s, %s, %s)", fe->cx->P,
           fe->cx->type_sig[ins->idx], seg, len, off, n);
  return push_result(fe, valtype_type_ref(fe->m, ins->idx, false), call);
}

/* Elements [at, at + n) of the array ref must exist. */
static void bounds_check(FuncEmitter *fe, const char *ref, const char *at, const char *n) {
  fe_line(fe, "if (WASMRT_UNLIKELY((uint64_t)%s + %s > ((wasmrt_gc_object *)%s)->length)) "
              "wcc_trap_in(WASMRT_TRAP_OOB_ARRAY, WCC_FN, WCC_SINK_VALUE);", at, n, ref);
}

/* array.fill, array.copy, array.init_data: null and bounds checks, then a
 * loop, memmove or the runtime's copy from data. */
static bool emit_array_bulk(FuncEmitter *fe, const Instr *ins) {
  const char *ct = storage_c_type(fe->m->types[ins->idx].fields[0].storage);
  char n[OPERAND_MAX], a[OPERAND_MAX], b[OPERAND_MAX], r[OPERAND_MAX], r2[OPERAND_MAX], seg[64], len[64];
  if (ins->op == OP_ARRAY_INIT_DATA && !data_segment(fe, ins->idx2, seg, sizeof seg, len, sizeof len)) return false;
  /* array.copy: [dst dst_at src src_at n]; fill: [r at value n]; init_data: [r at data_at n] */
  if (!pop_value(fe, n) || !pop_value(fe, b) || !pop_value(fe, a)) return false;
  if (ins->op == OP_ARRAY_COPY) {
    memcpy(r2, a, sizeof r2); /* the source array and offset */
    if (!pop_value(fe, a)) return false;
  }
  if (!pop_value(fe, r)) return false;
  null_check_code(fe, r, "WASMRT_TRAP_NULL_ARRAY_REFERENCE");
  if (ins->op == OP_ARRAY_INIT_DATA) {
    fe_line(fe, "wasmrt_gc_array_init_data(%s, %s, %s, %s, %s, %s);", r, a, seg, len, b, n);
    return true;
  }
  bounds_check(fe, r, a, n);
  if (ins->op == OP_ARRAY_FILL) {
    /* through a variable: a constant 0 count would draw -Wtype-limits */
    fe_line(fe, "{ uint32_t wcc_n = %s; for (uint32_t wcc_i = 0; wcc_i < wcc_n; wcc_i++) "
                "((%s *)WASMRT_GC_PAYLOAD(%s))[%s + wcc_i] = (%s)%s; }", n, ct, r, a, ct, b);
    return true;
  }
  null_check_code(fe, r2, "WASMRT_TRAP_NULL_ARRAY_REFERENCE");
  bounds_check(fe, r2, b, n);
  fe_line(fe, "memmove((%s *)WASMRT_GC_PAYLOAD(%s) + %s, (%s *)WASMRT_GC_PAYLOAD(%s) + %s, (size_t)%s * sizeof(%s));", ct, r,
          a, ct, r2, b, n, ct);
  return true;
}

static bool emit_array_len(FuncEmitter *fe) {
  char r[OPERAND_MAX], text[2 * OPERAND_MAX];
  if (!pop_value(fe, r)) return false;
  null_check_code(fe, r, "WASMRT_TRAP_NULL_ARRAY_REFERENCE");
  snprintf(text, sizeof text, "((wasmrt_gc_object *)%s)->length", r);
  return push_result(fe, VT_I32, text);
}

/* ---------------------------------------------------------------- casts */

void gc_ref_test_call(FuncEmitter *fe, char *out, size_t size, const char *ref, ValType rt) {
  char desc[48];
  if (valtype_has_index(rt))
    snprintf(desc, sizeof desc, "&%s_types[%u]", fe->cx->P, fe->cx->type_sig[valtype_index(rt)]);
  else snprintf(desc, sizeof desc, "NULL");
  snprintf(out, size, "wasmrt_ref_test(%s, %d, %s, %s)", ref, valtype_nullable(rt), wasmrt_type_macro(rt), desc);
}

/* ref.test pushes wasmrt_ref_test's answer; ref.cast traps without it and
 * keeps the value, now of the target type. */
static bool emit_cast(FuncEmitter *fe, const Instr *ins) {
  bool test = ins->op == OP_REF_TEST || ins->op == OP_REF_TEST_NULL;
  bool nullable = ins->op == OP_REF_TEST_NULL || ins->op == OP_REF_CAST_NULL;
  ValType rt = valtype_with_null(ins->ref_type, nullable);
  char r[OPERAND_MAX], call[3 * OPERAND_MAX];
  StackValue sv;
  uint32_t d;
  if (!fe_pop(fe, &sv, &d)) return false;
  fe_value(fe, r, sv, d);
  gc_ref_test_call(fe, call, sizeof call, r, rt);
  if (test) return push_result(fe, VT_I32, call);
  fe_line(fe, "if (WASMRT_UNLIKELY(!%s)) wcc_trap_in(WASMRT_TRAP_CAST_FAILURE, WCC_FN, WCC_SINK_VALUE);", call);
  if (fe_push(fe, rt, false) == UINT32_MAX) return false;
  char slot[16];
  if (sv.where != VALUE_IN_SLOT) fe_line(fe, "%s = %s;", fe_slot(fe, slot, rt, d, SLOT_WRITTEN), r);
  return true;
}

/* any.convert_extern, extern.convert_any: rt/gc.c boxes and unboxes. */
static bool emit_convert(FuncEmitter *fe, const Instr *ins) {
  bool to_any = ins->op == OP_ANY_CONVERT_EXTERN;
  char r[OPERAND_MAX], call[2 * OPERAND_MAX];
  StackValue sv;
  uint32_t d;
  if (!fe_pop(fe, &sv, &d)) return false;
  fe_value(fe, r, sv, d);
  snprintf(call, sizeof call, "%s(%s)", to_any ? "wasmrt_any_convert_extern" : "wasmrt_extern_convert_any", r);
  return push_result(fe, valtype_with_null(to_any ? VT_ANYREF : VT_EXTERNREF, valtype_nullable(sv.type)), call);
}

static bool check_array(FuncEmitter *fe, uint32_t t) {
  return (t < fe->m->ntypes && fe->m->types[t].form == TYPE_FORM_ARRAY) || fe_fail(fe, "type %u is no array", t);
}

bool emit_gc_op(FuncEmitter *fe, const Instr *ins) {
  switch (ins->op) {
  case OP_ARRAY_LEN: return emit_array_len(fe);
  case OP_ANY_CONVERT_EXTERN: case OP_EXTERN_CONVERT_ANY: return emit_convert(fe, ins);
  case OP_REF_TEST: case OP_REF_TEST_NULL: case OP_REF_CAST: case OP_REF_CAST_NULL: return emit_cast(fe, ins);
  case OP_ARRAY_NEW: case OP_ARRAY_NEW_DEFAULT: case OP_ARRAY_NEW_FIXED:
    return check_array(fe, ins->idx) && emit_array_new(fe, ins);
  case OP_ARRAY_GET: case OP_ARRAY_GET_S: case OP_ARRAY_GET_U: case OP_ARRAY_SET:
    return check_array(fe, ins->idx) && emit_array_access(fe, ins);
  case OP_ARRAY_NEW_DATA: return check_array(fe, ins->idx) && emit_array_new_data(fe, ins);
  case OP_ARRAY_FILL: case OP_ARRAY_COPY: case OP_ARRAY_INIT_DATA:
    return check_array(fe, ins->idx) && emit_array_bulk(fe, ins);
  default: break;
  }
  if (!check_struct(fe, ins->idx)) return false;
  switch (ins->op) {
  case OP_STRUCT_NEW: case OP_STRUCT_NEW_DEFAULT: return emit_struct_new(fe, ins);
  case OP_STRUCT_SET: return emit_struct_set(fe, ins);
  default: return emit_struct_get(fe, ins);
  }
}

/* ------------------------------------------------- constant expressions */

/* The type an operand of wasmrt_gc_new is passed as (after the default
 * argument promotions, which the runtime's va_arg expects). */
static const char *vararg_type(ValType storage) {
  switch (valtype_repr(unpacked(storage))) {
  case VT_I32: return "uint32_t";
  case VT_I64: return "uint64_t";
  case VT_F32: case VT_F64: return "double";
  case VT_V128: return "wasmrt_v128";
  default: return "void *";
  }
}

bool emit_const_gc(EmitCtx *cx, Buf *stack, uint32_t *n, const Instr *ins) {
  const Module *m = cx->m;
  bool convert = ins->op == OP_ANY_CONVERT_EXTERN || ins->op == OP_EXTERN_CONVERT_ANY;
  uint32_t pops = 0, length = 0;
  int how = 0;
  if (ins->op == OP_REF_I31 || convert) pops = 1;
  else if (ins->idx >= m->ntypes) return emit_fail(cx, ins->offset, "type %u out of range", ins->idx);
  else if (ins->op == OP_STRUCT_NEW) pops = m->types[ins->idx].nfields, how = 1;
  else if (ins->op == OP_ARRAY_NEW) pops = 2, how = 2;
  else if (ins->op == OP_ARRAY_NEW_DEFAULT) pops = 1;
  else if (ins->op == OP_ARRAY_NEW_FIXED) pops = length = ins->idx2, how = 1;
  if (*n < pops) return emit_fail(cx, ins->offset, "constant expression stack underflow");
  Buf *args = &stack[*n - pops], call = {0};
  if (ins->op == OP_REF_I31) buf_printf(&call, "wasmrt_i31_new(%s)", args[0].data);
  else if (convert)
    buf_printf(&call, "%s(%s)", ins->op == OP_ANY_CONVERT_EXTERN ? "wasmrt_any_convert_extern" : "wasmrt_extern_convert_any",
               args[0].data);
  else {
    const TypeDef *t = &m->types[ins->idx];
    buf_printf(&call, "wasmrt_gc_new(&%s_types[%u], ", cx->P, cx->type_sig[ins->idx]);
    if (ins->op == OP_ARRAY_NEW || ins->op == OP_ARRAY_NEW_DEFAULT) buf_printf(&call, "(uint32_t)(%s)", args[pops - 1].data);
    else buf_printf(&call, "%uu", length);
    buf_printf(&call, ", %d", how);
    uint32_t nvalues = ins->op == OP_ARRAY_NEW ? 1 : how ? pops : 0;
    for (uint32_t i = 0; i < nvalues; i++) { /* a struct (v128) cannot be cast, nor needs it */
      const char *type = vararg_type(t->fields[t->form == TYPE_FORM_STRUCT ? i : 0].storage);
      if (strcmp(type, "wasmrt_v128") == 0) buf_printf(&call, ", %s", args[i].data);
      else buf_printf(&call, ", (%s)(%s)", type, args[i].data);
    }
    buf_puts(&call, ")");
  }
  for (uint32_t i = 0; i < pops; i++) buf_free(&args[i]);
  *n -= pops;
  stack[(*n)++] = call;
  return !call.failed || emit_fail(cx, ins->offset, "out of memory");
}
