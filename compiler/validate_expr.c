/* validate_expr.c - typing of function bodies.
 *
 * The algorithm of the spec's validation appendix: a stack of operand types
 * and a stack of control frames. After an unconditional branch the rest of a
 * frame is unreachable and its stack polymorphic: popping below the frame's
 * base then yields VT_UNKNOWN, which matches any type.
 *
 * Bodies are decoded on the fly (decode.h); the two stacks are allocated once
 * per module and reused for every function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "validate_internal.h"

/* Explicit bounds, so that hostile input cannot make the validator allocate
 * without limit; both are far beyond what real compilers produce. */
enum { MAX_CONTROL_DEPTH = 100000, MAX_OPERAND_DEPTH = 1 << 24 };

typedef struct TypeList {
  const ValType *types;
  uint32_t n;
} TypeList;

/* FRAME_TRY is a legacy try before its first catch, FRAME_CATCH and
 * FRAME_CATCH_ALL its handlers (where rethrow may name it); a try_table
 * types like a block. */
typedef enum FrameKind {
  FRAME_FUNCTION, FRAME_BLOCK, FRAME_LOOP, FRAME_IF, FRAME_ELSE,
  FRAME_TRY, FRAME_CATCH, FRAME_CATCH_ALL, FRAME_TRY_TABLE
} FrameKind;

typedef struct CtrlFrame {
  FrameKind kind;
  TypeList params, results;
  uint32_t height;  /* operand stack height below the frame's own operands */
  uint32_t init_height; /* locals set so far when the frame began (see LocalInits) */
  bool unreachable; /* rest of the frame is dead code: its stack is polymorphic */
} CtrlFrame;

/* Block types [] -> [t] keep t here, one slot per control depth, in chunks
 * that never move: a TypeList must not point into a frame, which moves when
 * the control stack grows. */
enum { SINGLE_CHUNK = 1024, SINGLE_CHUNKS = MAX_CONTROL_DEPTH / SINGLE_CHUNK + 1 };

/* Non-nullable locals have no default: they must be set before they are
 * read. As in the spec, a set inside a block counts until the block ends:
 * `set` lists the locals set so far, a frame remembers how many there were
 * when it began and its end forgets the later ones. Only functions with such
 * locals track this (`on`). */
typedef struct LocalInits {
  bool on;
  bool *known;  /* per local: set on every path so far */
  uint32_t *set;
  uint32_t nset;
} LocalInits;

typedef struct BodyValidator {
  const Module *m;
  const FuncRefSet *refs;
  Error *err;
  uint32_t func_index;
  const FuncType *type;
  const Instr *ins; /* being validated: its offset and name go into messages */
  ValType *vals;
  uint32_t nvals, vals_cap;
  CtrlFrame *ctrls;
  uint32_t nctrls, ctrls_cap;
  ValType *singles[SINGLE_CHUNKS];
  LocalInits inits;
} BodyValidator;

static const TypeList no_types = {NULL, 0};

/* ------------------------------------------------------------- messages */

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static bool fail(BodyValidator *v, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  validation_failv(v->err, v->ins->offset, v->func_index, fmt, ap);
  va_end(ap);
  return false;
}

static const char *frame_kind_name(FrameKind kind) {
  switch (kind) {
    case FRAME_FUNCTION: return "function";
    case FRAME_BLOCK: return "block";
    case FRAME_LOOP: return "loop";
    case FRAME_TRY: return "try";
    case FRAME_CATCH: return "catch";
    case FRAME_CATCH_ALL: return "catch_all";
    case FRAME_TRY_TABLE: return "try_table";
    default: return "if";
  }
}

/* "in i32.add", "at end of block": where a type mismatch was found. */
static void describe_site(const BodyValidator *v, char *buf, size_t cap) {
  uint32_t op = v->ins->op;
  if (op == OP_END || op == OP_ELSE || op == OP_CATCH || op == OP_CATCH_ALL || op == OP_DELEGATE)
    snprintf(buf, cap, "at %s of %s", op == OP_END ? "end" : opcode_name(op),
             frame_kind_name(v->ctrls[v->nctrls - 1].kind));
  else
    snprintf(buf, cap, "in %s", opcode_name(v->ins->op));
}

/* "[i32 f64]", cut short with "..." when it does not fit in cap (>= 8). */
static void format_types(char *buf, size_t cap, const ValType *types, uint32_t n) {
  size_t len = (size_t)snprintf(buf, cap, "[");
  for (uint32_t i = 0; i < n; i++) {
    const char *name = stack_type_name(types[i]);
    /* keep room for " name", then "...]" and the NUL */
    if (len + 1 + strlen(name) + 5 > cap) {
      len += (size_t)snprintf(buf + len, cap - len, "...");
      break;
    }
    len += (size_t)snprintf(buf + len, cap - len, i ? " %s" : "%s", name);
  }
  snprintf(buf + len, cap - len, "]");
}

/* Reports that the top of the stack does not match `want`, showing the top
 * `shown` operands of the current frame. */
static bool stack_mismatch(BodyValidator *v, TypeList want, uint32_t shown) {
  char site[64], expected[160], found[160];
  const CtrlFrame *f = &v->ctrls[v->nctrls - 1];
  describe_site(v, site, sizeof site);
  format_types(expected, sizeof expected, want.types, want.n);
  /* no pointer arithmetic on an empty (possibly NULL) stack */
  const ValType *top = shown ? v->vals + v->nvals - shown : NULL;
  format_types(found, sizeof found, top, shown);
  bool more_below = v->nvals - f->height > shown;
  return fail(v, "type mismatch %s: expected %s but stack has %s%s", site, expected,
              more_below ? "... " : "", found);
}

/* ------------------------------------------------------- the two stacks */

static CtrlFrame *top_frame(BodyValidator *v) { return &v->ctrls[v->nctrls - 1]; }

static uint32_t frame_operands(const BodyValidator *v) {
  return v->nvals - v->ctrls[v->nctrls - 1].height;
}

static bool reserve_operands(BodyValidator *v, uint32_t extra) {
  uint64_t need = (uint64_t)v->nvals + extra;
  if (need <= v->vals_cap) return true;
  if (need > MAX_OPERAND_DEPTH)
    return fail(v, "operand stack too deep (limit %d values)", MAX_OPERAND_DEPTH);
  uint64_t cap = v->vals_cap ? v->vals_cap : 64;
  while (cap < need) cap *= 2;
  if (cap > MAX_OPERAND_DEPTH) cap = MAX_OPERAND_DEPTH;
  ValType *vals = realloc(v->vals, (size_t)cap * sizeof *vals);
  if (!vals) return fail(v, "out of memory");
  v->vals = vals;
  v->vals_cap = (uint32_t)cap;
  return true;
}

static bool push_operand(BodyValidator *v, ValType t) {
  if (!reserve_operands(v, 1)) return false;
  v->vals[v->nvals++] = t;
  return true;
}

static bool push_operands(BodyValidator *v, TypeList types) {
  if (!reserve_operands(v, types.n)) return false;
  if (types.n) memcpy(v->vals + v->nvals, types.types, types.n * sizeof *types.types);
  v->nvals += types.n;
  return true;
}

