/* test_rt.c - unit tests of the runtime (rt/): traps, memories, tables, linking.
 * Prints "N passed, N failed"; exits non-zero when anything failed.
 * Built in the default configuration (guard pages on 64-bit POSIX); the
 * checked-mode memory is exercised directly through its bounds_checked flag. */
#define _GNU_SOURCE /* fork, waitpid are POSIX; keep the feature set explicit */

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wasmrt.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#include "check.h"

#define GUARD 0
#define CHECKED 1

/* ------------------------------------------------------------ helpers */

/* Reads one byte at base+offset inside a trap frame; returns the trap code
 * (WASMRT_TRAP_NONE if the read succeeded). */
static wasmrt_trap_code read_in_frame(const uint8_t *base, uint64_t offset) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    volatile const uint8_t *p = base + offset;
    (void)*p;
    wasmrt_trap_leave(&f);
  }
  return f.code;
}

static wasmrt_trap_code trap_in_frame(wasmrt_trap_code code) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    wasmrt_trap(code);
  }
  return f.code;
}

static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != 0) return 0;
  return 1;
}

/* -------------------------------------------------------------- traps */

static void test_trap_messages(void) {
  CHECK(strcmp(wasmrt_trap_message(WASMRT_TRAP_OOB_MEMORY), "out of bounds memory access") == 0);
  CHECK(strcmp(wasmrt_trap_message(WASMRT_TRAP_CALL_STACK_EXHAUSTED), "call stack exhausted") == 0);
  CHECK(strcmp(wasmrt_trap_message(WASMRT_TRAP_COUNT), "unknown trap") == 0);
}

static void test_trap_returns_code(void) {
  CHECK(trap_in_frame(WASMRT_TRAP_UNREACHABLE) == WASMRT_TRAP_UNREACHABLE);
  CHECK(trap_in_frame(WASMRT_TRAP_INT_DIV_ZERO) == WASMRT_TRAP_INT_DIV_ZERO);
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    wasmrt_trap_leave(&f);
  }
  CHECK(f.code == WASMRT_TRAP_NONE);
}

/* wasmrt_call_protected: the code of a trap, NONE when fn returns, guard
 * faults caught, and a NULL frame that frees an uncaught exception. */
static void protected_div_zero(void *ctx) { (void)ctx; wasmrt_trap(WASMRT_TRAP_INT_DIV_ZERO); }
static void protected_count(void *ctx) { ++*(int *)ctx; }
static void protected_host(void *ctx) { (void)ctx; wasmrt_trap_host("from the host"); }
static const wasmrt_functype no_payload = {0};
static const wasmrt_tag protected_tag = {&no_payload};
static void protected_throw(void *ctx) { (void)ctx; wasmrt_throw(wasmrt_exn_new(&protected_tag)); }

static void test_call_protected(void) {
  wasmrt_trap_frame f;
  int count = 0;
  CHECK(wasmrt_call_protected(&f, protected_div_zero, NULL) == WASMRT_TRAP_INT_DIV_ZERO);
  CHECK(f.code == WASMRT_TRAP_INT_DIV_ZERO);
  CHECK(wasmrt_call_protected(&f, protected_count, &count) == WASMRT_TRAP_NONE && count == 1);
  CHECK(wasmrt_call_protected(&f, protected_host, NULL) == WASMRT_TRAP_HOST);
  char text[64];
  wasmrt_trap_describe(text, sizeof text, &f, NULL);
  CHECK(strcmp(text, "host trap: from the host") == 0);
  CHECK(wasmrt_call_protected(&f, protected_throw, NULL) == WASMRT_TRAP_UNCAUGHT_EXCEPTION);
  CHECK(f.exception && f.exception->tag == &protected_tag);
  wasmrt_exn_free(f.exception);
  CHECK(wasmrt_call_protected(NULL, protected_throw, NULL) == WASMRT_TRAP_UNCAUGHT_EXCEPTION);
  CHECK(wasmrt_call_protected(NULL, protected_count, &count) == WASMRT_TRAP_NONE && count == 2);
  /* Frames nest: a protected call inside a WASMRT_TRY leaves the outer frame working. */
  WASMRT_TRY(f) {
    CHECK(wasmrt_call_protected(NULL, protected_div_zero, NULL) == WASMRT_TRAP_INT_DIV_ZERO);
    wasmrt_trap(WASMRT_TRAP_UNREACHABLE);
  }
  CHECK(f.code == WASMRT_TRAP_UNREACHABLE);
}

/* The argument-free entries (generated code with WASMRT_TRAP_NAMES=0) raise
 * their own kind, naming no function. */
