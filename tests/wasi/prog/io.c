/* io.c - stdio, arguments, environment, exit codes, stdin. */
#include <stdlib.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

extern char **environ;

int case_stdio(int argc, char **argv) {
  (void)argc;
  (void)argv;
  printf("to stdout %d\n", 42);
  fprintf(stderr, "to stderr %s\n", "ok");
  fflush(stdout);
  static const char raw[] = "raw write\n";
  CHECK(write(1, raw, sizeof raw - 1) == (ssize_t)(sizeof raw - 1));
  puts("after raw");
  return 0;
}

/* What a guest learns about its stdio: wasi-libc's isatty is "a character
 * device without the rights to seek and tell", so a host must grant those to
 * a character device that is no terminal (/dev/null). */
int case_isatty(int argc, char **argv) {
  (void)argc;
  (void)argv;
  for (int fd = 0; fd < 3; fd++) {
    __wasi_fdstat_t st;
    CHECK(__wasi_fd_fdstat_get(fd, &st) == 0);
    printf("fd %d: isatty %d, filetype %d, seek %d, tell %d\n", fd, isatty(fd), st.fs_filetype,
           !!(st.fs_rights_base & __WASI_RIGHTS_FD_SEEK), !!(st.fs_rights_base & __WASI_RIGHTS_FD_TELL));
  }
  return 0;
}

/* Many lines through stdio's buffer, then one large write. */
int case_big(int argc, char **argv) {
  long lines = argc > 1 ? atol(argv[1]) : 100000;
  for (long i = 0; i < lines; i++) printf("line %ld %08lx\n", i, (unsigned long)(i * 2654435761u));
  fflush(stdout);
  size_t size = 1 << 20;
  char *block = malloc(size);
  CHECK(block != NULL);
  for (size_t i = 0; i < size; i++) block[i] = (char)('a' + i % 26);
  block[size - 1] = '\n';
  CHECK(fwrite(block, 1, size, stdout) == size);
  free(block);
  return 0;
}

int case_args(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=[%s]\n", i, argv[i]);
  return 0;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int case_env(int argc, char **argv) {
  (void)argc;
  (void)argv;
  size_t n = 0;
  while (environ[n]) n++;
  char **sorted = malloc((n + 1) * sizeof *sorted);
  memcpy(sorted, environ, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, compare_strings);
  printf("%zu variables\n", n);
  for (size_t i = 0; i < n; i++) printf("%s\n", sorted[i]);
  const char *foo = getenv("FOO");
  printf("FOO=%s\n", foo ? foo : "(unset)");
  free(sorted);
  return 0;
}

/* exit N, or return N from main with "ret". */
int case_exit(int argc, char **argv) {
  int code = argc > 1 ? atoi(argv[1]) : 0;
  printf("exiting with %d\n", code);
  if (argc > 2 && strcmp(argv[2], "ret") == 0) return code;
  exit(code);
}

/* Read all of stdin: its size, a checksum, and its first line. */
int case_stdin(int argc, char **argv) {
  (void)argc;
  (void)argv;
  char buf[4096], first[128] = "";
  size_t total = 0;
  unsigned long sum = 0;
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    if (total == 0) {
      size_t len = 0;
      while (len < (size_t)n && len < sizeof first - 1 && buf[len] != '\n') len++;
      memcpy(first, buf, len);
      first[len] = '\0';
    }
    for (ssize_t i = 0; i < n; i++) sum = sum * 31 + (unsigned char)buf[i];
    total += (size_t)n;
  }
  CHECK(n == 0);
  printf("read %zu bytes, sum %lu, first line [%s]\n", total, sum, first);
  return 0;
}
