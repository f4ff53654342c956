/* emit_instance.c - the main C file around the function bodies: embedded
 * data, signature descriptors, call trampolines, element segments,
 * instantiation, exports, and the wasmrt_module descriptor. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "emit_internal.h"

/* Element segment items are encoded as one uint32_t each (see P_ref). */
#define ELEM_NULL UINT32_MAX

/* ------------------------------------------------------------------ data */

static bool write_data_incbin(EmitCtx *cx, Buf *out) {
  const char *P = cx->P, *bin = cx->data_base;
  for (const char *c = bin; *c; c++)
    if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20)
      return emit_output_name_fail(cx, "data file name %s cannot be used with .incbin (use --data=string)", bin);
  buf_printf(out,
             "/* All data segments, from %s (compile with -I<its directory>). */\n"
             "#if defined(__APPLE__)\n"
             "__asm__(\".const_data\\n.balign 16\\n.globl _%s_data\\n.private_extern _%s_data\\n\"\n"
             "        \"_%s_data:\\n.incbin \\\"%s\\\"\\n.text\\n\");\n"
             "#elif defined(__GNUC__) || defined(__clang__)\n"
             "__asm__(\".pushsection .rodata\\n.balign 16\\n.globl %s_data\\n.hidden %s_data\\n\"\n"
             "        \"%s_data:\\n.incbin \\\"%s\\\"\\n.popsection\\n\");\n"
             "#else\n"
             "#error \"data embedded with .incbin needs GCC or Clang: regenerate with wasmcc --data=string\"\n"
             "#endif\n\n",
             bin, P, P, P, bin, P, P, P, bin);
  return true;
}

/* One string literal in pieces of < 4 KiB (the C standard's minimum limit
 * per literal piece), octal escapes for everything not printable. */
static void write_data_string(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  enum { PIECE = 1024 };
  buf_printf(out, "/* All data segments (%" PRIu64 " bytes). */\nWCC_HIDDEN const unsigned char %s_data[] =\n",
             cx->data_total, cx->P);
  for (uint32_t i = 0; i < m->ndatas; i++) {
    const uint8_t *bytes = m->bytes + m->datas[i].data_offset;
    for (uint32_t done = 0; done < m->datas[i].len; done += PIECE) {
      uint32_t n = m->datas[i].len - done < PIECE ? m->datas[i].len - done : PIECE;
      buf_puts(out, "  \"");
      buf_c_string_body(out, bytes + done, n);
      buf_puts(out, "\"\n");
    }
  }
  buf_puts(out, ";\n\n");
}

/* ------------------------------------------------------------ signatures */

/* References without null or to a type index have a wasmrt_reftype of their
 * own; every other type's is all zero. */
static bool plain_type(ValType t) {
  return !valtype_is_ref(t) || (valtype_nullable(t) && !valtype_has_index(t));
}

static void write_reftype(const EmitCtx *cx, Buf *out, ValType t) {
  if (plain_type(t)) buf_puts(out, "{0, NULL}");
  else if (valtype_has_index(t))
    buf_printf(out, "{%d, &%s_types[%u]}", !valtype_nullable(t), cx->P, cx->type_sig[valtype_index(t)]);
  else buf_printf(out, "{%d, NULL}", !valtype_nullable(t));
}

/* A descriptor's entries: a function type's parameter then result types, a
 * struct's field storage types, an array's element storage type. */
static const TypeDef *sig_def(const EmitCtx *cx, uint32_t s) { return &cx->m->types[cx->sigs[s].type_index]; }

static uint32_t entry_count(const TypeDef *d) {
  return d->form == TYPE_FORM_FUNC ? d->func.nparams + d->func.nresults : d->nfields;
}

static ValType entry_type(const TypeDef *d, uint32_t i) {
  if (d->form != TYPE_FORM_FUNC) return d->fields[i].storage;
  return i < d->func.nparams ? d->func.params[i] : d->func.results[i - d->func.nparams];
}

static bool entries_plain(const TypeDef *d) {
  for (uint32_t i = 0; i < entry_count(d); i++)
    if (!plain_type(entry_type(d, i))) return false;
  return true;
}

static bool any_mutable_field(const TypeDef *d) {
  for (uint32_t i = 0; i < d->nfields; i++)
    if (d->fields[i].mutable_) return true;
  return false;
}

static const char *entry_macro(ValType t) {
  return t == STORAGE_I8 ? "WASMRT_I8" : t == STORAGE_I16 ? "WASMRT_I16" : wasmrt_type_macro(t);
}

/* The reference details of types with typed references, so that linking
 * and call_indirect across modules compare them too. */
static void write_type_refs(EmitCtx *cx, Buf *out) {
  bool any = false;
  for (uint32_t s = 0; s < cx->nsigs && !any; s++) any = !entries_plain(sig_def(cx, s));
  if (!any) return;
  buf_printf(out, "static const wasmrt_reftype %s_type_refs[] = {", cx->P);
  for (uint32_t s = 0; s < cx->nsigs; s++) {
    const TypeDef *d = sig_def(cx, s);
    if (entries_plain(d)) continue;
    buf_puts(out, "\n ");
    for (uint32_t i = 0; i < entry_count(d); i++) {
      buf_puts(out, " ");
      write_reftype(cx, out, entry_type(d, i));
      buf_puts(out, ",");
    }
  }
  buf_puts(out, "\n};\n");
}

