/* fuzz_translate.c - libFuzzer target for the whole pipeline: read, validate,
 * emit C into a private temporary directory.
 *
 * The split size is tiny so that nearly every module with code is split into
 * several C files, exercising the splitter as well as the code generator.
 * The files are removed after each input so the disk does not fill up during
 * a long run.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit.h"
#include "module.h"

/* Small enough that a module with a few functions spans several files. */
enum { FUZZ_SPLIT_BYTES = 256 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char out_dir[] = "/tmp/wasmcc-fuzz-XXXXXX";
static char out_c[sizeof out_dir + 8];

static void remove_out_dir(void) { rmdir(out_dir); }

/* One directory per fuzzer process, created on first use, removed at exit. */
static void ensure_out_dir(void) {
  if (out_c[0]) return;
  if (!mkdtemp(out_dir)) {
    perror("fuzz_translate: mkdtemp");
    abort();
  }
  snprintf(out_c, sizeof out_c, "%s/m.c", out_dir);
  atexit(remove_out_dir);
}

/* Deletes what the emitter wrote (m.c, m.h, m-impl.h, m.N.c, m.data.bin). */
static void empty_out_dir(void) {
  DIR *d = opendir(out_dir);
  if (!d) return;
  char path[sizeof out_dir + 256];
  for (struct dirent *e; (e = readdir(d));) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(path, sizeof path, "%s/%s", out_dir, e->d_name);
    unlink(path);
  }
  closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Module m;
  Error err = {.func = -1};
  if (read_module(&m, "fuzz.wasm", data, size, FEATURES_ALL, &err) && validate_module(&m, &err)) {
    ensure_out_dir();
    EmitOptions opt = {.out_c = out_c, .prefix = "m", .bounds = -1,
                       .split_bytes = FUZZ_SPLIT_BYTES, .data_mode = DATA_INCBIN};
    /* Alternate the two data encodings so both writers are exercised. */
    if (size & 1) opt.data_mode = DATA_STRING;
    emit_module(&m, &opt, &err);
    empty_out_dir();
  }
  module_free(&m);
  return 0;
}