/* Pops one operand that must have type `want` (VT_UNKNOWN: any type); the
 * actual type goes to *got, VT_UNKNOWN when taken from a polymorphic stack. */
static bool pop_operand(BodyValidator *v, ValType want, ValType *got) {
  const CtrlFrame *f = top_frame(v);
  char site[64];
  if (v->nvals == f->height) {
    *got = VT_UNKNOWN;
    if (f->unreachable) return true;
    describe_site(v, site, sizeof site);
    if (want == VT_UNKNOWN) return fail(v, "type mismatch %s: expected an operand but the stack is empty", site);
    return fail(v, "type mismatch %s: expected %s but the stack is empty", site, stack_type_name(want));
  }
  ValType t = v->vals[v->nvals - 1];
  if (!valtype_sub(v->m, t, want)) {
    describe_site(v, site, sizeof site);
    return fail(v, "type mismatch %s: expected %s, found %s", site, stack_type_name(want), stack_type_name(t));
  }
  v->nvals--;
  *got = t;
  return true;
}

static bool pop_type(BodyValidator *v, ValType want) {
  ValType ignored;
  return pop_operand(v, want, &ignored);
}

/* Checks, without popping, that the top of the stack matches `want`. */
static bool check_top(BodyValidator *v, TypeList want) {
  const CtrlFrame *f = top_frame(v);
  uint32_t avail = frame_operands(v);
  bool ok = avail >= want.n || f->unreachable;
  for (uint32_t i = 1; ok && i <= want.n && i <= avail; i++) {
    ValType have = v->vals[v->nvals - i];
    ok = valtype_sub(v->m, have, want.types[want.n - i]);
  }
  return ok || stack_mismatch(v, want, avail < want.n ? avail : want.n);
}

static bool pop_types(BodyValidator *v, TypeList want) {
  if (!check_top(v, want)) return false;
  uint32_t avail = frame_operands(v);
  v->nvals -= avail < want.n ? avail : want.n;
  return true;
}

static bool push_frame(BodyValidator *v, FrameKind kind, TypeList params, TypeList results) {
  if (v->nctrls == v->ctrls_cap) {
    if (v->nctrls >= MAX_CONTROL_DEPTH)
      return fail(v, "control nesting too deep (limit %d)", MAX_CONTROL_DEPTH);
    uint32_t cap = v->ctrls_cap ? v->ctrls_cap * 2 : 16;
    if (cap > MAX_CONTROL_DEPTH) cap = MAX_CONTROL_DEPTH;
    CtrlFrame *ctrls = realloc(v->ctrls, cap * sizeof *ctrls);
    if (!ctrls) return fail(v, "out of memory");
    v->ctrls = ctrls;
    v->ctrls_cap = cap;
  }
  v->ctrls[v->nctrls++] = (CtrlFrame){.kind = kind, .params = params, .results = results,
                                      .height = v->nvals, .init_height = v->inits.nset};
  return push_operands(v, params);
}

/* The frame's operands must be exactly its results. */
static bool check_frame_end(BodyValidator *v) {
  const CtrlFrame *f = top_frame(v);
  uint32_t avail = frame_operands(v);
  if (avail > f->results.n) return stack_mismatch(v, f->results, avail);
  return check_top(v, f->results);
}

/* Forgets the locals set since the frame began (its end or else). */
static void reset_inits(BodyValidator *v, const CtrlFrame *f) {
  LocalInits *li = &v->inits;
  if (!li->on) return;
  while (li->nset > f->init_height) li->known[li->set[--li->nset]] = false;
}

static void mark_unreachable(BodyValidator *v) {
  CtrlFrame *f = top_frame(v);
  v->nvals = f->height;
  f->unreachable = true;
}

/* ------------------------------------------------------ control helpers */

static TypeList label_types(const CtrlFrame *f) {
  return f->kind == FRAME_LOOP ? f->params : f->results;
}

static bool find_label(BodyValidator *v, uint32_t depth, TypeList *types) {
  if (depth >= v->nctrls) return fail(v, "unknown label %u", depth);
  *types = label_types(&v->ctrls[v->nctrls - 1 - depth]);
  return true;
}

/* Type index t must be a function type (blocks, calls by type). */
static bool type_is_func(BodyValidator *v, uint32_t t, const FuncType **ft) {
  if (t >= v->m->ntypes) return fail(v, "unknown type %u", t);
  if (!(*ft = type_func(v->m, t))) return fail(v, "type mismatch: type %u is not a function type", t);
  return true;
}

static bool block_signature(BodyValidator *v, const BlockType *bt, TypeList *params,
                            TypeList *results) {
  *params = *results = no_types;
  if (bt->kind == BT_EMPTY) return true;
  if (bt->kind == BT_VALUE) {
    uint32_t depth = v->nctrls; /* of the frame about to be pushed */
    ValType **chunk = &v->singles[depth / SINGLE_CHUNK];
    if (!*chunk && !(*chunk = malloc(SINGLE_CHUNK * sizeof **chunk))) return fail(v, "out of memory");
    ValType *slot = &(*chunk)[depth % SINGLE_CHUNK];
    *slot = bt->value;
    *results = (TypeList){slot, 1};
    return true;
  }
  const FuncType *ft = NULL;
  if (!type_is_func(v, bt->index, &ft)) return false;
  *params = (TypeList){ft->params, ft->nparams};
  *results = (TypeList){ft->results, ft->nresults};
  return true;
}

/* a <: b elementwise (the function types of the two lists may differ in
 * type indices that name equal types). */
static bool sub_types(const BodyValidator *v, TypeList a, TypeList b) {
  if (a.n != b.n) return false;
  for (uint32_t i = 0; i < a.n; i++)
    if (!valtype_sub(v->m, a.types[i], b.types[i])) return false;
  return true;
}

/* validate_function_types has checked that every function has a function type. */
static const FuncType *type_of_func(const BodyValidator *v, uint32_t func_index) {
  return func_type(v->m, func_index);
}

static bool apply_signature(BodyValidator *v, const FuncType *ft) {
  return pop_types(v, (TypeList){ft->params, ft->nparams}) &&
         push_operands(v, (TypeList){ft->results, ft->nresults});
}

/* -------------------------------------------------------------- control */

static bool validate_block_start(BodyValidator *v, const Instr *ins) {
  TypeList params = no_types, results = no_types;
  if (!block_signature(v, &ins->bt, &params, &results)) return false;
  if (ins->op == OP_IF && !pop_type(v, VT_I32)) return false;
  if (!pop_types(v, params)) return false;
  FrameKind kind = ins->op == OP_BLOCK ? FRAME_BLOCK : ins->op == OP_LOOP ? FRAME_LOOP : FRAME_IF;
  return push_frame(v, kind, params, results);
}

static bool validate_else(BodyValidator *v) {
  CtrlFrame f = *top_frame(v);
  if (f.kind != FRAME_IF) return fail(v, "else without a matching if");
  if (!check_frame_end(v)) return false;
  reset_inits(v, &f);
  v->nvals = f.height;
  v->nctrls--;
  return push_frame(v, FRAME_ELSE, f.params, f.results);
}

