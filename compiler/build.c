/* build.c - `wasmcc build`: a .wasm module to a native executable.
 *
 * The module is read and validated, translated into a work directory (a
 * temporary one unless --keep-c), a main() is generated next to it (a WASI
 * command, or a call of one export with --invoke), the C files are compiled in
 * parallel with the system C compiler and linked with libwasmrt_wasi and
 * libwasmrt.
 */
#include "build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "emit.h"
#include "module.h"

/* Configured by CMake: the runtime's source directory (headers) and the build
 * directory holding libwasmrt.a and libwasmrt_wasi.a. */
#if !defined(WASMCC_RT_INCLUDE) || !defined(WASMCC_LIB_DIR)
#error "define WASMCC_RT_INCLUDE and WASMCC_LIB_DIR (see CMakeLists.txt)"
#endif
#ifndef WASMCC_RT_CFLAGS
#define WASMCC_RT_CFLAGS "" /* flags the runtime was built with (sanitizers) */
#endif
#ifndef WASMCC_LIBUV_STATIC
#define WASMCC_LIBUV_STATIC "" /* libuv's archive for -static; none was found */
#endif

/* The generated C's identifier prefix and file stem. */
#define PREFIX "prog"
/* Split the C well below the translator's default so medium-sized modules
 * compile on every CPU. */
#define SPLIT_BYTES 250000u

/* ------------------------------------------------------------ the command */

int build_command(int argc, char **argv) {
  BuildOptions o = build_default_options();
  int first = 0, status = build_parse_args(&o, argc, argv, false, &first);
  if (status < 0) status = o.reactor ? build_library(&o) : build_executable(&o);
  build_options_free(&o);
  build_signals_reraise();
  return status;
}

/* ---------------------------------------------------- runtime locations */

static const char *env_or(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v && *v ? v : fallback;
}

/* An installed wasmcc takes the runtime installed with it, found relative to
 * its own executable so that the install tree can be moved (CMake gives the
 * paths from its bin directory); a wasmcc in its build tree has none there and
 * takes the runtime it was built with. Decided once: the executable does not
 * move while it runs. */
typedef struct RuntimeDirs {
  const char *include, *lib;
} RuntimeDirs;

static RuntimeDirs locate_runtime(void) {
  static RuntimeDirs dirs;
  if (dirs.lib) return dirs;
  dirs = (RuntimeDirs){WASMCC_RT_INCLUDE, WASMCC_LIB_DIR};
#if defined(WASMCC_INSTALL_RT_INCLUDE) && defined(WASMCC_INSTALL_LIB)
  char *include = exe_relative_path(WASMCC_INSTALL_RT_INCLUDE);
  char *lib = exe_relative_path(WASMCC_INSTALL_LIB);
  char *probe = include ? str_format("%s/wasmrt.h", include) : NULL;
  if (lib && probe && access(probe, R_OK) == 0) {
    dirs = (RuntimeDirs){include, lib};
  } else {
    free(include);
    free(lib);
  }
  free(probe);
#endif
  return dirs;
}

const char *build_rt_include_dir(void) { return env_or("WASMCC_RT_DIR", locate_runtime().include); }
const char *build_lib_dir(void) { return env_or("WASMCC_LIB_DIR", locate_runtime().lib); }

/* Missing runtime files would otherwise surface as confusing compiler errors. */
static bool runtime_present(void) {
#ifdef WASMCC_NO_WASI
  fprintf(stderr, "wasmcc: this wasmcc was built without the WASI host (WASMCC_WASI=OFF), "
                  "which every program links: use `wasmcc INPUT.wasm -o OUTPUT.c` and a host of your own\n");
  return false;
#endif
  const char *files[] = {"wasmrt.h", "wasmrt_wasi.h", "libwasmrt.a", "libwasmrt_wasi.a"};
  for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
    const char *dir = k < 2 ? build_rt_include_dir() : build_lib_dir();
    char *path = str_format("%s/%s", dir, files[k]);
    bool found = path && access(path, R_OK) == 0;
    if (!found)
      fprintf(stderr, "wasmcc: runtime file not found: %s (set %s)\n", path ? path : files[k],
              k < 2 ? "WASMCC_RT_DIR" : "WASMCC_LIB_DIR");
    free(path);
    if (!found) return false;
  }
  return true;
}

/* ------------------------------------------------------ reading the module */

static const Export *find_export(const Module *m, const char *name) {
  for (uint32_t i = 0; i < m->nexports; i++) {
    const Export *e = &m->exports[i];
    if (e->name_len == strlen(name) && !memcmp(e->name, name, e->name_len)) return e;
  }
  return NULL;
}

