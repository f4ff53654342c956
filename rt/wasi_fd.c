/* wasi_fd.c - the guest's fd table and the fd_* functions.
 *
 * Guest fds index w->fds; each slot owns its host fd unless `borrowed` (the
 * host's stdio, which the guest may close or renumber over without the host
 * losing it). Reads, writes and syncs go through libuv's synchronous uv_fs_*
 * calls; seek, advise, allocate, nanosecond timestamps and directory streams
 * have no libuv equivalent taking an fd, so those use POSIX directly.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

/* Guest fds above this are refused (EBADF/EMFILE): a bound on the table. */
#define MAX_GUEST_FDS 65536u

#define FILE_RIGHTS                                                                          \
  (WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK |                        \
   WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_TELL |                \
   WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ADVISE | WASI_RIGHT_FD_ALLOCATE |                     \
   WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_SIZE |                            \
   WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_POLL_FD_READWRITE)
#define STREAM_RIGHTS                                                                        \
  (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_FDSTAT_SET_FLAGS |               \
   WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE)
#define SOCKET_RIGHTS (STREAM_RIGHTS | WASI_RIGHT_SOCK_SHUTDOWN | WASI_RIGHT_SOCK_ACCEPT)
/* A directory may do everything except byte I/O on itself. */
#define DIRECTORY_RIGHTS                                                                     \
  (WASI_RIGHTS_ALL & ~(WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK |       \
                       WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_ALLOCATE |                         \
                       WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_SOCK_SHUTDOWN |          \
                       WASI_RIGHT_SOCK_ACCEPT))

/* ---------------------------------------------------------- the table */

uint8_t wasi_filetype_from_mode(mode_t mode) {
  if (S_ISREG(mode)) return WASI_FILETYPE_REGULAR_FILE;
  if (S_ISDIR(mode)) return WASI_FILETYPE_DIRECTORY;
  if (S_ISCHR(mode)) return WASI_FILETYPE_CHARACTER_DEVICE;
  if (S_ISBLK(mode)) return WASI_FILETYPE_BLOCK_DEVICE;
  if (S_ISLNK(mode)) return WASI_FILETYPE_SYMBOLIC_LINK;
  if (S_ISSOCK(mode)) return WASI_FILETYPE_SOCKET_STREAM;
  return WASI_FILETYPE_UNKNOWN; /* FIFOs: WASI has no type for them */
}

uint64_t wasi_rights_for_filetype(uint8_t filetype) {
  switch (filetype) {
  case WASI_FILETYPE_REGULAR_FILE:
  case WASI_FILETYPE_BLOCK_DEVICE: return FILE_RIGHTS;
  case WASI_FILETYPE_DIRECTORY: return DIRECTORY_RIGHTS;
  case WASI_FILETYPE_SOCKET_STREAM:
  case WASI_FILETYPE_SOCKET_DGRAM: return SOCKET_RIGHTS;
  default: return STREAM_RIGHTS;
  }
}

/* A character device that is no terminal (/dev/null, /dev/zero) can seek:
 * it gets a file's rights, as node's WASI (uvwasi) reports it. That is
 * also what keeps wasi-libc's isatty false for it: isatty is "a character
 * device without the rights to seek and tell". A terminal keeps the stream's
 * rights. */
uint64_t wasi_rights_for_host_fd(uint8_t filetype, int host_fd) {
  if (filetype == WASI_FILETYPE_CHARACTER_DEVICE && !isatty(host_fd)) return FILE_RIGHTS;
  return wasi_rights_for_filetype(filetype);
}

static void close_dir_stream(wasi_fd *e) {
  if (e->dir) closedir(e->dir);
  e->dir = NULL;
  e->dir_next = 0;
}

/* Close the host fd (unless borrowed) and free the entry. */
static void destroy(wasi_fd *e) {
  if (!e) return;
  close_dir_stream(e);
  if (!e->borrowed) {
    uv_fs_t req;
    uv_fs_close(NULL, &req, e->host_fd, NULL);
    uv_fs_req_cleanup(&req);
  }
  free(e->preopen_name);
  free(e);
}

/* Take slot fd's entry out of the table (under fd_lock). Returns it when
 * nobody holds it, for the caller to destroy after unlocking; else the last
 * wasi_fd_put will. */