static bool validate_end(BodyValidator *v) {
  CtrlFrame f = *top_frame(v);
  if (!check_frame_end(v)) return false;
  if (f.kind == FRAME_IF && !sub_types(v, f.params, f.results)) {
    char params[160], results[160];
    format_types(params, sizeof params, f.params.types, f.params.n);
    format_types(results, sizeof results, f.results.types, f.results.n);
    return fail(v, "type mismatch in if without else: type %s -> %s needs an else branch", params,
                results);
  }
  reset_inits(v, &f);
  v->nvals = f.height;
  v->nctrls--;
  /* the function frame's results are the function's; nothing follows it */
  return v->nctrls == 0 || push_operands(v, f.results);
}

static bool validate_br(BodyValidator *v, uint32_t depth) {
  TypeList types = no_types;
  if (!find_label(v, depth, &types) || !pop_types(v, types)) return false;
  mark_unreachable(v);
  return true;
}

static bool validate_br_if(BodyValidator *v, uint32_t depth) {
  TypeList types = no_types;
  return find_label(v, depth, &types) && pop_type(v, VT_I32) && pop_types(v, types) &&
         push_operands(v, types);
}

/* Every target must accept the operands; popping and pushing them back (as
 * the spec does) leaves the stack unchanged, so checking in place suffices. */
static bool validate_br_table(BodyValidator *v, const Instr *ins) {
  TypeList default_types = no_types;
  if (!pop_type(v, VT_I32) || !find_label(v, ins->idx, &default_types)) return false;
  size_t pos = ins->targets_offset;
  for (uint32_t i = 0; i < ins->ntargets; i++) {
    uint32_t depth = decode_br_table_next(v->m, &pos);
    TypeList types = no_types;
    if (!find_label(v, depth, &types)) return false;
    if (types.n != default_types.n)
      return fail(v, "type mismatch in br_table: label %u takes %u values but the default label %u takes %u",
                  depth, types.n, ins->idx, default_types.n);
    if (!check_top(v, types)) return false;
  }
  if (!pop_types(v, default_types)) return false;
  mark_unreachable(v);
  return true;
}

static bool validate_return(BodyValidator *v) {
  if (!pop_types(v, v->ctrls[0].results)) return false;
  mark_unreachable(v);
  return true;
}

static bool validate_call(BodyValidator *v, uint32_t func_index) {
  if (func_index >= v->m->nfuncs) return fail(v, "unknown function %u", func_index);
  return apply_signature(v, type_of_func(v, func_index));
}

/* call_indirect and return_call_indirect: the table must hold functions;
 * pops the element index (the table's index type, i64 for a table64) and
 * gives the callee's type. */
static bool pop_indirect_callee(BodyValidator *v, const Instr *ins, const FuncType **ft) {
  const Module *m = v->m;
  if (ins->idx2 >= m->ntables) return fail(v, "unknown table %u", ins->idx2);
  const TableType *table = &m->tables[ins->idx2].type;
  if (!valtype_sub(m, table->elem, VT_FUNCREF))
    return fail(v, "type mismatch in %s: table %u holds %s, not funcref", opcode_name(ins->op), ins->idx2,
                stack_type_name(table->elem));
  if (!type_is_func(v, ins->idx, ft)) return false;
  return pop_type(v, table_index_type(table));
}

static bool validate_call_indirect(BodyValidator *v, const Instr *ins) {
  const FuncType *ft = NULL;
  return pop_indirect_callee(v, ins, &ft) && apply_signature(v, ft);
}

/* return_call, return_call_indirect and return_call_ref: a call whose
 * results become the function's, so they must match the function's results;
 * then, like `return`, the rest of the frame is unreachable. */
static bool tail_call_results(BodyValidator *v, const FuncType *callee) {
  TypeList results = {callee->results, callee->nresults};
  if (!sub_types(v, results, v->ctrls[0].results)) {
    char got[160], want[160];
    format_types(got, sizeof got, callee->results, callee->nresults);
    format_types(want, sizeof want, v->ctrls[0].results.types, v->ctrls[0].results.n);
    return fail(v, "type mismatch in %s: the callee returns %s but the function returns %s",
                opcode_name(v->ins->op), got, want);
  }
  mark_unreachable(v);
  return true;
}

static bool validate_return_call(BodyValidator *v, uint32_t func_index) {
  if (func_index >= v->m->nfuncs) return fail(v, "unknown function %u", func_index);
  const FuncType *ft = type_of_func(v, func_index);
  return pop_types(v, (TypeList){ft->params, ft->nparams}) && tail_call_results(v, ft);
}

static bool validate_return_call_indirect(BodyValidator *v, const Instr *ins) {
  const FuncType *ft = NULL;
  return pop_indirect_callee(v, ins, &ft) && pop_types(v, (TypeList){ft->params, ft->nparams}) &&
         tail_call_results(v, ft);
}

/* call_ref $t and return_call_ref $t take a (ref null $t) after the
 * arguments. */
static bool pop_callee_ref(BodyValidator *v, uint32_t type_index, const FuncType **ft) {
  return type_is_func(v, type_index, ft) && pop_type(v, valtype_typed_ref(type_index, true));
}

static bool validate_call_ref(BodyValidator *v, const Instr *ins) {
  const FuncType *ft = NULL;
  if (!pop_callee_ref(v, ins->idx, &ft)) return false;
  if (ins->op == OP_CALL_REF) return apply_signature(v, ft);
  return pop_types(v, (TypeList){ft->params, ft->nparams}) && tail_call_results(v, ft);
}

/* Pops a reference of any type; *t is VT_UNKNOWN from a polymorphic stack. */
static bool pop_ref(BodyValidator *v, ValType *t) {
  if (!pop_operand(v, VT_UNKNOWN, t)) return false;
  if (valtype_is_ref(*t) || *t == VT_UNKNOWN) return true;
  return fail(v, "type mismatch in %s: expected a reference, found %s", opcode_name(v->ins->op),
              stack_type_name(*t));
}

/* The non-null version of a reference type (bottom stays bottom). */
static ValType non_null(ValType t) { return t == VT_UNKNOWN ? t : valtype_with_null(t, false); }

/* br_on_null l: [t* (ref null ht)] -> [t* (ref ht)], branching with t*. */
static bool validate_br_on_null(BodyValidator *v, uint32_t depth) {
  TypeList types = no_types;
  ValType t = VT_UNKNOWN;
  return find_label(v, depth, &types) && pop_ref(v, &t) && pop_types(v, types) && push_operands(v, types) &&
         push_operand(v, non_null(t));
}

/* br_on_non_null l: [t* (ref null ht)] -> [t*], branching with t* (ref ht):
 * the label's last type must be a reference that takes the operand. */
static bool validate_br_on_non_null(BodyValidator *v, uint32_t depth) {
  TypeList types = no_types;
  ValType t = VT_UNKNOWN;
  if (!find_label(v, depth, &types)) return false;
  if (types.n == 0 || !valtype_is_ref(types.types[types.n - 1]))
    return fail(v, "type mismatch in br_on_non_null: label %u must take a reference last", depth);
  return pop_ref(v, &t) && push_operand(v, non_null(t)) && pop_types(v, types) &&
         push_operands(v, (TypeList){types.types, types.n - 1});
}

