/* wasi_internal.h - how the WASI host's files talk to each other. Not part of
 * the public contract.
 *
 *   wasi.c       context, import resolution, guest memory access, errno mapping,
 *                args, environ, clocks, random, proc_*, sched_yield
 *   wasi_fd.c    the fd table and the fd_* functions
 *   wasi_path.c  path resolution inside preopens (the capability check)
 *   wasi_fs.c    the path_* functions
 *   wasi_poll.c  poll_oneoff and sock_*
 *   wasi_main.c  the generic command-line runner
 *
 * Values and layouts are those of wasi_snapshot_preview1 (typenames.witx).
 */
#ifndef WASI_INTERNAL_H
#define WASI_INTERNAL_H

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "wasmrt_wasi.h"

/* ------------------------------------------------------------ errno */
enum {
  WASI_ESUCCESS = 0, WASI_E2BIG = 1, WASI_EACCES = 2, WASI_EADDRINUSE = 3,
  WASI_EADDRNOTAVAIL = 4, WASI_EAFNOSUPPORT = 5, WASI_EAGAIN = 6, WASI_EALREADY = 7,
  WASI_EBADF = 8, WASI_EBADMSG = 9, WASI_EBUSY = 10, WASI_ECANCELED = 11,
  WASI_ECHILD = 12, WASI_ECONNABORTED = 13, WASI_ECONNREFUSED = 14, WASI_ECONNRESET = 15,
  WASI_EDEADLK = 16, WASI_EDESTADDRREQ = 17, WASI_EDOM = 18, WASI_EDQUOT = 19,
  WASI_EEXIST = 20, WASI_EFAULT = 21, WASI_EFBIG = 22, WASI_EHOSTUNREACH = 23,
  WASI_EIDRM = 24, WASI_EILSEQ = 25, WASI_EINPROGRESS = 26, WASI_EINTR = 27,
  WASI_EINVAL = 28, WASI_EIO = 29, WASI_EISCONN = 30, WASI_EISDIR = 31,
  WASI_ELOOP = 32, WASI_EMFILE = 33, WASI_EMLINK = 34, WASI_EMSGSIZE = 35,
  WASI_EMULTIHOP = 36, WASI_ENAMETOOLONG = 37, WASI_ENETDOWN = 38, WASI_ENETRESET = 39,
  WASI_ENETUNREACH = 40, WASI_ENFILE = 41, WASI_ENOBUFS = 42, WASI_ENODEV = 43,
  WASI_ENOENT = 44, WASI_ENOEXEC = 45, WASI_ENOLCK = 46, WASI_ENOLINK = 47,
  WASI_ENOMEM = 48, WASI_ENOMSG = 49, WASI_ENOPROTOOPT = 50, WASI_ENOSPC = 51,
  WASI_ENOSYS = 52, WASI_ENOTCONN = 53, WASI_ENOTDIR = 54, WASI_ENOTEMPTY = 55,
  WASI_ENOTRECOVERABLE = 56, WASI_ENOTSOCK = 57, WASI_ENOTSUP = 58, WASI_ENOTTY = 59,
  WASI_ENXIO = 60, WASI_EOVERFLOW = 61, WASI_EOWNERDEAD = 62, WASI_EPERM = 63,
  WASI_EPIPE = 64, WASI_EPROTO = 65, WASI_EPROTONOSUPPORT = 66, WASI_EPROTOTYPE = 67,
  WASI_ERANGE = 68, WASI_EROFS = 69, WASI_ESPIPE = 70, WASI_ESRCH = 71,
  WASI_ESTALE = 72, WASI_ETIMEDOUT = 73, WASI_ETXTBSY = 74, WASI_EXDEV = 75,
  WASI_ENOTCAPABLE = 76
};

