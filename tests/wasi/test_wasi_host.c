/* test_wasi_host.c - the WASI host's functions called directly from C on a
 * memory we create: import resolution, bounds checks (EFAULT), path
 * resolution inside preopens, rights, readdir cookies, renumber, poll clocks,
 * proc_exit, and that freeing the context closes every fd it opened.
 *
 * Usage: test_wasi_host (prints one line per failure and a summary). */
#include "wasi_internal.h" /* first: wasmrt.h enables POSIX */

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

static int failures, checks;
#define CHECK(cond)                                                            \
  do {                                                                         \
    checks++;                                                                  \
    if (!(cond)) {                                                             \
      failures++;                                                              \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
    }                                                                          \
  } while (0)

static wasmrt_memory mem;
static wasmrt_wasi *w;
static char root[64];

/* The host function `name`, cast by the caller to its C type. */
static void (*host_fn(const char *name))(void) {
  const wasmrt_funcref *f = wasi_host_funcref(w, name, 0);
  if (!f) {
    fprintf(stderr, "no host function %s\n", name);
    abort();
  }
  return f->fn;
}
#define CALL(name, proto, ...) ((uint32_t(*) proto)host_fn(#name))(w, __VA_ARGS__)
typedef uint32_t u32;
typedef uint64_t u64;

/* Put a string at a guest address; returns its length. */
static u32 put_str(u32 at, const char *s) {
  memcpy(mem.base + at, s, strlen(s));
  return (u32)strlen(s);
}

static u32 load_u32(u32 at) {
  return wasi_get_u32(mem.base + at);
}

static int open_fd_count(void) {
  int n = 0;
  DIR *d = opendir("/proc/self/fd");
  while (d && readdir(d)) n++;
  if (d) closedir(d);
  return n;
}

/* ------------------------------------------------------------ fixtures */

static void write_file(const char *rel, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
}

/* root/sandbox (preopened as /s) with a/b/file and links in and out;
 * root/outside lies beyond it. */
static void make_tree(void) {
  char path[256];
  strcpy(root, "/tmp/wasi-host-XXXXXX");
  if (!mkdtemp(root)) abort();
  const char *dirs[] = {"sandbox", "sandbox/a", "sandbox/a/b", "sandbox/empty"};
  for (size_t i = 0; i < 4; i++) {
    snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
    mkdir(path, 0755);
  }
  write_file("sandbox/a/b/file", "contents");
  write_file("outside", "secret");
  snprintf(path, sizeof path, "%s/sandbox/link_out", root);
  CHECK(symlink("../outside", path) == 0);
  snprintf(path, sizeof path, "%s/sandbox/link_in", root);
  CHECK(symlink("a/b", path) == 0);
  snprintf(path, sizeof path, "%s/sandbox/link_abs", root);
  CHECK(symlink("/etc", path) == 0);
}

static void remove_tree(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  CHECK(system(cmd) == 0);
}

/* --------------------------------------------------------------- tests */

static void test_resolve_imports(void) {
  static const wasmrt_valtype fd_write_types[] = {WASMRT_I32, WASMRT_I32, WASMRT_I32,
                                                  WASMRT_I32, WASMRT_I32};
  static const wasmrt_functype fd_write_type = {.nparams = 4, .nresults = 1, .types = fd_write_types};
  static const wasmrt_functype wrong_type = {.nparams = 0, .types = fd_write_types};
  const wasmrt_import_desc imports[] = {
      {.module = "wasi_snapshot_preview1", .name = "fd_write", .kind = WASMRT_EXTERN_FUNC,
       .func_type = &fd_write_type, .module_len = 22, .name_len = 8},
      {.module = "wasi_snapshot_preview1", .name = "fd_read", .kind = WASMRT_EXTERN_FUNC,
       .func_type = &wrong_type, .module_len = 22, .name_len = 7},
      {.module = "env", .name = "f", .kind = WASMRT_EXTERN_FUNC, .func_type = &wrong_type,
       .module_len = 3, .name_len = 1},
  };
  wasmrt_module mod = {.name = "m", .nimports = 3, .imports = imports};
  wasmrt_extern ext[3] = {{0}};
  char why[256] = "";
  CHECK(wasmrt_wasi_resolve_imports(w, &mod, ext, why, sizeof why) == 2);
  CHECK(ext[0].u.func && ext[0].u.func->fn == host_fn("fd_write") && ext[0].u.func->env == w);
  CHECK(ext[1].u.func == NULL && ext[2].u.func == NULL);
  CHECK(strstr(why, "fd_read") != NULL);
}