static void write_type_codes(EmitCtx *cx, Buf *out) {
  uint64_t ncodes = 0;
  for (uint32_t s = 0; s < cx->nsigs; s++) ncodes += entry_count(sig_def(cx, s));
  if (!ncodes) return;
  buf_printf(out, "/* Parameter then result types of each function type, field types of each struct\n"
                  " * or array type */\nstatic const wasmrt_valtype %s_type_codes[] = {", cx->P);
  for (uint32_t s = 0; s < cx->nsigs; s++) {
    const TypeDef *d = sig_def(cx, s);
    if (!entry_count(d)) continue;
    buf_puts(out, "\n ");
    for (uint32_t i = 0; i < entry_count(d); i++) buf_printf(out, " %s,", entry_macro(entry_type(d, i)));
  }
  buf_puts(out, "\n};\n");
}

/* Which fields of struct and array types are mutable, for types with any. */
static void write_type_mutables(EmitCtx *cx, Buf *out) {
  bool any = false;
  for (uint32_t s = 0; s < cx->nsigs && !any; s++) any = any_mutable_field(sig_def(cx, s));
  if (!any) return;
  buf_printf(out, "static const uint8_t %s_type_mutables[] = {", cx->P);
  for (uint32_t s = 0; s < cx->nsigs; s++) {
    const TypeDef *d = sig_def(cx, s);
    if (!any_mutable_field(d)) continue;
    buf_puts(out, "\n ");
    for (uint32_t i = 0; i < d->nfields; i++) buf_printf(out, " %d,", d->fields[i].mutable_);
  }
  buf_puts(out, "\n};\n");
}

static const char *kind_macro(uint8_t form) {
  return form == TYPE_FORM_STRUCT ? "WASMRT_TYPE_STRUCT" : form == TYPE_FORM_ARRAY ? "WASMRT_TYPE_ARRAY"
                                                                                     : "WASMRT_TYPE_FUNC";
}

/* The rest of a type's descriptor: its group, position, finality,
 * supertype, kind and mutabilities. */
static void write_type_position(const EmitCtx *cx, Buf *out, const Sig *sig, uint64_t *mutables_at) {
  const TypeDef *def = &cx->m->types[sig->type_index];
  buf_printf(out, "&%s_recs[%u], %u, %d, ", cx->P, sig->rec, sig->rec_index, !def->final);
  if (def->super == NO_SUPERTYPE) buf_puts(out, "NULL, ");
  else buf_printf(out, "&%s_types[%u], ", cx->P, cx->type_sig[def->super]);
  buf_puts(out, kind_macro(def->form));
  if (any_mutable_field(def)) {
    buf_printf(out, ", %s_type_mutables + %" PRIu64, cx->P, *mutables_at);
    *mutables_at += def->nfields;
  } else {
    buf_puts(out, ", NULL");
  }
  buf_puts(out, "},\n");
}

/* A struct or array type's descriptor holds its fields where a function
 * type's holds parameters (nparams), with no results. */
static void write_type_descriptors(EmitCtx *cx, Buf *out) {
  if (!cx->nsigs) return;
  const char *P = cx->P;
  write_type_refs(cx, out);
  write_type_codes(cx, out);
  write_type_mutables(cx, out);
  buf_printf(out, "/* Recursion groups, defined below: groups and their types name each other. */\n"
                  "static const wasmrt_rectype %s_recs[%u];\n", P, cx->nrecs);
  buf_printf(out, "/* One descriptor per distinct type: equal types, equal pointers. */\n"
                  "WCC_HIDDEN const wasmrt_functype %s_types[%u] = {\n", P, cx->nsigs);
  uint64_t at = 0, refs_at = 0, mutables_at = 0;
  for (uint32_t s = 0; s < cx->nsigs; s++) {
    const TypeDef *d = sig_def(cx, s);
    uint32_t n = entry_count(d);
    uint32_t nparams = d->form == TYPE_FORM_FUNC ? d->func.nparams : n, nresults = n - nparams;
    if (!n) {
      buf_printf(out, "  {0, 0, NULL, NULL, ");
    } else if (entries_plain(d)) {
      buf_printf(out, "  {%u, %u, %s_type_codes + %" PRIu64 ", NULL, ", nparams, nresults, P, at);
    } else {
      buf_printf(out, "  {%u, %u, %s_type_codes + %" PRIu64 ", %s_type_refs + %" PRIu64 ", ", nparams, nresults,
                 P, at, P, refs_at);
      refs_at += n;
    }
    write_type_position(cx, out, &cx->sigs[s], &mutables_at);
    at += n;
  }
  buf_puts(out, "};\n");
  buf_printf(out, "static const wasmrt_rectype %s_recs[%u] = {\n", P, cx->nrecs);
  for (uint32_t r = 0; r < cx->nrecs; r++)
    buf_printf(out, "  {%u, %s_types + %u},\n", cx->recs[r].count, P, cx->recs[r].first_sig);
  buf_puts(out, "};\n\n");
}

/* The generic entry of every defined function of signature s. */
static void write_trampoline(EmitCtx *cx, Buf *out, uint32_t s) {
  const FuncType *t = cx->sigs[s].type;
  const char *P = cx->P;
  buf_printf(out, "WCC_HIDDEN void %s_call%u(const wasmrt_funcref *self, const wasmrt_value *args, "
                  "wasmrt_value *results) {\n", P, s);
  buf_printf(out, "  %s_fn%u fn = (%s_fn%u)self->fn;\n", P, s, P, s);
  if (!t->nparams) buf_puts(out, "  (void)args;\n");
  if (!t->nresults) buf_puts(out, "  (void)results;\n");
  buf_puts(out, "  ");
  if (t->nresults == 1) {
    buf_printf(out, "results[0].%s = ", value_member(t->results[0]));
  } else if (t->nresults > 1) {
    buf_return_type(out, t);
    buf_puts(out, " ret = ");
  }
  buf_puts(out, "fn(self->env");
  for (uint32_t i = 0; i < t->nparams; i++) buf_printf(out, ", args[%u].%s", i, value_member(t->params[i]));
  buf_puts(out, ");\n");
  if (t->nresults > 1)
    for (uint32_t i = 0; i < t->nresults; i++)
      buf_printf(out, "  results[%u].%s = ret.r%u;\n", i, value_member(t->results[i]), i);
  buf_puts(out, "}\n\n");
}

