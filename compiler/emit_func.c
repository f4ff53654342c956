/* emit_func.c - one wasm function body -> one C function.
 *
 * Control flow maps onto C directly: a block is a label after its end, a
 * loop a label at its top, an `if` a C if/else, br_table a switch; branches
 * are gotos after copying their values to the target's slots. Code after
 * br/return/unreachable is skipped up to the end of its block.
 *
 * Two passes over the body: scan_body learns which labels are targeted and
 * which locals are read (so that no unused label or dead store appears in
 * the C, and values written to never-read locals are kept alive); the second
 * pass writes the statements into a buffer, after which the declarations of
 * exactly the variables used are written in front of them.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emit_func.h"

/* ------------------------------------------------------------ helpers */

bool fe_fail(FuncEmitter *fe, const char *fmt, ...) {
  Error *err = fe->err;
  err->offset = fe->offset;
  err->func = fe->func_index;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  return false;
}

static bool fe_oom(FuncEmitter *fe) { return fe_fail(fe, "out of memory"); }

/* Grows *p (elements of size) to hold at least n; new elements are zero. */
static bool grow_array(void **p, uint32_t *cap, uint32_t n, size_t size) {
  if (n <= *cap) return true;
  uint32_t new_cap = *cap ? *cap : 16;
  while (new_cap < n) {
    if (new_cap > UINT32_MAX / 2) return false;
    new_cap *= 2;
  }
  void *bigger = realloc(*p, (size_t)new_cap * size);
  if (!bigger) return false;
  memset((char *)bigger + (size_t)*cap * size, 0, (size_t)(new_cap - *cap) * size);
  *p = bigger;
  *cap = new_cap;
  return true;
}

static unsigned indent_level(const FuncEmitter *fe) { return fe->nframes + fe->extra_indent; }
unsigned fe_indent(const FuncEmitter *fe) { return indent_level(fe); }

void fe_line(FuncEmitter *fe, const char *fmt, ...) {
  buf_indent(&fe->body, indent_level(fe));
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(&fe->body, fmt, ap);
  va_end(ap);
  buf_put(&fe->body, "\n", 1);
}

static int slot_kind(ValType t) {
  switch (valtype_repr(t)) {
  case VT_I32: return 0;
  case VT_I64: return 1;
  case VT_F32: return 2;
  case VT_F64: return 3;
  case VT_V128: return 4;
  case VT_FUNCREF: return 5;
  case VT_EXNREF: return 7;
  default: return 6;
  }
}

static const ValType kind_types[NSLOT_KINDS] = {VT_I32, VT_I64, VT_F32, VT_F64,
                                                VT_V128, VT_FUNCREF, VT_EXTERNREF, VT_EXNREF};

const char *fe_slot(FuncEmitter *fe, char *buf, ValType t, uint32_t depth, uint8_t use) {
  SlotUse *s = &fe->slots[slot_kind(t)];
  if (grow_array((void **)&s->flags, &s->cap, depth + 1, 1)) s->flags[depth] |= use;
  else fe->body.failed = true;
  char letter[2] = {slot_letter(t), 0};
  str_numbered(buf, letter, depth);
  return buf;
}

const char *fe_inst(FuncEmitter *fe) {
  fe->uses_inst = true;
  return "inst";
}

bool fe_pop(FuncEmitter *fe, StackValue *v, uint32_t *depth) {
  const Frame *f = &fe->frames[fe->nframes - 1];
  *depth = 0; /* defined on failure too: gcc cannot see that callers then stop */
  if (fe->height <= f->base) return fe_fail(fe, "operand stack underflow (module not validated?)");
  *depth = --fe->height;
  *v = fe->stack[*depth];
  return true;
}

uint32_t fe_push(FuncEmitter *fe, ValType t, bool from_memory) {
  if (!grow_array((void **)&fe->stack, &fe->stack_cap, fe->height + 1, sizeof *fe->stack)) {
    fe_oom(fe);
    return UINT32_MAX;
  }
  fe->stack[fe->height] = (StackValue){.type = t, .from_memory = from_memory};
  return fe->height++;
}

/* The keep-alive macro for a value of type t (floats live in FP registers). */
static const char *keep_macro(ValType t) {
  if (t == VT_V128) return "WCC_KEEP_V128";
  return t == VT_F32 || t == VT_F64 ? "WCC_KEEP_FP" : "WCC_KEEP";
}

/* The sink macro for a loaded value of type t that something consumes. */
static const char *sink_macro(ValType t) {
  if (t == VT_V128) return "WCC_KEEP_V128";
  if (t == VT_F32) return "WCC_SINK_F32";
  return t == VT_F64 ? "WCC_SINK_F64" : "WCC_SINK";
}

Buf *fe_scratch(FuncEmitter *fe) {
  fe->scratch.len = 0;
  fe->scratch.failed = false;
  if (fe->scratch.data) fe->scratch.data[0] = 0;
  return &fe->scratch;
}

void fe_keep_sink(FuncEmitter *fe) {
  if (fe->facts.has_loads) fe_line(fe, "WCC_SINK_KEEP();");
}

/* Inside a function a v128 is a wcc_v128 (a vector in registers); across the
 * runtime API (parameters, results, globals) it is the plain wasmrt_v128. */
const char *fe_abi_value(FuncEmitter *fe, char buf[OPERAND_MAX], StackValue v, uint32_t depth) {
  char inner[OPERAND_MAX];
  if (v.type != VT_V128) return fe_value(fe, buf, v, depth);
  /* a v128 operand is a slot or local name, never a long constant */
  snprintf(buf, OPERAND_MAX, "wcc_v128_to_rt(%.40s)", fe_value(fe, inner, v, depth));
  return buf;
}

const char *from_abi(ValType t) { return t == VT_V128 ? "wcc_v128_from_rt" : ""; }

/* In guard mode a load traps only if it happens, and C compilers delete loads
 * whose value they find unused, after any folding (x * 0, a dead store, an
 * inlined callee ignoring a parameter...). A loaded value therefore carries
 * from_memory through operators that keep every bit of it (transparent ones:
 * add, xor, float arithmetic, ...) and into the address of another load, and
 * wherever anything else consumes it, its bits are ORed into the function's
 * wcc_sink (WCC_SINK), which one empty asm keeps alive at every return, call,
 * throw, trap (WCC_FN) and unconditional jump back to a loop. An OR, unlike an
 * asm per value, vectorises (a reduction); OR never cancels a value out. A
 * value nothing consumes (drop, discarded at a branch) still gets WCC_KEEP,
 * an empty asm that needs it in a register. Loads still fold into memory
 * operands. */
const char *fe_value(FuncEmitter *fe, char buf[OPERAND_MAX], StackValue v, uint32_t depth) {
  fe_value_raw(fe, buf, v, depth);
  /* block results count as from_memory: no sink where nothing is loaded */
  if (v.from_memory && fe->facts.has_loads) fe_line(fe, "%s(%s);", sink_macro(v.type), buf);
  return buf;
}

const char *fe_value_raw(FuncEmitter *fe, char buf[OPERAND_MAX], StackValue v, uint32_t depth) {
  switch (v.where) {
  case VALUE_CONST:
    format_value_constant(buf, OPERAND_MAX, v.type, v.const_bits);
    return buf;
  case VALUE_LOCAL:
    fe->local_use[v.local] |= SLOT_READ;
    str_numbered(buf, "l", v.local);
    return buf;
  default:
    return fe_slot(fe, buf, v.type, depth, SLOT_READ);
  }
}

static void materialize_at(FuncEmitter *fe, uint32_t depth) {
  StackValue *v = &fe->stack[depth];
  char dst[16], src[OPERAND_MAX];
  fe_value_raw(fe, src, *v, depth); /* still on the stack: not consumed */
  fe_line(fe, "%s = %s;", fe_slot(fe, dst, v->type, depth, SLOT_WRITTEN), src);
  v->where = VALUE_IN_SLOT;
}

void fe_materialize(FuncEmitter *fe) {
  for (uint32_t d = 0; d < fe->height; d++)
    if (fe->stack[d].where != VALUE_IN_SLOT) materialize_at(fe, d);
}