static void test_trap_entries(void) {
  static void (*const entries[])(void) = {wasmrt_trap_oob_memory, wasmrt_trap_int_div_zero,
                                          wasmrt_trap_int_overflow, wasmrt_trap_unreachable};
  static const wasmrt_trap_code codes[] = {WASMRT_TRAP_OOB_MEMORY, WASMRT_TRAP_INT_DIV_ZERO,
                                           WASMRT_TRAP_INT_OVERFLOW, WASMRT_TRAP_UNREACHABLE};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    wasmrt_trap_frame f;
    WASMRT_TRY(f) {
      entries[i]();
    }
    CHECK(f.code == codes[i]);
    CHECK(f.function == NULL && f.fault_pc == 0);
  }
}

/* The frame keeps the function a trap names; describe puts it in the message. */
static const char *function_for_test(uintptr_t pc) { return pc == 42 ? "9 (by_pc)" : NULL; }

static void test_trap_function(void) {
  char text[128];
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    wasmrt_trap_in(WASMRT_TRAP_INT_OVERFLOW, "7 (divide)");
  }
  CHECK(f.code == WASMRT_TRAP_INT_OVERFLOW);
  CHECK(f.function && strcmp(f.function, "7 (divide)") == 0);
  wasmrt_trap_describe(text, sizeof text, &f, NULL);
  CHECK(strcmp(text, "integer overflow in function 7 (divide)") == 0);
  /* Without a function: just the message. */
  WASMRT_TRY(f) {
    wasmrt_trap(WASMRT_TRAP_UNREACHABLE);
  }
  CHECK(f.function == NULL && f.fault_pc == 0);
  wasmrt_trap_describe(text, sizeof text, &f, NULL);
  CHECK(strcmp(text, "unreachable") == 0);
  /* A fault pc is resolved through the module's function_at. */
  wasmrt_module mod = {.name = "m", .function_at = function_for_test};
  f.fault_pc = 42;
  CHECK(wasmrt_trap_function(&f, &mod) && strcmp(wasmrt_trap_function(&f, &mod), "9 (by_pc)") == 0);
  CHECK(wasmrt_trap_function(&f, NULL) == NULL);
}

static void test_nested_frames(void) {
  wasmrt_trap_frame outer, inner;
  volatile int inner_caught = 0, outer_caught = 0;
  WASMRT_TRY(outer) {
    WASMRT_TRY(inner) {
      wasmrt_trap(WASMRT_TRAP_INT_OVERFLOW);
    } else {
      inner_caught = inner.code == WASMRT_TRAP_INT_OVERFLOW;
    }
    /* The inner frame was popped by the trap: this one reaches the outer. */
    wasmrt_trap(WASMRT_TRAP_OOB_TABLE);
  } else {
    outer_caught = outer.code == WASMRT_TRAP_OOB_TABLE;
  }
  CHECK(inner_caught);
  CHECK(outer_caught);
}

/* Stands in for a generated function: checks the stack limit on entry. */
__attribute__((noinline)) static uint32_t recurse(uint32_t depth) {
  WASMRT_STACK_ENTER();
  if (depth == UINT32_MAX) return 0; /* unreachable; keeps compilers from calling it infinite */
  volatile uint8_t frame_padding[64];
  frame_padding[depth % 64] = (uint8_t)depth;
  return recurse(depth + 1) + frame_padding[depth % 64];
}

/* Host-style C recursion with no stack check: in guard mode the fault on the
 * stack's guard area becomes the same trap. */
__attribute__((noinline)) static uint32_t recurse_unchecked(uint32_t depth) {
  if (depth == UINT32_MAX) return 0;
  volatile uint8_t frame_padding[256];
  frame_padding[depth % 256] = (uint8_t)depth;
  return recurse_unchecked(depth + 1) + frame_padding[depth % 256];
}

static wasmrt_trap_code overflow_unchecked_in_frame(void) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    recurse_unchecked(0);
    wasmrt_trap_leave(&f);
  }
  return f.code;
}

static void test_stack_exhaustion(void) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    CHECK(wasmrt_stack_limit != 0);
    CHECK(WASMRT_FRAME_ADDRESS() > wasmrt_stack_limit);
    recurse(0);
    wasmrt_trap_leave(&f);
  }
  CHECK(f.code == WASMRT_TRAP_CALL_STACK_EXHAUSTED);
  CHECK(trap_in_frame(WASMRT_TRAP_UNREACHABLE) == WASMRT_TRAP_UNREACHABLE);
}

/* ------------------------------------------------------------ memories */

