/* emit_ops.c - single instructions other than control flow and calls:
 * numeric operators, conversions, loads and stores, variables, constants,
 * references, tables and bulk memory.
 *
 * Numeric instructions are data: a C expression template per opcode with $0,
 * $1 for the operands (deepest first). Instructions without a template call
 * the prelude helper named after them (i32.div_s -> wcc_i32_div_s).
 */
#include <inttypes.h>
#include <string.h>

#include "emit_func.h"

/* Shifts by a constant: the count is masked here instead of in the C. */
static const char *shift_by_constant(uint32_t op) {
  switch (op) {
  case OP_I32_SHL: case OP_I64_SHL: return "$0 << $1";
  case OP_I32_SHR_S: return "(uint32_t)((int32_t)$0 >> $1)";
  case OP_I64_SHR_S: return "(uint64_t)((int64_t)$0 >> $1)";
  case OP_I32_SHR_U: case OP_I64_SHR_U: return "$0 >> $1";
  default: return NULL;
  }
}

/* "wcc_" + the instruction name with '.' as '_'. */
static void helper_name(char *out, size_t size, const char *wasm_name) {
  size_t i = 0;
  for (const char *p = "wcc_"; *p && i + 1 < size; p++) out[i++] = *p;
  for (const char *p = wasm_name; *p && i + 1 < size; p++) out[i++] = *p == '.' ? '_' : *p;
  out[i] = 0;
}

/* Expands a template, $N standing for operand N. */
static void expand_template(Buf *b, const char *text, char operands[][OPERAND_MAX]) {
  const char *run = text; /* text not yet copied */
  for (const char *p = text; *p; p++) {
    if (p[0] == '$' && p[1] >= '0' && p[1] <= '2') {
      buf_put(b, run, (size_t)(p - run));
      buf_puts(b, operands[p[1] - '0']);
      run = ++p + 1;
    }
  }
  buf_puts(b, run);
}

/* Whether a float constant is one that compilers fold away as an identity
 * operand (x - 0, x * 1, x / -1, ...), which would let a signaling NaN through. */
static bool is_identity_constant(StackValue v) {
  if (!v.is_const) return false;
  uint64_t magnitude = v.const_bits & ~(v.type == VT_F32 ? UINT64_C(0x80000000) : UINT64_C(0x8000000000000000));
  return magnitude == 0 || magnitude == (v.type == VT_F32 ? 0x3F800000u : UINT64_C(0x3FF0000000000000));
}

static bool is_float_arithmetic(uint32_t op) {
  return (op >= OP_F32_ADD && op <= OP_F32_DIV) || (op >= OP_F64_ADD && op <= OP_F64_DIV);
}

/* Operators whose result depends on every bit of each operand in a way no C
 * compiler folds to a constant (see fe_value): a loaded operand's value is
 * kept alive through the result instead of before the operator. Not here:
 * mul, and, or, shifts, division, integer comparisons and int-to-float
 * conversions, which can fold given a constant or the known range of a
 * narrow load (load8_u(p) >> 8 is 0). */
static bool is_transparent(uint32_t op) {
  switch (op) {
  case OP_I32_ADD: case OP_I32_SUB: case OP_I32_XOR: case OP_I32_ROTL: case OP_I32_ROTR:
  case OP_I64_ADD: case OP_I64_SUB: case OP_I64_XOR: case OP_I64_ROTL: case OP_I64_ROTR:
  case OP_I32_WRAP_I64: case OP_I64_EXTEND_I32_S: case OP_I64_EXTEND_I32_U:
  case OP_F32_DEMOTE_F64: case OP_F64_PROMOTE_F32:
  case OP_I8X16_ADD: case OP_I8X16_SUB: case OP_I16X8_ADD: case OP_I16X8_SUB:
  case OP_I32X4_ADD: case OP_I32X4_SUB: case OP_I64X2_ADD: case OP_I64X2_SUB: case OP_V128_XOR:
  case OP_F32X4_NEG: case OP_F64X2_NEG:
    return true;
  default:
    return (op >= OP_F32_EQ && op <= OP_F64_GE)
        || (op >= OP_F32_ABS && op <= OP_F64_COPYSIGN)
        || (op >= OP_I32_REINTERPRET_F32 && op <= OP_I64_EXTEND32_S)
        || (op >= OP_F32X4_ADD && op <= OP_F32X4_DIV) || (op >= OP_F64X2_ADD && op <= OP_F64X2_DIV);
  }
}