/* br_on_cast l rt1 rt2: [t* rt1] -> [t* (rt1 \ rt2)], branching with t* rt2;
 * br_on_cast_fail the other way round. rt2 <: rt1, and the label's last
 * type must take what branches. rt1 \ rt2 is rt1 without null when rt2
 * takes null. */
static bool validate_br_on_cast(BodyValidator *v, const Instr *ins) {
  TypeList types = no_types;
  ValType rt1 = ins->ref_type, rt2 = ins->cast_type;
  ValType diff = valtype_nullable(rt2) ? valtype_with_null(rt1, false) : rt1;
  bool on_fail = ins->op == OP_BR_ON_CAST_FAIL;
  if (!valtype_sub(v->m, rt2, rt1))
    return fail(v, "type mismatch in %s: %s is no subtype of %s", opcode_name(ins->op), valtype_name(rt2),
                valtype_name(rt1));
  if (!find_label(v, ins->idx, &types)) return false;
  if (types.n == 0 || !valtype_sub(v->m, on_fail ? diff : rt2, types.types[types.n - 1]))
    return fail(v, "type mismatch in %s: label %u does not take %s last", opcode_name(ins->op), ins->idx,
                valtype_name(on_fail ? diff : rt2));
  TypeList rest = {types.types, types.n - 1};
  return pop_type(v, rt1) && pop_types(v, rest) && push_operands(v, rest) && push_operand(v, on_fail ? rt2 : diff);
}

/* ------------------------------------------------- exception handling */

static bool tag_params(BodyValidator *v, uint32_t tag, TypeList *params) {
  if (tag >= v->m->ntags) return fail(v, "unknown tag %u", tag);
  const FuncType *ft = type_func(v->m, v->m->tags[tag].type_index); /* validate_tags proved it one */
  if (!ft) return fail(v, "tag %u has no function type", tag);
  *params = (TypeList){ft->params, ft->nparams};
  return true;
}

static bool validate_throw(BodyValidator *v, uint32_t tag) {
  TypeList params = no_types;
  if (!tag_params(v, tag, &params) || !pop_types(v, params)) return false;
  mark_unreachable(v);
  return true;
}

static bool validate_throw_ref(BodyValidator *v) {
  if (!pop_type(v, VT_EXNREF)) return false;
  mark_unreachable(v);
  return true;
}

/* What a catch clause hands its label: the payload (catch, catch_ref) and
 * the exception itself, a (ref exn) (catch_ref, catch_all_ref). */
static const ValType exn_non_null = VT_EXNREF | VT_NON_NULL;

static bool check_catch_clause(BodyValidator *v, CatchClause c) {
  TypeList payload = no_types, label = no_types;
  if (c.kind <= CATCH_REF && !tag_params(v, c.tag, &payload)) return false;
  if (!find_label(v, c.label, &label)) return false;
  bool with_ref = c.kind == CATCH_REF || c.kind == CATCH_ALL_REF;
  bool ok = label.n == payload.n + with_ref;
  for (uint32_t i = 0; ok && i < payload.n; i++) ok = valtype_sub(v->m, payload.types[i], label.types[i]);
  if (ok && with_ref) ok = valtype_sub(v->m, exn_non_null, label.types[payload.n]);
  if (ok) return true;
  char want[160];
  format_types(want, sizeof want, label.types, label.n);
  static const char *const kinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
  return fail(v, "type mismatch in try_table: %s clause does not match label %u, which takes %s",
              kinds[c.kind], c.label, want);
}

/* try_table bt catch*: the clauses' labels are those outside the try_table. */
static bool validate_try_table(BodyValidator *v, const Instr *ins) {
  TypeList params = no_types, results = no_types;
  if (!block_signature(v, &ins->bt, &params, &results)) return false;
  size_t pos = ins->targets_offset;
  for (uint32_t i = 0; i < ins->ntargets; i++)
    if (!check_catch_clause(v, decode_catch_next(v->m, &pos))) return false;
  return pop_types(v, params) && push_frame(v, FRAME_TRY_TABLE, params, results);
}

/* Legacy catch x / catch_all: ends the try body (or the previous handler)
 * like else ends a then-branch; catch pushes the payload. */
static bool validate_catch(BodyValidator *v, const Instr *ins) {
  CtrlFrame f = *top_frame(v);
  if (f.kind != FRAME_TRY && f.kind != FRAME_CATCH)
    return fail(v, "%s without a matching try%s", opcode_name(ins->op),
                f.kind == FRAME_CATCH_ALL ? " (catch_all must be the last handler)" : "");
  TypeList payload = no_types;
  if (ins->op == OP_CATCH && !tag_params(v, ins->idx, &payload)) return false;
  if (!check_frame_end(v)) return false;
  reset_inits(v, &f);
  v->nvals = f.height;
  v->nctrls--;
  return push_frame(v, ins->op == OP_CATCH ? FRAME_CATCH : FRAME_CATCH_ALL, f.params, f.results) &&
         push_operands(v, payload);
}

/* try ... delegate l: ends the try; l is a label outside it (the function's
 * own label means the caller). */
static bool validate_delegate(BodyValidator *v, uint32_t depth) {
  CtrlFrame f = *top_frame(v);
  if (f.kind != FRAME_TRY) return fail(v, "delegate without a matching try");
  if (!check_frame_end(v)) return false;
  reset_inits(v, &f);
  v->nvals = f.height;
  v->nctrls--;
  if (depth >= v->nctrls) return fail(v, "unknown label %u", depth);
  return push_operands(v, f.results);
}

/* rethrow l: l must be a legacy catch or catch_all handler around it. */
static bool validate_rethrow(BodyValidator *v, uint32_t depth) {
  if (depth >= v->nctrls) return fail(v, "unknown label %u", depth);
  FrameKind kind = v->ctrls[v->nctrls - 1 - depth].kind;
  if (kind != FRAME_CATCH && kind != FRAME_CATCH_ALL)
    return fail(v, "invalid rethrow label %u: it names a %s, not a catch", depth, frame_kind_name(kind));
  mark_unreachable(v);
  return true;
}

