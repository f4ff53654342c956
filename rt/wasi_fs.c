/* wasi_fs.c - the path_* functions. Every path goes through wasi_path_resolve
 * (wasi_path.c), which returns a directory fd and a final name; the operation
 * is then one *at() call on that pair, so it cannot act outside the preopen.
 * libuv's path functions take whole path strings, which would reopen the
 * escape the resolver closes, hence POSIX *at() calls here.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* renameat */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The rights that make path_open open for writing (as wasi-libc asks them). */
#define WRITE_RIGHTS                                                                         \
  (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_ALLOCATE |                   \
   WASI_RIGHT_FD_FILESTAT_SET_SIZE)
#define READ_RIGHTS (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR)

static uint32_t host_result(int r) {
  return r == 0 ? WASI_ESUCCESS : wasi_errno_from_host(errno);
}

/* ------------------------------------------------------------ path_open */

static int open_flags(uint32_t oflags, uint64_t rights, uint32_t fdflags) {
  int flags = O_CLOEXEC;
  int reading = (rights & READ_RIGHTS) != 0, writing = (rights & WRITE_RIGHTS) != 0;
  /* A directory is never opened for writing; its rights lose the write bits
   * in install_fd (asking for them is not an error, as in wasmtime). */
  if (oflags & WASI_OFLAG_DIRECTORY) {
    writing = 0;
    flags |= O_DIRECTORY;
  }
  flags |= writing ? (reading ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (oflags & WASI_OFLAG_CREAT) flags |= O_CREAT;
  if (oflags & WASI_OFLAG_EXCL) flags |= O_EXCL;
  if (oflags & WASI_OFLAG_TRUNC) flags |= O_TRUNC;
  if (fdflags & WASI_FDFLAG_APPEND) flags |= O_APPEND;
  if (fdflags & WASI_FDFLAG_DSYNC) flags |= O_DSYNC;
  if (fdflags & WASI_FDFLAG_NONBLOCK) flags |= O_NONBLOCK;
  if (fdflags & WASI_FDFLAG_RSYNC) flags |= O_RSYNC;
  if (fdflags & WASI_FDFLAG_SYNC) flags |= O_SYNC;
  /* The resolver already followed a final link when asked to; anything that
   * is still a link here must not be followed by the kernel. */
  return flags | O_NOFOLLOW;
}

/* The rights path_open needs on the directory itself. */
static uint64_t open_dir_rights(uint32_t oflags) {
  uint64_t rights = WASI_RIGHT_PATH_OPEN;
  if (oflags & WASI_OFLAG_CREAT) rights |= WASI_RIGHT_PATH_CREATE_FILE;
  if (oflags & WASI_OFLAG_TRUNC) rights |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
  return rights;
}

/* Add an opened host fd to the table with the rights it may have. */
static uint32_t install_fd(wasmrt_wasi *w, int host_fd, uint64_t base, uint64_t inheriting,
                           uint32_t fdflags, uint32_t fd_ptr) {
  struct stat st;
  if (fstat(host_fd, &st) != 0) {
    uint32_t err = wasi_errno_from_host(errno);
    close(host_fd);
    return err;
  }
  uint8_t type = wasi_filetype_from_mode(st.st_mode);
  wasi_fd e = {.host_fd = host_fd, .filetype = type, .fdflags = (uint16_t)fdflags,
               .rights_base = base & wasi_rights_for_host_fd(type, host_fd),
               .rights_inheriting = inheriting};
  uint32_t fd, err = wasi_fd_insert(w, &e, &fd);
  if (err) {
    close(host_fd);
    return err;
  }
  wasi_put_u32(wasi_mem_at(w, fd_ptr), fd);
  return WASI_ESUCCESS;
}

static uint32_t wasi_path_open(void *env, uint32_t dirfd, uint32_t dirflags, uint32_t path,
                               uint32_t path_len, uint32_t oflags, uint64_t base,
                               uint64_t inheriting, uint32_t fdflags, uint32_t fd_ptr) {
  wasmrt_wasi *w = env;
  wasi_fd *dir;
  uint32_t err = wasi_fd_lookup(w, dirfd, open_dir_rights(oflags), &dir);
  if (err) return err;
  /* Bits beyond the defined rights mean nothing (wasi-libc sets them). */
  base &= WASI_RIGHTS_ALL;
  inheriting &= WASI_RIGHTS_ALL;
  pthread_mutex_lock(&w->fd_lock); /* fd_fdstat_set_rights may change them */
  uint64_t allowed = dir->rights_inheriting;
  pthread_mutex_unlock(&w->fd_lock);
  wasi_fd_put(w, dir);
  if ((base & ~allowed) || (inheriting & ~allowed)) return WASI_ENOTCAPABLE;
  if (!wasi_mem_ok(w, fd_ptr, 4)) return WASI_EFAULT;
  int follow = dirflags & WASI_LOOKUP_SYMLINK_FOLLOW;
  wasi_path p;
  if ((err = wasi_path_resolve(w, dirfd, 0, path, path_len, follow, &p))) return err;
  int host_fd = openat(p.dirfd, p.name, open_flags(oflags, base, fdflags), 0666);
  int saved = errno;
  wasi_path_release(&p);
  if (host_fd < 0) return wasi_errno_from_host(saved);
  return install_fd(w, host_fd, base, inheriting, fdflags, fd_ptr);
}

/* ---------------------------------------------- create, remove, unlink */

static uint32_t wasi_path_create_directory(void *env, uint32_t fd, uint32_t path, uint32_t len) {
  wasi_path p;
  uint32_t err = wasi_path_resolve(env, fd, WASI_RIGHT_PATH_CREATE_DIRECTORY, path, len, 0, &p);
  if (err) return err;
  err = host_result(mkdirat(p.dirfd, p.name, 0777));
  wasi_path_release(&p);
  return err;
}

static uint32_t wasi_path_remove_directory(void *env, uint32_t fd, uint32_t path, uint32_t len) {
  wasi_path p;
  uint32_t err = wasi_path_resolve(env, fd, WASI_RIGHT_PATH_REMOVE_DIRECTORY, path, len, 0, &p);
  if (err) return err;
  err = host_result(unlinkat(p.dirfd, p.name, AT_REMOVEDIR));
  wasi_path_release(&p);
  return err;
}

static uint32_t wasi_path_unlink_file(void *env, uint32_t fd, uint32_t path, uint32_t len) {
  wasi_path p;
  uint32_t err = wasi_path_resolve(env, fd, WASI_RIGHT_PATH_UNLINK_FILE, path, len, 0, &p);
  if (err) return err;
  err = host_result(unlinkat(p.dirfd, p.name, 0));
  wasi_path_release(&p);
  return err;
}

/* ----------------------------------------------- rename, link, symlink */

static uint32_t wasi_path_rename(void *env, uint32_t fd, uint32_t old_path, uint32_t old_len,
                                 uint32_t new_fd, uint32_t new_path, uint32_t new_len) {
  wasi_path from, to;
  uint32_t err =
      wasi_path_resolve(env, fd, WASI_RIGHT_PATH_RENAME_SOURCE, old_path, old_len, 0, &from);
  if (err) return err;
  err = wasi_path_resolve(env, new_fd, WASI_RIGHT_PATH_RENAME_TARGET, new_path, new_len, 0, &to);
  if (!err) {
    err = host_result(renameat(from.dirfd, from.name, to.dirfd, to.name));
    wasi_path_release(&to);
  }
  wasi_path_release(&from);
  return err;
}

static uint32_t wasi_path_link(void *env, uint32_t old_fd, uint32_t old_flags, uint32_t old_path,
                               uint32_t old_len, uint32_t new_fd, uint32_t new_path,
                               uint32_t new_len) {
  wasi_path from, to;
  int follow = old_flags & WASI_LOOKUP_SYMLINK_FOLLOW;
  uint32_t err = wasi_path_resolve(env, old_fd, WASI_RIGHT_PATH_LINK_SOURCE, old_path, old_len,
                                   follow, &from);
  if (err) return err;
  err = wasi_path_resolve(env, new_fd, WASI_RIGHT_PATH_LINK_TARGET, new_path, new_len, 0, &to);
  if (!err) {
    err = host_result(linkat(from.dirfd, from.name, to.dirfd, to.name, 0));
    wasi_path_release(&to);
  }
  wasi_path_release(&from);
  return err;
}

/* The link's contents are stored as given: the resolver refuses to follow
 * absolute or escaping targets, so writing them is harmless. */
static uint32_t wasi_path_symlink(void *env, uint32_t old_path, uint32_t old_len, uint32_t fd,
                                  uint32_t new_path, uint32_t new_len) {
  char *target;
  uint32_t err = wasi_path_load(env, old_path, old_len, &target);
  if (err) return err;
  wasi_path p;
  err = wasi_path_resolve(env, fd, WASI_RIGHT_PATH_SYMLINK, new_path, new_len, 0, &p);
  if (!err) {
    err = host_result(symlinkat(target, p.dirfd, p.name));
    wasi_path_release(&p);
  }
  free(target);
  return err;
}

static uint32_t wasi_path_readlink(void *env, uint32_t fd, uint32_t path, uint32_t len,
                                   uint32_t buf, uint32_t buf_len, uint32_t bufused) {
  wasmrt_wasi *w = env;
  if (!wasi_mem_ok(w, buf, buf_len) || !wasi_mem_ok(w, bufused, 4)) return WASI_EFAULT;
  wasi_path p;
  uint32_t err = wasi_path_resolve(w, fd, WASI_RIGHT_PATH_READLINK, path, len, 0, &p);
  if (err) return err;
  /* Read into guest memory directly: a too-small buffer truncates, as POSIX. */
  ssize_t n = readlinkat(p.dirfd, p.name, (char *)wasi_mem_at(w, buf), buf_len);
  err = n < 0 ? wasi_errno_from_host(errno) : WASI_ESUCCESS;
  wasi_path_release(&p);
  if (!err) wasi_put_u32(wasi_mem_at(w, bufused), (uint32_t)n);
  return err;
}

/* ------------------------------------------------------------ filestat */

static uint64_t timespec_ns(struct timespec ts) {
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint32_t wasi_path_filestat_get(void *env, uint32_t fd, uint32_t flags, uint32_t path,
                                       uint32_t len, uint32_t buf) {
  wasmrt_wasi *w = env;
  if (!wasi_mem_ok(w, buf, 64)) return WASI_EFAULT;
  wasi_path p;
  int follow = flags & WASI_LOOKUP_SYMLINK_FOLLOW;
  uint32_t err = wasi_path_resolve(w, fd, WASI_RIGHT_PATH_FILESTAT_GET, path, len, follow, &p);
  if (err) return err;
  struct stat st;
  err = host_result(fstatat(p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW));
  wasi_path_release(&p);
  if (!err)
    wasi_put_filestat(wasi_mem_at(w, buf), st.st_dev, st.st_ino,
                      wasi_filetype_from_mode(st.st_mode), st.st_nlink, (uint64_t)st.st_size,
                      timespec_ns(st.st_atim), timespec_ns(st.st_mtim), timespec_ns(st.st_ctim));
  return err;
}

static uint32_t wasi_path_filestat_set_times(void *env, uint32_t fd, uint32_t flags,
                                             uint32_t path, uint32_t len, uint64_t atim,
                                             uint64_t mtim, uint32_t fstflags) {
  struct timespec ts[2];
  uint32_t err = wasi_timespecs(atim, mtim, fstflags, ts);
  if (err) return err;
  wasi_path p;
  int follow = flags & WASI_LOOKUP_SYMLINK_FOLLOW;
  err = wasi_path_resolve(env, fd, WASI_RIGHT_PATH_FILESTAT_SET_TIMES, path, len, follow, &p);
  if (err) return err;
  err = host_result(utimensat(p.dirfd, p.name, ts, AT_SYMLINK_NOFOLLOW));
  wasi_path_release(&p);
  return err;
}

static const wasi_hostfn fs_functions[] = {
    WASI_HOSTFN(path_create_directory, "iii:i"),
    WASI_HOSTFN(path_filestat_get, "iiiii:i"),
    WASI_HOSTFN(path_filestat_set_times, "iiiiIIi:i"),
    WASI_HOSTFN(path_link, "iiiiiii:i"),
    WASI_HOSTFN(path_open, "iiiiiIIii:i"),
    WASI_HOSTFN(path_readlink, "iiiiii:i"),
    WASI_HOSTFN(path_remove_directory, "iii:i"),
    WASI_HOSTFN(path_rename, "iiiiii:i"),
    WASI_HOSTFN(path_symlink, "iiiii:i"),
    WASI_HOSTFN(path_unlink_file, "iii:i"),
};

const wasi_hostfn *wasi_fs_functions(size_t *n) {
  *n = sizeof fs_functions / sizeof fs_functions[0];
  return fs_functions;
}