/* An unsigned comparison with the constant 0 that always has the same result
 * (x >= 0, x < 0, 0 <= x, 0 > x): a template giving the result, or NULL. The C
 * comparison draws -Wtype-limits warnings (-Wextra), and the generated C must
 * compile warning-free. The other operand stays, cast to void, so that the
 * local or slot it names still counts as read. */
static const char *unsigned_zero_compare(uint32_t op, const bool zero[2]) {
  switch (op) {
  case OP_I32_GE_U: case OP_I64_GE_U: return zero[1] ? "((void)$0, 1)" : NULL; /* x >= 0 */
  case OP_I32_LT_U: case OP_I64_LT_U: return zero[1] ? "((void)$0, 0)" : NULL; /* x < 0 */
  case OP_I32_LE_U: case OP_I64_LE_U: return zero[0] ? "((void)$1, 1)" : NULL; /* 0 <= x */
  case OP_I32_GT_U: case OP_I64_GT_U: return zero[0] ? "((void)$1, 0)" : NULL; /* 0 > x */
  default: return NULL;
  }
}

static bool emit_numeric(FuncEmitter *fe, const Instr *ins, const OpInfo *info) {
  char operands[3][OPERAND_MAX];
  StackValue v;
  uint32_t depth = 0;
  bool from_memory = false, quiet = false, zero[2] = {false, false};
  const char *text = info->c;
  bool transparent = is_transparent(ins->op);
  int from_call_operands = 0, const_operands = 0;
  for (int i = info->nin - 1; i >= 0; i--) {
    if (!fe_pop(fe, &v, &depth)) return false;
    if (transparent) fe_value_raw(fe, operands[i], v, depth);
    else fe_value(fe, operands[i], v, depth);
    if (i == 1 && v.where == VALUE_CONST && shift_by_constant(ins->op)) {
      text = shift_by_constant(ins->op);
      str_put_uint(operands[1], v.const_bits & (v.type == VT_I32 ? 31 : 63), 10, false);
    }
    from_memory |= transparent && v.from_memory;
    /* x + 0, x * 1, (uint32_t)x ...: folding can leave the call result as is */
    if (v.from_call) from_call_operands++;
    if (v.where == VALUE_CONST) const_operands++;
    quiet |= is_float_arithmetic(ins->op) && is_identity_constant(v);
    if (i < 2) zero[i] = v.where == VALUE_CONST && v.const_bits == 0;
  }
  if (info->nin == 2 && unsigned_zero_compare(ins->op, zero))
    text = unsigned_zero_compare(ins->op, zero);
  /* x != x with a local on both sides draws "self-comparison" warnings:
   * compare the slot copy instead. */
  if (info->nin == 2 && v.where == VALUE_LOCAL && !strcmp(operands[0], operands[1])) {
    char slot[16];
    fe_line(fe, "%s = %s;", fe_slot(fe, slot, v.type, depth, SLOT_WRITTEN), operands[0]);
    fe_slot(fe, operands[0], v.type, depth, SLOT_READ);
  }
  Buf *expr = fe_scratch(fe);
  if (quiet) buf_puts(expr, info->out == VT_F32 ? "wcc_f32_quiet(" : "wcc_f64_quiet(");
  if (text) {
    expand_template(expr, text, operands);
  } else {
    char name[64];
    helper_name(name, sizeof name, info->name);
    buf_printf(expr, "%s(", name);
    for (int i = 0; i < info->nin; i++) buf_printf(expr, "%s%s", i ? ", " : "", operands[i]);
    if (info->imm == IMM_LANE) buf_printf(expr, ", %u", ins->lane);
    for (int i = 0; info->imm == IMM_SHUFFLE && i < 16; i++) buf_printf(expr, ", %u", ins->imm.v128[i]);
    buf_puts(expr, ")");
  }
  if (quiet) buf_puts(expr, ")");
  uint32_t d = fe_push(fe, info->out, from_memory);
  /* Unary, or the other operands constant: may fold to the call result. A
   * non-constant second operand is assumed not to be an identity value. */
  if (d != UINT32_MAX) fe->stack[d].from_call = from_call_operands > 0 && const_operands == info->nin - 1;
  char result[16];
  bool ok = d != UINT32_MAX && !expr->failed;
  if (ok) fe_line(fe, "%s = %s;", fe_slot(fe, result, info->out, d, SLOT_WRITTEN), expr->data);
  return ok || fe_fail(fe, "out of memory");
}