static void test_args_and_efault(void) {
  CHECK(CALL(args_sizes_get, (void *, u32, u32), 0, 4) == 0);
  CHECK(load_u32(0) == 3 && load_u32(4) == sizeof "prog" + sizeof "a" + sizeof "bc");
  CHECK(CALL(args_get, (void *, u32, u32), 16, 64) == 0);
  CHECK(load_u32(16) == 64 && strcmp((char *)mem.base + load_u32(24), "bc") == 0);
  u32 end = (u32)mem.size;
  CHECK(CALL(args_get, (void *, u32, u32), 16, end - 4) == WASI_EFAULT);
  CHECK(CALL(args_sizes_get, (void *, u32, u32), end - 2, 0) == WASI_EFAULT);
  CHECK(CALL(environ_sizes_get, (void *, u32, u32), 0, 4) == 0 && load_u32(0) == 1);
  CHECK(CALL(clock_time_get, (void *, u32, u64, u32), 1, 0, end - 7) == WASI_EFAULT);
  CHECK(CALL(clock_time_get, (void *, u32, u64, u32), 9, 0, 0) == WASI_EINVAL);
  CHECK(CALL(random_get, (void *, u32, u32), end - 16, 17) == WASI_EFAULT);
  CHECK(CALL(random_get, (void *, u32, u32), end - 16, 16) == 0);
  /* An iovec whose buffer runs past the end, and an iovec array that does. */
  wasi_put_u32(mem.base + 100, end - 4);
  wasi_put_u32(mem.base + 104, 8);
  CHECK(CALL(fd_write, (void *, u32, u32, u32, u32), 1, 100, 1, 0) == WASI_EFAULT);
  CHECK(CALL(fd_write, (void *, u32, u32, u32, u32), 1, end - 4, 1, 0) == WASI_EFAULT);
  CHECK(CALL(fd_write, (void *, u32, u32, u32, u32), 1, 100, 0x20000000, 0) == WASI_EFAULT);
  CHECK(CALL(fd_read, (void *, u32, u32, u32, u32), 99, 100, 1, 0) == WASI_EBADF);
  wasi_put_u32(mem.base + 8, 77);
  CHECK(CALL(fd_write, (void *, u32, u32, u32, u32), 1, 100, 0, 8) == 0 && load_u32(8) == 0);
}

/* path_open of the guest path `path` below dirfd; the errno, fd in *fd. */
static u32 open_path(u32 dirfd, const char *path, u32 lookup, u32 oflags, u64 rights, u32 *fd) {
  u32 len = put_str(1000, path);
  u32 err = CALL(path_open, (void *, u32, u32, u32, u32, u32, u64, u64, u32, u32), dirfd, lookup,
                 1000, len, oflags, rights, rights, 0, 2000);
  if (fd) *fd = load_u32(2000);
  if (!err && !fd) CALL(fd_close, (void *, u32), load_u32(2000));
  return err;
}

