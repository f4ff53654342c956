/* emit_func.h - state of the translation of one function body, shared by
 * emit_func.c (control flow, calls, assembling the C function) and
 * emit_ops.c (all other instructions).
 *
 * The wasm operand stack becomes C variables named by depth and type: the
 * i32 at depth 3 is `i3`, an f64 there is `d3` (letters: i j f d r e). Block
 * parameters and results therefore stay in place, and a branch only copies
 * the values it carries down to the target's base depth. Wasm locals are
 * `l0`, `l1`, ... (parameters first).
 */
#ifndef WASMCC_EMIT_FUNC_H
#define WASMCC_EMIT_FUNC_H

#include "emit_internal.h"

/* Exception handling (emit_eh.c): FRAME_TRY_TABLE and FRAME_TRY (a legacy
 * try before its first catch) have an active handler, the C variable
 * h<label>; FRAME_CATCH is a legacy try in its handlers, which own the
 * caught exception x<label>. */
enum { FRAME_FUNC, FRAME_BLOCK, FRAME_LOOP, FRAME_IF, FRAME_TRY_TABLE, FRAME_TRY, FRAME_CATCH };

typedef struct Frame {
  uint8_t kind;               /* FRAME_* */
  bool has_else;
  bool then_falls_through;    /* FRAME_IF with else: the then-part reached `else` */
  /* try frames: */
  bool falls_through;         /* some part reaches the end: the C label J<label> */
  bool has_catch_all;         /* FRAME_CATCH */
  uint32_t ncatches;          /* FRAME_CATCH: handlers so far (labels C<label>_<k>) */
  size_t clauses_offset;      /* FRAME_TRY_TABLE: its catch clauses (decode_catch_next) */
  uint32_t nclauses;
  Buf dispatch;               /* FRAME_CATCH: the tests that pick a handler */
  uint32_t label;             /* block ordinal in the body: the C label L<label> */
  uint32_t base;              /* stack height below the block's parameters */
  uint32_t nparams, nresults;
  const ValType *params;
  const ValType *results;     /* NULL for a single-value block type: see value */
  ValType value;
} Frame;

/* Where a stack value is: in its slot variable, or still pending as a
 * constant or a local's current value, written straight into the expression
 * that consumes it. Pending values are stored to their slots
 * (fe_materialize) at control flow, and before their local is assigned. */
enum { VALUE_IN_SLOT, VALUE_CONST, VALUE_LOCAL };

/* An operand stack entry. from_memory: the value may be (computed from) a
 * load, so discarding it must keep it alive in guard mode (WCC_KEEP).
 * Constants are remembered for the NaN rules (see is_identity_constant). */
typedef struct StackValue {
  ValType type;
  uint8_t where;        /* VALUE_* */
  bool from_memory;
  /* May equal a call's result unchanged (after the C compiler's folding):
   * returning it needs the no-tail-call barrier (see write_return). */
  bool from_call;
  bool is_const;        /* pushed by a constant instruction: const_bits */
  uint64_t const_bits;
  uint32_t local;       /* VALUE_LOCAL */
} StackValue;

/* Room for an operand's C text: a slot, a local or a constant. */
enum { OPERAND_MAX = 64 };

enum { SLOT_WRITTEN = 1, SLOT_READ = 2 };
enum { NSLOT_KINDS = 8 }; /* i32 i64 f32 f64 v128 funcref externref exnref */

typedef struct SlotUse {
  uint8_t *flags;   /* per depth: SLOT_* */
  uint32_t cap;
} SlotUse;

/* Facts from a first pass over the body (scan_body in emit_func.c). */
typedef struct BodyFacts {
  uint8_t *label_targeted;    /* per block ordinal: a reachable branch targets it */
  uint32_t nlabels, labels_cap;
  bool *local_read;           /* per local: some reachable local.get reads it */
  bool accesses_memory;       /* a reachable load or store of memory 0: keeps mb */
  bool has_calls;             /* a reachable call or call_indirect */
  bool has_loads;             /* a reachable access of any memory: needs wcc_sink */
  /* per local: assigned inside a try body, so it must be volatile (a value
   * changed between setjmp and longjmp is otherwise lost, C11 7.13.2.1) */
  bool *local_volatile;
} BodyFacts;

typedef struct FuncEmitter {
  EmitCtx *cx;
  const Module *m;
  uint32_t func_index;
  const Func *func;
  const FuncType *type;
  uint32_t nlocals;           /* parameters + declared locals */
  Error *err;

  Buf body;                   /* the statements, written before the declarations are known */
  StackValue *stack;
  uint32_t height, stack_cap;
  Frame *frames;
  uint32_t nframes, frames_cap;
  bool dead;                  /* the current code is unreachable: skipped */
  uint32_t dead_depth;        /* blocks opened inside skipped code */
  uint32_t next_label;
  unsigned extra_indent;      /* statement blocks inside one instruction */

  BodyFacts facts;
  SlotUse slots[NSLOT_KINDS];
  uint8_t *local_use;         /* per local: SLOT_* */
  bool uses_inst;             /* the body refers to the instance */
  bool uses_call_target;      /* call_indirect: needs the `fr` variable */
  /* The function has tail calls: the body becomes its tail entry, taking
   * parameters from and returning results to the trampoline's slots (tc). */
  bool tail;
  size_t offset;              /* of the current instruction, for messages */
  Buf eh_decls;               /* declarations of h<label> and x<label> */
  Buf scratch;                /* one expression at a time (fe_scratch) */
  uint32_t nhandlers;
} FuncEmitter;