bool fe_check_memory(FuncEmitter *fe, uint32_t index) {
  if (!fe->cx->has_memory) return fe_fail(fe, "memory access without a memory");
  if (index >= fe->m->nmemories) return fe_fail(fe, "memory %u out of range", index);
  return true;
}

enum { WASM_PAGE_SIZE = 65536 };

/* "helper(WCC_ADDR(addr, offset, size)[, value...][, lane])": the address is
 * operand 0, a stored value or the vector a lane goes into operand 1 (an
 * atomic compare-exchange has two). Memory
 * 0's base (and size) live in the function's locals; other memories'
 * accesses go through WCC_ADDR_IN. */
void fe_write_access(FuncEmitter *fe, Buf *b, const Instr *ins, const OpInfo *info,
                     char operands[][OPERAND_MAX]) {
  char name[48];
  helper_name(name, sizeof name, info->name);
  const Limits *limits = &fe->m->memories[ins->memidx].limits;
  if (limits->is64) { /* always checked: see WCC_ADDR64; a shared one's size is read live */
    buf_printf(b, "%s(WCC_ADDR64%s(%s->memory%u, %s, UINT64_C(%" PRIu64 "), %u)", name,
               ins->memidx == 0 && !limits->shared ? "" : "_IN", fe_inst(fe), ins->memidx, operands[0], ins->mem_offset,
               info->mem_size);
  } else if (ins->memidx == 0 && limits->shared) /* another thread may grow it */
    buf_printf(b, "%s(WCC_ADDR_SHARED(%s, %s, %" PRIu64 "u, %u)", name, fe_memory0(fe), operands[0], ins->mem_offset,
               info->mem_size);
  else if (ins->memidx == 0) /* _FIT: off + n within the minimum size (a 32-bit host checks less) */
    buf_printf(b, "%s(WCC_ADDR%s(%s, %" PRIu64 "u, %u)", name,
               ins->mem_offset + info->mem_size <= limits->min * WASM_PAGE_SIZE ? "_FIT" : "", operands[0],
               ins->mem_offset, info->mem_size);
  else
    buf_printf(b, "%s(WCC_ADDR_IN(%s->memory%u, %s, %" PRIu64 "u, %u)", name, fe_inst(fe), ins->memidx,
               operands[0], ins->mem_offset, info->mem_size);
  for (int i = 1; i < info->nin; i++) buf_printf(b, ", %s", operands[i]);
  if (info->lanes) buf_printf(b, ", %u", ins->lane);
  buf_puts(b, ")");
}

/* Pops a memory access's operands; the address (operand 0) is used by the
 * access itself, so it needs no keep. */
bool fe_pop_access_operands(FuncEmitter *fe, const OpInfo *info, char operands[][OPERAND_MAX]) {
  StackValue v;
  uint32_t at;
  for (int i = info->nin - 1; i >= 0; i--) {
    if (!fe_pop(fe, &v, &at)) return false;
    if (i == 0) fe_value_raw(fe, operands[i], v, at);
    else fe_value(fe, operands[i], v, at);
  }
  return true;
}

static bool emit_load(FuncEmitter *fe, const Instr *ins, const OpInfo *info) {
  if (!fe_check_memory(fe, ins->memidx)) return false;
  char operands[2][OPERAND_MAX], r[16];
  if (!fe_pop_access_operands(fe, info, operands)) return false;
  /* The value is kept alive where it is consumed (fe_value). */
  uint32_t d = fe_push(fe, info->out, true);
  if (d == UINT32_MAX) return false;
  Buf *expr = fe_scratch(fe);
  fe_write_access(fe, expr, ins, info, operands);
  if (!expr->failed) fe_line(fe, "%s = %s;", fe_slot(fe, r, info->out, d, SLOT_WRITTEN), expr->data);
  bool ok = !expr->failed || fe_fail(fe, "out of memory");
  return ok;
}

static bool emit_store(FuncEmitter *fe, const Instr *ins, const OpInfo *info) {
  if (!fe_check_memory(fe, ins->memidx)) return false;
  char operands[2][OPERAND_MAX];
  StackValue v;
  uint32_t at;
  for (int i = info->nin - 1; i >= 0; i--) {
    if (!fe_pop(fe, &v, &at)) return false;
    fe_value(fe, operands[i], v, at);
  }
  Buf stmt = {0};
  fe_write_access(fe, &stmt, ins, info, operands);
  if (!stmt.failed) fe_line(fe, "%s;", stmt.data);
  bool ok = !stmt.failed || fe_fail(fe, "out of memory");
  buf_free(&stmt);
  return ok;
}

