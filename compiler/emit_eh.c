/* emit_eh.c - exception handling: try_table, throw, throw_ref, and the
 * legacy try/catch/catch_all/delegate/rethrow.
 *
 * A try block is a handler frame (wasmrt_trap_frame h<L>, L its label) that
 * the runtime links into the thread's frame list; a throw longjmps to the
 * innermost one. So code without try blocks pays nothing, and entering one
 * costs a sigsetjmp without the signal mask:
 *
 *     wasmrt_handler_enter(&h5);
 *     if (WASMRT_HANDLER_SETJMP(h5.jb) != 0) goto H5;
 *     ...body...                         // branches out leave h5 first
 *     wasmrt_handler_leave(&h5); goto J5;
 *   H5:                                  // h5.exception: the exception
 *     ...match the catch clauses, branch with the payload, or throw on...
 *   J5:;
 *
 * Locals that a try body assigns are volatile (scan_body), as C requires for
 * values read after a longjmp; checked-mode memory bases are reloaded at H.
 *
 * Exception objects have one owner at a time (wasmrt.h). try_table frees an
 * exception it catches without _ref; catch_ref hands wasm an exnref, which
 * the instance keeps until it is freed (inst->exns). A legacy handler owns
 * the exception it caught in x<L>: it frees it when it ends or is left by a
 * branch, and while it runs h<L> serves again as a cleanup handler (K<L>)
 * that frees it when an exception leaves the handler. rethrow throws a copy.
 * (A trap still loses x<L>: traps end the instance's work anyway.)
 */
#include <string.h>

#include "emit_func.h"

/* A legacy handler's frame has its cleanup handler active. */
bool frame_has_handler(const Frame *f) {
  return f->kind == FRAME_TRY_TABLE || f->kind == FRAME_TRY || f->kind == FRAME_CATCH;
}

static Frame *top(FuncEmitter *fe) { return &fe->frames[fe->nframes - 1]; }

void eh_unwind_statements(FuncEmitter *fe, uint32_t first, Buf *out) {
  const Frame *outermost = NULL;
  for (uint32_t i = fe->nframes; i-- > first;) {
    const Frame *f = &fe->frames[i];
    if (f->kind == FRAME_CATCH) buf_printf(out, "wasmrt_exn_free(x%u);\n", f->label);
    if (frame_has_handler(f)) outermost = f;
  }
  if (outermost) buf_printf(out, "wasmrt_handler_leave(&h%u);\n", outermost->label);
}

/* Writes the statements of b at the current indentation. */
static bool write_buf(FuncEmitter *fe, Buf *b) {
  bool ok = !b->failed || fe_fail(fe, "out of memory");
  if (ok) fe_write_lines(fe, b, fe_indent(fe));
  buf_free(b);
  return ok;
}

static void write_label(FuncEmitter *fe, char letter, uint32_t label) {
  buf_indent(&fe->body, fe_indent(fe));
  buf_printf(&fe->body, "%c%u:;\n", letter, label);
}

/* The tag's wasmrt_tag * in the instance. */
static bool tag_expr(FuncEmitter *fe, uint32_t tag, char *buf, size_t size) {
  if (tag >= fe->m->ntags) return fe_fail(fe, "unknown tag %u", tag);
  snprintf(buf, size, "%s->tag%u", fe_inst(fe), tag);
  return true;
}

static const FuncType *tag_type(const FuncEmitter *fe, uint32_t tag) {
  return type_func(fe->m, fe->m->tags[tag].type_index); /* validated: a function type */
}

/* Opens a try frame: its handler is entered and set. */
static bool open_try(FuncEmitter *fe, uint8_t kind, const BlockType *bt) {
  fe_materialize(fe);
  if (!fe_push_frame(fe, kind, bt)) return false;
  uint32_t label = top(fe)->label;
  buf_printf(&fe->eh_decls, "  wasmrt_trap_frame h%u;\n", label);
  fe->nhandlers++;
  fe_line(fe, "wasmrt_handler_enter(&h%u);", label);
  fe_line(fe, "if (WASMRT_HANDLER_SETJMP(h%u.jb) != 0) goto H%u;", label, label);
  return true;
}