static void test_guard_memory(void) {
  wasmrt_memory m = {0}; /* the init functions read arena and base */
  CHECK(wasmrt_memory_init(&m, 1, 3, 1, GUARD) == 0);
  CHECK(m.size == WASMRT_PAGE_SIZE && m.pages == 1 && m.max_pages == 3 && m.has_max);
  m.base[0] = 42;
  m.base[WASMRT_PAGE_SIZE - 1] = 7;
  CHECK(m.base[0] == 42 && m.base[WASMRT_PAGE_SIZE - 1] == 7);
  CHECK(read_in_frame(m.base, WASMRT_PAGE_SIZE - 1) == WASMRT_TRAP_NONE);
  CHECK(read_in_frame(m.base, WASMRT_PAGE_SIZE) == WASMRT_TRAP_OOB_MEMORY);
  /* A second fault: the signal mask must have been restored by the jump. */
  CHECK(read_in_frame(m.base, UINT64_C(0xFFFFFFFF) + 0xFFFFFFFF + 15) == WASMRT_TRAP_OOB_MEMORY);
  /* The handler is installed now: overflowing the C stack traps too, twice. */
  CHECK(overflow_unchecked_in_frame() == WASMRT_TRAP_CALL_STACK_EXHAUSTED);
  CHECK(overflow_unchecked_in_frame() == WASMRT_TRAP_CALL_STACK_EXHAUSTED);

  uint8_t *base = m.base;
  CHECK(wasmrt_memory_grow(&m, 0) == 1);
  CHECK(wasmrt_memory_grow(&m, 2) == 1);
  CHECK(m.base == base && m.pages == 3 && m.size == 3 * WASMRT_PAGE_SIZE);
  CHECK(m.base[0] == 42);
  CHECK(all_zero(m.base + WASMRT_PAGE_SIZE, 2 * WASMRT_PAGE_SIZE));
  CHECK(read_in_frame(m.base, 3 * WASMRT_PAGE_SIZE - 1) == WASMRT_TRAP_NONE);
  CHECK(read_in_frame(m.base, 3 * WASMRT_PAGE_SIZE) == WASMRT_TRAP_OOB_MEMORY);
  CHECK(wasmrt_memory_grow(&m, 1) == UINT32_MAX);
  CHECK(m.pages == 3);
  wasmrt_memory_free(&m);
  CHECK(m.base == NULL);
  wasmrt_memory_free(&m); /* idempotent */
}

static void test_guard_memory_limits(void) {
  wasmrt_memory m = {0}; /* the init functions read arena and base */
  CHECK(wasmrt_memory_init(&m, 0, 0, 0, GUARD) == 0);
  CHECK(m.max_pages == 65536 && !m.has_max && m.size == 0);
  CHECK(read_in_frame(m.base, 0) == WASMRT_TRAP_OOB_MEMORY);
  CHECK(wasmrt_memory_grow(&m, 65537) == UINT32_MAX);
  CHECK(wasmrt_memory_grow(&m, UINT64_MAX) == UINT32_MAX);
  CHECK(wasmrt_memory_grow(&m, 1) == 0);
  wasmrt_memory_free(&m);
  CHECK(wasmrt_memory_init(&m, 2, 1, 1, GUARD) == -1);
  CHECK(m.base == NULL);
  CHECK(wasmrt_memory_init(&m, 65537, 0, 0, GUARD) == -1);
}

/* Many memories at once: the registry must grow past its first chunk. */
static void test_many_guard_memories(void) {
  enum { N = 150 };
  static wasmrt_memory mems[N];
  int ok = 1;
  for (int i = 0; i < N; i++) ok &= wasmrt_memory_init(&mems[i], 0, 0, 0, GUARD) == 0;
  CHECK(ok);
  CHECK(read_in_frame(mems[N - 1].base, 100) == WASMRT_TRAP_OOB_MEMORY);
  for (int i = 0; i < N; i++) wasmrt_memory_free(&mems[i]);
}

static void test_checked_memory(void) {
  wasmrt_memory m = {0}; /* the init functions read arena and base */
  CHECK(wasmrt_memory_init(&m, 0, 0, 0, CHECKED) == 0);
  CHECK(m.base != NULL && m.size == 0 && m.bounds_checked);
  CHECK(wasmrt_memory_grow(&m, 1) == 0);
  memset(m.base, 0xAB, WASMRT_PAGE_SIZE);
  CHECK(wasmrt_memory_grow(&m, 100) == 1);
  CHECK(m.pages == 101 && m.size == 101 * (uint64_t)WASMRT_PAGE_SIZE);
  CHECK(m.base[0] == 0xAB && m.base[WASMRT_PAGE_SIZE - 1] == 0xAB);
  CHECK(all_zero(m.base + WASMRT_PAGE_SIZE, 100 * WASMRT_PAGE_SIZE));
  CHECK(wasmrt_memory_grow(&m, 65536) == UINT32_MAX);
  wasmrt_memory_free(&m);
  wasmrt_memory_free(&m);

  CHECK(wasmrt_memory_init(&m, 1, 2, 1, CHECKED) == 0);
  CHECK(wasmrt_memory_grow(&m, 1) == 1);
  CHECK(wasmrt_memory_grow(&m, 1) == UINT32_MAX);
  wasmrt_memory_free(&m);
}

