/* queue.c - a bounded producer/consumer queue on wait/notify: 3 producers
 * push ITEMS numbers each through a 16-slot ring guarded by semaphores and a
 * lock (all memory.atomic.wait32/notify), 3 consumers pop them; main checks
 * that every item arrived exactly once. */
#include "thr.h"

#define PRODUCERS 3
#define CONSUMERS 3
#define ITEMS 20000u
#define SLOTS 16

static u32 ring[SLOTS];
static u32 head, tail;
static int free_slots = SLOTS, full_slots, lock;
static u64 consumed_sum, consumed_count;
static unsigned char seen[PRODUCERS * ITEMS];
static int duplicates;

static void lock_take(void) {
  int expected = 0;
  while (!__atomic_compare_exchange_n(&lock, &expected, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
    __builtin_wasm_memory_atomic_wait32(&lock, 1, -1);
    expected = 0;
  }
}

static void lock_give(void) {
  __atomic_store_n(&lock, 0, __ATOMIC_SEQ_CST);
  __builtin_wasm_memory_atomic_notify(&lock, 1);
}

static void push(u32 v) {
  sem_wait(&free_slots);
  lock_take();
  ring[tail++ % SLOTS] = v;
  lock_give();
  sem_post(&full_slots);
}

static u32 pop(void) {
  sem_wait(&full_slots);
  lock_take();
  u32 v = ring[head++ % SLOTS];
  lock_give();
  sem_post(&free_slots);
  return v;
}

static void producer(void *arg) {
  u32 p = (u32)(unsigned long)arg;
  for (u32 i = 0; i < ITEMS; i++) push(p * ITEMS + i + 1);
}

static void consumer(void *arg) {
  u32 n = (u32)(unsigned long)arg;
  for (u32 i = 0; i < n; i++) {
    u32 v = pop();
    if (v == 0) break; /* the end marker */
    if (__atomic_exchange_n(&seen[v - 1], 1, __ATOMIC_SEQ_CST)) __atomic_fetch_add(&duplicates, 1, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&consumed_sum, v, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&consumed_count, 1, __ATOMIC_SEQ_CST);
  }
}

void _start(void) {
  thr *t[PRODUCERS + CONSUMERS];
  int n = 0;
  for (u32 c = 0; c < CONSUMERS; c++) t[n++] = thr_spawn(consumer, (void *)(unsigned long)(PRODUCERS * ITEMS + 1));
  for (u32 p = 0; p < PRODUCERS; p++) t[n++] = thr_spawn(producer, (void *)(unsigned long)p);
  for (int i = 0; i < n; i++)
    if (!t[i]) { put("spawn failed\n"); proc_exit(1); }
  for (int i = CONSUMERS; i < n; i++) thr_join(t[i]);
  for (int c = 0; c < CONSUMERS; c++) push(0); /* one end marker per consumer */
  for (int i = 0; i < CONSUMERS; i++) thr_join(t[i]);
  u64 total = PRODUCERS * (u64)ITEMS;
  put_kv("consumed", consumed_count);
  put_kv("sum", consumed_sum);
  put_kv("expected_sum", total * (total + 1) / 2);
  put_kv("duplicates", (u64)duplicates);
  u32 missing = 0;
  for (u32 i = 0; i < total; i++) missing += !seen[i];
  put_kv("missing", missing);
}
