/* memory.c - linear memories: limits, the host's API, arenas, and the
 * choice of where the bytes come from (see wasmrt.h, "memory").
 *
 * The bytes of a memory come from one of three places:
 *   - an arena: a buffer the host gave (wasmrt_memory_create_static,
 *     wasmrt_memory_init_static). Grows in place up to the buffer's size;
 *     handled here, the same in every configuration;
 *   - the backend the runtime was built with (WASMRT_MEMORY_BACKEND):
 *     memory_map.c (mmap: guard pages, or mappings moved by mremap) or
 *     memory_alloc.c (a realloc-style hook; none at all for STATIC).
 *
 * This file needs nothing beyond string.h, so a firmware build
 * (WASMRT_MEMORY_STATIC) links no allocator.
 */
#include "wasmrt.h" /* first: it may select POSIX for setjmp.h */

#include <string.h>

#include "wasmrt_internal.h"

/* The index types' limits (the spec's): 2^16 pages of a 32-bit memory make
 * 4 GiB; 2^48 pages of a 64-bit memory make 2^64 bytes. */
#define MAX_PAGES32 UINT64_C(65536)
#define MAX_PAGES64 (UINT64_C(1) << 48)

/* A 64-bit memory's implementation limit: in guard mode the reservation it
 * lives in; in checked mode 2^47 pages (so page counts times the page size
 * never overflow), though the backend usually refuses far earlier. */
#define MAX_PAGES64_CHECKED (UINT64_C(1) << 47)

static uint64_t index_type_limit(int is64) {
  return is64 ? MAX_PAGES64 : MAX_PAGES32;
}

static uint64_t implementation_limit(const wasmrt_memory *m) {
  if (!m->is64) return MAX_PAGES32;
  return m->bounds_checked ? MAX_PAGES64_CHECKED : WASMRT_GUARD_RESERVATION / WASMRT_PAGE_SIZE;
}

static uint64_t min_u64(uint64_t a, uint64_t b) {
  return a < b ? a : b;
}

/* The page count grow may reach: the declared maximum, the implementation
 * limit and the arena, whichever is smallest. */
static uint64_t grow_limit(const wasmrt_memory *m) {
  uint64_t limit = min_u64(m->max_pages, implementation_limit(m));
  return m->arena ? min_u64(limit, m->reserved / WASMRT_PAGE_SIZE) : limit;
}

/* ------------------------------------------------------------ messages */

/* Messages are assembled by hand: snprintf would pull stdio into firmware. */
typedef struct message {
  char *buf;
  size_t size, len;
} message;

static void put_str(message *msg, const char *s) {
  for (; *s && msg->buf && msg->len + 1 < msg->size; s++) msg->buf[msg->len++] = *s;
  if (msg->buf && msg->size) msg->buf[msg->len] = '\0';
}

/* Decimal by subtracting powers of ten: a 64-bit division would link a
 * libgcc routine of ~700 bytes into 32-bit firmware. */
static void put_u64(message *msg, uint64_t v) {
  char digits[21];
  size_t n = 0;
  uint64_t power = UINT64_C(10000000000000000000); /* 10^19, the largest below 2^64 */
  for (int exp = 19; exp >= 0; exp--) {
    char d = '0';
    while (v >= power) v -= power, d++;
    if (d != '0' || n > 0 || exp == 0) digits[n++] = d;
    /* power / 10 without a division: 10^k = 10^(k-1) * 10 exactly, so
     * count down from the smaller ones. */
    uint64_t next = 1;
    for (int k = 1; k < exp; k++) next *= 10;
    power = next;
  }
  digits[n] = '\0';
  put_str(msg, digits);
}

static wasmrt_memory_error fail(message *msg, wasmrt_memory_error e, const char *what,
                                uint64_t value, const char *relation, uint64_t bound,
                                const char *unit) {
  put_str(msg, what);
  put_str(msg, " ");
  put_u64(msg, value);
  put_str(msg, relation);
  put_u64(msg, bound);
  put_str(msg, unit);
  return e;
}

