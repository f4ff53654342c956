/* table.c - tables of references (funcref: wasmrt_funcref *, externref: void *).
 *
 * A table is a heap array of `size` pointers. NULL is the null reference, so
 * calloc'd (all-bits-zero) slots are null refs on every platform we target.
 * `elems` is never NULL for a live table (even at size 0), so generated code
 * may pass it to memcpy/memmove with a zero length.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* wasmrt.h uses sigjmp_buf (POSIX) */
#endif

#include <stdlib.h>
#include <string.h>

#include "wasmrt.h"

/* Implementation limit on elements: keeps a runaway table.grow from eating
 * all memory (80 MB of pointers at most on 64-bit hosts). */
#define TABLE_ELEMENT_LIMIT 10000000u

static uint32_t grow_limit(const wasmrt_table *t) {
  return t->max < TABLE_ELEMENT_LIMIT ? t->max : TABLE_ELEMENT_LIMIT;
}

int wasmrt_table_init(wasmrt_table *t, wasmrt_valtype elem_type, uint32_t min,
                      uint32_t max, int has_max) {
  memset(t, 0, sizeof *t);
  t->elem_type = elem_type;
  t->has_max = has_max != 0;
  t->max = has_max ? max : TABLE_ELEMENT_LIMIT;
  if (min > grow_limit(t)) return -1;
  t->elems = calloc(min ? min : 1, sizeof *t->elems);
  if (t->elems == NULL) return -1;
  t->size = min;
  return 0;
}

uint32_t wasmrt_table_grow(wasmrt_table *t, uint32_t delta, void *init) {
  uint32_t old_size = t->size;
  if (delta > grow_limit(t) - old_size) return UINT32_MAX;
  if (delta == 0) return old_size;
  uint32_t new_size = old_size + delta;
  void **elems = realloc(t->elems, (size_t)new_size * sizeof *elems);
  if (elems == NULL) return UINT32_MAX;
  for (uint32_t i = old_size; i < new_size; i++) elems[i] = init;
  t->elems = elems;
  t->size = new_size;
  return old_size;
}

void wasmrt_table_free(wasmrt_table *t) {
  free(t->elems);
  memset(t, 0, sizeof *t);
}
