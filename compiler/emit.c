/* emit.c - STUB, being written. */
#include <stdio.h>
#include "emit.h"
bool emit_module(const Module *m, const EmitOptions *opt, Error *err) {
  (void)m; (void)opt; err->offset = 0; err->func = -1;
  snprintf(err->msg, sizeof err->msg, "emitter not written yet");
  return false;
}