static wasi_fd *detach(wasmrt_wasi *w, uint32_t fd) {
  wasi_fd *e = w->fds[fd];
  w->fds[fd] = NULL;
  if (!e || e->users == 0) return e;
  e->detached = 1;
  return NULL;
}

uint32_t wasi_fd_lookup(wasmrt_wasi *w, uint32_t fd, uint64_t rights, wasi_fd **out) {
  uint32_t err = WASI_ESUCCESS;
  pthread_mutex_lock(&w->fd_lock);
  wasi_fd *e = fd < w->nfds ? w->fds[fd] : NULL;
  if (!e) err = WASI_EBADF;
  else if ((e->rights_base & rights) != rights) err = WASI_ENOTCAPABLE;
  else e->users++;
  pthread_mutex_unlock(&w->fd_lock);
  *out = err ? NULL : e;
  return err;
}

void wasi_fd_put(wasmrt_wasi *w, wasi_fd *e) {
  pthread_mutex_lock(&w->fd_lock);
  int last = --e->users == 0 && e->detached;
  pthread_mutex_unlock(&w->fd_lock);
  if (last) destroy(e);
}

/* Make slot `fd` exist (under fd_lock). */
static uint32_t ensure_slot(wasmrt_wasi *w, uint32_t fd) {
  if (fd < w->nfds) return WASI_ESUCCESS;
  if (fd >= MAX_GUEST_FDS) return WASI_EMFILE;
  uint32_t n = w->nfds ? w->nfds : 8;
  while (n <= fd) n *= 2;
  wasi_fd **grown = realloc(w->fds, n * sizeof *grown);
  if (!grown) return WASI_ENOMEM;
  for (uint32_t i = w->nfds; i < n; i++) grown[i] = NULL;
  w->fds = grown;
  w->nfds = n;
  return WASI_ESUCCESS;
}

uint32_t wasi_fd_insert(wasmrt_wasi *w, const wasi_fd *e, uint32_t *fd_out) {
  wasi_fd *copy = malloc(sizeof *copy);
  if (!copy) return WASI_ENOMEM;
  *copy = *e;
  copy->users = 0;
  copy->detached = 0;
  pthread_mutex_lock(&w->fd_lock);
  uint32_t fd = 0;
  while (fd < w->nfds && w->fds[fd]) fd++;
  uint32_t err = ensure_slot(w, fd);
  if (!err) w->fds[fd] = copy;
  pthread_mutex_unlock(&w->fd_lock);
  if (err) free(copy);
  else *fd_out = fd;
  return err;
}

void wasi_fd_table_free(wasmrt_wasi *w) {
  for (uint32_t i = 0; i < w->nfds; i++) destroy(w->fds[i]);
  free(w->fds);
  w->fds = NULL;
  w->nfds = 0;
}

/* ---------------------------------------------------------- records */

void wasi_put_filestat(uint8_t *p, uint64_t dev, uint64_t ino, uint8_t filetype, uint64_t nlink,
                       uint64_t size, uint64_t atim, uint64_t mtim, uint64_t ctim) {
  memset(p, 0, 64);
  wasi_put_u64(p, dev);
  wasi_put_u64(p + 8, ino);
  p[16] = filetype;
  wasi_put_u64(p + 24, nlink);
  wasi_put_u64(p + 32, size);
  wasi_put_u64(p + 40, atim);
  wasi_put_u64(p + 48, mtim);
  wasi_put_u64(p + 56, ctim);
}

static uint64_t uv_timespec_ns(uv_timespec_t ts) {
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct timespec ns_timespec(uint64_t ns) {
  return (struct timespec){.tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u)};
}

uint32_t wasi_timespecs(uint64_t atim, uint64_t mtim, uint32_t fstflags, struct timespec ts[2]) {
  if ((fstflags & WASI_FSTFLAG_ATIM && fstflags & WASI_FSTFLAG_ATIM_NOW) ||
      (fstflags & WASI_FSTFLAG_MTIM && fstflags & WASI_FSTFLAG_MTIM_NOW) || fstflags > 15)
    return WASI_EINVAL;
  ts[0] = ns_timespec(atim);
  ts[1] = ns_timespec(mtim);
  if (fstflags & WASI_FSTFLAG_ATIM_NOW) ts[0].tv_nsec = UTIME_NOW;
  else if (!(fstflags & WASI_FSTFLAG_ATIM)) ts[0].tv_nsec = UTIME_OMIT;
  if (fstflags & WASI_FSTFLAG_MTIM_NOW) ts[1].tv_nsec = UTIME_NOW;
  else if (!(fstflags & WASI_FSTFLAG_MTIM)) ts[1].tv_nsec = UTIME_OMIT;
  return WASI_ESUCCESS;
}

