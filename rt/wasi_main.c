/* wasi_main.c - run a wasmcc-compiled WASI command: the whole main() of a
 * generated program is `return wasmrt_wasi_main(&P_module, argc, argv);`.
 *
 * Exit status: the guest's proc_exit code; 0 when _start returns; 134 (what a
 * shell reports for SIGABRT, which is how native programs die of the same
 * faults) after printing "wasm trap: <message>" for a trap; 2 for bad runner
 * options; 1 when the module cannot be set up (missing imports, no _start,
 * unopenable --dir).
 */
#include "wasmrt_wasi.h" /* first: wasmrt.h enables the POSIX declarations it needs */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_TRAP 134
#define EXIT_USAGE 2
#define EXIT_SETUP 1

extern char **environ;

/* The runner's options, parsed from argv. Owns the arrays, not the strings
 * (they point into argv or environ; --dir values are split in place). */
typedef struct options {
  wasmrt_wasi_config cfg;
  wasmrt_wasi_preopen *preopens;
  const char **env;
} options;

static void usage(const char *prog) {
  fprintf(stderr,
          "usage: %s [--dir HOST[::GUEST]]... [--env KEY=VALUE]... [--inherit-env] "
          "[--] [ARGS...]\n",
          prog);
}

static void add_inherited_env(options *o, int *nenv) {
  for (char **e = environ; *e; e++) o->env[(*nenv)++] = *e;
}

/* Split "HOST::GUEST" in place; a lone HOST is also its guest name. */
static void parse_dir(char *arg, wasmrt_wasi_preopen *p) {
  char *sep = strstr(arg, "::");
  p->host_path = arg;
  p->guest_path = arg;
  if (sep) {
    *sep = '\0';
    p->guest_path = sep + 2;
  }
}

static size_t environ_count(void) {
  size_t n = 0;
  while (environ[n]) n++;
  return n;
}

/* Returns the index of the first guest argument, or -1 on bad usage. */
static int parse_options(options *o, int argc, char **argv) {
  int npre = 0, nenv = 0, inherited = 0, i = 1;
  o->preopens = calloc((size_t)argc, sizeof *o->preopens);
  o->env = calloc((size_t)argc + environ_count() + 1, sizeof *o->env);
  if (!o->preopens || !o->env) return -1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    } else if (strcmp(a, "--dir") == 0 && i + 1 < argc) {
      parse_dir(argv[++i], &o->preopens[npre++]);
    } else if (strcmp(a, "--env") == 0 && i + 1 < argc && strchr(argv[i + 1], '=')) {
      o->env[nenv++] = argv[++i];
    } else if (strcmp(a, "--inherit-env") == 0) {
      if (!inherited++) add_inherited_env(o, &nenv);
    } else if (strncmp(a, "--", 2) == 0) {
      return -1;
    } else {
      break; /* the first guest argument */
    }
  }
  o->cfg = wasmrt_wasi_config_default();
  o->cfg.npreopens = npre;
  o->cfg.preopens = o->preopens;
  o->cfg.envc = nenv;
  o->cfg.envp = o->env;
  return i;
}

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
    uint32_t code;
    if (f.code == WASMRT_TRAP_HOST && wasmrt_wasi_exited(w, &code)) return (int)code;
    char what[512];
    wasmrt_trap_describe(what, sizeof what, &f, mod);
    fprintf(stderr, "wasm trap: %s\n", what);
    return EXIT_TRAP;
  }
}

static int setup_and_run(const wasmrt_module *mod, wasmrt_wasi *w) {
  char why[256] = "";
  wasmrt_extern *imports = calloc(mod->nimports ? mod->nimports : 1, sizeof *imports);
  void *inst = calloc(1, mod->instance_size);
  int status = EXIT_SETUP;
  if (!imports || !inst) {
    fprintf(stderr, "%s: out of memory\n", mod->name);
  } else if (wasmrt_wasi_resolve_imports(w, mod, imports, why, sizeof why) != 0) {
    fprintf(stderr, "%s: %s\n", mod->name, why);
  } else {
    status = run(mod, w, inst, imports);
  }
  if (inst) mod->free(inst);
  free(inst);
  free(imports);
  return status;
}

int wasmrt_wasi_main(const wasmrt_module *mod, int argc, char **argv) {
  options o = {0};
  int first = parse_options(&o, argc, argv);
  int status = EXIT_USAGE;
  if (first < 0) {
    usage(argv[0]);
  } else {
    /* The guest's argv[0] is the program's name; its arguments follow. */
    argv[first - 1] = argv[0];
    o.cfg.argc = argc - first + 1;
    o.cfg.argv = (const char *const *)&argv[first - 1];
    wasmrt_wasi *w = wasmrt_wasi_new(&o.cfg);
    if (!w) {
      fprintf(stderr, "%s: cannot set up WASI: %s\n", argv[0], strerror(errno));
      status = EXIT_SETUP;
    } else {
      status = setup_and_run(mod, w);
      wasmrt_wasi_free(w);
    }
  }
  free(o.preopens);
  free(o.env);
  return status;
}
