/* board_mps2.c - the Cortex-M3 board of the sample: qemu-system-arm's
 * mps2-an385. A vector table, a reset handler that sets up .data/.bss and
 * calls main, and out()/finish() through semihosting (the debugger's
 * "bkpt 0xAB" calls, which qemu serves with -semihosting-config). */
#include "wasmrt.h"

#include <stdint.h>
#include <string.h>

int main(void);

/* From mps2.ld. */
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_top[];

/* The stack is the top of RAM; generated code traps with "call stack
 * exhausted" below this much of it (WASMRT_STACK_CHECK, the default without
 * signals), keeping the rest for host functions and the runtime. */
enum { STACK_FOR_WASM = 16 << 10, STACK_RESERVE = 2 << 10 };

enum { SYS_WRITE0 = 0x04, SYS_EXIT = 0x18 };
enum { ADP_STOPPED_APPLICATION_EXIT = 0x20026, ADP_STOPPED_RUNTIME_ERROR = 0x20023 };

static int semihost(int op, const void *arg) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void out(const char *s) {
  semihost(SYS_WRITE0, s);
}

_Noreturn void finish(int status) {
  semihost(SYS_EXIT, (const void *)(uintptr_t)(status == 0 ? ADP_STOPPED_APPLICATION_EXIT
                                                            : ADP_STOPPED_RUNTIME_ERROR));
  for (;;) {
  }
}

/* What newlib's abort() and the runtime's no-frame trap path end in. */
_Noreturn void _exit(int status) {
  finish(status ? status : 1);
}

void reset_handler(void);
void reset_handler(void) {
  memcpy(__data_start, __data_load, (size_t)((char *)__data_end - (char *)__data_start));
  memset(__bss_start, 0, (size_t)((char *)__bss_end - (char *)__bss_start));
  wasmrt_stack_limit = (uintptr_t)__stack_top - STACK_FOR_WASM - STACK_RESERVE;
  finish(main());
}

static void fault(void) {
  out("hard fault\n");
  finish(3);
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))__stack_top, reset_handler, fault, fault, fault, fault, fault,
};