void fe_materialize_local(FuncEmitter *fe, uint32_t i) {
  for (uint32_t d = 0; d < fe->height; d++)
    if (fe->stack[d].where == VALUE_LOCAL && fe->stack[d].local == i) materialize_at(fe, d);
}

void fe_keep(FuncEmitter *fe, StackValue v, uint32_t depth) {
  if (!v.from_memory) return;
  char s[OPERAND_MAX];
  fe_line(fe, "%s(%s);", keep_macro(v.type), fe_value_raw(fe, s, v, depth));
}

ValType fe_local_type(const FuncEmitter *fe, uint32_t i) {
  return i < fe->type->nparams ? fe->type->params[i] : fe->func->locals[i - fe->type->nparams];
}

/* ------------------------------------------------------------ frames */

static const ValType *frame_results(const Frame *f) { return f->results ? f->results : &f->value; }

/* Values a branch to f carries: a loop's parameters, other blocks' results. */
static uint32_t label_arity(const Frame *f, const ValType **types) {
  if (f->kind == FRAME_LOOP) {
    *types = f->params;
    return f->nparams;
  }
  *types = frame_results(f);
  return f->nresults;
}

bool fe_push_frame(FuncEmitter *fe, uint8_t kind, const BlockType *bt) {
  Frame f = {.kind = kind, .label = fe->next_label++};
  if (bt->kind == BT_VALUE) {
    f.nresults = 1;
    f.value = bt->value;
  } else if (bt->kind == BT_INDEX) {
    if (bt->index >= fe->m->ntypes) return fe_fail(fe, "block type index out of range");
    const FuncType *t = type_func(fe->m, bt->index);
    f.nparams = t->nparams;
    f.params = t->params;
    f.nresults = t->nresults;
    f.results = t->results;
  }
  uint32_t outer_base = fe->nframes ? fe->frames[fe->nframes - 1].base : 0;
  if (fe->height < outer_base + f.nparams) return fe_fail(fe, "block parameters missing");
  f.base = fe->height - f.nparams;
  if (!grow_array((void **)&fe->frames, &fe->frames_cap, fe->nframes + 1, sizeof *fe->frames))
    return fe_oom(fe);
  fe->frames[fe->nframes++] = f;
  return true;
}

bool fe_reset_stack(FuncEmitter *fe, uint32_t base, uint32_t n, const ValType *types) {
  fe->height = base;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t d = fe_push(fe, types[i], true);
    if (d == UINT32_MAX) return false;
    fe->stack[d].from_call = true; /* some branch may carry a call's result */
  }
  return true;
}

bool fe_label_targeted(const FuncEmitter *fe, uint32_t label) {
  return label < fe->facts.nlabels && fe->facts.label_targeted[label];
}

/* -------------------------------------------------------- first pass */

typedef struct ScanFrame {
  uint8_t kind;
  bool has_else, then_live;
  bool part_live; /* try frames: the try body or a handler reached its end */
  uint32_t label;
} ScanFrame;

typedef struct Scan {
  FuncEmitter *fe;
  ScanFrame *frames;
  uint32_t nframes, cap;
  bool dead;
  uint32_t dead_depth, next_label;
  uint32_t try_depth; /* open frames with an active handler */
} Scan;

static bool scan_mark_label(Scan *s, uint32_t depth) {
  if (depth >= s->nframes) return true; /* invalid; the second pass reports it */
  const ScanFrame *f = &s->frames[s->nframes - 1 - depth];
  if (f->kind == FRAME_FUNC) return true;
  BodyFacts *facts = &s->fe->facts;
  if (!grow_array((void **)&facts->label_targeted, &facts->labels_cap, f->label + 1, 1)) return false;
  facts->label_targeted[f->label] = 1;
  if (facts->nlabels <= f->label) facts->nlabels = f->label + 1;
  return true;
}

static bool scan_open(Scan *s, uint8_t kind) {
  if (!grow_array((void **)&s->frames, &s->cap, s->nframes + 1, sizeof *s->frames)) return false;
  s->frames[s->nframes++] = (ScanFrame){.kind = kind, .label = s->next_label++};
  s->try_depth += kind == FRAME_TRY || kind == FRAME_TRY_TABLE;
  return true;
}

/* Whether code after the end of f runs: it falls through, a branch targets
 * it, or (for an if) the other arm falls through. The emitter uses the same
 * rule (end_is_reachable). */
static bool scan_end_reachable(const Scan *s, const ScanFrame *f, bool live_at_end) {
  if (live_at_end || f->part_live) return true;
  if (f->kind != FRAME_LOOP && f->label < s->fe->facts.nlabels && s->fe->facts.label_targeted[f->label])
    return true;
  return f->kind == FRAME_IF && (!f->has_else || f->then_live);
}

static void scan_close(Scan *s) {
  if (s->nframes == 0) return;
  const ScanFrame *f = &s->frames[--s->nframes];
  s->try_depth -= f->kind == FRAME_TRY || f->kind == FRAME_TRY_TABLE;
  s->dead = !scan_end_reachable(s, f, !s->dead);
}

/* A legacy catch or catch_all: the try body (or previous handler) ends, a
 * handler starts, reachable whenever the try is. */
static void scan_catch(Scan *s) {
  if (s->nframes == 0) return;
  ScanFrame *f = &s->frames[s->nframes - 1];
  f->part_live |= !s->dead;
  if (f->kind == FRAME_TRY) s->try_depth--;
  f->kind = FRAME_CATCH;
  s->dead = false;
}

static void scan_else(Scan *s) {
  if (s->nframes == 0) return;
  ScanFrame *f = &s->frames[s->nframes - 1];
  f->then_live = !s->dead;
  f->has_else = true;
  s->dead = false;
}

static bool scan_dead_instr(Scan *s, const Instr *ins) {
  switch (ins->op) {
  case OP_BLOCK: case OP_LOOP: case OP_IF: case OP_TRY: case OP_TRY_TABLE:
    s->dead_depth++;
    s->next_label++;
    break;
  case OP_ELSE:
    if (s->dead_depth == 0) scan_else(s);
    break;
  case OP_CATCH: case OP_CATCH_ALL:
    if (s->dead_depth == 0) scan_catch(s);
    break;
  case OP_END: case OP_DELEGATE:
    if (s->dead_depth > 0) s->dead_depth--;
    else scan_close(s);
    break;
  default:
    break;
  }
  return true;
}

/* A shared 64-bit memory 0 is reached through its struct at each access
 * (WCC_ADDR64_IN: another thread may grow it), never through mb/ms. */
static bool memory0_read_live(const Module *m) {
  return m->nmemories > 0 && m->memories[0].limits.is64 && m->memories[0].limits.shared;
}

