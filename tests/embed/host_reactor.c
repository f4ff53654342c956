/* host_reactor.c - a C host of tests/cli/reactor.c built by
 * `wasmcc build --reactor reactor.wasm -o libreactor.a`: only reactor.h and
 * the documented link line. Gives it WASI with GREETING=hello, runs
 * _initialize (the constructors), then calls two exports, all inside
 * wasmrt_call_protected.
 * Prints "add_base(2) = 42" and "greeting_length() = 5". */
#include "reactor.h" /* first: wasmrt.h enables POSIX */
#include "wasmrt_wasi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job {
  reactor_instance *inst;
  const wasmrt_extern *imports;
  wasmrt_wasi *w;
};

/* Everything that may trap, called by wasmrt_call_protected: the setjmp is
 * the runtime's, so this file builds with -Werror=clobbered. */
static void run(void *ctx) {
  struct job *job = ctx;
  reactor_module.instantiate(job->inst, job->imports);
  wasmrt_wasi_set_memory(job->w, job->inst->memory0);
  reactor__initialize(job->inst);
  printf("add_base(2) = %d\n", (int)reactor_add_base(job->inst, 2));
  printf("greeting_length() = %d\n", (int)reactor_greeting_length(job->inst));
}

int main(void) {
  const char *env[] = {"GREETING=hello"};
  wasmrt_wasi_config cfg = wasmrt_wasi_config_default();
  cfg.envc = 1;
  cfg.envp = env;
  wasmrt_wasi *w = wasmrt_wasi_new(&cfg);
  wasmrt_extern imports[reactor_import_count];
  char why[256];
  memset(imports, 0, sizeof imports);
  if (!w || wasmrt_wasi_resolve_imports(w, &reactor_module, imports, why, sizeof why) != 0) {
    fprintf(stderr, "host_reactor: %s\n", w ? why : "wasmrt_wasi_new failed");
    return 1;
  }
  reactor_instance *inst = calloc(1, sizeof *inst);
  struct job job = {inst, imports, w};
  wasmrt_trap_frame f;
  int status = 0;
  if (wasmrt_call_protected(&f, run, &job) != WASMRT_TRAP_NONE) {
    wasmrt_trap_describe(why, sizeof why, &f, &reactor_module);
    fprintf(stderr, "host_reactor: wasm trap: %s\n", why);
    status = 1;
  }
  reactor_module.free(inst);
  free(inst);
  wasmrt_wasi_free(w);
  return status;
}