/* The end of the part of a try frame being left, when it falls through:
 * leave the handler or free the caught exception, and jump to J<label>. */
static void close_part(FuncEmitter *fe) {
  Frame *f = top(fe);
  if (fe->dead) return;
  fe_materialize(fe);
  fe_line(fe, "wasmrt_handler_leave(&h%u);", f->label);
  if (f->kind == FRAME_CATCH) fe_line(fe, "wasmrt_exn_free(x%u);", f->label);
  fe_line(fe, "goto J%u;", f->label);
  f->falls_through = true;
}

/* The end of a try frame's code: close the part being left, pop the frame,
 * and start H<label>, where a caught exception arrives (memory 0 may have
 * moved meanwhile in checked mode). */
static Frame begin_catch_code(FuncEmitter *fe) {
  close_part(fe);
  Frame f = *top(fe);
  fe->nframes--;
  write_label(fe, 'H', f.label);
  fe_memory_reload(fe);
  return f;
}

/* After H<label>: the code that follows the try frame f (already popped). */
static bool finish_try(FuncEmitter *fe, const Frame *f) {
  bool targeted = fe_label_targeted(fe, f->label);
  if (f->falls_through) write_label(fe, 'J', f->label);
  if (targeted) write_label(fe, 'L', f->label);
  fe->dead = !(f->falls_through || targeted);
  return fe_reset_stack(fe, f->base, f->nresults, f->results ? f->results : &f->value);
}

/* Loads the payload of exception `exn` (of the tag's type) into the slots
 * from depth `base` up, as stack values. */
static bool push_payload(FuncEmitter *fe, Buf *out, const char *exn, const FuncType *t, uint32_t base) {
  fe->height = base;
  for (uint32_t i = 0; i < t->nparams; i++) {
    char slot[16];
    uint32_t d = fe_push(fe, t->params[i], false);
    if (d == UINT32_MAX) return false;
    buf_printf(out, "%s = %s(%s->values[%u].%s);\n", fe_slot(fe, slot, t->params[i], d, SLOT_WRITTEN),
               from_abi(t->params[i]), exn, i, value_member(t->params[i]));
  }
  return true;
}

/* ------------------------------------------------------------ try_table */

bool emit_try_table(FuncEmitter *fe, const Instr *ins) {
  if (!open_try(fe, FRAME_TRY_TABLE, &ins->bt)) return false;
  top(fe)->clauses_offset = ins->targets_offset;
  top(fe)->nclauses = ins->ntargets;
  return true;
}

/* One catch clause of a try_table whose frame is popped: if it matches,
 * branch to its label with the payload (and the exnref). */
static bool write_clause(FuncEmitter *fe, const Frame *f, CatchClause c) {
  char exn[24], tag[48];
  snprintf(exn, sizeof exn, "h%u.exception", f->label);
  bool all = c.kind == CATCH_ALL || c.kind == CATCH_ALL_REF, ref = c.kind == CATCH_REF || c.kind == CATCH_ALL_REF;
  static const FuncType no_payload = {0};
  if (!all && !tag_expr(fe, c.tag, tag, sizeof tag)) return false;
  Buf b = {0};
  if (!push_payload(fe, &b, exn, all ? &no_payload : tag_type(fe, c.tag), f->base)) {
    buf_free(&b);
    return false;
  }
  if (ref) {
    char slot[16];
    uint32_t d = fe_push(fe, VT_EXNREF | VT_NON_NULL, false);
    if (d == UINT32_MAX) {
      buf_free(&b);
      return false;
    }
    buf_printf(&b, "wasmrt_exn_keep(&%s->exns, %s);\n", fe_inst(fe), exn);
    buf_printf(&b, "%s = %s;\n", fe_slot(fe, slot, VT_EXNREF, d, SLOT_WRITTEN), exn);
  } else {
    buf_printf(&b, "wasmrt_exn_free(%s);\n", exn);
  }
  bool ok = fe_branch_statements(fe, c.label, &b);
  if (all) {
    ok = ok && write_buf(fe, &b);
  } else {
    fe_line(fe, "if (%s->tag == %s) {", exn, tag);
    fe->extra_indent++;
    ok = ok && write_buf(fe, &b);
    fe->extra_indent--;
    fe_line(fe, "}");
  }
  buf_free(&b);
  return ok;
}