/* f's prototype, and its tail entry's when it has one. */
void write_func_declarations(EmitCtx *cx, Buf *out, uint32_t f) {
  buf_func_prototype(out, cx, f);
  buf_puts(out, ";\n");
  if (cx->func_tail[f]) {
    buf_tail_prototype(out, cx, f);
    buf_puts(out, ";\n");
  }
}

void write_static_prototypes(EmitCtx *cx, Buf *out, uint32_t file) {
  bool any = false;
  for (uint32_t f = cx->file_first[file]; f < cx->file_first[file + 1]; f++) {
    if (!any) buf_puts(out, "/* Functions defined in this file */\n");
    any = true;
    write_func_declarations(cx, out, f);
  }
  if (any) buf_puts(out, "\n");
}

bool write_main_head(EmitCtx *cx, Buf *out) {
  buf_puts(out, "/* Generated by wasmcc from ");
  const char *name = cx->m->filename ? cx->m->filename : "(input)";
  buf_comment_text(out, name, strlen(name));
  buf_printf(out, ". Do not edit. */\n#include \"%s\"\n\n", cx->impl_base);
  if (cx->data_total) {
    if (cx->opt->data_mode == DATA_STRING) write_data_string(cx, out);
    else if (!write_data_incbin(cx, out)) return false;
  }
  write_type_descriptors(cx, out);
  for (uint32_t s = 0; s < cx->nsigs; s++)
    if (cx->sigs[s].used_by_defined) write_trampoline(cx, out, s);
  write_file_declarations(cx, out, 0);
  write_static_prototypes(cx, out, 0);
  return true;
}

uint32_t code_count(const EmitCtx *cx, uint32_t file) {
  uint32_t n = 0;
  for (uint32_t f = cx->file_first[file]; f < cx->file_first[file + 1]; f++)
    if (cx->func_accesses_memory[f]) n += cx->func_tail[f] ? 2 : 1;
  return n;
}

void write_funcref_templates(EmitCtx *cx, Buf *out, uint32_t file) {
  uint32_t first = cx->file_first[file], end = cx->file_first[file + 1];
  if (first == end) return;
  const char *P = cx->P;
  /* Only referenced functions have their address taken: the C compiler may
   * specialise the others (drop unused parameters, clone, inline freely). */
  buf_printf(out, "/* Function references of this file's functions, bound to an instance by %s_instantiate */\n", P);
  buf_printf(out, "%sconst wasmrt_funcref %s_funcs%u[%u] = {\n", file ? "WCC_HIDDEN " : "static ", P, file, end - first);
  for (uint32_t f = first; f < end; f++) {
    uint32_t s = sig_index_of_func(cx, f);
    if (!cx->func_referenced[f]) {
      buf_printf(out, "  {&%s_types[%u], NULL, NULL, %s_call%u, NULL},\n", P, s, P, s);
      continue;
    }
    buf_printf(out, "  {&%s_types[%u], (void (*)(void))%s_%s, NULL, %s_call%u, ", P, s, P, cx->func_names[f], P, s);
    if (cx->func_tail[f]) buf_printf(out, "%s_tail_%s},\n", P, cx->func_names[f]);
    else buf_puts(out, "NULL},\n");
  }
  buf_puts(out, "};\n\n");
  uint32_t n = code_count(cx, file);
  if (n == 0) return;
  buf_printf(out, "/* This file's functions that access memory, for %s_function_at */\n", P);
  buf_puts(out, "#if !WASMRT_BOUNDS_CHECK\n");
  buf_printf(out, "%sconst wcc_code %s_code%u[%u] = {\n", file ? "WCC_HIDDEN " : "static ", P, file, n);
  for (uint32_t f = first; f < end; f++) {
    if (!cx->func_accesses_memory[f]) continue;
    /* With tail calls the body is the tail entry; the ordinary entry (the
     * trampoline) is listed too: the C compiler may inline one into the other. */
    for (int tail = 0; tail <= (int)cx->func_tail[f]; tail++) {
      buf_printf(out, "  {(void (*)(void))%s_%s%s, ", P, tail ? "tail_" : "", cx->func_names[f]);
      buf_function_label(out, cx->m, f);
      buf_puts(out, "},\n");
    }
  }
  buf_puts(out, "};\n#endif\n\n");
}

/* ------------------------------------------------------- constant exprs */

static void global_value_ref(const EmitCtx *cx, Buf *b, uint32_t g) {
  const Global *glob = &cx->m->globals[g];
  buf_printf(b, "inst->global%u%svalue.%s", g, glob->imported ? "->" : ".", value_member(glob->type.type));
}

static bool const_binary(EmitCtx *cx, Buf *stack, uint32_t *n, const char *op, size_t offset) {
  if (*n < 2) return emit_fail(cx, offset, "constant expression stack underflow");
  Buf joined = {0};
  buf_printf(&joined, "(%s %s %s)", stack[*n - 2].data, op, stack[*n - 1].data);
  buf_free(&stack[*n - 2]);
  buf_free(&stack[*n - 1]);
  stack[*n - 2] = joined;
  (*n)--;
  return true;
}

