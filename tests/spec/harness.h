/* harness.h - the C half of the spec-test runner (tests/spec/run).
 *
 * For each .wast file the runner generates driver.c: it includes the header of
 * every module wasmcc compiled, describes the script's commands as a table of
 * spec_step and calls spec_run. spec_run executes the steps in order and prints
 * exactly one line per step on stdout:
 *
 *     ok LINE
 *     FAIL LINE details...
 *
 * The runner matches these lines to the steps in order; a step that printed
 * nothing (crash, timeout) counts as failed. */
#ifndef SPEC_HARNESS_H
#define SPEC_HARNESS_H

#include <stdint.h>

#include "wasmrt.h"

/* How a spec_value matches (or, for arguments, what it is). */
typedef enum spec_match {
  SPEC_EXACT,          /* bits equal (numbers; ints and floats by bit pattern) */
  SPEC_NAN_CANONICAL,  /* expected only: a canonical NaN of either sign */
  SPEC_NAN_ARITHMETIC, /* expected only: a NaN with the quiet bit set */
  SPEC_REF_NULL,       /* ref.null */
  SPEC_REF_HOST,       /* externref N: the host pointer (void *)(uintptr_t)(N + 1) */
  SPEC_REF_NONNULL,    /* expected only: any non-null reference */
  SPEC_EITHER,         /* expected only: any of alts[0..nalts) */
  SPEC_REF_I31,        /* expected only (GC): an i31 */
  SPEC_REF_STRUCT,     /* expected only (GC): a struct */
  SPEC_REF_ARRAY,      /* expected only (GC): an array */
  SPEC_REF_EQ,         /* expected only (GC): an i31, struct or array */
} spec_match;

typedef struct spec_value spec_value;
struct spec_value {
  wasmrt_valtype type;
  uint8_t match;  /* spec_match; v128: SPEC_EXACT, lane by lane as lane_match says */
  uint64_t bits;  /* SPEC_EXACT: the value's bits; SPEC_REF_HOST: N */
  /* v128: the bytes (little-endian lanes), the lane type (WASMRT_I32 for i8,
   * i16 and i32 lanes, with lane_bits saying which) and each lane's match,
   * which is a NaN pattern only in float lanes. */
  uint8_t v128[16];
  wasmrt_valtype lane_type;
  uint8_t lane_bits;
  uint8_t lane_match[16];
  /* SPEC_EITHER */
  uint32_t nalts;
  const spec_value *alts;
};

typedef enum spec_step_kind {
  SPEC_INSTANTIATE,     /* (module ...), (module instance ...): link and instantiate; must succeed */
  SPEC_UNLINKABLE,      /* assert_unlinkable: linking must fail */
  SPEC_UNINSTANTIABLE,  /* assert_uninstantiable: instantiation must trap with text */
  SPEC_REGISTER,        /* (register "name" $m): make an instance importable */
  SPEC_INVOKE,          /* call an exported function */
  SPEC_GET,             /* read an exported global */
} spec_step_kind;

typedef enum spec_expect {
  SPEC_EXPECT_NO_TRAP,     /* a bare action: results are not checked */
  SPEC_EXPECT_RESULTS,     /* assert_return */
  SPEC_EXPECT_TRAP,        /* assert_trap: trap message matching trap_text */
  SPEC_EXPECT_EXHAUSTION,  /* assert_exhaustion: call stack exhausted */
  SPEC_EXPECT_EXCEPTION,   /* assert_exception: an uncaught wasm exception */
} spec_expect;

typedef struct spec_step {
  uint32_t line;     /* in the .wast, for messages */
  uint8_t kind;      /* spec_step_kind */
  uint8_t expect;    /* spec_expect (INVOKE, GET) */
  uint32_t module;   /* index into the driver's module table */
  uint32_t instance; /* index of the instance slot it creates or uses (not UNLINKABLE) */
  const char *name;  /* export name, or the name REGISTER binds */
  uint32_t name_len; /* in bytes: names may contain NUL */
  uint32_t nargs;
  const spec_value *args;
  uint32_t nresults;
  const spec_value *results;
  const char *trap_text; /* SPEC_EXPECT_TRAP, SPEC_UNINSTANTIABLE */
} spec_step;

/* Runs the steps. modules[i] is NULL for a module that did not compile (the
 * runner never refers to those). Instances live in ninstances slots, apart
 * from modules: a module definition can have several, each created by one
 * INSTANTIATE step (or UNINSTANTIABLE) before any step uses it. Returns the
 * number of failed steps. */
int spec_run(const wasmrt_module *const *modules, uint32_t nmodules, uint32_t ninstances,
             const spec_step *steps, uint32_t nsteps);

#endif