static bool scan_live_instr(Scan *s, const Instr *ins) {
  FuncEmitter *fe = s->fe;
  if (ins->op == OP_CALL || ins->op == OP_CALL_INDIRECT || ins->op == OP_RETURN_CALL ||
      ins->op == OP_RETURN_CALL_INDIRECT || ins->op == OP_CALL_REF || ins->op == OP_RETURN_CALL_REF)
    fe->facts.has_calls = true;
  switch (ins->op) {
  case OP_BLOCK: return scan_open(s, FRAME_BLOCK);
  case OP_LOOP: return scan_open(s, FRAME_LOOP);
  case OP_IF: return scan_open(s, FRAME_IF);
  case OP_ELSE: scan_else(s); return true;
  case OP_END: case OP_DELEGATE: scan_close(s); return true;
  case OP_TRY: return scan_open(s, FRAME_TRY);
  case OP_TRY_TABLE: {
    /* clauses after a catch-all never match: emit_eh.c leaves them out */
    size_t pos = ins->targets_offset;
    for (uint32_t i = 0; i < ins->ntargets; i++) {
      CatchClause c = decode_catch_next(fe->m, &pos);
      if (!scan_mark_label(s, c.label)) return false;
      if (c.kind == CATCH_ALL || c.kind == CATCH_ALL_REF) break;
    }
    return scan_open(s, FRAME_TRY_TABLE);
  }
  case OP_CATCH: case OP_CATCH_ALL: scan_catch(s); return true;
  case OP_THROW: case OP_THROW_REF: case OP_RETHROW:
    s->dead = true;
    return true;
  case OP_LOCAL_SET: case OP_LOCAL_TEE:
    if (s->try_depth && ins->idx < fe->nlocals) fe->facts.local_volatile[ins->idx] = true;
    return true;
  case OP_BR:
    s->dead = true;
    return scan_mark_label(s, ins->idx);
  case OP_BR_IF: case OP_BR_ON_NULL: case OP_BR_ON_NON_NULL: case OP_BR_ON_CAST: case OP_BR_ON_CAST_FAIL:
    return scan_mark_label(s, ins->idx);
  case OP_BR_TABLE: {
    size_t pos = ins->targets_offset;
    for (uint32_t i = 0; i < ins->ntargets; i++)
      if (!scan_mark_label(s, decode_br_table_next(fe->m, &pos))) return false;
    s->dead = true;
    return scan_mark_label(s, ins->idx);
  }
  case OP_RETURN: case OP_UNREACHABLE: case OP_RETURN_CALL: case OP_RETURN_CALL_INDIRECT:
  case OP_RETURN_CALL_REF:
    s->dead = true;
    return true;
  case OP_LOCAL_GET:
    if (ins->idx < fe->nlocals) fe->facts.local_read[ins->idx] = true;
    return true;
  default: {
    const OpInfo *info = op_info(ins->op);
    /* Only memory 0 lives in the function's mb/ms locals; the others are
     * read through the instance at each access. */
    if (op_accesses_memory(ins->op, info) && ins->memidx == 0 && !memory0_read_live(fe->m))
      fe->facts.accesses_memory = true;
    if (info && info->mem_size) fe->facts.has_loads = true;
    return true;
  }
  }
}

static bool scan_body(FuncEmitter *fe) {
  Scan s = {.fe = fe};
  bool ok = scan_open(&s, FRAME_FUNC);
  s.next_label = 0; /* the function frame has no label */
  Decoder d = {fe->m, fe->func->body_offset, fe->func->body_end};
  while (ok && d.pos < d.end && s.nframes > 0) {
    Instr ins;
    if (!decode_instr(&d, &ins, fe->err)) {
      fe->err->func = fe->func_index;
      free(s.frames);
      return false;
    }
    ok = s.dead ? scan_dead_instr(&s, &ins) : scan_live_instr(&s, &ins);
  }
  free(s.frames);
  return ok || fe_oom(fe);
}

/* ---------------------------------------------------------- branches */

/* A branch to the function frame: return the top results. */
static void write_return(FuncEmitter *fe, Buf *out) {
  const FuncType *t = fe->type;
  uint32_t n = t->nresults, first = fe->height - n;
  char s[OPERAND_MAX];
  /* A C compiler turns `r = f(x); return r;` into a jump (a sibling call),
   * and runaway recursion then never exhausts the stack. The barrier costs
   * ~10% on call-heavy code, so it goes only where the return could be such a
   * call: a void function with calls, or a value that may be a call result.
   * (A tail entry stores its results after any call, but the barrier also
   * keeps the C compiler from evaluating a side-effect-free recursion, such
   * as 1 + f(n - 1), at compile time instead of exhausting the stack.) */
  bool may_be_call = n == 0 && fe->facts.has_calls;
  for (uint32_t i = 0; i < n; i++) may_be_call |= fe->stack[first + i].from_call;
  if (may_be_call) buf_puts(out, "WCC_NO_TAIL_CALL();\n");
  if (fe->facts.has_loads) buf_puts(out, "WCC_SINK_KEEP();\n");
  if (fe->tail) { /* the results go to the trampoline's slots */
    for (uint32_t i = 0; i < n; i++)
      buf_printf(out, "tc->slots[%u].%s = %s;\n", i, value_member(t->results[i]),
                 fe_abi_value(fe, s, fe->stack[first + i], first + i));
    buf_puts(out, "tc->next = NULL;\nreturn;\n");
    return;
  }
  if (n == 0) {
    buf_puts(out, "return;\n");
  } else if (n == 1) {
    buf_printf(out, "return %s;\n", fe_abi_value(fe, s, fe->stack[first], first));
  } else {
    buf_puts(out, "return (");
    buf_return_type(out, t);
    buf_puts(out, "){");
    for (uint32_t i = 0; i < n; i++)
      buf_printf(out, "%s%s", i ? ", " : "", fe_abi_value(fe, s, fe->stack[first + i], first + i));
    buf_puts(out, "};\n");
  }
}

/* Keeps alive discarded values in [from, to). */
static void write_keeps(FuncEmitter *fe, Buf *out, uint32_t from, uint32_t to) {
  char s[OPERAND_MAX];
  for (uint32_t d = from; d < to; d++) {
    StackValue v = fe->stack[d];
    if (!v.from_memory) continue;
    buf_printf(out, "%s(%s);\n", keep_macro(v.type), fe_value_raw(fe, s, v, d));
  }
}

/* The statements of a branch to the label `depth` levels out, one per line:
 * keep discarded values, leave the try frames it exits, copy the carried
 * values down, jump. */
bool fe_branch_statements(FuncEmitter *fe, uint32_t depth, Buf *out) {
  if (depth >= fe->nframes) return fe_fail(fe, "branch depth %u out of range", depth);
  const Frame *target = &fe->frames[fe->nframes - 1 - depth];
  const ValType *types = NULL;
  uint32_t arity = target->kind == FRAME_FUNC ? fe->type->nresults : label_arity(target, &types);
  if (fe->height < target->base + arity) return fe_fail(fe, "branch values missing");
  uint32_t first = fe->height - arity;
  write_keeps(fe, out, target->kind == FRAME_FUNC ? 0 : target->base, first);
  uint32_t target_index = fe->nframes - 1 - depth;
  eh_unwind_statements(fe, target->kind == FRAME_LOOP ? target_index + 1 : target_index, out);
  if (target->kind == FRAME_FUNC) {
    write_return(fe, out);
    return true;
  }
  char dst[16], src[OPERAND_MAX];
  for (uint32_t i = 0; i < arity; i++) {
    StackValue v = fe->stack[first + i];
    if (first == target->base && v.where == VALUE_IN_SLOT) continue; /* already in place */
    /* raw: the target's result values are from_memory until consumed */
    buf_printf(out, "%s = %s;\n", fe_slot(fe, dst, types[i], target->base + i, SLOT_WRITTEN),
               fe_value_raw(fe, src, v, first + i));
  }
  buf_printf(out, "goto L%u;\n", target->label);
  return true;
}

static unsigned count_lines(const Buf *b) {
  unsigned n = 0;
  for (size_t i = 0; i < b->len; i++) n += b->data[i] == '\n';
  return n;
}

void fe_write_lines(FuncEmitter *fe, const Buf *b, unsigned level) {
  size_t start = 0;
  for (size_t i = 0; i < b->len; i++) {
    if (b->data[i] != '\n') continue;
    buf_indent(&fe->body, level);
    buf_put(&fe->body, b->data + start, i + 1 - start);
    start = i + 1;
  }
}

/* `prefix` + the branch: on one line when it is a single statement, in braces
 * even then: blocks open no C braces but do indent, so a statement after an
 * unbraced `if (c) goto L4;` that starts a block is indented deeper, which gcc
 * -Wall rejects (-Wmisleading-indentation). */
static bool write_guarded_branch(FuncEmitter *fe, const char *prefix, uint32_t depth) {
  Buf stmts = {0};
  bool ok = fe_branch_statements(fe, depth, &stmts);
  if (ok && stmts.failed) ok = fe_oom(fe);
  if (ok && count_lines(&stmts) == 1) {
    buf_indent(&fe->body, indent_level(fe));
    buf_printf(&fe->body, "%s{ %.*s }\n", prefix, (int)(stmts.len - 1), stmts.data);
  } else if (ok) {
    fe_line(fe, "%s{", prefix);
    fe_write_lines(fe, &stmts, indent_level(fe) + 1);
    fe_line(fe, "}");
  }
  buf_free(&stmts);
  return ok;
}

