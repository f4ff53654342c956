/* emit.c - the emitter's driver: checks what the module needs, decides
 * which C file each function goes to, and writes every output file.
 *
 * Output (docs/GENERATED_CODE.md): <stem>.h, <stem>-impl.h, <stem>.c,
 * <stem>.N.c for split function bodies, <stem>.data.bin for data segments.
 * C text is streamed to the files; only one function body is held in memory.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "emit_internal.h"

/* Rough C bytes per wasm body byte and per function (measured on the spec
 * suite), to place functions before emitting them:
 * whether a function can be static depends on where its callers are. */
enum { EST_BYTES_PER_WASM_BYTE = 12, EST_BYTES_PER_FUNCTION = 200 };

bool emit_fail(EmitCtx *cx, size_t offset, const char *fmt, ...) {
  cx->err->offset = offset;
  cx->err->func = -1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cx->err->msg, sizeof cx->err->msg, fmt, ap);
  va_end(ap);
  return false;
}

bool emit_output_fail(EmitCtx *cx, const char *what, const char *path) {
  emit_fail(cx, 0, "%s %s: %s", what, path, strerror(errno));
  cx->err->about_output = true;
  return false;
}

bool emit_output_name_fail(EmitCtx *cx, const char *fmt, const char *name) {
  emit_fail(cx, 0, fmt, name);
  cx->err->about_output = true;
  return false;
}

bool emit_oom(EmitCtx *cx) { return emit_fail(cx, 0, "out of memory"); }

void *emit_calloc(EmitCtx *cx, size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) emit_oom(cx);
  return p;
}

/* ------------------------------------------------------------- checks */

static bool check_supported(EmitCtx *cx) {
  const Module *m = cx->m;
  if ((uint64_t)m->nfuncs + m->nglobals >= UINT32_MAX) return emit_fail(cx, 0, "module too large");
  cx->has_memory = m->nmemories >= 1;
  return true;
}

/* -------------------------------------------------------------- paths */

static char *concat(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  char *s = malloc(na + nb + 1);
  if (!s) return NULL;
  memcpy(s, a, na);
  memcpy(s + na, b, nb + 1);
  return s;
}

static const char *basename_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static bool paths_init(EmitCtx *cx, char **stem) {
  size_t n = strlen(cx->opt->out_c);
  if (n < 3 || strcmp(cx->opt->out_c + n - 2, ".c")) return emit_output_name_fail(cx, "output %s must end in .c", cx->opt->out_c);
  *stem = malloc(n - 1);
  if (!*stem) return emit_oom(cx);
  memcpy(*stem, cx->opt->out_c, n - 2);
  (*stem)[n - 2] = 0;
  cx->header_path = concat(*stem, ".h");
  cx->impl_path = concat(*stem, "-impl.h");
  cx->data_path = concat(*stem, ".data.bin");
  if (!cx->header_path || !cx->impl_path || !cx->data_path) return emit_oom(cx);
  cx->header_base = basename_of(cx->header_path);
  cx->impl_base = basename_of(cx->impl_path);
  cx->data_base = basename_of(cx->data_path);
  for (const char *c = cx->header_base; *c; c++)
    if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20)
      return emit_output_name_fail(cx, "output name %s cannot be #included", cx->header_base);
  return true;
}

/* ---------------------------------------------------------- placement */

static bool place_in_files(EmitCtx *cx) {
  const Module *m = cx->m;
  uint32_t ndefined = m->nfuncs - m->nimported_funcs;
  /* at most one file per function, plus the main file */
  cx->file_first = emit_calloc(cx, (size_t)ndefined + 2, sizeof *cx->file_first);
  cx->func_file = emit_calloc(cx, m->nfuncs, sizeof *cx->func_file);
  cx->func_shared = emit_calloc(cx, m->nfuncs, sizeof *cx->func_shared);
  if (!cx->file_first || !cx->func_file || !cx->func_shared) return false;
  cx->nfiles = 1;
  cx->file_first[0] = m->nimported_funcs;
  uint64_t filled = 0, limit = cx->opt->split_bytes, large = cx->opt->large_function_bytes;
  for (uint32_t f = m->nimported_funcs; f < m->nfuncs; f++) {
    uint64_t estimate = EST_BYTES_PER_FUNCTION +
                        EST_BYTES_PER_WASM_BYTE * (uint64_t)(m->funcs[f].body_end - m->funcs[f].body_offset);
    /* a large function goes alone into a split file (never the main file) */
    bool alone = limit && large && estimate >= large;
    if ((limit && filled > 0 && filled + estimate > limit) || (alone && (filled > 0 || cx->nfiles == 1))) {
      cx->file_first[cx->nfiles++] = f;
      filled = 0;
    }
    filled += estimate;
    cx->func_file[f] = cx->nfiles - 1;
    if (alone) {
      if (cx->opt->large_file) cx->opt->large_file(cx->opt->large_file_ctx, cx->nfiles - 1);
      filled = limit; /* the next function starts another file */
    }
  }
  cx->file_first[cx->nfiles] = m->nfuncs;
  return true;
}