/* The JS API's RangeError cases, then what this runtime cannot hold. */
static wasmrt_memory_error check_desc(const wasmrt_memory_desc *d, int bounds_checked,
                                      message *msg) {
  uint64_t limit = index_type_limit(d->is64);
  const char *unit = d->is64 ? " pages of a 64-bit memory" : " pages of a 32-bit memory";
  if (d->initial > limit)
    return fail(msg, WASMRT_MEMORY_TOO_LARGE, "initial", d->initial, " is above the limit of ", limit, unit);
  if (d->has_maximum && d->maximum > limit)
    return fail(msg, WASMRT_MEMORY_TOO_LARGE, "maximum", d->maximum, " is above the limit of ", limit, unit);
  if (d->has_maximum && d->maximum < d->initial)
    return fail(msg, WASMRT_MEMORY_MAX_BELOW_INITIAL, "maximum", d->maximum, " is below initial ",
                d->initial, " pages");
  if (d->shared && !d->has_maximum) {
    put_str(msg, "a shared memory needs a maximum");
    return WASMRT_MEMORY_SHARED_WITHOUT_MAXIMUM;
  }
  if (!bounds_checked && !WASMRT_HAVE_GUARD_PAGES) {
    put_str(msg, "guard-page memories need the mmap backend (use bounds-checked mode)");
    return WASMRT_MEMORY_UNSUPPORTED;
  }
  return WASMRT_MEMORY_OK;
}

/* Fields every memory has, from a checked descriptor. */
static void set_limits(wasmrt_memory *m, const wasmrt_memory_desc *d, int bounds_checked) {
  memset(m, 0, sizeof *m);
  m->has_max = d->has_maximum != 0;
  m->bounds_checked = bounds_checked != 0;
  m->is64 = d->is64 != 0;
  m->shared = d->shared != 0;
  m->max_pages = d->has_maximum ? d->maximum : implementation_limit(m);
}

/* Other threads read a shared memory's size while it grows, both fields
 * after the new bytes are usable. size goes first: code that read pages
 * (memory.size) and then checks an address against size must never see
 * the new page count with the old size (a spurious out-of-bounds trap). */
static void set_pages(wasmrt_memory *m, uint64_t pages) {
#if WASMRT_THREADS && (defined(__GNUC__) || defined(__clang__))
  __atomic_store_n(&m->size, pages * WASMRT_PAGE_SIZE, __ATOMIC_SEQ_CST);
  __atomic_store_n(&m->pages, pages, __ATOMIC_SEQ_CST);
#else
  m->pages = pages;
  m->size = pages * WASMRT_PAGE_SIZE;
#endif
}

/* A checked shared memory holds its maximum from the start (the backend's
 * shared_create), so it never moves: other threads keep using `base` while
 * it grows. Guard mode's reservation never moves anyway, and an arena grows
 * in place. */
static int backend_create(wasmrt_memory *m, uint64_t pages) {
  if (!m->bounds_checked) return wasmrt_backend_guard_create(m, pages);
  return m->shared ? wasmrt_backend_shared_create(m, pages) : wasmrt_backend_checked_create(m, pages);
}

static wasmrt_memory_error no_resources(wasmrt_memory *m, message *msg, uint64_t pages,
                                        const char *where) {
  wasmrt_memory_free(m);
  put_str(msg, "cannot allocate ");
  put_u64(msg, pages);
  put_str(msg, " pages");
  put_str(msg, where);
  return WASMRT_MEMORY_NO_RESOURCES;
}

/* -------------------------------------------------------------- public */

wasmrt_memory_error wasmrt_memory_create(wasmrt_memory *m, const wasmrt_memory_desc *d,
                                         int bounds_checked, char *why, size_t why_size) {
  message msg = {why, why_size, 0};
  put_str(&msg, "");
  wasmrt_memory_error e = check_desc(d, bounds_checked, &msg);
  if (e != WASMRT_MEMORY_OK) {
    memset(m, 0, sizeof *m);
    return e;
  }
  set_limits(m, d, bounds_checked);
  if (d->initial > grow_limit(m)) return no_resources(m, &msg, d->initial, "");
  if (backend_create(m, d->initial) != 0 || (m->shared && wasmrt_shared_state_create(m) != 0))
    return no_resources(m, &msg, d->initial, "");
  set_pages(m, d->initial);
  return WASMRT_MEMORY_OK;
}