static void test_path_resolution(void) {
  const u64 r = WASI_RIGHT_FD_READ;
  const u32 follow = WASI_LOOKUP_SYMLINK_FOLLOW;
  CHECK(open_path(3, "a/b/file", 0, 0, r, NULL) == 0);
  CHECK(open_path(3, "./a//b/../b/file", 0, 0, r, NULL) == 0);
  CHECK(open_path(3, "../outside", follow, 0, r, NULL) == WASI_ENOTCAPABLE);
  CHECK(open_path(3, "a/../../outside", follow, 0, r, NULL) == WASI_ENOTCAPABLE);
  CHECK(open_path(3, "a/b/../../..", follow, 0, r, NULL) == WASI_ENOTCAPABLE);
  CHECK(open_path(3, "/etc/passwd", follow, 0, r, NULL) == WASI_ENOTCAPABLE);
  CHECK(open_path(3, "link_out", follow, 0, r, NULL) == WASI_ENOTCAPABLE);
  CHECK(open_path(3, "link_abs/passwd", 0, 0, r, NULL) == WASI_ENOTCAPABLE);
  CHECK(open_path(3, "link_out", 0, 0, r, NULL) == WASI_ELOOP);
  CHECK(open_path(3, "link_in/file", 0, 0, r, NULL) == 0);
  CHECK(open_path(3, "link_in/../b/file", 0, 0, r, NULL) == 0);
  CHECK(open_path(3, "a/b/file/", follow, 0, r, NULL) == WASI_ENOTDIR);
  CHECK(open_path(3, "a/b/file/x", follow, 0, r, NULL) == WASI_ENOTDIR);
  CHECK(open_path(3, "", 0, 0, r, NULL) == WASI_ENOENT);
  CHECK(open_path(3, "missing/x", 0, WASI_OFLAG_CREAT, r, NULL) == WASI_ENOENT);
  CHECK(open_path(1, "a", 0, 0, r, NULL) == WASI_ENOTCAPABLE); /* stdout: no PATH_OPEN */
  CHECK(open_path(42, "a", 0, 0, r, NULL) == WASI_EBADF);
  memcpy(mem.base + 1000, "a\0b", 3);
  CHECK(CALL(path_open, (void *, u32, u32, u32, u32, u32, u64, u64, u32, u32), 3, 0, 1000, 3, 0,
             r, r, 0, 2000) == WASI_EINVAL);
  CHECK(CALL(path_open, (void *, u32, u32, u32, u32, u32, u64, u64, u32, u32), 3, 0,
             (u32)mem.size - 2, 3, 0, r, r, 0, 2000) == WASI_EFAULT);
  /* Creating through a link that leads out creates nothing outside. */
  u32 len = put_str(1000, "../created");
  u32 tlen = put_str(1100, "made_link");
  CHECK(CALL(path_symlink, (void *, u32, u32, u32, u32, u32), 1000, len, 3, 1100, tlen) == 0);
  CHECK(open_path(3, "made_link", follow, WASI_OFLAG_CREAT, r | WASI_RIGHT_FD_WRITE, NULL) ==
        WASI_ENOTCAPABLE);
  char path[256];
  snprintf(path, sizeof path, "%s/created", root);
  CHECK(access(path, F_OK) != 0);
}

static void test_rights(void) {
  u32 dir;
  CHECK(open_path(3, "a", 0, WASI_OFLAG_DIRECTORY, WASI_RIGHTS_ALL, &dir) == 0);
  CHECK(CALL(fd_fdstat_get, (void *, u32, u32), dir, 3000) == 0);
  u64 base = wasi_get_u64(mem.base + 3008);
  CHECK(base & WASI_RIGHT_PATH_OPEN && !(base & WASI_RIGHT_FD_WRITE)); /* a directory's */
  CHECK(CALL(fd_fdstat_set_rights, (void *, u32, u64, u64), dir, base, WASI_RIGHT_FD_READ) == 0);
  CHECK(open_path(dir, "b/file", 0, 0, WASI_RIGHT_FD_WRITE, NULL) == WASI_ENOTCAPABLE);
  CHECK(open_path(dir, "b/file", 0, 0, WASI_RIGHT_FD_READ, NULL) == 0);
  CHECK(CALL(fd_fdstat_set_rights, (void *, u32, u64, u64), dir, base, WASI_RIGHTS_ALL) ==
        WASI_ENOTCAPABLE);
  CHECK(CALL(fd_fdstat_set_rights, (void *, u32, u64, u64), dir, 0, 0) == 0);
  CHECK(open_path(dir, "b/file", 0, 0, 0, NULL) == WASI_ENOTCAPABLE);
  u32 name = put_str(1000, "newdir");
  CHECK(CALL(path_create_directory, (void *, u32, u32, u32), dir, 1000, name) ==
        WASI_ENOTCAPABLE);
  CHECK(CALL(fd_fdstat_get, (void *, u32, u32), dir, 3000) == 0);
  CHECK(mem.base[3000] == WASI_FILETYPE_DIRECTORY && wasi_get_u64(mem.base + 3008) == 0);
  CHECK(CALL(fd_close, (void *, u32), dir) == 0);
  CHECK(CALL(fd_close, (void *, u32), dir) == WASI_EBADF);
}

/* Read a directory through a buffer too small for more than one entry, so
 * every call truncates and the cookie has to carry on. */
