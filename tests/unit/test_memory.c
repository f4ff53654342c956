/* test_memory.c - the host's memory API (descriptors, errors, grow, arenas)
 * and host traps with a message. Built once per memory backend (tests/
 * CMakeLists.txt: test_memory with mmap, test_memory_malloc and
 * test_memory_firmware), so it uses nothing the firmware profile lacks.
 * Prints "N passed, N failed"; exits non-zero when anything failed. */
#include "wasmrt.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

#define MAX32 UINT64_C(65536)
#define MAX64 (UINT64_C(1) << 48)

/* Arenas for the firmware profile (and the arena tests of every backend). */
static uint8_t arena_a[4 * WASMRT_PAGE_SIZE], arena_b[2 * WASMRT_PAGE_SIZE + 100];

/* Creates m with the backend, or in arena_a when the backend has none. */
static wasmrt_memory_error create(wasmrt_memory *m, wasmrt_memory_desc d, char *why, size_t n) {
#if WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_STATIC
  return wasmrt_memory_create_static(m, &d, arena_a, sizeof arena_a, why, n);
#else
  return wasmrt_memory_create(m, &d, 1, why, n);
#endif
}

static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != 0) return 0;
  return 1;
}

static int is_cleared(const wasmrt_memory *m) {
  static const wasmrt_memory zero;
  return memcmp(m, &zero, sizeof zero) == 0;
}

/* ------------------------------------------------------- descriptors */

static void test_max_below_initial(void) {
  wasmrt_memory m;
  char why[128];
  wasmrt_memory_desc d = {.initial = 2, .maximum = 1, .has_maximum = 1};
  CHECK(create(&m, d, why, sizeof why) == WASMRT_MEMORY_MAX_BELOW_INITIAL);
  CHECK(strcmp(why, "maximum 1 is below initial 2 pages") == 0);
  CHECK(is_cleared(&m));
  d.is64 = 1;
  CHECK(create(&m, d, NULL, 0) == WASMRT_MEMORY_MAX_BELOW_INITIAL);
}

static void test_too_large(void) {
  wasmrt_memory m;
  char why[128];
  wasmrt_memory_desc d = {.initial = MAX32 + 1};
  CHECK(create(&m, d, why, sizeof why) == WASMRT_MEMORY_TOO_LARGE);
  CHECK(strcmp(why, "initial 65537 is above the limit of 65536 pages of a 32-bit memory") == 0);
  d = (wasmrt_memory_desc){.initial = 1, .maximum = MAX32 + 1, .has_maximum = 1};
  CHECK(create(&m, d, why, sizeof why) == WASMRT_MEMORY_TOO_LARGE);
  CHECK(strncmp(why, "maximum 65537 is above", 22) == 0);
  /* Too large wins over max < initial, as in the JS API (each limit is
   * checked against the index type first). */
  d = (wasmrt_memory_desc){.initial = MAX32 + 1, .maximum = 1, .has_maximum = 1};
  CHECK(create(&m, d, NULL, 0) == WASMRT_MEMORY_TOO_LARGE);
  d = (wasmrt_memory_desc){.initial = 0, .maximum = MAX64 + 1, .has_maximum = 1, .is64 = 1};
  CHECK(create(&m, d, why, sizeof why) == WASMRT_MEMORY_TOO_LARGE);
  CHECK(strcmp(why, "maximum 281474976710657 is above the limit of 281474976710656 pages of a 64-bit memory") == 0);
  /* A 64-bit memory may declare more than 65536 pages. */
  d = (wasmrt_memory_desc){.initial = 1, .maximum = MAX32 + 1, .has_maximum = 1, .is64 = 1};
  CHECK(create(&m, d, NULL, 0) == WASMRT_MEMORY_OK && m.is64 && m.max_pages == MAX32 + 1);
  wasmrt_memory_free(&m);
}

/* Valid limits the runtime cannot hold are a different error. */
static void test_no_resources(void) {
  wasmrt_memory m;
  char why[128];
  wasmrt_memory_desc d = {.initial = MAX32};
#if WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_STATIC
  CHECK(create(&m, d, why, sizeof why) == WASMRT_MEMORY_NO_RESOURCES);
  CHECK(strcmp(why, "cannot allocate 65536 pages in the arena") == 0);
#else
  d = (wasmrt_memory_desc){.initial = MAX64 - 1, .is64 = 1}; /* 2^64 bytes: no host has them */
  CHECK(create(&m, d, why, sizeof why) == WASMRT_MEMORY_NO_RESOURCES);
  CHECK(strcmp(why, "cannot allocate 281474976710655 pages") == 0);
#endif
  CHECK(is_cleared(&m));
  CHECK(wasmrt_memory_create_static(&m, &(wasmrt_memory_desc){.initial = 5}, arena_a, sizeof arena_a,
                                    why, sizeof why) == WASMRT_MEMORY_NO_RESOURCES);
  CHECK(strcmp(why, "cannot allocate 5 pages in the arena") == 0);
  /* A message cut to the buffer's size, still terminated. */
  char small[8];
  CHECK(create(&m, (wasmrt_memory_desc){.initial = 2, .maximum = 0, .has_maximum = 1}, small,
               sizeof small) == WASMRT_MEMORY_MAX_BELOW_INITIAL);
  CHECK(strcmp(small, "maximum") == 0);
}