/* GC instructions of constant expressions pop operands (emit_gc.c). */
static bool is_gc_const(uint32_t op) { return op >= OP_PREFIX_FB && op < OP_MAX; }

static bool const_operand(EmitCtx *cx, const Instr *ins, Buf *top) {
  char text[64];
  if (ins->op == OP_V128_CONST) {
    buf_puts(top, "(wasmrt_v128){{");
    for (int i = 0; i < 16; i++) buf_printf(top, "%s%u", i ? ", " : "", ins->imm.v128[i]);
    buf_puts(top, "}}");
  } else if (format_constant(text, sizeof text, ins)) {
    buf_puts(top, text);
  } else if (ins->op == OP_REF_FUNC && ins->idx < cx->m->nfuncs) {
    buf_printf(top, "&inst->funcs[%u]", ins->idx);
  } else if (ins->op == OP_GLOBAL_GET && ins->idx < cx->m->nglobals) {
    global_value_ref(cx, top, ins->idx);
  } else {
    return emit_fail(cx, ins->offset, "unsupported instruction in a constant expression");
  }
  return true;
}

/* The C expression computing a constant expression (needs `inst`). The
 * validator has typed it: arithmetic is on uint32_t/uint64_t operands, so it
 * wraps as wasm does. The operand stack holds one C expression per value. */
static bool write_const_expr(EmitCtx *cx, Buf *out, ConstExpr e) {
  Buf *stack = NULL;
  uint32_t n = 0, cap = 0;
  bool ok = true, done = false;
  Decoder d = {cx->m, e.offset, e.offset + e.len};
  while (ok && !done) {
    Instr ins;
    if (!decode_instr(&d, &ins, cx->err)) { ok = false; break; }
    switch (ins.op) {
    case OP_END: done = true; break;
    case OP_I32_ADD: case OP_I64_ADD: ok = const_binary(cx, stack, &n, "+", ins.offset); break;
    case OP_I32_SUB: case OP_I64_SUB: ok = const_binary(cx, stack, &n, "-", ins.offset); break;
    case OP_I32_MUL: case OP_I64_MUL: ok = const_binary(cx, stack, &n, "*", ins.offset); break;
    default:
      if (n == cap) {
        Buf *grown = realloc(stack, (cap = cap ? 2 * cap : 8) * sizeof *stack);
        if (!grown) { ok = emit_fail(cx, ins.offset, "out of memory"); break; }
        stack = grown;
      }
      stack[n] = (Buf){0};
      ok = is_gc_const(ins.op) ? emit_const_gc(cx, stack, &n, &ins) : const_operand(cx, &ins, &stack[n++]);
    }
  }
  if (ok && n != 1) ok = emit_fail(cx, e.offset, "constant expression must leave one value");
  if (ok) buf_append(out, &stack[0]);
  for (uint32_t i = 0; i < n; i++) buf_free(&stack[i]);
  free(stack);
  return ok;
}

/* ------------------------------------------------------ element segments */

static bool elem_item_code(EmitCtx *cx, const ElemSegment *seg, uint32_t i, uint32_t *code) {
  if (seg->func_indices) {
    *code = seg->func_indices[i];
    return true;
  }
  Decoder d = {cx->m, seg->exprs[i].offset, seg->exprs[i].offset + seg->exprs[i].len};
  Instr ins;
  if (!decode_instr(&d, &ins, cx->err)) return false;
  if (ins.op == OP_REF_NULL) *code = ELEM_NULL;
  else if (ins.op == OP_REF_FUNC) *code = ins.idx;
  else if (ins.op == OP_GLOBAL_GET) *code = cx->m->nfuncs + ins.idx;
  else return emit_fail(cx, ins.offset, "unsupported element expression");
  return true;
}

static bool write_elem_items(EmitCtx *cx, Buf *out, uint32_t k, bool *refs_global) {
  const ElemSegment *seg = &cx->m->elems[k];
  if (!seg->count) return true;
  buf_printf(out, "static const uint32_t %s_elem%u[%u] = {", cx->P, k, seg->count);
  for (uint32_t i = 0; i < seg->count; i++) {
    uint32_t code = ELEM_NULL;
    if (!elem_item_code(cx, seg, i, &code)) return false;
    if (code != ELEM_NULL && code >= cx->m->nfuncs) *refs_global = true;
    buf_puts(out, i % 16 ? " " : "\n  ");
    if (code == ELEM_NULL) buf_puts(out, "UINT32_MAX,");
    else buf_printf(out, "%u,", code);
  }
  buf_puts(out, "\n};\n");
  return true;
}

static void write_ref_decoder(EmitCtx *cx, Buf *out, bool refs_global) {
  const Module *m = cx->m;
  const char *P = cx->P;
  buf_printf(out, "\n/* An element item: a function index, UINT32_MAX for null, or %u + a global index. */\n"
                  "static void *%s_ref(%s_instance *inst, uint32_t code) {\n", m->nfuncs, P, P);
  if (m->nfuncs) buf_printf(out, "  if (code < %uu) return &inst->funcs[code];\n", m->nfuncs);
  if (refs_global) {
    buf_printf(out, "  switch (code - %uu) {\n", m->nfuncs);
    for (uint32_t g = 0; g < m->nglobals; g++) {
      ValType t = m->globals[g].type.type;
      if (!valtype_is_ref(t)) continue;
      buf_printf(out, "  case %u: return ", g);
      global_value_ref(cx, out, g);
      buf_puts(out, ";\n");
    }
    buf_puts(out, "  default: break;\n  }\n");
  }
  if (!m->nfuncs && !refs_global) buf_puts(out, "  (void)inst;\n  (void)code;\n");
  buf_puts(out, "  return NULL;\n}\n");
}

