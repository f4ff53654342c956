/* trap.c - trap frames and the per-thread stack limit.
 *
 * Each thread keeps a stack of trap frames (a linked list through the frames
 * themselves, which live on the host's C stack). wasmrt_trap() unwinds to the
 * innermost one with (sig)longjmp; it may be called from generated code, from
 * host functions, and from the fault handler in fault.c.
 *
 * Per-thread state (all WASMRT_THREAD_LOCAL: _Thread_local unless WASMRT_THREADS=0):
 *   innermost_frame     the frame a trap jumps to
 *   wasmrt_stack_limit  generated code traps when its frame is below this
 *   stack_low           lowest address of the thread's stack (0 = unknown)
 *
 * The fault handler reads this state. That is async-signal-safe because the
 * first wasmrt_trap_enter of a thread has already touched (and so allocated)
 * the thread-local storage before any fault can need it.
 *
 * Sanitizers: AddressSanitizer installs its own SIGSEGV handler at start-up but
 * by default (allow_user_segv_handler=1) lets ours replace it; ours then chains
 * to ASan's for faults that are not wasm traps, so real crashes are still
 * reported. Guard mode under ASan therefore needs no ASAN_OPTIONS; if a build
 * sets allow_user_segv_handler=0, run with ASAN_OPTIONS=handle_segv=0 (ASan
 * then leaves SIGSEGV/SIGBUS alone) or use bounds-checked mode.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pthread_getattr_np */
#endif

#if defined(__linux__) || defined(__APPLE__)
#include <pthread.h> /* the thread's stack bounds */
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "wasmrt.h"
#include "wasmrt_internal.h"

/* Stack kept free below wasmrt_stack_limit for host functions called from
 * wasm, libc, the fault handler when no alternate stack exists, and (in
 * sanitized builds) the sanitizer's much larger frames and its reports. The
 * reserve is chosen by how the RUNTIME is built: a runtime built without ASan
 * linked with ASan-instrumented generated code gets the smaller reserve. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifdef UNDER_ASAN
#define STACK_RESERVE ((uintptr_t)1 << 20)
#else
#define STACK_RESERVE ((uintptr_t)256 << 10)
#endif

/* How far below the stack's lowest address an overflow may fault: Linux keeps
 * a 1 MiB gap below the main stack; thread guard pages are smaller. */
#define STACK_GUARD_SPAN ((uintptr_t)1 << 20)

WASMRT_THREAD_LOCAL uintptr_t wasmrt_stack_limit;

static WASMRT_THREAD_LOCAL wasmrt_trap_frame *innermost_frame;
static WASMRT_THREAD_LOCAL uintptr_t stack_low;
static WASMRT_THREAD_LOCAL bool thread_initialised;