/* ----------------------------------------------------------- rights */
#define WASI_RIGHT(bit) (UINT64_C(1) << (bit))
#define WASI_RIGHT_FD_DATASYNC WASI_RIGHT(0)
#define WASI_RIGHT_FD_READ WASI_RIGHT(1)
#define WASI_RIGHT_FD_SEEK WASI_RIGHT(2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS WASI_RIGHT(3)
#define WASI_RIGHT_FD_SYNC WASI_RIGHT(4)
#define WASI_RIGHT_FD_TELL WASI_RIGHT(5)
#define WASI_RIGHT_FD_WRITE WASI_RIGHT(6)
#define WASI_RIGHT_FD_ADVISE WASI_RIGHT(7)
#define WASI_RIGHT_FD_ALLOCATE WASI_RIGHT(8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY WASI_RIGHT(9)
#define WASI_RIGHT_PATH_CREATE_FILE WASI_RIGHT(10)
#define WASI_RIGHT_PATH_LINK_SOURCE WASI_RIGHT(11)
#define WASI_RIGHT_PATH_LINK_TARGET WASI_RIGHT(12)
#define WASI_RIGHT_PATH_OPEN WASI_RIGHT(13)
#define WASI_RIGHT_FD_READDIR WASI_RIGHT(14)
#define WASI_RIGHT_PATH_READLINK WASI_RIGHT(15)
#define WASI_RIGHT_PATH_RENAME_SOURCE WASI_RIGHT(16)
#define WASI_RIGHT_PATH_RENAME_TARGET WASI_RIGHT(17)
#define WASI_RIGHT_PATH_FILESTAT_GET WASI_RIGHT(18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE WASI_RIGHT(19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES WASI_RIGHT(20)
#define WASI_RIGHT_FD_FILESTAT_GET WASI_RIGHT(21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE WASI_RIGHT(22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES WASI_RIGHT(23)
#define WASI_RIGHT_PATH_SYMLINK WASI_RIGHT(24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY WASI_RIGHT(25)
#define WASI_RIGHT_PATH_UNLINK_FILE WASI_RIGHT(26)
#define WASI_RIGHT_POLL_FD_READWRITE WASI_RIGHT(27)
#define WASI_RIGHT_SOCK_SHUTDOWN WASI_RIGHT(28)
#define WASI_RIGHT_SOCK_ACCEPT WASI_RIGHT(29)
#define WASI_RIGHTS_ALL (WASI_RIGHT(30) - 1)

/* ------------------------------------------------- other enums, flags */
enum {
  WASI_FILETYPE_UNKNOWN = 0, WASI_FILETYPE_BLOCK_DEVICE = 1, WASI_FILETYPE_CHARACTER_DEVICE = 2,
  WASI_FILETYPE_DIRECTORY = 3, WASI_FILETYPE_REGULAR_FILE = 4, WASI_FILETYPE_SOCKET_DGRAM = 5,
  WASI_FILETYPE_SOCKET_STREAM = 6, WASI_FILETYPE_SYMBOLIC_LINK = 7
};
enum { WASI_FDFLAG_APPEND = 1, WASI_FDFLAG_DSYNC = 2, WASI_FDFLAG_NONBLOCK = 4,
       WASI_FDFLAG_RSYNC = 8, WASI_FDFLAG_SYNC = 16 };
enum { WASI_OFLAG_CREAT = 1, WASI_OFLAG_DIRECTORY = 2, WASI_OFLAG_EXCL = 4, WASI_OFLAG_TRUNC = 8 };
enum { WASI_LOOKUP_SYMLINK_FOLLOW = 1 };
enum { WASI_FSTFLAG_ATIM = 1, WASI_FSTFLAG_ATIM_NOW = 2, WASI_FSTFLAG_MTIM = 4,
       WASI_FSTFLAG_MTIM_NOW = 8 };
enum { WASI_CLOCK_REALTIME = 0, WASI_CLOCK_MONOTONIC = 1, WASI_CLOCK_PROCESS_CPUTIME = 2,
       WASI_CLOCK_THREAD_CPUTIME = 3 };

