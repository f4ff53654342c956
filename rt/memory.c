/* memory.c - linear memories, in two modes (see wasmrt.h):
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
 *
 * POSIX only (mmap). New pages are zero because anonymous mappings are.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mremap */
#endif

#include <string.h>
#include <sys/mman.h>

#include "wasmrt.h"
#include "wasmrt_internal.h"

#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif

/* The most pages a 32-bit memory can have (4 GiB). */
#define MAX_PAGES UINT64_C(65536)

/* A 64-bit memory's implementation limit: in guard mode the reservation it
 * lives in; in checked mode 2^47 pages (so page counts times the page size
 * never overflow), though mmap/mremap usually refuse far earlier. */
#define MAX_PAGES64_CHECKED (UINT64_C(1) << 47)

static uint64_t implementation_limit(const wasmrt_memory *m) {
  if (!m->is64) return MAX_PAGES;
  return m->bounds_checked ? MAX_PAGES64_CHECKED : WASMRT_GUARD_RESERVATION / WASMRT_PAGE_SIZE;
}

/* The page count grow may reach: the declared maximum or the implementation
 * limit, whichever is smaller. */
static uint64_t grow_limit(const wasmrt_memory *m) {
  uint64_t limit = implementation_limit(m);
  return m->max_pages < limit ? m->max_pages : limit;
}

static uint8_t *map_anonymous(uint64_t len, int prot, int extra_flags) {
  if (len > SIZE_MAX) return NULL;
  void *p = mmap(NULL, (size_t)len, prot, MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* ---------------------------------------------------------- guard mode */

static int guarded_make_accessible(wasmrt_memory *m, uint64_t new_pages) {
  uint64_t new_size = new_pages * WASMRT_PAGE_SIZE;
  if (new_size == m->size) return 0;
  if (mprotect(m->base + m->size, (size_t)(new_size - m->size), PROT_READ | PROT_WRITE) != 0)
    return -1;
  m->pages = new_pages;
  m->size = new_size;
  return 0;
}

static int guarded_init(wasmrt_memory *m, uint64_t min_pages) {
  if (wasmrt_fault_handler_install() != 0) return -1;
  m->base = map_anonymous(WASMRT_GUARD_RESERVATION, PROT_NONE, MAP_NORESERVE);
  if (m->base == NULL) return -1;
  m->reserved = WASMRT_GUARD_RESERVATION;
  if (wasmrt_guard_register(m->base) != 0) {
    munmap(m->base, (size_t)m->reserved);
    m->base = NULL;
    return -1;
  }
  return guarded_make_accessible(m, min_pages);
}

/* -------------------------------------------------------- checked mode */

static uint64_t mapping_size(uint64_t pages) {
  return (pages ? pages : 1) * WASMRT_PAGE_SIZE;
}

static int checked_init(wasmrt_memory *m, uint64_t min_pages) {
  uint64_t len = mapping_size(min_pages);
  m->base = map_anonymous(len, PROT_READ | PROT_WRITE, 0);
  if (m->base == NULL) return -1;
  m->reserved = len;
  m->pages = min_pages;
  m->size = min_pages * WASMRT_PAGE_SIZE;
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

static int checked_grow(wasmrt_memory *m, uint64_t new_pages) {
  uint64_t new_len = mapping_size(new_pages);
  /* The bytes between size and reserved were never accessible, so still zero. */
  if (new_len > m->reserved) {
    uint8_t *p = checked_remap(m, new_len);
    if (p == NULL) return -1;
    m->base = p;
    m->reserved = new_len;
  }
  m->pages = new_pages;
  m->size = new_pages * WASMRT_PAGE_SIZE;
  return 0;
}

/* -------------------------------------------------------------- public */

static int memory_init(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                       int has_max, int bounds_checked, int is64) {
  memset(m, 0, sizeof *m);
  m->has_max = has_max != 0;
  m->bounds_checked = bounds_checked != 0;
  m->is64 = is64 != 0;
  m->max_pages = has_max ? max_pages : implementation_limit(m);
  if (min_pages > grow_limit(m)) return -1;
  int rc = bounds_checked ? checked_init(m, min_pages) : guarded_init(m, min_pages);
  if (rc != 0) wasmrt_memory_free(m);
  return rc;
}

int wasmrt_memory_init(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                       int has_max, int bounds_checked) {
  return memory_init(m, min_pages, max_pages, has_max, bounds_checked, 0);
}

int wasmrt_memory64_init(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                         int has_max, int bounds_checked) {
  return memory_init(m, min_pages, max_pages, has_max, bounds_checked, 1);
}

/* Returns the old page count or UINT64_MAX; a refused mapping is a failed
 * grow, never a crash. */
uint64_t wasmrt_memory64_grow(wasmrt_memory *m, uint64_t delta_pages) {
  uint64_t old_pages = m->pages;
  if (delta_pages > grow_limit(m) - old_pages) return UINT64_MAX;
  if (delta_pages == 0) return old_pages;
  uint64_t new_pages = old_pages + delta_pages;
  int rc = m->bounds_checked ? checked_grow(m, new_pages) : guarded_make_accessible(m, new_pages);
  return rc == 0 ? old_pages : UINT64_MAX;
}

uint32_t wasmrt_memory_grow(wasmrt_memory *m, uint64_t delta_pages) {
  uint64_t old = wasmrt_memory64_grow(m, delta_pages);
  return old == UINT64_MAX ? UINT32_MAX : (uint32_t)old;
}

void wasmrt_memory_free(wasmrt_memory *m) {
  if (m->base != NULL) {
    /* Unregister first: after munmap the range may be reused by other code,
     * whose crashes must not look like wasm traps. */
    if (!m->bounds_checked) wasmrt_guard_unregister(m->base);
    munmap(m->base, (size_t)m->reserved);
  }
  memset(m, 0, sizeof *m);
}