/* ------------------------------------------------------- byte I/O */

/* Read or write through libuv; offset -1 means the current position. */
static uint32_t transfer_on(wasmrt_wasi *w, int host_fd, uint32_t iovs, uint32_t iovs_len,
                            int64_t offset, uint32_t result_ptr, int writing) {
  wasi_iovs v;
  uint32_t err;
  if (!wasi_mem_ok(w, result_ptr, 4)) return WASI_EFAULT;
  if ((err = wasi_iovs_load(w, iovs, iovs_len, &v))) return err;
  int r = 0; /* no buffers, no bytes: libuv would call that EINVAL */
  if (v.n > 0) {
    uv_fs_t req;
    r = writing ? uv_fs_write(NULL, &req, host_fd, v.bufs, v.n, offset, NULL)
                : uv_fs_read(NULL, &req, host_fd, v.bufs, v.n, offset, NULL);
    uv_fs_req_cleanup(&req);
  }
  wasi_iovs_free(&v);
  if (r < 0) return wasi_errno_from_uv(r);
  wasi_put_u32(wasi_mem_at(w, result_ptr), (uint32_t)r);
  return WASI_ESUCCESS;
}

static uint32_t transfer(wasmrt_wasi *w, uint32_t fd, uint64_t rights, uint32_t iovs,
                         uint32_t iovs_len, int64_t offset, uint32_t result_ptr, int writing) {
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup(w, fd, rights, &e);
  if (err) return err;
  err = transfer_on(w, e->host_fd, iovs, iovs_len, offset, result_ptr, writing);
  wasi_fd_put(w, e);
  return err;
}

static uint32_t wasi_fd_read(void *env, uint32_t fd, uint32_t iovs, uint32_t n, uint32_t nread) {
  return transfer(env, fd, WASI_RIGHT_FD_READ, iovs, n, -1, nread, 0);
}

static uint32_t wasi_fd_write(void *env, uint32_t fd, uint32_t iovs, uint32_t n,
                              uint32_t nwritten) {
  return transfer(env, fd, WASI_RIGHT_FD_WRITE, iovs, n, -1, nwritten, 1);
}

static uint32_t wasi_fd_pread(void *env, uint32_t fd, uint32_t iovs, uint32_t n, uint64_t offset,
                              uint32_t nread) {
  if (offset > INT64_MAX) return WASI_EINVAL;
  return transfer(env, fd, WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK, iovs, n, (int64_t)offset,
                  nread, 0);
}

static uint32_t wasi_fd_pwrite(void *env, uint32_t fd, uint32_t iovs, uint32_t n,
                               uint64_t offset, uint32_t nwritten) {
  if (offset > INT64_MAX) return WASI_EINVAL;
  return transfer(env, fd, WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK, iovs, n, (int64_t)offset,
                  nwritten, 1);
}

/* Most fd_* calls are one host call on the host fd: they pass it to `op`
 * with the held entry, after the lookup for `rights`. */
typedef struct fd_call {
  uint64_t a, b;             /* the call's numeric arguments */
  uint32_t c, ptr;
} fd_call;
typedef uint32_t (*fd_op)(wasmrt_wasi *w, wasi_fd *e, const fd_call *call);

static uint32_t with_fd(wasmrt_wasi *w, uint32_t fd, uint64_t rights, fd_op op, fd_call call) {
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup(w, fd, rights, &e);
  if (err) return err;
  err = op(w, e, &call);
  wasi_fd_put(w, e);
  return err;
}

static uint32_t seek_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  static const int host_whence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  if (c->c > 2) return WASI_EINVAL;
  if (!wasi_mem_ok(w, c->ptr, 8)) return WASI_EFAULT;
  off_t pos = lseek(e->host_fd, (off_t)(int64_t)c->a, host_whence[c->c]);
  if (pos < 0) return wasi_errno_from_host(errno);
  wasi_put_u64(wasi_mem_at(w, c->ptr), (uint64_t)pos);
  return WASI_ESUCCESS;
}

