/* host.c - calls the module of calc.wat through the API of its header; built
 * by tests/install/CMakeLists.txt (wasmcc_add_module) and with pkg-config. */
#include "calc.h" /* first: wasmrt.h enables the POSIX declarations it needs */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  calc_instance *inst = calloc(1, sizeof *inst);
  if (!inst) return 1;
  int status = 1;
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    calc_module.instantiate(inst, NULL);
    printf("add(2, 40) = %" PRIu32 "\n", calc_add(inst, 2, 40));
    printf("byte(16) = %c\n", (char)calc_byte(inst, 16));
    printf("div(1, 0) = %" PRIu32 "\n", calc_div(inst, 1, 0)); /* traps */
    wasmrt_trap_leave(&f);
  } else {
    printf("trap: %s\n", wasmrt_trap_message(f.code));
    status = f.code == WASMRT_TRAP_INT_DIV_ZERO ? 0 : 1;
  }
  calc_module.free(inst);
  free(inst);
  return status;
}
