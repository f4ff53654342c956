/* test_nosignals.c - the runtime built with WASMRT_NO_SIGNALS=1 leaves the
 * process's signal handlers alone, while traps and both memory modes work. */
#include "wasmrt.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

static void check(int ok, const char *what) {
  if (ok) passed++;
  else { failed++; printf("FAIL %s\n", what); }
}

/* The handler as the process had it before the runtime ran: SIG_DFL
 * normally, the sanitizer's own under ASan. The runtime must not change it. */
static struct sigaction before_segv, before_bus;

static int handler_unchanged(int sig, const struct sigaction *before) {
  struct sigaction now;
  sigaction(sig, NULL, &now);
  if ((now.sa_flags & SA_SIGINFO) != (before->sa_flags & SA_SIGINFO)) return 0;
  return now.sa_flags & SA_SIGINFO ? now.sa_sigaction == before->sa_sigaction
                                   : now.sa_handler == before->sa_handler;
}

int main(void) {
  sigaction(SIGSEGV, NULL, &before_segv);
  sigaction(SIGBUS, NULL, &before_bus);
  wasmrt_memory guard = {0}, checked = {0};
  check(wasmrt_memory_init(&guard, 1, 2, 1, 0) == 0, "guard memory created");
  check(wasmrt_memory_init(&checked, 1, 2, 1, 1) == 0, "checked memory created");

  wasmrt_trap_frame f;
  volatile int reached_after_trap = 0;
  WASMRT_TRY(f) {
    guard.base[100] = 7; /* in bounds: must not fault */
    wasmrt_trap(WASMRT_TRAP_UNREACHABLE);
    reached_after_trap = 1;
  } else {
    check(f.code == WASMRT_TRAP_UNREACHABLE, "trap code reaches the frame");
  }
  check(!reached_after_trap, "trap leaves the protected code");
  check(handler_unchanged(SIGSEGV, &before_segv), "no SIGSEGV handler installed");
  check(handler_unchanged(SIGBUS, &before_bus), "no SIGBUS handler installed");
  check(wasmrt_memory_grow(&checked, 1) == 1 && checked.base[65536 + 5] == 0, "checked grow");

  wasmrt_memory_free(&guard);
  wasmrt_memory_free(&checked);
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
