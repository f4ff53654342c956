/* build_jobs.c - running the C compiler for `wasmcc build`: jobs in
 * parallel (-j N, or as many as GNU make's jobserver grants), a progress
 * line on a terminal, and a clean stop when a signal ends the build.
 *
 * Waiting is one pselect(): on the jobserver's token pipe when a token would
 * start another job, and always on signals (SIGCHLD: a job ended; SIGINT,
 * SIGTERM, SIGHUP, SIGPIPE: stop). Those signals are blocked except inside
 * pselect, so none is missed between a check and the wait.
 */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/select.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* -------------------------------------------------------------- signals */

/* A signal handler can only leave a note: the one piece of global state,
 * read by the job loop and by build_signals_reraise. */
static volatile sig_atomic_t caught_signal;
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
enum { NSTOP = sizeof stop_signals / sizeof *stop_signals };
static struct sigaction previous[NSTOP];

static void note_signal(int sig) { caught_signal = sig; }
static void note_child(int sig) { (void)sig; }

void build_signals_catch(void) {
  struct sigaction sa = {.sa_handler = note_signal}; /* no SA_RESTART: waits end */
  sigemptyset(&sa.sa_mask);
  for (int k = 0; k < NSTOP; k++) {
    sigaction(stop_signals[k], &sa, &previous[k]);
    /* ignored when we started (nohup, a shell's background job): stays so */
    if (previous[k].sa_handler == SIG_IGN) sigaction(stop_signals[k], &previous[k], NULL);
  }
}

int build_signal_caught(void) { return caught_signal; }

void build_signals_release(void) {
  for (int k = 0; k < NSTOP; k++) sigaction(stop_signals[k], &previous[k], NULL);
}

void build_signals_reraise(void) {
  int sig = caught_signal;
  if (!sig) return;
  fprintf(stderr, "wasmcc: stopped by signal %d\n", sig);
  signal(sig, SIG_DFL);
  raise(sig); /* the status a shell or make expects of an interrupted command */
}

/* ------------------------------------------------------------ jobserver */

/* GNU make's jobserver: a pipe (or named fifo) holding one byte per job
 * slot beyond the one every recipe implicitly has. We read a byte before
 * each extra job and write the same byte back when it ends. Reads use a
 * descriptor of our own in non-blocking mode, so that another process
 * taking the token first cannot block us while our jobs end. */
typedef struct Jobserver {
  int rfd, wfd;  /* ours: closed when done; -1 without a jobserver */
  char *held;    /* the bytes taken, to be given back */
  size_t nheld;
} Jobserver;

static const char *jobserver_auth(void) {
  const char *flags = getenv("MAKEFLAGS"), *found = NULL;
  for (const char *p = flags; p && (p = strstr(p, "--jobserver-")); p++) found = p; /* the last one counts */
  if (!found) return NULL;
  const char *eq = strchr(found, '=');
  return eq ? eq + 1 : NULL;
}

