/* escape.c - capability checks and host robustness, run against our host
 * only (node follows symlinks out of a preopen). Each CHECK prints FAIL on
 * a mismatch; the driver also checks nothing outside /sandbox changed. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

#define PREOPEN 3

/* Raw imports, so pointers reach the host unchecked by libc. */
#define RAW(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
RAW(fd_write) int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t nwritten);
RAW(fd_read) int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t n, int32_t nread);
RAW(args_get) int32_t raw_args_get(int32_t argv, int32_t buf);
RAW(clock_time_get) int32_t raw_clock_time_get(int32_t id, int64_t precision, int32_t out);
RAW(random_get) int32_t raw_random_get(int32_t buf, int32_t len);
RAW(path_open) int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t len,
                                     int32_t oflags, int64_t base, int64_t inheriting,
                                     int32_t fdflags, int32_t fd_out);
RAW(poll_oneoff) int32_t raw_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nevents);
RAW(proc_raise) int32_t raw_proc_raise(int32_t sig);
RAW(sock_recv) int32_t raw_sock_recv(int32_t fd, int32_t iovs, int32_t n, int32_t flags,
                                     int32_t len_out, int32_t flags_out);
RAW(sock_accept) int32_t raw_sock_accept(int32_t fd, int32_t flags, int32_t fd_out);
RAW(fd_prestat_dir_name) int32_t raw_prestat_dir_name(int32_t fd, int32_t buf, int32_t len);

#define BAD_PTR ((int32_t)0xFFFFFFF0u)

static int32_t ptr(const void *p) {
  return (int32_t)(uintptr_t)p;
}

/* path_open on a raw path with the given rights; the errno it returns. */
static int open_raw(int dirfd, const char *path, uint64_t rights, int follow) {
  __wasi_fd_t fd;
  __wasi_errno_t err = __wasi_path_open(dirfd, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0,
                                        path, 0, rights, 0, 0, &fd);
  if (err == 0) close((int)fd);
  return err;
}

