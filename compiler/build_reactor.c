/* build_reactor.c - `wasmcc build --reactor prog.wasm -o libprog.a`: a module
 * as a static library for a C or C++ host, with its header next to it.
 *
 * The library holds the translated module's objects only; the host links the
 * runtime after it:
 *     cc -I<dir of libprog.a> -I<rt> host.c libprog.a -L<lib> \
 *        -lwasmrt_wasi -lwasmrt -luv -lpthread -lm
 * (libwasmrt_wasi and -luv only when the host gives the module WASI). The C
 * identifier prefix and the header's name are the library's stem: libprog.a
 * and prog.a give prog.h and prog_module, prog_instance, prog_<export>.
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

#ifndef WASMCC_RT_CFLAGS
#define WASMCC_RT_CFLAGS "" /* flags the runtime was built with (sanitizers) */
#endif

/* As build.c: split well below the translator's default so that the C files
 * compile in parallel. */
#define SPLIT_BYTES 250000u

/* ------------------------------------------------------------ names */

/* "out/libprog.a" -> "prog": the stem, made a C identifier. NULL when
 * nothing is left (an output named ".a"). */
static char *library_stem(const char *output) {
  const char *base = strrchr(output, '/');
  base = base ? base + 1 : output;
  if (!strncmp(base, "lib", 3) && base[3] && base[3] != '.') base += 3;
  size_t n = strcspn(base, ".");
  if (n == 0) return NULL;
  char *stem = malloc(n + 2);
  if (!stem) return NULL;
  size_t k = 0;
  if (base[0] >= '0' && base[0] <= '9') stem[k++] = '_';
  for (size_t i = 0; i < n; i++) {
    char c = base[i];
    bool ident = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    stem[k++] = ident ? c : '_';
  }
  stem[k] = 0;
  return stem;
}

/* The directory of output, with its '/' ("" for the current one). */
static char *output_dir(const char *output) {
  const char *slash = strrchr(output, '/');
  return slash ? strndup(output, (size_t)(slash - output) + 1) : strdup("");
}

/* ------------------------------------------------------- translating */

static bool translate_library(const BuildOptions *o, const char *out_c, const char *stem) {
  size_t size = 0;
  uint8_t *bytes = cli_read_module_file(o->input, &size);
  if (!bytes) return false;
  Module m;
  Error err = {.func = -1};
  bool ok = false;
  if (!read_module(&m, o->input, bytes, size, FEATURES_ALL, &err) || !validate_module(&m, &err)) {
    cli_print_module_error(&m, o->input, &err);
  } else {
    EmitOptions eo = {.out_c = out_c, .prefix = stem, .bounds = o->bounds, .simd_scalar = o->simd_scalar,
                      .split_bytes = SPLIT_BYTES, .data_mode = DATA_INCBIN};
    ok = emit_module(&m, &eo, &err);
    if (!ok) cli_print_module_error(&m, o->input, &err);
  }
  module_free(&m);
  free(bytes);
  return ok;
}

/* ------------------------------------------------- compiling, archiving */

/* stem.c, stem.1.c, stem.2.c, ... as they exist in work. */
static bool list_c_files(const char *work, const char *stem, StrList *files) {
  char *main_c = str_format("%s/%s.c", work, stem);
  bool ok = main_c && strlist_push(files, main_c);
  free(main_c);
  for (unsigned k = 1; ok; k++) {
    char *path = str_format("%s/%s.%u.c", work, stem, k);
    bool exists = path && access(path, F_OK) == 0;
    ok = path && (!exists || strlist_push(files, path));
    free(path);
    if (!exists) break;
  }
  return ok;
}

/* -fPIC: the objects may go into a shared library as well as a program. */
static bool compile_command(StrList *cmd, const BuildOptions *o, const char *work, const char *source) {
  char opt[4] = {'-', 'O', o->opt_level, 0};
  char *inc_work = str_format("-I%s", work);
  char *inc_rt = str_format("-I%s", build_rt_include_dir());
  char *obj = str_format("%s.o", source);
  bool ok = inc_work && inc_rt && obj && strlist_push_words(cmd, o->cc) && cmd->n > 0 &&
            strlist_push(cmd, opt) && strlist_push_words(cmd, WASMCC_RT_CFLAGS) &&
            (!o->debug || strlist_push(cmd, "-g")) && strlist_push(cmd, "-ffp-contract=off") &&
            strlist_push(cmd, "-fPIC") && strlist_push_words(cmd, o->cflags ? o->cflags : "") &&
            strlist_push(cmd, inc_work) && strlist_push(cmd, inc_rt) && strlist_push(cmd, "-c") &&
            strlist_push(cmd, source) && strlist_push(cmd, "-o") && strlist_push(cmd, obj);
  free(inc_work), free(inc_rt), free(obj);
  return ok;
}