static bool emit_br(FuncEmitter *fe, uint32_t depth) {
  Buf stmts = {0};
  /* A loop jumped back to unconditionally may never exit, and loaded values
   * ORed into wcc_sink inside it would be dead. (A br_if back edge is left
   * without the asm, which would stop the loop from vectorising.) */
  if (depth < fe->nframes && fe->frames[fe->nframes - 1 - depth].kind == FRAME_LOOP) fe_keep_sink(fe);
  bool ok = fe_branch_statements(fe, depth, &stmts);
  if (ok && stmts.failed) ok = fe_oom(fe);
  if (ok) fe_write_lines(fe, &stmts, indent_level(fe));
  buf_free(&stmts);
  fe->dead = true;
  return ok;
}

static bool emit_br_if(FuncEmitter *fe, uint32_t depth) {
  StackValue cond;
  uint32_t at;
  if (!fe_pop(fe, &cond, &at)) return false;
  char s[OPERAND_MAX], prefix[OPERAND_MAX + 8];
  snprintf(prefix, sizeof prefix, "if (%s) ", fe_value(fe, s, cond, at));
  return write_guarded_branch(fe, prefix, depth);
}

/* br_on_null: branch without the reference when it is null, else keep it
 * (now known not to be null). br_on_non_null: branch with it when it is
 * not null, else drop it. The reference goes to its slot first, since the
 * branch may copy values over the slots below it. */
static bool emit_br_on_null(FuncEmitter *fe, const Instr *ins) {
  StackValue ref;
  uint32_t at;
  if (!fe_pop(fe, &ref, &at)) return false;
  char s[OPERAND_MAX], slot[16], prefix[48];
  fe_value(fe, s, ref, at);
  fe_slot(fe, slot, ref.type, at, SLOT_WRITTEN);
  if (strcmp(s, slot) != 0) fe_line(fe, "%s = %s;", slot, s);
  bool on_null = ins->op == OP_BR_ON_NULL;
  if (!on_null && fe_push(fe, valtype_with_null(ref.type, false), false) == UINT32_MAX) return false;
  snprintf(prefix, sizeof prefix, "if (%s %s NULL) ", slot, on_null ? "==" : "!=");
  if (!write_guarded_branch(fe, prefix, ins->idx)) return false;
  if (!on_null) {
    fe->height--; /* falls through without the (null) reference */
    return true;
  }
  return fe_push(fe, valtype_with_null(ref.type, false), false) != UINT32_MAX;
}

/* br_on_cast(_fail): the reference stays in its slot (all its types share
 * a representation) and is retyped for the branch and the fall-through. */
static bool emit_br_on_cast(FuncEmitter *fe, const Instr *ins) {
  StackValue ref;
  uint32_t at;
  if (!fe_pop(fe, &ref, &at)) return false;
  char s[OPERAND_MAX], slot[16], test[3 * OPERAND_MAX], prefix[4 * OPERAND_MAX];
  fe_value(fe, s, ref, at);
  fe_slot(fe, slot, ref.type, at, SLOT_WRITTEN);
  if (strcmp(s, slot) != 0) fe_line(fe, "%s = %s;", slot, s);
  ValType rt1 = ins->ref_type, rt2 = ins->cast_type;
  ValType diff = valtype_nullable(rt2) ? valtype_with_null(rt1, false) : rt1;
  bool on_fail = ins->op == OP_BR_ON_CAST_FAIL;
  gc_ref_test_call(fe, test, sizeof test, slot, rt2);
  snprintf(prefix, sizeof prefix, "if (%s%s) ", on_fail ? "!" : "", test);
  if (fe_push(fe, on_fail ? diff : rt2, false) == UINT32_MAX) return false;
  if (!write_guarded_branch(fe, prefix, ins->idx)) return false;
  fe->height--;
  return fe_push(fe, on_fail ? rt2 : diff, false) != UINT32_MAX;
}

/* Case labels grouped by target depth (a counting sort), so each distinct
 * target gets its branch statements once. */
static bool emit_br_table(FuncEmitter *fe, const Instr *ins) {
  StackValue index;
  uint32_t at;
  if (!fe_pop(fe, &index, &at)) return false;
  if (ins->ntargets == 0) {
    fe_keep(fe, index, at);
    return emit_br(fe, ins->idx);
  }
  char s[OPERAND_MAX];
  const char *index_name = fe_value(fe, s, index, at);
  uint32_t n = ins->ntargets, nf = fe->nframes;
  uint32_t *targets = malloc((size_t)n * sizeof *targets);
  uint32_t *start = calloc((size_t)nf + 1, sizeof *start);
  uint32_t *order = malloc((size_t)n * sizeof *order);
  bool ok = targets && start && order;
  size_t pos = ins->targets_offset;
  for (uint32_t i = 0; ok && i < n; i++) {
    targets[i] = decode_br_table_next(fe->m, &pos);
    if (targets[i] >= nf) ok = fe_fail(fe, "br_table target %u out of range", targets[i]);
    else start[targets[i] + 1]++;
  }
  if (!targets || !start || !order) ok = fe_oom(fe);
  if (ok && ins->idx >= nf) ok = fe_fail(fe, "br_table default %u out of range", ins->idx);
  if (ok) {
    for (uint32_t d = 0; d < nf; d++) start[d + 1] += start[d];
    for (uint32_t i = 0; i < n; i++) order[start[targets[i]]++] = i;
    /* start[d] is now the end of group d; group d begins at start[d-1] */
    fe_keep_sink(fe); /* a target may be a loop */
    fe_line(fe, "switch (%s) {", index_name);
    uint32_t begin = 0;
    for (uint32_t d = 0; ok && d < nf; d++) {
      uint32_t end = start[d];
      bool is_default = d == ins->idx;
      if (end == begin && !is_default) continue;
      buf_indent(&fe->body, indent_level(fe));
      for (uint32_t k = begin; k < end; k++)
        buf_printf(&fe->body, "case %u:%s", order[k], (k - begin) % 8 == 7 && k + 1 < end ? "\n  " : " ");
      if (is_default) buf_puts(&fe->body, "default:");
      buf_puts(&fe->body, "\n");
      Buf stmts = {0};
      ok = fe_branch_statements(fe, d, &stmts);
      if (ok && stmts.failed) ok = fe_oom(fe);
      if (ok) fe_write_lines(fe, &stmts, indent_level(fe) + 1);
      buf_free(&stmts);
      begin = end;
    }
    fe_line(fe, "}");
  }
  free(targets);
  free(start);
  free(order);
  fe->dead = true;
  return ok;
}

/* ------------------------------------------------------ structured */

static bool emit_block(FuncEmitter *fe, const Instr *ins) {
  fe_materialize(fe);
  if (!fe_push_frame(fe, ins->op == OP_LOOP ? FRAME_LOOP : FRAME_BLOCK, &ins->bt)) return false;
  const Frame *f = &fe->frames[fe->nframes - 1];
  if (f->kind == FRAME_LOOP && fe_label_targeted(fe, f->label)) {
    buf_indent(&fe->body, indent_level(fe) - 1);
    buf_printf(&fe->body, "L%u:;\n", f->label);
  }
  return true;
}

static bool emit_if(FuncEmitter *fe, const Instr *ins) {
  StackValue cond;
  uint32_t at;
  if (!fe_pop(fe, &cond, &at)) return false;
  char s[OPERAND_MAX];
  fe_value(fe, s, cond, at);
  fe_materialize(fe);
  fe_line(fe, "if (%s) {", s);
  return fe_push_frame(fe, FRAME_IF, &ins->bt);
}

static bool emit_else(FuncEmitter *fe) {
  Frame *f = &fe->frames[fe->nframes - 1];
  if (f->kind != FRAME_IF) return fe_fail(fe, "else without if");
  if (!fe->dead) fe_materialize(fe);
  f->then_falls_through = !fe->dead;
  f->has_else = true;
  fe->dead = false;
  buf_indent(&fe->body, indent_level(fe) - 1);
  buf_puts(&fe->body, "} else {\n");
  return fe_reset_stack(fe, f->base, f->nparams, f->params);
}

