/* wasi.c - the WASI context: creation, import resolution, guest memory access,
 * errno mapping, and the functions that touch no file: args_*, environ_*,
 * clock_*, random_get, proc_*, sched_yield.
 *
 * Host functions follow the funcref convention of wasmrt.h: `env` is the
 * wasmrt_wasi, i32 is uint32_t, i64 is uint64_t, the result is a WASI errno.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <uv.h>

#define WASI_MODULE_NAME "wasi_snapshot_preview1"

/* ------------------------------------------------------ guest memory */

int wasi_mem_ok(const wasmrt_wasi *w, uint32_t ptr, uint64_t len) {
  return w->mem != NULL && (uint64_t)ptr + len <= w->mem->size;
}

uint32_t wasi_store_u32(wasmrt_wasi *w, uint32_t ptr, uint32_t v) {
  if (!wasi_mem_ok(w, ptr, 4)) return WASI_EFAULT;
  wasi_put_u32(wasi_mem_at(w, ptr), v);
  return WASI_ESUCCESS;
}

uint32_t wasi_store_u64(wasmrt_wasi *w, uint32_t ptr, uint64_t v) {
  if (!wasi_mem_ok(w, ptr, 8)) return WASI_EFAULT;
  wasi_put_u64(wasi_mem_at(w, ptr), v);
  return WASI_ESUCCESS;
}

uint32_t wasi_iovs_load(wasmrt_wasi *w, uint32_t iovs, uint32_t iovs_len, wasi_iovs *out) {
  out->bufs = NULL;
  out->n = 0;
  if (!wasi_mem_ok(w, iovs, (uint64_t)iovs_len * 8)) return WASI_EFAULT;
  unsigned n = iovs_len < WASI_MAX_IOVS ? iovs_len : WASI_MAX_IOVS;
  uv_buf_t *bufs = calloc(n ? n : 1, sizeof *bufs);
  if (!bufs) return WASI_ENOMEM;
  for (unsigned i = 0; i < n; i++) {
    const uint8_t *iov = wasi_mem_at(w, iovs + 8 * i);
    uint32_t ptr = wasi_get_u32(iov), len = wasi_get_u32(iov + 4);
    if (!wasi_mem_ok(w, ptr, len)) {
      free(bufs);
      return WASI_EFAULT;
    }
    bufs[i] = uv_buf_init((char *)wasi_mem_at(w, ptr), len);
  }
  out->bufs = bufs;
  out->n = n;
  return WASI_ESUCCESS;
}

void wasi_iovs_free(wasi_iovs *v) {
  free(v->bufs);
  v->bufs = NULL;
}

/* ------------------------------------------------------------ errors */

uint32_t wasi_errno_from_host(int e) {
  switch (e) {
  case 0: return WASI_ESUCCESS;
  case E2BIG: return WASI_E2BIG;
  case EACCES: return WASI_EACCES;
  case EADDRINUSE: return WASI_EADDRINUSE;
  case EADDRNOTAVAIL: return WASI_EADDRNOTAVAIL;
  case EAFNOSUPPORT: return WASI_EAFNOSUPPORT;
  case EAGAIN: return WASI_EAGAIN;
  case EALREADY: return WASI_EALREADY;
  case EBADF: return WASI_EBADF;
  case EBUSY: return WASI_EBUSY;
  case ECANCELED: return WASI_ECANCELED;
  case ECONNABORTED: return WASI_ECONNABORTED;
  case ECONNREFUSED: return WASI_ECONNREFUSED;
  case ECONNRESET: return WASI_ECONNRESET;
  case EDQUOT: return WASI_EDQUOT;
  case EEXIST: return WASI_EEXIST;
  case EFAULT: return WASI_EFAULT;
  case EFBIG: return WASI_EFBIG;
  case EHOSTUNREACH: return WASI_EHOSTUNREACH;
  case EILSEQ: return WASI_EILSEQ;
  case EINTR: return WASI_EINTR;
  case EINVAL: return WASI_EINVAL;
  case EIO: return WASI_EIO;
  case EISCONN: return WASI_EISCONN;
  case EISDIR: return WASI_EISDIR;
  case ELOOP: return WASI_ELOOP;
  case EMFILE: return WASI_EMFILE;
  case EMLINK: return WASI_EMLINK;
  case EMSGSIZE: return WASI_EMSGSIZE;
  case ENAMETOOLONG: return WASI_ENAMETOOLONG;
  case ENETDOWN: return WASI_ENETDOWN;
  case ENETUNREACH: return WASI_ENETUNREACH;
  case ENFILE: return WASI_ENFILE;
  case ENOBUFS: return WASI_ENOBUFS;
  case ENODEV: return WASI_ENODEV;
  case ENOENT: return WASI_ENOENT;
  case ENOMEM: return WASI_ENOMEM;
  case ENOSPC: return WASI_ENOSPC;
  case ENOSYS: return WASI_ENOSYS;
  case ENOTCONN: return WASI_ENOTCONN;
  case ENOTDIR: return WASI_ENOTDIR;
  case ENOTEMPTY: return WASI_ENOTEMPTY;
  case ENOTSOCK: return WASI_ENOTSOCK;
  case ENOTSUP: return WASI_ENOTSUP;
  case ENOTTY: return WASI_ENOTTY;
  case ENXIO: return WASI_ENXIO;
  case EOVERFLOW: return WASI_EOVERFLOW;
  case EPERM: return WASI_EPERM;
  case EPIPE: return WASI_EPIPE;
  case EPROTO: return WASI_EPROTO;
  case ERANGE: return WASI_ERANGE;
  case EROFS: return WASI_EROFS;
  case ESPIPE: return WASI_ESPIPE;
  case ESRCH: return WASI_ESRCH;
  case ETIMEDOUT: return WASI_ETIMEDOUT;
  case ETXTBSY: return WASI_ETXTBSY;
  case EXDEV: return WASI_EXDEV;
  default: return WASI_EIO;
  }
}