static bool validate_control(BodyValidator *v, const Instr *ins) {
  switch (ins->op) {
    case OP_UNREACHABLE: mark_unreachable(v); return true;
    case OP_NOP: return true;
    case OP_BLOCK: case OP_LOOP: case OP_IF: return validate_block_start(v, ins);
    case OP_ELSE: return validate_else(v);
    case OP_END: return validate_end(v);
    case OP_BR: return validate_br(v, ins->idx);
    case OP_BR_IF: return validate_br_if(v, ins->idx);
    case OP_BR_TABLE: return validate_br_table(v, ins);
    case OP_RETURN: return validate_return(v);
    case OP_CALL: return validate_call(v, ins->idx);
    case OP_RETURN_CALL: return validate_return_call(v, ins->idx);
    case OP_RETURN_CALL_INDIRECT: return validate_return_call_indirect(v, ins);
    case OP_CALL_REF: case OP_RETURN_CALL_REF: return validate_call_ref(v, ins);
    case OP_BR_ON_NULL: return validate_br_on_null(v, ins->idx);
    case OP_BR_ON_NON_NULL: return validate_br_on_non_null(v, ins->idx);
    case OP_TRY: {
      TypeList params = no_types, results = no_types;
      return block_signature(v, &ins->bt, &params, &results) && pop_types(v, params) &&
             push_frame(v, FRAME_TRY, params, results);
    }
    case OP_CATCH: case OP_CATCH_ALL: return validate_catch(v, ins);
    case OP_DELEGATE: return validate_delegate(v, ins->idx);
    case OP_RETHROW: return validate_rethrow(v, ins->idx);
    case OP_THROW: return validate_throw(v, ins->idx);
    case OP_THROW_REF: return validate_throw_ref(v);
    case OP_TRY_TABLE: return validate_try_table(v, ins);
    default: return validate_call_indirect(v, ins);
  }
}

/* ---------------------------------------------------------- parametric */

static bool is_numeric_or_vector(ValType t) {
  return t == VT_I32 || t == VT_I64 || t == VT_F32 || t == VT_F64 || t == VT_V128 || t == VT_UNKNOWN;
}

/* Untyped select predates reference types and is limited to numeric operands. */
static bool validate_select(BodyValidator *v) {
  ValType t1 = VT_UNKNOWN, t2 = VT_UNKNOWN;
  if (!pop_type(v, VT_I32) || !pop_operand(v, VT_UNKNOWN, &t1) || !pop_operand(v, VT_UNKNOWN, &t2))
    return false;
  if (!is_numeric_or_vector(t1) || !is_numeric_or_vector(t2))
    return fail(v, "type mismatch in select: untyped select needs numeric operands, found %s and %s",
                stack_type_name(t2), stack_type_name(t1));
  if (t1 != t2 && t1 != VT_UNKNOWN && t2 != VT_UNKNOWN)
    return fail(v, "type mismatch in select: operands differ, %s and %s", stack_type_name(t2),
                stack_type_name(t1));
  return push_operand(v, t1 == VT_UNKNOWN ? t2 : t1);
}

static bool validate_typed_select(BodyValidator *v, const Instr *ins) {
  if (ins->nselect_types != 1)
    return fail(v, "invalid result arity: select takes exactly one type, not %u", ins->nselect_types);
  ValType t = ins->select_type;
  return pop_type(v, VT_I32) && pop_type(v, t) && pop_type(v, t) && push_operand(v, t);
}

/* ----------------------------------------------------------- variables */

static bool local_type(BodyValidator *v, uint32_t index, ValType *out) {
  const Func *f = &v->m->funcs[v->func_index];
  uint32_t nparams = v->type->nparams;
  if (index < nparams) *out = v->type->params[index];
  else if ((uint64_t)index - nparams < f->nlocals) *out = f->locals[index - nparams];
  else return fail(v, "unknown local %u", index);
  return true;
}

/* local.set and local.tee initialise a local until the enclosing block ends. */
static void note_set(BodyValidator *v, uint32_t index) {
  LocalInits *li = &v->inits;
  if (!li->on || li->known[index]) return;
  li->known[index] = true;
  li->set[li->nset++] = index;
}

static bool validate_local(BodyValidator *v, const Instr *ins) {
  ValType t = VT_UNKNOWN;
  if (!local_type(v, ins->idx, &t)) return false;
  switch (ins->op) {
    case OP_LOCAL_GET:
      if (v->inits.on && !v->inits.known[ins->idx])
        return fail(v, "uninitialized local %u: a local of type %s must be set before local.get", ins->idx,
                    valtype_name(t));
      return push_operand(v, t);
    case OP_LOCAL_SET:
      if (!pop_type(v, t)) return false;
      note_set(v, ins->idx);
      return true;
    default: /* local.tee */
      if (!pop_type(v, t)) return false;
      note_set(v, ins->idx);
      return push_operand(v, t);
  }
}

static bool validate_global(BodyValidator *v, const Instr *ins) {
  if (ins->idx >= v->m->nglobals) return fail(v, "unknown global %u", ins->idx);
  const GlobalType *g = &v->m->globals[ins->idx].type;
  if (ins->op == OP_GLOBAL_GET) return push_operand(v, g->type);
  if (!g->mutable_) return fail(v, "global is immutable: global.set of global %u", ins->idx);
  return pop_type(v, g->type);
}

/* --------------------------------------------------------------- tables */

static bool table_elem_type(BodyValidator *v, uint32_t index, ValType *out) {
  if (index >= v->m->ntables) return fail(v, "unknown table %u", index);
  *out = v->m->tables[index].type.elem;
  return true;
}

static bool elem_segment_type(BodyValidator *v, uint32_t index, ValType *out) {
  if (index >= v->m->nelems) return fail(v, "unknown elem segment %u", index);
  *out = v->m->elems[index].type;
  return true;
}

/* The type of a table's indices, sizes and lengths (i32, or i64 for table64);
 * the index must have been checked. */
static ValType table_index(BodyValidator *v, uint32_t index) {
  return table_index_type(&v->m->tables[index].type);
}

/* table.copy's length must fit both tables: i64 only when both are 64-bit. */
static bool validate_table_copy(BodyValidator *v, const Instr *ins) {
  ValType dst = VT_UNKNOWN, src = VT_UNKNOWN;
  if (!table_elem_type(v, ins->idx, &dst) || !table_elem_type(v, ins->idx2, &src)) return false;
  if (!valtype_sub(v->m, src, dst))
    return fail(v, "type mismatch in table.copy: table %u holds %s but table %u holds %s", ins->idx,
                stack_type_name(dst), ins->idx2, stack_type_name(src));
  ValType dst_index = table_index(v, ins->idx), src_index = table_index(v, ins->idx2);
  ValType len = dst_index == VT_I64 && src_index == VT_I64 ? VT_I64 : VT_I32;
  return pop_type(v, len) && pop_type(v, src_index) && pop_type(v, dst_index);
}

static bool validate_table_init(BodyValidator *v, const Instr *ins) {
  ValType table = VT_UNKNOWN, segment = VT_UNKNOWN;
  if (!table_elem_type(v, ins->idx2, &table) || !elem_segment_type(v, ins->idx, &segment))
    return false;
  if (!valtype_sub(v->m, segment, table))
    return fail(v, "type mismatch in table.init: table %u holds %s but elem segment %u holds %s",
                ins->idx2, stack_type_name(table), ins->idx, stack_type_name(segment));
  /* the segment offset and length are i32 whatever the table's index type */
  return pop_type(v, VT_I32) && pop_type(v, VT_I32) && pop_type(v, table_index(v, ins->idx2));
}