static bool end_is_reachable(const FuncEmitter *fe, const Frame *f) {
  if (!fe->dead) return true;
  if (f->kind != FRAME_LOOP && fe_label_targeted(fe, f->label)) return true;
  return f->kind == FRAME_IF && (!f->has_else || f->then_falls_through);
}

static bool emit_end(FuncEmitter *fe) {
  if (frame_has_handler(&fe->frames[fe->nframes - 1]) || fe->frames[fe->nframes - 1].kind == FRAME_CATCH)
    return emit_try_end(fe);
  if (!fe->dead) fe_materialize(fe);
  Frame f = fe->frames[fe->nframes - 1];
  bool reachable = end_is_reachable(fe, &f);
  fe->nframes--;
  if (f.kind == FRAME_IF) fe_line(fe, "}");
  if (f.kind != FRAME_LOOP && fe_label_targeted(fe, f.label)) fe_line(fe, "L%u:;", f.label);
  fe->dead = !reachable;
  return fe_reset_stack(fe, f.base, f.nresults, frame_results(&f));
}

/* The final `end`: fall off the function with its results (void functions
 * too, so the return carries the no-tail-call barrier). */
static bool emit_function_end(FuncEmitter *fe) {
  fe->nframes--;
  /* Never reached (e.g. an endless loop before it). A C function with a
   * result needs a return or a noreturn call, or compilers warn. */
  if (fe->dead && fe->type->nresults && !fe->tail)
    fe_line(fe, "wasmrt_trap(WASMRT_TRAP_UNREACHABLE); /* not reached */");
  if (fe->dead) return true;
  if (fe->height != fe->type->nresults) return fe_fail(fe, "wrong number of results at function end");
  Buf stmt = {0};
  write_return(fe, &stmt);
  bool ok = !stmt.failed || fe_oom(fe);
  if (ok) fe_write_lines(fe, &stmt, 1);
  buf_free(&stmt);
  return ok;
}

/* ------------------------------------------------------------- calls */

/* Pops the arguments and writes ", a0, a1, ..." (what follows the env). */
static bool write_call_arg_list(FuncEmitter *fe, Buf *args, const FuncType *t) {
  if (fe->height < fe->frames[fe->nframes - 1].base + t->nparams)
    return fe_fail(fe, "call arguments missing");
  uint32_t first = fe->height - t->nparams;
  char s[OPERAND_MAX];
  for (uint32_t i = 0; i < t->nparams; i++)
    buf_printf(args, ", %s", fe_abi_value(fe, s, fe->stack[first + i], first + i));
  fe->height = first;
  return true;
}

/* Pops the arguments and writes "(env, a0, a1, ...)" after callee. */
static bool write_call_args(FuncEmitter *fe, Buf *call, const FuncType *t, const char *env) {
  Buf args = {0};
  bool ok = write_call_arg_list(fe, &args, t);
  if (ok) buf_printf(call, "(%s%s)", env, args.data ? args.data : "");
  if (ok && args.failed) ok = fe_oom(fe);
  buf_free(&args);
  return ok;
}

/* Pushes the results of a call expression and assigns them; reload: the
 * call may have grown memory and code follows that uses it. */
static bool write_call_results(FuncEmitter *fe, const Buf *call, const FuncType *t, bool reload) {
  char s[16];
  fe_keep_sink(fe); /* the callee may trap, throw or never return */
  if (t->nresults == 0) {
    fe_line(fe, "%s;", call->data);
  } else if (t->nresults == 1) {
    uint32_t d = fe_push(fe, t->results[0], false);
    if (d == UINT32_MAX) return false;
    fe->stack[d].from_call = true;
    fe_line(fe, "%s = %s(%s);", fe_slot(fe, s, t->results[0], d, SLOT_WRITTEN), from_abi(t->results[0]),
            call->data);
  } else {
    Buf decl = {0};
    buf_return_type(&decl, t);
    fe_line(fe, "{");
    fe->extra_indent++;
    fe_line(fe, "%s ret = %s;", decl.failed ? "" : decl.data, call->data);
    buf_free(&decl);
    bool pushed = true;
    for (uint32_t i = 0; pushed && i < t->nresults; i++) {
      uint32_t d = fe_push(fe, t->results[i], false);
      pushed = d != UINT32_MAX;
      if (pushed) fe->stack[d].from_call = true;
      if (pushed)
        fe_line(fe, "%s = %s(ret.r%u);", fe_slot(fe, s, t->results[i], d, SLOT_WRITTEN), from_abi(t->results[i]), i);
    }
    fe->extra_indent--;
    fe_line(fe, "}");
    if (!pushed) return false;
  }
  if (reload) fe_memory_reload(fe);
  return true;
}

static bool emit_call(FuncEmitter *fe, uint32_t callee) {
  const Module *m = fe->m;
  if (callee >= m->nfuncs) return fe_fail(fe, "call to unknown function %u", callee);
  const FuncType *t = func_type(m, callee);
  const char *P = fe->cx->P;
  Buf call = {0};
  char env[48];
  if (m->funcs[callee].imported) {
    buf_printf(&call, "((%s_fn%u)%s->funcs[%u].fn)", P, sig_index_of_func(fe->cx, callee), fe_inst(fe), callee);
    snprintf(env, sizeof env, "inst->funcs[%u].env", callee);
  } else {
    buf_printf(&call, "%s_%s", P, fe->cx->func_names[callee]);
    snprintf(env, sizeof env, "%s", fe_inst(fe));
  }
  bool ok = write_call_args(fe, &call, t, env);
  if (ok && call.failed) ok = fe_oom(fe);
  if (ok) ok = write_call_results(fe, &call, t, true);
  buf_free(&call);
  return ok;
}

/* Pops the table index (call_indirect) or the reference (call_ref) and
 * leaves the callee in fr: wcc_call_target checks the index, null and
 * signature; for call_ref validation proved the type, also for a function of
 * another module (linking checks the types of imports), so only null is
 * checked. Then the call goes through fr->fn with fr->env. */
static bool load_call_target(FuncEmitter *fe, const Instr *ins, uint32_t *sig) {
  const Module *m = fe->m;
  bool by_table = ins->op == OP_CALL_INDIRECT || ins->op == OP_RETURN_CALL_INDIRECT;
  if (ins->idx >= m->ntypes || (by_table && ins->idx2 >= m->ntables))
    return fe_fail(fe, "bad %s immediates", opcode_name(ins->op));
  StackValue v;
  uint32_t at;
  if (!fe_pop(fe, &v, &at)) return false;
  char s[OPERAND_MAX];
  *sig = fe->cx->type_sig[ins->idx];
  fe->uses_call_target = true;
  if (!by_table) {
    fe_line(fe, "fr = wcc_call_ref_target(%s);", fe_value(fe, s, v, at));
    return true;
  }
  /* A table the module defines is reached without the pointer hop. */
  bool own = !m->tables[ins->idx2].imported;
  fe_line(fe, "fr = wcc_call_target(%s%s->table%u%s, %s, &%s_types[%u]);", own ? "&" : "", fe_inst(fe), ins->idx2,
          own ? "_own" : "", fe_value(fe, s, v, at), fe->cx->P, *sig);
  return true;
}

/* call_indirect and call_ref. A callee of this instance gets inst, not
 * the fr->env just loaded: its first act is loading its memory base from
 * env, and with fr->env every access it makes would wait for the whole
 * table lookup (index load, element load) although the call itself is
 * predicted. The compare is a predicted branch (gcc and clang keep two
 * calls or a jump, not a cmov), so the callee starts on a register known
 * early: a bytecode VM dispatching through a handler table ran 2.5x faster
 * (samples/bench interp). Functions of other instances take the other arm. */
