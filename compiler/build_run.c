/* build_run.c - `wasmcc run`: build a module once into a per-user cache, then
 * replace this process with the built program.
 *
 * The cache entry's name is a hash of everything the executable depends on:
 * the module's bytes, the build options, the wasmcc version, and the identity
 * (size, mtime) of the wasmcc binary and runtime libraries, so rebuilding
 * wasmcc during development is never answered with a stale program. Entries
 * are built in a private directory and renamed into place, so a concurrent or
 * interrupted run never sees half a program. The cache's directory, size
 * limit and eviction are build_cache.c's. --no-cache builds into a
 * temporary directory and runs the program as a child, to remove it after.
 */
#include "build.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* ------------------------------------------------------------ the key */

/* FNV-1a, 64 bits: a cache key, not a defence against crafted collisions
 * (the cache is private to the user). */
static uint64_t hash_bytes(uint64_t h, const void *data, size_t n) {
  const uint8_t *p = data;
  for (size_t k = 0; k < n; k++) h = (h ^ p[k]) * 0x100000001b3u;
  return h;
}

/* Strings are hashed with their NUL, so ("ab","c") and ("a","bc") differ. */
static uint64_t hash_string(uint64_t h, const char *s) {
  return hash_bytes(h, s ? s : "", strlen(s ? s : "") + 1);
}

static uint64_t hash_file_identity(uint64_t h, const char *path) {
  struct stat st;
  if (!path || stat(path, &st) != 0) return hash_string(h, "missing");
  int64_t id[3] = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec, (int64_t)st.st_mtim.tv_nsec};
  return hash_bytes(h, id, sizeof id);
}

static uint64_t cache_key(const BuildOptions *o, const uint8_t *bytes, size_t size) {
  uint64_t h = 0xcbf29ce484222325u;
  char bounds = (char)('1' + o->bounds), simd = (char)('1' + o->simd_scalar);
  h = hash_string(h, WASMCC_VERSION);
  h = hash_bytes(h, &bounds, 1);
  h = hash_bytes(h, &simd, 1);
  h = hash_bytes(h, &o->opt_level, 1);
  h = hash_string(h, o->cc);
  h = hash_string(h, o->invoke ? o->invoke : "\x01(WASI command)");
  h = hash_string(h, build_rt_include_dir());
  h = hash_string(h, build_lib_dir());
  const char *libs[] = {"libwasmrt.a", "libwasmrt_wasi.a"};
  for (size_t k = 0; k < 2; k++) {
    char *path = str_format("%s/%s", build_lib_dir(), libs[k]);
    h = hash_file_identity(h, path);
    free(path);
  }
  h = hash_file_identity(h, "/proc/self/exe");
  return hash_bytes(h, bytes, size);
}

/* "dir/my prog.wasm" -> "my_prog": makes cache entries recognisable. */
static void readable_stem(const char *input, char *out, size_t out_size) {
  const char *base = strrchr(input, '/');
  base = base ? base + 1 : input;
  size_t j = 0;
  for (; base[j] && base[j] != '.' && j + 1 < out_size && j < 32; j++) {
    char c = base[j];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    out[j] = ok ? c : '_';
  }
  out[j] = '\0';
}

/* Build in a private directory of the cache, then rename into place. */
static bool build_into_cache(BuildOptions *o, const char *dir, const char *exe) {
  char *work = make_temp_dir(dir, "tmp");
  char *out = work ? str_format("%s/prog", work) : NULL;
  bool ok = false;
  if (!out) {
    fprintf(stderr, "wasmcc: cannot create a directory in %s: %s\n", dir, strerror(errno));
  } else {
    o->output = out;
    ok = build_executable(o) == BUILD_OK;
    if (ok && rename(out, exe) != 0) {
      fprintf(stderr, "wasmcc: cannot store %s: %s\n", exe, strerror(errno));
      ok = false;
    }
    o->output = NULL;
  }
  if (work) remove_flat_dir(work);
  free(out);
  free(work);
  return ok;
}

/* ----------------------------------------------------------- running */

/* Append "'word'" (a quote inside as '\\'') to the string being built. */
static bool append_quoted(char **text, const char *word) {
  size_t n = strlen(*text), extra = 3;
  for (const char *p = word; *p; p++) extra += *p == '\'' ? 4 : 1;
  char *grown = realloc(*text, n + extra + 1);
  if (!grown) return false;
  char *q = grown + n;
  *q++ = ' ', *q++ = '\'';
  for (const char *p = word; *p; p++) {
    if (*p == '\'') memcpy(q, "'\\''", 4), q += 4;
    else *q++ = *p;
  }
  *q++ = '\'', *q = '\0';
  *text = grown;
  return true;
}

/* The guest options go to the cached program in $WASMCC_RUN_OPTIONS (after
 * any the caller set there), so that they never make a new build. */
static bool pass_guest_options(const BuildOptions *o) {
  const char *before = getenv("WASMCC_RUN_OPTIONS");
  char *text = strdup(before ? before : "");
  bool ok = text != NULL;
  for (size_t k = 0; ok && k < o->ndirs; k++) ok = append_quoted(&text, "--dir") && append_quoted(&text, o->dirs[k]);
  for (size_t k = 0; ok && k < o->nenvs; k++) ok = append_quoted(&text, "--env") && append_quoted(&text, o->envs[k]);
  if (ok && o->inherit_env) ok = append_quoted(&text, "--inherit-env");
  ok = ok && setenv("WASMCC_RUN_OPTIONS", text, 1) == 0;
  if (!ok) fprintf(stderr, "wasmcc: out of memory\n");
  free(text);
  return ok;
}