static void test_valid_descriptors(void) {
  wasmrt_memory m;
  char why[64] = "untouched";
  CHECK(create(&m, (wasmrt_memory_desc){.initial = 0}, why, sizeof why) == WASMRT_MEMORY_OK);
  CHECK(why[0] == '\0' && m.base != NULL && m.pages == 0 && m.size == 0);
  CHECK(!m.has_max && m.max_pages == MAX32 && m.bounds_checked);
  wasmrt_memory_free(&m);
  CHECK(create(&m, (wasmrt_memory_desc){.initial = 1, .maximum = 1, .has_maximum = 1}, NULL, 0) ==
        WASMRT_MEMORY_OK);
  CHECK(m.pages == 1 && m.size == WASMRT_PAGE_SIZE && m.has_max && m.max_pages == 1);
  CHECK(all_zero(m.base, WASMRT_PAGE_SIZE));
  wasmrt_memory_free(&m);
  CHECK(is_cleared(&m));
}

static void test_guard_mode_availability(void) {
  wasmrt_memory m;
  char why[128];
  wasmrt_memory_desc d = {.initial = 1};
  wasmrt_memory_error e = wasmrt_memory_create(&m, &d, 0, why, sizeof why);
#if WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_MMAP
  CHECK(e == WASMRT_MEMORY_OK && !m.bounds_checked);
  wasmrt_memory_free(&m);
#else
  CHECK(e == WASMRT_MEMORY_UNSUPPORTED && strstr(why, "mmap") != NULL);
#endif
  /* Arenas are for checked code only. */
  CHECK(wasmrt_memory_init_static(&m, arena_b, sizeof arena_b) == 0);
  CHECK(wasmrt_memory_init(&m, 1, 0, 0, 0) == -1);
}

/* --------------------------------------------------------------- grow */

/* A failed grow leaves everything as it was. */
static void test_grow(void) {
  wasmrt_memory m;
  CHECK(create(&m, (wasmrt_memory_desc){.initial = 1, .maximum = 2, .has_maximum = 1}, NULL, 0) ==
        WASMRT_MEMORY_OK);
  m.base[5] = 42;
  CHECK(wasmrt_memory_grow(&m, 0) == 1);
  CHECK(wasmrt_memory_grow(&m, 1) == 1 && m.pages == 2 && m.size == 2 * WASMRT_PAGE_SIZE);
  CHECK(m.base[5] == 42 && all_zero(m.base + WASMRT_PAGE_SIZE, WASMRT_PAGE_SIZE));
  wasmrt_memory before = m;
  CHECK(wasmrt_memory_grow(&m, 1) == UINT32_MAX);
  CHECK(wasmrt_memory_grow(&m, UINT64_MAX) == UINT32_MAX);
  CHECK(memcmp(&before, &m, sizeof m) == 0);
  wasmrt_memory_free(&m);
}

/* ------------------------------------------------------------- arenas */

static void test_arena(void) {
  wasmrt_memory m;
  memset(arena_b, 0xAB, sizeof arena_b); /* dirty: pages must come out zero */
  wasmrt_memory_desc d = {.initial = 1};
  CHECK(wasmrt_memory_create_static(&m, &d, arena_b, sizeof arena_b, NULL, 0) == WASMRT_MEMORY_OK);
  CHECK(m.base == arena_b && m.arena && m.max_pages == MAX32 && !m.has_max);
  CHECK(all_zero(m.base, WASMRT_PAGE_SIZE) && arena_b[WASMRT_PAGE_SIZE] == 0xAB);
  CHECK(wasmrt_memory_grow(&m, 1) == 1 && m.base == arena_b);
  CHECK(all_zero(m.base, 2 * WASMRT_PAGE_SIZE));
  /* The arena holds two whole pages: a third is a failed grow. */
  CHECK(wasmrt_memory_grow(&m, 1) == UINT32_MAX && m.pages == 2);
  wasmrt_memory_free(&m);
  CHECK(is_cleared(&m) && arena_b[0] == 0); /* the buffer stays the host's */
}

/* A module's own memory attached to an arena before instantiate: what
 * generated code's wasmrt_memory_init does with it. */
