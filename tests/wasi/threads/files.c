/* files.c - the WASI fd table shared by threads: 8 threads at once, each
 * ROUNDS times, open their own file in the preopened directory (fd 3), write
 * a line, open a second file and renumber the first fd onto it (closing the
 * second), append through the new number, close it, then read the file back
 * and compare. Every open, close and renumber changes the one table all
 * threads use, so a lost or shared slot shows as a wrong content, an error
 * code, or (under TSan) a race report. main prints a line per thread. */
#include "thr.h"

IMPORT("wasi_snapshot_preview1", "path_open")
int path_open(int dirfd, int dirflags, const char *path, u32 path_len, int oflags, u64 base,
              u64 inheriting, int fdflags, int *fd);
IMPORT("wasi_snapshot_preview1", "fd_read") int fd_read(int fd, const void *iov, int n, u32 *nread);
IMPORT("wasi_snapshot_preview1", "fd_close") int fd_close(int fd);
IMPORT("wasi_snapshot_preview1", "fd_renumber") int fd_renumber(int from, int to);

#define THREADS 8
#define ROUNDS 200
#define PREOPEN 3
#define OFLAG_CREAT 1
#define OFLAG_TRUNC 8
#define ALL_RIGHTS 0x3fffffffull

static int errors[THREADS];

static int open_file(const char *name, int oflags) {
  int fd = -1;
  int err = path_open(PREOPEN, 0, name, str_len(name), oflags, ALL_RIGHTS, 0, 0, &fd);
  return err ? -1 : fd;
}

static int write_all(int fd, const char *s, u32 n) {
  struct { const char *p; u32 n; } iov = {s, n};
  u32 written = 0;
  return fd_write(fd, &iov, 1, &written) == 0 && written == n;
}

/* "t3_a" style names: t<thread>_<which>. */
static void name_of(char *out, u32 tid, char which) {
  out[0] = 't', out[1] = (char)('0' + tid), out[2] = '_', out[3] = which, out[4] = 0;
}

/* "r<round>\n" for the first write, "+<round>\n" for the second. */
static u32 line_of(char *out, char tag, u32 round) {
  char digits[12];
  u32 n = 0, len = 0;
  do digits[n++] = (char)('0' + round % 10); while ((round /= 10) != 0);
  out[len++] = tag;
  while (n) out[len++] = digits[--n];
  out[len++] = '\n';
  return len;
}

/* One round: returns 1 when everything came back as written. */
static int round_trip(u32 tid, u32 round) {
  char a[8], b[8], want[32], got[64];
  name_of(a, tid, 'a');
  name_of(b, tid, 'b');
  u32 n1 = line_of(want, 'r', round), n2 = line_of(want + n1, '+', round);
  int fa = open_file(a, OFLAG_CREAT | OFLAG_TRUNC);
  if (fa < 0 || !write_all(fa, want, n1)) return 0;
  int fb = open_file(b, OFLAG_CREAT);
  /* fa's file now at fb; fa is free, maybe another thread's already */
  if (fb < 0 || fd_renumber(fa, fb) != 0) return 0;
  if (!write_all(fb, want + n1, n2) || fd_close(fb) != 0) return 0;
  int fr = open_file(a, 0);
  if (fr < 0) return 0;
  struct { char *p; u32 n; } iov = {got, sizeof got};
  u32 nread = 0;
  int ok = fd_read(fr, &iov, 1, &nread) == 0 && nread == n1 + n2;
  for (u32 i = 0; ok && i < nread; i++) ok = got[i] == want[i];
  return fd_close(fr) == 0 && ok;
}

static void worker(void *arg) {
  u32 tid = (u32)(unsigned long)arg;
  for (u32 r = 0; r < ROUNDS; r++) errors[tid] += !round_trip(tid, r);
}

void _start(void) {
  thr *t[THREADS];
  thr_run_all(t, worker, THREADS);
  int total = 0;
  for (u32 i = 0; i < THREADS; i++) {
    put("thread ");
    put_u64(i);
    put_kv(" errors", (u64)errors[i]);
    total += errors[i];
  }
  put_kv("rounds", (u64)THREADS * ROUNDS);
  put(total ? "FAILED\n" : "ok\n");
}
