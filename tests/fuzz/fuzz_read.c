/* fuzz_read.c - libFuzzer target for the reader and validator.
 *
 * Every input must end in either a module or an error, never a crash, a leak
 * or a sanitizer report: malformed bytes are the reader's everyday input.
 * The validator runs only on modules the reader accepted, as in wasmcc.
 */
#include <stddef.h>
#include <stdint.h>

#include "module.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Module m;
  Error err = {.func = -1};
  if (read_module(&m, "fuzz.wasm", data, size, FEATURES_ALL, &err)) validate_module(&m, &err);
  module_free(&m);
  return 0;
}