/* A defined function is shared (external, hidden) when code in another file
 * calls it: calls from other files' bodies, export wrappers and the start
 * call (both in the main file). */
/* Marks each ref.func (or function index) in a constant expression. */
static bool mark_const_refs(EmitCtx *cx, ConstExpr e) {
  Decoder d = {cx->m, e.offset, e.offset + e.len};
  while (d.pos < d.end) {
    Instr ins;
    if (!decode_instr(&d, &ins, cx->err)) return false;
    if (ins.op == OP_REF_FUNC && ins.idx < cx->m->nfuncs) cx->func_referenced[ins.idx] = true;
  }
  return true;
}

/* What the emitter must know about every function before writing any file:
 * shared (called from another C file), referenced (needs a funcref: exported,
 * in an element segment, or named by ref.func; the C compiler may then no
 * longer change its signature, so the others stay unreferenced), and
 * accesses memory (listed for P_function_at). One pass over all bodies. */
static bool classify_functions(EmitCtx *cx) {
  const Module *m = cx->m;
  cx->func_referenced = emit_calloc(cx, m->nfuncs, sizeof *cx->func_referenced);
  cx->func_accesses_memory = emit_calloc(cx, m->nfuncs, sizeof *cx->func_accesses_memory);
  cx->func_tail = emit_calloc(cx, m->nfuncs, sizeof *cx->func_tail);
  if (!cx->func_referenced || !cx->func_accesses_memory || !cx->func_tail) return false;
  bool split = cx->nfiles > 1;
  for (uint32_t i = 0; i < m->nexports; i++) {
    if (m->exports[i].kind != EXT_FUNC || m->exports[i].index >= m->nfuncs) continue;
    uint32_t f = m->exports[i].index;
    cx->func_referenced[f] = true;
    if (split && cx->func_file[f] != 0) {
      cx->func_shared[f] = true;
      if (!split_need(cx, 0, f)) return false;
    }
  }
  if (split && m->has_start && m->start < m->nfuncs && cx->func_file[m->start] != 0) {
    cx->func_shared[m->start] = true;
    if (!split_need(cx, 0, m->start)) return false;
  }
  for (uint32_t k = 0; k < m->nelems; k++) {
    const ElemSegment *seg = &m->elems[k];
    for (uint32_t i = 0; i < seg->count; i++) {
      if (seg->func_indices && seg->func_indices[i] < m->nfuncs) cx->func_referenced[seg->func_indices[i]] = true;
      if (seg->exprs && !mark_const_refs(cx, seg->exprs[i])) return false;
    }
  }
  for (uint32_t g = 0; g < m->nglobals; g++)
    if (!m->globals[g].imported && !mark_const_refs(cx, m->globals[g].init)) return false;
  for (uint32_t t = 0; t < m->ntables; t++)
    if (m->tables[t].has_init && !mark_const_refs(cx, m->tables[t].init)) return false;
  for (uint32_t f = m->nimported_funcs; f < m->nfuncs; f++) {
    Decoder d = {m, m->funcs[f].body_offset, m->funcs[f].body_end};
    while (d.pos < d.end) {
      Instr ins;
      if (!decode_instr(&d, &ins, cx->err)) {
        cx->err->func = f;
        return false;
      }
      if (ins.op == OP_REF_FUNC && ins.idx < m->nfuncs) cx->func_referenced[ins.idx] = true;
      /* A tail call reaches the callee's tail entry, or its ordinary entry
       * (a callee without tail calls, too few trampoline slots): shared
       * marks both entries. */
      bool direct = ins.op == OP_CALL || ins.op == OP_RETURN_CALL;
      if (split && direct && ins.idx < m->nfuncs && !m->funcs[ins.idx].imported &&
          cx->func_file[ins.idx] != cx->func_file[f]) {
        cx->func_shared[ins.idx] = true;
        if (!split_need(cx, cx->func_file[f], ins.idx)) return false;
      }
      if (ins.op == OP_RETURN_CALL || ins.op == OP_RETURN_CALL_INDIRECT || ins.op == OP_RETURN_CALL_REF)
        cx->func_tail[f] = true;
      const OpInfo *info = op_info(ins.op);
      if (op_accesses_memory(ins.op, info) && cx->has_memory) cx->func_accesses_memory[f] = true;
    }
  }
  /* Every tail call's callee has one of the module's types: a trampoline
   * with this many slots can run any chain the module starts. */
  cx->tail_slots = 1;
  for (uint32_t t = 0; t < m->ntypes; t++) {
    const FuncType *ft = &m->types[t].func;
    uint32_t n = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
    if (n > cx->tail_slots) cx->tail_slots = n;
  }
  return true;
}