static bool write_table_init(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  const char *P = cx->P;
  if (!m->nelems) return true;
  bool refs_global = false;
  buf_puts(out, "/* Element segments */\n");
  for (uint32_t k = 0; k < m->nelems; k++)
    if (!write_elem_items(cx, out, k, &refs_global)) return false;
  buf_printf(out, "static const struct { const uint32_t *items; uint32_t count; } %s_elems[%u] = {\n", P, m->nelems);
  for (uint32_t k = 0; k < m->nelems; k++) {
    if (m->elems[k].count) buf_printf(out, "  {%s_elem%u, %u},\n", P, k, m->elems[k].count);
    else buf_puts(out, "  {NULL, 0},\n");
  }
  buf_puts(out, "};\n");
  write_ref_decoder(cx, out, refs_global);
  buf_printf(out,
             "\n/* table.init, and active segments at instantiation. The table offset d\n"
             " * is u64 for a 64-bit table, so it is never added to n before the check. */\n"
             "WCC_HIDDEN void %s_table_init(%s_instance *inst, wasmrt_table *t, uint32_t segment, "
             "uint64_t d, uint32_t s, uint32_t n) {\n"
             "  uint32_t count = inst->elem_dropped[segment] ? 0 : %s_elems[segment].count;\n"
             "  if ((uint64_t)s + n > count || d > t->size || n > t->size - d) wasmrt_trap(WASMRT_TRAP_OOB_TABLE);\n"
             "  for (uint32_t i = 0; i < n; i++) wasmrt_table_set(t, (uint32_t)d + i, %s_ref(inst, %s_elems[segment].items[s + i]));\n"
             "}\n\n",
             P, P, P, P, P);
  return true;
}

/* --------------------------------------------------------------- exports */

static void write_call_of(EmitCtx *cx, Buf *out, uint32_t f, const char *args_prefix, uint32_t nargs) {
  const char *P = cx->P;
  if (cx->m->funcs[f].imported)
    buf_printf(out, "((%s_fn%u)inst->funcs[%u].fn)(inst->funcs[%u].env", P, sig_index_of_func(cx, f), f, f);
  else
    buf_printf(out, "%s_%s(inst", P, cx->func_names[f]);
  for (uint32_t i = 0; i < nargs; i++) buf_printf(out, ", %s%u", args_prefix, i);
  buf_puts(out, ")");
}

static void write_export_wrappers(EmitCtx *cx, Buf *out) {
  for (uint32_t i = 0; i < cx->m->nexports; i++) {
    if (!cx->export_names[i]) continue;
    uint32_t f = cx->m->exports[i].index;
    const FuncType *t = func_type(cx->m, f);
    write_export_prototype(cx, out, i);
    buf_puts(out, " {\n  ");
    if (t->nresults) buf_puts(out, "return ");
    write_call_of(cx, out, f, "p", t->nparams);
    buf_puts(out, ";\n}\n\n");
  }
}

static void write_export_get(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  const char *P = cx->P;
  buf_printf(out, "static wasmrt_extern %s_export_get(void *instance, uint32_t index) {\n", P);
  buf_printf(out, "  %s_instance *inst = instance;\n  wasmrt_extern e = {0};\n", P);
  if (!m->nexports) buf_puts(out, "  (void)inst;\n  (void)index;\n");
  else buf_puts(out, "  switch (index) {\n");
  for (uint32_t i = 0; i < m->nexports; i++) {
    const Export *x = &m->exports[i];
    buf_printf(out, "  case %u: e.kind = ", i);
    switch (x->kind) {
    case EXT_FUNC: buf_printf(out, "WASMRT_EXTERN_FUNC; e.u.func = &inst->funcs[%u]", x->index); break;
    case EXT_TABLE: buf_printf(out, "WASMRT_EXTERN_TABLE; e.u.table = inst->table%u", x->index); break;
    case EXT_MEMORY: buf_printf(out, "WASMRT_EXTERN_MEMORY; e.u.memory = inst->memory%u", x->index); break;
    case EXT_TAG: buf_printf(out, "WASMRT_EXTERN_TAG; e.u.tag = inst->tag%u", x->index); break;
    default:
      buf_printf(out, "WASMRT_EXTERN_GLOBAL; e.u.global = %sinst->global%u",
                 x->index < m->nglobals && m->globals[x->index].imported ? "" : "&", x->index);
    }
    buf_puts(out, "; break;\n");
  }
  if (m->nexports) buf_puts(out, "  default: break;\n  }\n");
  buf_puts(out, "  return e;\n}\n\n");
}

/* ----------------------------------------------------------- instantiate */

/* A host that forgot an import (a NULL or zeroed wasmrt_extern, or one of
 * another kind) gets a host trap naming it, not a crash inside instantiate:
 * "host trap: import "env"."log": no function given". */
static void write_import_guard(EmitCtx *cx, Buf *out, uint32_t i) {
  const Import *imp = &cx->m->imports[i];
  static const char *const kinds[] = {"FUNC", "TABLE", "MEMORY", "GLOBAL", "TAG"};
  static const char *const members[] = {"func", "table", "memory", "global", "tag"};
  static const char *const nouns[] = {"function", "table", "memory", "global", "tag"};
  uint32_t k = imp->kind <= EXT_TAG ? imp->kind : EXT_GLOBAL;
  buf_printf(out, "  if (imports[%u].kind != WASMRT_EXTERN_%s || !imports[%u].u.%s", i, kinds[k], i, members[k]);
  if (k == EXT_FUNC) buf_printf(out, " || !imports[%u].u.func->fn", i);
  buf_puts(out, ")\n    wasmrt_trap_host(\"import \\\"\" \"");
  buf_c_string_body(out, (const uint8_t *)imp->module, imp->module_len);
  buf_puts(out, "\" \"\\\".\\\"\" \"");
  buf_c_string_body(out, (const uint8_t *)imp->name, imp->name_len);
  buf_printf(out, "\" \"\\\": no %s given\");\n", nouns[k]);
}