static uint32_t wasi_fd_seek(void *env, uint32_t fd, uint64_t offset, uint32_t whence,
                             uint32_t newoffset) {
  /* Asking for the position only is a tell, as wasmtime treats it. */
  uint64_t right = offset == 0 && whence == 1 ? WASI_RIGHT_FD_TELL : WASI_RIGHT_FD_SEEK;
  return with_fd(env, fd, right, seek_op, (fd_call){.a = offset, .c = whence, .ptr = newoffset});
}

static uint32_t wasi_fd_tell(void *env, uint32_t fd, uint32_t offset_ptr) {
  return wasi_fd_seek(env, fd, 0, 1, offset_ptr);
}

/* ------------------------------------------------ sync, size, advice */

static uint32_t sync_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  (void)w;
  uv_fs_t req;
  int r = c->c ? uv_fs_fdatasync(NULL, &req, e->host_fd, NULL)
               : uv_fs_fsync(NULL, &req, e->host_fd, NULL);
  uv_fs_req_cleanup(&req);
  return wasi_errno_from_uv(r);
}

static uint32_t wasi_fd_sync(void *env, uint32_t fd) {
  return with_fd(env, fd, WASI_RIGHT_FD_SYNC, sync_op, (fd_call){.c = 0});
}

static uint32_t wasi_fd_datasync(void *env, uint32_t fd) {
  return with_fd(env, fd, WASI_RIGHT_FD_DATASYNC, sync_op, (fd_call){.c = 1});
}

static uint32_t advise_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  static const int host_advice[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  (void)w;
  if (c->c > 5 || c->a > INT64_MAX || c->b > INT64_MAX) return WASI_EINVAL;
  return wasi_errno_from_host(
      posix_fadvise(e->host_fd, (off_t)c->a, (off_t)c->b, host_advice[c->c]));
}

static uint32_t wasi_fd_advise(void *env, uint32_t fd, uint64_t offset, uint64_t len,
                               uint32_t advice) {
  return with_fd(env, fd, WASI_RIGHT_FD_ADVISE, advise_op,
                 (fd_call){.a = offset, .b = len, .c = advice});
}

static uint32_t allocate_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  (void)w;
  if (c->a > INT64_MAX || c->b > INT64_MAX - c->a) return WASI_EINVAL;
  return wasi_errno_from_host(posix_fallocate(e->host_fd, (off_t)c->a, (off_t)c->b));
}

static uint32_t wasi_fd_allocate(void *env, uint32_t fd, uint64_t offset, uint64_t len) {
  return with_fd(env, fd, WASI_RIGHT_FD_ALLOCATE, allocate_op, (fd_call){.a = offset, .b = len});
}

static uint32_t set_size_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  (void)w;
  if (c->a > INT64_MAX) return WASI_EINVAL;
  uv_fs_t req;
  int r = uv_fs_ftruncate(NULL, &req, e->host_fd, (int64_t)c->a, NULL);
  uv_fs_req_cleanup(&req);
  return wasi_errno_from_uv(r);
}

static uint32_t wasi_fd_filestat_set_size(void *env, uint32_t fd, uint64_t size) {
  return with_fd(env, fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, set_size_op, (fd_call){.a = size});
}

/* futimens, not uv_fs_futime: that takes double seconds and loses nanoseconds. */
static uint32_t set_times_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  (void)w;
  struct timespec ts[2];
  uint32_t err = wasi_timespecs(c->a, c->b, c->c, ts);
  if (err) return err;
  return futimens(e->host_fd, ts) == 0 ? WASI_ESUCCESS : wasi_errno_from_host(errno);
}

static uint32_t wasi_fd_filestat_set_times(void *env, uint32_t fd, uint64_t atim, uint64_t mtim,
                                           uint32_t fstflags) {
  return with_fd(env, fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, set_times_op,
                 (fd_call){.a = atim, .b = mtim, .c = fstflags});
}