/* memory64: past 4 GiB when the host grants the mapping, and a refused
 * or impossible grow returns UINT64_MAX instead of crashing. */
static void test_memory64(void) {
  wasmrt_memory m = {0}; /* the init functions read arena and base */
  CHECK(wasmrt_memory64_init(&m, 0, 0, 0, CHECKED) == 0);
  CHECK(m.is64 && m.max_pages > 65536);
  uint64_t old = wasmrt_memory64_grow(&m, 65537);
  CHECK(old == 0 || old == UINT64_MAX);
  if (old == 0) {
    CHECK(m.size == 65537 * (uint64_t)WASMRT_PAGE_SIZE);
    m.base[m.size - 1] = 7;
    CHECK(m.base[m.size - 1] == 7 && m.base[(uint64_t)1 << 32] == 0);
  }
  CHECK(wasmrt_memory64_grow(&m, UINT64_C(1) << 47) == UINT64_MAX);
  CHECK(wasmrt_memory64_grow(&m, UINT64_MAX) == UINT64_MAX);
  wasmrt_memory_free(&m);

  /* guard mode: the reservation is the limit */
  CHECK(wasmrt_memory64_init(&m, 1, 0, 0, GUARD) == 0);
  CHECK(wasmrt_memory64_grow(&m, m.max_pages) == UINT64_MAX);
  CHECK(wasmrt_memory64_grow(&m, 65536) == 1);
  CHECK(m.pages == 65537);
  wasmrt_memory_free(&m);
  CHECK(wasmrt_memory64_init(&m, UINT64_C(1) << 40, 0, 0, CHECKED) == -1);
}

/* A fault outside every wasm memory is a real crash and must stay one. */
static void test_real_crash_not_swallowed(void) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    if (freopen("/dev/null", "w", stderr) == NULL) _exit(3);
    wasmrt_memory m = {0}; /* the init functions read arena and base */
    if (wasmrt_memory_init(&m, 1, 0, 0, GUARD) != 0) _exit(2);
    volatile int *bad = (volatile int *)(uintptr_t)16;
    wasmrt_trap_frame f;
    WASMRT_TRY(f) {
      *bad = 1;
      wasmrt_trap_leave(&f);
    }
    _exit(0); /* reached only if the fault was swallowed */
  }
  int status = 0;
  CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
#ifdef UNDER_ASAN
  /* ASan's handler, which ours chains to, reports the SEGV and exits 1. */
  CHECK(WIFEXITED(status) ? WEXITSTATUS(status) == 1 : WTERMSIG(status) == SIGSEGV);
#else
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
#endif
}

/* -------------------------------------------------------------- threads */

/* Each thread owns a memory, faults in it and traps, and checks that its
 * frames never see the other thread's traps. */
static void *thread_body(void *arg) {
  int *ok = arg;
  wasmrt_memory m = {0}; /* the init functions read arena and base */
  *ok = wasmrt_memory_init(&m, 1, 0, 0, GUARD) == 0;
  for (int i = 0; *ok && i < 200; i++) {
    *ok &= read_in_frame(m.base, WASMRT_PAGE_SIZE + (uint64_t)i * 4096) == WASMRT_TRAP_OOB_MEMORY;
    *ok &= trap_in_frame(WASMRT_TRAP_INT_DIV_ZERO) == WASMRT_TRAP_INT_DIV_ZERO;
  }
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    recurse(0);
  }
  *ok &= f.code == WASMRT_TRAP_CALL_STACK_EXHAUSTED;
  *ok &= overflow_unchecked_in_frame() == WASMRT_TRAP_CALL_STACK_EXHAUSTED;
  wasmrt_memory_free(&m);
  return NULL;
}

static void test_threads(void) {
  pthread_t threads[2];
  int ok[2] = {0, 0};
  for (int i = 0; i < 2; i++) CHECK(pthread_create(&threads[i], NULL, thread_body, &ok[i]) == 0);
  for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);
  CHECK(ok[0] && ok[1]);
}

/* --------------------------------------------------------------- tables */

