/* host.c - a C host for the C++ program of program.cpp: exceptions cross
 * between wasm and C both ways.
 *
 *   - call_back(i), the module's import, calls the export thrower(i): its
 *     C++ exception unwinds through this C function to the wasm catch.
 *   - For i == 7 the host throws a C++ exception itself: a wasmrt_exn of
 *     the module's exported tag __cpp_exception whose payload is the address
 *     of the thrown int in linear memory (as __cxa_throw makes them).
 *   - thrower(5) called from C is not caught in wasm: the host's trap frame
 *     gets it (WASMRT_TRAP_UNCAUGHT_EXCEPTION) and reads tag and payload.
 *
 * Build steps (samples/CMakeLists.txt does them): clang++ --target=wasm32
 * -fwasm-exceptions program.cpp cxxabi_min.cpp -> program.wasm; wasmcc
 * program.wasm -o gen/program.c; cc host.c gen/program.c -lwasmrt.
 */
#include "program.h" /* first: wasmrt.h enables the POSIX declarations it needs */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static program_instance *instance;

static wasmrt_extern find(const char *name) {
  wasmrt_extern e = {0};
  if (wasmrt_export_find(&program_module, instance, name, &e) != 0) {
    fprintf(stderr, "no export %s\n", name);
    exit(1);
  }
  return e;
}

static uint32_t call_back(void *env, uint32_t i) {
  (void)env;
  if (i != 7) return program_thrower(instance, i);
  /* Throw like __cxa_throw: the value in memory, its address as payload. */
  uint32_t at = program___cxa_allocate_exception(instance, 4);
  uint32_t value = 7000;
  memcpy(find("memory").u.memory->base + at, &value, sizeof value);
  wasmrt_exn *e = wasmrt_exn_new(find("__cpp_exception").u.tag);
  e->values[0].i32 = at;
  wasmrt_throw(e); /* never returns: wasm's catch (...) gets it */
}

static const wasmrt_valtype call_back_types[] = {WASMRT_I32, WASMRT_I32};
static const wasmrt_functype call_back_type = {.nparams = 1, .nresults = 1, .types = call_back_types};

int main(void) {
  wasmrt_funcref call_back_ref = {&call_back_type, (void (*)(void))call_back, NULL, NULL, NULL};
  wasmrt_extern imports[] = {{.kind = WASMRT_EXTERN_FUNC, .u.func = &call_back_ref}};
  instance = calloc(1, sizeof *instance);
  if (!instance) return 1;
  volatile int status = 1; /* set after the setjmp of WASMRT_TRY */
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    program_module.instantiate(instance, imports);
    printf("run(10) = %" PRIu32 "\n", program_run(instance, 10));
    printf("destructors run: %" PRIu32 "\n", program_cleanups(instance));
    program_thrower(instance, 5); /* throws 50, caught by nobody in wasm */
    wasmrt_trap_leave(&f);
    printf("thrower(5) returned\n");
  } else if (f.code == WASMRT_TRAP_UNCAUGHT_EXCEPTION) {
    wasmrt_exn *e = f.exception; /* ours now */
    uint32_t value;
    memcpy(&value, find("memory").u.memory->base + e->values[0].i32, sizeof value);
    printf("uncaught: %s, tag __cpp_exception: %s, int %" PRIu32 "\n", wasmrt_trap_message(f.code),
           e->tag == find("__cpp_exception").u.tag ? "yes" : "no", value);
    wasmrt_exn_free(e);
    status = 0;
  } else {
    fprintf(stderr, "trap: %s\n", wasmrt_trap_message(f.code));
  }
  program_module.free(instance);
  free(instance);
  return status;
}