static void write_bind_imports(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  uint32_t func = 0, table = 0, memory = 0, global = 0, tag = 0;
  if (m->nimports)
    buf_printf(out, "  if (!imports) wasmrt_trap_host(\"instantiate: no imports given, the module needs %u\");\n",
               m->nimports);
  for (uint32_t i = 0; i < m->nimports; i++) {
    write_import_guard(cx, out, i);
    switch (m->imports[i].kind) {
    case EXT_FUNC: buf_printf(out, "  inst->funcs[%u] = *imports[%u].u.func;\n", func++, i); break;
    case EXT_TABLE: buf_printf(out, "  inst->table%u = imports[%u].u.table;\n", table++, i); break;
    case EXT_MEMORY: buf_printf(out, "  inst->memory%u = imports[%u].u.memory;\n", memory++, i); break;
    case EXT_TAG: buf_printf(out, "  inst->tag%u = imports[%u].u.tag;\n", tag++, i); break;
    default: buf_printf(out, "  inst->global%u = imports[%u].u.global;\n", global++, i); break;
    }
  }
}
/* A defined memory's creation; a shared one (threads, whose maximum the
 * validator required) is reserved at that maximum by the runtime. */
static void write_memory_init(Buf *out, uint32_t i, const Limits *l) {
  if (l->shared)
    buf_printf(out, "  if (wasmrt_memory_init_shared(inst->memory%u, UINT64_C(%" PRIu64 "), UINT64_C(%" PRIu64 "), %d, "
                    "WASMRT_BOUNDS_CHECK) != 0)\n",
               i, l->min, l->max, l->is64);
  else
    buf_printf(out, "  if (wasmrt_memory%s_init(inst->memory%u, UINT64_C(%" PRIu64 "), UINT64_C(%" PRIu64 "), %d, "
                    "WASMRT_BOUNDS_CHECK) != 0)\n",
               l->is64 ? "64" : "", i, l->min, l->has_max ? l->max : 0, l->has_max);
  buf_puts(out, "    wasmrt_trap(WASMRT_TRAP_OUT_OF_MEMORY);\n");
}

static void write_create_storage(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  for (uint32_t i = 0; i < m->ntags; i++) {
    if (m->tags[i].imported) continue;
    buf_printf(out, "  inst->tag%u = &inst->tag%u_own;\n  inst->tag%u_own.type = &%s_types[%u];\n", i, i, i, cx->P,
               cx->type_sig[m->tags[i].type_index]);
  }
  for (uint32_t i = 0; i < m->nmemories; i++) {
    const Memory *mem = &m->memories[i];
    if (mem->imported) continue;
    buf_printf(out, "  inst->memory%u = &inst->memory%u_own;\n", i, i);
    write_memory_init(out, i, &mem->limits);
  }
  for (uint32_t i = 0; i < m->ntables; i++) {
    const Table *t = &m->tables[i];
    if (t->imported) continue;
    buf_printf(out, "  inst->table%u = &inst->table%u_own;\n", i, i);
    buf_printf(out, "  if (wasmrt_table%s_init(inst->table%u, %s, UINT64_C(%" PRIu64 "), UINT64_C(%" PRIu64 "), %d) != 0)\n"
                    "    wasmrt_trap(WASMRT_TRAP_OUT_OF_MEMORY);\n",
               t->type.limits.is64 ? "64" : "", i, wasmrt_type_macro(t->type.elem), t->type.limits.min,
               t->type.limits.has_max ? t->type.limits.max : 0, t->type.limits.has_max);
    if (!plain_type(t->type.elem)) {
      buf_printf(out, "  inst->table%u->elem_ref = (wasmrt_reftype)", i);
      write_reftype(cx, out, t->type.elem);
      buf_puts(out, ";\n");
    }
  }
}

/* Tables with an init expression (typed references) start with its value in
 * every element instead of null. Only imported globals are visible to it. */
static bool write_table_init_values(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  for (uint32_t i = 0; i < m->ntables; i++) {
    const Table *t = &m->tables[i];
    if (t->imported || !t->has_init) continue;
    buf_printf(out, "  {\n    void *v = ");
    if (!write_const_expr(cx, out, t->init)) return false;
    buf_printf(out, ";\n    for (uint32_t k = 0; k < inst->table%u->size; k++) wasmrt_table_set(inst->table%u, k, v);\n  }\n",
               i, i);
  }
  return true;
}

static bool write_init_globals(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  for (uint32_t g = 0; g < m->nglobals; g++) {
    const Global *glob = &m->globals[g];
    if (glob->imported) continue;
    buf_printf(out, "  inst->global%u.type = %s;\n", g, wasmrt_type_macro(glob->type.type));
    if (glob->type.mutable_) buf_printf(out, "  inst->global%u.mutable_ = 1;\n", g);
    if (!plain_type(glob->type.type)) {
      buf_printf(out, "  inst->global%u.ref = (wasmrt_reftype)", g);
      write_reftype(cx, out, glob->type.type);
      buf_puts(out, ";\n");
    }
    buf_printf(out, "  inst->global%u.value.%s = ", g, value_member(glob->type.type));
    if (!write_const_expr(cx, out, glob->init)) return false;
    buf_puts(out, ";\n");
  }
  return true;
}

