/* table.c - tables of references (funcref: wasmrt_funcref *, externref: void *).
 *
 * A table is a heap array of `size` elements (wasmrt_table_elem: the
 * reference, and in a funcref table a copy of the function's descriptor for
 * call_indirect). NULL is the null reference, so calloc'd (all-bits-zero)
 * elements are null refs on every platform we target.
 * `elems` is never NULL for a live table (even at size 0), so generated code
 * may pass it to memcpy/memmove with a zero length.
 *
 * 64-bit tables (table64) differ only in their index type: wasm hands them
 * i64 indices, sizes and deltas, but they hold no more elements than 32-bit
 * ones (see TABLE_ELEMENT_LIMIT), so `size` stays 32-bit.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* wasmrt.h uses sigjmp_buf (POSIX) */
#endif

#include <stdlib.h>
#include <string.h>

#include "wasmrt.h"

/* Implementation limit on elements: keeps a runaway table.grow from eating
 * all memory (480 MB of elements at most on 64-bit hosts). */
#define TABLE_ELEMENT_LIMIT 10000000u

const wasmrt_funcref wasmrt_funcref_none;

static uint32_t grow_limit(const wasmrt_table *t) {
  return t->max < TABLE_ELEMENT_LIMIT ? (uint32_t)t->max : TABLE_ELEMENT_LIMIT;
}

static int table_init(wasmrt_table *t, wasmrt_valtype elem_type, uint64_t min, uint64_t max,
                      int has_max, int is64) {
  memset(t, 0, sizeof *t);
  t->elem_type = elem_type;
  t->has_max = has_max != 0;
  t->is64 = is64 != 0;
  t->holds_funcs = wasmrt_valtype_repr(elem_type) == WASMRT_FUNCREF;
  t->max = has_max ? max : TABLE_ELEMENT_LIMIT;
  if (min > grow_limit(t)) return -1;
  t->elems = calloc(min ? (size_t)min : 1, sizeof *t->elems);
  if (t->elems == NULL) return -1;
  t->size = (uint32_t)min;
  return 0;
}

int wasmrt_table_init(wasmrt_table *t, wasmrt_valtype elem_type, uint32_t min,
                      uint32_t max, int has_max) {
  return table_init(t, elem_type, min, max, has_max, 0);
}

int wasmrt_table64_init(wasmrt_table *t, wasmrt_valtype elem_type, uint64_t min,
                        uint64_t max, int has_max) {
  return table_init(t, elem_type, min, max, has_max, 1);
}

/* Adds delta elements set to init; 0 when the table cannot grow (beyond its
 * maximum or the implementation limit, or out of memory). */
static int grow_by(wasmrt_table *t, uint64_t delta, void *init) {
  uint32_t old_size = t->size;
  if (delta > grow_limit(t) - old_size) return 0;
  if (delta == 0) return 1;
  uint32_t new_size = old_size + (uint32_t)delta;
  wasmrt_table_elem *elems = realloc(t->elems, (size_t)new_size * sizeof *elems);
  if (elems == NULL) return 0;
  /* Zeroed first, as table_init's calloc: an externref table's set leaves
   * func alone, which would otherwise be realloc's garbage. */
  memset(elems + old_size, 0, (size_t)delta * sizeof *elems);
  t->elems = elems;
  t->size = new_size;
  for (uint32_t i = old_size; i < new_size; i++) wasmrt_table_set(t, i, init);
  return 1;
}

uint32_t wasmrt_table_grow(wasmrt_table *t, uint32_t delta, void *init) {
  uint32_t old_size = t->size;
  return grow_by(t, delta, init) ? old_size : UINT32_MAX;
}

uint64_t wasmrt_table64_grow(wasmrt_table *t, uint64_t delta, void *init) {
  uint32_t old_size = t->size;
  return grow_by(t, delta, init) ? old_size : UINT64_MAX;
}

void wasmrt_table_free(wasmrt_table *t) {
  free(t->elems);
  memset(t, 0, sizeof *t);
}
