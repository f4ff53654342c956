/* test_atomic.c - threads on one instance of tests/unit/atomics.wat and its
 * shared memory, with real concurrency: read-modify-write counters, a
 * ping-pong over memory.atomic.wait32/notify, wait timing out and finding
 * another value, notify's count, and memory.grow while other threads load
 * and store at the top of the memory, and traps (out of bounds, unaligned)
 * on several threads at once. Built in both memory modes
 * (test_atomic_guard, test_atomic_check). With --bench it prints what atomic
 * accesses cost against plain ones, ns per operation.
 * Prints "N passed, N failed"; exits non-zero when anything failed. */
#include "atomics.h" /* first: wasmrt.h enables the POSIX declarations it needs */

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"

enum { NTHREADS = 4 };

/* Words of the memory the tests use, apart from each other. */
enum { COUNTER = 0, CAS_COUNTER = 8, PINGPONG = 64, WAITERS = 128, WOKEN = 132, SLEEPY = 192 };

static atomics_instance inst;

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Runs fn(arg) on n threads at once and joins them. Each thread enters wasm
 * under its own trap frame; a trap fails the test. */
typedef struct job {
  void (*fn)(struct job *);
  uint32_t tid, n;
  uint32_t result;
  int trapped;
} job;

static void *run_job(void *p) {
  job *j = p;
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    j->fn(j);
    wasmrt_trap_leave(&f);
  } else {
    fprintf(stderr, "thread %u trapped: %s\n", j->tid, wasmrt_trap_message(f.code));
    j->trapped = 1;
  }
  return NULL;
}

/* run_job for a job that must trap: result is the trap's code. */
static void *trap_code_job(void *p) {
  job *j = p;
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    j->fn(j);
    wasmrt_trap_leave(&f);
    j->result = WASMRT_TRAP_NONE;
  } else {
    j->result = f.code;
  }
  return NULL;
}

/* A thread that cannot start counts as trapped: run_threads itself runs on
 * a thread in test_notify_count, where CHECK would race with main's. */
static int run_threads(job *jobs, int n) {
  pthread_t t[NTHREADS + 1];
  int trapped = 0, started[NTHREADS + 1];
  for (int i = 0; i < n; i++) {
    started[i] = pthread_create(&t[i], NULL, run_job, &jobs[i]) == 0;
    if (!started[i]) jobs[i].trapped = 1;
  }
  for (int i = 0; i < n; i++)
    if (started[i]) pthread_join(t[i], NULL);
  for (int i = 0; i < n; i++) trapped |= jobs[i].trapped;
  return trapped;
}

/* ------------------------------------------------ read-modify-write */

static void add_job(job *j) { atomics_add_loop(&inst, COUNTER, j->n); }
static void cas_job(job *j) { atomics_cas_loop(&inst, CAS_COUNTER, j->n); }

static void test_rmw_counters(void) {
  job jobs[NTHREADS];
  for (int i = 0; i < NTHREADS; i++) jobs[i] = (job){.fn = add_job, .tid = (uint32_t)i, .n = 200000};
  CHECK(!run_threads(jobs, NTHREADS));
  CHECK(atomics_load(&inst, COUNTER) == NTHREADS * 200000u);
  for (int i = 0; i < NTHREADS; i++) jobs[i] = (job){.fn = cas_job, .tid = (uint32_t)i, .n = 50000};
  CHECK(!run_threads(jobs, NTHREADS));
  uint64_t cas;
  memcpy(&cas, inst.memory0->base + CAS_COUNTER, sizeof cas);
  CHECK(cas == NTHREADS * 50000u);
}

/* ------------------------------------------------------ wait/notify */

static void pingpong_job(job *j) { atomics_pingpong(&inst, PINGPONG, j->tid, j->n); }

/* Two threads take turns 2 x 5000 times, each sleeping in wait32 until the
 * other's notify: a lost wake-up would hang (ctest's timeout). */
static void test_pingpong(void) {
  job jobs[2] = {{.fn = pingpong_job, .tid = 0, .n = 5000}, {.fn = pingpong_job, .tid = 1, .n = 5000}};
  CHECK(!run_threads(jobs, 2));
  CHECK(atomics_load(&inst, PINGPONG) == 10000);
}

static void test_wait_results(void) {
  atomics_store(&inst, SLEEPY, 5);
  double start = now_seconds();
  CHECK(atomics_wait32(&inst, SLEEPY, 5, 20000000) == 2); /* 20 ms: timed out */
  CHECK(now_seconds() - start >= 0.019);
  CHECK(atomics_wait32(&inst, SLEEPY, 6, -1) == 1); /* not equal, at once */
  CHECK(atomics_wait64(&inst, SLEEPY, 5, 0) == 2);  /* the i64 at SLEEPY is 5 */
  CHECK(atomics_wait64(&inst, SLEEPY, 6, 0) == 1);
  CHECK(atomics_notify(&inst, SLEEPY, 10) == 0); /* no one waits */
}

/* Each waiter counts itself in, sleeps on WAITERS + 8 and counts itself woken. */
static void waiter_job(job *j) {
  atomics_add_loop(&inst, WAITERS, 1);
  j->result = atomics_wait32(&inst, WAITERS + 8, 0, -1);
  atomics_add_loop(&inst, WOKEN, 1);
}

static void *run_waiters(void *p) {
  run_threads(p, 3);
  return NULL;
}

/* notify wakes at most count waiters: 3 sleep, notify 2 wakes exactly 2 (it
 * may be called again until it has: a waiter may still be on its way to
 * sleep), the third stays asleep until the next notify. */
