/* atomic.c - what shared memories (threads) need beyond their bytes: the
 * lock that serialises memory.grow, and memory.atomic.wait/notify.
 *
 * Each shared memory owns a wait table (no global state): NBUCKETS buckets
 * hashed by byte offset, each a mutex and a FIFO list of waiters. A waiter
 * lives on its own thread's stack with its own condition variable. wait
 * compares the value and enqueues itself under the bucket's mutex, and
 * notify dequeues under the same mutex, so a notify that follows a store
 * can never slip between a waiter's comparison and its sleep.
 *
 * Without WASMRT_THREADS (bare metal) there is one thread: no lock, no
 * table, and a wait whose value matches can only time out.
 */
#include "wasmrt.h" /* first: it may select POSIX */

#include "wasmrt_internal.h"

/* The value at ea, read atomically (the caller checked bounds and alignment). */
static uint64_t load_value(const wasmrt_memory *m, uint64_t ea, int bytes) {
#if WASMRT_THREADS && (defined(__GNUC__) || defined(__clang__))
  if (bytes == 4) return __atomic_load_n((const uint32_t *)(const void *)(m->base + ea), __ATOMIC_SEQ_CST);
  return __atomic_load_n((const uint64_t *)(const void *)(m->base + ea), __ATOMIC_SEQ_CST);
#else /* one thread (or no builtins): a plain read */
  if (bytes == 4) return *(volatile const uint32_t *)(const void *)(m->base + ea);
  return *(volatile const uint64_t *)(const void *)(m->base + ea);
#endif
}

#if WASMRT_THREADS
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

enum { NBUCKETS = 64 };

typedef struct waiter {
  uint64_t ea;
  int woken;
  pthread_cond_t cond;
  struct waiter *next;
} waiter;

typedef struct bucket {
  pthread_mutex_t lock;
  waiter *head, *tail; /* FIFO: notify wakes the oldest first */
} bucket;

struct wasmrt_shared_state {
  pthread_mutex_t grow_lock;
  bucket buckets[NBUCKETS];
};

int wasmrt_shared_state_create(wasmrt_memory *m) {
  struct wasmrt_shared_state *s = calloc(1, sizeof *s);
  if (s == NULL) return -1;
  pthread_mutex_init(&s->grow_lock, NULL);
  for (int i = 0; i < NBUCKETS; i++) pthread_mutex_init(&s->buckets[i].lock, NULL);
  m->shared_state = s;
  return 0;
}

/* The host frees a memory only when no thread uses it any more, so no waiter
 * is left. */
void wasmrt_shared_state_free(wasmrt_memory *m) {
  struct wasmrt_shared_state *s = m->shared_state;
  pthread_mutex_destroy(&s->grow_lock);
  for (int i = 0; i < NBUCKETS; i++) pthread_mutex_destroy(&s->buckets[i].lock);
  free(s);
  m->shared_state = NULL;
}

void wasmrt_shared_grow_lock(wasmrt_memory *m) { pthread_mutex_lock(&m->shared_state->grow_lock); }

void wasmrt_shared_grow_unlock(wasmrt_memory *m) { pthread_mutex_unlock(&m->shared_state->grow_lock); }

static bucket *bucket_of(wasmrt_memory *m, uint64_t ea) {
  /* Waits are on 4- or 8-byte cells: drop the low bits, then mix. */
  uint64_t h = (ea >> 2) * UINT64_C(0x9E3779B97F4A7C15);
  return &m->shared_state->buckets[h >> 58]; /* top 6 bits: NBUCKETS = 64 */
}

static void unlink_waiter(bucket *b, waiter *w) {
  waiter **link = &b->head, *prev = NULL;
  while (*link != w) prev = *link, link = &(*link)->next;
  *link = w->next;
  if (b->tail == w) b->tail = prev;
}