static void test_readdir_cookies(void) {
  for (int i = 0; i < 20; i++) {
    char rel[64];
    snprintf(rel, sizeof rel, "sandbox/empty/entry_%02d", i);
    write_file(rel, "");
  }
  u32 dir;
  CHECK(open_path(3, "empty", 0, WASI_OFLAG_DIRECTORY, WASI_RIGHTS_ALL, &dir) == 0);
  u64 cookie = 0;
  int entries = 0, named = 0;
  for (int calls = 0; calls < 200; calls++) {
    const u32 buf = 4000, buf_len = 40; /* a 24-byte header + 16 bytes of name */
    CHECK(CALL(fd_readdir, (void *, u32, u32, u32, u64, u32), dir, buf, buf_len, cookie, 3000) ==
          0);
    u32 used = load_u32(3000);
    if (used < 24) break;
    u32 namlen = load_u32(buf + 16);
    if (24 + namlen <= used) { /* a whole entry */
      entries++;
      named += memcmp(mem.base + buf + 24, "entry_", 6) == 0;
      cookie = wasi_get_u64(mem.base + buf);
    } else { /* truncated: ask again with a bigger buffer from this cookie */
      CHECK(CALL(fd_readdir, (void *, u32, u32, u32, u64, u32), dir, buf, 200, cookie, 3000) ==
            0);
      CHECK(load_u32(3000) >= 24 + namlen);
      entries++;
      named += memcmp(mem.base + buf + 24, "entry_", 6) == 0;
      cookie = wasi_get_u64(mem.base + buf);
    }
    if (used < buf_len) break;
  }
  CHECK(entries == 22 && named == 20); /* with "." and ".." */
  CHECK(CALL(fd_readdir, (void *, u32, u32, u32, u64, u32), dir, (u32)mem.size - 10, 40, 0,
             3000) == WASI_EFAULT);
  CHECK(CALL(fd_close, (void *, u32), dir) == 0);
}

static void test_renumber_and_stdio(int pipe_read) {
  u32 fd;
  CHECK(open_path(3, "a/b/file", 0, 0, WASI_RIGHT_FD_READ, &fd) == 0);
  CHECK(CALL(fd_renumber, (void *, u32, u32), fd, 100) == 0);
  CHECK(CALL(fd_renumber, (void *, u32, u32), fd, 101) == WASI_EBADF);
  wasi_put_u32(mem.base + 100, 200);
  wasi_put_u32(mem.base + 104, 8);
  CHECK(CALL(fd_read, (void *, u32, u32, u32, u32), 100, 100, 1, 300) == 0);
  CHECK(load_u32(300) == 8 && memcmp(mem.base + 200, "contents", 8) == 0);
  /* Writes to guest fd 1 reach the pipe the host gave as stdout; closing it
   * or renumbering over it leaves the host's end open. */
  put_str(200, "hello");
  wasi_put_u32(mem.base + 104, 5);
  CHECK(CALL(fd_write, (void *, u32, u32, u32, u32), 1, 100, 1, 300) == 0 && load_u32(300) == 5);
  char got[8] = {0};
  CHECK(read(pipe_read, got, 5) == 5 && strcmp(got, "hello") == 0);
  int host_stdout = w->fds[1]->host_fd;
  CHECK(CALL(fd_renumber, (void *, u32, u32), 100, 1) == 0);
  CHECK(fcntl(host_stdout, F_GETFD) >= 0);
  CHECK(CALL(fd_close, (void *, u32), 1) == 0);
  CHECK(CALL(fd_close, (void *, u32), 2) == 0);
  CHECK(fcntl(host_stdout, F_GETFD) >= 0);
}