static bool archive_command(StrList *cmd, const char *output, const StrList *sources) {
  const char *ar = getenv("AR");
  bool ok = strlist_push_words(cmd, ar && *ar ? ar : "ar") && cmd->n > 0 && strlist_push(cmd, "rcs") &&
            strlist_push(cmd, output);
  for (size_t k = 0; ok && k < sources->n; k++) {
    char *obj = str_format("%s.o", sources->items[k]);
    ok = obj && strlist_push(cmd, obj);
    free(obj);
  }
  return ok;
}

/* Compile every C file in parallel, then archive the objects into output. */
static bool compile_and_archive(const BuildOptions *o, const char *work, const char *stem) {
  StrList sources = {0}, logs = {0};
  bool ok = list_c_files(work, stem, &sources);
  size_t n = sources.n;
  StrList *commands = calloc(n + 1, sizeof *commands);
  Job *jobs = calloc(n + 1, sizeof *jobs);
  ok = ok && commands && jobs;
  for (size_t k = 0; ok && k <= n; k++) {
    char *log = str_format("%s/%s.log", work, k < n ? strrchr(sources.items[k], '/') + 1 : "ar");
    ok = log && strlist_push(&logs, log) &&
         (k < n ? compile_command(&commands[k], o, work, sources.items[k])
                : archive_command(&commands[k], o->output, &sources));
    free(log);
    if (ok) jobs[k] = (Job){commands[k].items, logs.items[k], k < n ? strrchr(sources.items[k], '/') + 1 : o->output};
  }
  if (!ok) fprintf(stderr, "wasmcc: out of memory, or an empty C compiler command\n");
  /* ar adds to an archive that exists: members of an older build would stay. */
  if (ok && unlink(o->output) != 0 && errno != ENOENT) {
    fprintf(stderr, "wasmcc: cannot replace %s: %s\n", o->output, strerror(errno));
    ok = false;
  }
  JobOptions jo = {.max_running = o->jobs, .verbose = o->verbose, .progress = !o->verbose && isatty(STDERR_FILENO),
                   .total = n + 1};
  ok = ok && run_jobs(jobs, n, &jo);
  jo.done_before = n;
  ok = ok && run_jobs(jobs + n, 1, &jo);
  for (size_t k = 0; commands && k <= n; k++) strlist_free(&commands[k]);
  free(commands);
  free(jobs);
  strlist_free(&sources);
  strlist_free(&logs);
  return ok;
}

static bool copy_file(const char *from, const char *to) {
  size_t size = 0;
  uint8_t *text = read_whole_file(from, &size);
  FILE *f = text ? fopen(to, "wb") : NULL;
  bool ok = f && fwrite(text, 1, size, f) == size;
  if (f && fclose(f) != 0) ok = false;
  if (!ok) fprintf(stderr, "wasmcc: cannot write %s: %s\n", to, strerror(errno));
  free(text);
  return ok;
}

/* ------------------------------------------------------------- build */

static char *library_work_dir(const BuildOptions *o) {
  if (o->keep_c) {
    if (mkdir(o->keep_c, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "wasmcc: cannot create %s: %s\n", o->keep_c, strerror(errno));
      return NULL;
    }
    return strdup(o->keep_c);
  }
  const char *tmp = getenv("TMPDIR");
  char *dir = make_temp_dir(tmp && *tmp ? tmp : "/tmp", "wasmcc-lib");
  if (!dir) fprintf(stderr, "wasmcc: cannot create a temporary directory: %s\n", strerror(errno));
  return dir;
}

/* A kept directory may hold more split files from an earlier, bigger module:
 * list_c_files would compile them too. */
static void remove_stale_splits(const char *work, const char *stem) {
  for (unsigned k = 1;; k++) {
    char *path = str_format("%s/%s.%u.c", work, stem, k);
    bool removed = path && unlink(path) == 0;
    free(path);
    if (!removed) break;
  }
}

int build_library(const BuildOptions *o) {
  char *stem = library_stem(o->output);
  if (!stem)
    return cli_usage_error("build", "--reactor: '%s' has no name to make the C prefix of (use -o libNAME.a)",
                           o->output);
  char *dir = output_dir(o->output);
  char *work = library_work_dir(o);
  char *out_c = work ? str_format("%s/%s.c", work, stem) : NULL;
  char *header = work ? str_format("%s/%s.h", work, stem) : NULL;
  char *header_out = dir ? str_format("%s%s.h", dir, stem) : NULL;
  bool ok = out_c && header && header_out;
  if (work && !ok) fprintf(stderr, "wasmcc: out of memory\n");
  if (ok && o->keep_c) remove_stale_splits(work, stem);
  ok = ok && translate_library(o, out_c, stem) && compile_and_archive(o, work, stem) &&
       copy_file(header, header_out);
  if (work && !o->keep_c) remove_flat_dir(work);
  free(stem), free(dir), free(work), free(out_c), free(header), free(header_out);
  return ok ? BUILD_OK : BUILD_FAILED;
}