/* A fixed memory never moves (only growing does), so nothing is reloaded. */
void fe_memory_reload(FuncEmitter *fe) {
  if (fe->facts.accesses_memory && fe_memory0_fixed_size(fe) == UINT64_MAX)
    fe_line(fe, "WCC_MEM_RELOAD(%s);", fe_memory0(fe));
}

/* Memory 0's size in bytes if it can never change, else UINT64_MAX: its
 * declared min and max are equal (an import's limits must lie within both;
 * memory.grow can only fail), it is neither shared (WCC_ADDR_SHARED updates
 * ms) nor 64-bit, and the size fits a 32-bit host's wcc_msize. */
uint64_t fe_memory0_fixed_size(const FuncEmitter *fe) {
  if (!fe->m->nmemories) return UINT64_MAX;
  const Limits *l = &fe->m->memories[0].limits;
  if (l->is64 || l->shared || !l->has_max || l->max != l->min || l->min >= UINT64_C(1) << 16) return UINT64_MAX;
  return l->min * WASM_PAGE_SIZE;
}

/* ----------------------------------------------------------- constants */

static bool push_constant(FuncEmitter *fe, ValType t, const char *text) {
  uint32_t d = fe_push(fe, t, false);
  if (d == UINT32_MAX) return false;
  char s[16];
  fe_line(fe, "%s = %s;", fe_slot(fe, s, t, d, SLOT_WRITTEN), text);
  return true;
}

/* Numeric constants stay pending: they are written where they are used. */
static bool push_numeric_constant(FuncEmitter *fe, ValType t, uint64_t bits) {
  uint32_t d = fe_push(fe, t, false);
  if (d == UINT32_MAX) return false;
  fe->stack[d].where = VALUE_CONST;
  fe->stack[d].is_const = true;
  fe->stack[d].const_bits = bits;
  return true;
}

/* Small values in decimal, others in hex (masks read better); at most 22
 * bytes, within any OPERAND_MAX. */
static void format_int_constant(char *out, uint64_t bits, const char *suffix) {
  char *p = out;
  if (bits >= 0x10000) {
    memcpy(p, "0x", 2);
    p += 2;
  }
  p = str_put_uint(p, bits, bits < 0x10000 ? 10 : 16, true);
  strcpy(p, suffix);
}

void format_value_constant(char *out, size_t size, ValType t, uint64_t bits) {
  uint64_t exp;
  switch (t) {
  case VT_I32:
    format_int_constant(out, bits & 0xFFFFFFFFu, "u");
    return;
  case VT_I64:
    /* "ull", not "u": the literal's C type must be 64 bits even when the value
     * fits in 32, or `0x40000u << 21` and `5u - 6u` compute in unsigned int. */
    format_int_constant(out, bits, "ull");
    return;
  case VT_F32:
    exp = (bits >> 23) & 0xFF;
    /* Hex float literals are exact; NaN, infinity and subnormals go by bits. */
    if (exp == 0xFF || (exp == 0 && (bits & 0x7FFFFF))) {
      snprintf(out, size, "wcc_f32_reinterpret_i32(0x%08" PRIX64 "u)", bits & 0xFFFFFFFFu);
    } else {
      uint32_t b32 = (uint32_t)bits;
      float f;
      memcpy(&f, &b32, 4);
      snprintf(out, size, f < 0 ? "(%af)" : "%af", (double)f);
    }
    return;
  case VT_F64:
    exp = (bits >> 52) & 0x7FF;
    if (exp == 0x7FF || (exp == 0 && (bits & 0xFFFFFFFFFFFFFu))) {
      snprintf(out, size, "wcc_f64_reinterpret_i64(0x%016" PRIX64 "u)", bits);
    } else {
      double f;
      memcpy(&f, &bits, 8);
      snprintf(out, size, f < 0 ? "(%a)" : "%a", f);
    }
    return;
  default:
    snprintf(out, size, "NULL");
  }
}