static const char *const trap_messages[WASMRT_TRAP_COUNT] = {
    [WASMRT_TRAP_NONE] = "no trap",
    [WASMRT_TRAP_UNREACHABLE] = "unreachable",
    [WASMRT_TRAP_INT_DIV_ZERO] = "integer divide by zero",
    [WASMRT_TRAP_INT_OVERFLOW] = "integer overflow",
    [WASMRT_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [WASMRT_TRAP_OOB_MEMORY] = "out of bounds memory access",
    [WASMRT_TRAP_OOB_TABLE] = "out of bounds table access",
    [WASMRT_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [WASMRT_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [WASMRT_TRAP_INDIRECT_CALL_TYPE_MISMATCH] = "indirect call type mismatch",
    [WASMRT_TRAP_CALL_STACK_EXHAUSTED] = "call stack exhausted",
    [WASMRT_TRAP_OUT_OF_MEMORY] = "out of memory",
    [WASMRT_TRAP_HOST] = "host trap",
    [WASMRT_TRAP_NULL_REFERENCE] = "null reference",
    [WASMRT_TRAP_NULL_FUNCTION_REFERENCE] = "null function reference",
    [WASMRT_TRAP_UNCAUGHT_EXCEPTION] = "uncaught exception",
    [WASMRT_TRAP_NULL_EXCEPTION_REFERENCE] = "null exception reference",
    [WASMRT_TRAP_UNALIGNED_ATOMIC] = "unaligned atomic",
    [WASMRT_TRAP_EXPECTED_SHARED_MEMORY] = "expected shared memory",
    [WASMRT_TRAP_NULL_I31_REFERENCE] = "null i31 reference",
    [WASMRT_TRAP_NULL_STRUCT_REFERENCE] = "null structure reference",
    [WASMRT_TRAP_NULL_ARRAY_REFERENCE] = "null array reference",
    [WASMRT_TRAP_OOB_ARRAY] = "out of bounds array access",
    [WASMRT_TRAP_CAST_FAILURE] = "cast failure",
};

const char *wasmrt_trap_message(wasmrt_trap_code code) {
  if ((unsigned)code >= WASMRT_TRAP_COUNT) return "unknown trap";
  return trap_messages[code];
}

/* The calling thread's stack as [*low, *high). Returns 0, or -1 if unknown. */
static int thread_stack_bounds(uintptr_t *low, uintptr_t *high) {
#if defined(__APPLE__)
  pthread_t self = pthread_self();
  *high = (uintptr_t)pthread_get_stackaddr_np(self); /* the top: stacks grow down */
  *low = *high - pthread_get_stacksize_np(self);
  return 0;
#elif defined(__linux__)
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return -1;
  void *addr = NULL;
  size_t size = 0;
  int rc = pthread_attr_getstack(&attr, &addr, &size);
  pthread_attr_destroy(&attr);
  if (rc != 0 || addr == NULL || size == 0) return -1;
  *low = (uintptr_t)addr;
  *high = *low + size;
  return 0;
#else
  (void)low;
  (void)high;
  return -1;
#endif
}

/* Sets the stack limit once per thread. Unknown bounds leave it 0 (no check). */
static void init_thread_stack(void) {
  uintptr_t low, high;
  if (thread_stack_bounds(&low, &high) != 0) return;
  uintptr_t reserve = STACK_RESERVE;
  /* Small thread stacks: still leave wasm most of the stack. */
  if (high - low < 4 * reserve) reserve = (high - low) / 4;
  stack_low = low;
  wasmrt_stack_limit = low + reserve;
}

void wasmrt_trap_enter(wasmrt_trap_frame *f) {
  if (!thread_initialised) {
    thread_initialised = true;
    init_thread_stack();
    /* Stack exhaustion is caught on the guard page (WASMRT_STACK_CHECK=0) in
     * both memory modes; a no-op in a WASMRT_NO_SIGNALS runtime. Failure only
     * means an overflow will crash instead of trapping. */
    (void)wasmrt_fault_handler_install();
  }
  wasmrt_fault_thread_init();
  f->handler = 0;
  f->code = WASMRT_TRAP_NONE;
  f->function = NULL;
  f->fault_pc = 0;
  f->message = NULL;
  f->exception = NULL;
  f->prev = innermost_frame;
  innermost_frame = f;
}

/* Generated code's try blocks: cheap, as they are entered often. A thread
 * that runs wasm has a host frame below (wasmrt_trap_enter set it up). */
void wasmrt_handler_enter_kind(wasmrt_trap_frame *f, unsigned char kind) {
  f->handler = kind;
  f->exception = NULL;
  f->prev = innermost_frame;
  innermost_frame = f;
}

void wasmrt_trap_leave(wasmrt_trap_frame *f) {
  innermost_frame = f->prev;
}

/* The setjmp is here, not in the host's function, so that no variable of
 * the host can be clobbered by the jump back (-Wclobbered), and C++ hosts
 * have no setjmp in their frames. f is not changed after the setjmp, so it
 * is still valid when the jump returns. The signal mask is not saved (see
 * WASMRT_SETJMP: the fault handler changes no mask). */
static wasmrt_trap_code call_in_frame(wasmrt_trap_frame *f, void (*fn)(void *ctx), void *ctx) {
  wasmrt_trap_enter(f);
#if defined(__unix__) || defined(__APPLE__)
  if (sigsetjmp(f->jb, WASMRT_SAVE_SIGMASK) != 0) return f->code;
#else
  if (setjmp(f->jb) != 0) return f->code;
#endif
  fn(ctx);
  wasmrt_trap_leave(f);
  return WASMRT_TRAP_NONE;
}

wasmrt_trap_code wasmrt_call_protected(wasmrt_trap_frame *f, void (*fn)(void *ctx), void *ctx) {
  if (f) return call_in_frame(f, fn, ctx);
  wasmrt_trap_frame own;
  wasmrt_trap_code code = call_in_frame(&own, fn, ctx);
  if (own.exception) wasmrt_exn_free(own.exception); /* nobody to hand it to */
  return code;
}

void wasmrt_trap(wasmrt_trap_code code) {
  wasmrt_trap_in(code, NULL);
}

void wasmrt_trap_in(wasmrt_trap_code code, const char *function) {
  wasmrt_trap_at(code, function, 0);
}

void wasmrt_trap_oob_memory(void) {
  wasmrt_trap_at(WASMRT_TRAP_OOB_MEMORY, NULL, 0);
}

void wasmrt_trap_int_div_zero(void) {
  wasmrt_trap_at(WASMRT_TRAP_INT_DIV_ZERO, NULL, 0);
}

void wasmrt_trap_int_overflow(void) {
  wasmrt_trap_at(WASMRT_TRAP_INT_OVERFLOW, NULL, 0);
}

void wasmrt_trap_unreachable(void) {
  wasmrt_trap_at(WASMRT_TRAP_UNREACHABLE, NULL, 0);
}

const char *wasmrt_trap_function(const wasmrt_trap_frame *f, const struct wasmrt_module *mod) {
  if (f->function) return f->function;
  if (f->fault_pc && mod && mod->function_at) return mod->function_at(f->fault_pc);
  return NULL;
}

int wasmrt_trap_describe(char *buf, size_t size, const wasmrt_trap_frame *f,
                         const struct wasmrt_module *mod) {
  if (f->code == WASMRT_TRAP_HOST && f->message)
    return snprintf(buf, size, "%s: %s", wasmrt_trap_message(f->code), f->message);
  const char *function = wasmrt_trap_function(f, mod);
  if (function) return snprintf(buf, size, "%s in function %s", wasmrt_trap_message(f->code), function);
  return snprintf(buf, size, "%s", wasmrt_trap_message(f->code));
}

/* The innermost host frame: traps are not exceptions, so they pass the
 * handlers of generated code. */
static wasmrt_trap_frame *innermost_host_frame(void) {
  wasmrt_trap_frame *f = innermost_frame;
  while (f && f->handler) f = f->prev;
  return f;
}

/* A trap with no frame to catch it: "wasm trap: A B C" on stderr, then abort.
 * fputs, not fprintf: firmware then links no printf machinery (~5 KB). */
_Noreturn static void die(const char *a, const char *b, const char *c) {
  fputs("wasm trap: ", stderr);
  fputs(a, stderr);
  fputs(b, stderr);
  fputs(c, stderr);
  fputs("\n", stderr);
  abort();
}

/* Pops the frames down to host frame f, records the trap in it and jumps. */
_Noreturn static void jump_to(wasmrt_trap_frame *f, wasmrt_trap_code code, const char *function,
                              uintptr_t fault_pc, const char *message) {
  innermost_frame = f->prev;
  f->code = code;
  f->function = function;
  f->fault_pc = fault_pc;
  f->message = message;
#if defined(__unix__) || defined(__APPLE__)
  /* Restores the signal mask when the frame saved it (guard mode), which is
   * what makes jumping out of the fault handler safe. */
  siglongjmp(f->jb, 1);
#else
  longjmp(f->jb, 1);
#endif
}

void wasmrt_trap_host(const char *msg) {
  wasmrt_trap_frame *f = innermost_host_frame();
  if (f == NULL) {
    die(wasmrt_trap_message(WASMRT_TRAP_HOST), ": ", msg ? msg : "");
  }
  jump_to(f, WASMRT_TRAP_HOST, NULL, 0, msg);
}

void wasmrt_trap_at(wasmrt_trap_code code, const char *function, uintptr_t fault_pc) {
  wasmrt_trap_frame *f = innermost_host_frame();
  if (f == NULL) {
    die(wasmrt_trap_message(code), function ? " in function " : "", function ? function : "");
  }
  jump_to(f, code, function, fault_pc, NULL);
}

int wasmrt_trap_frame_active(void) {
  return innermost_host_frame() != NULL;
}

void wasmrt_throw(wasmrt_exn *e) {
  wasmrt_trap_frame *f = innermost_frame;
  if (f == NULL) {
    die(wasmrt_trap_message(WASMRT_TRAP_UNCAUGHT_EXCEPTION), "", "");
  }
  innermost_frame = f->prev;
  f->exception = e;
  if (!f->handler) {
    f->code = WASMRT_TRAP_UNCAUGHT_EXCEPTION;
    f->function = NULL;
    f->fault_pc = 0;
    f->message = NULL;
  }
#if WASMRT_HANDLER_BUILTIN == 2
  if (f->handler == 2) __builtin_longjmp((void **)(void *)f->jb, 1);
#endif
#if defined(__unix__) || defined(__APPLE__)
  siglongjmp(f->jb, 1);
#else
  longjmp(f->jb, 1);
#endif
}

void wasmrt_throw_to(wasmrt_trap_frame *f, wasmrt_exn *e) {
  innermost_frame = f;
  wasmrt_throw(e);
}

int wasmrt_is_stack_overflow_fault(uintptr_t addr) {
  if (stack_low == 0) return 0;
  return addr < wasmrt_stack_limit && addr + STACK_GUARD_SPAN >= stack_low;
}