static void test_tables(void) {
  wasmrt_table t;
  static const wasmrt_functype type = {0};
  int env = 0;
  wasmrt_funcref marker = {.type = &type, .env = &env};
  CHECK(wasmrt_table_init(&t, WASMRT_FUNCREF, 2, 5, 1) == 0);
  CHECK(t.size == 2 && t.elems[0].ref == NULL && t.elems[1].ref == NULL && t.elems[1].func.type == NULL);
  CHECK(wasmrt_table_grow(&t, 0, NULL) == 2);
  CHECK(wasmrt_table_grow(&t, 3, &marker) == 2);
  CHECK(t.size == 5 && t.elems[1].ref == NULL && t.elems[2].ref == &marker && t.elems[4].ref == &marker);
  /* a funcref table keeps a copy of the descriptor for call_indirect */
  CHECK(t.elems[4].func.type == &type && t.elems[4].func.env == &env && t.elems[1].func.env == NULL);
  wasmrt_table_set(&t, 4, NULL);
  CHECK(wasmrt_table_get(&t, 4) == NULL && t.elems[4].func.type == NULL && t.elems[4].func.env == NULL);
  wasmrt_table_set(&t, 1, &marker);
  CHECK(wasmrt_table_get(&t, 1) == &marker && t.elems[1].func.type == &type);
  CHECK(wasmrt_table_grow(&t, 1, NULL) == UINT32_MAX);
  wasmrt_table_free(&t);
  wasmrt_table_free(&t);

  CHECK(wasmrt_table_init(&t, WASMRT_EXTERNREF, 0, 0, 0) == 0);
  CHECK(t.elems != NULL && t.size == 0);
  CHECK(wasmrt_table_grow(&t, UINT32_MAX, NULL) == UINT32_MAX);
  CHECK(wasmrt_table_grow(&t, 10, NULL) == 0);
  CHECK(wasmrt_table_grow(&t, UINT32_MAX - 5, NULL) == UINT32_MAX);
  CHECK(t.size == 10);
  /* an externref is no funcref: nothing is copied from it (sized like one,
   * as gcc cannot tell that holds_funcs is 0 and warns otherwise) */
  static const void *host_object[sizeof(wasmrt_funcref) / sizeof(void *)] = {&host_object};
  wasmrt_table_set(&t, 3, host_object);
  CHECK(wasmrt_table_get(&t, 3) == host_object && t.elems[3].func.type == NULL);
  wasmrt_table_free(&t);
  CHECK(wasmrt_table_init(&t, WASMRT_FUNCREF, UINT32_MAX, 0, 0) == -1);
}

/* table64: u64 limits and deltas; the size stays within the implementation
 * limit, and a delta of 2^32 or more fails instead of wrapping. */
static void test_tables64(void) {
  wasmrt_table t;
  CHECK(wasmrt_table64_init(&t, WASMRT_FUNCREF, 2, UINT64_MAX, 1) == 0);
  CHECK(t.is64 && t.size == 2 && t.max == UINT64_MAX && t.has_max);
  CHECK(wasmrt_table64_grow(&t, 3, NULL) == 2);
  CHECK(wasmrt_table64_grow(&t, UINT64_C(1) << 32, NULL) == UINT64_MAX);
  CHECK(wasmrt_table64_grow(&t, UINT64_MAX, NULL) == UINT64_MAX);
  CHECK(t.size == 5);
  wasmrt_table_free(&t);
  CHECK(wasmrt_table64_init(&t, WASMRT_EXTERNREF, 0, 4, 1) == 0);
  CHECK(wasmrt_table64_grow(&t, 5, NULL) == UINT64_MAX);
  CHECK(wasmrt_table64_grow(&t, 4, NULL) == 0);
  wasmrt_table_free(&t);
  CHECK(wasmrt_table64_init(&t, WASMRT_FUNCREF, UINT64_C(1) << 32, 0, 0) == -1);
  CHECK(wasmrt_table_init(&t, WASMRT_FUNCREF, 0, 0, 0) == 0 && !t.is64);
  wasmrt_table_free(&t);
}

/* -------------------------------------------------------------- linking */

static const wasmrt_valtype i32_to_i32_codes[] = {WASMRT_I32, WASMRT_I32};
static const wasmrt_valtype i32_to_i64_codes[] = {WASMRT_I32, WASMRT_I64};
static const wasmrt_functype i32_to_i32 = {.nparams = 1, .nresults = 1, .types = i32_to_i32_codes};
static const wasmrt_functype i32_to_i32_copy = {.nparams = 1, .nresults = 1, .types = i32_to_i32_codes + 0};
static const wasmrt_functype i32_to_i64 = {.nparams = 1, .nresults = 1, .types = i32_to_i64_codes};
static const wasmrt_functype nothing = {.nparams = 0};

static int matches(const wasmrt_import_desc *imp, wasmrt_extern ext) {
  char why[128] = "";
  const char *reason = wasmrt_import_check(imp, &ext, why, sizeof why);
  if (reason != NULL && strcmp(reason, "incompatible import type") != 0) return -1;
  if (reason != NULL && why[0] == '\0') return -1; /* details are always given */
  return reason == NULL;
}

