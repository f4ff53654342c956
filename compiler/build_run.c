/* build_run.c - `wasmcc run`: build a module once into a per-user cache, then
 * replace this process with the built program.
 *
 * The cache entry's name is a hash of everything the executable depends on:
 * the module's bytes, the build options, the wasmcc version, and the identity
 * (size, mtime) of the wasmcc binary and runtime libraries, so rebuilding
 * wasmcc during development is never answered with a stale program. Entries
 * are built in a private directory and renamed into place, so a concurrent or
 * interrupted run never sees half a program.
 */
#include "build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* ------------------------------------------------------- the directory */

/* mkdir -p, private to the user for what it creates. */
static bool make_dirs(char *path) {
  for (char *p = path + 1;; p++) {
    if (*p != '/' && *p != '\0') continue;
    char saved = *p;
    *p = '\0';
    int r = mkdir(path, 0700);
    *p = saved;
    if (r != 0 && errno != EEXIST) return false;
    if (saved == '\0') return true;
  }
}

/* Another user's or a shared-writable directory could swap programs under us. */
static bool safe_cache_dir(const char *dir) {
  struct stat st;
  if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    fprintf(stderr, "wasmcc: the cache %s is not a directory\n", dir);
    return false;
  }
  if (st.st_uid != getuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
    fprintf(stderr, "wasmcc: refusing to use %s: not a private directory of this user\n", dir);
    return false;
  }
  return true;
}

static char *cache_dir(void) {
  const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  char *dir = NULL;
  if (xdg && xdg[0] == '/') dir = str_format("%s/wasmcc", xdg); /* the spec: absolute only */
  else if (home && *home) dir = str_format("%s/.cache/wasmcc", home);
  else {
    fprintf(stderr, "wasmcc: neither XDG_CACHE_HOME nor HOME is set: no cache directory\n");
    return NULL;
  }
  if (!dir) {
    fprintf(stderr, "wasmcc: out of memory\n");
  } else if (!make_dirs(dir)) {
    fprintf(stderr, "wasmcc: cannot create the cache directory %s: %s\n", dir, strerror(errno));
  } else if (safe_cache_dir(dir)) {
    return dir;
  }
  free(dir);
  return NULL;
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

static int run_cached(BuildOptions *o, const uint8_t *bytes, size_t size, int argc, char **rest) {
  char *dir = cache_dir(), stem[40];
  if (!dir) return BUILD_FAILED;
  readable_stem(o->input, stem, sizeof stem);
  char *exe = str_format("%s/%s-%016llx", dir, stem, (unsigned long long)cache_key(o, bytes, size));
  int status = BUILD_FAILED;
  if (!exe) {
    fprintf(stderr, "wasmcc: out of memory\n");
  } else if (access(exe, X_OK) == 0) {
    if (o->verbose) fprintf(stderr, "wasmcc: using cached %s\n", exe);
    status = exec_program(exe, o->input, argc, rest);
  } else {
    if (o->verbose) fprintf(stderr, "wasmcc: building %s\n", exe);
    if (build_into_cache(o, dir, exe)) status = exec_program(exe, o->input, argc, rest);
  }
  free(exe);
  free(dir);
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
  status = run_cached(&o, bytes, size, argc - first, argv + first);
  free(bytes);
  build_signals_reraise(); /* after run_cached removed its directory */
  return status;
}
