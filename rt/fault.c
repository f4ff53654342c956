/* fault.c - turning guard-page faults into wasm traps.
 *
 * Guard-mode memories reserve WASMRT_GUARD_RESERVATION bytes of address space
 * and make only the wasm-visible pages accessible, so an out-of-bounds access
 * faults. A process-wide SIGSEGV/SIGBUS handler, installed once when the
 * first guard-mode memory is created, decides what a fault means:
 *   - inside a registered reservation, on a thread with a trap frame:
 *     the trap "out of bounds memory access";
 *   - just below the thread's stack limit, with a trap frame: "call stack
 *     exhausted" (deep recursion that WASMRT_STACK_ENTER did not catch);
 *   - anything else: a real crash. It goes to the handler that was installed
 *     before ours, or (if that was the default action) the default action is
 *     restored and the faulting instruction re-runs and kills the process.
 *
 * Global state (process-wide, documented in wasmrt.h): the previous handlers,
 * the registry of reservations and the pthread key owning alternate stacks.
 *
 * The registry is read by the signal handler, so readers take no lock: it is a
 * list of fixed-size chunks of atomic start addresses (0 = free slot). Writers
 * (memory init/free) serialise on a mutex. Chunks are only ever appended,
 * never freed, so a reader can walk the list at any moment. Every reservation
 * has the same size, so a start address is all a slot needs.
 *
 * Each thread that enters wasm while the handler is installed gets an
 * alternate signal stack (so a stack overflow can still be handled), unless
 * the host already gave it one. It is freed by a pthread key destructor when
 * the thread exits.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "wasmrt.h"

#if WASMRT_NO_SIGNALS && WASMRT_MEMORY_BACKEND != WASMRT_MEMORY_MMAP
/* Firmware profile: no guard reservations and no signals, so nothing to do
 * (and no pthread, signal.h or atomics to need). */
#include "wasmrt_internal.h"
int wasmrt_fault_handler_install(void) { return 0; }
void wasmrt_fault_thread_init(void) { }
#else

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#if !defined(_WIN32)
#include <ucontext.h>
#endif

#include "wasmrt_internal.h"

#define ALTSTACK_SIZE ((size_t)64 << 10)
enum { SLOTS_PER_CHUNK = 64 };

typedef struct guard_chunk {
  _Atomic uintptr_t starts[SLOTS_PER_CHUNK];
  struct guard_chunk *_Atomic next;
} guard_chunk;

static guard_chunk first_chunk;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

/* ------------------------------------------------------------ registry */

/* Claims a free slot in the chunks so far; false if all are taken. */
static bool claim_free_slot(uintptr_t start, guard_chunk **last) {
  for (guard_chunk *c = &first_chunk; c; c = atomic_load(&c->next)) {
    for (int i = 0; i < SLOTS_PER_CHUNK; i++) {
      if (atomic_load(&c->starts[i]) == 0) {
        atomic_store(&c->starts[i], start);
        return true;
      }
    }
    *last = c;
  }
  return false;
}

int wasmrt_guard_register(const uint8_t *start) {
  int result = 0;
  guard_chunk *last = &first_chunk;
  pthread_mutex_lock(&registry_lock);
  if (!claim_free_slot((uintptr_t)start, &last)) {
    guard_chunk *chunk = calloc(1, sizeof *chunk);
    if (chunk) {
      atomic_store(&chunk->starts[0], (uintptr_t)start);
      atomic_store(&last->next, chunk); /* publish only once filled in */
    } else {
      result = -1;
    }
  }
  pthread_mutex_unlock(&registry_lock);
  return result;
}

void wasmrt_guard_unregister(const uint8_t *start) {
  pthread_mutex_lock(&registry_lock);
  for (guard_chunk *c = &first_chunk; c; c = atomic_load(&c->next)) {
    for (int i = 0; i < SLOTS_PER_CHUNK; i++) {
      uintptr_t expected = (uintptr_t)start;
      if (atomic_compare_exchange_strong(&c->starts[i], &expected, 0)) goto done;
    }
  }
done:
  pthread_mutex_unlock(&registry_lock);
}

#if WASMRT_NO_SIGNALS

int wasmrt_fault_handler_install(void) { return 0; }
void wasmrt_fault_thread_init(void) { }

#else

static struct sigaction previous_segv, previous_bus;
static atomic_bool handler_installed;
static int install_result;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static pthread_key_t altstack_key;

static _Thread_local bool thread_altstack_checked;
/* Also keeps the stack reachable for leak checkers while the thread lives. */
static _Thread_local void *thread_altstack;

/* --------------------------------------------------------- the handler */

/* Lock-free: called from the signal handler. */
static bool in_guard_reservation(uintptr_t addr) {
  for (guard_chunk *c = &first_chunk; c; c = atomic_load(&c->next)) {
    for (int i = 0; i < SLOTS_PER_CHUNK; i++) {
      uintptr_t start = atomic_load(&c->starts[i]);
      /* In 64 bits: a 32-bit host has no reservation this large (guard mode
       * cannot start there), and the test must not be always true then. */
      uint64_t offset = addr - start;
      if (start != 0 && offset < WASMRT_GUARD_RESERVATION) return true;
    }
  }
  return false;
}

