/* test_thread_stress.c - the runtime's per-thread state (trap frames,
 * alternate signal stacks, stack limits) under many threads at once: 16
 * threads, ROUNDS rounds in lock step (a barrier per round); in each round
 * every thread does one of: an out-of-bounds load (a guard-page fault in
 * guard mode), unreachable, endless recursion (the stack's guard page or
 * limit), or memory.grow then an access at the new top. Every trap must
 * reach the frame of the thread that raised it with its own code, and the
 * memory must end with exactly 1 + the successful grows' pages.
 * Built in both memory modes (test_thread_stress_guard/_check).
 * Prints "N passed, N failed"; exits non-zero when anything failed. */
#include "thread_stress.h" /* first: wasmrt.h enables the POSIX declarations it needs */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { NTHREADS = 16, KINDS = 4, STACK_BYTES = 512 * 1024 };

static int rounds = 1000;
static thread_stress_instance inst;
static pthread_barrier_t round_barrier;

typedef struct worker {
  uint32_t tid;
  int wrong;     /* a trap with another code, or a missing one */
  int grows;     /* successful memory.grow calls */
  int traps;
} worker;

enum kind { OOB, UNREACHABLE, RECURSE, GROW };

static const wasmrt_trap_code expected_code[KINDS] = {
    WASMRT_TRAP_OOB_MEMORY, WASMRT_TRAP_UNREACHABLE, WASMRT_TRAP_CALL_STACK_EXHAUSTED,
    WASMRT_TRAP_NONE};

/* One round's action under its own trap frame; returns the trap's code. */
static wasmrt_trap_code act(worker *w, enum kind k) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    switch (k) {
    case OOB: thread_stress_oob(&inst, w->tid); break;
    case UNREACHABLE: thread_stress_trap_unreachable(&inst); break;
    case RECURSE: thread_stress_recurse(&inst, 0); break;
    case GROW:
      if (thread_stress_grow(&inst, 1) != UINT32_MAX) w->grows++;
      if (thread_stress_touch_top(&inst, w->tid) >= NTHREADS) w->wrong++;
      break;
    }
    wasmrt_trap_leave(&f);
    return WASMRT_TRAP_NONE;
  } else {
    return f.code;
  }
}

static void *work(void *p) {
  worker *w = p;
  for (int r = 0; r < rounds; r++) {
    pthread_barrier_wait(&round_barrier);
    enum kind k = (enum kind)((w->tid + (uint32_t)r) % KINDS);
    wasmrt_trap_code code = act(w, k);
    if (code != expected_code[k]) {
      w->wrong++;
      fprintf(stderr, "thread %u round %d: got %s, want %s\n", w->tid, r,
              wasmrt_trap_message(code), wasmrt_trap_message(expected_code[k]));
    }
    w->traps += code != WASMRT_TRAP_NONE;
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1) rounds = atoi(argv[1]);
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    thread_stress_module.instantiate(&inst, NULL);
    wasmrt_trap_leave(&f);
  } else {
    fprintf(stderr, "instantiate trapped: %s\n", wasmrt_trap_message(f.code));
    return 1;
  }
  worker workers[NTHREADS];
  pthread_t threads[NTHREADS];
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, STACK_BYTES); /* small: recursion ends soon */
  pthread_barrier_init(&round_barrier, NULL, NTHREADS);
  int passed = 0, failed = 0, started = 0;
  for (uint32_t i = 0; i < NTHREADS; i++) {
    workers[i] = (worker){.tid = i};
    started += pthread_create(&threads[i], &attr, work, &workers[i]) == 0;
  }
  if (started != NTHREADS) {
    fprintf(stderr, "could not start %d threads\n", NTHREADS);
    return 1;
  }
  int wrong = 0, grows = 0, traps = 0;
  for (int i = 0; i < NTHREADS; i++) {
    pthread_join(threads[i], NULL);
    wrong += workers[i].wrong;
    grows += workers[i].grows;
    traps += workers[i].traps;
  }
  /* every action but a grow traps: 3/4 of all */
  int want_traps = NTHREADS * rounds / KINDS * (KINDS - 1);
  uint32_t pages = thread_stress_size(&inst);
  if (wrong == 0) passed++; else { failed++; fprintf(stderr, "%d wrong results\n", wrong); }
  if (traps == want_traps) passed++;
  else { failed++; fprintf(stderr, "%d traps, want %d\n", traps, want_traps); }
  if (pages == 1u + (uint32_t)grows) passed++;
  else { failed++; fprintf(stderr, "%u pages after %d grows\n", pages, grows); }
  printf("%d threads x %d rounds: %d traps, %d grows; %d passed, %d failed\n", NTHREADS, rounds,
         traps, grows, passed, failed);
  thread_stress_module.free(&inst);
  pthread_attr_destroy(&attr);
  pthread_barrier_destroy(&round_barrier);
  return failed != 0;
}
