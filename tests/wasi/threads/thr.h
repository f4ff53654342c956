/* thr.h - a tiny freestanding thread library for wasi-threads test programs
 * (Debian has no wasm32-wasi-threads wasi-libc): threads on
 * `wasi` `thread-spawn`, a join and a semaphore on memory.atomic.wait32 and
 * notify, and output through WASI fd_write. Built with
 * clang --target=wasm32 -nostdlib -matomics -mbulk-memory. */
#ifndef THR_H
#define THR_H

typedef unsigned int u32;
typedef unsigned long long u64;

#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
IMPORT("wasi", "thread-spawn") int thr_spawn_raw(void *start_arg);
IMPORT("wasi_snapshot_preview1", "fd_write") int fd_write(int fd, const void *iov, int n, u32 *written);
IMPORT("wasi_snapshot_preview1", "proc_exit") _Noreturn void proc_exit(int code);

#define THR_MAX 20
#define THR_STACK 16384

/* stack_top must stay first: wasi_thread_start (thread_start.s) loads it. */
typedef struct thr {
  u32 stack_top;
  void (*fn)(void *);
  void *arg;
  int done;
  int tid;
} thr;

static thr thr_table[THR_MAX];
static _Alignas(16) unsigned char thr_stacks[THR_MAX][THR_STACK];
static int thr_count;

void thread_entry(int tid, thr *t) {
  t->tid = tid;
  t->fn(t->arg);
  __atomic_store_n(&t->done, 1, __ATOMIC_SEQ_CST);
  __builtin_wasm_memory_atomic_notify(&t->done, 1);
}

/* Called from the main thread only. Returns NULL when spawning fails. */
static inline thr *thr_spawn(void (*fn)(void *), void *arg) {
  if (thr_count == THR_MAX) return 0;
  int i = thr_count++;
  thr *t = &thr_table[i];
  t->stack_top = (u32)(unsigned long)&thr_stacks[i][THR_STACK];
  t->fn = fn;
  t->arg = arg;
  return thr_spawn_raw(t) > 0 ? t : 0;
}

static inline void thr_join(thr *t) {
  while (!__atomic_load_n(&t->done, __ATOMIC_SEQ_CST))
    __builtin_wasm_memory_atomic_wait32(&t->done, 0, -1);
}

/* A counting semaphore: value in *s. */
static inline void sem_wait(int *s) {
  for (;;) {
    int v = __atomic_load_n(s, __ATOMIC_SEQ_CST);
    if (v > 0 && __atomic_compare_exchange_n(s, &v, v - 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
      return;
    if (v == 0) __builtin_wasm_memory_atomic_wait32(s, 0, -1);
  }
}

static inline void sem_post(int *s) {
  __atomic_fetch_add(s, 1, __ATOMIC_SEQ_CST);
  __builtin_wasm_memory_atomic_notify(s, 1);
}

/* ------------------------------------------------------------- output */
static u32 str_len(const char *s) {
  u32 n = 0;
  while (s[n]) n++;
  return n;
}

static void put(const char *s) {
  struct { const char *p; u32 n; } iov = {s, str_len(s)};
  u32 written;
  fd_write(1, &iov, 1, &written);
}

static void put_u64(u64 v) {
  char buf[24];
  int i = 23;
  buf[i] = 0;
  do buf[--i] = (char)('0' + v % 10); while ((v /= 10) != 0);
  put(&buf[i]);
}

static inline void put_kv(const char *key, u64 v) {
  put(key);
  put(" ");
  put_u64(v);
  put("\n");
}

/* Runs fn(0) .. fn(n - 1) on n threads, t[i] running fn(i), and waits
 * for them all; a spawn that fails ends the program with status 1. Main
 * thread only. */
static inline void thr_run_all(thr **t, void (*fn)(void *), u32 n) {
  for (u32 i = 0; i < n; i++) {
    t[i] = thr_spawn(fn, (void *)(unsigned long)i);
    if (!t[i]) { put("spawn failed\n"); proc_exit(1); }
  }
  for (u32 i = 0; i < n; i++) thr_join(t[i]);
}

#endif