static bool write_apply_segments(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  const char *P = cx->P;
  for (uint32_t k = 0; k < m->nelems; k++) {
    const ElemSegment *seg = &m->elems[k];
    if (seg->mode == SEG_ACTIVE) {
      buf_printf(out, "  %s_table_init(inst, inst->table%u, %u, ", P, seg->table_index, k);
      if (!write_const_expr(cx, out, seg->offset)) return false;
      buf_printf(out, ", 0, %u);\n", seg->count);
    }
    if (seg->mode != SEG_PASSIVE) buf_printf(out, "  inst->elem_dropped[%u] = 1;\n", k);
  }
  for (uint32_t k = 0; k < m->ndatas; k++) {
    const DataSegment *seg = &m->datas[k];
    if (seg->mode != SEG_ACTIVE) continue;
    buf_printf(out, "  wcc_memory_init_in(inst->memory%u, ", seg->memory_index);
    if (seg->len) buf_printf(out, "%s_data + %" PRIu64 ", ", P, cx->data_offset[k]);
    else buf_puts(out, "NULL, ");
    buf_printf(out, "%uu, ", seg->len);
    if (!write_const_expr(cx, out, seg->offset)) return false;
    buf_printf(out, ", 0, %uu, NULL, 0);\n  inst->data_dropped[%u] = 1;\n", seg->len, k);
  }
  return true;
}

static bool write_instantiate(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  const char *P = cx->P;
  buf_printf(out, "/* The spec's instantiation: imports, functions, memories, tables, globals,\n"
                  " * element segments, data segments, start. Runs inside the host's WASMRT_TRY. */\n"
                  "static void %s_instantiate(void *instance, const wasmrt_extern *imports) {\n"
                  "  %s_instance *inst = instance;\n", P, P);
  if (!m->nimports) buf_puts(out, "  (void)imports;\n");
  /* Every statement of the body uses inst. */
  Buf body = {0};
  write_bind_imports(cx, &body);
  for (uint32_t f = 0; f < cx->nfiles; f++) {
    uint32_t first = cx->file_first[f], n = cx->file_first[f + 1] - first;
    if (n) buf_printf(&body, "  wcc_bind_functions(inst->funcs + %u, %s_funcs%u, %u, inst);\n", first, P, f, n);
  }
  write_create_storage(cx, &body);
  bool ok = write_table_init_values(cx, &body) && write_init_globals(cx, &body) &&
            write_apply_segments(cx, &body);
  if (m->has_start && m->start < m->nfuncs) {
    buf_puts(&body, "  ");
    write_call_of(cx, &body, m->start, "", 0);
    buf_puts(&body, ";\n");
  }
  if (!body.len) buf_puts(out, "  (void)inst;\n");
  buf_append(out, &body);
  buf_free(&body);
  buf_puts(out, "}\n\n");
  return ok;
}

static void write_free(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  buf_printf(out, "static void %s_free(void *instance) {\n  %s_instance *inst = instance;\n", cx->P, cx->P);
  buf_puts(out, "  wasmrt_exn_free_list(&inst->exns);\n");
  bool any = true;
  for (uint32_t i = 0; i < m->nmemories; i++) {
    if (m->memories[i].imported) continue;
    any = true;
    buf_printf(out, "  if (inst->memory%u == &inst->memory%u_own) wasmrt_memory_free(&inst->memory%u_own);\n"
                    "  inst->memory%u = NULL;\n", i, i, i, i);
  }
  for (uint32_t i = 0; i < m->ntables; i++) {
    if (m->tables[i].imported) continue;
    any = true;
    buf_printf(out, "  if (inst->table%u == &inst->table%u_own) wasmrt_table_free(&inst->table%u_own);\n"
                    "  inst->table%u = NULL;\n", i, i, i, i);
  }
  if (!any) buf_puts(out, "  (void)inst;\n");
  buf_puts(out, "}\n\n");
}

/* ------------------------------------------------------------ descriptor */

static void write_c_string(Buf *out, const char *s, uint32_t len) {
  buf_puts(out, "\"");
  buf_c_string_body(out, (const uint8_t *)s, len);
  buf_puts(out, "\"");
}

static void write_import_descs(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  if (!m->nimports) return;
  buf_printf(out, "static const wasmrt_import_desc %s_imports[%u] = {\n", cx->P, m->nimports);
  for (uint32_t i = 0; i < m->nimports; i++) {
    const Import *imp = &m->imports[i];
    buf_puts(out, "  {.module = ");
    write_c_string(out, imp->module, imp->module_len);
    buf_puts(out, ", .name = ");
    write_c_string(out, imp->name, imp->name_len);
    buf_printf(out, ", .module_len = %u, .name_len = %u", imp->module_len, imp->name_len);
    switch (imp->kind) {
    case EXT_FUNC:
      buf_printf(out, ", .kind = WASMRT_EXTERN_FUNC, .func_type = &%s_types[%u]", cx->P,
                 imp->type_index < m->ntypes ? cx->type_sig[imp->type_index] : 0);
      break;
    case EXT_TABLE:
      buf_printf(out, ",\n   .kind = WASMRT_EXTERN_TABLE, .type = %s, .min = UINT64_C(%" PRIu64 "), "
                      ".max = UINT64_C(%" PRIu64 "), .has_max = %d, .is64 = %d",
                 wasmrt_type_macro(imp->table.elem), imp->table.limits.min, imp->table.limits.max,
                 imp->table.limits.has_max, imp->table.limits.is64);
      buf_puts(out, ", .ref = ");
      write_reftype(cx, out, imp->table.elem);
      break;
    case EXT_TAG:
      buf_printf(out, ", .kind = WASMRT_EXTERN_TAG, .func_type = &%s_types[%u]", cx->P,
                 imp->type_index < m->ntypes ? cx->type_sig[imp->type_index] : 0);
      break;
    case EXT_MEMORY:
      buf_printf(out, ",\n   .kind = WASMRT_EXTERN_MEMORY, .min = %" PRIu64 "u, .max = %" PRIu64 "u, .has_max = %d, "
                      ".bounds_checked = WASMRT_BOUNDS_CHECK, .is64 = %d, .shared = %d",
                 imp->memory.min, imp->memory.max, imp->memory.has_max, imp->memory.is64, imp->memory.shared);
      break;
    default:
      buf_printf(out, ", .kind = WASMRT_EXTERN_GLOBAL, .type = %s, .mutable_ = %d, .ref = ",
                 wasmrt_type_macro(imp->global.type), imp->global.mutable_);
      write_reftype(cx, out, imp->global.type);
    }
    buf_puts(out, "},\n");
  }
  buf_puts(out, "};\n");
}

