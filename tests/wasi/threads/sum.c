/* sum.c - parallel sum: 8 threads each sum their slice of 1..N (squares, so
 * every element counts) into a shared total with atomic adds, and record
 * their partial sums; main joins them and prints the results. */
#include "thr.h"

#define THREADS 8
#define N 800000u

static u64 total;
static u64 partial[THREADS];
static int started;

static void worker(void *arg) {
  u32 slice = (u32)(unsigned long)arg;
  __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
  u64 sum = 0;
  for (u32 i = slice * (N / THREADS) + 1; i <= (slice + 1) * (N / THREADS); i++) {
    sum += (u64)i * i;
    if (i % 1024 == 0) { __atomic_fetch_add(&total, sum, __ATOMIC_SEQ_CST); sum = 0; }
  }
  __atomic_fetch_add(&total, sum, __ATOMIC_SEQ_CST);
  partial[slice] = sum;
}

void _start(void) {
  thr *t[THREADS];
  thr_run_all(t, worker, THREADS);
  put_kv("threads", (u64)__atomic_load_n(&started, __ATOMIC_SEQ_CST));
  put_kv("total", total);
  u64 expect = (u64)N * (N + 1) * (2 * (u64)N + 1) / 6;
  put_kv("expected", expect);
  put(total == expect ? "ok\n" : "MISMATCH\n");
  int distinct = 1;
  for (int i = 0; i < THREADS; i++)
    for (int j = 0; j < i; j++) distinct &= t[i]->tid != t[j]->tid && t[i]->tid > 0;
  put_kv("distinct_tids", (u64)distinct);
}