static bool emit_call_through_ref(FuncEmitter *fe, const Instr *ins) {
  uint32_t sig = 0;
  if (!load_call_target(fe, ins, &sig)) return false;
  const FuncType *t = type_func(fe->m, ins->idx);
  Buf args = {0}, call = {0};
  bool ok = write_call_arg_list(fe, &args, t);
  const char *a = args.data ? args.data : "", *P = fe->cx->P, *inst = fe_inst(fe);
  if (ok)
    buf_printf(&call, "(WASMRT_LIKELY(fr->env == %s) ? ((%s_fn%u)fr->fn)(%s%s) : ((%s_fn%u)fr->fn)(fr->env%s))", inst,
               P, sig, inst, a, P, sig, a);
  if (ok && args.failed) ok = fe_oom(fe);
  buf_free(&args);
  if (ok && call.failed) ok = fe_oom(fe);
  if (ok) ok = write_call_results(fe, &call, t, true);
  buf_free(&call);
  return ok;
}

/* ------------------------------------------------------- tail calls */

/* How a tail call reaches its callee's tail entry. */
enum { TAIL_NONE,     /* the callee has none: an ordinary call */
       TAIL_ALWAYS,   /* a function of this module with tail calls */
       TAIL_IF_SET }; /* through fr: fr->tail, when not NULL */

/* return_call and return_call_indirect (only in a tail entry, fe->tail).
 * The callee's arguments go to the trampoline's slots and its tail entry
 * becomes tc->next: this function's frame is gone before the callee runs.
 * A callee without a tail entry makes no tail calls, so an ordinary call
 * followed by returning its results ends the chain just as well (one frame
 * that returns). So does a callee whose parameters or results need more
 * slots than the trampoline has (one started by another module); the tail
 * entry was entered with at least max(nparams, nresults) of this function's
 * type, so the check is left out when the callee needs no more. */
static bool emit_tail_call(FuncEmitter *fe, const FuncType *t, int how, const char *next, const char *next_env,
                           const char *fn, const char *fn_env) {
  uint32_t np = t->nparams;
  if (fe->height < fe->frames[fe->nframes - 1].base + np) return fe_fail(fe, "call arguments missing");
  uint32_t first = fe->height - np;
  Buf keeps = {0};
  write_keeps(fe, &keeps, 0, first); /* the values below the arguments are discarded */
  eh_unwind_statements(fe, 1, &keeps); /* the callee runs outside this function's try blocks */
  bool ok = !keeps.failed || fe_oom(fe);
  if (ok) fe_write_lines(fe, &keeps, indent_level(fe));
  buf_free(&keeps);
  char (*args)[OPERAND_MAX] = malloc((size_t)(np ? np : 1) * sizeof *args);
  if (!args) return fe_oom(fe);
  for (uint32_t i = 0; i < np; i++) fe_abi_value(fe, args[i], fe->stack[first + i], first + i);
  uint32_t own = fe->type->nparams > fe->type->nresults ? fe->type->nparams : fe->type->nresults;
  uint32_t need = np > t->nresults ? np : t->nresults;
  char cond[64] = "";
  if (how == TAIL_IF_SET) snprintf(cond, sizeof cond, "fr->tail");
  if (how != TAIL_NONE && need > own)
    snprintf(cond + strlen(cond), sizeof cond - strlen(cond), "%stc->cap >= %uu", cond[0] ? " && " : "", need);
  if (how != TAIL_NONE) {
    if (cond[0]) fe_line(fe, "if (WASMRT_LIKELY(%s)) {", cond);
    fe->extra_indent += cond[0] != 0;
    for (uint32_t i = 0; i < np; i++) fe_line(fe, "tc->slots[%u].%s = %s;", i, value_member(t->params[i]), args[i]);
    fe_line(fe, "tc->next = %s;", next);
    fe_line(fe, "tc->env = %s;", next_env);
    fe_keep_sink(fe);
    fe_line(fe, "return;");
    fe->extra_indent -= cond[0] != 0;
    if (cond[0]) fe_line(fe, "}");
  }
  fe->height = first;
  if (ok && (how == TAIL_NONE || cond[0])) {
    Buf call = {0};
    buf_printf(&call, "%s(%s", fn, fn_env);
    for (uint32_t i = 0; i < np; i++) buf_printf(&call, ", %s", args[i]);
    buf_puts(&call, ")");
    ok = !call.failed || fe_oom(fe);
    ok = ok && write_call_results(fe, &call, t, false);
    buf_free(&call);
    Buf ret = {0};
    if (ok) write_return(fe, &ret);
    if (ok && ret.failed) ok = fe_oom(fe);
    if (ok) fe_write_lines(fe, &ret, indent_level(fe));
    buf_free(&ret);
  }
  free(args);
  fe->dead = true;
  return ok;
}

static bool emit_return_call(FuncEmitter *fe, uint32_t callee) {
  const Module *m = fe->m;
  if (callee >= m->nfuncs) return fe_fail(fe, "return_call to unknown function %u", callee);
  const char *P = fe->cx->P, *name = fe->cx->func_names[callee];
  const FuncType *t = func_type(m, callee);
  Buf fn = {0}, next = {0};
  bool ok;
  if (m->funcs[callee].imported) {
    /* an import may be another module's function with a tail entry */
    fe->uses_call_target = true;
    fe_line(fe, "fr = &%s->funcs[%u];", fe_inst(fe), callee);
    buf_printf(&fn, "((%s_fn%u)fr->fn)", P, sig_index_of_func(fe->cx, callee));
    ok = !fn.failed ? emit_tail_call(fe, t, TAIL_IF_SET, "fr->tail", "fr->env", fn.data, "fr->env") : fe_oom(fe);
  } else {
    buf_printf(&fn, "%s_%s", P, name);
    buf_printf(&next, "%s_tail_%s", P, name);
    const char *inst = fe_inst(fe);
    ok = !fn.failed && !next.failed
             ? emit_tail_call(fe, t, fe->cx->func_tail[callee] ? TAIL_ALWAYS : TAIL_NONE, next.data, inst, fn.data, inst)
             : fe_oom(fe);
  }
  buf_free(&fn);
  buf_free(&next);
  return ok;
}

/* return_call_indirect and return_call_ref: the trampoline step through
 * fr->tail when the callee has a tail entry. */
static bool emit_return_call_through_ref(FuncEmitter *fe, const Instr *ins) {
  uint32_t sig = 0;
  if (!load_call_target(fe, ins, &sig)) return false;
  Buf fn = {0};
  buf_printf(&fn, "((%s_fn%u)fr->fn)", fe->cx->P, sig);
  bool ok = !fn.failed ? emit_tail_call(fe, type_func(fe->m, ins->idx), TAIL_IF_SET, "fr->tail", "fr->env", fn.data,
                                        "fr->env")
                       : fe_oom(fe);
  buf_free(&fn);
  return ok;
}

/* ----------------------------------------------------------- driver */

static bool emit_unreachable(FuncEmitter *fe) {
  Buf keeps = {0};
  write_keeps(fe, &keeps, 0, fe->height);
  bool ok = !keeps.failed || fe_oom(fe);
  if (ok) fe_write_lines(fe, &keeps, indent_level(fe));
  buf_free(&keeps);
  fe_line(fe, "wcc_trap_in(WASMRT_TRAP_UNREACHABLE, WCC_FN, WCC_SINK_VALUE);");
  fe->dead = true;
  return ok;
}

/* Skipped code: only the nesting matters. */
static bool emit_dead_instr(FuncEmitter *fe, const Instr *ins) {
  switch (ins->op) {
  case OP_BLOCK: case OP_LOOP: case OP_IF: case OP_TRY: case OP_TRY_TABLE:
    fe->dead_depth++;
    fe->next_label++;
    return true;
  case OP_ELSE:
    return fe->dead_depth > 0 || emit_else(fe);
  case OP_CATCH: case OP_CATCH_ALL:
    return fe->dead_depth > 0 || emit_catch(fe, ins);
  case OP_DELEGATE:
    if (fe->dead_depth > 0) {
      fe->dead_depth--;
      return true;
    }
    return emit_delegate(fe, ins->idx);
  case OP_END:
    if (fe->dead_depth > 0) {
      fe->dead_depth--;
      return true;
    }
    return fe->nframes == 1 ? emit_function_end(fe) : emit_end(fe);
  default:
    return true;
  }
}

