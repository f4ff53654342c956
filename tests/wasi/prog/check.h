/* check.h - what every guest test case shares. Cases print what they see
 * (compared byte for byte with node's WASI by tests/wasi/run) or, for
 * behaviour node does not share, check it themselves and print FAIL lines. */
#ifndef CHECK_H
#define CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

extern int check_failures;

/* Report a failed expectation without stopping: one line per failure. */
#define CHECK(cond)                                                                  \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      check_failures++;                                                              \
      printf("FAIL %s:%d: %s (errno %d %s)\n", __FILE__, __LINE__, #cond, errno,     \
             strerror(errno));                                                       \
    }                                                                                \
  } while (0)

/* Each case: argv[0] is the case name, returns the exit status. */
int case_stdio(int argc, char **argv);
int case_isatty(int argc, char **argv);
int case_big(int argc, char **argv);
int case_args(int argc, char **argv);
int case_env(int argc, char **argv);
int case_exit(int argc, char **argv);
int case_stdin(int argc, char **argv);
int case_files(int argc, char **argv);
int case_dirs(int argc, char **argv);
int case_readdir_big(int argc, char **argv);
int case_links(int argc, char **argv);
int case_preopens(int argc, char **argv);
int case_clocks(int argc, char **argv);
int case_random(int argc, char **argv);
int case_sleep(int argc, char **argv);
int case_abstime(int argc, char **argv);
int case_poll_fds(int argc, char **argv);
int case_escape(int argc, char **argv);
int case_rights(int argc, char **argv);
int case_renumber(int argc, char **argv);
int case_trap(int argc, char **argv);
int case_badptr(int argc, char **argv);
int case_imports(int argc, char **argv);

#endif