static bool validate_table_op(BodyValidator *v, const Instr *ins) {
  ValType t = VT_UNKNOWN;
  switch (ins->op) {
    case OP_TABLE_INIT: return validate_table_init(v, ins);
    case OP_ELEM_DROP: return elem_segment_type(v, ins->idx, &t);
    case OP_TABLE_COPY: return validate_table_copy(v, ins);
    default: break;
  }
  if (!table_elem_type(v, ins->idx, &t)) return false;
  ValType it = table_index(v, ins->idx);
  switch (ins->op) {
    case OP_TABLE_GET: return pop_type(v, it) && push_operand(v, t);
    case OP_TABLE_SET: return pop_type(v, t) && pop_type(v, it);
    case OP_TABLE_GROW: /* table.grow */
      return pop_type(v, it) && pop_type(v, t) && push_operand(v, it);
    case OP_TABLE_SIZE: return push_operand(v, it); /* table.size */
    default: return pop_type(v, it) && pop_type(v, t) && pop_type(v, it); /* fill */
  }
}

/* --------------------------------------------------------------- memory */

static bool require_memory(BodyValidator *v) {
  return v->m->nmemories > 0 || fail(v, "unknown memory 0 in %s", opcode_name(v->ins->op));
}

static bool check_memory_index(BodyValidator *v, uint32_t index) {
  if (index != 0 && !(v->m->features & FEATURE_MULTI_MEMORY))
    return fail(v, "zero byte expected: memory index %u in %s needs the multi-memory feature", index,
                opcode_name(v->ins->op));
  return index < v->m->nmemories || fail(v, "unknown memory %u in %s", index, opcode_name(v->ins->op));
}

/* memory.init and data.drop name data segments before the data section is
 * read, which is why the binary format requires the data count section. */
static bool require_data_segment(BodyValidator *v, uint32_t index) {
  if (!v->m->has_data_count) return fail(v, "data count section required by %s", opcode_name(v->ins->op));
  return index < v->m->ndatas || fail(v, "unknown data segment %u", index);
}

/* The type of memory index's addresses, sizes and lengths (i32 or i64). */
static ValType index_type(BodyValidator *v, uint32_t index) {
  return memory_index_type(&v->m->memories[index]);
}

/* memory.copy's length must fit both memories: i64 only when both are. */
static bool validate_memory_copy(BodyValidator *v, const Instr *ins) {
  ValType dst = index_type(v, ins->memidx), src = index_type(v, ins->memidx2);
  ValType len = dst == VT_I64 && src == VT_I64 ? VT_I64 : VT_I32;
  return pop_type(v, len) && pop_type(v, src) && pop_type(v, dst);
}

static bool validate_memory_op(BodyValidator *v, const Instr *ins) {
  if (ins->op == OP_DATA_DROP) return require_data_segment(v, ins->idx); /* data.drop */
  if (!require_memory(v)) return false;
  uint32_t highest = ins->memidx > ins->memidx2 ? ins->memidx : ins->memidx2;
  if (!check_memory_index(v, highest)) return false;
  ValType it = index_type(v, ins->memidx);
  switch (ins->op) {
    case OP_MEMORY_SIZE: return push_operand(v, it);
    case OP_MEMORY_GROW: return pop_type(v, it) && push_operand(v, it);
    case OP_MEMORY_INIT: /* memory.init: destination address, segment offset, length */
      return require_data_segment(v, ins->idx) && pop_type(v, VT_I32) && pop_type(v, VT_I32) &&
             pop_type(v, it);
    case OP_MEMORY_COPY: return validate_memory_copy(v, ins);
    default: return pop_type(v, it) && pop_type(v, VT_I32) && pop_type(v, it); /* memory.fill */
  }
}

/* ----------------------------------------------------------- references */

static bool validate_ref_op(BodyValidator *v, const Instr *ins) {
  ValType t = VT_UNKNOWN;
  switch (ins->op) {
    case OP_REF_NULL: return push_operand(v, ins->ref_type);
    case OP_REF_IS_NULL: return pop_ref(v, &t) && push_operand(v, VT_I32);
    case OP_REF_AS_NON_NULL: return pop_ref(v, &t) && push_operand(v, non_null(t));
    default: /* ref.func */
      if (ins->idx >= v->m->nfuncs) return fail(v, "unknown function %u", ins->idx);
      if (!func_ref_declared(v->refs, ins->idx))
        return fail(v, "undeclared function reference %u: ref.func needs the function in an "
                       "element segment, export or global initialiser", ins->idx);
      return push_operand(v, valtype_typed_ref(v->m->funcs[ins->idx].type_index, false)); /* (ref $t) */
  }
}

/* ------------------------------------------------------------------ GC */

/* A field's type on the stack: packed i8 and i16 are i32 there. */
static ValType unpacked(ValType storage) {
  return storage == STORAGE_I8 || storage == STORAGE_I16 ? VT_I32 : storage;
}

static bool struct_type(BodyValidator *v, uint32_t t, const TypeDef **out) {
  if (t >= v->m->ntypes) return fail(v, "unknown type %u", t);
  if (v->m->types[t].form != TYPE_FORM_STRUCT) return fail(v, "type %u is not a struct type", t);
  *out = &v->m->types[t];
  return true;
}

static bool array_type(BodyValidator *v, uint32_t t, const FieldType **elem) {
  if (t >= v->m->ntypes) return fail(v, "unknown type %u", t);
  if (v->m->types[t].form != TYPE_FORM_ARRAY) return fail(v, "type %u is not an array type", t);
  *elem = &v->m->types[t].fields[0];
  return true;
}

/* A get of a field or element: plain get only of an unpacked one, _s and _u
 * only of a packed one. */
static bool check_get_packing(BodyValidator *v, const FieldType *f, bool plain_get) {
  bool packed = unpacked(f->storage) != f->storage;
  if (packed == !plain_get) return true;
  return fail(v, "%s of a%s field", opcode_name(v->ins->op), packed ? " packed" : "n unpacked");
}

static bool require_mutable(BodyValidator *v, const FieldType *f, uint32_t t) {
  return f->mutable_ || fail(v, "%s: type %u has immutable elements", opcode_name(v->ins->op), t);
}

/* array.new_data and array.init_data: a data segment, numeric elements. */
static bool check_array_data(BodyValidator *v, const FieldType *f, uint32_t data) {
  if (!v->m->has_data_count) return fail(v, "%s requires a data count section", opcode_name(v->ins->op));
  if (data >= v->m->ndatas) return fail(v, "unknown data segment %u", data);
  if (valtype_is_ref(f->storage)) return fail(v, "type mismatch in %s: reference elements", opcode_name(v->ins->op));
  return true;
}

/* array.fill, array.copy, array.init_data. */
static bool validate_array_bulk(BodyValidator *v, const Instr *ins, const FieldType *f, ValType ref) {
  const FieldType *src = NULL;
  switch (ins->op) {
    case OP_ARRAY_FILL:
      return require_mutable(v, f, ins->idx) && pop_type(v, VT_I32) && pop_type(v, unpacked(f->storage)) &&
             pop_type(v, VT_I32) && pop_type(v, ref);
    case OP_ARRAY_COPY:
      if (!require_mutable(v, f, ins->idx) || !array_type(v, ins->idx2, &src)) return false;
      if (!valtype_sub(v->m, src->storage, f->storage)) /* packed types: only themselves */
        return fail(v, "type mismatch in array.copy: elements of type %u do not fit type %u", ins->idx2, ins->idx);
      return pop_type(v, VT_I32) && pop_type(v, VT_I32) && pop_type(v, valtype_type_ref(v->m, ins->idx2, true)) &&
             pop_type(v, VT_I32) && pop_type(v, ref);
    default: /* array.init_data */
      return require_mutable(v, f, ins->idx) && check_array_data(v, f, ins->idx2) && pop_type(v, VT_I32) &&
             pop_type(v, VT_I32) && pop_type(v, VT_I32) && pop_type(v, ref);
  }
}