static bool is_number_type(ValType t) {
  return t == VT_I32 || t == VT_I64 || t == VT_F32 || t == VT_F64;
}

/* What the generated main() calls must exist and be callable from argv. */
static bool check_entry(const Module *m, const BuildOptions *o) {
  const char *name = o->invoke ? o->invoke : "_start";
  const Export *e = find_export(m, name);
  if (!e || e->kind != EXT_FUNC) {
    const char *hint = o->invoke ? ""
                       : find_export(m, "_initialize")
                           ? " (it is a WASI reactor: use --invoke NAME to call one of its exports)"
                           : " (a WASI command; use --invoke NAME to call another export)";
    fprintf(stderr, "wasmcc: %s exports no function named '%s'%s\n", o->input, name, hint);
    return false;
  }
  const Export *init = find_export(m, "_initialize");
  if (o->invoke && init && init->kind == EXT_FUNC) {
    const FuncType *it = func_type(m, init->index);
    if (it->nparams || it->nresults) {
      fprintf(stderr, "wasmcc: %s: _initialize must take and return nothing\n", o->input);
      return false;
    }
  }
  const FuncType *t = func_type(m, e->index);
  if (!o->invoke && (t->nparams || t->nresults)) {
    fprintf(stderr, "wasmcc: %s: _start must take and return nothing\n", o->input);
    return false;
  }
  for (uint32_t k = 0; k < t->nparams + t->nresults; k++) {
    ValType vt = k < t->nparams ? t->params[k] : t->results[k - t->nparams];
    if (!is_number_type(vt)) {
      fprintf(stderr, "wasmcc: --invoke %s: %s values cannot be given on the command line\n",
              name, valtype_name(vt));
      return false;
    }
  }
  return true;
}

/* wasi-threads: the shared memory and thread-spawn (rt/wasi_threads.c). */
static bool is_wasi_threads_import(const Import *imp) {
  return (imp->kind == EXT_MEMORY && strcmp(imp->module, "env") == 0 &&
          strcmp(imp->name, "memory") == 0) ||
         (imp->kind == EXT_FUNC && strcmp(imp->module, "wasi") == 0 &&
          strcmp(imp->name, "thread-spawn") == 0);
}

/* The generated program can provide WASI functions and nothing else. */
static bool check_imports(const Module *m, const char *input) {
  for (uint32_t i = 0; i < m->nimports; i++) {
    const Import *imp = &m->imports[i];
    if (strcmp(imp->module, "wasi_snapshot_preview1") != 0 && !is_wasi_threads_import(imp)) {
      fprintf(stderr,
              "wasmcc: %s imports %s.%s: a built program provides only "
              "wasi_snapshot_preview1 (embed the module with a C host instead)\n",
              input, imp->module, imp->name);
      return false;
    }
  }
  return true;
}

/* ------------------------------------------------------------ main() */

/* A C string literal for any bytes (export names are arbitrary UTF-8). */
static void write_c_bytes(FILE *f, const char *s, size_t n) {
  fputc('"', f);
  for (size_t k = 0; k < n; k++) {
    unsigned char c = (unsigned char)s[k];
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 (c && strchr("_.-/:=+, ", c));
    if (plain) fputc(c, f);
    else fprintf(f, "\\%03o", c); /* three octal digits: never merges with what follows */
  }
  fputc('"', f);
}

static void write_c_string(FILE *f, const char *s) { write_c_bytes(f, s, strlen(s)); }

/* What --dir, --env and --inherit-env fixed: the wasmrt_wasi_setup `setup`. */
static void write_setup(FILE *f, const BuildOptions *o) {
  fprintf(f, "static const wasmrt_wasi_preopen preopens[%zu + 1] = {\n", o->ndirs);
  for (size_t k = 0; k < o->ndirs; k++) {
    const char *dir = o->dirs[k], *sep = strstr(dir, "::");
    fprintf(f, "    {");
    write_c_bytes(f, dir, sep ? (size_t)(sep - dir) : strlen(dir));
    fprintf(f, ", ");
    write_c_string(f, sep ? sep + 2 : dir);
    fprintf(f, "},\n");
  }
  fprintf(f, "    {0, 0}};\nstatic const char *const environment[%zu + 1] = {\n", o->nenvs);
  for (size_t k = 0; k < o->nenvs; k++) {
    fprintf(f, "    ");
    write_c_string(f, o->envs[k]);
    fprintf(f, ",\n");
  }
  fprintf(f, "    0};\nstatic const wasmrt_wasi_setup setup = {%zu, preopens, %zu, environment, %d};\n",
          o->ndirs, o->nenvs, o->inherit_env);
}

