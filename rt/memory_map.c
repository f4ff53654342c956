/* memory_map.c - the mmap backend of memories (WASMRT_MEMORY_MMAP, POSIX),
 * in both modes (see wasmrt.h):
 *
 * Guard mode: one PROT_NONE reservation of WASMRT_GUARD_RESERVATION bytes per
 * memory; the first `pages` pages are read-write. Growing makes more of the
 * reservation accessible, so `base` never moves and nothing is ever unmapped
 * while the memory lives. Out-of-bounds accesses fault and fault.c turns them
 * into traps. Unaccessed pages cost no RAM (MAP_NORESERVE, lazily zeroed).
 *
 * Checked mode: a mapping of exactly the accessible size (at least one wasm
 * page, so `base` is valid even for a 0-page memory and memcpy(base, .., 0) is
 * defined). Growing remaps (mremap on Linux: no copy), so `base` may move.
 * A shared memory (threads) instead reserves its maximum once, PROT_NONE and
 * without RAM, and grows by mprotect like guard mode: `base` never moves
 * under the other threads.
 *
 * New pages are zero because anonymous mappings are. Limits are memory.c's.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mremap */
#endif

#include "wasmrt.h"

#if WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_MMAP
#include <string.h>
#include <sys/mman.h>

#include "wasmrt_internal.h"

#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif

static uint8_t *map_anonymous(uint64_t len, int prot, int extra_flags) {
  if (len > SIZE_MAX) return NULL;
  void *p = mmap(NULL, (size_t)len, prot, MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* ---------------------------------------------------------- guard mode */

int wasmrt_backend_guard_grow(wasmrt_memory *m, uint64_t new_pages) {
  uint64_t new_size = new_pages * WASMRT_PAGE_SIZE;
  if (new_size == m->size) return 0;
  return mprotect(m->base + m->size, (size_t)(new_size - m->size), PROT_READ | PROT_WRITE);
}

int wasmrt_backend_guard_create(wasmrt_memory *m, uint64_t pages) {
  if (wasmrt_fault_handler_install() != 0) return -1;
  m->base = map_anonymous(WASMRT_GUARD_RESERVATION, PROT_NONE, MAP_NORESERVE);
  if (m->base == NULL) return -1;
  m->reserved = WASMRT_GUARD_RESERVATION;
  if (wasmrt_guard_register(m->base) != 0) {
    munmap(m->base, (size_t)m->reserved);
    m->base = NULL;
    return -1;
  }
  return wasmrt_backend_guard_grow(m, pages);
}

/* -------------------------------------------------------- checked mode */

static uint64_t mapping_size(uint64_t pages) {
  return (pages ? pages : 1) * WASMRT_PAGE_SIZE;
}

int wasmrt_backend_checked_create(wasmrt_memory *m, uint64_t pages) {
  uint64_t len = mapping_size(pages);
  m->base = map_anonymous(len, PROT_READ | PROT_WRITE, 0);
  if (m->base == NULL) return -1;
  m->reserved = len;
  return 0;
}

/* Moves the memory into a mapping of new_len bytes; the old bytes keep their
 * offsets and the rest is zero. */
static uint8_t *checked_remap(wasmrt_memory *m, uint64_t new_len) {
  if (new_len > SIZE_MAX) return NULL;
#ifdef MREMAP_MAYMOVE
  void *p = mremap(m->base, (size_t)m->reserved, (size_t)new_len, MREMAP_MAYMOVE);
  return p == MAP_FAILED ? NULL : p;
#else
  uint8_t *p = map_anonymous(new_len, PROT_READ | PROT_WRITE, 0);
  if (p == NULL) return NULL;
  memcpy(p, m->base, (size_t)m->size);
  munmap(m->base, (size_t)m->reserved);
  return p;
#endif
}

int wasmrt_backend_checked_grow(wasmrt_memory *m, uint64_t new_pages) {
  uint64_t new_len = mapping_size(new_pages);
  /* The bytes between size and reserved were never accessible, so still zero. */
  if (new_len > m->reserved) {
    uint8_t *p = checked_remap(m, new_len);
    if (p == NULL) return -1;
    m->base = p;
    m->reserved = new_len;
  }
  return 0;
}

/* ------------------------------------------- checked mode, shared */

/* The maximum's address space, reserved once without RAM (as guard mode
 * reserves its 8 GiB); the accessible pages are made read-write. */
int wasmrt_backend_shared_create(wasmrt_memory *m, uint64_t pages) {
  uint64_t len = mapping_size(m->max_pages);
  m->base = map_anonymous(len, PROT_NONE, MAP_NORESERVE);
  if (m->base == NULL) return -1;
  m->reserved = len;
  return wasmrt_backend_shared_grow(m, pages);
}

int wasmrt_backend_shared_grow(wasmrt_memory *m, uint64_t new_pages) {
  uint64_t new_size = new_pages * WASMRT_PAGE_SIZE;
  if (new_size == m->size) return 0;
  return mprotect(m->base + m->size, (size_t)(new_size - m->size), PROT_READ | PROT_WRITE);
}

void wasmrt_backend_release(wasmrt_memory *m) {
  /* Unregister first: after munmap the range may be reused by other code,
   * whose crashes must not look like wasm traps. */
  if (!m->bounds_checked) wasmrt_guard_unregister(m->base);
  munmap(m->base, (size_t)m->reserved);
}

#else
typedef int wasmrt_memory_map_unused; /* ISO C: no empty translation units */
#endif