/* --------------------------------------------------------------- data */

static bool layout_data(EmitCtx *cx) {
  const Module *m = cx->m;
  cx->data_offset = emit_calloc(cx, m->ndatas, sizeof *cx->data_offset);
  if (!cx->data_offset) return false;
  for (uint32_t i = 0; i < m->ndatas; i++) {
    cx->data_offset[i] = cx->data_total;
    cx->data_total += m->datas[i].len;
  }
  return true;
}

static bool write_data_file(EmitCtx *cx) {
  const Module *m = cx->m;
  if (!cx->data_total || cx->opt->data_mode == DATA_STRING) return true;
  FILE *f = fopen(cx->data_path, "wb");
  if (!f) return emit_output_fail(cx, "cannot write", cx->data_path);
  bool ok = true;
  for (uint32_t i = 0; i < m->ndatas && ok; i++)
    ok = fwrite(m->bytes + m->datas[i].data_offset, 1, m->datas[i].len, f) == m->datas[i].len;
  ok = (fclose(f) == 0) && ok;
  return ok || emit_output_fail(cx, "error writing", cx->data_path);
}

/* ------------------------------------------------------------ C files */

static bool write_c_file(EmitCtx *cx, uint32_t file, const char *path) {
  FILE *f = fopen(path, "wb");
  if (!f) return emit_output_fail(cx, "cannot write", path);
  Buf out = {.file = f, .prelude_uses = &cx->prelude_uses};
  bool ok = true;
  if (file == 0) {
    ok = write_main_head(cx, &out);
  } else {
    buf_printf(&out, "/* Function bodies, part %u. Generated by wasmcc. Do not edit. */\n#include \"%s\"\n\n", file,
               cx->impl_base);
    write_file_declarations(cx, &out, file);
    write_static_prototypes(cx, &out, file);
  }
  for (uint32_t fn = cx->file_first[file]; ok && fn < cx->file_first[file + 1]; fn++)
    ok = emit_function(cx, fn, &out);
  if (ok) write_funcref_templates(cx, &out, file);
  if (ok && file == 0) ok = write_main_tail(cx, &out);
  bool written = buf_flush(&out);
  buf_free(&out);
  written = (fclose(f) == 0) && written;
  if (ok && !written) return emit_output_fail(cx, "error writing", path);
  return ok;
}

static bool write_c_files(EmitCtx *cx, const char *stem) {
  if (!write_c_file(cx, 0, cx->opt->out_c)) return false;
  for (uint32_t file = 1; file < cx->nfiles; file++) {
    char suffix[24];
    snprintf(suffix, sizeof suffix, ".%u.c", file);
    char *path = concat(stem, suffix);
    if (!path) return emit_oom(cx);
    bool ok = write_c_file(cx, file, path);
    free(path);
    if (!ok) return false;
  }
  return true;
}

static void ctx_free(EmitCtx *cx) {
  names_free(cx);
  signatures_free(cx);
  free(cx->header_path);
  free(cx->impl_path);
  free(cx->data_path);
  free(cx->file_first);
  free(cx->func_file);
  free(cx->func_shared);
  free(cx->func_referenced);
  free(cx->func_accesses_memory);
  free(cx->func_tail);
  free(cx->data_offset);
  split_free(cx);
}

bool emit_module(const Module *m, const EmitOptions *opt, Error *err) {
  EmitCtx cx = {.m = m, .opt = opt, .err = err, .P = opt->prefix};
  err->func = -1;
  char *stem = NULL;
  bool ok = check_supported(&cx) && paths_init(&cx, &stem) && signatures_init(&cx) && place_in_files(&cx) &&
            classify_functions(&cx) && names_init(&cx) && layout_data(&cx) && write_data_file(&cx) &&
            write_public_header(&cx) && write_c_files(&cx, stem) && write_impl_header(&cx);
  free(stem);
  ctx_free(&cx);
  return ok;
}
