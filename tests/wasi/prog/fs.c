/* fs.c - files, directories, links inside the preopened /sandbox. Output is
 * compared with node's, so only portable facts are printed (no inodes, no
 * access times, no sub-second timestamps: node sets times as doubles). */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

static void print_stat(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    printf("stat %s: %s\n", path, strerror(errno));
    return;
  }
  printf("stat %s: %s size=%lld nlink=%llu\n", path,
         S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other",
         (long long)st.st_size, (unsigned long long)st.st_nlink);
}

static void print_file(const char *path) {
  char buf[512];
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("open %s: %s\n", path, strerror(errno));
    return;
  }
  ssize_t n = read(fd, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = '\0';
  printf("%s: [%s]\n", path, buf);
  close(fd);
}

static void print_errno(const char *what, int r) {
  printf("%s -> %d (%s)\n", what, r, r < 0 ? strerror(errno) : "ok");
}

static void write_new_file(void) {
  int fd = open("/sandbox/new.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(fd >= 0);
  struct iovec iov[3] = {{"hello world\n", 12}, {"hello world\n", 12}, {"hello world\n", 12}};
  printf("writev -> %zd\n", writev(fd, iov, 3));
  CHECK(close(fd) == 0);
  print_stat("/sandbox/new.txt");
}

static void seek_and_positional_io(void) {
  char buf[16] = {0};
  int fd = open("/sandbox/new.txt", O_RDWR);
  CHECK(fd >= 0);
  printf("lseek set -> %lld\n", (long long)lseek(fd, 6, SEEK_SET));
  printf("read -> %zd [%.5s]\n", read(fd, buf, 5), buf);
  printf("lseek cur -> %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  printf("lseek end -> %lld\n", (long long)lseek(fd, -4, SEEK_END));
  printf("pwrite -> %zd\n", pwrite(fd, "XY", 2, 0));
  memset(buf, 0, sizeof buf);
  printf("pread -> %zd [%s]\n", pread(fd, buf, 5, 0), buf);
  printf("position after pread -> %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  printf("ftruncate -> %d\n", ftruncate(fd, 20));
  struct stat st;
  CHECK(fstat(fd, &st) == 0);
  printf("fstat size=%lld\n", (long long)st.st_size);
  printf("lseek past end -> %lld\n", (long long)lseek(fd, 100, SEEK_SET));
  printf("write -> %zd\n", write(fd, "end", 3));
  printf("fsync -> %d fdatasync -> %d\n", fsync(fd), fdatasync(fd));
  print_errno("lseek negative", (int)lseek(fd, -1000, SEEK_SET));
  CHECK(close(fd) == 0);
  print_stat("/sandbox/new.txt");
}

static void append_and_allocate(void) {
  int fd = open("/sandbox/new.txt", O_WRONLY | O_APPEND);
  CHECK(fd >= 0);
  printf("append write -> %zd\n", write(fd, "appended\n", 9));
  struct stat st;
  CHECK(fstat(fd, &st) == 0);
  printf("size after append=%lld\n", (long long)st.st_size);
  CHECK(close(fd) == 0);
  fd = open("/sandbox/alloc.bin", O_CREAT | O_RDWR, 0644);
  printf("posix_fallocate -> %d\n", posix_fallocate(fd, 0, 4096));
  printf("posix_fadvise -> %d\n", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL));
  CHECK(fstat(fd, &st) == 0);
  printf("allocated size=%lld\n", (long long)st.st_size);
  close(fd);
}

static void errors_and_renames(void) {
  print_errno("open missing", open("/sandbox/missing.txt", O_RDONLY));
  print_errno("open excl existing", open("/sandbox/input.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  print_errno("open dir for writing", open("/sandbox/sub", O_WRONLY));
  print_errno("open file as dir", open("/sandbox/input.txt", O_RDONLY | O_DIRECTORY));
  print_errno("rename", rename("/sandbox/new.txt", "/sandbox/renamed.txt"));
  print_stat("/sandbox/new.txt");
  print_stat("/sandbox/renamed.txt");
  print_errno("unlink", unlink("/sandbox/to_delete.txt"));
  print_stat("/sandbox/to_delete.txt");
  print_errno("unlink missing", unlink("/sandbox/to_delete.txt"));
  print_errno("rename onto dir", rename("/sandbox/renamed.txt", "/sandbox/sub"));
}

static void timestamps(void) {
  struct timespec times[2] = {{1000000000, 0}, {1200000000, 0}};
  print_errno("utimensat", utimensat(AT_FDCWD, "/sandbox/input.txt", times, 0));
  struct stat st;
  CHECK(stat("/sandbox/input.txt", &st) == 0);
  printf("atime=%lld mtime=%lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
  int fd = open("/sandbox/input.txt", O_RDONLY);
  struct timespec later[2] = {{0, UTIME_OMIT}, {1300000000, 0}};
  print_errno("futimens", futimens(fd, later));
  CHECK(fstat(fd, &st) == 0);
  printf("atime=%lld mtime=%lld\n", (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
  close(fd);
}

int case_files(int argc, char **argv) {
  (void)argc;
  (void)argv;
  print_file("/sandbox/input.txt");
  write_new_file();
  seek_and_positional_io();
  append_and_allocate();
  errors_and_renames();
  timestamps();
  print_file("/sandbox/sub/nested.txt");
  return 0;
}

/* ---------------------------------------------------------- directories */

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Print a directory's entries sorted (order is the filesystem's), without
 * "." and ".." (node leaves them out). */
static void list_dir(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    printf("opendir %s: %s\n", path, strerror(errno));
    return;
  }
  char *names[512];
  size_t n = 0;
  for (struct dirent *e; (e = readdir(d)) && n < 512;) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    const char *type = e->d_type == DT_DIR ? "dir" : e->d_type == DT_REG ? "file"
                     : e->d_type == DT_LNK ? "link" : "other";
    names[n] = malloc(strlen(e->d_name) + 8);
    sprintf(names[n++], "%s (%s)", e->d_name, type);
  }
  closedir(d);
  qsort(names, n, sizeof *names, compare_names);
  printf("%s: %zu entries\n", path, n);
  for (size_t i = 0; i < n; i++) {
    printf("  %s\n", names[i]);
    free(names[i]);
  }
}

int case_dirs(int argc, char **argv) {
  (void)argc;
  (void)argv;
  print_errno("mkdir d1", mkdir("/sandbox/d1", 0755));
  print_errno("mkdir d1/d2", mkdir("/sandbox/d1/d2", 0755));
  print_errno("mkdir d1 again", mkdir("/sandbox/d1", 0755));
  print_errno("mkdir missing parent", mkdir("/sandbox/nope/d3", 0755));
  int fd = open("/sandbox/d1/file.txt", O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  close(fd);
  list_dir("/sandbox/d1");
  list_dir("/sandbox");
  print_errno("rmdir non-empty", rmdir("/sandbox/d1"));
  print_errno("rmdir file", rmdir("/sandbox/d1/file.txt"));
  print_errno("unlink dir", unlink("/sandbox/d1/d2"));
  print_errno("rmdir d2", rmdir("/sandbox/d1/d2"));
  print_errno("rename dir", rename("/sandbox/d1", "/sandbox/d9"));
  print_stat("/sandbox/d9");
  print_stat("/sandbox/d9/./file.txt");
  print_stat("/sandbox/d9/../input.txt");
  list_dir("/sandbox/sub");
  list_dir("/sandbox/missing");
  return 0;
}

/* Enough entries that fd_readdir needs several calls (cookies). */
int case_readdir_big(int argc, char **argv) {
  int count = argc > 1 ? atoi(argv[1]) : 300;
  char path[64];
  CHECK(mkdir("/sandbox/many", 0755) == 0);
  for (int i = 0; i < count; i++) {
    snprintf(path, sizeof path, "/sandbox/many/file_with_a_long_name_%04d", i);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    close(fd);
  }
  DIR *d = opendir("/sandbox/many");
  int seen = 0;
  unsigned long sum = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') continue;
    seen++;
    sum += (unsigned long)atoi(e->d_name + 22);
  }
  rewinddir(d);
  int again = 0;
  while (readdir(d)) again++;
  closedir(d);
  printf("created %d, listed %d, index sum %lu, after rewind %s\n", count, seen, sum,
         again >= seen ? "complete" : "short");
  for (int i = 0; i < count; i += 2) {
    snprintf(path, sizeof path, "/sandbox/many/file_with_a_long_name_%04d", i);
    CHECK(unlink(path) == 0);
  }
  return 0;
}

int case_links(int argc, char **argv) {
  (void)argc;
  (void)argv;
  char buf[64] = {0};
  print_errno("symlink", symlink("input.txt", "/sandbox/ln"));
  printf("readlink -> %zd [%s]\n", readlink("/sandbox/ln", buf, sizeof buf - 1), buf);
  struct stat st;
  CHECK(lstat("/sandbox/ln", &st) == 0);
  printf("lstat is link: %d\n", S_ISLNK(st.st_mode));
  print_stat("/sandbox/ln");
  print_file("/sandbox/ln");
  print_errno("symlink in sub", symlink("nested.txt", "/sandbox/sub/alias"));
  print_file("/sandbox/sub/alias");
  print_errno("symlink to dir", symlink("sub", "/sandbox/subdir_link"));
  print_file("/sandbox/subdir_link/nested.txt");
  print_errno("link", link("/sandbox/input.txt", "/sandbox/hard.txt"));
  print_stat("/sandbox/hard.txt");
  print_errno("readlink non-link", (int)readlink("/sandbox/input.txt", buf, sizeof buf));
  print_errno("unlink link", unlink("/sandbox/ln"));
  print_stat("/sandbox/input.txt");
  return 0;
}

/* Two preopens: /sandbox and /other (the host's sandbox/sub). */
int case_preopens(int argc, char **argv) {
  (void)argc;
  (void)argv;
  print_file("/other/nested.txt");
  print_stat("/other");
  list_dir("/other");
  print_errno("mkdir in other", mkdir("/other/made", 0755));
  print_stat("/sandbox/sub/made");
  print_errno("rename across preopens",
              rename("/other/nested.txt", "/sandbox/moved.txt"));
  print_file("/sandbox/moved.txt");
  print_errno("open outside both", open("/elsewhere/x", O_RDONLY));
  return 0;
}
