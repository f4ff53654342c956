/* wasi_path.c - resolving guest paths inside a directory fd: the capability
 * check every path_* function relies on.
 *
 * A guest path is walked one component at a time with openat(O_NOFOLLOW), so
 * the kernel never follows a symlink or `..` on our behalf: we keep the stack
 * of directories walked through, `..` pops it (and fails with ENOTCAPABLE when
 * it would climb above the starting directory), and a symlink's target is
 * spliced into the remaining path and walked the same way, so a link can
 * never lead outside either. Absolute paths and absolute link targets are
 * ENOTCAPABLE. Because each step opens a real directory fd, renaming a
 * directory during the walk cannot redirect it outside (no path-string race).
 *
 * libuv has no *at() calls, so this file uses POSIX openat/fstatat/readlinkat.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Symlinks followed per resolution before giving up (Linux's limit too). */
#define MAX_SYMLINKS 40

typedef struct walk {
  int base;                  /* the starting directory (not owned) */
  int *stack;                /* directories opened below base (owned) */
  size_t depth, cap;
  char *rest;                /* remaining path, owned; components split in place */
  int links;                 /* symlinks followed so far */
} walk;

static int walk_top(const walk *wk) {
  return wk->depth ? wk->stack[wk->depth - 1] : wk->base;
}

static uint32_t walk_push(walk *wk, int fd) {
  if (wk->depth == wk->cap) {
    size_t cap = wk->cap ? wk->cap * 2 : 8;
    int *grown = realloc(wk->stack, cap * sizeof *grown);
    if (!grown) {
      close(fd);
      return WASI_ENOMEM;
    }
    wk->stack = grown;
    wk->cap = cap;
  }
  wk->stack[wk->depth++] = fd;
  return WASI_ESUCCESS;
}

static void walk_pop(walk *wk) {
  close(wk->stack[--wk->depth]);
}

static void walk_free(walk *wk) {
  while (wk->depth) walk_pop(wk);
  free(wk->stack);
  free(wk->rest);
}

/* Take the next component off the path at *cursor (NULL when none is left),
 * NUL-terminating it in place. *slash tells whether a '/' followed it. */
static char *next_component(char **cursor, int *slash) {
  while (**cursor == '/') (*cursor)++;
  if (**cursor == '\0') return NULL;
  char *start = *cursor;
  char *end = strchr(start, '/');
  *slash = end != NULL;
  if (end) {
    *end = '\0';
    *cursor = end + 1;
  } else {
    *cursor = start + strlen(start);
  }
  return start;
}

static int only_slashes_left(const char *s) {
  while (*s == '/') s++;
  return *s == '\0';
}

/* Replace the walk's remaining path by the link's target followed by what
 * came after the link, so the target's components are walked next. A slash
 * after the link is kept: it still demands a directory. */
static uint32_t splice_link(walk *wk, int dirfd, const char *link, char **cursor, int slash) {
  if (++wk->links > MAX_SYMLINKS) return WASI_ELOOP;
  char target[PATH_MAX];
  ssize_t n = readlinkat(dirfd, link, target, sizeof target - 1);
  if (n < 0) return wasi_errno_from_host(errno);
  target[n] = '\0';
  if (target[0] == '/') return WASI_ENOTCAPABLE;
  size_t rest_len = strlen(*cursor);
  char *joined = malloc((size_t)n + 1 + rest_len + 1);
  if (!joined) return WASI_ENOMEM;
  memcpy(joined, target, (size_t)n);
  size_t at = (size_t)n;
  if (slash) joined[at++] = '/';
  memcpy(joined + at, *cursor, rest_len + 1);
  free(wk->rest);
  wk->rest = joined;
  *cursor = joined;
  return WASI_ESUCCESS;
}

