/* wasmrt_internal.h - how the runtime's own files talk to each other.
 * Not part of the public contract: hosts and generated code never include it.
 *
 *   trap.c   trap frames, per-thread stack bounds
 *   fault.c  SIGSEGV/SIGBUS handler, guard-reservation registry, alt stacks
 *   memory.c linear memories: limits, host API, arenas
 *   memory_map.c, memory_alloc.c  their bytes, by WASMRT_MEMORY_BACKEND
 *            (memory_map.c registers guard reservations with fault.c)
 */
#ifndef WASMRT_INTERNAL_H
#define WASMRT_INTERNAL_H

#include <stdint.h>

#include "wasmrt.h"

/* Address space held by every guard-mode memory: any 32-bit index plus a
 * 32-bit static offset plus an access of up to 16 bytes stays inside it. All
 * reservations have this one size, so the registry only stores start addresses. */
#define WASMRT_GUARD_RESERVATION ((UINT64_C(8) << 30) + WASMRT_PAGE_SIZE)

/* ---- memory_map.c, memory_alloc.c: the backend's bytes (memory.c handles
 * limits and arenas and calls these only within them) ---- */
#define WASMRT_HAVE_GUARD_PAGES (WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_MMAP)
/* Checked mode: zeroed bytes for `pages` pages (base and reserved set; base
 * valid even for 0 pages). 0, or -1 leaving base NULL. */
int wasmrt_backend_checked_create(wasmrt_memory *m, uint64_t pages);
/* Room for new_pages pages, the old bytes kept, the new ones zero; base may
 * move. On failure (-1) nothing changes. The caller updates pages and size. */
int wasmrt_backend_checked_grow(wasmrt_memory *m, uint64_t new_pages);
/* Guard mode (only WASMRT_HAVE_GUARD_PAGES): the reservation with `pages`
 * accessible, and making more of it accessible. */
int wasmrt_backend_guard_create(wasmrt_memory *m, uint64_t pages);
int wasmrt_backend_guard_grow(wasmrt_memory *m, uint64_t new_pages);
/* Checked mode, a shared memory (threads): room for m->max_pages held from
 * the start, `pages` of it zeroed and accessible; grow never moves base. */
int wasmrt_backend_shared_create(wasmrt_memory *m, uint64_t pages);
int wasmrt_backend_shared_grow(wasmrt_memory *m, uint64_t new_pages);
/* Give back what create/grow took (not called for arenas). */
void wasmrt_backend_release(wasmrt_memory *m);

/* ---- atomic.c: shared memories (threads) ---- */
/* The grow lock and wait table of a shared memory (m->shared_state; stays
 * NULL without WASMRT_THREADS). 0, or -1 when out of memory. */
int wasmrt_shared_state_create(wasmrt_memory *m);
void wasmrt_shared_state_free(wasmrt_memory *m);
void wasmrt_shared_grow_lock(wasmrt_memory *m);
void wasmrt_shared_grow_unlock(wasmrt_memory *m);

/* ---- fault.c ---- */
/* Record a guard reservation so faults inside it become traps. Returns 0, or
 * -1 when the registry cannot grow (out of memory). */
int wasmrt_guard_register(const uint8_t *start);
void wasmrt_guard_unregister(const uint8_t *start);
/* Install the process-wide fault handler (once) and give the calling thread an
 * alternate signal stack. A no-op when built with WASMRT_NO_SIGNALS. Returns 0,
 * or -1 when sigaction fails. */
int wasmrt_fault_handler_install(void);
/* Give the calling thread an alternate signal stack if the handler is
 * installed and the thread has none yet. Cheap after the first call. */
void wasmrt_fault_thread_init(void);

/* ---- trap.c ---- */
/* Both are async-signal-safe: they only read this thread's state. */
int wasmrt_trap_frame_active(void);
/* wasmrt_trap_in that also records a faulting instruction's address. */
_Noreturn void wasmrt_trap_at(wasmrt_trap_code code, const char *function, uintptr_t fault_pc);
/* Is addr in the region a stack overflow of this thread would fault in (below
 * the stack limit, down to the kernel's guard area)? */
int wasmrt_is_stack_overflow_fault(uintptr_t addr);

#endif