static void write_type_list(FILE *f, const char *name, const ValType *types, uint32_t n) {
  fprintf(f, "static const wasmrt_valtype %s[%u + 1] = {", name, n);
  for (uint32_t k = 0; k < n; k++) fprintf(f, "0x%02X, ", types[k]);
  fprintf(f, "0};\n");
}

static void write_invoke_main(FILE *f, const Module *m, const BuildOptions *o) {
  const char *name = o->invoke;
  const FuncType *t = func_type(m, find_export(m, name)->index);
  fprintf(f, "/* main() of a program built by `wasmcc build --invoke`. */\n");
  fprintf(f, "#include \"" PREFIX ".h\"\n#include \"wasmrt_wasi.h\"\n\n");
  write_setup(f, o);
  fprintf(f, "#define MODULE " PREFIX "_module\n#define NPARAMS %u\n#define NRESULTS %u\n",
          t->nparams, t->nresults);
  fprintf(f, "static const char export_name[] = ");
  write_c_string(f, name);
  fprintf(f, ";\n");
  write_type_list(f, "param_types", t->params, t->nparams);
  write_type_list(f, "result_types", t->results, t->nresults);
  for (const char *const *line = build_invoke_driver; *line; line++) fputs(*line, f);
}

static bool write_main(const char *path, const Module *m, const BuildOptions *o) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "wasmcc: cannot write %s: %s\n", path, strerror(errno));
    return false;
  }
  if (o->invoke) {
    write_invoke_main(f, m, o);
  } else {
    fprintf(f, "/* main() of a WASI command built by `wasmcc build`. */\n"
               "#include \"" PREFIX ".h\"\n#include \"wasmrt_wasi.h\"\n\n");
    write_setup(f, o);
    fprintf(f, "\nint main(int argc, char **argv) {\n"
               "  return wasmrt_wasi_run_command(&" PREFIX "_module, &setup, argc, argv);\n}\n");
  }
  bool ok = !ferror(f);
  if (fclose(f) != 0) ok = false;
  if (!ok) fprintf(stderr, "wasmcc: cannot write %s\n", path);
  return ok;
}

/* ----------------------------------------------------------- translating */

/* The emitter names the files holding one large function: "prog.N.c". */
static void note_large_file(void *ctx, uint32_t file) {
  char name[32];
  snprintf(name, sizeof name, PREFIX ".%u.c", file);
  strlist_push(ctx, name); /* out of memory: it is compiled like the others */
}

/* Read, validate, check what main() needs, emit the C and write main.c. */
static bool translate(const BuildOptions *o, const char *work, StrList *large) {
  size_t size = 0;
  uint8_t *bytes = cli_read_module_file(o->input, &size);
  if (!bytes) return false;
  Module m;
  Error err = {.func = -1};
  char *out_c = str_format("%s/" PREFIX ".c", work);
  char *main_c = str_format("%s/main.c", work);
  bool ok = false;
  if (!out_c || !main_c) {
    fprintf(stderr, "wasmcc: out of memory\n");
    memset(&m, 0, sizeof m);
  } else if (!read_module(&m, o->input, bytes, size, FEATURES_ALL, &err) || !validate_module(&m, &err)) {
    cli_print_module_error(&m, o->input, &err);
  } else if (check_entry(&m, o) && check_imports(&m, o->input)) {
    EmitOptions eo = {.out_c = out_c, .prefix = PREFIX, .bounds = o->bounds, .simd_scalar = o->simd_scalar,
                      .split_bytes = SPLIT_BYTES, .data_mode = DATA_INCBIN,
                      .large_function_bytes = o->large_function, .large_file = note_large_file,
                      .large_file_ctx = large};
    if (!emit_module(&m, &eo, &err)) cli_print_module_error(&m, o->input, &err);
    else ok = write_main(main_c, &m, o);
  }
  module_free(&m);
  free(bytes);
  free(out_c);
  free(main_c);
  return ok;
}

/* --------------------------------------------------- compiling, linking */

/* The sources the translator wrote: main.c, prog.c, prog.1.c, prog.2.c, ... */
static bool list_sources(const char *work, StrList *sources) {
  bool ok = strlist_push(sources, "main.c") && strlist_push(sources, PREFIX ".c");
  for (unsigned k = 1; ok; k++) {
    char *name = str_format(PREFIX ".%u.c", k);
    char *path = name ? str_format("%s/%s", work, name) : NULL;
    bool exists = path && access(path, F_OK) == 0;
    ok = name && path && (!exists || strlist_push(sources, name));
    free(name);
    free(path);
    if (!exists) break;
  }
  return ok;
}

