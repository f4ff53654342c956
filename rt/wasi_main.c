/* wasi_main.c - run a wasmcc-compiled WASI command: the whole main() of a
 * generated program is
 *   `return wasmrt_wasi_run_command(&P_module, &setup, argc, argv);`
 * Every argument goes to the guest (argv[0] is its program name); preopens
 * and environment come from the setup and $WASMCC_RUN_OPTIONS
 * (wasi_options.c).
 *
 * Exit status: the guest's proc_exit code; 0 when _start returns; 134 (what a
 * shell reports for SIGABRT, which is how native programs die of the same
 * faults) after printing "wasm trap: <message>" for a trap; 2 for a bad
 * WASMCC_RUN_OPTIONS; 1 when the module cannot be set up (missing imports, no
 * _start, unopenable --dir).
 *
 * wasi-threads (wasi_threads.c): a module importing "env"."memory" and
 * "wasi"."thread-spawn" gets them from the command's thread host; once a
 * thread was spawned, the end of _start (or a trap or proc_exit in any
 * thread) ends the whole process with its status.
 */
#include "wasi_internal.h" /* first: wasmrt.h enables the POSIX declarations it needs */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_SETUP 1

/* Instantiate and run _start inside one trap frame; returns the exit status. */
static int run(const wasmrt_module *mod, wasmrt_wasi *w, void *inst, const wasmrt_extern *imports) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    mod->instantiate(inst, imports);
    wasmrt_extern mem, start;
    if (wasmrt_export_find(mod, inst, "memory", &mem) == 0 && mem.kind == WASMRT_EXTERN_MEMORY)
      wasmrt_wasi_set_memory(w, mem.u.memory);
    if (wasmrt_export_find(mod, inst, "_start", &start) != 0 ||
        start.kind != WASMRT_EXTERN_FUNC) {
      wasmrt_trap_leave(&f);
      fprintf(stderr, "%s: no _start function exported\n", mod->name);
      return EXIT_SETUP;
    }
    ((void (*)(void *))start.u.func->fn)(start.u.func->env);
    wasmrt_trap_leave(&f);
    return 0;
  } else {
    return wasi_threads_trap_status(w, mod, &f);
  }
}

static int resolve(const wasmrt_module *mod, wasmrt_wasi *w, wasi_threads *t,
                   wasmrt_extern *imports) {
  char why[256] = "";
  if (wasi_threads_resolve(t, why, sizeof why) != 0 ||
      wasmrt_wasi_resolve_imports(w, mod, imports, why, sizeof why) != 0) {
    fprintf(stderr, "%s: %s\n", mod->name, why);
    return -1;
  }
  return 0;
}

static int setup_and_run(const wasmrt_module *mod, wasmrt_wasi *w) {
  wasmrt_extern *imports = calloc(mod->nimports ? mod->nimports : 1, sizeof *imports);
  void *inst = calloc(1, mod->instance_size);
  wasi_threads *t = imports ? wasi_threads_new(mod, w, imports) : NULL;
  int status = EXIT_SETUP;
  if (!imports || !inst || !t) {
    fprintf(stderr, "%s: out of memory\n", mod->name);
  } else if (resolve(mod, w, t, imports) == 0) {
    status = run(mod, w, inst, imports);
    wasi_threads_finish(t, status); /* threads may still run: no freeing then */
  }
  if (inst) mod->free(inst);
  free(inst);
  wasi_threads_free(t);
  free(imports);
  return status;
}

int wasmrt_wasi_run_command(const wasmrt_module *mod, const wasmrt_wasi_setup *setup, int argc,
                            char **argv) {
  int status;
  wasmrt_wasi *w = wasmrt_wasi_new_program(setup, argc, (const char *const *)argv, &status);
  if (!w) return status;
  status = setup_and_run(mod, w);
  wasmrt_wasi_free(w);
  return status;
}

int wasmrt_wasi_main(const wasmrt_module *mod, int argc, char **argv) {
  return wasmrt_wasi_run_command(mod, NULL, argc, argv);
}
