/* host.c - embedding a wasmcc-compiled module in a C program.
 *
 * Build steps (samples/CMakeLists.txt does them):
 *   wat2wasm collatz.wat -o collatz.wasm
 *   wasmcc collatz.wasm -o gen/collatz.c
 *   cc -Igen -Irt host.c gen/collatz.c -lwasmrt
 */
#include "collatz.h" /* first: wasmrt.h enables the POSIX declarations it needs */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The module's import "host" "report": called from wasm with (n, steps). */
static void report(void *env, uint32_t n, uint32_t steps) {
  const char *label = env;
  printf("%s: longest chain starts at %" PRIu32 " (%" PRIu32 " steps)\n", label, n, steps);
}

static const wasmrt_valtype report_types[] = {WASMRT_I32, WASMRT_I32};
static const wasmrt_functype report_type = {.nparams = 2, .types = report_types};

int main(int argc, char **argv) {
  uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 10000;
  if (n == 0 || n > 16000) {
    fprintf(stderr, "usage: %s [N in 1..16000]\n", argv[0]);
    return 2;
  }

  wasmrt_funcref report_ref = {&report_type, (void (*)(void))report, "collatz", NULL, NULL};
  wasmrt_extern imports[] = {{.kind = WASMRT_EXTERN_FUNC, .u.func = &report_ref}};

  collatz_instance *inst = calloc(1, sizeof *inst);
  if (!inst) return 1;
  int status = 0;
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    collatz_module.instantiate(inst, imports);
    printf("steps(27) = %" PRIu32 "\n", collatz_steps(inst, 27));
    collatz_table(inst, n);

    /* Read the results the module left in its linear memory. */
    wasmrt_extern mem;
    if (wasmrt_export_find(&collatz_module, inst, "memory", &mem) == 0) {
      uint32_t s;
      memcpy(&s, mem.u.memory->base + 4 * 97, sizeof s);
      printf("memory[97] = %" PRIu32 "\n", s);
    }
    printf("div(7, 2) = %" PRIu32 "\n", collatz_div(inst, 7, 2));
    printf("div(1, 0) = %" PRIu32 "\n", collatz_div(inst, 1, 0)); /* traps */
    wasmrt_trap_leave(&f);
  } else {
    printf("trapped as expected: %s\n", wasmrt_trap_message(f.code));
    status = f.code == WASMRT_TRAP_INT_DIV_ZERO ? 0 : 1;
  }
  collatz_module.free(inst);
  free(inst);
  return status;
}
