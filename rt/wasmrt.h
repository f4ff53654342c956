/* wasmrt.h - the wasmcc runtime: what generated C links against, and what a
 * host uses to instantiate and call modules.
 *
 * Read this file top to bottom once; it is the whole contract.
 *
 * Configuration (define before including, the same for every file of a program):
 *   WASMRT_BOUNDS_CHECK  0: guard-page memories, no per-access checks; faults
 *                           become traps via a SIGSEGV/SIGBUS handler.
 *                           Default on 64-bit POSIX hosts (mmap backend).
 *                        1: explicit bounds check per access, no large
 *                           reservation (the signal handler, if any, only
 *                           catches stack overflow). Default elsewhere.
 *   WASMRT_NO_SIGNALS    1: the runtime never installs a signal handler (the host
 *                           owns its signals). In guard mode an out-of-bounds
 *                           access then ends the process with the fault.
 *                           Default where there is no POSIX.
 *   WASMRT_MEMORY_BACKEND  where memories get their bytes (fixed when the
 *                           runtime is built; see "memory" below):
 *                        WASMRT_MEMORY_MMAP: mmap/mremap, both memory modes.
 *                           Default on POSIX.
 *                        WASMRT_MEMORY_MALLOC: a realloc-style allocator hook
 *                           (wasmrt_memory_set_allocator), checked mode only.
 *                           Default elsewhere.
 *                        WASMRT_MEMORY_STATIC: no allocation at all: memories
 *                           live in arenas the host gives (firmware). Checked
 *                           mode only; memory.c needs nothing but string.h.
 *   WASMRT_THREADS       1: per-thread trap state is _Thread_local (default on
 *                           POSIX). 0: plain static, for bare metal without TLS;
 *                           wasm may then run on one thread only.
 *   WASMRT_STACK_CHECK   1: every generated function compares its frame address
 *                           with a per-thread limit on entry, so deep recursion
 *                           traps with CALL_STACK_EXHAUSTED. Default where there
 *                           is no signal handler (WASMRT_NO_SIGNALS, non-POSIX).
 *                           Leaves with small frames (no calls, <= 64 values)
 *                           skip it: the reserve below the limit must hold one.
 *                        0: (default on POSIX) the stack's guard page catches
 *                           deep recursion: the fault handler, running on a
 *                           per-thread alternate stack, turns the fault into
 *                           CALL_STACK_EXHAUSTED. No cost per call. Functions
 *                           with frames big enough to skip a guard page still
 *                           check on entry. A host function called at the very
 *                           bottom of the stack may then be the one that faults:
 *                           the trap unwinds through it, so hosts that must
 *                           never be interrupted (locks held) should define 1.
 *                           So does ThreadSanitizer, whose runtime runs inside
 *                           every instrumented function's prologue
 *                           (__tsan_func_entry) and may hold its trace lock
 *                           there: a fault in it, unwound by the trap, left the
 *                           lock held and the thread deadlocked on its next
 *                           trace switch. Under TSan the default is therefore 1.
 *   WASMRT_TRAP_NAMES    1: traps from generated code name their function
 *                           (wasmrt_trap_function). 0: they name none, and a
 *                           trap site is one call without arguments
 *                           (wasmrt_trap_oob_memory & co.); the C compile of
 *                           the module decides. Default 0 with
 *                           WASMRT_MEMORY_STATIC (firmware: a literal, a
 *                           string and two instructions per function), else 1.
 *
 * Ownership: the host owns every instance, memory and table it creates and frees
 * each one with the matching *_free. No function here keeps global mutable state
 * except the process-wide signal handler (installed once, by the first trap
 * frame or guard-mode memory) and per-thread trap/stack state.
 */
#ifndef WASMRT_H
#define WASMRT_H

/* sigsetjmp/sigjmp_buf are POSIX: under strict -std=c11 they exist only with a
 * feature-test macro, which works only before the first system header. */