bool format_constant(char *out, size_t size, const Instr *ins) {
  switch (ins->op) {
  case OP_I32_CONST: format_value_constant(out, size, VT_I32, (uint32_t)ins->imm.i32); return true;
  case OP_I64_CONST: format_value_constant(out, size, VT_I64, (uint64_t)ins->imm.i64); return true;
  case OP_F32_CONST: format_value_constant(out, size, VT_F32, ins->imm.f32_bits); return true;
  case OP_F64_CONST: format_value_constant(out, size, VT_F64, ins->imm.f64_bits); return true;
  case OP_REF_NULL: format_value_constant(out, size, ins->ref_type, 0); return true;
  default: return false;
  }
}

static bool emit_const(FuncEmitter *fe, const Instr *ins) {
  switch (ins->op) {
  case OP_I32_CONST: return push_numeric_constant(fe, VT_I32, (uint32_t)ins->imm.i32);
  case OP_I64_CONST: return push_numeric_constant(fe, VT_I64, (uint64_t)ins->imm.i64);
  case OP_F32_CONST: return push_numeric_constant(fe, VT_F32, ins->imm.f32_bits);
  default: return push_numeric_constant(fe, VT_F64, ins->imm.f64_bits);
  }
}

/* Little-endian halves: wcc_v128_const folds to a vector constant. */
static bool emit_v128_const(FuncEmitter *fe, const Instr *ins) {
  uint64_t half[2] = {0, 0};
  for (int i = 15; i >= 0; i--) half[i / 8] = half[i / 8] << 8 | ins->imm.v128[i];
  char text[64];
  snprintf(text, sizeof text, "wcc_v128_const(0x%016" PRIX64 "ull, 0x%016" PRIX64 "ull)", half[0], half[1]);
  return push_constant(fe, VT_V128, text);
}

/* ------------------------------------------------------------ variables */

static bool emit_local(FuncEmitter *fe, const Instr *ins) {
  uint32_t i = ins->idx;
  if (i >= fe->nlocals) return fe_fail(fe, "local %u out of range", i);
  ValType t = fe_local_type(fe, i);
  char s[OPERAND_MAX];
  StackValue v;
  uint32_t d;
  if (ins->op == OP_LOCAL_GET) {
    d = fe_push(fe, t, false); /* a loaded value was kept when it was set */
    if (d == UINT32_MAX) return false;
    fe->stack[d].from_call = fe->facts.has_calls; /* it may hold a call's result */
    fe->stack[d].where = VALUE_LOCAL;
    fe->stack[d].local = i;
    return true;
  }
  if (!fe_pop(fe, &v, &d)) return false;
  if (fe->facts.local_read[i]) {
    bool same = v.where == VALUE_LOCAL && v.local == i;
    fe_materialize_local(fe, i);
    fe->local_use[i] |= SLOT_WRITTEN;
    /* Kept: the local may be overwritten before anyone reads it. */
    if (!same) fe_line(fe, "l%u = %s;", i, fe_value(fe, s, v, d));
    /* a tee leaves the value, which is now the local's */
    v.where = VALUE_LOCAL;
    v.local = i;
    v.from_memory = false;
  } else if (ins->op == OP_LOCAL_SET) {
    fe_keep(fe, v, d); /* a value nobody reads: only its load matters */
  }
  if (ins->op == OP_LOCAL_TEE) fe->stack[fe->height++] = v;
  return true;
}

static void global_ref(FuncEmitter *fe, char *out, size_t size, uint32_t g) {
  const Global *glob = &fe->m->globals[g];
  snprintf(out, size, "%s->global%u%svalue.%s", fe_inst(fe), g, glob->imported ? "->" : ".",
           value_member(glob->type.type));
}

static bool emit_global(FuncEmitter *fe, const Instr *ins) {
  uint32_t g = ins->idx;
  if (g >= fe->m->nglobals) return fe_fail(fe, "global %u out of range", g);
  ValType t = fe->m->globals[g].type.type;
  char ref[64], s[16];
  global_ref(fe, ref, sizeof ref, g);
  if (ins->op == OP_GLOBAL_GET) {
    uint32_t d = fe_push(fe, t, false);
    if (d == UINT32_MAX) return false;
    fe_line(fe, "%s = %s(%s);", fe_slot(fe, s, t, d, SLOT_WRITTEN), from_abi(t), ref);
    return true;
  }
  StackValue v;
  uint32_t d;
  if (!fe_pop(fe, &v, &d)) return false;
  char value[OPERAND_MAX];
  fe_line(fe, "%s = %s;", ref, fe_abi_value(fe, value, v, d));
  return true;
}

static bool emit_drop(FuncEmitter *fe) {
  StackValue v;
  uint32_t d;
  if (!fe_pop(fe, &v, &d)) return false;
  fe_keep(fe, v, d);
  return true;
}