static void write_export_descs(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  static const char *const kinds[] = {"WASMRT_EXTERN_FUNC", "WASMRT_EXTERN_TABLE", "WASMRT_EXTERN_MEMORY",
                                      "WASMRT_EXTERN_GLOBAL", "WASMRT_EXTERN_TAG"};
  if (!m->nexports) return;
  buf_printf(out, "static const wasmrt_export_desc %s_exports[%u] = {\n", cx->P, m->nexports);
  for (uint32_t i = 0; i < m->nexports; i++) {
    const Export *x = &m->exports[i];
    buf_puts(out, "  {");
    write_c_string(out, x->name, x->name_len);
    buf_printf(out, ", %s, %u, %u},\n", kinds[x->kind <= EXT_TAG ? x->kind : 0], x->index, x->name_len);
  }
  buf_puts(out, "};\n");
}

/* P_function_at: which function holds a machine-code address, for traps
 * raised by a guard-page fault (only the faulting pc is known then). Such a pc
 * is always in a function with loads or stores, so the candidates are those,
 * and the one with the highest start address <= pc holds it. Traps are rare:
 * a linear scan beats keeping a sorted table. */
static void write_function_at(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  const char *P = cx->P;
  /* Checked memories have no guard pages, so nothing asks: checked code
   * (firmware) goes without it and the tables of code addresses. */
  buf_printf(out, "#if WASMRT_BOUNDS_CHECK\n#define %s_function_at NULL\n#else\n", P);
  buf_printf(out, "static const char *%s_function_at(uintptr_t pc) {\n", P);
  bool any = false;
  for (uint32_t i = 0; i < m->nexports; i++) any |= cx->export_names[i] != NULL;
  for (uint32_t file = 0; file < cx->nfiles; file++) any |= code_count(cx, file) != 0;
  if (!any) {
    buf_puts(out, "  (void)pc;\n  return NULL;\n}\n#endif\n\n");
    return;
  }
  buf_puts(out, "  const char *best = NULL;\n  uintptr_t best_start = 0;\n");
  for (uint32_t file = 0; file < cx->nfiles; file++) {
    uint32_t n = code_count(cx, file);
    if (n == 0) continue;
    buf_printf(out, "  for (uint32_t i = 0; i < %uu; i++) {\n"
                    "    uintptr_t start = (uintptr_t)%s_code%u[i].fn;\n"
                    "    if (start <= pc && start >= best_start) best = %s_code%u[i].label, best_start = start;\n"
                    "  }\n", n, P, file, P, file);
  }
  /* Exported wrappers: a C compiler may inline the wrapped function into one. */
  for (uint32_t i = 0; i < m->nexports; i++) {
    if (!cx->export_names[i]) continue;
    buf_printf(out, "  if ((uintptr_t)%s_%s <= pc && (uintptr_t)%s_%s >= best_start)\n    best = ", P,
               cx->export_names[i], P, cx->export_names[i]);
    buf_function_label(out, m, m->exports[i].index);
    buf_printf(out, ", best_start = (uintptr_t)%s_%s;\n", P, cx->export_names[i]);
  }
  buf_puts(out, "  return best;\n}\n#endif\n\n");
}

static void write_module_descriptor(EmitCtx *cx, Buf *out) {
  const Module *m = cx->m;
  const char *P = cx->P;
  write_import_descs(cx, out);
  write_export_descs(cx, out);
  buf_printf(out, "\nconst wasmrt_module %s_module = {\n  .name = ", P);
  if (m->module_name) write_c_string(out, m->module_name, (uint32_t)strlen(m->module_name));
  else write_c_string(out, P, (uint32_t)strlen(P));
  buf_printf(out, ",\n  .instance_size = sizeof(%s_instance),\n", P);
  if (m->nimports) buf_printf(out, "  .nimports = %u,\n  .imports = %s_imports,\n", m->nimports, P);
  if (m->nexports) buf_printf(out, "  .nexports = %u,\n  .exports = %s_exports,\n", m->nexports, P);
  buf_printf(out, "  .instantiate = %s_instantiate,\n  .export_get = %s_export_get,\n  .free = %s_free,\n"
                  "  .function_at = %s_function_at,\n};\n", P, P, P, P);
}

bool write_main_tail(EmitCtx *cx, Buf *out) {
  if (!write_table_init(cx, out)) return false;
  write_export_wrappers(cx, out);
  if (!write_instantiate(cx, out)) return false;
  write_export_get(cx, out);
  write_free(cx, out);
  write_function_at(cx, out);
  write_module_descriptor(cx, out);
  return true;
}