static void test_notify_count(void) {
  job jobs[3];
  for (int i = 0; i < 3; i++) jobs[i] = (job){.fn = waiter_job, .tid = (uint32_t)i};
  pthread_t t;
  CHECK(pthread_create(&t, NULL, run_waiters, jobs) == 0);
  while (atomics_load(&inst, WAITERS) < 3) sched_yield();
  uint32_t woken = 0, most = 0;
  while (woken < 2) {
    uint32_t n = atomics_notify(&inst, WAITERS + 8, 2 - woken);
    most = n > most ? n : most;
    woken += n;
  }
  CHECK(woken == 2 && most <= 2);
  while (atomics_load(&inst, WOKEN) < 2) sched_yield();
  struct timespec pause = {0, 50 * 1000 * 1000};
  nanosleep(&pause, NULL);
  CHECK(atomics_load(&inst, WOKEN) == 2); /* the third still sleeps */
  while (atomics_notify(&inst, WAITERS + 8, 5) == 0) sched_yield();
  pthread_join(t, NULL);
  CHECK(atomics_load(&inst, WOKEN) == 3);
  for (int i = 0; i < 3; i++) CHECK(jobs[i].result == 0 && !jobs[i].trapped);
}

/* ------------------------------------------------ grow under load */

static void touch_job(job *j) { j->result = atomics_touch_top(&inst, j->tid, j->n); }

static void grow_job(job *j) {
  struct timespec pause = {0, 200 * 1000};
  for (uint32_t pages = 1; pages < 64; pages++) {
    if (atomics_grow(&inst, 1) != pages) j->result++;
    nanosleep(&pause, NULL);
  }
  if (atomics_grow(&inst, 1) != UINT32_MAX) j->result++; /* at its maximum */
}

/* Three threads store and load just below the top while a fourth grows the
 * memory page by page to its maximum: no access traps or reads back
 * something else, the base never moves, and every grow returns the size it
 * grew from. */
static void test_grow_under_load(void) {
  uint8_t *base = inst.memory0->base;
  job jobs[NTHREADS];
  for (int i = 0; i < 3; i++) jobs[i] = (job){.fn = touch_job, .tid = (uint32_t)i, .n = 100000};
  jobs[3] = (job){.fn = grow_job, .tid = 3};
  CHECK(atomics_size(&inst) == 1);
  CHECK(!run_threads(jobs, NTHREADS));
  for (int i = 0; i < NTHREADS; i++) CHECK(jobs[i].result == 0);
  CHECK(atomics_size(&inst) == 64);
  CHECK(inst.memory0->base == base);
  CHECK(atomics_load(&inst, COUNTER) == NTHREADS * 200000u); /* old bytes kept */
}

/* ------------------------------------------------ traps on threads */

/* Even threads read past the end (a guard-page fault in guard mode), odd
 * ones misaligned: each thread's trap reaches its own frame with its code. */
static void trap_job(job *j) { j->result = atomics_load(&inst, j->tid % 2 ? 2 : 64 * 65536); }

static void test_traps_on_threads(void) {
  job jobs[NTHREADS];
  for (int i = 0; i < NTHREADS; i++) jobs[i] = (job){.fn = trap_job, .tid = (uint32_t)i};
  pthread_t t[NTHREADS];
  for (int i = 0; i < NTHREADS; i++) CHECK(pthread_create(&t[i], NULL, trap_code_job, &jobs[i]) == 0);
  for (int i = 0; i < NTHREADS; i++) pthread_join(t[i], NULL);
  for (int i = 0; i < NTHREADS; i++)
    CHECK(jobs[i].result == (i % 2 ? WASMRT_TRAP_UNALIGNED_ATOMIC : WASMRT_TRAP_OOB_MEMORY));
}

/* ------------------------------------------------------------ bench */

static double ns_per_op(void (*loop)(uint32_t), uint32_t n) {
  loop(n / 10); /* warm up */
  double start = now_seconds();
  loop(n);
  return (now_seconds() - start) * 1e9 / n;
}

static void rmw_atomic(uint32_t n) { atomics_bench_atomic_rmw(&inst, n); }
static void rmw_plain(uint32_t n) { atomics_bench_plain_rmw(&inst, n); }
static volatile uint32_t sink;
static void load_atomic(uint32_t n) { sink = atomics_bench_atomic_load(&inst, n); }
static void load_plain(uint32_t n) { sink = atomics_bench_plain_load(&inst, n); }

static void bench(void) {
  const uint32_t n = 100000000;
  printf("%s mode, one thread, ns/op:\n", WASMRT_BOUNDS_CHECK ? "checked" : "guard");
  printf("  i32.atomic.rmw.add        %.2f\n", ns_per_op(rmw_atomic, n));
  printf("  i32.load + add + i32.store %.2f\n", ns_per_op(rmw_plain, n));
  printf("  i32.atomic.load (+ add)   %.2f\n", ns_per_op(load_atomic, n));
  printf("  i32.load (+ add)          %.2f\n", ns_per_op(load_plain, n));
}

int main(int argc, char **argv) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    atomics_module.instantiate(&inst, NULL);
    wasmrt_trap_leave(&f);
  } else {
    fprintf(stderr, "instantiate trapped: %s\n", wasmrt_trap_message(f.code));
    return 1;
  }
  CHECK(inst.memory0->shared && inst.memory0->shared_state != NULL);
  if (argc > 1 && strcmp(argv[1], "--bench") == 0) {
    bench();
  } else {
    test_rmw_counters();
    test_pingpong();
    test_wait_results();
    test_notify_count();
    test_grow_under_load();
    test_traps_on_threads();
  }
  atomics_module.free(&inst);
  return check_summary();
}
