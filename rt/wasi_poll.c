/* wasi_poll.c - poll_oneoff and the sock_* functions.
 *
 * poll_oneoff: regular files are always ready (as on every POSIX system);
 * other fds (terminals, pipes, sockets) are waited for with poll(), whose
 * timeout is the nearest clock deadline. Deadlines are kept on the monotonic
 * clock; an absolute realtime deadline is converted once, at the call.
 *
 * Sockets: the guest can only have one if the host handed it one (as stdio);
 * on any other fd the sock_* functions say ENOTSOCK.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uv.h>

enum { EVENT_CLOCK = 0, EVENT_FD_READ = 1, EVENT_FD_WRITE = 2 };
enum { SUBCLOCK_ABSTIME = 1 };
enum { EVENT_HANGUP = 1 };
#define SUBSCRIPTION_SIZE 48
#define EVENT_SIZE 32

/* One subscription as parsed, plus its outcome. */
typedef struct subscription {
  uint64_t userdata;
  uint8_t type;
  uint64_t deadline;         /* EVENT_CLOCK: monotonic ns */
  int host_fd;               /* fd events waited for with poll(), else -1 */
  wasi_fd *held;             /* host_fd's entry, put back after the wait */
  int pollfd_index;
  int ready;
  uint16_t error;
  uint16_t flags;
  uint64_t nbytes;
} subscription;

static uint64_t now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t saturating_add(uint64_t a, uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* A clock subscription's deadline on the monotonic clock. */
static uint32_t clock_deadline(const uint8_t *p, uint64_t *deadline) {
  uint32_t id = wasi_get_u32(p + 16);
  uint64_t timeout = wasi_get_u64(p + 24);
  uint16_t flags = wasi_get_u16(p + 40);
  uint64_t mono = uv_hrtime();
  if (!(flags & SUBCLOCK_ABSTIME)) {
    /* A relative timeout is a duration whichever clock names it; CPU-time
     * clocks cannot be waited on, so every clock waits on the monotonic one. */
    if (id > WASI_CLOCK_THREAD_CPUTIME) return WASI_EINVAL;
    *deadline = saturating_add(mono, timeout);
  } else if (id == WASI_CLOCK_MONOTONIC) {
    *deadline = timeout;
  } else if (id == WASI_CLOCK_REALTIME) {
    uint64_t real = now_ns(CLOCK_REALTIME);
    *deadline = timeout <= real ? mono : saturating_add(mono, timeout - real);
  } else {
    return WASI_EINVAL; /* absolute CPU-time deadlines cannot be slept to */
  }
  return WASI_ESUCCESS;
}

/* Bytes left to read in a regular file (what wasmtime reports). */
static uint64_t file_bytes_left(int fd) {
  struct stat st;
  off_t pos = lseek(fd, 0, SEEK_CUR);
  if (fstat(fd, &st) != 0 || pos < 0 || st.st_size <= pos) return 0;
  return (uint64_t)(st.st_size - pos);
}

static void parse_fd_subscription(wasmrt_wasi *w, const uint8_t *p, subscription *s) {
  wasi_fd *e;
  uint32_t err = wasi_fd_lookup(w, wasi_get_u32(p + 16), WASI_RIGHT_POLL_FD_READWRITE, &e);
  if (err) {
    s->ready = 1;
    s->error = (uint16_t)err;
  } else if (e->filetype == WASI_FILETYPE_REGULAR_FILE) {
    s->ready = 1;
    s->nbytes = s->type == EVENT_FD_READ ? file_bytes_left(e->host_fd) : 0;
    wasi_fd_put(w, e);
  } else {
    s->host_fd = e->host_fd;
    s->held = e;
  }
}

static uint32_t parse_subscription(wasmrt_wasi *w, const uint8_t *p, subscription *s) {
  *s = (subscription){.userdata = wasi_get_u64(p), .type = p[8], .host_fd = -1};
  if (s->type == EVENT_CLOCK) {
    uint32_t err = clock_deadline(p, &s->deadline);
    if (err) {
      s->ready = 1;
      s->error = (uint16_t)err;
    }
  } else if (s->type == EVENT_FD_READ || s->type == EVENT_FD_WRITE) {
    parse_fd_subscription(w, p, s);
  } else {
    return WASI_EINVAL;
  }
  return WASI_ESUCCESS;
}

/* ------------------------------------------------------------- waiting */

static int any_ready(const subscription *subs, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (subs[i].ready) return 1;
  return 0;
}

/* Milliseconds until the nearest pending clock deadline, rounded up so we
 * never wake early; -1 when there is none (wait for fds only). */
static int poll_timeout_ms(const subscription *subs, uint32_t n) {
  uint64_t nearest = UINT64_MAX, now = uv_hrtime();
  for (uint32_t i = 0; i < n; i++)
    if (subs[i].type == EVENT_CLOCK && !subs[i].ready && subs[i].deadline < nearest)
      nearest = subs[i].deadline;
  if (nearest == UINT64_MAX) return -1;
  if (nearest <= now) return 0;
  uint64_t ms = (nearest - now + 999999) / 1000000;
  return ms > INT32_MAX ? INT32_MAX : (int)ms;
}

static struct pollfd *make_pollfds(subscription *subs, uint32_t n, nfds_t *count) {
  struct pollfd *pfds = calloc(n, sizeof *pfds);
  if (!pfds) return NULL;
  *count = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (subs[i].host_fd < 0) continue;
    subs[i].pollfd_index = (int)*count;
    pfds[*count].fd = subs[i].host_fd;
    pfds[*count].events = subs[i].type == EVENT_FD_READ ? POLLIN : POLLOUT;
    (*count)++;
  }
  return pfds;
}