/* The absolute CLOCK_MONOTONIC time timeout_ns from now, saturating. */
static struct timespec deadline_after(int64_t timeout_ns) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  int64_t max_s = (int64_t)1 << 40; /* ~35,000 years: a deadline no one reaches */
  int64_t s = timeout_ns / 1000000000, ns = t.tv_nsec + timeout_ns % 1000000000;
  if (ns >= 1000000000) s++, ns -= 1000000000;
  t.tv_sec = s > max_s ? (time_t)max_s : t.tv_sec + (time_t)s;
  t.tv_nsec = (long)ns;
  return t;
}

/* Sleeps until notified or the deadline passes; returns 0 or 2. */
static uint32_t sleep_on(bucket *b, waiter *w, int64_t timeout_ns) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&w->cond, &attr);
  pthread_condattr_destroy(&attr);
  struct timespec deadline = timeout_ns >= 0 ? deadline_after(timeout_ns) : (struct timespec){0, 0};
  int timed_out = 0;
  while (!w->woken && !timed_out) {
    if (timeout_ns < 0) pthread_cond_wait(&w->cond, &b->lock);
    else timed_out = pthread_cond_timedwait(&w->cond, &b->lock, &deadline) == ETIMEDOUT;
  }
  if (!w->woken) unlink_waiter(b, w); /* a notify may have come with the timeout */
  pthread_cond_destroy(&w->cond);
  return w->woken ? 0 : 2;
}

static uint32_t atomic_wait(wasmrt_memory *m, uint64_t ea, uint64_t expected, int bytes, int64_t timeout_ns) {
  if (!m->shared) wasmrt_trap(WASMRT_TRAP_EXPECTED_SHARED_MEMORY);
  bucket *b = bucket_of(m, ea);
  pthread_mutex_lock(&b->lock);
  if (load_value(m, ea, bytes) != expected) {
    pthread_mutex_unlock(&b->lock);
    return 1;
  }
  waiter w = {.ea = ea};
  if (b->tail) b->tail->next = &w;
  else b->head = &w;
  b->tail = &w;
  uint32_t result = sleep_on(b, &w, timeout_ns);
  pthread_mutex_unlock(&b->lock);
  return result;
}

uint32_t wasmrt_memory_atomic_notify(wasmrt_memory *m, uint64_t ea, uint32_t count) {
  if (!m->shared || count == 0) return 0;
  bucket *b = bucket_of(m, ea);
  uint32_t woken = 0;
  pthread_mutex_lock(&b->lock);
  for (waiter *w = b->head, *next; w != NULL && woken < count; w = next) {
    next = w->next;
    if (w->ea != ea) continue;
    unlink_waiter(b, w);
    w->woken = 1;
    pthread_cond_signal(&w->cond);
    woken++;
  }
  pthread_mutex_unlock(&b->lock);
  return woken;
}

#else /* one thread: nothing to lock, no one to wait for */

int wasmrt_shared_state_create(wasmrt_memory *m) {
  (void)m;
  return 0;
}

void wasmrt_shared_state_free(wasmrt_memory *m) { (void)m; }
void wasmrt_shared_grow_lock(wasmrt_memory *m) { (void)m; }
void wasmrt_shared_grow_unlock(wasmrt_memory *m) { (void)m; }

static uint32_t atomic_wait(wasmrt_memory *m, uint64_t ea, uint64_t expected, int bytes, int64_t timeout_ns) {
  (void)timeout_ns;
  if (!m->shared) wasmrt_trap(WASMRT_TRAP_EXPECTED_SHARED_MEMORY);
  return load_value(m, ea, bytes) != expected ? 1 : 2;
}

uint32_t wasmrt_memory_atomic_notify(wasmrt_memory *m, uint64_t ea, uint32_t count) {
  (void)m;
  (void)ea;
  (void)count;
  return 0;
}
#endif

uint32_t wasmrt_memory_atomic_wait32(wasmrt_memory *m, uint64_t ea, uint32_t expected, int64_t timeout_ns) {
  return atomic_wait(m, ea, expected, 4, timeout_ns);
}

uint32_t wasmrt_memory_atomic_wait64(wasmrt_memory *m, uint64_t ea, uint64_t expected, int64_t timeout_ns) {
  return atomic_wait(m, ea, expected, 8, timeout_ns);
}