#if (defined(__unix__) || defined(__APPLE__)) && !defined(_POSIX_C_SOURCE) && \
    !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && !defined(_XOPEN_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <setjmp.h>
#if defined(__GLIBC__) && !defined(__USE_POSIX)
#error "wasmrt.h needs POSIX: include it before other headers or compile with -D_POSIX_C_SOURCE=200809L"
#endif
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WASMRT_MEMORY_MMAP 1
#define WASMRT_MEMORY_MALLOC 2
#define WASMRT_MEMORY_STATIC 3
#ifndef WASMRT_MEMORY_BACKEND
#if defined(__unix__) || defined(__APPLE__)
#define WASMRT_MEMORY_BACKEND WASMRT_MEMORY_MMAP
#else
#define WASMRT_MEMORY_BACKEND WASMRT_MEMORY_MALLOC
#endif
#endif
#ifndef WASMRT_THREADS
#if defined(__unix__) || defined(__APPLE__)
#define WASMRT_THREADS 1
#else
#define WASMRT_THREADS 0
#endif
#endif
#if WASMRT_THREADS && defined(__cplusplus)
#define WASMRT_THREAD_LOCAL thread_local /* C++11's spelling; the same TLS model */
#elif WASMRT_THREADS
#define WASMRT_THREAD_LOCAL _Thread_local
#else
#define WASMRT_THREAD_LOCAL
#endif

#ifndef WASMRT_BOUNDS_CHECK
#if (defined(__unix__) || defined(__APPLE__)) && UINTPTR_MAX > 0xFFFFFFFFu && \
    WASMRT_MEMORY_BACKEND == WASMRT_MEMORY_MMAP
#define WASMRT_BOUNDS_CHECK 0
#else
#define WASMRT_BOUNDS_CHECK 1
#endif
#endif
#ifndef WASMRT_NO_SIGNALS
#if defined(__unix__) || defined(__APPLE__)
#define WASMRT_NO_SIGNALS 0
#else
#define WASMRT_NO_SIGNALS 1 /* no POSIX signals to handle */
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define WASMRT_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define WASMRT_UNDER_TSAN 1
#endif
#endif
#ifndef WASMRT_UNDER_TSAN
#define WASMRT_UNDER_TSAN 0
#endif
#ifndef WASMRT_STACK_CHECK
#if (defined(__unix__) || defined(__APPLE__)) && !WASMRT_NO_SIGNALS && !WASMRT_UNDER_TSAN
#define WASMRT_STACK_CHECK 0
#else
#define WASMRT_STACK_CHECK 1
#endif
#endif

#ifndef WASMRT_TRAP_NAMES
#define WASMRT_TRAP_NAMES (WASMRT_MEMORY_BACKEND != WASMRT_MEMORY_STATIC)
#endif

#if defined(__GNUC__) || defined(__clang__)
#define WASMRT_LIKELY(x) __builtin_expect(!!(x), 1)
#define WASMRT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define WASMRT_FRAME_ADDRESS() ((uintptr_t)__builtin_frame_address(0))
#else
#define WASMRT_LIKELY(x) (x)
#define WASMRT_UNLIKELY(x) (x)
#define WASMRT_FRAME_ADDRESS() ((uintptr_t)&(char){0})
#endif

/* ---------------------------------------------------------------- traps */
typedef enum wasmrt_trap_code {
  WASMRT_TRAP_NONE = 0,
  WASMRT_TRAP_UNREACHABLE,            /* "unreachable" */
  WASMRT_TRAP_INT_DIV_ZERO,           /* "integer divide by zero" */
  WASMRT_TRAP_INT_OVERFLOW,           /* "integer overflow" */
  WASMRT_TRAP_INVALID_CONVERSION,     /* "invalid conversion to integer" */
  WASMRT_TRAP_OOB_MEMORY,             /* "out of bounds memory access" */
  WASMRT_TRAP_OOB_TABLE,              /* "out of bounds table access" */
  WASMRT_TRAP_UNDEFINED_ELEMENT,      /* "undefined element" */
  WASMRT_TRAP_UNINITIALIZED_ELEMENT,  /* "uninitialized element" */
  WASMRT_TRAP_INDIRECT_CALL_TYPE_MISMATCH, /* "indirect call type mismatch" */
  WASMRT_TRAP_CALL_STACK_EXHAUSTED,   /* "call stack exhausted" */
  WASMRT_TRAP_OUT_OF_MEMORY,          /* "out of memory" (instantiation could not allocate) */
  WASMRT_TRAP_HOST,                   /* raised by a host function (e.g. WASI proc_exit) */
  WASMRT_TRAP_NULL_REFERENCE,         /* "null reference" (ref.as_non_null) */
  WASMRT_TRAP_NULL_FUNCTION_REFERENCE, /* "null function reference" (call_ref, return_call_ref) */
  WASMRT_TRAP_UNCAUGHT_EXCEPTION,     /* "uncaught exception": a wasm exception reached the host's
                                         frame, which now owns it (wasmrt_trap_frame.exception) */
  WASMRT_TRAP_NULL_EXCEPTION_REFERENCE, /* "null exception reference" (throw_ref) */
  WASMRT_TRAP_UNALIGNED_ATOMIC,       /* "unaligned atomic" (threads: an atomic access off its
                                         natural alignment) */
  WASMRT_TRAP_EXPECTED_SHARED_MEMORY, /* "expected shared memory" (memory.atomic.wait on an
                                         unshared memory) */
  WASMRT_TRAP_NULL_I31_REFERENCE,     /* "null i31 reference" (GC: i31.get_s, i31.get_u) */
  WASMRT_TRAP_NULL_STRUCT_REFERENCE,  /* "null structure reference" (GC: struct.get, struct.set) */
  WASMRT_TRAP_NULL_ARRAY_REFERENCE,   /* "null array reference" (GC: array.*) */
  WASMRT_TRAP_OOB_ARRAY,              /* "out of bounds array access" (GC: array.*) */
  WASMRT_TRAP_CAST_FAILURE,           /* "cast failure" (GC: ref.cast) */
  WASMRT_TRAP_COUNT
} wasmrt_trap_code;

/* The spec's message for a trap code ("out of bounds memory access", ...). */
const char *wasmrt_trap_message(wasmrt_trap_code code);

/* A trap frame marks where the host called into wasm. Frames nest per thread.
 * Use it through WASMRT_TRY:
 *
 *     wasmrt_trap_frame f;
 *     WASMRT_TRY(f) {
 *       r = m_fac(inst, 20);
 *       wasmrt_trap_leave(&f);
 *     } else {
 *       fprintf(stderr, "trap: %s\n", wasmrt_trap_message(f.code));
 *     }
 *
 * wasmrt_trap() pops the innermost frame, stores the code in it and jumps back;
 * on the normal path the host pops it with wasmrt_trap_leave(). The signal mask
 * is not saved (no system call per frame): the fault handler runs with
 * SA_NODEFER and an empty sa_mask, so jumping out of it leaves the mask as
 * it was at the fault, and later faults are still delivered. Except under
 * ThreadSanitizer, whose signal wrapper blocks signals around a handler:
 * there the mask is saved and restored by the jump. */
#ifndef WASMRT_SAVE_SIGMASK
#define WASMRT_SAVE_SIGMASK WASMRT_UNDER_TSAN
#endif
#if defined(__unix__) || defined(__APPLE__)
typedef sigjmp_buf wasmrt_jmp_buf;
#define WASMRT_SETJMP(jb) sigsetjmp(jb, WASMRT_SAVE_SIGMASK)
#else
typedef jmp_buf wasmrt_jmp_buf;
#define WASMRT_SETJMP(jb) setjmp(jb)
#endif

struct wasmrt_exn;

typedef struct wasmrt_trap_frame {
  wasmrt_jmp_buf jb;
  struct wasmrt_trap_frame *prev;
  /* 0: a host's frame. Else an exception handler of generated code
   * (wasmrt_handler_enter), which catches exceptions only (traps pass it
   * by): 1 with a (sig)setjmp buffer, 2 with a __builtin_setjmp one. */
  unsigned char handler;
  volatile wasmrt_trap_code code;
  /* The exception that ended up here (handlers; host frames with
   * WASMRT_TRAP_UNCAUGHT_EXCEPTION). The frame's owner must free it
   * (wasmrt_exn_free) or throw it on (wasmrt_throw). */
  struct wasmrt_exn *volatile exception;
  /* Where the trap happened, for messages: the wasm function that raised it
   * ("3 (name)": index, and the name section's name when there is one), or
   * NULL when unknown; for a guard-page fault, the faulting instruction's
   * address instead (see wasmrt_trap_function). */
  const char *volatile function;
  volatile uintptr_t fault_pc;
  /* WASMRT_TRAP_HOST raised with wasmrt_trap_host: the host's message (not
   * copied: it must outlive the frame, e.g. a string literal). Else NULL. */
  const char *volatile message;
} wasmrt_trap_frame;

void wasmrt_trap_enter(wasmrt_trap_frame *f);
void wasmrt_trap_leave(wasmrt_trap_frame *f);
/* WASMRT_TRY puts a setjmp in the host's function: a local variable of it
 * that is changed inside the block and read after a trap must be volatile
 * (C11 7.13.2.1; gcc's -Wclobbered warns about some of them). Hosts that
 * would rather not think about it, and C++ hosts, use wasmrt_call_protected. */
#define WASMRT_TRY(f) wasmrt_trap_enter(&(f)); if (WASMRT_SETJMP((f).jb) == 0)

/* Calls fn(ctx) inside a trap frame of the runtime's: returns
 * WASMRT_TRAP_NONE when fn returns, else the trap's code, with f (if
 * non-NULL) filled in as a WASMRT_TRY frame would be (wasmrt_trap_describe,
 * f->exception to free). The setjmp is in the runtime, so no variable of the
 * caller can be clobbered:
 *
 *     static void run(void *ctx) { struct job *j = ctx; j->r = m_fac(j->inst, 20); }
 *     ...
 *     if (wasmrt_call_protected(&f, run, &job) != WASMRT_TRAP_NONE) ...
 *
 * A captureless C++ lambda converts to fn. With f NULL an uncaught wasm
 * exception is freed. */
wasmrt_trap_code wasmrt_call_protected(wasmrt_trap_frame *f, void (*fn)(void *ctx), void *ctx);

/* Raise a trap: jumps to the innermost frame of this thread. With no frame,
 * prints the message to stderr and aborts. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, cold))
#endif
void wasmrt_trap(wasmrt_trap_code code);
/* The same, naming the wasm function that raises it (generated code passes
 * its WCC_FN string). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, cold))
#endif
void wasmrt_trap_in(wasmrt_trap_code code, const char *function);
/* wasmrt_trap(WASMRT_TRAP_OOB_MEMORY) and so on for the kinds generated code
 * raises most: with WASMRT_TRAP_NAMES=0 a trap site is then one call
 * without arguments (a `bl` on a Cortex-M), not a constant and a call. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, cold))
#endif
void wasmrt_trap_oob_memory(void);
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, cold))
#endif
void wasmrt_trap_int_div_zero(void);
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, cold))
#endif
void wasmrt_trap_int_overflow(void);
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, cold))
#endif
void wasmrt_trap_unreachable(void);

/* A host function's trap: WASMRT_TRAP_HOST with a message the host's frame
 * finds in f.message and wasmrt_trap_describe prints ("host trap: MSG"), like
 * an exception a JS import throws. msg is kept as a pointer, not copied. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, cold))
#endif
void wasmrt_trap_host(const char *msg);

/* The function a caught trap happened in ("3 (name)"), or NULL if unknown.
 * Guard-page faults are resolved through mod->function_at (mod may be NULL). */
struct wasmrt_module;
const char *wasmrt_trap_function(const wasmrt_trap_frame *f, const struct wasmrt_module *mod);
/* "integer divide by zero in function 3 (name)", or just the message when the
 * function is unknown, written like snprintf (returns its result). */
int wasmrt_trap_describe(char *buf, size_t size, const wasmrt_trap_frame *f,
                         const struct wasmrt_module *mod);

/* Per-thread lowest usable stack address for generated code (0 = unknown, no
 * check). Set by wasmrt_trap_enter from the thread's real stack bounds, leaving
 * a reserve for the host, the signal handler and sanitizers. */
extern WASMRT_THREAD_LOCAL uintptr_t wasmrt_stack_limit;
#define WASMRT_STACK_PROBE(function) \
  do { if (WASMRT_UNLIKELY(WASMRT_FRAME_ADDRESS() < wasmrt_stack_limit)) \
         wasmrt_trap_in(WASMRT_TRAP_CALL_STACK_EXHAUSTED, function); } while (0)
#if WASMRT_STACK_CHECK
#define WASMRT_STACK_ENTER_IN(function) WASMRT_STACK_PROBE(function)
#else
#define WASMRT_STACK_ENTER_IN(function) do { } while (0)
#endif
#define WASMRT_STACK_ENTER() WASMRT_STACK_ENTER_IN(NULL)

/* --------------------------------------------------------------- values */
/* Value type codes are the binary format's. */
typedef uint8_t wasmrt_valtype;
#define WASMRT_I32 0x7F
#define WASMRT_I64 0x7E
#define WASMRT_F32 0x7D
#define WASMRT_F64 0x7C
#define WASMRT_V128 0x7B
#define WASMRT_FUNCREF 0x70
#define WASMRT_EXTERNREF 0x6F
#define WASMRT_EXNREF 0x69
/* GC: the any hierarchy's abstract heap types, and the bottom types. Their
 * values are wasmrt_value.anyref (nofunc: funcref, noextern: externref,
 * noexn: exnref); see wasmrt_valtype_repr. */
#define WASMRT_ANYREF 0x6E
#define WASMRT_EQREF 0x6D
#define WASMRT_I31REF 0x6C
#define WASMRT_STRUCTREF 0x6B
#define WASMRT_ARRAYREF 0x6A
#define WASMRT_NULLREF 0x71
#define WASMRT_NULLEXTERNREF 0x72
#define WASMRT_NULLFUNCREF 0x73
#define WASMRT_NULLEXNREF 0x74
/* Packed storage types, only in struct and array fields. */
#define WASMRT_I8 0x78
#define WASMRT_I16 0x77

/* A function type. types[] holds nparams parameter types then nresults
 * result types.
 *
 * Wasm 3.0 types are iso-recursive: each is a member of a recursion group
 * (`rec`), declares whether it is final and at most one supertype, and two
 * types are equal when they are the same member of equal groups, where
 * references to members of the group count by position and references to
 * other types by the equality of those. Generated code gives each distinct
 * type of a module one static descriptor (equal types, equal pointers) and
 * fills in its group; across modules wasmrt_functype_equal compares groups.
 * A type built by hand may leave rec, rec_index, non_final and super zero
 * (use designated initialisers): it is then a final type without supertype,
 * in a group of its own, where a reference to itself is its group's member
 * 0, the same as `(type $t (func ...))`.
 *
 * A recursion group may also hold struct and array types (GC; declared
 * only, no values yet), so that groups compare as the spec says. Their
 * descriptors are wasmrt_functype too, told apart by kind: a struct's
 * fields (an array's one element field) take the place of the parameters
 * (nparams of them, nresults 0), with storage types in types[] (a value
 * type, WASMRT_I8 or WASMRT_I16), reference details in refs[], and which
 * are mutable in mutables[]. Zero kind is a function type, so descriptors
 * built by hand stay function types. */
typedef struct wasmrt_functype wasmrt_functype;
typedef struct wasmrt_rectype wasmrt_rectype;
/* What a reference type has beyond its code (typed function references).
 * All zero is the plain funcref or externref, and the detail of every
 * non-reference type. */
typedef struct wasmrt_reftype {
  uint8_t non_null;              /* (ref ht): null is not a value of the type */
  const wasmrt_functype *heap;   /* (ref null? $t): $t's function type; NULL: func or extern */
} wasmrt_reftype;

struct wasmrt_functype {
  uint32_t nparams, nresults;
  const wasmrt_valtype *types;
  const wasmrt_reftype *refs;    /* one per entry of types, or NULL when all are plain */
  const wasmrt_rectype *rec;     /* its recursion group, or NULL: a group of its own */
  uint32_t rec_index;            /* its position in rec: rec->types[rec_index] is this type */
  uint8_t non_final;             /* declared `sub` without `final`: may have subtypes */
  const wasmrt_functype *super;  /* its declared supertype, or NULL. Chains of supertypes end. */
  uint8_t kind;                  /* WASMRT_TYPE_FUNC (0), WASMRT_TYPE_STRUCT or WASMRT_TYPE_ARRAY */
  const uint8_t *mutables;       /* struct, array: 1 per mutable field, or NULL when none is */
};
#define WASMRT_TYPE_FUNC 0
#define WASMRT_TYPE_STRUCT 1
#define WASMRT_TYPE_ARRAY 2

/* A recursion group: its member types, in order. */
struct wasmrt_rectype {
  uint32_t ntypes;
  const wasmrt_functype *types;
};

/* Type equality (iso-recursive, see above). Pointer-equal types are equal;
 * otherwise the groups are compared, those they reference too. Out of
 * memory for that comparison (only for very large type graphs) counts as
 * unequal. */
int wasmrt_functype_equal(const wasmrt_functype *a, const wasmrt_functype *b);
/* a matches b (a <: b): a equals b or one of a's declared supertypes
 * (transitively) does. What call_indirect and function imports check. */
int wasmrt_functype_sub(const wasmrt_functype *a, const wasmrt_functype *b);

typedef union wasmrt_value wasmrt_value;
typedef struct wasmrt_funcref wasmrt_funcref;

/* Tail calls (return_call, return_call_indirect) run on a trampoline, so a
 * chain of them takes constant native stack whatever the C compiler does (C
 * has no portable guaranteed tail call). A function that makes tail calls
 * has, besides its ordinary entry, a tail entry (wasmrt_funcref.tail): it
 * reads its parameters from t->slots[0..nparams), runs, and either stores its
 * results in t->slots[0..nresults) and sets t->next = NULL, or stores the
 * next callee's arguments in the slots and sets t->next and t->env to the
 * callee's tail entry and env, and returns. Whoever started the chain loops
 * `do t.next(t.env, &t); while (t.next);` and reads the results. cap is the
 * number of slots: at least max(nparams, nresults) of the function entered;
 * a tail call that would need more slots is made as an ordinary call. A trap
 * longjmps out of the whole chain; the slots live in the starter's frame. */
typedef struct wasmrt_tail wasmrt_tail;
typedef void (*wasmrt_tail_fn)(void *env, wasmrt_tail *t);
struct wasmrt_tail {
  wasmrt_tail_fn next;
  void *env;
  uint32_t cap;
  wasmrt_value *slots;
};

/* The calling convention of every function generated code defines or calls
 * through a pointer. The i386 C ABI returns float and double in the x87
 * register st(0), and loading a signalling NaN there quietens it; GCC's
 * sseregparm passes and returns them in SSE registers, which keep the bits.
 * Clang has no sseregparm: there it is empty and an f32/f64 signalling NaN
 * returned by a function comes back quiet. Empty on every other target.
 * -DWASMRT_CC= selects the plain C ABI (the runtime, the host and generated
 * code must agree). */
#ifndef WASMRT_CC
#if defined(__i386__) && defined(__SSE2__) && defined(__GNUC__) && !defined(__clang__)
#define WASMRT_CC __attribute__((sseregparm))
#else
#define WASMRT_CC
#endif
#endif

/* A function, wherever it lives. `fn`'s real C type is
 *     WASMRT_CC R fn(void *env, P1, P2, ...)
 * with C types: i32 -> uint32_t, i64 -> uint64_t, f32 -> float, f64 -> double,
 * funcref -> wasmrt_funcref *, externref -> void *, v128 -> wasmrt_v128,
 * exnref -> wasmrt_exn *.
 * R is void for no result, the C type for one result, and for several results
 * `struct wasmrt_ret_<codes>` (see WASMRT_RET below).
 * `call` is a generic trampoline for the same signature, so hosts can call any
 * function with arrays of values. Host functions may leave `call` NULL if they
 * are never called generically. */
struct wasmrt_funcref {
  const wasmrt_functype *type;
  void (*fn)(void);
  void *env; /* defining instance, or host data */
  void (*call)(const wasmrt_funcref *self, const wasmrt_value *args, wasmrt_value *results);
  /* The function's tail entry (see wasmrt_tail), or NULL: functions without
   * tail calls, host functions. Tail calls to a function without one are
   * ordinary calls (it cannot continue a chain of tail calls). */
  wasmrt_tail_fn tail;
};
/* funcref VALUES are `wasmrt_funcref *` (NULL is ref.null func); externref
 * values are `void *` (NULL is ref.null extern).
 *
 * Host functions: `env` is the funcref's env, whatever the host put there;
 * the calling instance is not passed (wasm imports carry no caller). A host
 * function that reads or writes the caller's memory gets it through its env:
 * put there the memory the host created and passed as the module's import,
 * or, for a module that defines its own, the export found after instantiate
 * (wasmrt_export_find(mod, inst, "memory", &e), then e.u.memory), as
 * rt/wasmrt_wasi.h does. Check every guest address against memory->size and
 * read `base` on each call: checked-mode memories move when they grow. A
 * host function fails with wasmrt_trap_host("why"). Declare host functions
 * WASMRT_CC (or with the header's P_importN_fn type): on i386 with GCC one
 * that takes or returns f32/f64 without it gets its arguments from the
 * wrong place. */

typedef struct wasmrt_v128 { uint8_t bytes[16]; } wasmrt_v128;

union wasmrt_value {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  wasmrt_funcref *funcref;
  void *externref;
  struct wasmrt_exn *exnref;
  void *anyref; /* a GC reference (see wasmrt_gc.h... rt/gc.c): any, eq, i31, struct, array, none */
  wasmrt_v128 v128;
};

/* GC references (docs/ARCHITECTURE.md, GC): NULL, an i31 as the tagged
 * word (value << 1) | 1, or an object's address (even). */
static inline void *wasmrt_i31_new(uint32_t value) { return (void *)(uintptr_t)((value << 1) | 1u); }
static inline int wasmrt_ref_is_i31(const void *ref) { return ((uintptr_t)ref & 1) != 0; }
/* The i31's 31 bits, zero- or sign-extended. */
static inline uint32_t wasmrt_i31_get_u(const void *ref) { return (uint32_t)(uintptr_t)ref >> 1; }
static inline uint32_t wasmrt_i31_get_s(const void *ref) {
  return (uint32_t)((int32_t)(uint32_t)(uintptr_t)ref >> 1); /* arithmetic shift (all supported compilers) */
}

/* A struct or array (GC) is a wasmrt_gc_object header followed by its
 * payload: a struct's fields at offsets the compiler fixes (natural
 * alignment, in order), an array's length elements. No collector yet:
 * objects stay on one process-wide list until the process exits. */
typedef struct wasmrt_gc_object wasmrt_gc_object;
struct wasmrt_gc_object {
  const wasmrt_functype *type;   /* its struct or array type */
  wasmrt_gc_object *next_object; /* every object ever made */
  uint32_t length;               /* an array's element count */
  uint32_t gc_bits;              /* reserved for the collector */
  uint64_t reserved;             /* keeps the payload 16-byte aligned (v128 fields) */
};
#define WASMRT_GC_PAYLOAD(obj) ((char *)(obj) + sizeof(wasmrt_gc_object))
/* A zeroed object of the type with payload_size bytes of payload; traps
 * with WASMRT_TRAP_OUT_OF_MEMORY when that cannot be allocated. */
wasmrt_gc_object *wasmrt_gc_alloc(const wasmrt_functype *type, size_t payload_size, uint32_t length);
/* struct.new(_default) and array.new(_default/_fixed) of constant
 * expressions: how 0 leaves the payload zero, 1 takes one value per field
 * (struct) or element (array: length of them), 2 one value for every
 * element. Values are passed promoted: uint32_t for i32, i8 and i16,
 * uint64_t, double for f32 and f64, wasmrt_v128, void * for references.
 * Fields lie as the compiler places them (emit_gc.c): in order, each
 * aligned to its size, i8 1, i16 2, i32 and f32 4, v128 16, others 8. */
wasmrt_gc_object *wasmrt_gc_new(const wasmrt_functype *type, uint32_t length, int how, ...);
/* array.new_data: an array of type's n elements from data segment bytes
 * seg[offset...] (little-endian), seg_len of them (0 once dropped); traps
 * with WASMRT_TRAP_OOB_MEMORY when they run past its end. array.init_data:
 * the same into the non-null array obj from element dst on (traps with
 * WASMRT_TRAP_OOB_ARRAY past its end). */
wasmrt_gc_object *wasmrt_gc_array_new_data(const wasmrt_functype *type, const uint8_t *seg, uint32_t seg_len,
                                           uint32_t offset, uint32_t n);
void wasmrt_gc_array_init_data(wasmrt_gc_object *obj, uint32_t dst, const uint8_t *seg, uint32_t seg_len,
                               uint32_t offset, uint32_t n);
/* What a GC reference is: 0 for null, WASMRT_I31REF, WASMRT_STRUCTREF,
 * WASMRT_ARRAYREF, or WASMRT_EXTERNREF for an internalised host value. */
wasmrt_valtype wasmrt_gc_ref_kind(const void *ref);

/* any.convert_extern and extern.convert_any. A host value becomes a boxed
 * object of the any hierarchy (neither eq nor struct nor array), a GC
 * reference a boxed externref; each conversion unboxes the other's box, so
 * a round trip gives back the same value. Boxes live as long as objects. */
void *wasmrt_any_convert_extern(void *ext);
void *wasmrt_extern_convert_any(void *any);

/* ref.test: whether ref (of any hierarchy: a GC reference, a
 * wasmrt_funcref *, an externref or exnref) is a value of the reference
 * type with heap type code heap (WASMRT_ANYREF ... WASMRT_NULLEXNREF, or
 * WASMRT_FUNCREF / WASMRT_STRUCTREF / WASMRT_ARRAYREF with type, a concrete
 * type's descriptor), null included when nullable. */
int wasmrt_ref_test(const void *ref, int nullable, wasmrt_valtype heap, const wasmrt_functype *type);

/* The type whose wasmrt_value member holds a value of type t: t itself, or
 * the top of a reference type's hierarchy (anyref for eq, i31, struct,
 * array and none; funcref for nofunc; externref for noextern; exnref for
 * noexn). */
static inline wasmrt_valtype wasmrt_valtype_repr(wasmrt_valtype t) {
  switch (t) {
    case WASMRT_EQREF: case WASMRT_I31REF: case WASMRT_STRUCTREF: case WASMRT_ARRAYREF: case WASMRT_NULLREF:
      return WASMRT_ANYREF;
    case WASMRT_NULLFUNCREF: return WASMRT_FUNCREF;
    case WASMRT_NULLEXTERNREF: return WASMRT_EXTERNREF;
    case WASMRT_NULLEXNREF: return WASMRT_EXNREF;
    default: return t;
  }
}

static inline void wasmrt_call(const wasmrt_funcref *f, const wasmrt_value *args,
                               wasmrt_value *results) {
  f->call(f, args, results);
}

/* Multi-value results: struct wasmrt_ret_<codes> with members r0, r1, ... where
 * each result type is coded as one letter: i=i32 I=i64 f=f32 F=f64 v=v128
 * r=funcref e=externref x=exnref. Example: (result i32 f64) -> struct wasmrt_ret_iF
 * { uint32_t r0; double r1; }. Generated headers define the ones they use,
 * each guarded by #ifndef WASMRT_RET_<codes>_DEFINED. */

/* --------------------------------------------------------------- memory */
#define WASMRT_PAGE_SIZE 65536u

typedef struct wasmrt_memory {
  uint8_t *base;       /* never moves in guard mode; may move on grow when checked */
  uint64_t size;       /* accessible bytes = pages * WASMRT_PAGE_SIZE */
  uint64_t pages;
  uint64_t max_pages;  /* declared maximum, or the implementation limit (65536; memory64: see memory.c) */
  uint8_t has_max;     /* a maximum was declared (needed for import matching) */
  uint8_t bounds_checked; /* 1: created for checked code, 0: guard pages */
  uint8_t is64;        /* memory64: i64 addresses, always bounds-checked code */
  uint8_t arena;       /* base is the host's buffer of `reserved` bytes: grown
                          in place, never freed by the runtime */
  uint64_t reserved;   /* bytes of address space or arena held */
  uint8_t shared;      /* threads: a shared memory. Reserved at its maximum in
                          both modes, so `base` never moves; grow is serialised
                          and pages/size are published atomically */
  struct wasmrt_shared_state *shared_state; /* shared memories (WASMRT_THREADS):
                          the grow lock and the wait table; else NULL */
} wasmrt_memory;

/* Creating a memory from the host, with the JS API's checks
 * (new WebAssembly.Memory({initial, maximum})): sizes are in pages. */
typedef struct wasmrt_memory_desc {
  uint64_t initial;
  uint64_t maximum;    /* ignored unless has_maximum */
  uint8_t has_maximum;
  uint8_t is64;        /* memory64 (i64 index type) */
  uint8_t shared;      /* threads: a shared memory (needs a maximum) */
} wasmrt_memory_desc;

typedef enum wasmrt_memory_error {
  WASMRT_MEMORY_OK = 0,
  WASMRT_MEMORY_MAX_BELOW_INITIAL, /* a bad descriptor (JS: RangeError) */
  WASMRT_MEMORY_TOO_LARGE,         /* initial or maximum above the index type's
                                      limit: 65536 pages (4 GiB), memory64 2^48
                                      (JS: RangeError) */
  WASMRT_MEMORY_NO_RESOURCES,      /* a valid descriptor, but the reservation or
                                      allocation failed, or initial is above what
                                      this runtime or the arena can hold */
  WASMRT_MEMORY_UNSUPPORTED,       /* guard mode without the mmap backend */
  WASMRT_MEMORY_SHARED_WITHOUT_MAXIMUM, /* a shared memory needs a maximum
                                      (JS: TypeError) */
} wasmrt_memory_error;

/* Create a memory of d->initial zero pages; bounds_checked selects the mode
 * (pass WASMRT_BOUNDS_CHECK). On error m is zeroed and, when why is non-NULL,
 * a message is written to it ("maximum 1 is below initial 2 pages").
 * Free with wasmrt_memory_free. */
wasmrt_memory_error wasmrt_memory_create(wasmrt_memory *m, const wasmrt_memory_desc *d,
                                         int bounds_checked, char *why, size_t why_size);
/* The same in a host's buffer (checked mode, any backend): grow is limited by
 * the maximum and by bytes / WASMRT_PAGE_SIZE; the pages are zeroed as they
 * become accessible, and wasmrt_memory_free leaves the buffer to the host. A
 * buffer too small for initial is WASMRT_MEMORY_NO_RESOURCES. */
wasmrt_memory_error wasmrt_memory_create_static(wasmrt_memory *m, const wasmrt_memory_desc *d,
                                                void *buf, size_t bytes, char *why, size_t why_size);
/* Attach an arena to a zeroed memory that generated code will initialise: a
 * module's own memory (`inst->memoryN_own` in its instance struct) set up
 * like this before instantiate lives in buf (how a WASMRT_MEMORY_STATIC
 * runtime gives modules memory). wasmrt_memory_init then checks the module's
 * limits against the arena. Returns 0, or -1 when buf holds no page. */
int wasmrt_memory_init_static(wasmrt_memory *m, void *buf, size_t bytes);
/* WASMRT_MEMORY_MALLOC: the allocator of checked-mode memories, process-wide
 * (set it before creating any memory). fn(ctx, NULL, 0, n) allocates,
 * fn(ctx, p, old, n) resizes (may move; NULL on failure leaves p intact),
 * fn(ctx, p, old, 0) frees. The runtime zeroes new bytes itself. NULL
 * restores the default (the C library's realloc and free). */
typedef void *(*wasmrt_allocator)(void *ctx, void *ptr, size_t old_size, size_t new_size);
void wasmrt_memory_set_allocator(wasmrt_allocator fn, void *ctx);

/* What generated code calls for the memories a module defines: the same
 * checks, returning 0 or -1 (any error). has_max=0: no maximum. *m must be
 * zeroed (as an instance is) or attached to an arena by
 * wasmrt_memory_init_static: these read m->arena and m->base first. */
int wasmrt_memory_init(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                       int has_max, int bounds_checked);
int wasmrt_memory64_init(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                         int has_max, int bounds_checked);
/* memory.grow: returns the old page count, or UINT32_MAX (memory64 form:
 * UINT64_MAX) when it cannot grow (past the maximum, the implementation limit
 * or the arena, or out of memory); a failed grow changes nothing. New pages
 * are zero. Generated code must reload `base` after it in checked mode. */
uint32_t wasmrt_memory_grow(wasmrt_memory *m, uint64_t delta_pages);
uint64_t wasmrt_memory64_grow(wasmrt_memory *m, uint64_t delta_pages);
void wasmrt_memory_free(wasmrt_memory *m);
/* A module's own shared memory (threads): wasmrt_memory_init with the
 * shared flag; max_pages is required. */
int wasmrt_memory_init_shared(wasmrt_memory *m, uint64_t min_pages, uint64_t max_pages,
                              int is64, int bounds_checked);
/* memory.atomic.wait32/wait64 at byte offset ea (in bounds and aligned: the
 * caller checks): 0 woken by a notify, 1 the value was not `expected`, 2 timed
 * out. timeout_ns < 0 waits forever. Traps with EXPECTED_SHARED_MEMORY on an
 * unshared memory. Without WASMRT_THREADS nothing could notify, so an equal
 * value returns 2 at once. */
uint32_t wasmrt_memory_atomic_wait32(wasmrt_memory *m, uint64_t ea, uint32_t expected, int64_t timeout_ns);
uint32_t wasmrt_memory_atomic_wait64(wasmrt_memory *m, uint64_t ea, uint64_t expected, int64_t timeout_ns);
/* memory.atomic.notify: wakes up to count waiters on ea, oldest first, and
 * returns how many it woke (0 for an unshared memory, which has none). */
uint32_t wasmrt_memory_atomic_notify(wasmrt_memory *m, uint64_t ea, uint32_t count);

/* ---------------------------------------------------------------- tables */
/* A table's size is 32-bit even for a 64-bit table (table64): the runtime
 * never holds more than an implementation limit of elements (10^7, see
 * table.c), far below 2^32, so a table64 differs only in taking i64
 * indices, sizes and deltas from wasm. Generated code compares those with
 * `size` in 64 bits, so an index of 2^32 or more is out of bounds, never
 * wrapped. */
/* One element. `ref` is the value: a wasmrt_funcref * in a funcref table, a
 * void * in an externref table, NULL for null. A funcref table also keeps a
 * copy of the function's descriptor in `func` (all zero for null), so that
 * call_indirect finds the type, code and env in the table itself instead of
 * loading ref first: one dependent load less per call. Hence a
 * wasmrt_funcref must not change while it is in a table (none does once
 * its instance is made), and elements are written with
 * wasmrt_table_set, which keeps the two in step. */
typedef struct wasmrt_table_elem {
  wasmrt_funcref func;
  void *ref;
} wasmrt_table_elem;

typedef struct wasmrt_table {
  wasmrt_table_elem *elems;
  uint32_t size;
  uint64_t max;          /* declared maximum (up to 2^64-1 for a table64, kept for
                            import matching), or the implementation limit */
  uint8_t has_max;
  uint8_t is64;          /* table64: i64 index type */
  uint8_t holds_funcs;   /* elements carry func (a funcref table) */
  wasmrt_valtype elem_type;
  wasmrt_reftype elem_ref;
} wasmrt_table;

/* Element i's value, and writing it (i < size, unchecked: the caller checks). */
extern const wasmrt_funcref wasmrt_funcref_none; /* all zero */
static inline void *wasmrt_table_get(const wasmrt_table *t, uint32_t i) { return t->elems[i].ref; }
static inline void wasmrt_table_set(wasmrt_table *t, uint32_t i, void *ref) {
  wasmrt_table_elem *e = &t->elems[i];
  e->ref = ref;
  if (t->holds_funcs) e->func = ref ? *(const wasmrt_funcref *)ref : wasmrt_funcref_none;
}

/* Create a table of min null elements. Returns 0, or -1 when min is beyond
 * the implementation limit or allocation fails. */
int wasmrt_table_init(wasmrt_table *t, wasmrt_valtype elem_type, uint32_t min,
                      uint32_t max, int has_max);
/* table.grow: returns the old size, or UINT32_MAX when it cannot grow (past
 * the maximum or the implementation limit, or out of memory). */
uint32_t wasmrt_table_grow(wasmrt_table *t, uint32_t delta, void *init);
/* The same for a 64-bit table (table64): is64 is set; limits are u64 as the
 * module declares them, and grow returns UINT64_MAX when it cannot grow. */
int wasmrt_table64_init(wasmrt_table *t, wasmrt_valtype elem_type, uint64_t min,
                        uint64_t max, int has_max);
uint64_t wasmrt_table64_grow(wasmrt_table *t, uint64_t delta, void *init);
void wasmrt_table_free(wasmrt_table *t);

/* --------------------------------------------------------------- globals */
typedef struct wasmrt_global {
  wasmrt_value value;
  wasmrt_valtype type;
  uint8_t mutable_;
  wasmrt_reftype ref;
} wasmrt_global;

/* ------------------------------------------------------------ exceptions */
/* A tag is an exception's identity: wasm's `catch $t` matches exceptions
 * thrown with the same tag object (not merely the same type), so each module
 * instance owns one wasmrt_tag per tag it defines and imports share them.
 * The type has no results; its parameters are the payload. */
typedef struct wasmrt_tag {
  const wasmrt_functype *type;
} wasmrt_tag;

/* A thrown exception: its tag and payload (tag->type's parameters, in
 * order). Thrown exceptions are owned by exactly one party at a time: the
 * thrower hands it to wasmrt_throw, and the handler or host frame that
 * catches it owns it from then on. An exnref that wasm code holds is kept by
 * the instance that caught it until the instance is freed (there is no
 * collector yet); throw_ref throws a copy. */
typedef struct wasmrt_exn {
  const wasmrt_tag *tag;
  uint32_t count;          /* number of payload values */
  wasmrt_value *values;    /* count values, allocated with the exception */
  struct wasmrt_exn *next; /* in a list of kept exceptions (wasmrt_exn_keep) */
} wasmrt_exn;

/* A new exception of tag with a zeroed payload for the caller to fill in.
 * Traps with WASMRT_TRAP_OUT_OF_MEMORY when allocation fails. */
wasmrt_exn *wasmrt_exn_new(const wasmrt_tag *tag);
wasmrt_exn *wasmrt_exn_copy(const wasmrt_exn *e);
void wasmrt_exn_free(wasmrt_exn *e);
/* Adds e to a list of exceptions kept alive (an instance's), and frees one. */
void wasmrt_exn_keep(wasmrt_exn **list, wasmrt_exn *e);
void wasmrt_exn_free_list(wasmrt_exn **list);

/* Throw e (ownership passes on) to the innermost exception handler or host
 * frame of this thread; a host frame sees WASMRT_TRAP_UNCAUGHT_EXCEPTION with
 * f.exception = e. Host functions called from wasm may throw too. With no
 * frame at all, prints a message and aborts. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
void wasmrt_throw(wasmrt_exn *e);
/* The same, first making f the innermost frame (dropping the frames inside
 * it): legacy `delegate`. f == NULL: no frame. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
void wasmrt_throw_to(wasmrt_trap_frame *f, wasmrt_exn *e);
/* Exception handlers of generated code (try_table, legacy try): frames that
 * catch exceptions but let traps pass to the host's frame. Used as
 *     wasmrt_handler_enter(&h); if (WASMRT_HANDLER_SETJMP(h.jb) != 0) goto caught;
 *     ... wasmrt_handler_leave(&h);
 * Entering a try block is frequent (C++ code has one for every cleanup), so
 * with gcc the jump buffer is __builtin_setjmp's: a few words, not the
 * registers and signal mask of sigsetjmp (about 2 ns against 12); gcc keeps
 * every value live across it in memory. (clang's lowering of the builtin
 * lost a local across the jump in our tests, so clang uses sigsetjmp.) The
 * frame records which buffer it holds, so runtime and generated code may
 * come from different compilers. */
#if defined(__GNUC__) && !defined(__clang__) && !defined(WASMRT_PORTABLE_SETJMP)
#define WASMRT_HANDLER_BUILTIN 2
#define WASMRT_HANDLER_SETJMP(jb) __builtin_setjmp((void **)(void *)(jb))
#else
#define WASMRT_HANDLER_BUILTIN 1
#if defined(__unix__) || defined(__APPLE__)
#define WASMRT_HANDLER_SETJMP(jb) sigsetjmp(jb, 0) /* no signal ever jumps to a handler */
#else
#define WASMRT_HANDLER_SETJMP(jb) setjmp(jb)
#endif
#endif
/* kind: WASMRT_HANDLER_BUILTIN as the caller's compiler defines it */
void wasmrt_handler_enter_kind(wasmrt_trap_frame *f, unsigned char kind);
#define wasmrt_handler_enter(f) wasmrt_handler_enter_kind(f, WASMRT_HANDLER_BUILTIN)
#define wasmrt_handler_leave(f) wasmrt_trap_leave(f)

/* ------------------------------------------------------- modules, linking */
enum { WASMRT_EXTERN_FUNC = 0, WASMRT_EXTERN_TABLE = 1, WASMRT_EXTERN_MEMORY = 2,
       WASMRT_EXTERN_GLOBAL = 3, WASMRT_EXTERN_TAG = 4 };

typedef struct wasmrt_extern {
  uint8_t kind;
  union {
    wasmrt_funcref *func;
    wasmrt_table *table;
    wasmrt_memory *memory;
    wasmrt_global *global;
    wasmrt_tag *tag;
  } u;
} wasmrt_extern;

typedef struct wasmrt_import_desc {
  const char *module, *name;
  uint8_t kind;
  const wasmrt_functype *func_type; /* FUNC; TAG: the tag's type */
  wasmrt_valtype type;              /* TABLE: element type; GLOBAL: value type */
  wasmrt_reftype ref;               /* TABLE, GLOBAL: the type's reference detail */
  uint8_t mutable_;                 /* GLOBAL */
  uint64_t min, max;                /* TABLE, MEMORY limits */
  uint8_t has_max;
  uint8_t bounds_checked;           /* MEMORY: the importer's WASMRT_BOUNDS_CHECK;
                                       a memory of the other mode does not match */
  uint8_t is64;                     /* TABLE, MEMORY: i64 index type (table64,
                                       memory64); only a table or memory of the
                                       same index type matches */
  uint8_t shared;                   /* MEMORY: shared (threads); must match */
  uint32_t module_len, name_len;    /* byte lengths: names may contain NUL bytes */
} wasmrt_import_desc;

typedef struct wasmrt_export_desc {
  const char *name;
  uint8_t kind;
  uint32_t index; /* in the module's index space of that kind */
  uint32_t name_len; /* byte length: names may contain NUL bytes */
} wasmrt_export_desc;

/* What wasmcc generates for every module (as <prefix>_module), so hosts can
 * work with modules they know only at run time. */
typedef struct wasmrt_module {
  const char *name;
  size_t instance_size;
  uint32_t nimports;
  const wasmrt_import_desc *imports;
  uint32_t nexports;
  const wasmrt_export_desc *exports;
  /* Initialise a zeroed instance: bind imports (one wasmrt_extern per import,
   * in order, already checked with wasmrt_import_check), create memories and
   * tables, evaluate globals, apply element and data segments, run the start
   * function. MUST be called inside WASMRT_TRY: segment and start-function
   * traps are raised with wasmrt_trap (segments applied before the trap stay
   * applied, as the spec says). */
  void (*instantiate)(void *instance, const wasmrt_extern *imports);
  wasmrt_extern (*export_get)(void *instance, uint32_t export_index);
  /* Free what the instance owns (memories, tables, segment state). Safe on a
   * zeroed or partially instantiated instance. Do not free an instance while a
   * table of another instance still holds one of its functions. */
  void (*free)(void *instance);
  /* The wasm function ("3 (name)") whose machine code holds pc, where pc is
   * an instruction that accessed memory (a guard-page fault's); NULL when it
   * is not in this module. */
  const char *(*function_at)(uintptr_t pc);
} wasmrt_module;

/* Check an extern against an import's type (the spec's import matching).
 * Returns NULL when it matches, else the reason ("incompatible import type",
 * with details written to why if non-NULL). */
const char *wasmrt_import_check(const wasmrt_import_desc *imp, const wasmrt_extern *ext,
                                char *why, size_t why_size);
/* Check every import of mod (imports: one per import, in order, or NULL
 * when it has none) before instantiate. Returns 0, or -1 with the first
 * bad one in why: 'import "env"."log": incompatible import type: null
 * function'. (instantiate itself traps on a missing import, naming it.) */
int wasmrt_imports_check(const wasmrt_module *mod, const wasmrt_extern *imports, char *why,
                         size_t why_size);
/* Find an export by name. Returns 0 and fills *out (its kind included), or -1.
 * The _n form takes a byte length, for names that contain NUL bytes. */
int wasmrt_export_find(const wasmrt_module *mod, void *instance, const char *name,
                       wasmrt_extern *out);
int wasmrt_export_find_n(const wasmrt_module *mod, void *instance, const char *name,
                         size_t name_len, wasmrt_extern *out);

#ifdef __cplusplus
}
#endif
#endif