static void test_functypes(void) {
  wasmrt_valtype other[] = {WASMRT_I32, WASMRT_I32};
  wasmrt_functype same_contents = {.nparams = 1, .nresults = 1, .types = other};
  CHECK(wasmrt_functype_equal(&i32_to_i32, &i32_to_i32_copy));
  CHECK(wasmrt_functype_equal(&i32_to_i32, &same_contents));
  CHECK(!wasmrt_functype_equal(&i32_to_i32, &i32_to_i64));
  CHECK(!wasmrt_functype_equal(&i32_to_i32, &nothing));
  CHECK(wasmrt_functype_equal(&nothing, &(wasmrt_functype){.nparams = 0}));
}

static void test_import_func_and_global(void) {
  wasmrt_funcref fn = {&i32_to_i32, NULL, NULL, NULL, NULL};
  wasmrt_import_desc imp = {.module = "m", .name = "f", .kind = WASMRT_EXTERN_FUNC,
                            .func_type = &i32_to_i32_copy};
  wasmrt_extern ext = {.kind = WASMRT_EXTERN_FUNC, .u.func = &fn};
  CHECK(matches(&imp, ext) == 1);
  imp.func_type = &i32_to_i64;
  CHECK(matches(&imp, ext) == 0);

  wasmrt_global g = {.type = WASMRT_I32, .mutable_ = 0};
  wasmrt_import_desc gimp = {.kind = WASMRT_EXTERN_GLOBAL, .type = WASMRT_I32};
  wasmrt_extern gext = {.kind = WASMRT_EXTERN_GLOBAL, .u.global = &g};
  CHECK(matches(&gimp, gext) == 1);
  gimp.mutable_ = 1;
  CHECK(matches(&gimp, gext) == 0);
  gimp.mutable_ = 0;
  gimp.type = WASMRT_I64;
  CHECK(matches(&gimp, gext) == 0);
  CHECK(matches(&gimp, ext) == 0); /* wrong kind */
}

/* Typed function references: (ref null? $t) carries $t's function type, and
 * an immutable global may have a subtype of the import's type. */
static void test_typed_refs(void) {
  static const wasmrt_valtype codes[] = {WASMRT_FUNCREF};
  const wasmrt_reftype to_nothing = {1, &nothing}, to_i32 = {1, &i32_to_i32};
  const wasmrt_reftype nullable_to_nothing = {0, &nothing};
  wasmrt_functype takes_ref = {.nparams = 1, .types = codes, .refs = &to_nothing};
  wasmrt_functype takes_ref_copy = {.nparams = 1, .types = codes, .refs = &to_nothing};
  wasmrt_functype takes_other = {.nparams = 1, .types = codes, .refs = &to_i32};
  wasmrt_functype takes_funcref = {.nparams = 1, .types = codes};
  CHECK(wasmrt_functype_equal(&takes_ref, &takes_ref_copy));
  CHECK(!wasmrt_functype_equal(&takes_ref, &takes_other));
  CHECK(!wasmrt_functype_equal(&takes_ref, &takes_funcref));

  wasmrt_global g = {.type = WASMRT_FUNCREF, .ref = to_nothing};
  wasmrt_extern ext = {.kind = WASMRT_EXTERN_GLOBAL, .u.global = &g};
  wasmrt_import_desc imp = {.kind = WASMRT_EXTERN_GLOBAL, .type = WASMRT_FUNCREF, .ref = nullable_to_nothing};
  CHECK(matches(&imp, ext) == 1); /* (ref $t) <: (ref null $t) */
  imp.mutable_ = g.mutable_ = 1;
  CHECK(matches(&imp, ext) == 0); /* mutable: types must be equal */
  imp.mutable_ = g.mutable_ = 0;
  g.ref = nullable_to_nothing, imp.ref = to_nothing;
  CHECK(matches(&imp, ext) == 0); /* null may not go where (ref $t) is expected */
  g.ref = to_i32;
  CHECK(matches(&imp, ext) == 0);
}

/* Recursion groups laid out as generated code does (members consecutive,
 * rec and rec_index filled in), one copy per "module": A and B hold equal
 * groups {0: (func (param (ref null 1))), 1: (func (result (ref null 0)))};
 * C holds a group of one, (func (param (ref null 0))). */
static const wasmrt_valtype one_funcref[] = {WASMRT_FUNCREF};
static const wasmrt_functype types_a[2], types_b[2], types_c[1];
static const wasmrt_rectype group_a = {2, types_a}, group_b = {2, types_b}, group_c = {1, types_c};
static const wasmrt_reftype refs_a[2] = {{0, &types_a[1]}, {0, &types_a[0]}};
static const wasmrt_reftype refs_b[2] = {{0, &types_b[1]}, {0, &types_b[0]}};
static const wasmrt_reftype refs_c[1] = {{0, &types_c[0]}};
static const wasmrt_functype types_a[2] = {
    {.nparams = 1, .types = one_funcref, .refs = &refs_a[0], .rec = &group_a, .rec_index = 0},
    {.nresults = 1, .types = one_funcref, .refs = &refs_a[1], .rec = &group_a, .rec_index = 1}};