static uint32_t filestat_get_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  if (!wasi_mem_ok(w, c->ptr, 64)) return WASI_EFAULT;
  uv_fs_t req;
  int r = uv_fs_fstat(NULL, &req, e->host_fd, NULL);
  if (r == 0) {
    const uv_stat_t *st = &req.statbuf;
    wasi_put_filestat(wasi_mem_at(w, c->ptr), st->st_dev, st->st_ino,
                      wasi_filetype_from_mode((mode_t)st->st_mode), st->st_nlink, st->st_size,
                      uv_timespec_ns(st->st_atim), uv_timespec_ns(st->st_mtim),
                      uv_timespec_ns(st->st_ctim));
  }
  uv_fs_req_cleanup(&req);
  return wasi_errno_from_uv(r);
}

static uint32_t wasi_fd_filestat_get(void *env, uint32_t fd, uint32_t buf) {
  return with_fd(env, fd, WASI_RIGHT_FD_FILESTAT_GET, filestat_get_op, (fd_call){.ptr = buf});
}

/* -------------------------------------------------------------- fdstat */

static uint32_t fdstat_get_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  if (!wasi_mem_ok(w, c->ptr, 24)) return WASI_EFAULT;
  uint8_t *p = wasi_mem_at(w, c->ptr);
  memset(p, 0, 24);
  p[0] = e->filetype;
  pthread_mutex_lock(&w->fd_lock);
  wasi_put_u16(p + 2, e->fdflags);
  wasi_put_u64(p + 8, e->rights_base);
  wasi_put_u64(p + 16, e->rights_inheriting);
  pthread_mutex_unlock(&w->fd_lock);
  return WASI_ESUCCESS;
}

static uint32_t wasi_fd_fdstat_get(void *env, uint32_t fd, uint32_t buf) {
  return with_fd(env, fd, 0, fdstat_get_op, (fd_call){.ptr = buf});
}

/* Only APPEND and NONBLOCK can change on an open fd (Linux ignores the sync
 * flags in F_SETFL), so asking for the others is ENOTSUP. Under the lock:
 * two threads setting flags must leave the host's and the entry's alike. */
static uint32_t set_flags_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  uint32_t flags = c->c, err = WASI_ESUCCESS;
  if (flags & ~(uint32_t)(WASI_FDFLAG_APPEND | WASI_FDFLAG_NONBLOCK)) return WASI_ENOTSUP;
  pthread_mutex_lock(&w->fd_lock);
  int host = fcntl(e->host_fd, F_GETFL);
  if (host >= 0) {
    host &= ~(O_APPEND | O_NONBLOCK);
    if (flags & WASI_FDFLAG_APPEND) host |= O_APPEND;
    if (flags & WASI_FDFLAG_NONBLOCK) host |= O_NONBLOCK;
  }
  if (host < 0 || fcntl(e->host_fd, F_SETFL, host) != 0) err = wasi_errno_from_host(errno);
  else e->fdflags = (uint16_t)flags;
  pthread_mutex_unlock(&w->fd_lock);
  return err;
}

static uint32_t wasi_fd_fdstat_set_flags(void *env, uint32_t fd, uint32_t flags) {
  return with_fd(env, fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, set_flags_op, (fd_call){.c = flags});
}

/* Rights can only be dropped, never regained. */
static uint32_t set_rights_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  uint32_t err = WASI_ENOTCAPABLE;
  pthread_mutex_lock(&w->fd_lock);
  if (!(c->a & ~e->rights_base) && !(c->b & ~e->rights_inheriting)) {
    e->rights_base = c->a;
    e->rights_inheriting = c->b;
    err = WASI_ESUCCESS;
  }
  pthread_mutex_unlock(&w->fd_lock);
  return err;
}

static uint32_t wasi_fd_fdstat_set_rights(void *env, uint32_t fd, uint64_t base,
                                          uint64_t inheriting) {
  return with_fd(env, fd, 0, set_rights_op, (fd_call){.a = base, .b = inheriting});
}

/* ------------------------------------------------------ close, renumber */

static uint32_t wasi_fd_close(void *env, uint32_t fd) {
  wasmrt_wasi *w = env;
  wasi_fd *gone = NULL;
  pthread_mutex_lock(&w->fd_lock);
  uint32_t err = fd < w->nfds && w->fds[fd] ? WASI_ESUCCESS : WASI_EBADF;
  if (!err) gone = detach(w, fd);
  pthread_mutex_unlock(&w->fd_lock);
  destroy(gone);
  return err;
}