/* array.new, array.new_default, array.new_fixed, array.new_data,
 * array.get(_s/_u), array.set, array.len and the bulk operations. */
static bool validate_array_op(BodyValidator *v, const Instr *ins) {
  const FieldType *f = NULL;
  if (ins->op == OP_ARRAY_LEN) return pop_type(v, VT_ARRAYREF) && push_operand(v, VT_I32);
  if (!array_type(v, ins->idx, &f)) return false;
  ValType ref = valtype_type_ref(v->m, ins->idx, true), elem = unpacked(f->storage);
  switch (ins->op) {
    case OP_ARRAY_NEW: return pop_type(v, VT_I32) && pop_type(v, elem) && push_operand(v, non_null(ref));
    case OP_ARRAY_FILL: case OP_ARRAY_COPY: case OP_ARRAY_INIT_DATA: return validate_array_bulk(v, ins, f, ref);
    case OP_ARRAY_NEW_DATA:
      return check_array_data(v, f, ins->idx2) && pop_type(v, VT_I32) && pop_type(v, VT_I32) &&
             push_operand(v, non_null(ref));
    case OP_ARRAY_NEW_DEFAULT:
      if (!valtype_defaultable(f->storage)) return fail(v, "array.new_default: type %u has no default value", ins->idx);
      return pop_type(v, VT_I32) && push_operand(v, non_null(ref));
    case OP_ARRAY_NEW_FIXED:
      for (uint32_t i = 0; i < ins->idx2; i++)
        if (!pop_type(v, elem)) return false;
      return push_operand(v, non_null(ref));
    case OP_ARRAY_SET:
      return require_mutable(v, f, ins->idx) && pop_type(v, elem) && pop_type(v, VT_I32) && pop_type(v, ref);
    default:
      return check_get_packing(v, f, ins->op == OP_ARRAY_GET) && pop_type(v, VT_I32) && pop_type(v, ref) &&
             push_operand(v, elem);
  }
}

/* The target type of ref.test and ref.cast: the immediate's heap type,
 * nullable for the `null` forms (decoded always nullable). */
static ValType cast_target(const Instr *ins) {
  return valtype_with_null(ins->ref_type, ins->op == OP_REF_TEST_NULL || ins->op == OP_REF_CAST_NULL);
}

/* ref.test and ref.cast take any reference of the target's hierarchy. */
static bool validate_cast(BodyValidator *v, const Instr *ins) {
  ValType rt = cast_target(ins);
  if (!pop_type(v, valtype_repr(rt))) return false;
  return push_operand(v, ins->op == OP_REF_TEST || ins->op == OP_REF_TEST_NULL ? VT_I32 : rt);
}

/* any.convert_extern and extern.convert_any keep nullness. */
static bool validate_convert(BodyValidator *v, const Instr *ins) {
  bool to_any = ins->op == OP_ANY_CONVERT_EXTERN;
  ValType t = VT_UNKNOWN;
  if (!pop_operand(v, to_any ? VT_EXTERNREF : VT_ANYREF, &t)) return false;
  bool nullable = t == VT_UNKNOWN || valtype_nullable(t);
  return push_operand(v, valtype_with_null(to_any ? VT_ANYREF : VT_EXTERNREF, nullable));
}

static bool struct_field(BodyValidator *v, const Instr *ins, const TypeDef **st, const FieldType **field) {
  if (!struct_type(v, ins->idx, st)) return false;
  if (ins->idx2 >= (*st)->nfields) return fail(v, "unknown field %u of type %u", ins->idx2, ins->idx);
  *field = &(*st)->fields[ins->idx2];
  return true;
}

/* struct.new, struct.new_default, struct.get(_s/_u), struct.set. */
static bool validate_struct_op(BodyValidator *v, const Instr *ins) {
  const TypeDef *st = NULL;
  const FieldType *f = NULL;
  ValType ref = valtype_type_ref(v->m, ins->idx, true);
  switch (ins->op) {
    case OP_STRUCT_NEW:
      if (!struct_type(v, ins->idx, &st)) return false;
      for (uint32_t i = st->nfields; i-- > 0;)
        if (!pop_type(v, unpacked(st->fields[i].storage))) return false;
      return push_operand(v, non_null(ref));
    case OP_STRUCT_NEW_DEFAULT:
      if (!struct_type(v, ins->idx, &st)) return false;
      for (uint32_t i = 0; i < st->nfields; i++)
        if (!valtype_defaultable(st->fields[i].storage))
          return fail(v, "struct.new_default: field %u of type %u has no default value", i, ins->idx);
      return push_operand(v, non_null(ref));
    case OP_STRUCT_SET:
      if (!struct_field(v, ins, &st, &f)) return false;
      if (!f->mutable_) return fail(v, "struct.set: field %u of type %u is immutable", ins->idx2, ins->idx);
      return pop_type(v, unpacked(f->storage)) && pop_type(v, ref);
    default:
      return struct_field(v, ins, &st, &f) && check_get_packing(v, f, ins->op == OP_STRUCT_GET) &&
             pop_type(v, ref) && push_operand(v, unpacked(f->storage));
  }
}

/* ------------------------------------------ numeric, loads and stores */

static bool check_alignment(BodyValidator *v, const Instr *ins, const OpInfo *info) {
  if (info->kind == OPK_ATOMIC) { /* threads: atomic accesses must state their natural alignment */
    if (ins->align < 32 && (UINT64_C(1) << ins->align) == info->mem_size) return true;
    return fail(v, "alignment must be exactly natural for atomic accesses: %s with 2^%u for a %u-byte access",
                info->name, ins->align, info->mem_size);
  }
  if (ins->align < 32 && (UINT64_C(1) << ins->align) <= info->mem_size) return true;
  return fail(v, "alignment must not be larger than natural: %s with 2^%u for a %u-byte access",
              info->name, ins->align, info->mem_size);
}

/* Lane immediates index the lanes of their shape; shuffle picks from 32. */
static bool check_lanes(BodyValidator *v, const Instr *ins, const OpInfo *info) {
  if (info->imm == IMM_SHUFFLE) {
    for (int i = 0; i < 16; i++)
      if (ins->imm.v128[i] >= 32) return fail(v, "invalid lane index %u in %s (lanes 0-31)", ins->imm.v128[i], info->name);
    return true;
  }
  if (info->lanes && ins->lane >= info->lanes)
    return fail(v, "invalid lane index %u in %s (lanes 0-%u)", ins->lane, info->name, info->lanes - 1u);
  return true;
}