/* The program gets INPUT.wasm as argv[0] (its name as the guest sees it). */
static int exec_program(const char *exe, const char *input, int argc, char **rest) {
  char **args = calloc((size_t)argc + 2, sizeof *args);
  if (!args) {
    fprintf(stderr, "wasmcc: out of memory\n");
    return BUILD_FAILED;
  }
  args[0] = (char *)input;
  for (int k = 0; k < argc; k++) args[k + 1] = rest[k];
  fflush(NULL);
  execv(exe, args);
  fprintf(stderr, "wasmcc: cannot run %s: %s\n", exe, strerror(errno));
  free(args);
  return BUILD_FAILED;
}

/* The program's exit status, 256 + the signal that killed it, or
 * BUILD_FAILED when it cannot start. */
static int spawn_program(const char *exe, const char *input, int argc, char **rest) {
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "wasmcc: cannot run %s: %s\n", exe, strerror(errno));
    return BUILD_FAILED;
  }
  if (pid == 0) _exit(exec_program(exe, input, argc, rest) == BUILD_FAILED ? 127 : 0);
  /* Like system(): ^C is the program's to handle; we live on to clean up. */
  void (*old_int)(int) = signal(SIGINT, SIG_IGN), (*old_quit)(int) = signal(SIGQUIT, SIG_IGN);
  int wstatus, result = BUILD_FAILED;
  pid_t waited;
  while ((waited = waitpid(pid, &wstatus, 0)) < 0 && errno == EINTR) {}
  if (waited == pid) result = WIFSIGNALED(wstatus) ? 256 + WTERMSIG(wstatus) : WEXITSTATUS(wstatus);
  signal(SIGINT, old_int);
  signal(SIGQUIT, old_quit);
  return result;
}

static int run_cached(BuildOptions *o, const uint8_t *bytes, size_t size, int argc, char **rest) {
  uint64_t max;
  if (!cache_max_bytes(&max)) return BUILD_USAGE;
  char *dir = cache_dir(), stem[40];
  if (!dir) return BUILD_FAILED;
  readable_stem(o->input, stem, sizeof stem);
  char *name = str_format("%s-%016llx", stem, (unsigned long long)cache_key(o, bytes, size));
  char *exe = name ? str_format("%s/%s", dir, name) : NULL;
  int status = BUILD_FAILED;
  if (!exe) {
    fprintf(stderr, "wasmcc: out of memory\n");
  } else if (access(exe, X_OK) == 0) {
    if (o->verbose) fprintf(stderr, "wasmcc: using cached %s\n", exe);
    cache_touch(exe);
    status = exec_program(exe, o->input, argc, rest);
  } else {
    if (o->verbose) fprintf(stderr, "wasmcc: building %s\n", exe);
    if (build_into_cache(o, dir, exe)) {
      cache_evict(dir, name, max, o->verbose);
      status = exec_program(exe, o->input, argc, rest);
    }
  }
  free(name);
  free(exe);
  free(dir);
  return status;
}

/* --no-cache: build into a temporary directory, run the program as a child
 * (the directory must go once it ends) and end as it did. */
static int run_uncached(BuildOptions *o, int argc, char **rest) {
  const char *tmp = getenv("TMPDIR");
  char *work = make_temp_dir(tmp && *tmp ? tmp : "/tmp", "wasmcc-run");
  char *exe = work ? str_format("%s/prog", work) : NULL;
  int status = BUILD_FAILED;
  if (!exe) {
    fprintf(stderr, "wasmcc: cannot create a temporary directory: %s\n", strerror(errno));
  } else {
    o->output = exe;
    if (build_executable(o) == BUILD_OK) status = spawn_program(exe, o->input, argc, rest);
    o->output = NULL;
  }
  if (work) remove_flat_dir(work);
  free(exe);
  free(work);
  if (status >= 256) { /* killed by signal status - 256: die of it too */
    signal(status - 256, SIG_DFL);
    raise(status - 256);
    status = 128 + (status - 256);
  }
  return status;
}

int run_command(int argc, char **argv) {
  BuildOptions o = build_default_options();
  int first = 0, status = build_parse_args(&o, argc, argv, true, &first);
  if (status >= 0) {
    build_options_free(&o);
    return status;
  }
  bool passed = o.ndirs + o.nenvs == 0 && !o.inherit_env ? true : pass_guest_options(&o);
  build_options_free(&o); /* the build must not fix them into the program */
  if (!passed) return BUILD_FAILED;
  size_t size = 0;
  uint8_t *bytes = cli_read_module_file(o.input, &size);
  if (!bytes) return BUILD_FAILED;
  status = o.no_cache ? run_uncached(&o, argc - first, argv + first)
                      : run_cached(&o, bytes, size, argc - first, argv + first);
  free(bytes);
  build_signals_reraise(); /* after run_cached removed its directory */
  return status;
}
