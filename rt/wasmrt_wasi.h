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
 * Or simply call wasmrt_wasi_main() (wasi_main.c), which does all of this.
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
 * zeroed for the caller to fill. Returns the number of imports left
 * unresolved; the first one is described in why (if non-NULL). */
int wasmrt_wasi_resolve_imports(wasmrt_wasi *w, const wasmrt_module *mod, wasmrt_extern *imports,
                                char *why, size_t why_size);

/* The memory guest pointers refer to: the instance's exported "memory". Until
 * it is set, every call taking a pointer returns EFAULT. */
void wasmrt_wasi_set_memory(wasmrt_wasi *w, wasmrt_memory *mem);

/* proc_exit records the code and raises wasmrt_trap(WASMRT_TRAP_HOST). After a
 * HOST trap, this returns 1 and stores the code if the guest called proc_exit,
 * else 0. */
int wasmrt_wasi_exited(const wasmrt_wasi *w, uint32_t *code);

/* The generic runner (wasi_main.c): options before `--` are the runner's
 *   --dir HOST[::GUEST]   preopen HOST as GUEST (default: HOST)
 *   --env KEY=VALUE       add to the guest environment
 *   --inherit-env         pass the host environment
 * the rest are the guest's arguments (argv[0] is the program name). Calls
 * _start and returns the exit status: the proc_exit code, 0 when _start
 * returns, 134 after printing "wasm trap: <message>" on a trap, 2 on bad
 * usage, 1 when the module cannot be set up. */
int wasmrt_wasi_main(const wasmrt_module *mod, int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