/* ------------------------------------------------------------ context */
typedef struct wasi_fd {
  int host_fd;               /* -1: the slot is free */
  uint8_t filetype;          /* WASI_FILETYPE_* */
  uint8_t borrowed;          /* the host's stdio: closing the guest fd leaves it open */
  uint16_t fdflags;          /* WASI_FDFLAG_* as last set */
  uint64_t rights_base, rights_inheriting;
  char *preopen_name;        /* guest name of a preopened directory, else NULL */
  DIR *dir;                  /* fd_readdir's stream, kept between calls, or NULL */
  uint64_t dir_next;         /* the cookie of the entry `dir` reads next */
  uint32_t users;            /* lookups not yet put back (under fd_lock) */
  uint8_t detached;          /* closed or renumbered over: the last put frees it */
} wasi_fd;

/* One host function of the import table: sig is "PARAMS:RESULTS" with i for
 * i32 and I for i64 ("iIi:i"). */
typedef struct wasi_hostfn {
  const char *name;
  const char *sig;
  void (*fn)(void);
} wasi_hostfn;
#define WASI_HOSTFN(name, sig) {#name, sig, (void (*)(void))wasi_##name}

struct wasmrt_wasi {
  wasmrt_memory *mem;
  char **args;
  uint32_t nargs;
  char **env;
  uint32_t nenv;
  /* Guest fd -> entry (NULL: free). wasi-threads threads share the table,
   * so fd_lock guards the slots and the entries' mutable fields; an entry
   * lives on, host fd open, while a lookup still uses it (users). */
  wasi_fd **fds;
  uint32_t nfds;             /* slots allocated */
  pthread_mutex_t fd_lock;
  int exited;
  uint32_t exit_code;
  wasmrt_funcref *funcs;     /* one per host function, in import-table order */
  wasmrt_functype *types;
  wasmrt_valtype *type_codes;
};

/* Each file's share of the import table (count returned through *n). */
const wasi_hostfn *wasi_core_functions(size_t *n);
const wasi_hostfn *wasi_fd_functions(size_t *n);
const wasi_hostfn *wasi_fs_functions(size_t *n);
const wasi_hostfn *wasi_poll_functions(size_t *n);

/* The host function named [name, name + name_len) (len 0: NUL-terminated). */
const wasmrt_funcref *wasi_host_funcref(const wasmrt_wasi *w, const char *name,
                                        uint32_t name_len);

/* ------------------------------------------------------ guest memory */
/* Is [ptr, ptr + len) inside the guest's memory? */
int wasi_mem_ok(const wasmrt_wasi *w, uint32_t ptr, uint64_t len);
/* Host address of a guest pointer already checked with wasi_mem_ok. */
static inline uint8_t *wasi_mem_at(const wasmrt_wasi *w, uint32_t ptr) {
  return w->mem->base + ptr;
}
/* Guest memory is little-endian whatever the host is. */
static inline void wasi_put_u16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
static inline void wasi_put_u32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void wasi_put_u64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint16_t wasi_get_u16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t wasi_get_u32(const uint8_t *p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; i--) v = v << 8 | p[i];
  return v;
}
static inline uint64_t wasi_get_u64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
  return v;
}
/* Store one result value at a guest pointer: ESUCCESS or EFAULT. */
uint32_t wasi_store_u32(wasmrt_wasi *w, uint32_t ptr, uint32_t v);
uint32_t wasi_store_u64(wasmrt_wasi *w, uint32_t ptr, uint64_t v);

/* An iovec array (ciovec or iovec: {u32 buf, u32 len}) from guest memory,
 * every buffer checked. At most WASI_MAX_IOVS are used (a short transfer,
 * which the API allows). */
#define WASI_MAX_IOVS 1024
typedef struct wasi_iovs {
  void *bufs;                /* uv_buf_t[n], owned */
  unsigned n;
} wasi_iovs;
uint32_t wasi_iovs_load(wasmrt_wasi *w, uint32_t iovs, uint32_t iovs_len, wasi_iovs *out);
void wasi_iovs_free(wasi_iovs *v);

/* ------------------------------------------------------------ errors */
/* Map a host errno (or a negated libuv error code) to a WASI errno. */
uint32_t wasi_errno_from_host(int host_errno);
uint32_t wasi_errno_from_uv(int uv_result);

