/* emit_internal.h - what the files of the C emitter share.
 *
 *   emit.c           driver: output files, splitting, function placement
 *   emit_buf.c       text buffers that stream to files; C literal helpers
 *   emit_names.c     identifiers: sanitising, collision-free names, signatures
 *   emit_header.c    the public header and the -impl.h internal header
 *   emit_prelude.c   fixed helper text (arithmetic, memory, tables) for -impl.h
 *   emit_instance.c  instantiate, exports, trampolines, segments, descriptors
 *   emit_func.c      one wasm function -> one C function (control, stack)
 *   emit_ops.c       single instructions: numeric, memory, table, variables
 */
#ifndef WASMCC_EMIT_INTERNAL_H
#define WASMCC_EMIT_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>

#include "decode.h"
#include "emit.h"
#include "module.h"

#if defined(__GNUC__) || defined(__clang__)
#define EMIT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define EMIT_PRINTF(f, a)
#endif

/* ------------------------------------------------------------ buffers */

/* Growing text. With `file` set, the text is written out whenever it gets
 * long, so whole output files never sit in memory; without it, the text is
 * kept (one function body at a time). Failures are sticky and checked once. */
typedef struct Buf {
  char *data;
  size_t len, cap;
  FILE *file;
  size_t total;       /* bytes ever appended */
  uint32_t *prelude_uses; /* if set: prelude sections named by what is written */
  bool failed;        /* allocation or write error */
} Buf;

void buf_put(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) EMIT_PRINTF(2, 3);
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_put_uint(Buf *b, uint64_t v, unsigned base, bool upper);
char *str_put_uint(char *out, uint64_t v, unsigned base, bool upper);
void str_numbered(char *out, const char *prefix, uint32_t n);
void buf_append(Buf *b, const Buf *other);
void buf_indent(Buf *b, unsigned level);
/* Writes pending text to the file (if any). False on a write error. */
bool buf_flush(Buf *b);
void buf_free(Buf *b);

/* `bytes` as the contents of a C string literal (no quotes): printable ASCII
 * as is, everything else as three-digit octal escapes. */
void buf_c_string_body(Buf *b, const uint8_t *bytes, size_t n);
/* Text that is safe inside a C comment (no comment end, no trigraph). */
void buf_comment_text(Buf *b, const char *text, size_t n);
/* A declaration "uint32_t name" / "wasmrt_funcref *name". */
void buf_c_decl(Buf *b, ValType t, const char *name);
/* ", T <prefix>0, T <prefix>1, ..." for the parameters of t. */
void buf_c_params(Buf *b, const FuncType *t, const char *prefix);

/* ----------------------------------------------------------- types */

const char *c_type(ValType t);          /* "uint32_t", "wasmrt_funcref *", ... */
const char *value_member(ValType t);    /* wasmrt_value member: "i32", "funcref", ... */
char ret_code(ValType t);               /* wasmrt.h result letter: i I f F v r e x */
char slot_letter(ValType t);            /* operand stack variable letter: i j f d v r e x */
const char *wasmrt_type_macro(ValType t); /* "WASMRT_I32", ... */

/* One structurally distinct function signature. */
typedef struct Sig {
  const FuncType *type;   /* a representative */
  uint32_t type_index;    /* its type index: the first of the canonical type */
  uint32_t rec, rec_index; /* its recursion group (index into EmitCtx.recs) and position in it */
  char *codes;            /* result-letter codes of the results, for wasmrt_ret_ */
  bool used_by_defined;   /* some defined function has it: needs a trampoline */
} Sig;

/* A recursion group of signatures: equal groups are one, and a group's
 * members are consecutive signatures. */
typedef struct SigGroup {
  uint32_t first_sig, count;
} SigGroup;

/* ----------------------------------------------------------- names */

/* Open-addressing set of identifiers (owned copies). */
typedef struct NameSet {
  char **slots;
  size_t cap, count;
} NameSet;

/* A function of another C file that a file calls (emit_split.c). */
typedef struct SplitNeed {
  uint32_t file, callee;
} SplitNeed;

/* --------------------------------------------------------- context */

typedef struct EmitCtx {
  const Module *m;
  const EmitOptions *opt;
  Error *err;
  const char *P;            /* identifier prefix */

  /* output paths: out_c is "dir/stem.c" */
  char *header_path, *impl_path, *data_path;
  const char *header_base, *impl_base, *data_base; /* basenames within those */

  NameSet names;            /* every identifier after "P_" that is taken */
  char **func_names;        /* per function: "f12" or "f12_name" */
  char **export_names;      /* per export: wrapper name for functions, else NULL */

  uint32_t nsigs;
  Sig *sigs;
  uint32_t *type_sig;       /* type index -> signature number */
  uint32_t nrecs;
  SigGroup *recs;           /* the canonical recursion groups */

  /* placement of defined functions into C files */
  uint32_t nfiles;          /* 1 + number of split files */
  uint32_t *file_first;     /* per file: first function index in it; [nfiles] = nfuncs */
  uint32_t *func_file;      /* per function: its file (imports: 0) */
  bool *func_shared;        /* per function: referenced from another file */
  bool *func_referenced;    /* per function: needs a funcref (its address is taken) */
  bool *func_accesses_memory; /* per function: has loads or stores */
  /* Tail calls (docs/GENERATED_CODE.md, "Tail calls"): per function, whether
   * its body has a return_call or return_call_indirect. Its body is then its
   * tail entry P_tail_<name>, and its ordinary entry runs the trampoline. */
  bool *func_tail;
  uint32_t tail_slots;      /* slots of a trampoline: the largest max(nparams, nresults) of the module's types */

  /* data segments, concatenated into one blob */
  uint64_t *data_offset;    /* per segment: offset in the blob */
  uint64_t data_total;

  /* per file, the functions of other files it calls (emit_split.c) */
  SplitNeed *needs;
  size_t nneeds, needs_cap;
  uint32_t *need_marker;    /* per function: 1 + the last file that needed it */

  bool has_memory;          /* memory 0 exists */
  uint32_t prelude_uses;    /* prelude sections the C files need (PRELUDE_* bits) */
} EmitCtx;