static void test_poll_clocks(void) {
  /* Two clocks: 20 ms relative (userdata 7) and 10 s; only the first fires. */
  memset(mem.base + 5000, 0, 96);
  wasi_put_u64(mem.base + 5000, 7);
  wasi_put_u32(mem.base + 5016, WASI_CLOCK_MONOTONIC);
  wasi_put_u64(mem.base + 5024, 20000000);
  wasi_put_u64(mem.base + 5048, 8);
  wasi_put_u32(mem.base + 5064, WASI_CLOCK_MONOTONIC);
  wasi_put_u64(mem.base + 5072, UINT64_C(10000000000));
  u64 t0 = uv_hrtime();
  CHECK(CALL(poll_oneoff, (void *, u32, u32, u32, u32), 5000, 6000, 2, 300) == 0);
  CHECK(uv_hrtime() - t0 >= 20000000 && uv_hrtime() - t0 < UINT64_C(5000000000));
  CHECK(load_u32(300) == 1 && wasi_get_u64(mem.base + 6000) == 7);
  /* Absolute deadlines in the past return at once. */
  wasi_put_u64(mem.base + 5024, 1);
  wasi_put_u16(mem.base + 5040, 1);
  wasi_put_u32(mem.base + 5064, WASI_CLOCK_REALTIME);
  wasi_put_u64(mem.base + 5072, 1);
  wasi_put_u16(mem.base + 5088, 1);
  t0 = uv_hrtime();
  CHECK(CALL(poll_oneoff, (void *, u32, u32, u32, u32), 5000, 6000, 2, 300) == 0);
  CHECK(load_u32(300) == 2 && uv_hrtime() - t0 < UINT64_C(1000000000));
  /* An unknown clock is reported in its event. */
  wasi_put_u32(mem.base + 5016, 77);
  CHECK(CALL(poll_oneoff, (void *, u32, u32, u32, u32), 5000, 6000, 1, 300) == 0);
  CHECK(load_u32(300) == 1 && wasi_get_u16(mem.base + 6008) == WASI_EINVAL);
  mem.base[5008] = 9; /* unknown subscription type */
  CHECK(CALL(poll_oneoff, (void *, u32, u32, u32, u32), 5000, 6000, 1, 300) == WASI_EINVAL);
}

/* The fd functions wasi-libc rarely calls, and argument validation. */
static void test_fd_misc(void) {
  u32 fd;
  const u64 rw = WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK |
                 WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_ALLOCATE |
                 WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_TIMES;
  CHECK(open_path(3, "misc", 0, WASI_OFLAG_CREAT | WASI_OFLAG_EXCL, rw, &fd) == 0);
  CHECK(open_path(3, "misc", 0, WASI_OFLAG_CREAT | WASI_OFLAG_EXCL, rw, NULL) == WASI_EEXIST);
  CHECK(CALL(fd_allocate, (void *, u32, u64, u64), fd, 0, 100) == 0);
  CHECK(CALL(fd_seek, (void *, u32, u64, u32, u32), fd, 10, 0, 300) == 0);
  CHECK(CALL(fd_tell, (void *, u32, u32), fd, 300) == 0 && wasi_get_u64(mem.base + 300) == 10);
  CHECK(CALL(fd_seek, (void *, u32, u64, u32, u32), fd, 0, 3, 300) == WASI_EINVAL);
  CHECK(CALL(fd_seek, (void *, u32, u64, u32, u32), fd, (u64)-20, 1, 300) == WASI_EINVAL);
  CHECK(CALL(fd_pread, (void *, u32, u32, u32, u64, u32), fd, 100, 1, UINT64_MAX, 300) ==
        WASI_EINVAL);
  /* APPEND can be switched on; the sync flags cannot change on Linux. */
  CHECK(CALL(fd_fdstat_set_flags, (void *, u32, u32), fd, WASI_FDFLAG_APPEND) == 0);
  CHECK(CALL(fd_fdstat_set_flags, (void *, u32, u32), fd, WASI_FDFLAG_SYNC) == WASI_ENOTSUP);
  CHECK(CALL(fd_fdstat_get, (void *, u32, u32), fd, 3000) == 0);
  CHECK(wasi_get_u16(mem.base + 3002) == WASI_FDFLAG_APPEND);
  /* Times: explicit nanoseconds survive; TIME and TIME_NOW together do not. */
  CHECK(CALL(fd_filestat_set_times, (void *, u32, u64, u64, u32), fd, 5, UINT64_C(1500000000123),
             WASI_FSTFLAG_ATIM | WASI_FSTFLAG_MTIM) == 0);
  CHECK(CALL(fd_filestat_get, (void *, u32, u32), fd, 3000) == 0);
  CHECK(wasi_get_u64(mem.base + 3000 + 32) == 100 && mem.base[3016] == WASI_FILETYPE_REGULAR_FILE);
  CHECK(wasi_get_u64(mem.base + 3048) == UINT64_C(1500000000123));
  CHECK(CALL(fd_filestat_set_times, (void *, u32, u64, u64, u32), fd, 0, 0,
             WASI_FSTFLAG_MTIM | WASI_FSTFLAG_MTIM_NOW) == WASI_EINVAL);
  CHECK(CALL(fd_filestat_set_size, (void *, u32, u64), fd, 1) == WASI_ENOTCAPABLE);
  CHECK(CALL(fd_close, (void *, u32), fd) == 0);
  u32 len = put_str(1000, "link_in");
  CHECK(CALL(path_filestat_get, (void *, u32, u32, u32, u32, u32), 3, 0, 1000, len, 3000) == 0);
  CHECK(mem.base[3016] == WASI_FILETYPE_SYMBOLIC_LINK);
  CHECK(CALL(path_filestat_get, (void *, u32, u32, u32, u32, u32), 3, WASI_LOOKUP_SYMLINK_FOLLOW,
             1000, len, 3000) == 0);
  CHECK(mem.base[3016] == WASI_FILETYPE_DIRECTORY);
  CHECK(CALL(clock_res_get, (void *, u32, u32), WASI_CLOCK_MONOTONIC, 300) == 0);
  CHECK(wasi_get_u64(mem.base + 300) > 0);
  CHECK(((u32(*)(void *))host_fn("sched_yield"))(w) == 0);
  CHECK(CALL(fd_prestat_get, (void *, u32, u32), 3, 300) == 0 && load_u32(304) == 2);
  CHECK(CALL(fd_prestat_dir_name, (void *, u32, u32, u32), 3, 300, 2) == 0);
  CHECK(memcmp(mem.base + 300, "/s", 2) == 0);
  CHECK(CALL(fd_prestat_get, (void *, u32, u32), 0, 300) == WASI_EBADF);
}