static uint64_t readable_bytes(int fd) {
  int n = 0;
  return ioctl(fd, FIONREAD, &n) == 0 && n > 0 ? (uint64_t)n : 0;
}

/* Mark what became ready after poll() returned. */
static void collect(subscription *subs, uint32_t n, const struct pollfd *pfds) {
  uint64_t now = uv_hrtime();
  for (uint32_t i = 0; i < n; i++) {
    subscription *s = &subs[i];
    if (s->ready) continue;
    if (s->type == EVENT_CLOCK) {
      s->ready = s->deadline <= now;
      continue;
    }
    short revents = pfds[s->pollfd_index].revents;
    if (!revents) continue;
    s->ready = 1;
    if (revents & POLLHUP) s->flags = EVENT_HANGUP;
    if (revents & (POLLERR | POLLNVAL)) s->error = WASI_EIO;
    if (s->type == EVENT_FD_READ) s->nbytes = readable_bytes(s->host_fd);
  }
}

static uint32_t wait_for_events(subscription *subs, uint32_t n) {
  nfds_t count;
  struct pollfd *pfds = make_pollfds(subs, n, &count);
  if (!pfds) return WASI_ENOMEM;
  uint32_t err = WASI_ESUCCESS;
  do {
    int timeout = any_ready(subs, n) ? 0 : poll_timeout_ms(subs, n);
    if (poll(pfds, count, timeout) < 0 && errno != EINTR) {
      err = wasi_errno_from_host(errno);
      break;
    }
    collect(subs, n, pfds);
  } while (!any_ready(subs, n));
  free(pfds);
  return err;
}

static uint32_t write_events(wasmrt_wasi *w, const subscription *subs, uint32_t n, uint32_t out) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (!subs[i].ready) continue;
    uint8_t *p = wasi_mem_at(w, out + EVENT_SIZE * count++);
    memset(p, 0, EVENT_SIZE);
    wasi_put_u64(p, subs[i].userdata);
    wasi_put_u16(p + 8, subs[i].error);
    p[10] = subs[i].type;
    if (subs[i].type != EVENT_CLOCK) {
      wasi_put_u64(p + 16, subs[i].nbytes);
      wasi_put_u16(p + 24, subs[i].flags);
    }
  }
  return count;
}