static const wasmrt_functype types_b[2] = {
    {.nparams = 1, .types = one_funcref, .refs = &refs_b[0], .rec = &group_b, .rec_index = 0},
    {.nresults = 1, .types = one_funcref, .refs = &refs_b[1], .rec = &group_b, .rec_index = 1}};
static const wasmrt_functype types_c[1] = {
    {.nparams = 1, .types = one_funcref, .refs = &refs_c[0], .rec = &group_c, .rec_index = 0}};

static void test_rec_groups(void) {
  CHECK(wasmrt_functype_equal(&types_a[0], &types_b[0]));
  CHECK(wasmrt_functype_equal(&types_a[1], &types_b[1]));
  CHECK(!wasmrt_functype_equal(&types_a[0], &types_b[1]));
  /* the same shape alone in its group is another type */
  CHECK(!wasmrt_functype_equal(&types_a[0], &types_c[0]));
  /* a hand-built type naming itself is a group of one, like C's */
  wasmrt_reftype to_self = {0, NULL};
  wasmrt_functype self = {.nparams = 1, .types = one_funcref, .refs = &to_self};
  to_self.heap = &self;
  CHECK(wasmrt_functype_equal(&self, &types_c[0]));
  CHECK(!wasmrt_functype_equal(&self, &types_a[0]));
}

/* Declared supertypes: X and Y each declare base (sub (func)) and derived
 * (sub base (func)); Y also a final (func). */
static void test_subtypes(void) {
  static const wasmrt_functype x_base = {.non_final = 1};
  static const wasmrt_functype x_derived = {.non_final = 1, .super = &x_base};
  static const wasmrt_functype y_base = {.non_final = 1};
  static const wasmrt_functype y_derived = {.non_final = 1, .super = &y_base};
  static const wasmrt_functype y_final = {.nparams = 0};
  CHECK(wasmrt_functype_sub(&x_derived, &x_base));
  CHECK(wasmrt_functype_sub(&x_derived, &y_base));
  CHECK(wasmrt_functype_sub(&x_derived, &y_derived));
  CHECK(!wasmrt_functype_sub(&x_base, &y_derived));
  CHECK(!wasmrt_functype_equal(&x_base, &y_final)); /* finality counts */
  CHECK(!wasmrt_functype_sub(&x_derived, &y_final));
  CHECK(!wasmrt_functype_equal(&x_derived, &y_base)); /* so does the supertype */

  wasmrt_funcref fn = {&x_derived, NULL, NULL, NULL, NULL};
  wasmrt_import_desc imp = {.kind = WASMRT_EXTERN_FUNC, .func_type = &y_base};
  wasmrt_extern ext = {.kind = WASMRT_EXTERN_FUNC, .u.func = &fn};
  CHECK(matches(&imp, ext) == 1); /* a subtype matches */
  fn.type = &x_base, imp.func_type = &y_derived;
  CHECK(matches(&imp, ext) == 0);
}

/* Types that name each other in a cycle (only hand-built ones can) and
 * types sharing subterms: comparisons end, in linear work. */
static void test_type_graphs(void) {
  wasmrt_reftype p_ref = {0, NULL}, q_ref = {0, NULL}, p2_ref = {0, NULL}, q2_ref = {0, NULL};
  wasmrt_functype p = {.nparams = 1, .types = one_funcref, .refs = &p_ref};
  wasmrt_functype q = {.nresults = 1, .types = one_funcref, .refs = &q_ref};
  wasmrt_functype p2 = p, q2 = q;
  p2.refs = &p2_ref, q2.refs = &q2_ref;
  p_ref.heap = &q, q_ref.heap = &p, p2_ref.heap = &q2, q2_ref.heap = &p2;
  CHECK(wasmrt_functype_equal(&p, &p2));

  enum { DEPTH = 64 };
  static const wasmrt_valtype two_funcrefs[] = {WASMRT_FUNCREF, WASMRT_FUNCREF};
  static wasmrt_functype chains[2][DEPTH];
  static wasmrt_reftype chain_refs[2][DEPTH][2];
  for (int c = 0; c < 2; c++) {
    chains[c][0] = (wasmrt_functype){.nparams = 0};
    for (int k = 1; k < DEPTH; k++) {
      chain_refs[c][k][0] = chain_refs[c][k][1] = (wasmrt_reftype){0, &chains[c][k - 1]};
      chains[c][k] = (wasmrt_functype){.nparams = 2, .types = two_funcrefs, .refs = chain_refs[c][k]};
    }
  }
  CHECK(wasmrt_functype_equal(&chains[0][DEPTH - 1], &chains[1][DEPTH - 1]));
  chains[1][0].nresults = 1, chains[1][0].types = one_funcref;
  CHECK(!wasmrt_functype_equal(&chains[0][DEPTH - 1], &chains[1][DEPTH - 1]));
}