static bool emit_select(FuncEmitter *fe) {
  StackValue c, b, a;
  uint32_t cd, bd, ad;
  if (!fe_pop(fe, &c, &cd) || !fe_pop(fe, &b, &bd) || !fe_pop(fe, &a, &ad)) return false;
  char cs[OPERAND_MAX], bs[OPERAND_MAX], as[OPERAND_MAX], rs[16];
  fe_value(fe, cs, c, cd);
  fe_value(fe, bs, b, bd);
  fe_value(fe, as, a, ad);
  uint32_t d = fe_push(fe, a.type, false); /* loaded operands were kept above */
  if (d == UINT32_MAX) return false;
  fe->stack[d].from_call = a.from_call || b.from_call;
  fe_line(fe, "%s = %s ? %s : %s;", fe_slot(fe, rs, a.type, d, SLOT_WRITTEN), cs, as, bs);
  return true;
}

/* ---------------------------------------------------- references, tables */

static bool emit_ref(FuncEmitter *fe, const Instr *ins) {
  char s[OPERAND_MAX], r[16], text[48];
  if (ins->op == OP_REF_NULL) return push_constant(fe, ins->ref_type, "NULL");
  if (ins->op == OP_REF_FUNC) {
    if (ins->idx >= fe->m->nfuncs) return fe_fail(fe, "function %u out of range", ins->idx);
    snprintf(text, sizeof text, "&%s->funcs[%u]", fe_inst(fe), ins->idx);
    return push_constant(fe, valtype_typed_ref(fe->m->funcs[ins->idx].type_index, false), text);
  }
  StackValue v;
  uint32_t d;
  if (!fe_pop(fe, &v, &d)) return false;
  fe_value(fe, s, v, d);
  if (ins->op == OP_REF_AS_NON_NULL) { /* the same value, known not null */
    fe_line(fe, "if (WASMRT_UNLIKELY(%s == NULL)) wcc_trap_in(WASMRT_TRAP_NULL_REFERENCE, WCC_FN, WCC_SINK_VALUE);", s);
    if (fe_push(fe, valtype_with_null(v.type, false), false) == UINT32_MAX) return false;
    if (v.where != VALUE_IN_SLOT) fe_line(fe, "%s = %s;", fe_slot(fe, r, v.type, d, SLOT_WRITTEN), s);
    return true;
  }
  if (fe_push(fe, VT_I32, false) == UINT32_MAX) return false;
  fe_line(fe, "%s = %s == NULL;", fe_slot(fe, r, VT_I32, d, SLOT_WRITTEN), s);
  return true;
}

/* Pops n operands into names[] (deepest first). */
static bool pop_operands(FuncEmitter *fe, int n, char names[][OPERAND_MAX], StackValue *values) {
  for (int i = n - 1; i >= 0; i--) {
    uint32_t d;
    if (!fe_pop(fe, &values[i], &d)) return false;
    fe_value(fe, names[i], values[i], d);
  }
  return true;
}

static bool check_table(FuncEmitter *fe, uint32_t t) {
  return t < fe->m->ntables || fe_fail(fe, "table %u out of range", t);
}

/* table.get/set/size/grow/fill. The helpers take uint64_t indices, so i64
 * operands of a 64-bit table (table64) pass whole; its size and grow result
 * are i64 (grow fails with -1 as UINT64_MAX). */