/* Like wasmtime, `to` may be a closed slot: programs (dup2 emulations) rely on
 * it. Whatever `to` held is closed first, except the host's own stdio. */
static uint32_t wasi_fd_renumber(void *env, uint32_t from, uint32_t to) {
  wasmrt_wasi *w = env;
  wasi_fd *gone = NULL;
  pthread_mutex_lock(&w->fd_lock);
  uint32_t err = from < w->nfds && w->fds[from] ? WASI_ESUCCESS : WASI_EBADF;
  if (!err && from != to && (err = ensure_slot(w, to)) == WASI_EMFILE) err = WASI_EBADF;
  if (!err && from != to) {
    gone = detach(w, to);
    w->fds[to] = w->fds[from];
    w->fds[from] = NULL;
  }
  pthread_mutex_unlock(&w->fd_lock);
  destroy(gone);
  return err;
}

/* ------------------------------------------------------------- prestat */

/* A preopen's name is set when it is made and lives as long as the entry. */
static uint32_t prestat_get_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  if (!e->preopen_name) return WASI_EBADF;
  if (!wasi_mem_ok(w, c->ptr, 8)) return WASI_EFAULT;
  uint8_t *p = wasi_mem_at(w, c->ptr);
  memset(p, 0, 8); /* tag 0: a directory */
  wasi_put_u32(p + 4, (uint32_t)strlen(e->preopen_name));
  return WASI_ESUCCESS;
}

static uint32_t wasi_fd_prestat_get(void *env, uint32_t fd, uint32_t buf) {
  return with_fd(env, fd, 0, prestat_get_op, (fd_call){.ptr = buf});
}

static uint32_t prestat_dir_name_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  if (!e->preopen_name) return WASI_EBADF;
  size_t name_len = strlen(e->preopen_name);
  if (c->c < name_len) return WASI_ENAMETOOLONG;
  if (!wasi_mem_ok(w, c->ptr, name_len)) return WASI_EFAULT;
  memcpy(wasi_mem_at(w, c->ptr), e->preopen_name, name_len);
  return WASI_ESUCCESS;
}

static uint32_t wasi_fd_prestat_dir_name(void *env, uint32_t fd, uint32_t path, uint32_t len) {
  return with_fd(env, fd, 0, prestat_dir_name_op, (fd_call){.ptr = path, .c = len});
}

/* ------------------------------------------------------------- readdir */

static uint8_t filetype_from_dirent(int dirfd, const struct dirent *d) {
  switch (d->d_type) {
  case DT_REG: return WASI_FILETYPE_REGULAR_FILE;
  case DT_DIR: return WASI_FILETYPE_DIRECTORY;
  case DT_LNK: return WASI_FILETYPE_SYMBOLIC_LINK;
  case DT_CHR: return WASI_FILETYPE_CHARACTER_DEVICE;
  case DT_BLK: return WASI_FILETYPE_BLOCK_DEVICE;
  case DT_SOCK: return WASI_FILETYPE_SOCKET_STREAM;
  case DT_FIFO: return WASI_FILETYPE_UNKNOWN;
  default: {
    struct stat st; /* the filesystem does not report types in entries */
    return fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0
               ? wasi_filetype_from_mode(st.st_mode) : WASI_FILETYPE_UNKNOWN;
  }
  }
}

/* Position e->dir so the next entry read is number `cookie` (cookies count
 * entries from the start). Keeps the stream when the guest continues where
 * the last call stopped, which is the usual case. */