static bool emit_live_instr(FuncEmitter *fe, const Instr *ins) {
  switch (ins->op) {
  case OP_NOP: return true;
  case OP_UNREACHABLE: return emit_unreachable(fe);
  case OP_BLOCK: case OP_LOOP: return emit_block(fe, ins);
  case OP_IF: return emit_if(fe, ins);
  case OP_ELSE: return emit_else(fe);
  case OP_END: return fe->nframes == 1 ? emit_function_end(fe) : emit_end(fe);
  case OP_BR: return emit_br(fe, ins->idx);
  case OP_BR_IF: return emit_br_if(fe, ins->idx);
  case OP_BR_TABLE: return emit_br_table(fe, ins);
  case OP_RETURN: return emit_br(fe, fe->nframes - 1);
  case OP_CALL: return emit_call(fe, ins->idx);
  case OP_CALL_INDIRECT: return emit_call_through_ref(fe, ins);
  case OP_RETURN_CALL: return emit_return_call(fe, ins->idx);
  case OP_RETURN_CALL_INDIRECT: return emit_return_call_through_ref(fe, ins);
  case OP_CALL_REF: return emit_call_through_ref(fe, ins);
  case OP_RETURN_CALL_REF: return emit_return_call_through_ref(fe, ins);
  case OP_BR_ON_NULL: case OP_BR_ON_NON_NULL: return emit_br_on_null(fe, ins);
  case OP_BR_ON_CAST: case OP_BR_ON_CAST_FAIL: return emit_br_on_cast(fe, ins);
  case OP_TRY_TABLE: return emit_try_table(fe, ins);
  case OP_TRY: return emit_try(fe, ins);
  case OP_CATCH: case OP_CATCH_ALL: return emit_catch(fe, ins);
  case OP_DELEGATE: return emit_delegate(fe, ins->idx);
  case OP_THROW: return emit_throw(fe, ins->idx);
  case OP_THROW_REF: return emit_throw_ref(fe);
  case OP_RETHROW: return emit_rethrow(fe, ins->idx);
  default: return emit_op(fe, ins);
  }
}

static bool emit_body(FuncEmitter *fe) {
  BlockType none = {.kind = BT_EMPTY};
  if (!fe_push_frame(fe, FRAME_FUNC, &none)) return false;
  Frame *f = &fe->frames[0];
  f->nresults = fe->type->nresults;
  f->results = fe->type->results;
  fe->next_label = 0; /* the function frame has no label */
  Decoder d = {fe->m, fe->func->body_offset, fe->func->body_end};
  while (fe->nframes > 0) {
    if (d.pos >= d.end) return fe_fail(fe, "function body ends inside a block");
    Instr ins;
    if (!decode_instr(&d, &ins, fe->err)) {
      fe->err->func = fe->func_index;
      return false;
    }
    fe->offset = ins.offset;
    if (!(fe->dead ? emit_dead_instr(fe, &ins) : emit_live_instr(fe, &ins))) return false;
    if (fe->body.failed) return fe_oom(fe);
  }
  return true;
}

/* ------------------------------------------------------ declarations */

/* "wasmrt_funcref" and "*" for pointer types, so declarators group. */
static void decl_parts(ValType t, const char **base, const char **star, const char **zero) {
  *star = "";
  *zero = "0";
  if (valtype_is_ref(t)) {
    *base = valtype_repr(t) == VT_FUNCREF ? "wasmrt_funcref" : valtype_repr(t) == VT_EXNREF ? "wasmrt_exn" : "void";
    *star = "*";
    *zero = "NULL";
  } else if (t == VT_V128) {
    *base = "wcc_v128";
    *zero = "wcc_v128_const(0, 0)";
  } else {
    *base = c_type(t);
  }
}

/* One declaration line per type for the used stack slots, then (void) for
 * slots only written (their values were discarded). */
static void write_slot_decls(FuncEmitter *fe, Buf *out) {
  for (int k = 0; k < NSLOT_KINDS; k++) {
    const SlotUse *s = &fe->slots[k];
    const char *base, *star, *zero;
    decl_parts(kind_types[k], &base, &star, &zero);
    unsigned on_line = 0;
    for (uint32_t d = 0; d < s->cap; d++) {
      if (!s->flags[d]) continue;
      if (on_line == 0) buf_printf(out, "  %s ", base);
      else buf_puts(out, ", ");
      buf_printf(out, "%s%c%u = %s", star, slot_letter(kind_types[k]), d, zero);
      if (++on_line == 8) { buf_puts(out, ";\n"); on_line = 0; }
    }
    if (on_line) buf_puts(out, ";\n");
  }
  for (int k = 0; k < NSLOT_KINDS; k++) {
    const SlotUse *s = &fe->slots[k];
    for (uint32_t d = 0; d < s->cap; d++)
      if (s->flags[d] == SLOT_WRITTEN) buf_printf(out, "  (void)%c%u;\n", slot_letter(kind_types[k]), d);
  }
}

/* "volatile " for a local that a try body assigns (see BodyFacts). */
static const char *local_qualifier(const FuncEmitter *fe, uint32_t i) {
  return fe->facts.local_volatile[i] ? "volatile " : "";
}

static void write_local_decls(FuncEmitter *fe, Buf *out) {
  uint32_t np = fe->type->nparams;
  for (uint32_t i = np; i < fe->nlocals; i++) {
    if (!fe->local_use[i]) continue;
    const char *base, *star, *zero;
    decl_parts(fe_local_type(fe, i), &base, &star, &zero);
    /* a volatile pointer is `T *volatile l`: the qualifier goes after the star */
    if (*star) buf_printf(out, "  %s *%sl%u = %s;\n", base, local_qualifier(fe, i), i, zero);
    else buf_printf(out, "  %s%s l%u = %s;\n", local_qualifier(fe, i), base, i, zero);
  }
  /* parameters a try body assigns arrive as p<i> (see buf_func_prototype_in) */
  if (!fe->tail)
    for (uint32_t i = 0; i < np; i++) {
      ValType t = fe->type->params[i];
      if (!fe->facts.local_volatile[i] || t == VT_V128) continue;
      const char *base, *star, *zero;
      decl_parts(t, &base, &star, &zero);
      if (*star) buf_printf(out, "  %s *volatile l%u = p%u;\n", base, i, i);
      else buf_printf(out, "  volatile %s l%u = p%u;\n", base, i, i);
    }
  for (uint32_t i = 0; i < fe->nlocals; i++)
    if (i < np ? !(fe->local_use[i] & SLOT_READ) : fe->local_use[i] == SLOT_WRITTEN)
      buf_printf(out, "  (void)l%u;\n", i);
}

/* WCC_FN names the function in its traps: "3 (name)", the index and the
 * name section's name, like the compiler's own messages. */
enum { MAX_LABEL_NAME = 200 };

void buf_function_label(Buf *out, const Module *m, uint32_t func_index) {
  const char *name = m->funcs[func_index].debug_name;
  buf_printf(out, "\"%u", func_index);
  if (name) {
    buf_puts(out, " (");
    size_t len = strlen(name);
    buf_c_string_body(out, (const uint8_t *)name, len < MAX_LABEL_NAME ? len : MAX_LABEL_NAME);
    buf_puts(out, ")");
  }
  buf_puts(out, "\"");
}

/* Memory 0 as a C expression. A memory the module defines is reached without
 * the pointer hop (one dependent load fewer at every function entry). */
const char *fe_memory0(const FuncEmitter *fe) {
  return fe->m->nmemories && !fe->m->memories[0].imported ? "&inst->memory0_own" : "inst->memory0";
}

