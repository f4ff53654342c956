/* build_sys.c - what `wasmcc build` needs from the system: string lists,
 * files, temporary directories, and running compilers in parallel. */
#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ----------------------------------------------------------- strings */

bool strlist_push(StrList *l, const char *s) {
  if (l->n + 2 > l->cap) { /* room for the NULL terminator */
    size_t cap = l->cap ? l->cap * 2 : 16;
    char **items = realloc(l->items, cap * sizeof *items);
    if (!items) return false;
    l->items = items;
    l->cap = cap;
  }
  char *copy = strdup(s);
  if (!copy) return false;
  l->items[l->n++] = copy;
  l->items[l->n] = NULL;
  return true;
}

bool strlist_push_words(StrList *l, const char *s) {
  const char *space = " \t\n";
  while (*(s += strspn(s, space))) {
    size_t len = strcspn(s, space);
    char *word = strndup(s, len);
    bool ok = word && strlist_push(l, word);
    free(word);
    if (!ok) return false;
    s += len;
  }
  return true;
}

void strlist_free(StrList *l) {
  for (size_t i = 0; i < l->n; i++) free(l->items[i]);
  free(l->items);
  *l = (StrList){0};
}

char *str_format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (len < 0) return NULL;
  char *s = malloc((size_t)len + 1);
  if (!s) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)len + 1, fmt, ap);
  va_end(ap);
  return s;
}

/* ------------------------------------------------------------- files */

uint8_t *read_whole_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = malloc(cap);
  while (buf) {
    len += fread(buf + len, 1, cap - len, f);
    if (len < cap) break;
    uint8_t *bigger = realloc(buf, cap *= 2);
    if (!bigger) free(buf);
    buf = bigger;
  }
  int saved = errno, failed = ferror(f);
  fclose(f);
  errno = saved;
  if (failed) {
    free(buf);
    return NULL;
  }
  *size = len;
  return buf;
}

char *make_temp_dir(const char *parent, const char *stem) {
  char *path = str_format("%s/%s-XXXXXX", parent, stem);
  if (path && !mkdtemp(path)) {
    int saved = errno;
    free(path);
    errno = saved;
    return NULL;
  }
  return path;
}

void remove_flat_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      char *path = str_format("%s/%s", dir, e->d_name);
      if (path) unlink(path);
      free(path);
    }
    closedir(d);
  }
  rmdir(dir);
}

/* --------------------------------------------------------- processes */

/* dir/rel, dir being the directory of the running executable; rel as it is
 * when absolute. NULL when the executable cannot be found (no /proc). */
char *exe_relative_path(const char *rel) {
  if (rel[0] == '/') return strdup(rel);
  char exe[4096];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0 || (size_t)len >= sizeof exe - 1) return NULL;
  exe[len] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return NULL;
  *slash = '\0';
  return str_format("%s/%s", exe, rel);
}

size_t cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (size_t)n : 1;
}

static void print_command(char **argv) {
  for (char **a = argv; *a; a++) fprintf(stderr, "%s%s", a == argv ? "" : " ", *a);
  fputc('\n', stderr);
}

/* fork + exec with stdout and stderr in the job's log. Returns the pid, or -1. */
static pid_t start_job(const Job *job) {
  fflush(NULL); /* or the child would flush our buffered output a second time */
  pid_t pid = fork();
  if (pid != 0) return pid;
  int fd = open(job->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0) _exit(127);
  execvp(job->argv[0], job->argv);
  fprintf(stderr, "wasmcc: cannot run %s: %s\n", job->argv[0], strerror(errno));
  _exit(127);
}

static void copy_log_to_stderr(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, stderr);
  fclose(f);
}

static void report_failure(const Job *job, int status) {
  fprintf(stderr, "wasmcc: command failed (");
  if (WIFEXITED(status)) fprintf(stderr, "exit status %d", WEXITSTATUS(status));
  else fprintf(stderr, "killed by signal %d", WTERMSIG(status));
  fprintf(stderr, "): ");
  print_command(job->argv);
  copy_log_to_stderr(job->log_path);
}

static pid_t wait_any(int *status) {
  pid_t pid;
  while ((pid = waitpid(-1, status, 0)) < 0 && errno == EINTR) {}
  return pid;
}

bool run_jobs(const Job *jobs, size_t n, size_t max_running, bool verbose) {
  pid_t *pids = calloc(n ? n : 1, sizeof *pids);
  if (!pids) return false;
  size_t next = 0, running = 0;
  bool ok = true;
  for (;;) {
    while (ok && next < n && running < max_running) {
      if (verbose) print_command(jobs[next].argv);
      if ((pids[next] = start_job(&jobs[next])) < 0) {
        fprintf(stderr, "wasmcc: cannot start %s: %s\n", jobs[next].argv[0], strerror(errno));
        ok = false;
        break;
      }
      next++, running++;
    }
    if (running == 0) break;
    int status;
    pid_t pid = wait_any(&status);
    if (pid < 0) break; /* no children left: cannot happen while running > 0 */
    running--;
    for (size_t j = 0; j < next; j++) {
      if (pids[j] != pid) continue;
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        report_failure(&jobs[j], status);
        ok = false;
      }
    }
  }
  free(pids);
  return ok;
}