static void test_import_table(void) {
  wasmrt_table t;
  CHECK(wasmrt_table_init(&t, WASMRT_FUNCREF, 10, 20, 1) == 0);
  wasmrt_extern ext = {.kind = WASMRT_EXTERN_TABLE, .u.table = &t};
  wasmrt_import_desc imp = {.kind = WASMRT_EXTERN_TABLE, .type = WASMRT_FUNCREF, .min = 10};
  CHECK(matches(&imp, ext) == 1);
  imp.min = 11;
  CHECK(matches(&imp, ext) == 0);
  imp.min = 5, imp.has_max = 1, imp.max = 20;
  CHECK(matches(&imp, ext) == 1);
  imp.max = 19;
  CHECK(matches(&imp, ext) == 0);
  imp.max = 20, imp.type = WASMRT_EXTERNREF;
  CHECK(matches(&imp, ext) == 0);
  wasmrt_table_free(&t);

  CHECK(wasmrt_table_init(&t, WASMRT_FUNCREF, 10, 0, 0) == 0);
  imp.type = WASMRT_FUNCREF;
  CHECK(matches(&imp, ext) == 0); /* import has a max, the table has none */
  imp.has_max = 0;
  CHECK(matches(&imp, ext) == 1);
  imp.is64 = 1;
  CHECK(matches(&imp, ext) == 0); /* a table64 import needs a table64 */
  wasmrt_table_free(&t);

  CHECK(wasmrt_table64_init(&t, WASMRT_FUNCREF, 10, UINT64_C(1) << 40, 1) == 0);
  CHECK(matches(&imp, ext) == 1);
  imp.has_max = 1, imp.max = UINT64_C(1) << 33;
  CHECK(matches(&imp, ext) == 0); /* the declared max counts, not the implementation limit */
  imp.max = UINT64_MAX;
  CHECK(matches(&imp, ext) == 1);
  imp.is64 = 0;
  CHECK(matches(&imp, ext) == 0);
  wasmrt_table_free(&t);
}

static void test_import_memory(void) {
  wasmrt_memory m = {0}; /* the init functions read arena and base */
  CHECK(wasmrt_memory_init(&m, 1, 2, 1, CHECKED) == 0);
  CHECK(wasmrt_memory_grow(&m, 1) == 1); /* the current size counts, not the initial */
  wasmrt_extern ext = {.kind = WASMRT_EXTERN_MEMORY, .u.memory = &m};
  wasmrt_import_desc imp = {.kind = WASMRT_EXTERN_MEMORY, .min = 2, .bounds_checked = 1};
  CHECK(matches(&imp, ext) == 1);
  imp.min = 3;
  CHECK(matches(&imp, ext) == 0);
  imp.min = 0, imp.has_max = 1, imp.max = 1;
  CHECK(matches(&imp, ext) == 0);
  imp.max = 2;
  CHECK(matches(&imp, ext) == 1);
  imp.bounds_checked = 0;
  CHECK(matches(&imp, ext) == 0);
  wasmrt_memory_free(&m);
}

/* ---------------------------------------------------------------- exports */

static wasmrt_global exported_global;
static const wasmrt_export_desc exports[] = {{"a", WASMRT_EXTERN_FUNC, 0, 1},
                                             {"g", WASMRT_EXTERN_GLOBAL, 0, 1}};

static wasmrt_extern get_export(void *instance, uint32_t index) {
  (void)instance;
  wasmrt_extern e = {.kind = exports[index].kind};
  if (index == 1) e.u.global = &exported_global;
  return e;
}

static void test_export_find(void) {
  wasmrt_module mod = {.name = "test", .nexports = 2, .exports = exports,
                       .export_get = get_export};
  wasmrt_extern out;
  CHECK(wasmrt_export_find(&mod, NULL, "g", &out) == 0);
  CHECK(out.kind == WASMRT_EXTERN_GLOBAL && out.u.global == &exported_global);
  CHECK(wasmrt_export_find(&mod, NULL, "missing", &out) == -1);
}

int main(void) {
  test_trap_messages();
  test_trap_returns_code();
  test_call_protected();
  test_trap_function();
  test_trap_entries();
  test_nested_frames();
  test_stack_exhaustion();
  test_guard_memory();
  test_guard_memory_limits();
  test_many_guard_memories();
  test_checked_memory();
  test_memory64();
  test_real_crash_not_swallowed();
  test_threads();
  test_tables();
  test_tables64();
  test_functypes();
  test_typed_refs();
  test_rec_groups();
  test_subtypes();
  test_type_graphs();
  test_import_func_and_global();
  test_import_table();
  test_import_memory();
  test_export_find();
  return check_summary();
}