static bool jobserver_open(Jobserver *js, size_t njobs) {
  *js = (Jobserver){.rfd = -1, .wfd = -1};
  const char *auth = jobserver_auth();
  if (!auth) return false;
  size_t len = strcspn(auth, " \t");
  char *spec = strndup(auth, len);
  if (!spec) return false;
  int r = -1, w = -1;
  if (!strncmp(spec, "fifo:", 5)) {
    r = open(spec + 5, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    w = open(spec + 5, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  } else if (sscanf(spec, "%d,%d", &r, &w) == 2 && r >= 0 && w >= 0 && fcntl(r, F_GETFD) >= 0 &&
             fcntl(w, F_GETFD) >= 0) {
    /* make passes the pipe only to recipes marked '+' (or running $(MAKE)) */
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", r);
    int own = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    w = fcntl(w, F_DUPFD_CLOEXEC, 0);
    r = own;
  } else {
    r = w = -1;
  }
  free(spec);
  js->held = malloc(njobs ? njobs : 1);
  if (r < 0 || w < 0 || !js->held) {
    if (r >= 0) close(r);
    if (w >= 0) close(w);
    free(js->held);
    *js = (Jobserver){.rfd = -1, .wfd = -1};
    return false;
  }
  js->rfd = r, js->wfd = w;
  return true;
}

static bool jobserver_take(Jobserver *js) {
  char byte;
  if (read(js->rfd, &byte, 1) != 1) return false; /* none free, or someone was faster */
  js->held[js->nheld++] = byte;
  return true;
}

static void jobserver_give(Jobserver *js) {
  if (!js->nheld) return;
  char byte = js->held[--js->nheld];
  while (write(js->wfd, &byte, 1) < 0 && errno == EINTR) {}
}

static void jobserver_close(Jobserver *js) {
  while (js->nheld) jobserver_give(js);
  if (js->rfd >= 0) close(js->rfd);
  if (js->wfd >= 0) close(js->wfd);
  free(js->held);
}

/* ------------------------------------------------------------ processes */

size_t cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (size_t)n : 1;
}

static void print_command(char **argv) {
  for (char **a = argv; *a; a++) fprintf(stderr, "%s%s", a == argv ? "" : " ", *a);
  fputc('\n', stderr);
}

/* fork + exec with stdout and stderr in the job's log and the signal mask
 * of before the job loop. Each job leads a process group of its own, so
 * that stop_all reaches the programs the compiler driver runs (cc1, as):
 * gcc's driver dies of SIGTERM without passing it on. Both sides call
 * setpgid, so the group exists before either can use it. Returns the pid,
 * or -1. */
static pid_t start_job(const Job *job, const sigset_t *child_mask) {
  fflush(NULL); /* or the child would flush our buffered output a second time */
  pid_t pid = fork();
  if (pid > 0) setpgid(pid, pid);
  if (pid != 0) return pid;
  setpgid(0, 0);
  sigprocmask(SIG_SETMASK, child_mask, NULL);
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

/* ------------------------------------------------------------- the loop */

typedef struct Runner {
  const Job *jobs;
  size_t n, next, running;
  pid_t *pids;
  const JobOptions *opt;
  Jobserver js;
  bool has_js, ok, progress_shown;
  sigset_t child_mask;
} Runner;

static void show_progress(Runner *r, const Job *job) {
  if (!r->opt->progress) return;
  fprintf(stderr, "\r[%zu/%zu] %s\033[K", r->opt->done_before + r->next + 1, r->opt->total, job->what);
  fflush(stderr);
  r->progress_shown = true;
}

/* Ends the progress line before other output (or at the end). */
static void end_progress(Runner *r) {
  if (r->progress_shown) fputs("\r\033[K", stderr);
  r->progress_shown = false;
}

/* The implicit slot runs the first job; each further one needs a token. */
static bool may_start(Runner *r) {
  if (!r->ok || r->next >= r->n || caught_signal) return false;
  if (r->running == 0) return true;
  size_t max = r->opt->max_running ? r->opt->max_running : r->has_js ? r->n : cpu_count();
  if (r->running >= max) return false;
  return !r->has_js || jobserver_take(&r->js);
}

static void start_next(Runner *r) {
  const Job *job = &r->jobs[r->next];
  if (r->opt->verbose) print_command(job->argv);
  show_progress(r, job);
  if ((r->pids[r->next] = start_job(job, &r->child_mask)) < 0) {
    end_progress(r);
    fprintf(stderr, "wasmcc: cannot start %s: %s\n", job->argv[0], strerror(errno));
    if (r->running > 0 && r->has_js) jobserver_give(&r->js);
    r->ok = false;
    return;
  }
  r->next++, r->running++;
}

static void finished(Runner *r, pid_t pid, int status) {
  r->running--;
  if (r->running > 0 && r->has_js) jobserver_give(&r->js); /* the implicit slot is not a token */
  for (size_t j = 0; j < r->next; j++) {
    if (r->pids[j] != pid) continue;
    r->pids[j] = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      end_progress(r);
      if (!caught_signal) report_failure(&r->jobs[j], status);
      r->ok = false;
    }
  }
}

static void reap(Runner *r, bool block) {
  int status;
  pid_t pid;
  while (r->running > 0 && (pid = waitpid(-1, &status, block ? 0 : WNOHANG)) > 0) finished(r, pid, status);
}

/* A signal stops the build: the running compilers are ended and waited for,
 * so that the caller can remove the directory they write into. */
static void stop_all(Runner *r) {
  for (size_t j = 0; j < r->next; j++)
    if (r->pids[j] > 0) kill(-r->pids[j], SIGTERM); /* the job's whole group */
  while (r->running > 0) reap(r, true);
  r->ok = false;
}

static void wait_for_event(Runner *r) {
  /* a token is worth waiting for only when a job is ready to use it */
  bool want_token = r->has_js && r->ok && r->next < r->n && r->running > 0;
  fd_set readable;
  FD_ZERO(&readable);
  if (want_token && r->js.rfd < FD_SETSIZE) FD_SET(r->js.rfd, &readable);
  /* returns on SIGCHLD, a stop signal or a token */
  pselect(want_token ? r->js.rfd + 1 : 0, &readable, NULL, NULL, NULL, &r->child_mask);
}

bool run_jobs(const Job *jobs, size_t n, const JobOptions *opt) {
  Runner r = {.jobs = jobs, .n = n, .opt = opt, .ok = true, .pids = calloc(n ? n : 1, sizeof(pid_t))};
  if (!r.pids) return false;
  r.has_js = jobserver_open(&r.js, n);
  struct sigaction sa = {.sa_handler = note_child}, old_chld;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGCHLD, &sa, &old_chld);
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  for (int k = 0; k < NSTOP; k++) sigaddset(&block, stop_signals[k]);
  sigprocmask(SIG_BLOCK, &block, &r.child_mask);
  for (;;) {
    reap(&r, false);
    if (caught_signal) {
      stop_all(&r);
      break;
    }
    while (may_start(&r)) start_next(&r);
    if (r.running == 0 && (r.next >= r.n || !r.ok)) break;
    wait_for_event(&r);
  }
  end_progress(&r);
  sigprocmask(SIG_SETMASK, &r.child_mask, NULL);
  sigaction(SIGCHLD, &old_chld, NULL);
  if (r.has_js) jobserver_close(&r.js);
  free(r.pids);
  return r.ok;
}