/* A context whose stdin is one end of a socket pair: sock_send, sock_recv,
 * sock_shutdown and poll readiness on a real socket. */
static void test_sockets(void) {
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  wasmrt_wasi_config cfg = wasmrt_wasi_config_default();
  cfg.stdio[0] = sv[0];
  wasmrt_wasi *saved = w;
  w = wasmrt_wasi_new(&cfg);
  wasmrt_wasi_set_memory(w, &mem);
  put_str(200, "ping");
  wasi_put_u32(mem.base + 100, 200);
  wasi_put_u32(mem.base + 104, 4);
  CHECK(CALL(sock_send, (void *, u32, u32, u32, u32, u32), 0, 100, 1, 0, 300) == 0);
  char got[8] = {0};
  CHECK(read(sv[1], got, 4) == 4 && strcmp(got, "ping") == 0);
  CHECK(write(sv[1], "pong", 4) == 4);
  /* Poll for stdin readable: the data is there. */
  memset(mem.base + 5000, 0, 48);
  mem.base[5008] = 1; /* fd_read */
  CHECK(CALL(poll_oneoff, (void *, u32, u32, u32, u32), 5000, 6000, 1, 300) == 0);
  CHECK(load_u32(300) == 1 && wasi_get_u64(mem.base + 6016) == 4);
  memset(mem.base + 200, 0, 8);
  CHECK(CALL(sock_recv, (void *, u32, u32, u32, u32, u32, u32), 0, 100, 1, 0, 300, 304) == 0);
  CHECK(load_u32(300) == 4 && memcmp(mem.base + 200, "pong", 4) == 0);
  CHECK(CALL(sock_shutdown, (void *, u32, u32), 0, 2) == 0);
  CHECK(read(sv[1], got, 1) == 0); /* our side's write end is shut */
  CHECK(CALL(sock_shutdown, (void *, u32, u32), 0, 9) == WASI_EINVAL);
  CHECK(CALL(sock_accept, (void *, u32, u32, u32), 0, 0, 300) == WASI_EINVAL);
  wasmrt_wasi_free(w);
  w = saved;
  close(sv[0]);
  close(sv[1]);
}

static void test_proc_exit(void) {
  uint32_t code = 0;
  CHECK(!wasmrt_wasi_exited(w, &code));
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    ((void (*)(void *, u32))host_fn("proc_exit"))(w, 42);
    wasmrt_trap_leave(&f);
    CHECK(!"proc_exit returned");
  } else {
    CHECK(f.code == WASMRT_TRAP_HOST);
  }
  CHECK(wasmrt_wasi_exited(w, &code) && code == 42);
  CHECK(CALL(proc_raise, (void *, u32), 6) == WASI_ENOSYS);
  CHECK(CALL(sock_shutdown, (void *, u32, u32), 0, 3) == WASI_ENOTSOCK);
}