static void test_arena_for_module_memory(void) {
  wasmrt_memory m = {0};
  CHECK(wasmrt_memory_init_static(&m, arena_a, WASMRT_PAGE_SIZE - 1) == -1);
  CHECK(wasmrt_memory_init_static(&m, arena_a, sizeof arena_a) == 0);
  CHECK(wasmrt_memory_init(&m, 1, 3, 1, 1) == 0);
  CHECK(m.base == arena_a && m.pages == 1 && m.max_pages == 3 && m.has_max);
  CHECK(wasmrt_memory_grow(&m, 2) == 1 && wasmrt_memory_grow(&m, 1) == UINT32_MAX);
  wasmrt_memory_free(&m);
  CHECK(wasmrt_memory_init_static(&m, arena_a, sizeof arena_a) == 0);
  CHECK(wasmrt_memory_init(&m, 5, 0, 0, 1) == -1 && is_cleared(&m)); /* 4 pages fit */
}

#if WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_MALLOC
/* ----------------------------------------------------- allocator hook */
static uint8_t pool[3 * WASMRT_PAGE_SIZE];
static int calls;

/* A one-block allocator over pool, as a firmware host might write. */
static void *pool_allocator(void *ctx, void *ptr, size_t old_size, size_t new_size) {
  (void)old_size;
  calls++;
  *(int *)ctx += 1;
  if (new_size == 0) return NULL;
  if (new_size > sizeof pool) return NULL;
  (void)ptr;
  return pool;
}

static void test_allocator_hook(void) {
  int ctx_calls = 0;
  wasmrt_memory_set_allocator(pool_allocator, &ctx_calls);
  wasmrt_memory m;
  memset(pool, 0xCD, sizeof pool);
  CHECK(create(&m, (wasmrt_memory_desc){.initial = 1}, NULL, 0) == WASMRT_MEMORY_OK);
  CHECK(m.base == pool && all_zero(pool, WASMRT_PAGE_SIZE));
  CHECK(wasmrt_memory_grow(&m, 2) == 1 && all_zero(pool, sizeof pool));
  CHECK(wasmrt_memory_grow(&m, 1) == UINT32_MAX && m.pages == 3 && m.base == pool);
  wasmrt_memory_free(&m);
  CHECK(ctx_calls == 4 && calls == 4);
  wasmrt_memory_set_allocator(NULL, NULL);
  CHECK(create(&m, (wasmrt_memory_desc){.initial = 1}, NULL, 0) == WASMRT_MEMORY_OK && m.base != pool);
  wasmrt_memory_free(&m);
}
#endif

/* ---------------------------------------------------------- host traps */

static void host_function_that_traps(void) {
  wasmrt_trap_host("sensor not ready");
}

/* Threads: a shared memory needs a maximum (the JS API's TypeError), and
 * grows in place up to it in every backend: other threads keep using
 * `base` while it grows. */
static void test_shared(void) {
  wasmrt_memory m;
  char why[128];
  wasmrt_memory_desc d = {.initial = 1, .shared = 1};
  CHECK(create(&m, d, why, sizeof why) == WASMRT_MEMORY_SHARED_WITHOUT_MAXIMUM);
  CHECK(strcmp(why, "a shared memory needs a maximum") == 0);
  CHECK(is_cleared(&m));
  d.maximum = 4;
  d.has_maximum = 1;
  CHECK(create(&m, d, why, sizeof why) == WASMRT_MEMORY_OK);
  CHECK(m.shared == 1 && m.pages == 1);
  uint8_t *base = m.base;
  m.base[100] = 7;
  CHECK(wasmrt_memory_grow(&m, 2) == 1);
  CHECK(m.base == base && m.pages == 3 && m.size == 3 * WASMRT_PAGE_SIZE);
  CHECK(m.base[100] == 7 && all_zero(m.base + WASMRT_PAGE_SIZE, 2 * WASMRT_PAGE_SIZE));
  CHECK(wasmrt_memory_grow(&m, 2) == UINT32_MAX);
  CHECK(wasmrt_memory_grow(&m, 1) == 3 && m.base == base);
  CHECK(wasmrt_memory_atomic_notify(&m, 0, 1) == 0); /* no one waits */
  m.base[0] = 1;
  CHECK(wasmrt_memory_atomic_wait32(&m, 0, 0, -1) == 1); /* not equal */
  wasmrt_memory_free(&m);
  CHECK(is_cleared(&m));
}

static void test_host_trap_message(void) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    host_function_that_traps();
    wasmrt_trap_leave(&f);
  }
  CHECK(f.code == WASMRT_TRAP_HOST && f.message && strcmp(f.message, "sensor not ready") == 0);
  char text[64];
  wasmrt_trap_describe(text, sizeof text, &f, NULL);
  CHECK(strcmp(text, "host trap: sensor not ready") == 0);
  WASMRT_TRY(f) {
    wasmrt_trap(WASMRT_TRAP_UNREACHABLE);
  }
  CHECK(f.code == WASMRT_TRAP_UNREACHABLE && f.message == NULL); /* not left from before */
}

int main(void) {
  test_max_below_initial();
  test_too_large();
  test_no_resources();
  test_valid_descriptors();
  test_guard_mode_availability();
  test_grow();
  test_arena();
  test_arena_for_module_memory();
#if WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_MALLOC
  test_allocator_hook();
#endif
  test_shared();
  test_host_trap_message();
  return check_summary();
}
