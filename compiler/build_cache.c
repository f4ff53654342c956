/* build_cache.c - the cache of `wasmcc run`: where it is, its size limit
 * with least-recently-used eviction, and `wasmcc cache clean`.
 *
 * An entry is one program, "STEM-<16 hex digits>" (build_run.c names it);
 * "tmp-XXXXXX" directories are builds in progress. Using an entry sets its
 * mtime (not atime, which noatime and relatime mounts do not keep), so the
 * oldest mtime is the least recently used. After every new entry the
 * oldest ones are removed until the cache holds at most $WASMCC_CACHE_MAX
 * bytes (default 1 GiB); the entry about to run is never removed.
 */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define DEFAULT_CACHE_MAX (UINT64_C(1) << 30)
/* A build directory older than this was left by an interrupted run. */
#define STALE_BUILD_SECONDS 3600

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

char *cache_dir(void) {
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

/* ----------------------------------------------------------- the limit */

/* "123", "500K", "64M", "1G", "2GiB": bytes, suffixes 1024-based. */
static bool parse_size(const char *s, uint64_t *out) {
  if (!s || *s < '0' || *s > '9') return false;
  char *end;
  errno = 0;
  unsigned long long n = strtoull(s, &end, 10);
  if (errno) return false;
  int shift = 0;
  switch (*end) {
  case 'K': case 'k': shift = 10; break;
  case 'M': case 'm': shift = 20; break;
  case 'G': case 'g': shift = 30; break;
  case 'T': case 't': shift = 40; break;
  case '\0': break;
  default: return false;
  }
  if (shift) end++;
  if (shift && !strcmp(end, "iB")) end += 2;
  if (*end || n > (UINT64_MAX >> shift)) return false;
  *out = (uint64_t)n << shift;
  return true;
}

bool cache_max_bytes(uint64_t *max) {
  const char *s = getenv("WASMCC_CACHE_MAX");
  *max = DEFAULT_CACHE_MAX;
  if (!s || !*s) return true;
  if (parse_size(s, max)) return true;
  fprintf(stderr, "wasmcc: bad WASMCC_CACHE_MAX '%s': a size in bytes, or with K, M, G or T "
                  "(1024-based: 512M, 2G)\n", s);
  return false;
}

/* -------------------------------------------------------------- entries */

typedef struct Entry {
  char *name;
  uint64_t size;
  struct timespec used;
} Entry;

/* STEM-<16 hex digits>, the form build_run.c gives programs. */
static bool is_entry_name(const char *name) {
  size_t n = strlen(name);
  if (n < 18 || name[n - 17] != '-') return false;
  for (size_t k = n - 16; k < n; k++)
    if (!strchr("0123456789abcdef", name[k])) return false;
  return true;
}

static bool is_build_dir_name(const char *name) { return !strncmp(name, "tmp-", 4); }

/* Every entry of the cache (regular files with an entry's name). */
static bool list_entries(const char *dir, Entry **out, size_t *count) {
  DIR *d = opendir(dir);
  if (!d) return false;
  Entry *list = NULL;
  size_t n = 0, cap = 0;
  bool ok = true;
  for (struct dirent *e; ok && (e = readdir(d));) {
    struct stat st;
    if (!is_entry_name(e->d_name) || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISREG(st.st_mode))
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      Entry *grown = realloc(list, cap * sizeof *grown);
      if (!grown) { ok = false; break; }
      list = grown;
    }
    list[n].name = strdup(e->d_name);
    list[n].size = (uint64_t)st.st_size;
    list[n].used = st.st_mtim;
    ok = list[n++].name != NULL;
  }
  closedir(d);
  *out = list;
  *count = n;
  return ok;
}

static void free_entries(Entry *list, size_t n) {
  for (size_t k = 0; k < n; k++) free(list[k].name);
  free(list);
}

static int older_first(const void *a, const void *b) {
  const Entry *x = a, *y = b;
  if (x->used.tv_sec != y->used.tv_sec) return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
  if (x->used.tv_nsec != y->used.tv_nsec) return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
  return strcmp(x->name, y->name);
}

void cache_touch(const char *path) {
  (void)utimensat(AT_FDCWD, path, NULL, 0); /* failing only loses LRU order */
}

void cache_evict(const char *dir, const char *keep, uint64_t max, bool verbose) {
  Entry *list;
  size_t n;
  if (!list_entries(dir, &list, &n)) {
    free_entries(list, n);
    return; /* an over-full cache is better than a failed run */
  }
  qsort(list, n, sizeof *list, older_first);
  uint64_t total = 0;
  for (size_t k = 0; k < n; k++) total += list[k].size;
  for (size_t k = 0; k < n && total > max; k++) {
    if (keep && !strcmp(list[k].name, keep)) continue;
    char *path = str_format("%s/%s", dir, list[k].name);
    if (path && unlink(path) == 0) {
      total -= list[k].size;
      if (verbose) fprintf(stderr, "wasmcc: evicted %s from the cache\n", list[k].name);
    }
    free(path);
  }
  free_entries(list, n);
}

/* ----------------------------------------------------- wasmcc cache ... */

static const char cache_usage[] =
    "usage: wasmcc cache clean\n"
    "\n"
    "The programs `wasmcc run` builds are kept in $XDG_CACHE_HOME/wasmcc (else\n"
    "~/.cache/wasmcc), at most $WASMCC_CACHE_MAX bytes of them (default 1G;\n"
    "suffixes K, M, G, T are 1024-based): the least recently run go first.\n"
    "\n"
    "  clean        remove every cached program (and builds left by\n"
    "               interrupted runs)\n"
    "  -h, --help   this text\n";

/* Removes build directories older than STALE_BUILD_SECONDS: younger ones may
 * belong to a run that is building right now. */
static void remove_stale_builds(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  time_t now = time(NULL);
  for (struct dirent *e; (e = readdir(d));) {
    struct stat st;
    if (!is_build_dir_name(e->d_name) || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISDIR(st.st_mode) || now - st.st_mtim.tv_sec < STALE_BUILD_SECONDS)
      continue;
    char *path = str_format("%s/%s", dir, e->d_name);
    if (path) remove_flat_dir(path);
    free(path);
  }
  closedir(d);
}

static int cache_clean(void) {
  char *dir = cache_dir();
  if (!dir) return BUILD_FAILED;
  Entry *list;
  size_t n, removed = 0;
  uint64_t bytes = 0;
  bool listed = list_entries(dir, &list, &n);
  for (size_t k = 0; listed && k < n; k++) {
    char *path = str_format("%s/%s", dir, list[k].name);
    if (path && unlink(path) == 0) removed++, bytes += list[k].size;
    free(path);
  }
  free_entries(list, n);
  remove_stale_builds(dir);
  if (listed) printf("wasmcc: removed %zu cached program%s (%llu bytes) from %s\n", removed,
                     removed == 1 ? "" : "s", (unsigned long long)bytes, dir);
  else fprintf(stderr, "wasmcc: cannot list %s: %s\n", dir, strerror(errno));
  free(dir);
  return listed ? BUILD_OK : BUILD_FAILED;
}

int cache_command(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "clean")) return cache_clean();
  if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
    fputs(cache_usage, stdout);
    return BUILD_OK;
  }
  if (argc < 2) return cli_usage_error("cache", "no cache command (clean)");
  if (argc > 2) return cli_usage_error("cache", "too many arguments: %s", argv[2]);
  return cli_usage_error("cache", "unknown cache command '%s' (allowed: clean)", argv[1]);
}