static void test_bad_preopen(void) {
  wasmrt_wasi_preopen p = {"/nonexistent/dir", "/x"};
  wasmrt_wasi_config cfg = wasmrt_wasi_config_default();
  cfg.npreopens = 1;
  cfg.preopens = &p;
  errno = 0;
  CHECK(wasmrt_wasi_new(&cfg) == NULL && errno == ENOENT);
}

/* Every bad config is EINVAL (or the system's reason for a preopen), never
 * a crash, and leaks no fd. */
static void test_bad_config(void) {
  const char *args[] = {"prog", NULL};
  wasmrt_wasi_preopen no_host = {NULL, "/x"}, no_guest = {"/", NULL}, file = {"/etc/passwd", "/x"};
  wasmrt_wasi_config base = wasmrt_wasi_config_default(), cfg;
  errno = 0;
  CHECK(wasmrt_wasi_new(NULL) == NULL && errno == EINVAL);
#define BAD(field, value, err)                                                 \
  cfg = base;                                                                  \
  cfg.field;                                                                   \
  value;                                                                       \
  errno = 0;                                                                   \
  CHECK(wasmrt_wasi_new(&cfg) == NULL && errno == err)
  BAD(argc = -1, (void)0, EINVAL);
  BAD(argc = 1, cfg.argv = NULL, EINVAL);
  BAD(argc = 2, cfg.argv = args, EINVAL); /* argv[1] is NULL */
  BAD(envc = -3, (void)0, EINVAL);
  BAD(envc = 1, cfg.envp = NULL, EINVAL);
  BAD(npreopens = -1, (void)0, EINVAL);
  BAD(npreopens = 1, cfg.preopens = NULL, EINVAL);
  BAD(npreopens = 1, cfg.preopens = &no_host, EINVAL);
  BAD(npreopens = 1, cfg.preopens = &no_guest, EINVAL);
  BAD(npreopens = 1, cfg.preopens = &file, ENOTDIR);
  BAD(stdio[1] = -1, (void)0, EINVAL);
#undef BAD
  /* The functions taking a context accept none without crashing. */
  char why[128] = "";
  wasmrt_import_desc imp = {.module = "wasi_snapshot_preview1", .name = "fd_write",
                            .module_len = 22, .name_len = 8, .kind = WASMRT_EXTERN_FUNC};
  wasmrt_module mod = {.name = "m", .nimports = 1, .imports = &imp};
  wasmrt_extern ext[1] = {{0}};
  CHECK(wasmrt_wasi_resolve_imports(NULL, &mod, ext, why, sizeof why) == 1 && strstr(why, "NULL"));
  CHECK(wasmrt_wasi_resolve_imports(w, NULL, ext, why, sizeof why) != 0);
  uint32_t code = 7;
  CHECK(wasmrt_wasi_exited(NULL, &code) == 0 && code == 7);
  wasmrt_wasi_set_memory(NULL, &mem);
}

int main(void) {
  int fds_before = open_fd_count();
  if (wasmrt_memory_init(&mem, 1, 1, 1, 1) != 0) return 1;
  make_tree();
  int out[2];
  if (pipe(out) != 0) return 1;
  char sandbox[128];
  snprintf(sandbox, sizeof sandbox, "%s/sandbox", root);
  const char *args[] = {"prog", "a", "bc"}, *env[] = {"K=V"};
  wasmrt_wasi_preopen pre = {sandbox, "/s"};
  wasmrt_wasi_config cfg = {3, args, 1, env, 1, &pre, {0, out[1], 2}};
  w = wasmrt_wasi_new(&cfg);
  CHECK(w != NULL);
  wasmrt_wasi_set_memory(w, &mem);
  test_resolve_imports();
  test_args_and_efault();
  test_path_resolution();
  test_rights();
  test_readdir_cookies();
  test_renumber_and_stdio(out[0]);
  test_poll_clocks();
  test_fd_misc();
  test_sockets();
  test_proc_exit();
  wasmrt_wasi_free(w);
  test_bad_preopen();
  test_bad_config();
  close(out[0]);
  close(out[1]);
  remove_tree();
  wasmrt_memory_free(&mem);
  CHECK(open_fd_count() == fds_before);
  printf("%d checks, %d failed\n", checks, failures);
  return failures != 0;
}