static bool emit_table_access(FuncEmitter *fe, const Instr *ins) {
  uint32_t t = ins->idx;
  if (!check_table(fe, t)) return false;
  ValType elem = fe->m->tables[t].type.elem;
  ValType it = table_index_type(&fe->m->tables[t].type);
  bool is64 = it == VT_I64;
  char o[3][OPERAND_MAX], r[16];
  StackValue v[3];
  const char *inst = fe_inst(fe);
  uint32_t d;
  switch (ins->op) {
  case OP_TABLE_GET:
    if (!pop_operands(fe, 1, o, v) || (d = fe_push(fe, elem, false)) == UINT32_MAX) return false;
    fe_line(fe, "%s = wcc_table_get(%s->table%u, %s);", fe_slot(fe, r, elem, d, SLOT_WRITTEN), inst, t, o[0]);
    return true;
  case OP_TABLE_SET:
    if (!pop_operands(fe, 2, o, v)) return false;
    fe_line(fe, "wcc_table_set(%s->table%u, %s, %s);", inst, t, o[0], o[1]);
    return true;
  case OP_TABLE_SIZE: /* table.size */
    if ((d = fe_push(fe, it, false)) == UINT32_MAX) return false;
    fe_line(fe, "%s = %s%s->table%u->size;", fe_slot(fe, r, it, d, SLOT_WRITTEN), is64 ? "(uint64_t)" : "",
            inst, t);
    return true;
  case OP_TABLE_GROW: /* table.grow */
    if (!pop_operands(fe, 2, o, v) || (d = fe_push(fe, it, false)) == UINT32_MAX) return false;
    fe_line(fe, "%s = wasmrt_table%s_grow(%s->table%u, %s, %s);", fe_slot(fe, r, it, d, SLOT_WRITTEN),
            is64 ? "64" : "", inst, t, o[1], o[0]);
    return true;
  default: /* table.fill */
    if (!pop_operands(fe, 3, o, v)) return false;
    fe_line(fe, "wcc_table_fill(%s->table%u, %s, %s, %s);", inst, t, o[0], o[1], o[2]);
    return true;
  }
}

static bool emit_segment_op(FuncEmitter *fe, const Instr *ins) {
  const Module *m = fe->m;
  char o[3][OPERAND_MAX];
  StackValue v[3];
  const char *inst = fe_inst(fe);
  switch (ins->op) {
  case OP_MEMORY_INIT: { /* memory.init */
    if (!fe_check_memory(fe, ins->memidx)) return false;
    if (ins->idx >= m->ndatas) return fe_fail(fe, "data segment %u out of range", ins->idx);
    if (!pop_operands(fe, 3, o, v)) return false;
    char seg[64] = "NULL";
    if (m->datas[ins->idx].len)
      snprintf(seg, sizeof seg, "%s_data + %" PRIu64, fe->cx->P, fe->cx->data_offset[ins->idx]);
    fe_line(fe, "wcc_memory_init(%s->memory%u, %s, %s->data_dropped[%u] ? 0 : %" PRIu32 "u, %s, %s, %s);",
            inst, ins->memidx, seg, inst, ins->idx, m->datas[ins->idx].len, o[0], o[1], o[2]);
    return true;
  }
  case OP_DATA_DROP: /* data.drop */
    if (ins->idx >= m->ndatas) return fe_fail(fe, "data segment %u out of range", ins->idx);
    fe_line(fe, "%s->data_dropped[%u] = 1;", inst, ins->idx);
    return true;
  case OP_TABLE_INIT: /* table.init */
    if (ins->idx >= m->nelems || !check_table(fe, ins->idx2)) return fe_fail(fe, "bad table.init");
    if (!pop_operands(fe, 3, o, v)) return false;
    fe_line(fe, "%s_table_init(%s, %s->table%u, %u, %s, %s, %s);", fe->cx->P, inst, inst, ins->idx2,
            ins->idx, o[0], o[1], o[2]);
    return true;
  case OP_ELEM_DROP: /* elem.drop */
    if (ins->idx >= m->nelems) return fe_fail(fe, "element segment %u out of range", ins->idx);
    fe_line(fe, "%s->elem_dropped[%u] = 1;", inst, ins->idx);
    return true;
  default: /* table.copy */
    if (!check_table(fe, ins->idx) || !check_table(fe, ins->idx2)) return false;
    if (!pop_operands(fe, 3, o, v)) return false;
    fe_line(fe, "wcc_table_copy(%s->table%u, %s->table%u, %s, %s, %s);", inst, ins->idx, inst, ins->idx2,
            o[0], o[1], o[2]);
    return true;
  }
}

