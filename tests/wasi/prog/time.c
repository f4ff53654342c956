/* time.c - clocks, randomness, sleeping (poll_oneoff with clock
 * subscriptions). Values vary from run to run, so only checked facts print. */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static int64_t ns(clockid_t clock) {
  struct timespec ts;
  CHECK(clock_gettime(clock, &ts) == 0);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int case_clocks(int argc, char **argv) {
  (void)argc;
  (void)argv;
  static const clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                     CLOCK_THREAD_CPUTIME_ID};
  for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
    struct timespec res;
    CHECK(clock_getres(clocks[i], &res) == 0);
    CHECK(res.tv_sec == 0); /* node reports 0 for some clocks: no lower bound */
  }
  CHECK(ns(CLOCK_REALTIME) > INT64_C(1600000000) * 1000000000);
  int64_t last = ns(CLOCK_MONOTONIC);
  for (int i = 0; i < 1000; i++) {
    int64_t now = ns(CLOCK_MONOTONIC);
    CHECK(now >= last);
    last = now;
  }
  int64_t cpu0 = ns(CLOCK_PROCESS_CPUTIME_ID);
  volatile unsigned long spin = 0;
  for (unsigned long i = 0; i < 20000000; i++) spin += i;
  CHECK(spin > 0 && ns(CLOCK_PROCESS_CPUTIME_ID) > cpu0);
  CHECK(time(NULL) > 1600000000);
  printf("clocks ok\n");
  return 0;
}

int case_random(int argc, char **argv) {
  (void)argc;
  (void)argv;
  unsigned char a[256], b[256];
  CHECK(getentropy(a, sizeof a) == 0);
  CHECK(getentropy(b, sizeof b) == 0);
  CHECK(memcmp(a, b, sizeof a) != 0);
  int nonzero = 0;
  for (size_t i = 0; i < sizeof a; i++) nonzero += a[i] != 0;
  CHECK(nonzero > 200);
  unsigned r1 = arc4random(), r2 = arc4random();
  CHECK(r1 != r2 || arc4random() != r1);
  printf("random ok\n");
  return 0;
}

/* Relative timeouts: nanosleep, poll() with no fds, usleep. Node's timers
 * may wake up to a millisecond early (libuv rounds to ms), hence the slack;
 * test_wasi_host checks our host without it. */
#define SLACK 1000000
int case_sleep(int argc, char **argv) {
  (void)argc;
  (void)argv;
  int64_t t0 = ns(CLOCK_MONOTONIC);
  struct timespec d = {0, 30 * 1000000};
  CHECK(nanosleep(&d, NULL) == 0);
  int64_t t1 = ns(CLOCK_MONOTONIC);
  CHECK(t1 - t0 >= 30 * 1000000 - SLACK);
  CHECK(t1 - t0 < 2000 * 1000000);
  CHECK(poll(NULL, 0, 20) == 0);
  int64_t t2 = ns(CLOCK_MONOTONIC);
  CHECK(t2 - t1 >= 20 * 1000000 - SLACK);
  CHECK(usleep(10000) == 0);
  CHECK(ns(CLOCK_MONOTONIC) - t2 >= 10 * 1000000 - SLACK);
  printf("sleep ok\n");
  return 0;
}

/* Absolute deadlines (node hangs on past monotonic ones: not compared). */
int case_abstime(int argc, char **argv) {
  (void)argc;
  (void)argv;
  struct timespec now;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0);
  struct timespec past = {now.tv_sec - 1, now.tv_nsec};
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL) == 0);
  int64_t t0 = ns(CLOCK_MONOTONIC);
  struct timespec soon = {now.tv_sec, now.tv_nsec + 50000000};
  if (soon.tv_nsec >= 1000000000) {
    soon.tv_sec++;
    soon.tv_nsec -= 1000000000;
  }
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &soon, NULL) == 0);
  CHECK(ns(CLOCK_MONOTONIC) >= (int64_t)soon.tv_sec * 1000000000 + soon.tv_nsec);
  CHECK(ns(CLOCK_MONOTONIC) - t0 < 1000000000);
  struct timespec real;
  CHECK(clock_gettime(CLOCK_REALTIME, &real) == 0);
  int64_t r0 = ns(CLOCK_REALTIME);
  real.tv_nsec += 30000000;
  if (real.tv_nsec >= 1000000000) {
    real.tv_sec++;
    real.tv_nsec -= 1000000000;
  }
  CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &real, NULL) == 0);
  CHECK(ns(CLOCK_REALTIME) - r0 >= 29000000);
  struct timespec real_past = {1, 0};
  CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &real_past, NULL) == 0);
  printf("abstime ok\n");
  return 0;
}

/* Readiness (node refuses fd subscriptions on files: not compared). stdin is
 * a pipe whose writer sends "hi" after a pause: first not ready, then ready. */
int case_poll_fds(int argc, char **argv) {
  (void)argc;
  (void)argv;
  int fd = open("/sandbox/input.txt", O_RDONLY);
  struct pollfd files[2] = {{.fd = 1, .events = POLLOUT}, {.fd = fd, .events = POLLIN}};
  CHECK(poll(files, 2, 1000) == 2 && (files[0].revents & POLLOUT) && (files[1].revents & POLLIN));
  close(fd);
  struct pollfd in = {.fd = 0, .events = POLLIN};
  int64_t t0 = ns(CLOCK_MONOTONIC);
  CHECK(poll(&in, 1, 0) == 0);
  CHECK(poll(&in, 1, 10000) == 1 && (in.revents & POLLIN));
  CHECK(ns(CLOCK_MONOTONIC) - t0 < INT64_C(9000000000));
  char buf[8] = {0};
  CHECK(read(0, buf, sizeof buf - 1) == 3 && strcmp(buf, "hi\n") == 0);
  printf("poll ok\n");
  return 0;
}
