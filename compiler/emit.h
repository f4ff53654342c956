/* emit.h - C code generation from a validated Module. */
#ifndef WASMCC_EMIT_H
#define WASMCC_EMIT_H

#include "module.h"

enum { DATA_INCBIN, DATA_STRING };

typedef struct EmitOptions {
  const char *out_c;   /* main C file, e.g. "out/m.c"; the header is "out/m.h" */
  const char *prefix;  /* C identifier prefix of everything the module defines */
  int bounds;          /* -1: left to WASMRT_BOUNDS_CHECK at C compile time; 0 guard; 1 checked */
  int simd_scalar;     /* -1: left to WASMRT_SIMD_SCALAR at C compile time; 0 vector; 1 scalar */
  size_t split_bytes;  /* start a new C file after about this many bytes of C; 0: one file */
  int data_mode;       /* DATA_INCBIN (default) or DATA_STRING */
  /* With split_bytes: a function estimated at this many bytes of C or more
   * gets a C file of its own, and large_file(large_file_ctx, N) names that
   * file (<stem>.N.c) before the files are written, so that a build can
   * compile it differently. 0: no such files. */
  size_t large_function_bytes;
  void (*large_file)(void *ctx, uint32_t file);
  void *large_file_ctx;
} EmitOptions;

/* Writes every output file. Returns false with err (offset/func set where known). */
bool emit_module(const Module *m, const EmitOptions *opt, Error *err);

#endif