/* A fault that is not ours: hand it to whoever handled it before us. */
static void chain_to_previous(int sig, siginfo_t *info, void *context) {
  const struct sigaction *prev = sig == SIGBUS ? &previous_bus : &previous_segv;
  bool sent_by_process = info->si_code <= 0; /* kill(), raise(): no re-fault */
  /* sa_handler and sa_sigaction share storage, so this test covers both. */
  if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
    if (prev->sa_flags & SA_SIGINFO) prev->sa_sigaction(sig, info, context);
    else prev->sa_handler(sig);
    return;
  }
  if (prev->sa_handler == SIG_IGN && sent_by_process) return;
  /* Default action (a real fault cannot be ignored): restore it; returning
   * re-runs the faulting instruction, which now kills the process. */
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
  if (sent_by_process) raise(sig);
}

/* The faulting instruction's address, so the trap can name its function;
 * 0 where we do not know the machine context's layout. */
static uintptr_t fault_pc(void *context) {
  const ucontext_t *uc = context;
#if defined(__linux__) && defined(__x86_64__)
  return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__linux__) && defined(__i386__)
  return (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
#elif defined(__linux__) && defined(__aarch64__)
  return (uintptr_t)uc->uc_mcontext.pc;
#elif defined(__APPLE__) && defined(__x86_64__)
  return (uintptr_t)uc->uc_mcontext->__ss.__rip;
#elif defined(__APPLE__) && defined(__aarch64__)
  return (uintptr_t)uc->uc_mcontext->__ss.__pc;
#else
  (void)uc;
  return 0;
#endif
}

static void on_fault(int sig, siginfo_t *info, void *context) {
  int saved_errno = errno;
  if (info->si_code > 0 && wasmrt_trap_frame_active()) {
    uintptr_t addr = (uintptr_t)info->si_addr;
    if (in_guard_reservation(addr)) wasmrt_trap_at(WASMRT_TRAP_OOB_MEMORY, NULL, fault_pc(context));
    /* No pc: the overflowing function may be one without loads or stores,
     * which function_at does not know, so it could name the wrong one. */
    if (wasmrt_is_stack_overflow_fault(addr)) wasmrt_trap(WASMRT_TRAP_CALL_STACK_EXHAUSTED);
  }
  chain_to_previous(sig, info, context);
  errno = saved_errno;
}

/* ---------------------------------------------------- alternate stacks */

static void free_altstack(void *stack) {
  stack_t current;
  /* Disable it only if it is still ours (the host may have replaced it). */
  if (sigaltstack(NULL, &current) == 0 && current.ss_sp == stack) {
    stack_t off;
    memset(&off, 0, sizeof off);
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, NULL);
  }
  free(stack);
}

static void install_altstack(void) {
  stack_t current;
  if (sigaltstack(NULL, &current) != 0) return;
  if (!(current.ss_flags & SS_DISABLE)) return; /* the host's (or a sanitizer's) */
  size_t size = ALTSTACK_SIZE;
  if (size < (size_t)SIGSTKSZ) size = (size_t)SIGSTKSZ; /* not constant in newer glibc */
  void *stack = malloc(size);
  /* Without an alternate stack, faults are still handled on the thread's own
   * stack; only a guard-page stack overflow would then be fatal. */
  if (stack == NULL) return;
  stack_t ss;
  memset(&ss, 0, sizeof ss);
  ss.ss_sp = stack;
  ss.ss_size = size;
  if (sigaltstack(&ss, NULL) != 0 || pthread_setspecific(altstack_key, stack) != 0) {
    free_altstack(stack);
    return;
  }
  thread_altstack = stack;
}

void wasmrt_fault_thread_init(void) {
  if (thread_altstack_checked || !atomic_load(&handler_installed)) return;
  thread_altstack_checked = true;
  install_altstack();
}

/* ---------------------------------------------------------- installing */

static void install_handler(void) {
  if (pthread_key_create(&altstack_key, free_altstack) != 0) {
    install_result = -1;
    return;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sigemptyset(&sa.sa_mask);
  /* SA_ONSTACK: a stack overflow leaves no room on the thread's own stack.
   * SA_NODEFER: the handler may leave by siglongjmp; not blocking the signal
   * keeps later faults deliverable even if a frame did not save the mask. */
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  if (sigaction(SIGSEGV, &sa, &previous_segv) != 0) {
    install_result = -1;
    return;
  }
  if (sigaction(SIGBUS, &sa, &previous_bus) != 0) {
    sigaction(SIGSEGV, &previous_segv, NULL);
    install_result = -1;
    return;
  }
  atomic_store(&handler_installed, true);
}

int wasmrt_fault_handler_install(void) {
  pthread_once(&install_once, install_handler);
  wasmrt_fault_thread_init();
  return install_result;
}

#endif /* WASMRT_NO_SIGNALS */
#endif /* firmware profile */