static bool end_try_table(FuncEmitter *fe) {
  Frame f = begin_catch_code(fe);
  bool ok = true, caught_all = false;
  size_t pos = f.clauses_offset;
  for (uint32_t i = 0; ok && i < f.nclauses && !caught_all; i++) {
    CatchClause c = decode_catch_next(fe->m, &pos);
    ok = write_clause(fe, &f, c);
    caught_all = c.kind == CATCH_ALL || c.kind == CATCH_ALL_REF;
  }
  if (!caught_all) fe_line(fe, "wasmrt_throw(h%u.exception);", f.label);
  return ok && finish_try(fe, &f);
}

/* ---------------------------------------------------------- legacy try */

bool emit_try(FuncEmitter *fe, const Instr *ins) { return open_try(fe, FRAME_TRY, &ins->bt); }

/* catch x / catch_all: ends the try body or the previous handler and starts
 * handler C<label>_<k>; the test that picks it goes to the frame's dispatch. */
bool emit_catch(FuncEmitter *fe, const Instr *ins) {
  Frame *f = top(fe);
  if (f->kind != FRAME_TRY && f->kind != FRAME_CATCH) return fe_fail(fe, "catch without try");
  close_part(fe);
  if (f->kind == FRAME_TRY) {
    buf_printf(&fe->eh_decls, "  wasmrt_exn *x%u = NULL;\n", f->label);
    f->kind = FRAME_CATCH;
  }
  uint32_t k = f->ncatches++;
  static const FuncType no_payload = {0};
  const FuncType *payload = &no_payload;
  if (ins->op == OP_CATCH) {
    char tag[48];
    if (!tag_expr(fe, ins->idx, tag, sizeof tag)) return false;
    payload = tag_type(fe, ins->idx);
    buf_printf(&f->dispatch, "if (x%u->tag == %s) {\n", f->label, tag);
  } else {
    f->has_catch_all = true;
  }
  char exn[16];
  snprintf(exn, sizeof exn, "x%u", f->label);
  if (!push_payload(fe, &f->dispatch, exn, payload, f->base)) return false;
  buf_printf(&f->dispatch, "goto C%u_%u;\n%s", f->label, k, ins->op == OP_CATCH ? "}\n" : "");
  buf_indent(&fe->body, fe_indent(fe) - 1);
  buf_printf(&fe->body, "C%u_%u:;\n", f->label, k);
  fe_line(fe, "wasmrt_handler_enter(&h%u);", f->label);
  fe_line(fe, "if (WASMRT_HANDLER_SETJMP(h%u.jb) != 0) goto K%u;", f->label, f->label);
  fe->dead = false;
  for (uint32_t d = f->base; d < fe->height; d++) fe->stack[d].where = VALUE_IN_SLOT;
  return true;
}

/* The handlers of a legacy try end: H<label> takes the exception and runs
 * the dispatch (catch_all always matches; without it, throw on). A try
 * without handlers only throws on. */
static bool end_try(FuncEmitter *fe) {
  Frame f = begin_catch_code(fe);
  bool ok = true;
  if (f.kind == FRAME_CATCH) {
    fe_line(fe, "x%u = h%u.exception;", f.label, f.label);
    ok = write_buf(fe, &f.dispatch);
    if (!f.has_catch_all) fe_line(fe, "wasmrt_throw(x%u);", f.label);
    write_label(fe, 'K', f.label); /* an exception leaves a handler */
    fe_line(fe, "wasmrt_exn_free(x%u);", f.label);
    fe_line(fe, "wasmrt_throw(h%u.exception);", f.label);
  } else {
    fe_line(fe, "wasmrt_throw(h%u.exception);", f.label);
  }
  buf_free(&f.dispatch);
  return ok && finish_try(fe, &f);
}

bool emit_try_end(FuncEmitter *fe) {
  return top(fe)->kind == FRAME_TRY_TABLE ? end_try_table(fe) : end_try(fe);
}