/* On Unix, libuv's error codes are negated errno values. */
uint32_t wasi_errno_from_uv(int uv_result) {
  return uv_result >= 0 ? WASI_ESUCCESS : wasi_errno_from_host(-uv_result);
}

/* ---------------------------------------------------- args, environ */

/* Write a string vector as the guest expects: pointers at vec_ptr, the
 * NUL-terminated strings packed at buf_ptr. */
static uint32_t put_string_vector(wasmrt_wasi *w, char *const *strs, uint32_t n, uint32_t vec_ptr,
                                  uint32_t buf_ptr) {
  if (!wasi_mem_ok(w, vec_ptr, (uint64_t)n * 4)) return WASI_EFAULT;
  uint32_t at = buf_ptr;
  for (uint32_t i = 0; i < n; i++) {
    size_t size = strlen(strs[i]) + 1;
    if (!wasi_mem_ok(w, at, size)) return WASI_EFAULT;
    memcpy(wasi_mem_at(w, at), strs[i], size);
    wasi_put_u32(wasi_mem_at(w, vec_ptr + 4 * i), at);
    at += (uint32_t)size;
  }
  return WASI_ESUCCESS;
}

static uint32_t put_vector_sizes(wasmrt_wasi *w, char *const *strs, uint32_t n, uint32_t count_ptr,
                                 uint32_t size_ptr) {
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; i++) total += strlen(strs[i]) + 1;
  if (total > UINT32_MAX) return WASI_EOVERFLOW;
  uint32_t err = wasi_store_u32(w, count_ptr, n);
  return err ? err : wasi_store_u32(w, size_ptr, (uint32_t)total);
}

static uint32_t wasi_args_get(void *env, uint32_t argv, uint32_t argv_buf) {
  wasmrt_wasi *w = env;
  return put_string_vector(w, w->args, w->nargs, argv, argv_buf);
}

static uint32_t wasi_args_sizes_get(void *env, uint32_t argc_ptr, uint32_t size_ptr) {
  wasmrt_wasi *w = env;
  return put_vector_sizes(w, w->args, w->nargs, argc_ptr, size_ptr);
}

static uint32_t wasi_environ_get(void *env, uint32_t environ, uint32_t environ_buf) {
  wasmrt_wasi *w = env;
  return put_string_vector(w, w->env, w->nenv, environ, environ_buf);
}

static uint32_t wasi_environ_sizes_get(void *env, uint32_t count_ptr, uint32_t size_ptr) {
  wasmrt_wasi *w = env;
  return put_vector_sizes(w, w->env, w->nenv, count_ptr, size_ptr);
}

/* ------------------------------------------------------------ clocks */

/* POSIX clocks rather than libuv: libuv 1.44 has neither a nanosecond wall
 * clock nor CPU-time clocks (uv_hrtime is CLOCK_MONOTONIC, the same clock). */
static int host_clock(uint32_t id, clockid_t *out) {
  switch (id) {
  case WASI_CLOCK_REALTIME: *out = CLOCK_REALTIME; return 0;
  case WASI_CLOCK_MONOTONIC: *out = CLOCK_MONOTONIC; return 0;
  case WASI_CLOCK_PROCESS_CPUTIME: *out = CLOCK_PROCESS_CPUTIME_ID; return 0;
  case WASI_CLOCK_THREAD_CPUTIME: *out = CLOCK_THREAD_CPUTIME_ID; return 0;
  default: return -1;
  }
}

