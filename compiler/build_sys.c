/* build_sys.c - what `wasmcc build` needs from the system: string lists,
 * files and temporary directories (running compilers: build_jobs.c). */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ----------------------------------------------------------- strings */

bool strlist_push(StrList *l, const char *s) {
  if (l->n + 2 > l->cap) { /* room for the NULL terminator */
    size_t cap = l->cap ? l->cap * 2 : 16;
    char **items = realloc(l->items, cap * sizeof *items);
    if (!items) return false;
    l->items = items;
    l->cap = cap;
  }
  char *copy = strdup(s);
  if (!copy) return false;
  l->items[l->n++] = copy;
  l->items[l->n] = NULL;
  return true;
}

bool strlist_push_words(StrList *l, const char *s) {
  const char *space = " \t\n";
  while (*(s += strspn(s, space))) {
    size_t len = strcspn(s, space);
    char *word = strndup(s, len);
    bool ok = word && strlist_push(l, word);
    free(word);
    if (!ok) return false;
    s += len;
  }
  return true;
}

void strlist_free(StrList *l) {
  for (size_t i = 0; i < l->n; i++) free(l->items[i]);
  free(l->items);
  *l = (StrList){0};
}

char *str_format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (len < 0) return NULL;
  char *s = malloc((size_t)len + 1);
  if (!s) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)len + 1, fmt, ap);
  va_end(ap);
  return s;
}

/* ------------------------------------------------------------- files */

uint8_t *read_whole_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = malloc(cap);
  while (buf) {
    len += fread(buf + len, 1, cap - len, f);
    if (len < cap) break;
    uint8_t *bigger = realloc(buf, cap *= 2);
    if (!bigger) free(buf);
    buf = bigger;
  }
  int saved = errno, failed = ferror(f);
  fclose(f);
  errno = saved;
  if (failed) {
    free(buf);
    return NULL;
  }
  *size = len;
  return buf;
}

char *make_temp_dir(const char *parent, const char *stem) {
  char *path = str_format("%s/%s-XXXXXX", parent, stem);
  if (path && !mkdtemp(path)) {
    int saved = errno;
    free(path);
    errno = saved;
    return NULL;
  }
  return path;
}

void remove_flat_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      char *path = str_format("%s/%s", dir, e->d_name);
      if (path) unlink(path);
      free(path);
    }
    closedir(d);
  }
  rmdir(dir);
}

/* --------------------------------------------------------- processes */

/* dir/rel, dir being the directory of the running executable; rel as it is
 * when absolute. NULL when the executable cannot be found (no /proc). */
char *exe_relative_path(const char *rel) {
  if (rel[0] == '/') return strdup(rel);
  char exe[4096];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0 || (size_t)len >= sizeof exe - 1) return NULL;
  exe[len] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return NULL;
  *slash = '\0';
  return str_format("%s/%s", exe, rel);
}