/* Step into directory `name` of the top directory. */
static uint32_t enter_directory(walk *wk, const char *name) {
  int fd = openat(walk_top(wk), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return wasi_errno_from_host(errno == ELOOP ? ENOTDIR : errno);
  return walk_push(wk, fd);
}

/* Handle one normal component (followed by a slash or not). *done is set
 * when it is the final one and should be returned rather than entered. */
static uint32_t walk_component(walk *wk, const char *name, char **cursor, int slash,
                               int follow_last, int *done) {
  int is_last = only_slashes_left(*cursor);
  int trailing_slash = is_last && slash;
  struct stat st;
  if (fstatat(walk_top(wk), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT && is_last) {
      *done = 1; /* a name to create */
      return WASI_ESUCCESS;
    }
    return wasi_errno_from_host(errno);
  }
  if (S_ISLNK(st.st_mode) && (!is_last || follow_last || trailing_slash))
    return splice_link(wk, walk_top(wk), name, cursor, slash);
  if (is_last) {
    if (trailing_slash && !S_ISDIR(st.st_mode)) return WASI_ENOTDIR;
    *done = 1;
    return WASI_ESUCCESS;
  }
  return enter_directory(wk, name);
}

uint32_t wasi_path_load(wasmrt_wasi *w, uint32_t ptr, uint32_t len, char **out) {
  if (!wasi_mem_ok(w, ptr, len)) return WASI_EFAULT;
  const uint8_t *src = wasi_mem_at(w, ptr);
  if (memchr(src, '\0', len)) return WASI_EINVAL;
  if (len >= PATH_MAX) return WASI_ENAMETOOLONG;
  char *s = malloc((size_t)len + 1);
  if (!s) return WASI_ENOMEM;
  memcpy(s, src, len);
  s[len] = '\0';
  *out = s;
  return WASI_ESUCCESS;
}

static uint32_t make_result(walk *wk, const char *name, wasi_path *out) {
  size_t len = strlen(name);
  out->name = malloc(len + 1);
  if (!out->name) return WASI_ENOMEM;
  memcpy(out->name, name, len + 1);
  out->dirfd = walk_top(wk);
  out->dirfd_owned = wk->depth > 0;
  if (out->dirfd_owned) wk->depth--; /* ownership moves to out */
  return WASI_ESUCCESS;
}

/* Walk every component; leaves the final name in *final (inside wk->rest)
 * or NULL when the path ends at a directory on the stack. */
static uint32_t walk_path(walk *wk, int follow_last, const char **final) {
  char *cursor = wk->rest;
  *final = NULL;
  int slash = 0;
  for (char *name; (name = next_component(&cursor, &slash));) {
    *final = NULL;
    if (strcmp(name, ".") == 0) continue;
    if (strcmp(name, "..") == 0) {
      if (wk->depth == 0) return WASI_ENOTCAPABLE;
      walk_pop(wk);
      continue;
    }
    int done = 0;
    uint32_t err = walk_component(wk, name, &cursor, slash, follow_last, &done);
    if (err) return err;
    if (done) {
      *final = name;
      return WASI_ESUCCESS;
    }
  }
  return WASI_ESUCCESS;
}

uint32_t wasi_path_resolve(wasmrt_wasi *w, uint32_t fd, uint64_t rights, uint32_t ptr,
                           uint32_t len, int follow_last, wasi_path *out) {
  *out = (wasi_path){.dirfd = -1};
  wasi_fd *dir;
  uint32_t err = wasi_fd_lookup(w, fd, rights, &dir);
  if (err) return err;
  walk wk = {.base = dir->host_fd};
  if (dir->filetype != WASI_FILETYPE_DIRECTORY) err = WASI_ENOTDIR;
  else err = wasi_path_load(w, ptr, len, &wk.rest);
  if (err) {
    wasi_fd_put(w, dir);
    return err;
  }
  if (wk.rest[0] == '/') err = WASI_ENOTCAPABLE;
  else if (wk.rest[0] == '\0') err = WASI_ENOENT;
  const char *final = NULL;
  if (!err) err = walk_path(&wk, follow_last, &final);
  if (!err) err = make_result(&wk, final ? final : ".", out);
  walk_free(&wk);
  /* The result may be the directory's own host fd: hold it until release. */
  if (err) wasi_fd_put(w, dir);
  else out->w = w, out->base = dir;
  return err;
}

void wasi_path_release(wasi_path *p) {
  if (p->dirfd_owned) close(p->dirfd);
  if (p->base) wasi_fd_put(p->w, p->base);
  free(p->name);
  *p = (wasi_path){.dirfd = -1};
}