/* Everything op_info describes completely: pop its operands, push its result. */
static bool validate_simple(BodyValidator *v, const Instr *ins) {
  const OpInfo *info = op_info(ins->op);
  if (!info || info->kind == OPK_SPECIAL) return fail(v, "unsupported instruction %s", opcode_name(ins->op));
  if (info->mem_size && (!require_memory(v) || !check_alignment(v, ins, info))) return false;
  if (info->mem_size && !check_memory_index(v, ins->memidx)) return false;
  if (!check_lanes(v, ins, info)) return false;
  for (unsigned i = info->nin; i-- > 0;) {
    /* a load's or store's operand 0 is the address: the memory's index type */
    ValType t = info->mem_size && i == 0 ? index_type(v, ins->memidx) : info->in[i];
    if (!pop_type(v, t)) return false;
  }
  return info->nout == 0 || push_operand(v, info->out);
}

/* ------------------------------------------------------------- dispatch */

static bool validate_instr(BodyValidator *v, const Instr *ins) {
  switch (ins->op) {
    case OP_UNREACHABLE: case OP_NOP: case OP_BLOCK: case OP_LOOP: case OP_IF: case OP_ELSE:
    case OP_END: case OP_BR: case OP_BR_IF: case OP_BR_TABLE: case OP_RETURN: case OP_CALL:
    case OP_CALL_INDIRECT: case OP_RETURN_CALL: case OP_RETURN_CALL_INDIRECT: case OP_CALL_REF:
    case OP_RETURN_CALL_REF: case OP_BR_ON_NULL: case OP_BR_ON_NON_NULL:
    case OP_TRY: case OP_CATCH: case OP_CATCH_ALL: case OP_DELEGATE: case OP_RETHROW:
    case OP_THROW: case OP_THROW_REF: case OP_TRY_TABLE:
      return validate_control(v, ins);
    case OP_DROP: return pop_type(v, VT_UNKNOWN);
    case OP_SELECT: return validate_select(v);
    case OP_SELECT_T: return validate_typed_select(v, ins);
    case OP_LOCAL_GET: case OP_LOCAL_SET: case OP_LOCAL_TEE: return validate_local(v, ins);
    case OP_GLOBAL_GET: case OP_GLOBAL_SET: return validate_global(v, ins);
    case OP_TABLE_GET: case OP_TABLE_SET: case OP_TABLE_INIT: case OP_ELEM_DROP:
    case OP_TABLE_COPY: case OP_TABLE_GROW: case OP_TABLE_SIZE: case OP_TABLE_FILL:
      return validate_table_op(v, ins);
    case OP_MEMORY_SIZE: case OP_MEMORY_GROW: case OP_MEMORY_INIT: case OP_DATA_DROP:
    case OP_MEMORY_COPY: case OP_MEMORY_FILL:
      return validate_memory_op(v, ins);
    case OP_I32_CONST: return push_operand(v, VT_I32);
    case OP_I64_CONST: return push_operand(v, VT_I64);
    case OP_F32_CONST: return push_operand(v, VT_F32);
    case OP_F64_CONST: return push_operand(v, VT_F64);
    case OP_V128_CONST: return push_operand(v, VT_V128);
    case OP_ATOMIC_FENCE: return true; /* orders accesses; needs no memory */
    case OP_REF_NULL: case OP_REF_IS_NULL: case OP_REF_FUNC: case OP_REF_AS_NON_NULL:
      return validate_ref_op(v, ins);
    case OP_STRUCT_NEW: case OP_STRUCT_NEW_DEFAULT: case OP_STRUCT_GET: case OP_STRUCT_GET_S:
    case OP_STRUCT_GET_U: case OP_STRUCT_SET:
      return validate_struct_op(v, ins);
    case OP_ARRAY_NEW: case OP_ARRAY_NEW_DEFAULT: case OP_ARRAY_NEW_FIXED: case OP_ARRAY_GET:
    case OP_ARRAY_GET_S: case OP_ARRAY_GET_U: case OP_ARRAY_SET: case OP_ARRAY_LEN: case OP_ARRAY_FILL:
    case OP_ARRAY_COPY: case OP_ARRAY_INIT_DATA: case OP_ARRAY_NEW_DATA:
      return validate_array_op(v, ins);
    case OP_REF_TEST: case OP_REF_TEST_NULL: case OP_REF_CAST: case OP_REF_CAST_NULL:
      return validate_cast(v, ins);
    case OP_ANY_CONVERT_EXTERN: case OP_EXTERN_CONVERT_ANY: return validate_convert(v, ins);
    case OP_BR_ON_CAST: case OP_BR_ON_CAST_FAIL: return validate_br_on_cast(v, ins);
    default: return validate_simple(v, ins);
  }
}

/* Tracking starts with the parameters set and is on only when some local
 * has no default. */
static bool start_local_inits(BodyValidator *v, const Func *f) {
  LocalInits *li = &v->inits;
  free(li->known);
  free(li->set);
  *li = (LocalInits){0};
  for (uint32_t i = 0; i < f->nlocals && !li->on; i++) li->on = !valtype_defaultable(f->locals[i]);
  if (!li->on) return true;
  size_t n = (size_t)v->type->nparams + f->nlocals;
  li->known = calloc(n, sizeof *li->known);
  li->set = calloc(n, sizeof *li->set);
  if (!li->known || !li->set) return fail(v, "out of memory");
  for (uint32_t i = 0; i < v->type->nparams; i++) li->known[i] = true;
  for (uint32_t i = 0; i < f->nlocals; i++) li->known[v->type->nparams + i] = valtype_defaultable(f->locals[i]);
  return true;
}

static bool validate_body(BodyValidator *v, uint32_t func_index) {
  const Module *m = v->m;
  const Func *f = &m->funcs[func_index];
  Instr ins = {.op = OP_NOP, .offset = f->body_offset};
  v->func_index = func_index;
  v->type = func_type(m, func_index);
  v->ins = &ins;
  v->nvals = v->nctrls = 0;
  if (!start_local_inits(v, f)) return false;
  TypeList results = {v->type->results, v->type->nresults};
  if (!push_frame(v, FRAME_FUNCTION, no_types, results)) return false;

  Decoder d = {.m = m, .pos = f->body_offset, .end = f->body_end};
  while (v->nctrls > 0) {
    if (!decode_instr(&d, &ins, v->err)) {
      v->err->func = func_index;
      return false;
    }
    if (!validate_instr(v, &ins)) return false;
  }
  if (d.pos != d.end)
    return validation_fail(v->err, d.pos, func_index, "instructions after the end of the function");
  return true;
}

bool validate_function_bodies(const Module *m, const FuncRefSet *refs, Error *err) {
  BodyValidator v = {.m = m, .refs = refs, .err = err};
  bool ok = true;
  for (uint32_t i = m->nimported_funcs; ok && i < m->nfuncs; i++) ok = validate_body(&v, i);
  free(v.vals);
  free(v.ctrls);
  for (uint32_t i = 0; i < SINGLE_CHUNKS; i++) free(v.singles[i]);
  free(v.inits.known);
  free(v.inits.set);
  return ok;
}