wasmrt_memory_error wasmrt_memory_create_static(wasmrt_memory *m, const wasmrt_memory_desc *d,
                                                void *buf, size_t bytes, char *why, size_t why_size) {
  message msg = {why, why_size, 0};
  put_str(&msg, "");
  wasmrt_memory_error e = check_desc(d, 1, &msg);
  if (e != WASMRT_MEMORY_OK) {
    memset(m, 0, sizeof *m);
    return e;
  }
  set_limits(m, d, 1);
  m->base = buf;
  m->reserved = bytes;
  m->arena = 1;
  if (buf == NULL || d->initial > grow_limit(m))
    return no_resources(m, &msg, d->initial, " in the arena");
  memset(m->base, 0, (size_t)(d->initial * WASMRT_PAGE_SIZE));
  if (m->shared && wasmrt_shared_state_create(m) != 0) return no_resources(m, &msg, d->initial, "");
  set_pages(m, d->initial);
  return WASMRT_MEMORY_OK;
}

int wasmrt_memory_init_static(wasmrt_memory *m, void *buf, size_t bytes) {
  memset(m, 0, sizeof *m);
  if (buf == NULL || bytes < WASMRT_PAGE_SIZE) return -1;
  m->base = buf;
  m->reserved = bytes;
  m->arena = 1;
  return 0;
}

/* Generated code's entry: a memory the host attached to an arena keeps it. */
static int memory_init(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                       int has_max, int bounds_checked, int is64, int shared) {
  wasmrt_memory_desc d = {min_pages, max_pages, has_max != 0, is64 != 0, shared != 0};
  wasmrt_memory_error e;
  if (m->arena && m->base)
    e = bounds_checked ? wasmrt_memory_create_static(m, &d, m->base, (size_t)m->reserved, NULL, 0)
                       : WASMRT_MEMORY_UNSUPPORTED;
  else
    e = wasmrt_memory_create(m, &d, bounds_checked, NULL, 0);
  return e == WASMRT_MEMORY_OK ? 0 : -1;
}

int wasmrt_memory_init(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                       int has_max, int bounds_checked) {
  return memory_init(m, min_pages, max_pages, has_max, bounds_checked, 0, 0);
}

int wasmrt_memory64_init(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                         int has_max, int bounds_checked) {
  return memory_init(m, min_pages, max_pages, has_max, bounds_checked, 1, 0);
}

int wasmrt_memory_init_shared(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                              int is64, int bounds_checked) {
  return memory_init(m, min_pages, max_pages, 1, bounds_checked, is64, 1);
}

/* New arena pages are zeroed here: the host's buffer may hold anything. */
static int arena_grow(wasmrt_memory *m, uint64_t new_pages) {
  memset(m->base + m->size, 0, (size_t)(new_pages * WASMRT_PAGE_SIZE - m->size));
  return 0;
}

/* Returns the old page count or UINT64_MAX; a refused allocation is a failed
 * grow that leaves the memory as it was, never a crash. */
static uint64_t grow_unlocked(wasmrt_memory *m, uint64_t delta_pages) {
  uint64_t old_pages = m->pages;
  if (delta_pages > grow_limit(m) - old_pages) return UINT64_MAX;
  if (delta_pages == 0) return old_pages;
  uint64_t new_pages = old_pages + delta_pages;
  int rc = m->arena                         ? arena_grow(m, new_pages)
           : m->shared && m->bounds_checked ? wasmrt_backend_shared_grow(m, new_pages)
           : m->bounds_checked              ? wasmrt_backend_checked_grow(m, new_pages)
                                            : wasmrt_backend_guard_grow(m, new_pages);
  if (rc != 0) return UINT64_MAX;
  set_pages(m, new_pages);
  return old_pages;
}

/* Threads growing one shared memory take turns, so each sees the page count
 * it grew from. */
uint64_t wasmrt_memory64_grow(wasmrt_memory *m, uint64_t delta_pages) {
  if (m->shared_state == NULL) return grow_unlocked(m, delta_pages);
  wasmrt_shared_grow_lock(m);
  uint64_t old = grow_unlocked(m, delta_pages);
  wasmrt_shared_grow_unlock(m);
  return old;
}

uint32_t wasmrt_memory_grow(wasmrt_memory *m, uint64_t delta_pages) {
  uint64_t old = wasmrt_memory64_grow(m, delta_pages);
  return old == UINT64_MAX ? UINT32_MAX : (uint32_t)old;
}

void wasmrt_memory_free(wasmrt_memory *m) {
  if (m->shared_state != NULL) wasmrt_shared_state_free(m);
  if (m->base != NULL && !m->arena) wasmrt_backend_release(m);
  memset(m, 0, sizeof *m);
}