/* The frame an exception delegated to the label at frames[index] goes to:
 * the innermost handler active there (that of the label's own try, if it
 * is one), else the one outside this function. `own` is the delegating
 * try, popped already. */
static void delegate_target(FuncEmitter *fe, uint32_t index, const Frame *own, char *buf, size_t size) {
  for (uint32_t i = index + 1; i-- > 0;)
    if (frame_has_handler(&fe->frames[i])) {
      snprintf(buf, size, "&h%u", fe->frames[i].label);
      return;
    }
  const Frame *outermost = own;
  for (uint32_t i = fe->nframes; i-- > 0;)
    if (frame_has_handler(&fe->frames[i])) outermost = &fe->frames[i];
  snprintf(buf, size, "h%u.prev", outermost->label);
}

bool emit_delegate(FuncEmitter *fe, uint32_t depth) {
  Frame *f = top(fe);
  if (f->kind != FRAME_TRY) return fe_fail(fe, "delegate without try");
  close_part(fe);
  Frame own = *f;
  fe->nframes--;
  if (depth >= fe->nframes) return fe_fail(fe, "delegate label %u out of range", depth);
  char target[48];
  delegate_target(fe, fe->nframes - 1 - depth, &own, target, sizeof target);
  write_label(fe, 'H', own.label);
  fe_line(fe, "wasmrt_throw_to(%s, h%u.exception);", target, own.label);
  buf_free(&own.dispatch);
  return finish_try(fe, &own);
}

/* ---------------------------------------------------------------- throws */

bool emit_throw(FuncEmitter *fe, uint32_t tag) {
  char tag_c[48];
  if (!tag_expr(fe, tag, tag_c, sizeof tag_c)) return false;
  const FuncType *t = tag_type(fe, tag);
  uint32_t base = fe->frames[fe->nframes - 1].base;
  if (fe->height < base + t->nparams) return fe_fail(fe, "throw: payload missing");
  uint32_t first = fe->height - t->nparams;
  fe_line(fe, "{");
  fe->extra_indent++;
  fe_line(fe, "wasmrt_exn *e = wasmrt_exn_new(%s);", tag_c);
  for (uint32_t i = 0; i < t->nparams; i++) {
    char v[OPERAND_MAX];
    fe_line(fe, "e->values[%u].%s = %s;", i, value_member(t->params[i]),
            fe_abi_value(fe, v, fe->stack[first + i], first + i));
  }
  fe->height = first;
  fe_keep_sink(fe);
  fe_line(fe, "wasmrt_throw(e);");
  fe->extra_indent--;
  fe_line(fe, "}");
  fe->dead = true;
  return true;
}

/* An exnref may be held in many places: throw a copy. */
bool emit_throw_ref(FuncEmitter *fe) {
  StackValue v;
  uint32_t at;
  if (!fe_pop(fe, &v, &at)) return false;
  char s[OPERAND_MAX];
  fe_value(fe, s, v, at);
  fe_line(fe, "if (%s == NULL) wcc_trap_in(WASMRT_TRAP_NULL_EXCEPTION_REFERENCE, WCC_FN, WCC_SINK_VALUE);", s);
  fe_line(fe, "{");
  fe->extra_indent++;
  fe_keep_sink(fe);
  fe_line(fe, "wasmrt_throw(wasmrt_exn_copy(%s));", s);
  fe->extra_indent--;
  fe_line(fe, "}");
  fe->dead = true;
  return true;
}

/* rethrow l: a copy of the exception the handler at l caught (which still
 * owns the original, and frees it as the throw leaves it). */
bool emit_rethrow(FuncEmitter *fe, uint32_t depth) {
  if (depth >= fe->nframes) return fe_fail(fe, "rethrow label %u out of range", depth);
  const Frame *target = &fe->frames[fe->nframes - 1 - depth];
  if (target->kind != FRAME_CATCH) return fe_fail(fe, "rethrow label %u is not a catch", depth);
  fe_keep_sink(fe);
  fe_line(fe, "wasmrt_throw(wasmrt_exn_copy(x%u));", target->label);
  fe->dead = true;
  return true;
}
