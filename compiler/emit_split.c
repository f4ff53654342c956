/* emit_split.c - what each C file declares of the others.
 *
 * A big module becomes hundreds of C files, and most of their functions call
 * functions in other files. Declaring every such function in the -impl.h
 * that all files include made each compile parse prototypes for the whole
 * module (1.4 MB for a 20 MB module, a quarter of each file's compile time).
 * Instead the one pass over all bodies (classify_functions) records, per
 * file, the functions of other files it calls, and each file declares just
 * those. The main file also declares the function tables of the split files,
 * which only it uses. */
#include <stdlib.h>

#include "emit_internal.h"

/* Records that `file` calls `callee`, defined in another file. Files are
 * visited in order, so a marker per callee (the last file + 1) removes the
 * repeats; a repeat that slipped through would only repeat a prototype. */
bool split_need(EmitCtx *cx, uint32_t file, uint32_t callee) {
  if (!cx->need_marker) {
    cx->need_marker = emit_calloc(cx, cx->m->nfuncs, sizeof *cx->need_marker);
    if (!cx->need_marker) return false;
  }
  if (cx->need_marker[callee] == file + 1) return true;
  cx->need_marker[callee] = file + 1;
  if (cx->nneeds == cx->needs_cap) {
    size_t cap = cx->needs_cap ? cx->needs_cap * 2 : 256;
    SplitNeed *bigger = realloc(cx->needs, cap * sizeof *bigger);
    if (!bigger) return emit_oom(cx);
    cx->needs = bigger;
    cx->needs_cap = cap;
  }
  cx->needs[cx->nneeds++] = (SplitNeed){file, callee};
  return true;
}

static void write_needed_prototypes(EmitCtx *cx, Buf *out, uint32_t file) {
  bool any = false;
  for (size_t k = 0; k < cx->nneeds; k++) {
    if (cx->needs[k].file != file) continue;
    uint32_t f = cx->needs[k].callee;
    if (!any) buf_puts(out, "/* Functions of other C files called here */\n");
    any = true;
    write_func_declarations(cx, out, f);
  }
  if (any) buf_puts(out, "\n");
}

static void write_split_tables(EmitCtx *cx, Buf *out) {
  const char *P = cx->P;
  for (uint32_t f = 1; f < cx->nfiles; f++) {
    if (cx->file_first[f] == cx->file_first[f + 1]) continue;
    if (f == 1) buf_puts(out, "/* Function tables of the other C files */\n");
    buf_printf(out, "extern WCC_HIDDEN const wasmrt_funcref %s_funcs%u[%u];\n", P, f,
               cx->file_first[f + 1] - cx->file_first[f]);
    uint32_t n = code_count(cx, f);
    if (n) buf_printf(out, "extern WCC_HIDDEN const wcc_code %s_code%u[%u];\n", P, f, n);
  }
  if (cx->nfiles > 1) buf_puts(out, "\n");
}

void write_file_declarations(EmitCtx *cx, Buf *out, uint32_t file) {
  if (file == 0) write_split_tables(cx, out);
  write_needed_prototypes(cx, out, file);
}

void split_free(EmitCtx *cx) {
  free(cx->needs);
  free(cx->need_marker);
}