/* About how many 8-byte values the function's C frame holds. */
enum { BIG_FRAME_VALUES = 256, LEAF_FRAME_VALUES = 64 };
static uint32_t frame_values(const FuncEmitter *fe) {
  uint64_t n = fe->nlocals;
  for (int k = 0; k < NSLOT_KINDS; k++) n += fe->slots[k].cap * (kind_types[k] == VT_V128 ? 2u : 1u);
  n += (uint64_t)fe->nhandlers * 40; /* a wasmrt_trap_frame holds a jmp_buf */
  return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/* The parameters of a tail entry, from the trampoline's slots. */
static void write_tail_params(FuncEmitter *fe, Buf *out) {
  for (uint32_t i = 0; i < fe->type->nparams; i++) {
    ValType t = fe->type->params[i];
    const char *base, *star, *zero;
    decl_parts(t, &base, &star, &zero);
    const char *q = local_qualifier(fe, i);
    if (t == VT_V128) buf_printf(out, "  %swcc_v128 l%u = wcc_v128_from_rt(tc->slots[%u].v128);\n", q, i, i);
    else if (*star) buf_printf(out, "  %s *%sl%u = tc->slots[%u].%s;\n", base, q, i, i, value_member(t));
    else buf_printf(out, "  %s%s l%u = tc->slots[%u].%s;\n", q, base, i, i, value_member(t));
  }
}

/* The ordinary entry of a function with tail calls: runs the trampoline,
 * starting at the function's tail entry, in a frame that holds the slots. */
static void write_tail_starter(FuncEmitter *fe, Buf *out) {
  const EmitCtx *cx = fe->cx;
  const FuncType *t = fe->type;
  const char *P = cx->P, *name = cx->func_names[fe->func_index];
  uint32_t n = cx->tail_slots;
  buf_func_prototype(out, cx, fe->func_index);
  buf_puts(out, " {\n");
  buf_puts(out, "  WCC_SINK_DECL\n");
  /* a wasmrt_value is 16 bytes: two of frame_values' 8-byte values */
  buf_printf(out, "  %s(WCC_FN);\n", (uint64_t)n * 2 > BIG_FRAME_VALUES ? "WASMRT_STACK_PROBE" : "WASMRT_STACK_ENTER_IN");
  buf_printf(out, "  wasmrt_value slots[%u];\n  wasmrt_tail tc = {%s_tail_%s, env, %uu, slots};\n", n, P, name, n);
  for (uint32_t i = 0; i < t->nparams; i++)
    buf_printf(out, "  slots[%u].%s = %c%u;\n", i, value_member(t->params[i]), t->params[i] == VT_V128 ? 'p' : 'l', i);
  buf_printf(out, "  %s_tail_%s(env, &tc);\n  while (tc.next) tc.next(tc.env, &tc);\n", P, name);
  if (t->nresults == 1) {
    buf_printf(out, "  return slots[0].%s;\n", value_member(t->results[0]));
  } else if (t->nresults > 1) {
    buf_puts(out, "  return (");
    buf_return_type(out, t);
    buf_puts(out, "){");
    for (uint32_t i = 0; i < t->nresults; i++) buf_printf(out, "%sslots[%u].%s", i ? ", " : "", i, value_member(t->results[i]));
    buf_puts(out, "};\n");
  }
  buf_puts(out, "}\n");
}

/* gcc's -Wclobbered warns about every variable it keeps in a register
 * across a setjmp, changed after it or not; those that change in a try body
 * are volatile (local_volatile), so the rest are false alarms. */
static const char clobbered_off[] =
    "#if defined(__GNUC__) && !defined(__clang__)\n#pragma GCC diagnostic push\n"
    "#pragma GCC diagnostic ignored \"-Wclobbered\"\n#endif\n";
static const char clobbered_on[] = "#if defined(__GNUC__) && !defined(__clang__)\n#pragma GCC diagnostic pop\n#endif\n";

static void write_function(FuncEmitter *fe, Buf *out) {
  EmitCtx *cx = fe->cx;
  if (fe->nhandlers) buf_puts(out, clobbered_off);
  buf_puts(out, "#define WCC_FN WCC_NAME(");
  buf_function_label(out, cx->m, fe->func_index);
  buf_puts(out, ")\n");
  if (fe->tail) buf_tail_prototype(out, cx, fe->func_index);
  else buf_func_prototype_in(out, cx, fe->func_index, fe->facts.local_volatile);
  buf_puts(out, " {\n");
  buf_puts(out, "  WCC_SINK_DECL\n"); /* trapping helpers take its value */
  if (fe->uses_inst || fe->facts.accesses_memory) buf_printf(out, "  %s_instance *inst = env;\n", cx->P);
  else buf_puts(out, "  (void)env;\n");
  /* Without per-call checks the guard page catches deep recursion, but a frame
   * bigger than a guard page could step over it: such functions still check.
   * A leaf with a small frame never checks: it cannot recurse, and its frame
   * fits the reserve kept below the limit, like a host function's. */
  uint32_t values = frame_values(fe);
  if (values > BIG_FRAME_VALUES) buf_puts(out, "  WASMRT_STACK_PROBE(WCC_FN);\n");
  else if (fe->facts.has_calls || values > LEAF_FRAME_VALUES) buf_puts(out, "  WASMRT_STACK_ENTER_IN(WCC_FN);\n");
  if (fe->tail) {
    /* a tail entry whose body is all dead code never touches tc */
    buf_puts(out, "  (void)tc;\n");
    write_tail_params(fe, out);
  } else {
    for (uint32_t i = 0; i < fe->type->nparams; i++)
      if (fe->type->params[i] == VT_V128)
        buf_printf(out, "  %swcc_v128 l%u = wcc_v128_from_rt(p%u);\n", local_qualifier(fe, i), i, i);
  }
  write_local_decls(fe, out);
  write_slot_decls(fe, out);
  if (fe->uses_call_target) buf_puts(out, "  const wasmrt_funcref *fr;\n");
  buf_append(out, &fe->eh_decls);
  uint64_t fixed = fe->facts.accesses_memory ? fe_memory0_fixed_size(fe) : UINT64_MAX;
  if (fixed != UINT64_MAX) buf_printf(out, "  WCC_MEM_ENTER_FIXED(%s, %" PRIu64 "u);\n", fe_memory0(fe), fixed);
  else if (fe->facts.accesses_memory) buf_printf(out, "  WCC_MEM_ENTER(%s);\n", fe_memory0(fe));
  buf_append(out, &fe->body);
  buf_puts(out, "}\n");
  if (fe->tail) write_tail_starter(fe, out);
  buf_puts(out, "#undef WCC_FN\n");
  if (fe->nhandlers) buf_puts(out, clobbered_on);
  buf_puts(out, "\n");
}

static void func_emitter_free(FuncEmitter *fe) {
  buf_free(&fe->body);
  free(fe->stack);
  free(fe->frames);
  free(fe->facts.label_targeted);
  free(fe->facts.local_read);
  free(fe->facts.local_volatile);
  free(fe->local_use);
  buf_free(&fe->eh_decls);
  buf_free(&fe->scratch);
  for (uint32_t i = 0; i < fe->nframes; i++) buf_free(&fe->frames[i].dispatch);
  for (int k = 0; k < NSLOT_KINDS; k++) free(fe->slots[k].flags);
}

bool emit_function(EmitCtx *cx, uint32_t func_index, Buf *out) {
  const Module *m = cx->m;
  const Func *fn = &m->funcs[func_index];
  FuncEmitter fe = {.cx = cx, .m = m, .func_index = func_index, .func = fn,
                    .type = func_type(m, func_index), .err = cx->err, .offset = fn->body_offset,
                    .tail = cx->func_tail[func_index]};
  fe.nlocals = fe.type->nparams + fn->nlocals;
  fe.facts.local_read = calloc(fe.nlocals ? fe.nlocals : 1, sizeof *fe.facts.local_read);
  fe.facts.local_volatile = calloc(fe.nlocals ? fe.nlocals : 1, sizeof *fe.facts.local_volatile);
  fe.local_use = calloc(fe.nlocals ? fe.nlocals : 1, sizeof *fe.local_use);
  bool ok = (fe.facts.local_read && fe.facts.local_volatile && fe.local_use) || fe_oom(&fe);
  ok = ok && scan_body(&fe);
  if (ok && !cx->has_memory) fe.facts.accesses_memory = false;
  ok = ok && emit_body(&fe);
  if (ok) write_function(&fe, out);
  func_emitter_free(&fe);
  return ok;
}