static uint64_t timespec_ns(const struct timespec *ts) {
  return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

static uint32_t wasi_clock_res_get(void *env, uint32_t id, uint32_t res_ptr) {
  clockid_t clock;
  struct timespec ts;
  if (host_clock(id, &clock) != 0) return WASI_EINVAL;
  if (clock_getres(clock, &ts) != 0) return wasi_errno_from_host(errno);
  return wasi_store_u64(env, res_ptr, timespec_ns(&ts));
}

static uint32_t wasi_clock_time_get(void *env, uint32_t id, uint64_t precision,
                                    uint32_t time_ptr) {
  (void)precision; /* we always give the best the host has */
  clockid_t clock;
  struct timespec ts;
  if (host_clock(id, &clock) != 0) return WASI_EINVAL;
  if (clock_gettime(clock, &ts) != 0) return wasi_errno_from_host(errno);
  return wasi_store_u64(env, time_ptr, timespec_ns(&ts));
}

/* ------------------------------------------------ random, proc, sched */

static uint32_t wasi_random_get(void *env, uint32_t buf, uint32_t len) {
  wasmrt_wasi *w = env;
  if (!wasi_mem_ok(w, buf, len)) return WASI_EFAULT;
  /* uv_random is synchronous without a loop. It refuses buffers of 2 GiB or
   * more (E2BIG), which a 4 GiB guest memory can ask for, hence the chunks. */
  for (uint32_t done = 0; done < len;) {
    uint32_t chunk = len - done < 65536 ? len - done : 65536;
    int r = uv_random(NULL, NULL, wasi_mem_at(w, buf + done), chunk, 0, NULL);
    if (r < 0) return wasi_errno_from_uv(r);
    done += chunk;
  }
  return WASI_ESUCCESS;
}

static void wasi_proc_exit(void *env, uint32_t code) {
  wasmrt_wasi *w = env;
  w->exited = 1;
  w->exit_code = code;
  wasmrt_trap(WASMRT_TRAP_HOST);
}

/* Raising a signal in the host would end the host, not the guest. */
static uint32_t wasi_proc_raise(void *env, uint32_t sig) {
  (void)env;
  (void)sig;
  return WASI_ENOSYS;
}

static uint32_t wasi_sched_yield(void *env) {
  (void)env;
  sched_yield();
  return WASI_ESUCCESS;
}

static const wasi_hostfn core_functions[] = {
    WASI_HOSTFN(args_get, "ii:i"),
    WASI_HOSTFN(args_sizes_get, "ii:i"),
    WASI_HOSTFN(environ_get, "ii:i"),
    WASI_HOSTFN(environ_sizes_get, "ii:i"),
    WASI_HOSTFN(clock_res_get, "ii:i"),
    WASI_HOSTFN(clock_time_get, "iIi:i"),
    WASI_HOSTFN(random_get, "ii:i"),
    WASI_HOSTFN(proc_exit, "i:"),
    WASI_HOSTFN(proc_raise, "i:i"),
    WASI_HOSTFN(sched_yield, ":i"),
};

const wasi_hostfn *wasi_core_functions(size_t *n) {
  *n = sizeof core_functions / sizeof core_functions[0];
  return core_functions;
}

/* ----------------------------------------------------- import table */

typedef const wasi_hostfn *(*function_group)(size_t *n);
static const function_group groups[] = {wasi_core_functions, wasi_fd_functions,
                                        wasi_fs_functions, wasi_poll_functions};
#define GROUP_COUNT (sizeof groups / sizeof groups[0])
#define MAX_SIG_TYPES 12 /* path_open has the most: 9 params + 1 result */

static size_t count_host_functions(void) {
  size_t total = 0, n;
  for (size_t g = 0; g < GROUP_COUNT; g++) {
    groups[g](&n);
    total += n;
  }
  return total;
}

/* The i-th host function over all groups. */
static const wasi_hostfn *host_function(size_t i) {
  size_t n;
  for (size_t g = 0; g < GROUP_COUNT; g++) {
    const wasi_hostfn *fns = groups[g](&n);
    if (i < n) return &fns[i];
    i -= n;
  }
  return NULL;
}

static void parse_signature(const char *sig, wasmrt_valtype *codes, wasmrt_functype *type) {
  uint32_t count = 0, nparams = 0;
  for (const char *c = sig; *c; c++) {
    if (*c == ':') nparams = count;
    else codes[count++] = *c == 'I' ? WASMRT_I64 : WASMRT_I32;
  }
  type->nparams = nparams;
  type->nresults = count - nparams;
  type->types = codes;
  type->refs = NULL; /* host functions take and return numbers only */
}

static int build_funcrefs(wasmrt_wasi *w) {
  size_t n = count_host_functions();
  w->funcs = calloc(n, sizeof *w->funcs);
  w->types = calloc(n, sizeof *w->types);
  w->type_codes = calloc(n * MAX_SIG_TYPES, sizeof *w->type_codes);
  if (!w->funcs || !w->types || !w->type_codes) return -1;
  for (size_t i = 0; i < n; i++) {
    const wasi_hostfn *h = host_function(i);
    parse_signature(h->sig, &w->type_codes[i * MAX_SIG_TYPES], &w->types[i]);
    w->funcs[i] = (wasmrt_funcref){&w->types[i], h->fn, w, NULL, NULL};
  }
  return 0;
}

/* Descriptors from before the *_len fields existed leave them 0; WASI names
 * are never empty, so 0 then means "NUL-terminated". */
static int name_is(const char *want, const char *name, uint32_t len) {
  if (len == 0) len = (uint32_t)strlen(name);
  return strlen(want) == len && memcmp(want, name, len) == 0;
}

const wasmrt_funcref *wasi_host_funcref(const wasmrt_wasi *w, const char *name,
                                        uint32_t name_len) {
  size_t n = count_host_functions();
  for (size_t i = 0; i < n; i++)
    if (name_is(host_function(i)->name, name, name_len)) return &w->funcs[i];
  return NULL;
}

static const char *resolve_one(wasmrt_wasi *w, const wasmrt_import_desc *imp, wasmrt_extern *ext,
                               char *why, size_t why_size) {
  if (!name_is(WASI_MODULE_NAME, imp->module, imp->module_len)) return "not a WASI import";
  const wasmrt_funcref *f = wasi_host_funcref(w, imp->name, imp->name_len);
  if (!f) return "unknown WASI function";
  /* Host funcrefs are never written through: the cast only fits the union. */
  wasmrt_extern candidate = {.kind = WASMRT_EXTERN_FUNC, .u.func = (wasmrt_funcref *)f};
  const char *err = wasmrt_import_check(imp, &candidate, why, why_size);
  if (err) return err;
  *ext = candidate;
  return NULL;
}

int wasmrt_wasi_resolve_imports(wasmrt_wasi *w, const wasmrt_module *mod, wasmrt_extern *imports,
                                char *why, size_t why_size) {
  if (!w || !mod || (mod->nimports && !imports)) {
    if (why && why_size) snprintf(why, why_size, "wasmrt_wasi_resolve_imports: NULL %s",
                                  !w ? "WASI context" : !mod ? "module" : "imports array");
    return mod && mod->nimports ? (int)mod->nimports : 1;
  }
  int unresolved = 0;
  for (uint32_t i = 0; i < mod->nimports; i++) {
    const wasmrt_import_desc *imp = &mod->imports[i];
    if (imports[i].u.func) continue; /* the caller's (e.g. wasi-threads) */
    char detail[160] = "";
    const char *err = resolve_one(w, imp, &imports[i], detail, sizeof detail);
    if (!err) continue;
    if (unresolved++ == 0 && why)
      snprintf(why, why_size, "import %s.%s: %s%s%s", imp->module, imp->name, err,
               detail[0] ? ": " : "", detail);
  }
  return unresolved;
}

/* ------------------------------------------------------------ context */

static char **copy_strings(const char *const *src, int n) {
  char **dst = calloc((size_t)n + 1, sizeof *dst);
  if (!dst) return NULL;
  for (int i = 0; i < n; i++) {
    size_t size = strlen(src[i]) + 1;
    dst[i] = malloc(size);
    if (!dst[i]) return dst; /* caller frees the partial copy */
    memcpy(dst[i], src[i], size);
  }
  return dst;
}

static void free_strings(char **strs, uint32_t n) {
  if (!strs) return;
  for (uint32_t i = 0; i < n; i++) free(strs[i]);
  free(strs);
}

static int strings_complete(char **strs, int n) {
  if (!strs) return 0;
  for (int i = 0; i < n; i++)
    if (!strs[i]) return 0;
  return 1;
}

static uint32_t add_stdio(wasmrt_wasi *w, int host_fd) {
  struct stat st;
  uint8_t type = fstat(host_fd, &st) == 0 ? wasi_filetype_from_mode(st.st_mode)
                                          : WASI_FILETYPE_UNKNOWN;
  wasi_fd e = {.host_fd = host_fd, .filetype = type, .borrowed = 1,
               .rights_base = wasi_rights_for_host_fd(type, host_fd)};
  uint32_t fd;
  return wasi_fd_insert(w, &e, &fd);
}

/* Returns 0 or a host errno value (for wasmrt_wasi_new's caller). */
static int add_preopen(wasmrt_wasi *w, const wasmrt_wasi_preopen *p) {
  uv_fs_t req;
  int host_fd = uv_fs_open(NULL, &req, p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, NULL);
  uv_fs_req_cleanup(&req);
  if (host_fd < 0) return -host_fd; /* libuv errors are negated errno values */
  wasi_fd e = {.host_fd = host_fd, .filetype = WASI_FILETYPE_DIRECTORY,
               .rights_base = wasi_rights_for_filetype(WASI_FILETYPE_DIRECTORY),
               .rights_inheriting = WASI_RIGHTS_ALL};
  uint32_t fd;
  int err = 0;
  e.preopen_name = malloc(strlen(p->guest_path) + 1);
  if (!e.preopen_name) err = ENOMEM;
  else strcpy(e.preopen_name, p->guest_path);
  if (!err && wasi_fd_insert(w, &e, &fd) != WASI_ESUCCESS) err = EMFILE;
  if (err) {
    free(e.preopen_name);
    uv_fs_close(NULL, &req, host_fd, NULL);
    uv_fs_req_cleanup(&req);
  }
  return err;
}

static int setup_fds(wasmrt_wasi *w, const wasmrt_wasi_config *cfg) {
  for (int i = 0; i < 3; i++) {
    if (add_stdio(w, cfg->stdio[i]) != WASI_ESUCCESS) {
      errno = ENOMEM;
      return -1;
    }
  }
  for (int i = 0; i < cfg->npreopens; i++) {
    int err = add_preopen(w, &cfg->preopens[i]);
    if (err) {
      errno = err;
      return -1;
    }
  }
  return 0;
}

wasmrt_wasi_config wasmrt_wasi_config_default(void) {
  return (wasmrt_wasi_config){.stdio = {0, 1, 2}};
}

static int strings_valid(const char *const *strs, int n) {
  if (n < 0 || (n > 0 && !strs)) return 0;
  for (int i = 0; i < n; i++)
    if (!strs[i]) return 0;
  return 1;
}

/* A host's mistakes in the config are EINVAL, found before anything is
 * allocated or opened, so that a bad config can never crash the host. */
static int config_valid(const wasmrt_wasi_config *cfg) {
  if (!cfg || !strings_valid(cfg->argv, cfg->argc) || !strings_valid(cfg->envp, cfg->envc)) return 0;
  if (cfg->npreopens < 0 || (cfg->npreopens > 0 && !cfg->preopens)) return 0;
  for (int i = 0; i < cfg->npreopens; i++)
    if (!cfg->preopens[i].host_path || !cfg->preopens[i].guest_path) return 0;
  for (int i = 0; i < 3; i++)
    if (cfg->stdio[i] < 0) return 0;
  return 1;
}

wasmrt_wasi *wasmrt_wasi_new(const wasmrt_wasi_config *cfg) {
  if (!config_valid(cfg)) {
    errno = EINVAL;
    return NULL;
  }
  wasmrt_wasi *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  pthread_mutex_init(&w->fd_lock, NULL);
  w->nargs = (uint32_t)cfg->argc;
  w->args = copy_strings(cfg->argv, cfg->argc);
  w->nenv = (uint32_t)cfg->envc;
  w->env = copy_strings(cfg->envp, cfg->envc);
  if (!strings_complete(w->args, cfg->argc) || !strings_complete(w->env, cfg->envc) ||
      build_funcrefs(w) != 0) {
    wasmrt_wasi_free(w);
    errno = ENOMEM;
    return NULL;
  }
  if (setup_fds(w, cfg) != 0) {
    int saved = errno;
    wasmrt_wasi_free(w);
    errno = saved;
    return NULL;
  }
  return w;
}

void wasmrt_wasi_free(wasmrt_wasi *w) {
  if (!w) return;
  wasi_fd_table_free(w);
  pthread_mutex_destroy(&w->fd_lock);
  free_strings(w->args, w->nargs);
  free_strings(w->env, w->nenv);
  free(w->funcs);
  free(w->types);
  free(w->type_codes);
  free(w);
}

void wasmrt_wasi_set_memory(wasmrt_wasi *w, wasmrt_memory *mem) {
  if (w) w->mem = mem;
}

int wasmrt_wasi_exited(const wasmrt_wasi *w, uint32_t *code) {
  if (!w || !w->exited) return 0;
  if (code) *code = w->exit_code;
  return 1;
}