static uint32_t seek_dir_stream(wasi_fd *e, uint64_t cookie) {
  if (!e->dir || cookie < e->dir_next) {
    close_dir_stream(e);
    /* A new open file description, so the stream's position is its own. */
    int fd = openat(e->host_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return wasi_errno_from_host(errno);
    if (!(e->dir = fdopendir(fd))) {
      int saved = errno;
      close(fd);
      return wasi_errno_from_host(saved);
    }
  }
  while (e->dir_next < cookie && readdir(e->dir)) e->dir_next++;
  return WASI_ESUCCESS;
}

/* Append one dirent (24-byte header + name) to the guest buffer, truncated
 * at its end as the spec says. Returns the bytes the whole entry needs. */
static size_t put_dirent(uint8_t *out, size_t room, uint64_t next, const struct dirent *d,
                         uint8_t type) {
  uint8_t header[24] = {0};
  size_t namlen = strlen(d->d_name);
  wasi_put_u64(header, next);
  wasi_put_u64(header + 8, (uint64_t)d->d_ino);
  wasi_put_u32(header + 16, (uint32_t)namlen);
  header[20] = type;
  memcpy(out, header, room < 24 ? room : 24);
  if (room > 24) memcpy(out + 24, d->d_name, room - 24 < namlen ? room - 24 : namlen);
  return 24 + namlen;
}

/* Fill the guest buffer from e's stream (under fd_lock: the stream is the
 * entry's, which two threads may read at once). */
static uint32_t read_entries(wasmrt_wasi *w, wasi_fd *e, uint32_t buf, uint32_t buf_len,
                             uint64_t cookie, uint32_t *used_out) {
  uint32_t err = seek_dir_stream(e, cookie);
  if (err) return err;
  uint32_t used = 0;
  while (used < buf_len) {
    long pos = telldir(e->dir);
    struct dirent *d = readdir(e->dir);
    if (!d) break;
    size_t room = buf_len - used;
    size_t need = put_dirent(wasi_mem_at(w, buf + used), room, e->dir_next + 1, d,
                             filetype_from_dirent(dirfd(e->dir), d));
    if (need > room) { /* truncated: the guest asks for this entry again */
      seekdir(e->dir, pos);
      used = buf_len;
      break;
    }
    used += (uint32_t)need;
    e->dir_next++;
  }
  *used_out = used;
  return WASI_ESUCCESS;
}

static uint32_t readdir_op(wasmrt_wasi *w, wasi_fd *e, const fd_call *c) {
  uint32_t buf = c->ptr, buf_len = c->c, bufused = (uint32_t)c->b, used = 0;
  if (!wasi_mem_ok(w, buf, buf_len) || !wasi_mem_ok(w, bufused, 4)) return WASI_EFAULT;
  pthread_mutex_lock(&w->fd_lock);
  uint32_t err = read_entries(w, e, buf, buf_len, c->a, &used);
  pthread_mutex_unlock(&w->fd_lock);
  if (!err) wasi_put_u32(wasi_mem_at(w, bufused), used);
  return err;
}

static uint32_t wasi_fd_readdir(void *env, uint32_t fd, uint32_t buf, uint32_t buf_len,
                                uint64_t cookie, uint32_t bufused) {
  return with_fd(env, fd, WASI_RIGHT_FD_READDIR, readdir_op,
                 (fd_call){.ptr = buf, .c = buf_len, .a = cookie, .b = bufused});
}

static const wasi_hostfn fd_functions[] = {
    WASI_HOSTFN(fd_advise, "iIIi:i"),
    WASI_HOSTFN(fd_allocate, "iII:i"),
    WASI_HOSTFN(fd_close, "i:i"),
    WASI_HOSTFN(fd_datasync, "i:i"),
    WASI_HOSTFN(fd_fdstat_get, "ii:i"),
    WASI_HOSTFN(fd_fdstat_set_flags, "ii:i"),
    WASI_HOSTFN(fd_fdstat_set_rights, "iII:i"),
    WASI_HOSTFN(fd_filestat_get, "ii:i"),
    WASI_HOSTFN(fd_filestat_set_size, "iI:i"),
    WASI_HOSTFN(fd_filestat_set_times, "iIIi:i"),
    WASI_HOSTFN(fd_pread, "iiiIi:i"),
    WASI_HOSTFN(fd_prestat_get, "ii:i"),
    WASI_HOSTFN(fd_prestat_dir_name, "iii:i"),
    WASI_HOSTFN(fd_pwrite, "iiiIi:i"),
    WASI_HOSTFN(fd_read, "iiii:i"),
    WASI_HOSTFN(fd_readdir, "iiiIi:i"),
    WASI_HOSTFN(fd_renumber, "ii:i"),
    WASI_HOSTFN(fd_seek, "iIii:i"),
    WASI_HOSTFN(fd_sync, "i:i"),
    WASI_HOSTFN(fd_tell, "ii:i"),
    WASI_HOSTFN(fd_write, "iiii:i"),
};

const wasi_hostfn *wasi_fd_functions(size_t *n) {
  *n = sizeof fd_functions / sizeof fd_functions[0];
  return fd_functions;
}
