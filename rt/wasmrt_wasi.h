/* wasmrt_wasi.h - a WASI preview1 ("wasi_snapshot_preview1") host for modules
 * compiled by wasmcc. Separate library (libwasmrt_wasi.a, needs libuv) so the
 * core runtime stays dependency-free.
 *
 * Use:
 *     wasmrt_wasi_config cfg = wasmrt_wasi_config_default();
 *     cfg.argc = argc; cfg.argv = argv; cfg.preopens = ...;
 *     wasmrt_wasi *w = wasmrt_wasi_new(&cfg);
 *     wasmrt_extern *imports = calloc(mod->nimports, sizeof *imports);
 *     if (wasmrt_wasi_resolve_imports(w, mod, imports, why, sizeof why) != 0) ...
 *     WASMRT_TRY(f) {
 *       mod->instantiate(inst, imports);
 *       wasmrt_export_find(mod, inst, "memory", &mem);
 *       wasmrt_wasi_set_memory(w, mem.u.memory);
 *       ... call _start ...
 *     } else if (wasmrt_wasi_exited(w, &code)) { ... proc_exit(code) ... }
 *     wasmrt_wasi_free(w);
 *
 * Or simply call wasmrt_wasi_run_command() (wasi_main.c), which does all of this.
 *
 * Guest pointers are checked against the memory given to wasmrt_wasi_set_memory
 * on every call (a guest can never make the host touch memory outside it: such
 * calls return EFAULT). Paths are resolved inside the preopened directories
 * only (see wasi_path.c). One wasmrt_wasi serves one instance on one thread.
 */
#ifndef WASMRT_WASI_H
#define WASMRT_WASI_H

#include "wasmrt.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasmrt_wasi wasmrt_wasi;

/* A host directory the guest may use, under the name guest_path. */
typedef struct wasmrt_wasi_preopen {
  const char *host_path;
  const char *guest_path;
} wasmrt_wasi_preopen;

typedef struct wasmrt_wasi_config {
  int argc;                /* guest argv (argv[0] is the program name) */
  const char *const *argv;
  int envc;                /* guest environment, "KEY=VALUE" strings */
  const char *const *envp;
  int npreopens;           /* guest fds 3, 4, ... in this order */
  const wasmrt_wasi_preopen *preopens;
  int stdio[3];            /* host fds for guest 0, 1, 2; never closed by the host */
} wasmrt_wasi_config;

/* No args, no env, no preopens, stdio = host 0, 1, 2. */
wasmrt_wasi_config wasmrt_wasi_config_default(void);

/* Copies everything it needs from cfg. Returns NULL when a preopen cannot be
 * opened (errno says why) or memory runs out. */
wasmrt_wasi *wasmrt_wasi_new(const wasmrt_wasi_config *cfg);
/* Closes every fd the guest opened (not the host's stdio) and frees w. */
void wasmrt_wasi_free(wasmrt_wasi *w);

/* Fill imports[i] for each import of mod from "wasi_snapshot_preview1" with a
 * host function (checked with wasmrt_import_check). Other imports are left
 * zeroed for the caller to fill; imports already filled are kept. Returns
 * the number of imports left unresolved; the first one is described in why
 * (if non-NULL). */
int wasmrt_wasi_resolve_imports(wasmrt_wasi *w, const wasmrt_module *mod, wasmrt_extern *imports,
                                char *why, size_t why_size);

/* The memory guest pointers refer to: the instance's exported "memory". Until
 * it is set, every call taking a pointer returns EFAULT. */
void wasmrt_wasi_set_memory(wasmrt_wasi *w, wasmrt_memory *mem);

/* proc_exit records the code and raises wasmrt_trap(WASMRT_TRAP_HOST). After a
 * HOST trap, this returns 1 and stores the code if the guest called proc_exit,
 * else 0. */
int wasmrt_wasi_exited(const wasmrt_wasi *w, uint32_t *code);

/* ------------------------------------------------ programs (wasmcc build) */

/* What `wasmcc build --dir/--env/--inherit-env` fixes: the preopens and
 * environment a program's guest always gets. */
typedef struct wasmrt_wasi_setup {
  int npreopens;
  const wasmrt_wasi_preopen *preopens;
  int envc; /* "KEY=VALUE" strings */
  const char *const *envp;
  int inherit_env; /* also pass the host's environment (first) */
} wasmrt_wasi_setup;

/* The environment variable that extends a setup when the program runs, with
 * the same options, split into words as a shell does (wasi_options.c):
 *   WASMCC_RUN_OPTIONS="--dir HOST[::GUEST] --env KEY=VALUE --inherit-env"
 * Its preopens follow the setup's; its variables replace the setup's of the
 * same name; the variable itself is never passed to the guest. */
#define WASMRT_WASI_RUN_OPTIONS "WASMCC_RUN_OPTIONS"

/* A host for a built program: setup (NULL: none) extended by
 * $WASMCC_RUN_OPTIONS, and argv (argv[0] the program name) as the guest's
 * arguments. Returns NULL after a message on stderr that names argv[0];
 * *status is then 2 (bad WASMCC_RUN_OPTIONS) or 1 (a preopen cannot be
 * opened, out of memory). */
wasmrt_wasi *wasmrt_wasi_new_program(const wasmrt_wasi_setup *setup, int argc,
                                     const char *const *argv, int *status);

/* The whole main() of a WASI command (wasi_main.c): every argument is the
 * guest's, the host is wasmrt_wasi_new_program's. Calls _start and returns
 * the exit status: the proc_exit code, 0 when _start returns, 134 after
 * printing "wasm trap: <message>" on a trap, 2 for a bad WASMCC_RUN_OPTIONS,
 * 1 when the module cannot be set up. */
int wasmrt_wasi_run_command(const wasmrt_module *mod, const wasmrt_wasi_setup *setup, int argc,
                            char **argv);
/* The same with no setup: preopens and environment only from
 * $WASMCC_RUN_OPTIONS. */
int wasmrt_wasi_main(const wasmrt_module *mod, int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