#define EXPECT_ERRNO(call, want)                                                      \
  do {                                                                                \
    errno = 0;                                                                        \
    int r_ = (call);                                                                  \
    if (r_ >= 0 || errno != (want)) {                                                 \
      check_failures++;                                                               \
      printf("FAIL %s:%d: %s: got %d errno %d, want errno %d\n", __FILE__, __LINE__,  \
             #call, r_, errno, (want));                                               \
    }                                                                                 \
  } while (0)

static void escapes_by_dotdot_and_absolute(void) {
  uint64_t r = __WASI_RIGHTS_FD_READ;
  CHECK(open_raw(PREOPEN, "../secret.txt", r, 1) == __WASI_ERRNO_NOTCAPABLE);
  CHECK(open_raw(PREOPEN, "sub/../../secret.txt", r, 1) == __WASI_ERRNO_NOTCAPABLE);
  CHECK(open_raw(PREOPEN, "sub/../input.txt", r, 1) == 0);
  CHECK(open_raw(PREOPEN, "./sub/./nested.txt", r, 1) == 0);
  CHECK(open_raw(PREOPEN, "/etc/passwd", r, 1) == __WASI_ERRNO_NOTCAPABLE);
  CHECK(open_raw(PREOPEN, "..", r, 1) == __WASI_ERRNO_NOTCAPABLE);
  CHECK(open_raw(PREOPEN, "", r, 1) == __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(open("/sandbox/../secret.txt", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO(mkdir("/sandbox/../newdir", 0755), ENOTCAPABLE);
  EXPECT_ERRNO(unlink("/sandbox/../secret.txt"), ENOTCAPABLE);
  EXPECT_ERRNO(rename("/sandbox/input.txt", "/sandbox/../stolen.txt"), ENOTCAPABLE);
  EXPECT_ERRNO(symlink("x", "/sandbox/../planted"), ENOTCAPABLE);
  EXPECT_ERRNO(link("/sandbox/input.txt", "/sandbox/sub/../../hard"), ENOTCAPABLE);
}

static void escapes_by_symlink(void) {
  uint64_t r = __WASI_RIGHTS_FD_READ;
  CHECK(symlink("../secret.txt", "/sandbox/out_link") == 0);
  CHECK(symlink("/etc/passwd", "/sandbox/abs_link") == 0);
  CHECK(symlink("sub/../../secret.txt", "/sandbox/sneaky_link") == 0);
  CHECK(symlink("..", "/sandbox/parent_link") == 0);
  CHECK(symlink("sub", "/sandbox/sub_link") == 0);
  CHECK(symlink("loop2", "/sandbox/loop1") == 0 && symlink("loop1", "/sandbox/loop2") == 0);
  CHECK(symlink("../created_outside.txt", "/sandbox/dangling_out") == 0);
  CHECK(symlink("created_inside.txt", "/sandbox/dangling_in") == 0);
  EXPECT_ERRNO(open("/sandbox/out_link", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO(open("/sandbox/abs_link", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO(open("/sandbox/sneaky_link", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO(open("/sandbox/parent_link/secret.txt", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO(open("/sandbox/loop1", O_RDONLY), ELOOP);
  EXPECT_ERRNO(open("/sandbox/dangling_out", O_CREAT | O_WRONLY, 0644), ENOTCAPABLE);
  struct stat st;
  EXPECT_ERRNO(stat("/sandbox/out_link", &st), ENOTCAPABLE);
  CHECK(lstat("/sandbox/out_link", &st) == 0 && S_ISLNK(st.st_mode));
  CHECK(open_raw(PREOPEN, "out_link", r, 0) == __WASI_ERRNO_LOOP); /* no follow: a link */
  CHECK(open_raw(PREOPEN, "sub_link/../input.txt", r, 0) == 0);
  CHECK(open_raw(PREOPEN, "sub_link/nested.txt", r, 0) == 0);
  CHECK(symlink("../input.txt", "/sandbox/sub/up") == 0); /* climbs, but stays inside */
  CHECK(open_raw(PREOPEN, "sub/up", r, 1) == 0);
  int fd = open("/sandbox/dangling_in", O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  close(fd);
  CHECK(stat("/sandbox/created_inside.txt", &st) == 0);
  char buf[64] = {0};
  CHECK(readlink("/sandbox/out_link", buf, sizeof buf) == 13 &&
        memcmp(buf, "../secret.txt", 13) == 0);
}

int case_escape(int argc, char **argv) {
  (void)argc;
  (void)argv;
  escapes_by_dotdot_and_absolute();
  escapes_by_symlink();
  printf("escape checks done\n");
  return 0;
}

/* ------------------------------------------------------------------ rights */

static uint64_t rights_of(int fd, uint64_t *inheriting) {
  __wasi_fdstat_t st;
  CHECK(__wasi_fd_fdstat_get(fd, &st) == 0);
  if (inheriting) *inheriting = st.fs_rights_inheriting;
  return st.fs_rights_base;
}

int case_rights(int argc, char **argv) {
  (void)argc;
  (void)argv;
  int sub = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
  CHECK(sub >= 0);
  uint64_t inheriting, base = rights_of(sub, &inheriting);
  CHECK(base & __WASI_RIGHTS_PATH_OPEN);
  /* Drop the right to open files for writing below sub. */
  CHECK(__wasi_fd_fdstat_set_rights(sub, base, inheriting & ~__WASI_RIGHTS_FD_WRITE) == 0);
  CHECK(open_raw(sub, "nested.txt", __WASI_RIGHTS_FD_WRITE, 0) == __WASI_ERRNO_NOTCAPABLE);
  CHECK(open_raw(sub, "nested.txt", __WASI_RIGHTS_FD_READ, 0) == 0);
  /* Rights never come back. */
  CHECK(__wasi_fd_fdstat_set_rights(sub, base, inheriting) == __WASI_ERRNO_NOTCAPABLE);
  /* Without PATH_CREATE_DIRECTORY, mkdir below sub fails. */
  CHECK(__wasi_fd_fdstat_set_rights(sub, base & ~__WASI_RIGHTS_PATH_CREATE_DIRECTORY,
                                    inheriting & ~__WASI_RIGHTS_FD_WRITE) == 0);
  CHECK(__wasi_path_create_directory(sub, "newdir") == __WASI_ERRNO_NOTCAPABLE);
  /* A read-only fd cannot write or seek once its rights are dropped. */
  __wasi_fd_t file;
  CHECK(__wasi_path_open(PREOPEN, 0, "input.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &file) == 0);
  /* (wasi-libc turns these into EBADF and ESPIPE: ask the host directly) */
  __wasi_ciovec_t iov = {(const uint8_t *)"x", 1};
  __wasi_size_t written;
  __wasi_filesize_t pos;
  CHECK(__wasi_fd_write(file, &iov, 1, &written) == __WASI_ERRNO_NOTCAPABLE);
  CHECK(__wasi_fd_seek(file, 1, __WASI_WHENCE_SET, &pos) == __WASI_ERRNO_NOTCAPABLE);
  char c;
  CHECK(read((int)file, &c, 1) == 1);
  CHECK((rights_of((int)file, NULL) & ~__WASI_RIGHTS_FD_READ) == 0);
  close((int)file);
  close(sub);
  /* The preopen itself: no PATH_OPEN, no opening at all. */
  uint64_t pbase = rights_of(PREOPEN, &inheriting);
  CHECK(__wasi_fd_fdstat_set_rights(PREOPEN, pbase & ~__WASI_RIGHTS_PATH_OPEN, inheriting) == 0);
  CHECK(open_raw(PREOPEN, "input.txt", __WASI_RIGHTS_FD_READ, 0) == __WASI_ERRNO_NOTCAPABLE);
  printf("rights checks done\n");
  return 0;
}

/* ---------------------------------------------------------------- renumber */

int case_renumber(int argc, char **argv) {
  (void)argc;
  (void)argv;
  int fd = open("/sandbox/slot.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(__wasi_fd_renumber(fd, 50) == 0); /* onto a slot never opened */
  CHECK(write(50, "via 50\n", 7) == 7);
  EXPECT_ERRNO((int)write(fd, "x", 1), EBADF);
  CHECK(__wasi_fd_renumber(77, 50) == __WASI_ERRNO_BADF);
  CHECK(close(50) == 0);
  printf("renumber checks done\n");
  fflush(stdout);
  fd = open("/sandbox/stdout.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(__wasi_fd_renumber(fd, 1) == 0); /* the host's stdout stays open */
  printf("into the file\n");
  fflush(stdout);
  return 0;
}

/* trap [close]: die of unreachable, after closing the guest's stdio if
 * asked (the host must still be able to report the trap). */
int case_trap(int argc, char **argv) {
  printf("before trap\n");
  fflush(stdout);
  if (argc > 1 && strcmp(argv[1], "close") == 0) {
    close(0);
    close(1);
    close(2);
  }
  __builtin_trap();
}

/* ----------------------------------------------------- host robustness */

int case_badptr(int argc, char **argv) {
  (void)argc;
  (void)argv;
  static char msg[] = "x";
  int32_t iov[2] = {ptr(msg), 1}, bad_iov[2] = {BAD_PTR, 8}, n;
  CHECK(raw_fd_write(1, BAD_PTR, 1, ptr(&n)) == __WASI_ERRNO_FAULT);
  CHECK(raw_fd_write(1, ptr(bad_iov), 1, ptr(&n)) == __WASI_ERRNO_FAULT);
  CHECK(raw_fd_write(1, ptr(iov), 1, BAD_PTR) == __WASI_ERRNO_FAULT);
  CHECK(raw_fd_write(1, ptr(iov), 0x7FFFFFFF, ptr(&n)) == __WASI_ERRNO_FAULT);
  CHECK(raw_fd_read(0, ptr(bad_iov), 1, ptr(&n)) == __WASI_ERRNO_FAULT);
  CHECK(raw_fd_write(99, ptr(iov), 1, ptr(&n)) == __WASI_ERRNO_BADF);
  CHECK(raw_args_get(BAD_PTR, BAD_PTR) == __WASI_ERRNO_FAULT);
  CHECK(raw_clock_time_get(0, 1, BAD_PTR) == __WASI_ERRNO_FAULT);
  CHECK(raw_clock_time_get(99, 1, ptr(&n)) == __WASI_ERRNO_INVAL);
  CHECK(raw_random_get((int32_t)0xFFFF0000u, 0x20000) == __WASI_ERRNO_FAULT);
  CHECK(raw_path_open(PREOPEN, 0, BAD_PTR, 100, 0, 2, 0, 0, ptr(&n)) == __WASI_ERRNO_FAULT);
  CHECK(raw_path_open(PREOPEN, 0, ptr("input.txt"), 9, 0, 2, 0, 0, BAD_PTR) ==
        __WASI_ERRNO_FAULT);
  CHECK(raw_poll_oneoff(BAD_PTR, ptr(msg), 1, ptr(&n)) == __WASI_ERRNO_FAULT);
  CHECK(raw_poll_oneoff(ptr(msg), ptr(msg), 0, ptr(&n)) == __WASI_ERRNO_INVAL);
  CHECK(raw_prestat_dir_name(PREOPEN, BAD_PTR, 100) == __WASI_ERRNO_FAULT);
  CHECK(raw_prestat_dir_name(PREOPEN, ptr(msg), 1) == __WASI_ERRNO_NAMETOOLONG);
  CHECK(raw_proc_raise(6) == __WASI_ERRNO_NOSYS);
  CHECK(raw_sock_recv(1, ptr(iov), 1, 0, ptr(&n), ptr(&n)) == __WASI_ERRNO_NOTSOCK);
  CHECK(raw_sock_accept(PREOPEN, 0, ptr(&n)) == __WASI_ERRNO_NOTSOCK);
  printf("badptr checks done\n");
  return 0;
}