/* ---------------------------------------------------------- fd table */
/* The entry for guest fd, if it exists (EBADF) and has every right in
 * `rights` (ENOTCAPABLE). On success the caller holds the entry, which a
 * concurrent close or renumber then cannot free (nor close its host fd),
 * until it gives it back with wasi_fd_put. Its mutable fields (fdflags,
 * rights, dir) are read and written under w->fd_lock. */
uint32_t wasi_fd_lookup(wasmrt_wasi *w, uint32_t fd, uint64_t rights, wasi_fd **out);
void wasi_fd_put(wasmrt_wasi *w, wasi_fd *e);
/* A copy of e in the lowest free slot; EMFILE/ENOMEM on failure (e is then
 * not taken: the caller still owns e->host_fd). */
uint32_t wasi_fd_insert(wasmrt_wasi *w, const wasi_fd *e, uint32_t *fd_out);
/* Close every entry and free the table (no thread may use it any more). */
void wasi_fd_table_free(wasmrt_wasi *w);
/* WASI filetype of a host st_mode. */
uint8_t wasi_filetype_from_mode(mode_t mode);
/* The rights a host fd of a filetype can have at most. */
uint64_t wasi_rights_for_filetype(uint8_t filetype);
/* The same for an open host fd: a character device that is no terminal may
 * seek and tell, like a file (wasi_fd.c). */
uint64_t wasi_rights_for_host_fd(uint8_t filetype, int host_fd);

/* The 64-byte filestat record. */
void wasi_put_filestat(uint8_t *p, uint64_t dev, uint64_t ino, uint8_t filetype, uint64_t nlink,
                       uint64_t size, uint64_t atim, uint64_t mtim, uint64_t ctim);
/* Turn (time, fstflags) into the two timespecs of futimens/utimensat. */
uint32_t wasi_timespecs(uint64_t atim, uint64_t mtim, uint32_t fstflags, struct timespec ts[2]);

/* ---------------------------------------------------- path resolution */
/* Where a guest path leads: the directory holding its last component, and
 * that component's name ("." when the path names the directory itself). */
typedef struct wasi_path {
  int dirfd;
  int dirfd_owned;           /* opened during resolution: release closes it */
  char *name;                /* owned */
  wasmrt_wasi *w;
  wasi_fd *base;             /* the directory's entry, held until release */
} wasi_path;

/* Resolve the guest path [ptr, ptr+len) relative to the directory fd, which
 * must have `rights`. Intermediate symlinks are always followed, the last one
 * only with follow_last; none may lead outside the preopen (ENOTCAPABLE), nor
 * may `..` or an absolute path. */
uint32_t wasi_path_resolve(wasmrt_wasi *w, uint32_t fd, uint64_t rights, uint32_t ptr,
                           uint32_t len, int follow_last, wasi_path *out);
void wasi_path_release(wasi_path *p);
/* Copy a guest path out of its memory into a new string (EINVAL if it holds a
 * NUL byte, ENAMETOOLONG past PATH_MAX). */
uint32_t wasi_path_load(wasmrt_wasi *w, uint32_t ptr, uint32_t len, char **out);

/* ------------------------------------------------ wasi-threads (wasi_threads.c) */
/* The thread-spawn host of one command: its module, WASI context and the
 * imports array every thread's instance binds (filled by the resolvers). */
typedef struct wasi_threads wasi_threads;
wasi_threads *wasi_threads_new(const wasmrt_module *mod, wasmrt_wasi *w, wasmrt_extern *imports);
/* Fill "env"."memory" (created from the import's limits, and made the WASI
 * memory) and "wasi"."thread-spawn"; other imports are left as they are.
 * Returns 0, or -1 with the reason in why. */
int wasi_threads_resolve(wasi_threads *t, char *why, size_t why_size);
/* A trap frame's exit status: the proc_exit code, else 134 after printing
 * "wasm trap: ..." to stderr. */
int wasi_threads_trap_status(wasmrt_wasi *w, const wasmrt_module *mod, wasmrt_trap_frame *f);
/* Once a thread was spawned, ends the process with status (never returns);
 * else returns. */
void wasi_threads_finish(wasi_threads *t, int status);
void wasi_threads_free(wasi_threads *t);

#endif
