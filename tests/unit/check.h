/* check.h - the counting assertion the unit tests share.
 *
 * CHECK(cond) counts a pass or prints the failing condition with its line
 * and counts a failure; a test's main() ends with `return check_summary();`,
 * which prints the "N passed, N failed" line ctest's output ends with. The
 * counters are static: each test program includes this from one file. */
#ifndef WASMCC_TESTS_CHECK_H
#define WASMCC_TESTS_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (cond) {                                                          \
      passed++;                                                          \
    } else {                                                             \
      failed++;                                                          \
      fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                    \
  } while (0)

/* Prints the summary; the exit status for main: non-zero when anything failed. */
static inline int check_summary(void) {
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}

#endif