/* emit_func.c: stack and output primitives used by emit_ops.c */
bool fe_fail(FuncEmitter *fe, const char *fmt, ...) EMIT_PRINTF(2, 3);
/* Appends one statement line at the current indentation. */
void fe_line(FuncEmitter *fe, const char *fmt, ...) EMIT_PRINTF(2, 3);
/* Pops a value (false with an error on underflow); *depth is its slot. */
bool fe_pop(FuncEmitter *fe, StackValue *v, uint32_t *depth);
/* Memory 0 as a C expression ("inst->memory0" or "&inst->memory0_own"). */
const char *fe_memory0(const FuncEmitter *fe);
/* Pushes a value; returns its depth (UINT32_MAX on allocation failure). */
uint32_t fe_push(FuncEmitter *fe, ValType t, bool from_memory);
/* The name of slot (t, depth), recording the use. buf needs 16 bytes. */
const char *fe_slot(FuncEmitter *fe, char *buf, ValType t, uint32_t depth, uint8_t use);
/* "inst", recording that the function needs its instance pointer. */
const char *fe_inst(FuncEmitter *fe);
/* The C text of a popped value (slot name, local or constant). */
const char *fe_value(FuncEmitter *fe, char buf[OPERAND_MAX], StackValue v, uint32_t depth);
/* The same without keeping a loaded value alive: for values that stay on the
 * stack, feed a transparent operator, or address another load. */
const char *fe_value_raw(FuncEmitter *fe, char buf[OPERAND_MAX], StackValue v, uint32_t depth);
/* fe_value as the runtime API passes it (v128: wasmrt_v128). */
const char *fe_abi_value(FuncEmitter *fe, char buf[OPERAND_MAX], StackValue v, uint32_t depth);
/* The conversion from the runtime API's C type to a slot's ("" or a function). */
const char *from_abi(ValType t);
/* Stores every pending value to its slot. */
void fe_materialize(FuncEmitter *fe);
/* Stores pending reads of local i, which is about to change. */
void fe_materialize_local(FuncEmitter *fe, uint32_t i);
void fe_keep(FuncEmitter *fe, StackValue v, uint32_t depth);
/* Keeps wcc_sink (the loaded values consumed so far) alive here: before a
 * return, a call, a throw or a jump that may loop forever. */
void fe_keep_sink(FuncEmitter *fe);
/* fe->scratch emptied: a buffer for an expression, without a malloc each time. */
Buf *fe_scratch(FuncEmitter *fe);
bool fe_pop_access_operands(FuncEmitter *fe, const OpInfo *info, char operands[][OPERAND_MAX]);
ValType fe_local_type(const FuncEmitter *fe, uint32_t i);

/* emit_func.c: control-flow primitives shared with emit_eh.c */
bool fe_push_frame(FuncEmitter *fe, uint8_t kind, const BlockType *bt);
/* Resets the stack to base + the given values (after else/end). */
bool fe_reset_stack(FuncEmitter *fe, uint32_t base, uint32_t n, const ValType *types);
/* The statements of a branch to the label `depth` levels out. */
bool fe_branch_statements(FuncEmitter *fe, uint32_t depth, Buf *out);
/* Writes the lines of b at the given indentation. */
void fe_write_lines(FuncEmitter *fe, const Buf *b, unsigned level);
unsigned fe_indent(const FuncEmitter *fe);
bool fe_label_targeted(const FuncEmitter *fe, uint32_t label);

/* emit_eh.c: exception handling */
bool emit_try_table(FuncEmitter *fe, const Instr *ins);
bool emit_try(FuncEmitter *fe, const Instr *ins);
bool emit_catch(FuncEmitter *fe, const Instr *ins);
bool emit_delegate(FuncEmitter *fe, uint32_t depth);
/* `end` of a try_table or legacy try. */
bool emit_try_end(FuncEmitter *fe);
bool emit_throw(FuncEmitter *fe, uint32_t tag);
bool emit_throw_ref(FuncEmitter *fe);
bool emit_rethrow(FuncEmitter *fe, uint32_t depth);
/* Leaving frames [first, nframes): frees the exceptions that catch frames
 * own, then leaves the outermost active handler (which drops the inner ones). */
void eh_unwind_statements(FuncEmitter *fe, uint32_t first, Buf *out);
bool frame_has_handler(const Frame *f);

/* emit_ops.c: every instruction that is not control flow or a call.
 * Returns false with an error for an unsupported instruction. */
bool emit_op(FuncEmitter *fe, const Instr *ins);
/* A memory index the module has (else false with an error). */
bool fe_check_memory(FuncEmitter *fe, uint32_t index);
/* "helper(address, operand 1, ...)" of a load, store or atomic access. */
void fe_write_access(FuncEmitter *fe, Buf *b, const Instr *ins, const OpInfo *info,
                     char operands[][OPERAND_MAX]);

/* emit_gc.c: GC instructions (struct and array) */
bool emit_gc_op(FuncEmitter *fe, const Instr *ins);
/* "wasmrt_ref_test(ref, ...)": whether ref is a value of type rt. */
void gc_ref_test_call(FuncEmitter *fe, char *out, size_t size, const char *ref, ValType rt);

/* emit_atomic.c: threads */
bool emit_atomic(FuncEmitter *fe, const Instr *ins, const OpInfo *info);
bool emit_atomic_fence(FuncEmitter *fe);
/* The C text of a numeric constant of type t with the given bits. */
void format_value_constant(char *out, size_t size, ValType t, uint64_t bits);
/* "inst->memory0" and friends */
void fe_memory_reload(FuncEmitter *fe);
/* Memory 0's size in bytes if it can never change (min == max), else UINT64_MAX. */
uint64_t fe_memory0_fixed_size(const FuncEmitter *fe);

#endif
