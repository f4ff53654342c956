/* memory_alloc.c - the backends of memories without mmap (checked mode only):
 *
 * WASMRT_MEMORY_MALLOC: one block per memory from a realloc-style hook
 * (wasmrt_memory_set_allocator; the C library's realloc by default), of
 * exactly the accessible size (at least 16 bytes, so `base` is valid for a
 * 0-page memory). Growing reallocates, so `base` may move; new bytes are
 * zeroed here since allocators do not.
 *
 * WASMRT_MEMORY_STATIC: no allocator at all. Every memory lives in an arena
 * (memory.c); asking the backend for bytes fails.
 */
#include "wasmrt.h"

#if WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_MALLOC
#include <stdlib.h>
#include <string.h>

#include "wasmrt_internal.h"

enum { MIN_BLOCK = 16 };

static void *default_allocator(void *ctx, void *ptr, size_t old_size, size_t new_size) {
  (void)ctx;
  (void)old_size;
  if (new_size == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, new_size);
}

/* Process-wide, set by the host before it creates memories (wasmrt.h). */
static wasmrt_allocator allocator = default_allocator;
static void *allocator_ctx;

void wasmrt_memory_set_allocator(wasmrt_allocator fn, void *ctx) {
  allocator = fn ? fn : default_allocator;
  allocator_ctx = fn ? ctx : NULL;
}

static uint64_t block_size(uint64_t pages) {
  return pages ? pages * WASMRT_PAGE_SIZE : MIN_BLOCK;
}

int wasmrt_backend_checked_create(wasmrt_memory *m, uint64_t pages) {
  uint64_t len = block_size(pages);
  if (len > SIZE_MAX) return -1;
  m->base = allocator(allocator_ctx, NULL, 0, (size_t)len);
  if (m->base == NULL) return -1;
  memset(m->base, 0, (size_t)len);
  m->reserved = len;
  return 0;
}

int wasmrt_backend_checked_grow(wasmrt_memory *m, uint64_t new_pages) {
  uint64_t new_len = block_size(new_pages);
  if (new_len > SIZE_MAX) return -1;
  uint8_t *p = allocator(allocator_ctx, m->base, (size_t)m->reserved, (size_t)new_len);
  if (p == NULL) return -1;
  memset(p + m->reserved, 0, (size_t)(new_len - m->reserved));
  m->base = p;
  m->reserved = new_len;
  return 0;
}

/* realloc may move a block, so a shared memory gets its maximum at once. */
int wasmrt_backend_shared_create(wasmrt_memory *m, uint64_t pages) {
  (void)pages;
  return wasmrt_backend_checked_create(m, m->max_pages);
}

int wasmrt_backend_shared_grow(wasmrt_memory *m, uint64_t new_pages) {
  (void)m;
  (void)new_pages;
  return 0;
}

void wasmrt_backend_release(wasmrt_memory *m) {
  allocator(allocator_ctx, m->base, (size_t)m->reserved, 0);
}

#elif WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_STATIC
#include "wasmrt_internal.h"

int wasmrt_backend_checked_create(wasmrt_memory *m, uint64_t pages) {
  (void)m;
  (void)pages;
  return -1;
}

int wasmrt_backend_checked_grow(wasmrt_memory *m, uint64_t new_pages) {
  (void)m;
  (void)new_pages;
  return -1;
}

int wasmrt_backend_shared_create(wasmrt_memory *m, uint64_t pages) {
  (void)m;
  (void)pages;
  return -1;
}

int wasmrt_backend_shared_grow(wasmrt_memory *m, uint64_t new_pages) {
  (void)m;
  (void)new_pages;
  return -1;
}

void wasmrt_backend_release(wasmrt_memory *m) {
  (void)m;
}
#endif

#if WASMRT_MEMORY_BACKEND != WASMRT_MEMORY_MMAP
/* Guard pages need mmap; memory.c never calls these here. */
int wasmrt_backend_guard_create(wasmrt_memory *m, uint64_t pages) {
  (void)m;
  (void)pages;
  return -1;
}

int wasmrt_backend_guard_grow(wasmrt_memory *m, uint64_t new_pages) {
  (void)m;
  (void)new_pages;
  return -1;
}
#else
typedef int wasmrt_memory_alloc_unused; /* ISO C: no empty translation units */
#endif