static bool emit_memory_op(FuncEmitter *fe, const Instr *ins) {
  if (!fe_check_memory(fe, ins->memidx) || !fe_check_memory(fe, ins->memidx2)) return false;
  char o[3][OPERAND_MAX], r[16];
  StackValue v[3];
  const char *inst = fe_inst(fe);
  uint32_t d, mem = ins->memidx;
  ValType it = memory_index_type(&fe->m->memories[mem]);
  switch (ins->op) {
  case OP_MEMORY_SIZE:
    if ((d = fe_push(fe, it, false)) == UINT32_MAX) return false;
    /* another thread may be growing a shared memory: read pages atomically */
    fe_line(fe, fe->m->memories[mem].limits.shared ? "%s = (%s)wcc_atomic_pages(%s->memory%u);"
                                                   : "%s = (%s)%s->memory%u->pages;",
            fe_slot(fe, r, it, d, SLOT_WRITTEN), it == VT_I64 ? "uint64_t" : "uint32_t", inst, mem);
    return true;
  case OP_MEMORY_GROW:
    if (!pop_operands(fe, 1, o, v) || (d = fe_push(fe, it, false)) == UINT32_MAX) return false;
    fe_line(fe, "%s = wasmrt_memory%s_grow(%s->memory%u, %s);", fe_slot(fe, r, it, d, SLOT_WRITTEN),
            it == VT_I64 ? "64" : "", inst, mem, o[0]);
    if (mem == 0) fe_memory_reload(fe); /* only memory 0's base is cached */
    return true;
  case OP_MEMORY_COPY: /* memory.copy */
    if (!pop_operands(fe, 3, o, v)) return false;
    fe_line(fe, "wcc_memory_copy(%s->memory%u, %s->memory%u, %s, %s, %s);", inst, mem, inst, ins->memidx2,
            o[0], o[1], o[2]);
    return true;
  default: /* memory.fill */
    if (!pop_operands(fe, 3, o, v)) return false;
    fe_line(fe, "wcc_memory_fill(%s->memory%u, %s, %s, %s);", inst, mem, o[0], o[1], o[2]);
    return true;
  }
}

bool emit_op(FuncEmitter *fe, const Instr *ins) {
  switch (ins->op) {
  case OP_DROP: return emit_drop(fe);
  case OP_SELECT: case OP_SELECT_T: return emit_select(fe);
  case OP_LOCAL_GET: case OP_LOCAL_SET: case OP_LOCAL_TEE: return emit_local(fe, ins);
  case OP_GLOBAL_GET: case OP_GLOBAL_SET: return emit_global(fe, ins);
  case OP_TABLE_GET: case OP_TABLE_SET: return emit_table_access(fe, ins);
  case OP_MEMORY_SIZE: case OP_MEMORY_GROW: return emit_memory_op(fe, ins);
  case OP_I32_CONST: case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST: return emit_const(fe, ins);
  case OP_V128_CONST: return emit_v128_const(fe, ins);
  case OP_REF_NULL: case OP_REF_IS_NULL: case OP_REF_FUNC: case OP_REF_AS_NON_NULL: return emit_ref(fe, ins);
  case OP_MEMORY_INIT: case OP_DATA_DROP: case OP_TABLE_INIT: case OP_ELEM_DROP:
  case OP_TABLE_COPY:
    return emit_segment_op(fe, ins);
  case OP_MEMORY_COPY: case OP_MEMORY_FILL: return emit_memory_op(fe, ins);
  case OP_ATOMIC_FENCE: return emit_atomic_fence(fe);
  case OP_STRUCT_NEW: case OP_STRUCT_NEW_DEFAULT: case OP_STRUCT_GET: case OP_STRUCT_GET_S:
  case OP_STRUCT_GET_U: case OP_STRUCT_SET: case OP_ARRAY_NEW: case OP_ARRAY_NEW_DEFAULT:
  case OP_ARRAY_NEW_FIXED: case OP_ARRAY_GET: case OP_ARRAY_GET_S: case OP_ARRAY_GET_U: case OP_ARRAY_SET:
  case OP_ARRAY_LEN: case OP_REF_TEST: case OP_REF_TEST_NULL: case OP_REF_CAST: case OP_REF_CAST_NULL:
  case OP_ANY_CONVERT_EXTERN: case OP_EXTERN_CONVERT_ANY: case OP_ARRAY_NEW_DATA: case OP_ARRAY_FILL:
  case OP_ARRAY_COPY: case OP_ARRAY_INIT_DATA:
    return emit_gc_op(fe, ins);
  case OP_TABLE_GROW: case OP_TABLE_SIZE: case OP_TABLE_FILL:
    return emit_table_access(fe, ins);
  default: break;
  }
  const OpInfo *info = op_info(ins->op);
  if (!info || info->kind == OPK_SPECIAL)
    return fe_fail(fe, "unsupported instruction %s", info && info->name ? info->name : "(unknown)");
  if (info->kind == OPK_LOAD) return emit_load(fe, ins, info);
  if (info->kind == OPK_STORE) return emit_store(fe, ins, info);
  if (info->kind == OPK_ATOMIC) return emit_atomic(fe, ins, info);
  return emit_numeric(fe, ins, info);
}