/* Sets the error (function index -1) and returns false. */
bool emit_fail(EmitCtx *cx, size_t offset, const char *fmt, ...) EMIT_PRINTF(3, 4);
/* An output file could not be written: "WHAT PATH: strerror(errno)", reported
 * without a position in the input. */
bool emit_output_fail(EmitCtx *cx, const char *what, const char *path);
/* An output's name cannot be used: fmt has one %s for it. */
bool emit_output_name_fail(EmitCtx *cx, const char *fmt, const char *name);
bool emit_oom(EmitCtx *cx);
void *emit_calloc(EmitCtx *cx, size_t n, size_t size);

/* emit_names.c */
bool names_init(EmitCtx *cx);
void names_free(EmitCtx *cx);
bool signatures_init(EmitCtx *cx);
void signatures_free(EmitCtx *cx);
const Sig *sig_of_type(const EmitCtx *cx, uint32_t type_index);
uint32_t sig_index_of_func(const EmitCtx *cx, uint32_t func_index);
/* The C return type of a signature: "void", "uint32_t", "struct wasmrt_ret_iF". */
void buf_return_type(Buf *b, const FuncType *t);

/* emit_header.c */
bool write_public_header(EmitCtx *cx);
bool write_impl_header(EmitCtx *cx);
/* "static " or "WCC_HIDDEN " and the function's prototype (no ';'). */
void buf_func_prototype(Buf *b, const EmitCtx *cx, uint32_t func_index);
/* The same for the definition: parameters with renamed[i] are called p<i>
 * (the body declares l<i> from them; v128 ones always are). */
void buf_func_prototype_in(Buf *b, const EmitCtx *cx, uint32_t func_index, const bool *renamed);
/* The tail entry of a function with tail calls (static or hidden like its
 * ordinary entry): "static void P_tail_name(void *env, wasmrt_tail *tc)". */
void buf_tail_prototype(Buf *b, const EmitCtx *cx, uint32_t func_index);
/* The typed wrapper of an exported function: "R P_name(P_instance *inst, ...)". */
void write_export_prototype(const EmitCtx *cx, Buf *out, uint32_t export_index);

/* emit_prelude.c: the helper text of <out>-impl.h, in sections included only
 * when the generated code names one of their helpers. */
enum { PRELUDE_BASE, PRELUDE_MEMORY, PRELUDE_BULK, PRELUDE_TABLE, PRELUDE_INT, PRELUDE_FLOAT,
       PRELUDE_TRUNC, PRELUDE_SIMD, PRELUDE_ATOMIC, PRELUDE_NSECTIONS };
extern const char *const emit_prelude_sections[PRELUDE_NSECTIONS];
/* The sections (bit per PRELUDE_*) that the C text names helpers of. */
uint32_t prelude_uses(const char *text, size_t n);

/* emit_instance.c: the parts of the main C file around the functions */
bool write_main_head(EmitCtx *cx, Buf *out);
bool write_main_tail(EmitCtx *cx, Buf *out);
/* Prototypes of the functions of one file (they may call each other in any
 * order). */
void write_func_declarations(EmitCtx *cx, Buf *out, uint32_t f);
void write_static_prototypes(EmitCtx *cx, Buf *out, uint32_t file);
/* The const funcref templates of the functions of one file. */
void write_funcref_templates(EmitCtx *cx, Buf *out, uint32_t file);
/* The entries of one file's P_code<N>[]: the C functions holding the code of
 * functions with loads or stores (both entries of those with tail calls). */
uint32_t code_count(const EmitCtx *cx, uint32_t file);

/* emit_split.c: per file, the declarations of what other files define */
bool split_need(EmitCtx *cx, uint32_t file, uint32_t callee);
/* Prototypes of the functions of other files this file calls; in the main
 * file also the split files' function tables. */
void write_file_declarations(EmitCtx *cx, Buf *out, uint32_t file);
void split_free(EmitCtx *cx);

/* emit_ops.c: the C expression of a constant instruction (i32/i64/f32/f64
 * const, ref.null); false for anything else. */
bool format_constant(char *out, size_t size, const Instr *ins);

/* emit_func.c */
bool emit_function(EmitCtx *cx, uint32_t func_index, Buf *out);
/* The C string literal naming a function in trap messages: "3 (name)". */
void buf_function_label(Buf *out, const Module *m, uint32_t func_index);

/* emit_gc.c: a GC instruction of a constant expression, on its stack of C
 * expressions (*n of them, with room for one more). */
bool emit_const_gc(EmitCtx *cx, Buf *stack, uint32_t *n, const Instr *ins);

#endif