/* cc words, -O, the runtime's own flags and -g: the start of every command. */
static bool push_cc(StrList *cmd, const BuildOptions *o, char opt_level) {
  char opt[4] = {'-', 'O', opt_level, 0};
  return strlist_push_words(cmd, o->cc) && cmd->n > 0 && strlist_push(cmd, opt) &&
         strlist_push_words(cmd, WASMCC_RT_CFLAGS) && (!o->debug || strlist_push(cmd, "-g"));
}

static bool is_listed(const StrList *l, const char *s) {
  for (size_t k = 0; k < l->n; k++)
    if (!strcmp(l->items[k], s)) return true;
  return false;
}

/* GCC's default at -O2 (the "very cheap" cost model) vectorises no loop
 * that needs a run-time alias check, and all of wasm's memory is one array,
 * so nearly every loop over it does; the "cheap" model (-O3's) allows them.
 * Only for a compiler named gcc: clang warns about the flag. */
static bool is_gcc_at_o2(const BuildOptions *o) {
  size_t n = strcspn(o->cc, " \t\n");
  const char *name = o->cc;
  for (size_t k = 0; k < n; k++)
    if (o->cc[k] == '/') name = o->cc + k + 1;
  size_t len = (size_t)(o->cc + n - name);
  bool gcc = false;
  for (size_t k = 0; k + 3 <= len; k++) gcc |= !strncmp(name + k, "gcc", 3);
  return gcc && o->opt_level == '2';
}

static bool compile_command(StrList *cmd, const BuildOptions *o, const char *work,
                            const char *source, const StrList *large) {
  char *inc_work = str_format("-I%s", work);
  char *inc_rt = str_format("-I%s", build_rt_include_dir());
  char *src = str_format("%s/%s", work, source);
  char *obj = str_format("%s/%s.o", work, source);
  /* Without contraction the generated C keeps wasm's IEEE results exactly. */
  char level = o->opt_level > '1' && is_listed(large, source) ? '1' : o->opt_level;
  bool ok = inc_work && inc_rt && src && obj && push_cc(cmd, o, level) &&
            strlist_push(cmd, "-ffp-contract=off") &&
            (!is_gcc_at_o2(o) || strlist_push(cmd, "-fvect-cost-model=cheap")) &&
            strlist_push_words(cmd, o->cflags ? o->cflags : "") &&
            strlist_push(cmd, inc_work) &&
            strlist_push(cmd, inc_rt) && strlist_push(cmd, "-c") && strlist_push(cmd, src) &&
            strlist_push(cmd, "-o") && strlist_push(cmd, obj);
  free(inc_work), free(inc_rt), free(src), free(obj);
  return ok;
}

static bool link_command(StrList *cmd, const BuildOptions *o, const char *work,
                         const StrList *sources) {
  bool ok = push_cc(cmd, o, o->opt_level) && (!o->static_link || strlist_push(cmd, "-static"));
  for (size_t k = 0; ok && k < sources->n; k++) {
    char *obj = str_format("%s/%s.o", work, sources->items[k]);
    ok = obj && strlist_push(cmd, obj);
    free(obj);
  }
  char *libdir = str_format("-L%s", build_lib_dir());
  ok = ok && libdir && strlist_push(cmd, "-o") && strlist_push(cmd, o->output) &&
       strlist_push(cmd, libdir);
  const char *uv = o->static_link ? WASMCC_LIBUV_STATIC : "-luv";
  const char *libs[] = {"-lwasmrt_wasi", "-lwasmrt", uv, "-lpthread", "-lm"};
  for (size_t k = 0; ok && k < sizeof libs / sizeof *libs; k++) ok = strlist_push(cmd, libs[k]);
  ok = ok && strlist_push_words(cmd, o->ldflags ? o->ldflags : "");
  free(libdir);
  return ok;
}

/* Commands and their log files for each source, then one for the link. */
typedef struct Plan {
  StrList sources, logs, whats;
  StrList *commands; /* sources.n compiles + 1 link */
  Job *jobs;
} Plan;

static void plan_free(Plan *p) {
  for (size_t k = 0; p->commands && k <= p->sources.n; k++) strlist_free(&p->commands[k]);
  free(p->commands);
  free(p->jobs);
  strlist_free(&p->sources);
  strlist_free(&p->logs);
  strlist_free(&p->whats);
}