static uint32_t wasi_poll_oneoff(void *env, uint32_t in, uint32_t out, uint32_t nsubs,
                                 uint32_t nevents) {
  wasmrt_wasi *w = env;
  if (nsubs == 0) return WASI_EINVAL;
  if (!wasi_mem_ok(w, in, (uint64_t)nsubs * SUBSCRIPTION_SIZE) ||
      !wasi_mem_ok(w, out, (uint64_t)nsubs * EVENT_SIZE) || !wasi_mem_ok(w, nevents, 4))
    return WASI_EFAULT;
  subscription *subs = calloc(nsubs, sizeof *subs);
  if (!subs) return WASI_ENOMEM;
  uint32_t err = WASI_ESUCCESS;
  for (uint32_t i = 0; i < nsubs && !err; i++)
    err = parse_subscription(w, wasi_mem_at(w, in + SUBSCRIPTION_SIZE * i), &subs[i]);
  if (!err) err = wait_for_events(subs, nsubs);
  if (!err) wasi_put_u32(wasi_mem_at(w, nevents), write_events(w, subs, nsubs, out));
  for (uint32_t i = 0; i < nsubs; i++)
    if (subs[i].held) wasi_fd_put(w, subs[i].held);
  free(subs);
  return err;
}

/* ------------------------------------------------------------- sockets */

/* A held socket entry (wasi_fd_put it) with `rights`: ENOTSOCK before
 * ENOTCAPABLE, as the lookup alone would say the latter. */
static uint32_t socket_lookup(wasmrt_wasi *w, uint32_t fd, uint64_t rights, wasi_fd **e) {
  uint32_t err = wasi_fd_lookup(w, fd, 0, e);
  if (err) return err;
  pthread_mutex_lock(&w->fd_lock);
  uint64_t have = (*e)->rights_base;
  pthread_mutex_unlock(&w->fd_lock);
  if ((*e)->filetype != WASI_FILETYPE_SOCKET_STREAM &&
      (*e)->filetype != WASI_FILETYPE_SOCKET_DGRAM)
    err = WASI_ENOTSOCK;
  else if ((have & rights) != rights) err = WASI_ENOTCAPABLE;
  if (err) wasi_fd_put(w, *e);
  return err;
}

/* The socket calls' arguments, for one lookup-call-put path (sock_call). */
typedef struct sock_args {
  uint32_t iovs, iovs_len, flags, ptr, ptr2;
} sock_args;
typedef uint32_t (*sock_op)(wasmrt_wasi *w, int sock, const sock_args *a);

static uint32_t sock_call(wasmrt_wasi *w, uint32_t fd, uint64_t rights, sock_op op,
                          sock_args a) {
  wasi_fd *e;
  uint32_t err = socket_lookup(w, fd, rights, &e);
  if (err) return err;
  err = op(w, e->host_fd, &a);
  wasi_fd_put(w, e);
  return err;
}

static uint32_t accept_op(wasmrt_wasi *w, int sock, const sock_args *a) {
  uint32_t flags = a->flags, err;
  if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK) return WASI_EINVAL;
  if (!wasi_mem_ok(w, a->ptr, 4)) return WASI_EFAULT;
  int type = SOCK_CLOEXEC | (flags & WASI_FDFLAG_NONBLOCK ? SOCK_NONBLOCK : 0);
  int host_fd = accept4(sock, NULL, NULL, type);
  if (host_fd < 0) return wasi_errno_from_host(errno);
  wasi_fd accepted = {.host_fd = host_fd, .filetype = WASI_FILETYPE_SOCKET_STREAM,
                      .fdflags = (uint16_t)flags,
                      .rights_base = wasi_rights_for_filetype(WASI_FILETYPE_SOCKET_STREAM)};
  uint32_t new_fd;
  if ((err = wasi_fd_insert(w, &accepted, &new_fd))) {
    close(host_fd);
    return err;
  }
  wasi_put_u32(wasi_mem_at(w, a->ptr), new_fd);
  return WASI_ESUCCESS;
}

static uint32_t wasi_sock_accept(void *env, uint32_t fd, uint32_t flags, uint32_t fd_ptr) {
  return sock_call(env, fd, WASI_RIGHT_SOCK_ACCEPT, accept_op,
                   (sock_args){.flags = flags, .ptr = fd_ptr});
}

