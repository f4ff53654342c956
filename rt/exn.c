/* exn.c - exception objects: allocation, copies, and the lists that keep
 * exnrefs alive. Throwing and catching is in trap.c (the frames). */
#include <stdlib.h>
#include <string.h>

#include "wasmrt.h"

/* One allocation holds the header and the payload. */
static wasmrt_exn *exn_alloc(const wasmrt_tag *tag, uint32_t count) {
  size_t size = sizeof(wasmrt_exn) + (size_t)count * sizeof(wasmrt_value);
  wasmrt_exn *e = calloc(1, size);
  if (!e) wasmrt_trap(WASMRT_TRAP_OUT_OF_MEMORY);
  e->tag = tag;
  e->count = count;
  e->values = (wasmrt_value *)(void *)(e + 1);
  return e;
}

wasmrt_exn *wasmrt_exn_new(const wasmrt_tag *tag) {
  return exn_alloc(tag, tag->type ? tag->type->nparams : 0);
}

wasmrt_exn *wasmrt_exn_copy(const wasmrt_exn *e) {
  wasmrt_exn *c = exn_alloc(e->tag, e->count);
  if (e->count) memcpy(c->values, e->values, e->count * sizeof *e->values);
  return c;
}

void wasmrt_exn_free(wasmrt_exn *e) { free(e); }

void wasmrt_exn_keep(wasmrt_exn **list, wasmrt_exn *e) {
  e->next = *list;
  *list = e;
}

void wasmrt_exn_free_list(wasmrt_exn **list) {
  for (wasmrt_exn *e = *list, *next; e; e = next) {
    next = e->next;
    free(e);
  }
  *list = NULL;
}
