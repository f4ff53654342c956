/* ending.c - a spawned thread ends the program while main waits forever:
 * -DMODE=1 an out-of-bounds load, 2 unreachable, 3 proc_exit(7). The host
 * must end the whole process with the trap's message and status 134, or 7. */
#include "thr.h"

static int never;

static void doomed(void *arg) {
  (void)arg;
#if MODE == 1
  volatile u32 *far = (u32 *)0xFFFFFFF0u;
  put_kv("loaded", *far);
#elif MODE == 2
  __builtin_trap();
#else
  proc_exit(7);
#endif
}

void _start(void) {
  put("main\n");
  if (!thr_spawn(doomed, 0)) { put("spawn failed\n"); proc_exit(1); }
  for (;;) __builtin_wasm_memory_atomic_wait32(&never, 0, -1);
}