static bool plan_build(Plan *p, const BuildOptions *o, const char *work, const StrList *large) {
  if (!list_sources(work, &p->sources)) return false;
  size_t n = p->sources.n;
  p->commands = calloc(n + 1, sizeof *p->commands);
  p->jobs = calloc(n + 1, sizeof *p->jobs);
  if (!p->commands || !p->jobs) return false;
  for (size_t k = 0; k <= n; k++) {
    const char *name = k < n ? p->sources.items[k] : "link";
    char *log = str_format("%s/%s.log", work, name);
    char *what = k < n ? str_format("compiling %s", name) : str_format("linking %s", o->output);
    bool ok = log && what && strlist_push(&p->logs, log) && strlist_push(&p->whats, what);
    free(log);
    free(what);
    if (!ok) return false;
    ok = k < n ? compile_command(&p->commands[k], o, work, name, large)
               : link_command(&p->commands[k], o, work, &p->sources);
    if (!ok) return false;
  }
  for (size_t k = 0; k <= n; k++) p->jobs[k] = (Job){p->commands[k].items, p->logs.items[k], p->whats.items[k]};
  return true;
}

static bool compile_and_link(const BuildOptions *o, const char *work, const StrList *large) {
  Plan p = {0};
  bool ok = plan_build(&p, o, work, large);
  if (!ok) {
    if (!o->cc[strspn(o->cc, " \t\n")]) fprintf(stderr, "wasmcc: the C compiler command is empty\n");
    else fprintf(stderr, "wasmcc: out of memory\n");
  } else {
    size_t n = p.sources.n;
    JobOptions jo = {.max_running = o->jobs, .verbose = o->verbose, .progress = !o->verbose && isatty(STDERR_FILENO),
                     .total = n + 1};
    ok = run_jobs(p.jobs, n, &jo);
    jo.done_before = n;
    ok = ok && run_jobs(p.jobs + n, 1, &jo);
  }
  plan_free(&p);
  return ok;
}

/* ---------------------------------------------------------------- build */

/* Where the C is kept: --keep-c DIR, or with -g PROGRAM-src (the debug
 * information names the files there); NULL: a temporary directory. */
static char *kept_dir(const BuildOptions *o) {
  if (o->keep_c) return strdup(o->keep_c);
  return o->debug ? str_format("%s-src", o->output) : NULL;
}

static char *work_dir(const BuildOptions *o) {
  char *kept = kept_dir(o);
  if (kept) {
    if (mkdir(kept, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "wasmcc: cannot create %s: %s\n", kept, strerror(errno));
      free(kept);
      return NULL;
    }
    return kept;
  }
  char *dir = make_temp_dir(env_or("TMPDIR", "/tmp"), "wasmcc-build");
  if (!dir) fprintf(stderr, "wasmcc: cannot create a temporary directory: %s\n", strerror(errno));
  return dir;
}

/* A kept directory may hold more split files from an earlier, bigger module:
 * list_sources would compile them too. */
static void remove_stale_splits(const char *work) {
  for (unsigned k = 1;; k++) {
    char *path = str_format("%s/" PREFIX ".%u.c", work, k);
    bool removed = path && unlink(path) == 0;
    free(path);
    if (!removed) break;
  }
}

/* A program that cannot be written is better said before the compile. */
static bool output_writable(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    fprintf(stderr, "wasmcc: cannot write %s: %s\n", path, strerror(EISDIR));
    return false;
  }
  const char *slash = strrchr(path, '/');
  char *dir = slash ? strndup(path, (size_t)(slash - path) + 1) : strdup(".");
  bool ok = dir && access(dir, W_OK) == 0;
  if (!ok) fprintf(stderr, "wasmcc: cannot write %s: %s\n", path, strerror(dir ? errno : ENOMEM));
  free(dir);
  return ok;
}

int build_executable(const BuildOptions *o) {
  if (o->static_link && !*WASMCC_LIBUV_STATIC) {
    fprintf(stderr, "wasmcc: -static needs libuv's static library (libuv_a.a or libuv.a), not found "
                    "when wasmcc was built\n");
    return BUILD_FAILED;
  }
  if (!runtime_present() || !output_writable(o->output)) return BUILD_FAILED;
  char *work = work_dir(o);
  if (!work) return BUILD_FAILED;
  bool keep = o->keep_c || o->debug;
  if (keep) remove_stale_splits(work);
  StrList large = {0};
  /* a signal during translation is seen once it ends, then nothing starts */
  build_signals_catch();
  bool ok = translate(o, work, &large) && !build_signal_caught() && compile_and_link(o, work, &large);
  if (!keep) remove_flat_dir(work);
  build_signals_release();
  strlist_free(&large);
  free(work);
  return ok ? BUILD_OK : BUILD_FAILED;
}