/* recvmsg/sendmsg over the guest's buffers. */
static ssize_t socket_transfer(int fd, const wasi_iovs *v, int flags, int sending,
                               int *truncated) {
  struct iovec iov[WASI_MAX_IOVS];
  const uv_buf_t *bufs = v->bufs;
  for (unsigned i = 0; i < v->n; i++) iov[i] = (struct iovec){bufs[i].base, bufs[i].len};
  struct msghdr msg = {.msg_iov = iov, .msg_iovlen = v->n};
  ssize_t r = sending ? sendmsg(fd, &msg, flags | MSG_NOSIGNAL) : recvmsg(fd, &msg, flags);
  *truncated = (msg.msg_flags & MSG_TRUNC) != 0;
  return r;
}

static uint32_t recv_op(wasmrt_wasi *w, int sock, const sock_args *a) {
  wasi_iovs v;
  uint32_t err;
  if (a->flags & ~3u) return WASI_EINVAL;
  if (!wasi_mem_ok(w, a->ptr, 4) || !wasi_mem_ok(w, a->ptr2, 2)) return WASI_EFAULT;
  if ((err = wasi_iovs_load(w, a->iovs, a->iovs_len, &v))) return err;
  int flags = (a->flags & 1 ? MSG_PEEK : 0) | (a->flags & 2 ? MSG_WAITALL : 0), truncated;
  ssize_t r = socket_transfer(sock, &v, flags, 0, &truncated);
  wasi_iovs_free(&v);
  if (r < 0) return wasi_errno_from_host(errno);
  wasi_put_u32(wasi_mem_at(w, a->ptr), (uint32_t)r);
  wasi_put_u16(wasi_mem_at(w, a->ptr2), truncated ? 1 : 0);
  return WASI_ESUCCESS;
}

static uint32_t wasi_sock_recv(void *env, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                               uint32_t ri_flags, uint32_t datalen_ptr, uint32_t flags_ptr) {
  return sock_call(env, fd, WASI_RIGHT_FD_READ, recv_op,
                   (sock_args){.iovs = iovs, .iovs_len = iovs_len, .flags = ri_flags,
                               .ptr = datalen_ptr, .ptr2 = flags_ptr});
}

static uint32_t send_op(wasmrt_wasi *w, int sock, const sock_args *a) {
  wasi_iovs v;
  uint32_t err;
  if (a->flags) return WASI_EINVAL; /* no send flags are defined */
  if (!wasi_mem_ok(w, a->ptr, 4)) return WASI_EFAULT;
  if ((err = wasi_iovs_load(w, a->iovs, a->iovs_len, &v))) return err;
  int truncated;
  ssize_t r = socket_transfer(sock, &v, 0, 1, &truncated);
  wasi_iovs_free(&v);
  if (r < 0) return wasi_errno_from_host(errno);
  wasi_put_u32(wasi_mem_at(w, a->ptr), (uint32_t)r);
  return WASI_ESUCCESS;
}

static uint32_t wasi_sock_send(void *env, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                               uint32_t si_flags, uint32_t datalen_ptr) {
  return sock_call(env, fd, WASI_RIGHT_FD_WRITE, send_op,
                   (sock_args){.iovs = iovs, .iovs_len = iovs_len, .flags = si_flags,
                               .ptr = datalen_ptr});
}

static uint32_t shutdown_op(wasmrt_wasi *w, int sock, const sock_args *a) {
  static const int host_how[] = {0, SHUT_RD, SHUT_WR, SHUT_RDWR};
  (void)w;
  if (a->flags == 0 || a->flags > 3) return WASI_EINVAL;
  return shutdown(sock, host_how[a->flags]) == 0 ? WASI_ESUCCESS : wasi_errno_from_host(errno);
}

static uint32_t wasi_sock_shutdown(void *env, uint32_t fd, uint32_t how) {
  return sock_call(env, fd, WASI_RIGHT_SOCK_SHUTDOWN, shutdown_op, (sock_args){.flags = how});
}

static const wasi_hostfn poll_functions[] = {
    WASI_HOSTFN(poll_oneoff, "iiii:i"),
    WASI_HOSTFN(sock_accept, "iii:i"),
    WASI_HOSTFN(sock_recv, "iiiiii:i"),
    WASI_HOSTFN(sock_send, "iiiii:i"),
    WASI_HOSTFN(sock_shutdown, "ii:i"),
};

const wasi_hostfn *wasi_poll_functions(size_t *n) {
  *n = sizeof poll_functions / sizeof poll_functions[0];
  return poll_functions;
}
